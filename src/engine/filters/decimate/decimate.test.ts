import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellArrayFromLists } from '../../data/cell-array.js';
import { dataArrayFrom } from '../../data/data-array.js';
import { createPolyData, type PolyData } from '../../data/dataset.js';
import { numberOfCells } from '../../data/queries.js';
import { integrateVariables } from '../integrate-variables/index.js';
import { makeSphere } from '../sources/sphere.js';
import { decimate, decimateDefinition } from './index.js';

function sphere(resolution: number): PolyData {
  return makeSphere({
    center: [0, 0, 0],
    radius: 1,
    thetaResolution: resolution,
    phiResolution: resolution,
    startTheta: 0,
    endTheta: 360,
    startPhi: 0,
    endPhi: 180,
  });
}

/** Edges used by exactly two triangles everywhere, and V − E + F = 2. */
function isClosedSphereLike(mesh: PolyData): boolean {
  const uses = new Map<string, number>();
  const { offsets, connectivity } = mesh.polys;
  for (let c = 0; c + 1 < offsets.length; c++) {
    for (let k = offsets[c]; k < offsets[c + 1]; k++) {
      const a = connectivity[k];
      const b = connectivity[k + 1 < offsets[c + 1] ? k + 1 : offsets[c]];
      const key = a < b ? `${a},${b}` : `${b},${a}`;
      uses.set(key, (uses.get(key) ?? 0) + 1);
    }
  }
  const faces = offsets.length - 1;
  return [...uses.values()].every((u) => u === 2) && mesh.points.numberOfTuples - uses.size + faces === 2;
}

test('a sphere loses 90% of its triangles and keeps its shape', () => {
  const input = sphere(48);
  const before = numberOfCells(input);
  const out = decimate(input, { targetReduction: 0.9, preserveTopology: true });
  const after = numberOfCells(out);
  assert.ok(
    after <= Math.floor(0.1 * before) + 1 && after >= Math.floor(0.1 * before) - 2,
    `${before} → ${after}`,
  );
  const area = integrateVariables(out).Area!;
  assert.ok(Math.abs(area - 4 * Math.PI) / (4 * Math.PI) < 0.05, `area ${area}`);
  for (let p = 0; p < out.points.numberOfTuples; p++) {
    const r = Math.hypot(...out.points.getTuple(p));
    assert.ok(Math.abs(r - 1) < 0.02, `radius ${r}`);
  }
  assert.ok(isClosedSphereLike(out), 'still a closed genus-0 surface');
  assert.ok(out.pointData.has('Normals'), 'point data is carried');
});

test('a flat square decimates to two triangles keeping its corners and area', async () => {
  const n = 10;
  const points: number[] = [];
  for (let j = 0; j <= n; j++) for (let i = 0; i <= n; i++) points.push(i, j, 0);
  const quads: number[][] = [];
  for (let j = 0; j < n; j++)
    for (let i = 0; i < n; i++) {
      const a = i + j * (n + 1);
      quads.push([a, a + 1, a + n + 2, a + n + 1]);
    }
  const plane = createPolyData({
    points: dataArrayFrom('Points', 'Float64', points, 3),
    polys: cellArrayFromLists(quads),
  });
  plane.pointData.add(
    dataArrayFrom(
      'x',
      'Float64',
      points.filter((_, i) => i % 3 === 0),
    ),
  );
  const out = (await decimateDefinition.execute([plane], { TargetReduction: 0.99 }, {})) as PolyData;
  assert.equal(numberOfCells(out), 2);
  assert.ok(Math.abs(integrateVariables(out).Area! - 100) < 1e-6);
  // The four survivors are the corners; point data is interpolated along collapsed edges.
  const corners = Array.from({ length: 4 }, (_, p) => out.points.getTuple(p).join(',')).sort();
  assert.deepEqual(corners, ['0,0,0', '0,10,0', '10,0,0', '10,10,0']);
  const [lo, hi] = out.pointData.getDataArray('x')!.getRange();
  assert.ok(lo >= 0 && hi <= 10);
  const kept = decimate(plane, { targetReduction: 0.99, boundaryVertexDeletion: false });
  assert.equal(kept.points.numberOfTuples, 40, 'all 40 boundary vertices stay');
});
