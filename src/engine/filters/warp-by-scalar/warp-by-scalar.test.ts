import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dataArrayFrom } from '../../data/data-array.js';
import type { StructuredGrid } from '../../data/dataset.js';
import { boundsOf } from '../../data/queries.js';
import { image } from '../test-support/grids.js';
import { warpByScalar } from './index.js';

test('points move along +z by the scalar, or along their normals', () => {
  const plane = image([3, 1, 1]);
  const up = warpByScalar(plane, { scaleFactor: 2 }) as StructuredGrid;
  // x = 0, 1, 2 lifted by 2x.
  assert.deepEqual(Array.from(up.points.values as Float64Array), [0, 0, 0, 1, 0, 2, 2, 0, 4]);
  plane.pointData.setAttribute('normals', dataArrayFrom('n', 'Float32', [0, 1, 0, 0, 1, 0, 0, 1, 0], 3));
  assert.deepEqual(boundsOf(warpByScalar(plane)), [0, 2, 0, 2, 0, 0]);
  assert.deepEqual(
    boundsOf(warpByScalar(plane, { useNormal: true, normal: [0, 0, -1] })),
    [0, 2, 0, 0, -2, 0],
  );
});
