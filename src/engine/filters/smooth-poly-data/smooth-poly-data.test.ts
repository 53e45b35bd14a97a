import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellArrayFromLists } from '../../data/cell-array.js';
import { dataArrayFrom } from '../../data/data-array.js';
import { createPolyData, type PolyData } from '../../data/dataset.js';
import { makeSphere } from '../sources/sphere.js';
import { smoothPolyData, smoothPolyDataDefinition } from './index.js';

/** An n×n grid of quads in z = 0 with the interior points lifted alternately by ±0.3. */
function bumpyPlane(n: number): PolyData {
  const points: number[] = [];
  for (let j = 0; j <= n; j++)
    for (let i = 0; i <= n; i++) {
      const interior = i > 0 && j > 0 && i < n && j < n;
      points.push(i, j, interior ? ((i + j) % 2 ? 0.3 : -0.3) : 0);
    }
  const quads: number[][] = [];
  for (let j = 0; j < n; j++)
    for (let i = 0; i < n; i++) {
      const a = i + j * (n + 1);
      quads.push([a, a + 1, a + n + 2, a + n + 1]);
    }
  return createPolyData({
    points: dataArrayFrom('Points', 'Float64', points, 3),
    polys: cellArrayFromLists(quads),
  });
}

function roughness(data: PolyData): number {
  let sum = 0;
  for (let p = 0; p < data.points.numberOfTuples; p++) sum += data.points.getComponent(p, 2) ** 2;
  return sum;
}

test('Laplacian smoothing flattens bumps; fixed boundary stays put', async () => {
  const plane = bumpyPlane(8);
  const out = smoothPolyData(plane, {
    numberOfIterations: 50,
    relaxationFactor: 0.5,
    boundarySmoothing: false,
  });
  assert.ok(roughness(out) < 0.01 * roughness(plane), `${roughness(out)} vs ${roughness(plane)}`);
  for (let i = 0; i <= 8; i++) assert.deepEqual(out.points.getTuple(i), plane.points.getTuple(i));
  assert.equal(out.polys, plane.polys);
  // The default (relaxation 0.01, 20 passes) moves a little in the right direction.
  const gentle = (await smoothPolyDataDefinition.execute([plane], {}, {})) as PolyData;
  assert.ok(roughness(gentle) < roughness(plane) && roughness(gentle) > 0.3 * roughness(plane));
});

test('a sphere shrinks; vertices are pinned; convergence stops early', () => {
  const sphere = makeSphere({
    center: [0, 0, 0],
    radius: 1,
    thetaResolution: 16,
    phiResolution: 16,
    startTheta: 0,
    endTheta: 360,
    startPhi: 0,
    endPhi: 180,
  });
  sphere.verts = cellArrayFromLists([[0]]);
  const out = smoothPolyData(sphere, { numberOfIterations: 30, relaxationFactor: 0.2 });
  let mean = 0;
  for (let p = 1; p < out.points.numberOfTuples; p++) mean += Math.hypot(...out.points.getTuple(p));
  mean /= out.points.numberOfTuples - 1;
  assert.ok(mean < 0.99, `mean radius ${mean}`);
  assert.deepEqual(out.points.getTuple(0), sphere.points.getTuple(0));
  const stopped = smoothPolyData(sphere, {
    numberOfIterations: 1000,
    relaxationFactor: 0.2,
    convergence: 0.5,
  });
  // One pass moves points by much less than half the diagonal: it stops after the first.
  const once = smoothPolyData(sphere, { numberOfIterations: 1, relaxationFactor: 0.2 });
  assert.deepEqual(stopped.points.values, once.points.values);
});

test('feature edges keep a cube; lines straighten between fixed ends', () => {
  const cube = createPolyData({
    points: dataArrayFrom(
      'Points',
      'Float64',
      [0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1],
      3,
    ),
    polys: cellArrayFromLists([
      [0, 3, 2, 1],
      [4, 5, 6, 7],
      [0, 1, 5, 4],
      [1, 2, 6, 5],
      [2, 3, 7, 6],
      [3, 0, 4, 7],
    ]),
  });
  assert.deepEqual(
    smoothPolyData(cube, { featureEdgeSmoothing: true, relaxationFactor: 0.5 }).points.values,
    cube.points.values,
  );
  assert.notDeepEqual(smoothPolyData(cube, { relaxationFactor: 0.5 }).points.values, cube.points.values);
  const zigzag = createPolyData({
    points: dataArrayFrom('Points', 'Float64', [0, 0, 0, 1, 0.02, 0, 2, -0.02, 0, 3, 0.02, 0, 4, 0, 0], 3),
    lines: cellArrayFromLists([[0, 1, 2, 3, 4]]),
  });
  const straight = smoothPolyData(zigzag, { numberOfIterations: 200, relaxationFactor: 0.5 });
  assert.deepEqual(straight.points.getTuple(0), [0, 0, 0]);
  assert.deepEqual(straight.points.getTuple(4), [4, 0, 0]);
  for (let p = 1; p < 4; p++) assert.ok(Math.abs(straight.points.getComponent(p, 1)) < 1e-6);
  // A bend sharper than EdgeAngle (15°) pins the point, as VTK does.
  const bent = smoothPolyData(
    createPolyData({
      points: dataArrayFrom('Points', 'Float64', [0, 0, 0, 1, 0.5, 0, 2, 0, 0], 3),
      lines: cellArrayFromLists([[0, 1, 2]]),
    }),
    { relaxationFactor: 0.5 },
  );
  assert.deepEqual(bent.points.getTuple(1), [1, 0.5, 0]);
});
