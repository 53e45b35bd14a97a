import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellArrayFromLists } from '../../data/cell-array.js';
import { dataArrayFrom } from '../../data/data-array.js';
import { createPolyData, type PolyData } from '../../data/dataset.js';
import { makeSphere } from '../sources/sphere.js';
import { hexBlock } from '../test-support/grids.js';
import { generateSurfaceNormals, generateSurfaceNormalsDefinition } from './index.js';

const CUBE_POINTS = [0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1];
/** Outward quads of the unit cube. */
const CUBE_FACES = [
  [0, 3, 2, 1],
  [4, 5, 6, 7],
  [0, 1, 5, 4],
  [1, 2, 6, 5],
  [2, 3, 7, 6],
  [3, 0, 4, 7],
];

function cube(faces: number[][] = CUBE_FACES): PolyData {
  const data = createPolyData({
    points: dataArrayFrom('Points', 'Float64', CUBE_POINTS, 3),
    polys: cellArrayFromLists(faces),
  });
  data.pointData.add(dataArrayFrom('id', 'Int32', [0, 1, 2, 3, 4, 5, 6, 7]));
  return data;
}

function normalAt(surface: PolyData, point: number): number[] {
  return surface.pointData.getDataArray('Normals')!.getTuple(point);
}

function outwardness(surface: PolyData, centre = 0.5): number {
  // Mean of normal · (point − centre) over all points: 1/√3·… > 0 when every normal points out.
  let worst = Number.POSITIVE_INFINITY;
  for (let p = 0; p < surface.points.numberOfTuples; p++) {
    const [x, y, z] = surface.points.getTuple(p);
    const [nx, ny, nz] = normalAt(surface, p);
    worst = Math.min(worst, nx * (x - centre) + ny * (y - centre) + nz * (z - centre));
  }
  return worst;
}

test('a cube splits along its 90° edges: 24 points with axis-aligned normals', () => {
  const surface = generateSurfaceNormals(cube());
  assert.equal(surface.points.numberOfTuples, 24);
  const ids = surface.pointData.getDataArray('id')!;
  for (let p = 0; p < 24; p++) {
    const n = normalAt(surface, p);
    assert.equal(n.filter((c) => Math.abs(c) === 1).length, 1, `normal ${n}`);
    assert.deepEqual(
      surface.points.getTuple(p),
      CUBE_POINTS.slice(3 * ids.getComponent(p, 0), 3 * ids.getComponent(p, 0) + 3),
    );
  }
  assert.ok(outwardness(surface) > 0);
  assert.equal(surface.pointData.getActiveName('normals'), 'Normals');
});

test('without splitting the corner normals are the diagonals', () => {
  const surface = generateSurfaceNormals(cube(), { splitting: false });
  assert.equal(surface.points.numberOfTuples, 8);
  const n = normalAt(surface, 6);
  for (const c of n) assert.ok(Math.abs(c - 1 / Math.sqrt(3)) < 1e-6);
});

test('consistency reorders a flipped face; auto-orientation turns an inside-out cube outward', () => {
  const oneFlipped = CUBE_FACES.map((f, i) => (i === 3 ? [...f].reverse() : f));
  assert.ok(outwardness(generateSurfaceNormals(cube(oneFlipped))) > 0);
  assert.ok(outwardness(generateSurfaceNormals(cube(oneFlipped), { consistency: false })) < 0);
  const insideOut = CUBE_FACES.map((f) => [...f].reverse());
  assert.ok(outwardness(generateSurfaceNormals(cube(insideOut))) < 0);
  assert.ok(outwardness(generateSurfaceNormals(cube(insideOut), { autoOrientNormals: true })) > 0);
  assert.ok(outwardness(generateSurfaceNormals(cube(), { flipNormals: true })) < 0);
  assert.ok(outwardness(generateSurfaceNormals(cube(), { flipNormals: true, consistency: false })) < 0);
});

test('cell normals on request; a smooth sphere keeps its points and gets radial normals', async () => {
  const withCells = generateSurfaceNormals(cube(), { computeCellNormals: true });
  const cellNormals = withCells.cellData.getDataArray('Normals')!;
  assert.deepEqual(cellNormals.getTuple(0), [0, 0, -1]);

  const sphere = makeSphere({
    center: [0, 0, 0],
    radius: 1,
    thetaResolution: 32,
    phiResolution: 32,
    startTheta: 0,
    endTheta: 360,
    startPhi: 0,
    endPhi: 180,
  });
  sphere.pointData.remove('Normals');
  const out = (await generateSurfaceNormalsDefinition.execute(
    [sphere],
    { FeatureAngle: 45 },
    {},
  )) as PolyData;
  assert.equal(out.points.numberOfTuples, sphere.points.numberOfTuples);
  for (let p = 0; p < out.points.numberOfTuples; p++) {
    const [x, y, z] = out.points.getTuple(p);
    const [nx, ny, nz] = normalAt(out, p);
    assert.ok(nx * x + ny * y + nz * z > 0.99, `point ${p}`);
  }
});

test('non-polydata inputs are reduced to their surface first', () => {
  const surface = generateSurfaceNormals(hexBlock(2));
  assert.equal(surface.polys.offsets.length - 1, 24);
  assert.ok(outwardness(surface, 1) > 0);
  const n = surface.pointData.getDataArray('Normals')!;
  assert.equal(n.numberOfTuples, surface.points.numberOfTuples);
});
