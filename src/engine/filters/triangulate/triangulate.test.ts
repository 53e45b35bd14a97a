import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellArrayFromLists } from '../../data/cell-array.js';
import { dataArrayFrom } from '../../data/data-array.js';
import { createPolyData } from '../../data/dataset.js';
import { integrateVariables } from '../integrate-variables/index.js';
import { hexBlock } from '../test-support/grids.js';
import { triangulate } from './index.js';

test('polygons, strips, poly-lines and poly-vertices are split; areas are kept', () => {
  // An L-shaped (non-convex) hexagon of area 3, a quad, a strip of 5 points, a poly-line, a poly-vertex.
  const points = [
    0, 0, 0, 2, 0, 0, 2, 1, 0, 1, 1, 0, 1, 2, 0, 0, 2, 0, 5, 0, 0, 6, 0, 0, 5, 1, 0, 6, 1, 0, 5, 2, 0,
  ];
  const data = createPolyData({
    points: dataArrayFrom('Points', 'Float64', points, 3),
    verts: cellArrayFromLists([[0, 1, 2]]),
    lines: cellArrayFromLists([[0, 1, 2, 3]]),
    polys: cellArrayFromLists([
      [0, 1, 2, 3, 4, 5],
      [6, 7, 9, 8],
    ]),
    strips: cellArrayFromLists([[6, 7, 8, 9, 10]]),
  });
  data.cellData.add(dataArrayFrom('id', 'Int32', [0, 1, 2, 3, 4]));
  const out = triangulate(data);
  assert.equal(out.verts.offsets.length - 1, 3);
  assert.equal(out.lines.offsets.length - 1, 3);
  assert.equal(out.polys.offsets.length - 1, 4 + 2 + 3);
  assert.ok(out.polys.connectivity.length === 27);
  assert.deepEqual(
    Array.from(out.cellData.getDataArray('id')!.values as Int32Array),
    [0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 3, 3, 4, 4, 4],
  );
  // The L (3), the quad (1) and the strip's three half-unit triangles (1.5).
  const area = integrateVariables(createPolyData({ points: out.points, polys: out.polys })).Area!;
  assert.ok(Math.abs(area - 5.5) < 1e-12, `area ${area}`);
  const none = triangulate(data, { passVerts: false, passLines: false });
  assert.equal(none.verts.offsets.length + none.lines.offsets.length, 2);
});

test('other datasets are triangulated through their surface', () => {
  const out = triangulate(hexBlock(1));
  assert.equal(out.polys.offsets.length - 1, 12);
});
