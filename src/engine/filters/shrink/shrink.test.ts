import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boundsOf } from '../../data/queries.js';
import { integrateVariables } from '../integrate-variables/index.js';
import { hexBlock, image } from '../test-support/grids.js';
import { shrink, shrinkDefinition } from './index.js';

test('shrinking by ½ gives every cell its own points and ⅛ of its volume', () => {
  const out = shrink(hexBlock(2));
  assert.equal(out.points.numberOfTuples, 8 * 8);
  assert.equal(out.cellTypes.length, 8);
  // Cell 0 spans [0,1]³ and becomes [0.25, 0.75]³.
  assert.deepEqual(out.points.getTuple(0), [0.25, 0.25, 0.25]);
  const integrals = integrateVariables(out);
  assert.ok(Math.abs(integrals.Volume! - 1) < 1e-12);
  // Point data follows the copied points; cell data passes through.
  assert.equal(out.pointData.getDataArray('x')!.getComponent(1, 0), 1);
  assert.equal(out.cellData.getDataArray('id')!.numberOfTuples, 8);
});

test('image data becomes voxels of an unstructured grid; factor is validated', async () => {
  const out = shrink(image([3, 3, 3]), { shrinkFactor: 1 });
  assert.equal(out.cellTypes[0], 11);
  assert.deepEqual(boundsOf(out), [0, 2, 0, 2, 0, 2]);
  await assert.rejects(shrinkDefinition.execute([image([2, 2, 2])], { ShrinkFactor: 2 }, {}), /ShrinkFactor/);
});
