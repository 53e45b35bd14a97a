import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dataArrayFrom } from '../../data/data-array.js';
import type { StructuredGrid, UnstructuredGrid } from '../../data/dataset.js';
import { boundsOf } from '../../data/queries.js';
import { hexBlock, image } from '../test-support/grids.js';
import { transform, transformDefinition } from './index.js';

const near = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]) < 1e-6);

test('translate, rotate (z then x then y) and scale as ParaView', () => {
  const grid = hexBlock(1);
  const moved = transform(grid, {
    translate: [10, 0, 0],
    rotate: [0, 0, 90],
    scale: [2, 1, 1],
  }) as UnstructuredGrid;
  // (1,0,0) → scale (2,0,0) → rotate z 90° (0,2,0) → translate (10,2,0).
  assert.ok(near(moved.points.getTuple(1), [10, 2, 0]), `${moved.points.getTuple(1)}`);
  const turned = transform(grid, { rotate: [90, 0, 90] }) as UnstructuredGrid;
  // Ry (none) first, then Rx 90°: (1,1,0) → (1,0,1); then Rz 90°: → (0,1,1).
  assert.ok(near(turned.points.getTuple(3), [0, 1, 1]), `${turned.points.getTuple(3)}`);
  assert.ok(near(turned.points.getTuple(2), [0, 0, 1]), `${turned.points.getTuple(2)}`);
});

test('active vectors rotate; normals use the inverse transpose; image data becomes a structured grid', async () => {
  const data = image([2, 2, 2]);
  data.pointData.setAttribute(
    'vectors',
    dataArrayFrom('v', 'Float32', new Array(8).fill([1, 0, 0]).flat(), 3),
  );
  data.pointData.setAttribute(
    'normals',
    dataArrayFrom('n', 'Float32', new Array(8).fill([1, 1, 0]).flat(), 3),
  );
  data.pointData.add(dataArrayFrom('other', 'Float32', new Array(8).fill([1, 0, 0]).flat(), 3));
  const out = (await transformDefinition.execute(
    [data],
    { Transform: { Type: 'Transform', Scale: [2, 1, 1] } },
    {},
  )) as StructuredGrid;
  assert.equal(out.type, 'StructuredGrid');
  assert.deepEqual(boundsOf(out), [0, 2, 0, 1, 0, 1]);
  assert.deepEqual(out.pointData.getDataArray('v')!.getTuple(0), [2, 0, 0]);
  // The plane x = y (normal (1,1,0)) stretched along x has normal ∝ (1/2, 1, 0).
  assert.ok(near(out.pointData.getDataArray('n')!.getTuple(0), [1 / Math.sqrt(5), 2 / Math.sqrt(5), 0]));
  assert.deepEqual(out.pointData.getDataArray('other')!.getTuple(0), [1, 0, 0]);
  const all = transform(data, { scale: [2, 1, 1], transformAllInputVectors: true }) as StructuredGrid;
  assert.deepEqual(all.pointData.getDataArray('other')!.getTuple(0), [2, 0, 0]);
  await assert.rejects(
    transformDefinition.execute([data], { Transform: { Type: 'Matrix' } }, {}),
    /Transform/,
  );
});
