import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dataArrayFrom } from '../../data/data-array.js';
import { boundsOf } from '../../data/queries.js';
import { image } from '../test-support/grids.js';
import { warpByVector, warpByVectorDefinition } from './index.js';

test('points move by ScaleFactor × the vectors; image data becomes a structured grid', async () => {
  const data = image([2, 2, 2]);
  data.pointData.add(dataArrayFrom('d', 'Float64', new Array(8).fill([0, 0, 1]).flat(), 3));
  const out = warpByVector(data, { vectors: ['POINTS', 'd'], scaleFactor: 3 });
  assert.equal(out.type, 'StructuredGrid');
  assert.deepEqual(boundsOf(out), [0, 1, 0, 1, 3, 4]);
  assert.ok(out.pointData.has('x'));
  // Default: the only 3-component point array.
  const byDefault = await warpByVectorDefinition.execute([data], {}, {});
  assert.ok(byDefault.type === 'StructuredGrid');
  assert.deepEqual(boundsOf(byDefault), [0, 1, 0, 1, 1, 2]);
  await assert.rejects(warpByVectorDefinition.execute([data], { Vectors: ['POINTS', 'x'] }, {}), /Vectors/);
});
