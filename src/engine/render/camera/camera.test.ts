/**
 * vtkCamera / vtkRenderer camera semantics against ParaView's own camera (scenes.jsonl gives the
 * position ParaView's ResetCamera chose for the sphere screenshot) and against geometry.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { PolyData } from '../../data/dataset.js';
import { boundsOf } from '../../data/queries.js';
import { getFilter } from '../../filters/catalogue.js';
import {
  azimuth,
  type Camera,
  defaultCamera,
  distance,
  dot,
  elevation,
  multiplyMatrices,
  orthogonalizeViewUp,
  projectionMatrix,
  resetCamera,
  resetClippingRange,
  roll,
  type Vector3,
  viewMatrix,
  zoom,
} from './camera.js';

const scenesFile = new URL('../../../../../shared/reference/renders/scenes.jsonl', import.meta.url);

interface ReferenceScene {
  name: string;
  source: string;
  res?: number;
  size: [number, number];
  camera: { position: Vector3; focalPoint: Vector3; viewUp: Vector3; viewAngle: number };
}

function project(camera: Camera, aspect: number, point: Vector3): Vector3 {
  const m = multiplyMatrices(projectionMatrix(camera, aspect), viewMatrix(camera));
  const [x, y, z] = point;
  const w = m[3] * x + m[7] * y + m[11] * z + m[15];
  return [
    (m[0] * x + m[4] * y + m[8] * z + m[12]) / w,
    (m[1] * x + m[5] * y + m[9] * z + m[13]) / w,
    (m[2] * x + m[6] * y + m[10] * z + m[14]) / w,
  ];
}

function close(actual: readonly number[], expected: readonly number[], tolerance: number, what: string) {
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tolerance, `${what}: ${actual} vs ${expected}`);
  }
}

test("ResetCamera on the Sphere source puts the camera where ParaView's did (sphere-1M)", async () => {
  const scenes = readFileSync(scenesFile, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as ReferenceScene);
  const scene = scenes.find((s) => s.source === 'Sphere');
  assert.ok(scene?.res);
  const sphere = (await getFilter('Sphere')!.execute(
    [],
    { ThetaResolution: scene.res, PhiResolution: scene.res },
    {},
  )) as PolyData;
  const camera = resetCamera(defaultCamera(), boundsOf(sphere), scene.size[0] / scene.size[1]);
  close(camera.position, scene.camera.position, 1e-12, 'position');
  close(camera.focalPoint, scene.camera.focalPoint, 1e-12, 'focal point');
  close(camera.viewUp, scene.camera.viewUp, 0, 'view up');
});

test('ResetCamera: the bounding sphere touches the view frustum; portrait views fit the width', () => {
  const bounds = [-1, 3, 0, 2, -2, 2];
  const radius = Math.hypot(4, 2, 4) / 2;
  for (const aspect of [16 / 9, 1, 0.5]) {
    const camera = resetCamera({ ...defaultCamera(), position: [1, 2, 3] }, bounds, aspect);
    assert.deepEqual(camera.focalPoint, [1, 1, 0]);
    // The narrower of the two half angles sees the sphere exactly at its tangent.
    const halfVertical = (camera.viewAngle * Math.PI) / 360;
    const half = aspect < 1 ? Math.atan(Math.tan(halfVertical) * aspect) : halfVertical;
    assert.ok(Math.abs(Math.sin(half) * distance(camera) - radius) < 1e-12);
    // The view direction of the original camera, (1, 2, 3) − (0, 0, 0), is kept.
    const after = camera.position.map((v, i) => (v - camera.focalPoint[i]) / distance(camera));
    close(after, [1 / Math.sqrt(14), 2 / Math.sqrt(14), 3 / Math.sqrt(14)], 1e-12, 'direction');
    assert.equal(camera.parallelScale, aspect < 1 ? radius / aspect : radius);
  }
});

test('projection: view angle edges land on NDC ±1, clipping planes on depth ∓1', () => {
  const camera = resetClippingRange(
    { ...defaultCamera(), position: [0, 0, 10], viewAngle: 40 },
    [-1, 1, -1, 1, -1, 1],
  );
  const [near, far] = camera.clippingRange;
  const edge = Math.tan((20 * Math.PI) / 180) * 10;
  close(project(camera, 2, [0, edge, 0]), [0, 1], 1e-12, 'top edge');
  close(project(camera, 2, [2 * edge, 0, 0]), [1, 0], 1e-12, 'right edge (aspect 2)');
  close([project(camera, 2, [0, 0, 10 - near])[2]], [-1], 1e-9, 'near plane');
  close([project(camera, 2, [0, 0, 10 - far])[2]], [1], 1e-9, 'far plane');
  const parallel = { ...camera, parallelProjection: true, parallelScale: 3 };
  close(project(parallel, 1.5, [4.5, 3, 0]), [1, 1], 1e-12, 'parallel corner');
  close(project(zoom(parallel, 2), 1.5, [2.25, 1.5, 0]), [1, 1], 1e-12, 'zoomed parallel corner');
});

test("ResetCameraClippingRange: VTK's expansion, and a minimum gap for flat data", () => {
  const camera: Camera = { ...defaultCamera(), position: [0, 0, 10] };
  // Depths 9 and 11: near = 0.99·9 − 2·0.5 = 7.91, far = 1.01·11 + (11 − 7.91)·0.5 = 12.655.
  const [near, far] = resetClippingRange(camera, [-1, 1, -1, 1, -1, 1]).clippingRange;
  assert.ok(Math.abs(near - 7.91) < 1e-12 && Math.abs(far - 12.655) < 1e-12, `${near} ${far}`);
  // A plane at z = 0 seen head on: a gap of 0.2·tan(15°)·10 split around depth 10.
  const gap = 0.2 * Math.tan(Math.PI / 12) * 10;
  const [flatNear, flatFar] = resetClippingRange(camera, [-1, 1, -1, 1, 0, 0]).clippingRange;
  const expectedNear = 0.99 * (10 - gap / 2) - gap * 0.5;
  assert.ok(Math.abs(flatNear - expectedNear) < 1e-12, `${flatNear}`);
  assert.ok(Math.abs(flatFar - (1.01 * (10 + gap / 2) + (10 + gap / 2 - expectedNear) * 0.5)) < 1e-12);
});

test('Azimuth, Elevation and Roll turn as vtkCamera does', () => {
  const camera: Camera = { ...defaultCamera(), position: [0, 0, 5], focalPoint: [0, 0, 0] };
  close(azimuth(camera, 90).position, [5, 0, 0], 1e-12, 'azimuth +90 about +y');
  // Elevation +90 lifts the camera over the top; view up is not changed until orthogonalised.
  const lifted = elevation(camera, 90);
  close(lifted.position, [0, 5, 0], 1e-12, 'elevation +90');
  close(lifted.viewUp, [0, 1, 0], 0, 'view up kept');
  // RotateWXYZ(+90, direction of projection = −z) takes +y to +x.
  close(roll(camera, 90).viewUp, [1, 0, 0], 1e-12, 'roll +90');
  const tilted = orthogonalizeViewUp({ ...camera, viewUp: [0, 1, 1] });
  assert.ok(Math.abs(dot(tilted.viewUp, [0, 0, 1])) < 1e-12);
  close(tilted.viewUp, [0, 1, 0], 1e-12, 'orthogonalised');
});
