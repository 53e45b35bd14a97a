/**
 * Trackball interaction against vtkInteractorStyleTrackballCamera's formulas, checked through
 * the projection matrices (a panned point stays under the pointer) and plain geometry.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type Camera,
  defaultCamera,
  distance,
  multiplyMatrices,
  projectionMatrix,
  viewMatrix,
} from './camera.js';
import {
  dollyDrag,
  drag,
  focalPlanePoint,
  interactionMode,
  panDrag,
  rotateDrag,
  spinDrag,
  wheel,
} from './interaction.js';

const WIDTH = 800;
const HEIGHT = 600;
const start: Camera = { ...defaultCamera(), position: [0, 0, 8], clippingRange: [1, 20] };

function toDisplay(camera: Camera, point: readonly number[]): [number, number] {
  const m = multiplyMatrices(projectionMatrix(camera, WIDTH / HEIGHT), viewMatrix(camera));
  const [x, y, z] = point;
  const w = m[3] * x + m[7] * y + m[11] * z + m[15];
  const ndcX = (m[0] * x + m[4] * y + m[8] * z + m[12]) / w;
  const ndcY = (m[1] * x + m[5] * y + m[9] * z + m[13]) / w;
  return [((ndcX + 1) / 2) * WIDTH, ((ndcY + 1) / 2) * HEIGHT];
}

const near = (a: readonly number[], b: readonly number[], tolerance: number) =>
  a.every((v, i) => Math.abs(v - b[i]) <= tolerance);

test("buttons map to VTK's modes", () => {
  assert.equal(interactionMode({ buttonLeft: true }), 'rotate');
  assert.equal(interactionMode({ buttonLeft: true, shiftKey: true }), 'pan');
  assert.equal(interactionMode({ buttonLeft: true, ctrlKey: true }), 'spin');
  assert.equal(interactionMode({ buttonLeft: true, shiftKey: true, ctrlKey: true }), 'dolly');
  assert.equal(interactionMode({ buttonMiddle: true }), 'pan');
  assert.equal(interactionMode({ buttonRight: true }), 'dolly');
  assert.equal(interactionMode({}), undefined);
});

test('a drag of 0.45 of the width turns 90° (20° per view × MotionFactor 10)', () => {
  // Dragging left (dx < 0) gives a positive azimuth: the camera goes round to +x.
  const turned = rotateDrag(start, {
    x: 400 - 0.45 * WIDTH,
    y: 300,
    lastX: 400,
    lastY: 300,
    width: WIDTH,
    height: HEIGHT,
  });
  assert.ok(near(turned.position, [8, 0, 0], 1e-9), `${turned.position}`);
  // Dragging down by 0.225 of the height lifts the camera by 45°; view up is orthogonalised.
  const lifted = rotateDrag(start, {
    x: 0,
    y: 300 - 0.225 * HEIGHT,
    lastX: 0,
    lastY: 300,
    width: WIDTH,
    height: HEIGHT,
  });
  const s = Math.SQRT1_2;
  assert.ok(near(lifted.position, [0, 8 * s, 8 * s], 1e-9), `${lifted.position}`);
  assert.ok(near(lifted.viewUp, [0, s, -s], 1e-9), `${lifted.viewUp}`);
});

test('pan keeps the focal-plane point under the pointer (perspective and parallel)', () => {
  for (const camera of [start, { ...start, parallelProjection: true, parallelScale: 2.5 }]) {
    const props = { x: 530, y: 170, lastX: 410, lastY: 260, width: WIDTH, height: HEIGHT };
    const grabbed = focalPlanePoint(camera, props.lastX, props.lastY, WIDTH, HEIGHT);
    assert.ok(near(toDisplay(camera, grabbed), [props.lastX, props.lastY], 1e-9));
    const panned = panDrag(camera, props);
    assert.ok(near(toDisplay(panned, grabbed), [props.x, props.y], 1e-9), `${toDisplay(panned, grabbed)}`);
    assert.ok(Math.abs(distance(panned) - distance(camera)) < 1e-12);
  }
});

test('spin rolls by the angle the pointer turns around the view centre', () => {
  // From the right of the centre to above it: +90°, so view up turns from +y to +x.
  const spun = spinDrag(start, { x: 400, y: 400, lastX: 500, lastY: 300, width: WIDTH, height: HEIGHT });
  assert.ok(near(spun.viewUp, [1, 0, 0], 1e-12), `${spun.viewUp}`);
  assert.deepEqual(spun.position, start.position);
});

test('dolly: half a view height up divides the distance by 1.1^10; the wheel by 1.1^±2', () => {
  const closer = dollyDrag(start, {
    x: 0,
    y: 300 + HEIGHT / 2,
    lastX: 0,
    lastY: 300,
    width: WIDTH,
    height: HEIGHT,
  });
  assert.ok(Math.abs(distance(closer) - 8 / 1.1 ** 10) < 1e-12);
  assert.ok(Math.abs(distance(wheel(start, { forward: true })) - 8 / 1.21) < 1e-12);
  assert.ok(Math.abs(distance(wheel(start, { forward: false })) - 8 * 1.21) < 1e-12);
  const parallel = { ...start, parallelProjection: true, parallelScale: 2 };
  const zoomed = wheel(parallel, { forward: true });
  assert.equal(zoomed.position, parallel.position);
  assert.ok(Math.abs(zoomed.parallelScale - 2 / 1.21) < 1e-12);
});

test('bounds given: the clipping range follows the camera', () => {
  const moved = drag(start, 'dolly', {
    x: 0,
    y: 600,
    lastX: 0,
    lastY: 300,
    width: WIDTH,
    height: HEIGHT,
    bounds: [-1, 1, -1, 1, -1, 1],
  });
  const d = distance(moved);
  assert.ok(moved.clippingRange[0] < d - 1 && moved.clippingRange[1] > d + 1);
});
