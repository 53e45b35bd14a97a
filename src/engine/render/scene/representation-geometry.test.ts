/**
 * Representation geometry and how it draws: feature-edge counts from geometry (a fold sharper
 * or gentler than 30°, a closed cube), the 12 outline edges, point sprites covering side² or
 * π r² pixels, and a wireframe coloured by the colour map.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { cellArrayFromLists } from '../../data/cell-array.js';
import { dataArrayFrom } from '../../data/data-array.js';
import { createPolyData, type PolyData } from '../../data/dataset.js';
import { getDefaultPool } from '../../workers/pool.js';
import { type Camera, defaultCamera, resetClippingRange } from '../camera/camera.js';
import { LookupTable } from '../color/lookup-table.js';
import { type ActorProps, renderFrame } from '../cpu/render-frame.js';
import { featureEdges } from './feature-edges.js';
import { polyDataGeometry } from './geometry.js';
import { representationGeometries } from './representation-geometry.js';

after(() => getDefaultPool().close());

/** Two unit squares sharing the edge x = 0, the second folded up by `degrees`. */
function fold(degrees: number): PolyData {
  const a = (degrees * Math.PI) / 180;
  return createPolyData({
    points: dataArrayFrom(
      'Points',
      'Float64',
      [-1, 0, 0, 0, 0, 0, 0, 1, 0, -1, 1, 0, Math.cos(a), 0, Math.sin(a), Math.cos(a), 1, Math.sin(a)],
      3,
    ),
    polys: cellArrayFromLists([
      [0, 1, 2, 3],
      [1, 4, 5, 2],
    ]),
  });
}

function cube(): PolyData {
  const corners = [0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1];
  return createPolyData({
    points: dataArrayFrom('Points', 'Float64', corners, 3),
    polys: cellArrayFromLists([
      [0, 3, 2, 1],
      [4, 5, 6, 7],
      [0, 1, 5, 4],
      [2, 3, 7, 6],
      [1, 2, 6, 5],
      [0, 4, 7, 3],
    ]),
  });
}

test('Feature Edges: the six boundary edges, plus the fold only when sharper than 30°', () => {
  assert.equal(featureEdges(fold(20)).segments.length / 2, 6);
  const sharp = featureEdges(fold(40));
  assert.equal(sharp.segments.length / 2, 7);
  const foldEdge = [...sharp.segments].findIndex((_, i) => i % 2 === 0 && sharp.segments[i] === 1);
  assert.ok(foldEdge >= 0 && sharp.segments[foldEdge + 1] === 2, 'the shared edge 1–2');
  // A closed cube: no boundary, each of its 12 edges once (90° > 30°).
  assert.equal(featureEdges(cube()).segments.length / 2, 12);
});

test('Outline: 12 edges of the bounding box; Points: one sprite per point', () => {
  const [box] = representationGeometries(cube(), 'Outline');
  assert.equal(box.segments.length / 2, 12);
  assert.equal(box.triangles.length, 0);
  assert.deepEqual(box.bounds, [0, 1, 0, 1, 0, 1]);
  const [points] = representationGeometries(cube(), 'Points');
  assert.equal(points.points.length, 8);
  assert.equal(points.triangles.length + points.segments.length, 0);
});

const ORTHOGRAPHIC: Camera = resetClippingRange(
  { ...defaultCamera(), position: [0, 0, 5], parallelProjection: true, parallelScale: 50 },
  [-50, 50, -50, 50, -1, 1],
);

function lit(rgba: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < rgba.length; i += 4) if (rgba[i] + rgba[i + 1] + rgba[i + 2] > 0) count++;
  return count;
}

test('Points draw squares of PointSize² pixels, or discs of about π (size/2)² as spheres', async () => {
  // One world unit per pixel; points on pixel corners so the squares align with the grid.
  const data = createPolyData({
    points: dataArrayFrom('Points', 'Float32', [-20, -10, 0, 0, 0, 0, 30, 20, 0], 3),
  });
  const [geometry] = representationGeometries(data, 'Points');
  for (const [spheres, expected] of [
    [false, 3 * 16],
    [true, 3 * 12], // pixel centres within 2 of the point: 12 of the 4×4 block
  ] as const) {
    const frame = await renderFrame({
      width: 100,
      height: 100,
      camera: ORTHOGRAPHIC,
      background: [0, 0, 0],
      actors: [
        {
          geometry,
          representation: 'Points',
          diffuseColor: [1, 1, 1],
          edgeColor: [0, 0, 0],
          lineWidth: 1,
          pointSize: 4,
          renderPointsAsSpheres: spheres,
        },
      ],
      workers: 1,
    });
    assert.equal(lit(frame.rgba), expected, spheres ? 'spheres' : 'squares');
  }
});

test('a wireframe coloured by a point array shows the colour map along its edges', async () => {
  // A horizontal segment from x = −40 to 40 with scalar = x: pixel column i has x = i − 49.5.
  const line = createPolyData({
    points: dataArrayFrom('Points', 'Float32', [-40, 0.5, 0, 40, 0.5, 0], 3),
    lines: cellArrayFromLists([[0, 1]]),
  });
  line.pointData.setAttribute('scalars', dataArrayFrom('x', 'Float64', [-40, 40]));
  const lookupTable = new LookupTable({ preset: 'Viridis (matplotlib)', range: [-40, 40] });
  const actor: ActorProps = {
    geometry: polyDataGeometry(line, { association: 'POINTS', name: 'x' }),
    representation: 'Wireframe',
    diffuseColor: [1, 1, 1],
    edgeColor: [0, 0, 0],
    lineWidth: 1,
    lookupTable,
  };
  const frame = await renderFrame({
    width: 100,
    height: 100,
    camera: ORTHOGRAPHIC,
    background: [0, 0, 0],
    actors: [actor],
    workers: 1,
  });
  let checked = 0;
  for (let column = 15; column <= 85; column += 10) {
    const index = 4 * (49 * 100 + column);
    const actual = [...frame.rgba.subarray(index, index + 3)];
    const expected = lookupTable
      .mapValue(column - 49.5)
      .slice(0, 3)
      .map((c) => Math.round(c * 255));
    for (let k = 0; k < 3; k++)
      assert.ok(Math.abs(actual[k] - expected[k]) <= 3, `column ${column}: ${actual} vs ${expected}`);
    checked++;
  }
  assert.equal(checked, 8);
});
