import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PolyData } from '../../data/dataset.js';
import { boundsOf, numberOfCells, numberOfPoints } from '../../data/queries.js';
import type { FilterDefinition } from '../types.js';
import { boxSource } from './box.js';
import { coneSource } from './cone.js';
import { cylinderSource } from './cylinder.js';
import { lineSource } from './line.js';
import { planeSource } from './plane.js';
import { pointSource } from './point-source.js';
import { sphereSource } from './sphere.js';

async function make(source: FilterDefinition, properties: Record<string, unknown> = {}): Promise<PolyData> {
  return (await source.execute([], properties, {})) as PolyData;
}

function assertBounds(actual: number[], expected: number[], tolerance = 1e-6) {
  actual.forEach((v, i) => {
    assert.ok(Math.abs(v - expected[i]) <= tolerance, `bounds[${i}] ${v} ≠ ${expected[i]}`);
  });
}

test('default Sphere: 50 points and 96 triangles, as the sphere.vtk VTK wrote (MANIFEST)', async () => {
  const sphere = await make(sphereSource);
  assert.equal(numberOfPoints(sphere), 50);
  assert.equal(numberOfCells(sphere), 96);
  // No ring lies on the equator at PhiResolution 8: the widest is at φ = 4π/7.
  const ring = 0.5 * Math.sin((4 * Math.PI) / 7);
  assertBounds(boundsOf(sphere), [-ring, ring, -ring, ring, -0.5, 0.5], 1e-7);
  const normals = sphere.pointData.getDataArray('Normals')!;
  for (let p = 0; p < 50; p++) {
    const n = normals.getTuple(p);
    const x = [0, 1, 2].map((a) => sphere.points.getComponent(p, a) / 0.5);
    for (let a = 0; a < 3; a++) assert.ok(Math.abs(n[a] - x[a]) < 1e-6, 'normal is the radial direction');
  }
});

test('Sphere at resolution 710 has about one million triangles (reference README)', async () => {
  const sphere = await make(sphereSource, { ThetaResolution: 710, PhiResolution: 710 });
  assert.equal(numberOfPoints(sphere), 710 * 708 + 2);
  assert.equal(numberOfCells(sphere), 2 * 710 + 2 * 710 * 707);
});

test('Sphere triangles are counter-clockwise seen from outside', async () => {
  const sphere = await make(sphereSource, { Center: [1, 2, 3], Radius: 2 });
  const { offsets, connectivity } = sphere.polys;
  const p = (id: number) => [0, 1, 2].map((a) => sphere.points.getComponent(id, a));
  for (let c = 0; c + 1 < offsets.length; c++) {
    const [a, b, d] = [0, 1, 2].map((k) => p(connectivity[offsets[c] + k]));
    const u = b.map((v, i) => v - a[i]);
    const v = d.map((x, i) => x - a[i]);
    const n = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
    const outward = a.map((x, i) => x - [1, 2, 3][i]);
    assert.ok(n[0] * outward[0] + n[1] * outward[1] + n[2] * outward[2] > 0, `cell ${c}`);
  }
});

test('partial Sphere: a half sweep adds a closing meridian', async () => {
  const half = await make(sphereSource, { EndTheta: 180 });
  assert.equal(numberOfPoints(half), 2 + 9 * 6);
  assert.equal(numberOfCells(half), 8 + 8 + 8 * 5 * 2);
});

test('Cone: apex, 6 base points, 6 side triangles and a base hexagon', async () => {
  const cone = await make(coneSource);
  assert.equal(numberOfPoints(cone), 7);
  assert.equal(numberOfCells(cone), 7);
  assertBounds(boundsOf(cone), [
    -0.5,
    0.5,
    -0.5,
    0.5,
    -0.5 * Math.sin(Math.PI / 3),
    0.5 * Math.sin(Math.PI / 3),
  ]);
  const up = await make(coneSource, { Direction: [0, 0, 2], Center: [0, 0, 1] });
  assert.ok(Math.abs(up.points.getComponent(0, 2) - 1.5) < 1e-6, 'apex turned onto +z');
});

test('Cylinder: 24 points, 6 quads and 2 caps; uncapped 12 points', async () => {
  const cylinder = await make(cylinderSource);
  assert.equal(numberOfPoints(cylinder), 24);
  assert.equal(numberOfCells(cylinder), 8);
  assertBounds(boundsOf(cylinder), [
    -0.5,
    0.5,
    -0.5,
    0.5,
    -0.5 * Math.sin(Math.PI / 3),
    0.5 * Math.sin(Math.PI / 3),
  ]);
  assert.equal(numberOfPoints(await make(cylinderSource, { Capping: false })), 12);
});

test('Box: 24 points, 6 quads, bounds from lengths and centre', async () => {
  const box = await make(boxSource, { XLength: 2, Center: [1, 0, 0] });
  assert.equal(numberOfPoints(box), 24);
  assert.equal(numberOfCells(box), 6);
  assertBounds(boundsOf(box), [0, 2, -0.5, 0.5, -0.5, 0.5]);
});

test('Plane: (nx+1)(ny+1) points and nx·ny quads with a unit normal', async () => {
  const plane = await make(planeSource, { XResolution: 3, YResolution: 2 });
  assert.equal(numberOfPoints(plane), 12);
  assert.equal(numberOfCells(plane), 6);
  assert.deepEqual(plane.pointData.getDataArray('Normals')!.getTuple(5), [0, 0, 1]);
  await assert.rejects(make(planeSource, { Point2: [0.5, -0.5, 0] }), /Plane\.Point2/);
});

test('Line: Resolution+1 points in one poly-line', async () => {
  const line = await make(lineSource, { Resolution: 4 });
  assert.equal(numberOfPoints(line), 5);
  assert.equal(numberOfCells(line), 1);
  assert.equal(line.lines.offsets[1], 5);
  assert.equal(line.points.getComponent(2, 0), 0);
});

test('PointSource: points inside the ball, deterministic', async () => {
  const a = await make(pointSource, { NumberOfPoints: 100, Radius: 2, Center: [1, 1, 1] });
  const b = await make(pointSource, { NumberOfPoints: 100, Radius: 2, Center: [1, 1, 1] });
  assert.equal(numberOfPoints(a), 100);
  assert.equal(numberOfCells(a), 1);
  assert.deepEqual(a.points.values, b.points.values);
  for (let p = 0; p < 100; p++) {
    const r = Math.hypot(...[0, 1, 2].map((k) => a.points.getComponent(p, k) - 1));
    assert.ok(r <= 2 + 1e-6);
  }
  const shell = await make(pointSource, { NumberOfPoints: 10, Radius: 1, Distribution: 'Shell' });
  for (let p = 0; p < 10; p++) {
    assert.ok(Math.abs(Math.hypot(...[0, 1, 2].map((k) => shell.points.getComponent(p, k))) - 1) < 1e-6);
  }
});
