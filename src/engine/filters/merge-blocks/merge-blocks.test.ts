import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dataArrayFrom } from '../../data/data-array.js';
import { createMultiBlock } from '../../data/dataset.js';
import { numberOfCells } from '../../data/queries.js';
import { integrateVariables } from '../integrate-variables/index.js';
import { makeSphere } from '../sources/sphere.js';
import { hexBlock, image } from '../test-support/grids.js';
import { transform } from '../transform/index.js';
import { mergeBlocks, mergeBlocksDefinition } from './index.js';

test('two touching blocks merge into one grid sharing their common points', async () => {
  const a = hexBlock(1);
  const b = transform(hexBlock(1), { translate: [1, 0, 0] });
  b.pointData.add(dataArrayFrom('only-b', 'Float32', new Array(8).fill(1)));
  const blocks = createMultiBlock([
    { name: 'a', data: a },
    { name: 'nested', data: createMultiBlock([{ name: 'b', data: b }]) },
  ]);
  const merged = mergeBlocks(blocks);
  assert.equal(merged.points.numberOfTuples, 12);
  assert.equal(merged.cellTypes.length, 2);
  assert.deepEqual(merged.pointData.names, ['x']);
  assert.deepEqual(Array.from(merged.cellData.getDataArray('id')!.values as Int32Array), [0, 0]);
  assert.ok(Math.abs(integrateVariables(merged).Volume! - 2) < 1e-12);
  const apart = await mergeBlocksDefinition.execute([blocks], { MergePoints: false }, {});
  assert.ok(apart.type === 'UnstructuredGrid' && apart.points.numberOfTuples === 16);
});

test('image blocks become voxels; PolyData output keeps PolyData blocks', async () => {
  const grid = mergeBlocks(createMultiBlock([{ name: 'i', data: image([3, 3, 3]) }]));
  assert.equal(grid.cellTypes.length, 8);
  assert.equal(grid.points.numberOfTuples, 27);
  const sphere = makeSphere({
    center: [0, 0, 0],
    radius: 1,
    thetaResolution: 8,
    phiResolution: 8,
    startTheta: 0,
    endTheta: 360,
    startPhi: 0,
    endPhi: 180,
  });
  const poly = await mergeBlocksDefinition.execute(
    [
      createMultiBlock([
        { name: 's', data: sphere },
        { name: 'i', data: image([2, 2, 2]) },
      ]),
    ],
    { OutputDataSetType: 'Polygonal Mesh' },
    {},
  );
  assert.ok(poly.type === 'PolyData');
  assert.equal(numberOfCells(poly), numberOfCells(sphere));
});
