import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CellType } from '../../data/cell-types.js';
import { dataArrayFrom } from '../../data/data-array.js';
import { hexBlock, singleCell } from '../test-support/grids.js';
import { resampleToImage, resampleToImageDefinition } from './index.js';

test('a linear field is reproduced exactly on the lattice; cell data comes from the containing cell', async () => {
  const grid = hexBlock(4);
  const image = await resampleToImage(grid, { samplingDimensions: [9, 5, 3] });
  assert.deepEqual(image.extent, [0, 8, 0, 4, 0, 2]);
  assert.deepEqual(image.spacing, [0.5, 1, 2]);
  const x = image.pointData.getDataArray('x')!;
  for (let p = 0; p < 9 * 5 * 3; p++) assert.ok(Math.abs(x.getComponent(p, 0) - (p % 9) * 0.5) < 1e-12);
  assert.deepEqual(image.pointData.names, ['x', 'id', 'vtkValidPointMask', 'vtkGhostType']);
  assert.equal(image.pointData.getDataArray('vtkValidPointMask')!.getRange()[0], 1);
  // Lattice point (0.5, 1.5, 2.5) → hexahedron (0, 1, 2) of the 4×4×4 block… here (i=1 → x=0.5).
  const id = image.pointData.getDataArray('id')!;
  assert.ok(id.values instanceof Int32Array);
  assert.equal(image.pointData.getActiveName('scalars'), 'x');
});

test('points outside a tetrahedron are masked, zeroed and hidden', async () => {
  const tetra = singleCell(CellType.TETRA, [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]);
  tetra.pointData.add(dataArrayFrom('f', 'Float64', [1, 2, 3, 4]));
  const image = await resampleToImage(tetra, { samplingDimensions: [11, 11, 11] });
  const mask = image.pointData.getDataArray('vtkValidPointMask')!.values as Uint8Array;
  const f = image.pointData.getDataArray('f')!;
  const ghosts = image.pointData.getDataArray('vtkGhostType')!.values as Uint8Array;
  let inside = 0;
  for (let p = 0; p < 1331; p++) {
    const [i, j, k] = [p % 11, Math.floor(p / 11) % 11, Math.floor(p / 121)];
    const expected = i + j + k <= 10 ? 1 : 0;
    assert.equal(mask[p], expected, `point ${i},${j},${k}`);
    inside += expected;
    const value = expected ? 1 + (i + 2 * j + 3 * k) / 10 : 0;
    assert.ok(Math.abs(f.getComponent(p, 0) - value) < 1e-12);
    assert.equal(ghosts[p], expected ? 0 : 2);
  }
  // Lattice points with i + j + k ≤ 10: C(13, 3).
  assert.equal(inside, 286);
  assert.ok(image.cellData.getDataArray('vtkGhostType')!.getRange()[1] === 32);
});

test('big lattices run on the pool with the same result; properties are validated', async () => {
  const grid = hexBlock(6, 0.5);
  const args = [grid] as const;
  const parallel = await resampleToImageDefinition.execute(
    args,
    { SamplingDimensions: [60, 50, 40] },
    { workers: 2 },
  );
  const serial = await resampleToImageDefinition.execute(
    args,
    { SamplingDimensions: [60, 50, 40] },
    { workers: 1 },
  );
  assert.ok(parallel.type === 'ImageData' && serial.type === 'ImageData');
  assert.deepEqual(parallel.pointData.getDataArray('x')!.values, serial.pointData.getDataArray('x')!.values);
  const out = await resampleToImageDefinition.execute(
    args,
    { UseInputBounds: false, SamplingBounds: [-1, 1, 0, 1, 0, 1], SamplingDimensions: [3, 2, 2] },
    {},
  );
  assert.ok(out.type === 'ImageData');
  assert.deepEqual(
    Array.from(out.pointData.getDataArray('vtkValidPointMask')!.values as Uint8Array),
    [0, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1],
  );
  await assert.rejects(
    resampleToImageDefinition.execute(args, { SamplingDimensions: [0, 2, 2] }, {}),
    /SamplingDimensions/,
  );
});
