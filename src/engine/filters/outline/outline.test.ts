import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMultiBlock } from '../../data/dataset.js';
import { boundsOf } from '../../data/queries.js';
import { integrateVariables } from '../integrate-variables/index.js';
import { hexBlock, image } from '../test-support/grids.js';
import { outline, outlineDefinition } from './index.js';

test('the outline is the 12 edges of the bounding box', async () => {
  const box = outline(image([3, 4, 5], [1, 2, 0.5]));
  assert.equal(box.points.numberOfTuples, 8);
  assert.equal(box.lines.offsets.length - 1, 12);
  assert.deepEqual(boundsOf(box), [0, 2, 0, 6, 0, 2]);
  // Total edge length: 4 × (2 + 6 + 2).
  assert.equal(integrateVariables(box).Length, 40);
  const blocks = createMultiBlock([
    { name: 'a', data: hexBlock(1) },
    { name: 'b', data: image([2, 2, 2], [3, 3, 3]) },
  ]);
  const whole = await outlineDefinition.execute([blocks], {}, {});
  assert.ok(whole.type === 'PolyData');
  assert.deepEqual(boundsOf(whole), [0, 3, 0, 3, 0, 3]);
});
