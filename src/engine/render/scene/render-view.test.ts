/**
 * The scene model: ParaView's defaults and validation, vtkProp3D's transform order, and frames
 * built from view properties (positions in pixels, lighting of a turned plane, gradient).
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { cellArrayFromLists } from '../../data/cell-array.js';
import { dataArrayFrom } from '../../data/data-array.js';
import { createPolyData, type PolyData } from '../../data/dataset.js';
import { getDefaultPool } from '../../workers/pool.js';
import { renderFrame } from '../cpu/render-frame.js';
import { actorMatrix } from './actor-transform.js';
import { buildFrame, resetViewCamera, visibleBounds } from './build-frame.js';
import { createRenderView, createRepresentation } from './render-view.js';

after(() => getDefaultPool().close());

function apply(m: Float64Array, p: [number, number, number]): number[] {
  return [0, 1, 2].map((r) => m[r] * p[0] + m[4 + r] * p[1] + m[8 + r] * p[2] + m[12 + r]);
}

const close = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]) < 1e-12);

test("ParaView's defaults, and bad properties name themselves", () => {
  const view = createRenderView();
  assert.deepEqual(view.Background, [0.32, 0.34, 0.43]);
  assert.equal(view.CameraViewAngle, 30);
  const representation = createRepresentation();
  assert.equal(representation.Representation, 'Surface');
  assert.deepEqual(representation.EdgeColor, [0, 0, 0.5]);
  assert.equal(representation.SpecularPower, 100);
  assert.throws(
    () => createRepresentation({ Opacity: 2 }),
    (error: { code?: string; property?: string }) =>
      error.code === 'PERISCOPE_E_PROPERTY' && error.property === 'Opacity',
  );
  assert.throws(
    () => createRenderView({ ViewSize: [0, 10] }),
    (error: { property?: string }) => error.property === 'ViewSize',
  );
});

test('Orientation turns about y, then x, then z; Scale and Origin before; Position last', () => {
  // Ry(90) takes +x to −z, then Rx(90) takes −z to +y.
  assert.ok(close(apply(actorMatrix({ orientation: [90, 90, 0] }), [1, 0, 0]), [0, 1, 0]));
  assert.ok(
    close(apply(actorMatrix({ orientation: [0, 0, 90], position: [1, 2, 3] }), [1, 0, 0]), [1, 3, 3]),
  );
  // Scaling by 2 about the origin (1, 0, 0): x = 2 → 1 + 2·(2 − 1) = 3.
  assert.ok(close(apply(actorMatrix({ scale: [2, 2, 2], origin: [1, 0, 0] }), [2, 0, 0]), [3, 0, 0]));
});

function square(): PolyData {
  return createPolyData({
    points: dataArrayFrom('Points', 'Float32', [-10, -10, 0, 10, -10, 0, 10, 10, 0, -10, 10, 0], 3),
    polys: cellArrayFromLists([[0, 1, 2, 3]]),
  });
}

// One world unit per pixel on a 100 × 100 frame looking down −z.
const ORTHOGRAPHIC = {
  ViewSize: [100, 100] as [number, number],
  CameraPosition: [0, 0, 50] as [number, number, number],
  CameraParallelProjection: true,
  CameraParallelScale: 50,
  UseColorPaletteForBackground: false,
  Background: [0, 0, 0] as [number, number, number],
};

test('Position moves the drawn square by that many pixels; bounds follow', async () => {
  const view = createRenderView(ORTHOGRAPHIC);
  const items = [{ data: square(), representation: createRepresentation({ Position: [25, -15, 0] }) }];
  assert.deepEqual(visibleBounds(items), [15, 35, -25, -5, 0, 0]);
  const { frame: props } = buildFrame({ view, items, workers: 1 });
  const frame = await renderFrame({ ...props, lighting: 'headlight' });
  const lit = (column: number, row: number) => frame.rgba[4 * (row * 100 + column)] > 0;
  // x ∈ [15, 35] → columns 65..84; y ∈ [−25, −5] → rows 55..74.
  assert.ok(lit(65, 55) && lit(84, 74) && lit(75, 65));
  assert.ok(!lit(64, 65) && !lit(85, 65) && !lit(75, 54) && !lit(75, 75));
});

test('a square turned 60° about y is lit at cos 60° by the headlight (normals follow the model)', async () => {
  const view = createRenderView(ORTHOGRAPHIC);
  const withNormals = square();
  withNormals.pointData.setAttribute(
    'normals',
    dataArrayFrom('Normals', 'Float32', Array(4).fill([0, 0, 1]).flat(), 3),
  );
  for (const Interpolation of ['Gouraud', 'Flat'] as const) {
    const items = [
      { data: withNormals, representation: createRepresentation({ Orientation: [0, 60, 0], Interpolation }) },
    ];
    const { frame: props } = buildFrame({ view, items, workers: 1 });
    const frame = await renderFrame({ ...props, lighting: 'headlight' });
    const value = frame.rgba[4 * (50 * 100 + 50)];
    assert.ok(Math.abs(value - 127.5) <= 1, `${Interpolation}: ${value}`);
  }
});

test('a gradient background runs from Background at the top to Background2 at the bottom', async () => {
  const view = createRenderView({
    ...ORTHOGRAPHIC,
    Background: [1, 0, 0],
    Background2: [0, 0, 1],
    BackgroundColorMode: 'Gradient',
  });
  const { frame: props } = buildFrame({ view, items: [], workers: 1 });
  const frame = await renderFrame(props);
  assert.deepEqual([...frame.rgba.subarray(0, 3)], [255, 0, 0]);
  const last = 4 * 99 * 100;
  assert.deepEqual([...frame.rgba.subarray(last, last + 3)], [0, 0, 255]);
});

test('ResetCamera on the view keeps the direction and fits the visible items', () => {
  const view = createRenderView({ CameraPosition: [0, 0, 1], ViewSize: [100, 100] });
  const reset = resetViewCamera(view, [{ data: square(), representation: createRepresentation() }]);
  const radius = Math.hypot(20, 20) / 2;
  assert.ok(Math.abs(reset.CameraPosition[2] - radius / Math.sin(Math.PI / 12)) < 1e-9);
  assert.deepEqual(reset.CameraFocalPoint, [0, 0, 0]);
});

test('orientation axes: x red to the right, y yellow upwards in the bottom-left square', async () => {
  const view = createRenderView({ ...ORTHOGRAPHIC, ViewSize: [200, 200] });
  const { frame: props } = buildFrame({ view, items: [], workers: 1 });
  assert.equal(props.orientationAxes, true, "ParaView's default");
  const frame = await renderFrame(props);
  // Square of side 40 at the bottom left: centre (20, 180), axes 14.4 px long.
  const at = (column: number, row: number) => [
    ...frame.rgba.subarray(4 * (row * 200 + column), 4 * (row * 200 + column) + 3),
  ];
  assert.deepEqual(at(29, 180), [255, 0, 0]);
  assert.deepEqual(at(20, 171), [255, 255, 0]);
  assert.deepEqual(at(10, 180), [0, 0, 0], 'nothing to the left');
  assert.deepEqual(at(150, 50), [0, 0, 0], 'nothing elsewhere');
});
