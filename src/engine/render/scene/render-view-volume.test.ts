/**
 * Volume and Slice in the RenderView scene model, on a 17³ Wavelet: a Slice draws the pixels
 * `periscope render --representation Slice` draws; a Volume is ray cast after the geometry with
 * ParaView's default transfer functions, touches only its projected box, is clipped by opaque
 * surfaces in front of it, and lies under the orientation axes; bad values name their property.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { cellArrayFromLists } from '../../data/cell-array.js';
import { dataArrayFrom } from '../../data/data-array.js';
import { createImageData, createPolyData, type ImageData } from '../../data/dataset.js';
import { getFilter } from '../../filters/catalogue.js';
import { getDefaultPool } from '../../workers/pool.js';
import { type Camera, multiplyMatrices, projectionMatrix, viewMatrix } from '../camera/camera.js';
import { LookupTable } from '../color/lookup-table.js';
import { PiecewiseFunction } from '../color/piecewise-function.js';
import { type Frame, renderFrame } from '../cpu/render-frame.js';
import { prepareScene, renderScene } from '../render-data.js';
import { renderVolume } from '../volume/render-volume.js';
import { buildFrame, itemGeometries, resetViewCamera, type SceneItem, visibleBounds } from './build-frame.js';
import { createRenderView, createRepresentation, type RepresentationProperties } from './render-view.js';
import { renderView } from './render-view-frame.js';

after(() => getDefaultPool().close());

const WIDTH = 160;
const HEIGHT = 120;

let wavelet: ImageData;
before(async () => {
  const data = await getFilter('Wavelet')!.execute([], { WholeExtent: [-8, 8, -8, 8, -8, 8] }, {});
  assert.equal(data.type, 'ImageData');
  wavelet = data as ImageData;
});

const rtRange = () => wavelet.pointData.getDataArray('RTData')!.getRange();

function item(props: Partial<RepresentationProperties>, data: SceneItem['data'] = wavelet): SceneItem {
  return { data, representation: createRepresentation(props) };
}

/** An oblique view of the items, reset to them as ParaView does on first show. */
function obliqueView(items: readonly SceneItem[]) {
  const view = createRenderView({
    ViewSize: [WIDTH, HEIGHT],
    CameraPosition: [30, 20, 40],
    OrientationAxesVisibility: false,
  });
  return resetViewCamera(view, items);
}

function pixel(frame: Frame, column: number, row: number): number[] {
  const at = 4 * (row * frame.width + column);
  return [...frame.rgba.subarray(at, at + 3)];
}

/** Pixel rectangle [x0, y0, x1, y1] (rows from the top) the image's corners project into. */
function projectedBox(image: ImageData, camera: Camera, width: number, height: number): number[] {
  const m = multiplyMatrices(projectionMatrix(camera, width / height), viewMatrix(camera));
  const e = image.extent;
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  for (let corner = 0; corner < 8; corner++) {
    const p = [0, 1, 2].map((a) => image.origin[a] + image.spacing[a] * e[2 * a + ((corner >> a) & 1)]);
    const w = m[3] * p[0] + m[7] * p[1] + m[11] * p[2] + m[15];
    const x = (((m[0] * p[0] + m[4] * p[1] + m[8] * p[2] + m[12]) / w + 1) / 2) * width;
    const y = ((1 - (m[1] * p[0] + m[5] * p[1] + m[9] * p[2] + m[13]) / w) / 2) * height;
    box[0] = Math.min(box[0], x);
    box[1] = Math.min(box[1], y);
    box[2] = Math.max(box[2], x);
    box[3] = Math.max(box[3], y);
  }
  return box;
}

test("Volume and Slice properties: ParaView's defaults, and bad values name themselves", () => {
  const r = createRepresentation({ Representation: 'Volume' });
  assert.equal(r.SliceMode, 'XY Plane');
  assert.equal(r.Slice, -1, 'the middle layer');
  assert.deepEqual(r.ScalarOpacityFunction, [], "ParaView's ramp over the range");
  assert.equal(r.ScalarOpacityUnitDistance, 0, 'the mean spacing');
  assert.equal(r.Shade, false);
  const bad: [Partial<RepresentationProperties>, string][] = [
    [{ SliceMode: 'Diagonal' as RepresentationProperties['SliceMode'] }, 'SliceMode'],
    [{ Slice: 1.5 }, 'Slice'],
    [{ ScalarOpacityUnitDistance: -1 }, 'ScalarOpacityUnitDistance'],
    [{ ScalarOpacityUnitDistance: Number.NaN }, 'ScalarOpacityUnitDistance'],
    [{ ScalarOpacityFunction: [0, 0, 1] }, 'ScalarOpacityFunction'],
    [{ ScalarOpacityFunction: [0, 1.5] }, 'ScalarOpacityFunction'],
    [{ ScalarOpacityFunction: [10, 0, 5, 1] }, 'ScalarOpacityFunction'],
    [{ Shade: 1 as unknown as boolean }, 'Shade'],
    [{ Representation: 'Isosurface' as RepresentationProperties['Representation'] }, 'Representation'],
  ];
  for (const [props, property] of bad)
    assert.throws(
      () => createRepresentation(props),
      (error: { code?: string; property?: string }) =>
        error.code === 'PERISCOPE_E_PROPERTY' && error.property === property,
      property,
    );
  assert.doesNotThrow(() => createRepresentation({ ScalarOpacityFunction: [0, 0, 0, 1, 5, 0.5] }));
});

test('Volume and Slice of PolyData fail on Representation, saying ImageData is required', async () => {
  const square = createPolyData({
    points: dataArrayFrom('Points', 'Float32', [0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0], 3),
    polys: cellArrayFromLists([[0, 1, 2, 3]]),
  });
  const view = createRenderView({ ViewSize: [WIDTH, HEIGHT] });
  for (const Representation of ['Volume', 'Slice'] as const) {
    const items = [item({ Representation }, square)];
    const named = (error: { property?: string; message?: string }) =>
      error.property === 'Representation' && /requires ImageData, not PolyData/.test(error.message ?? '');
    assert.throws(() => buildFrame({ view, items }), named, Representation);
    await assert.rejects(renderView({ view, items, workers: 1 }), named, Representation);
  }
  assert.throws(
    () => buildFrame({ view, items: [item({ Representation: 'Volume', ColorArrayName: ['CELLS', 'x'] })] }),
    (error: { property?: string }) => error.property === 'ColorArrayName',
  );
});

test("a Slice draws render-data's Slice pixels; its default colours span the whole image", async () => {
  const scene = prepareScene(wavelet, { representation: 'Slice', sliceMode: 'XZ Plane', colorBy: 'RTData' });
  const slice = item({
    Representation: 'Slice',
    SliceMode: 'XZ Plane',
    ColorArrayName: ['POINTS', 'RTData'],
    LookupTable: scene.lookupTable ?? null,
  });
  const view = obliqueView([slice]);
  assert.deepEqual(visibleBounds([slice]), [-8, 8, 0, 0, -8, 8], 'the middle XZ layer');
  const ours = await renderView({ view, items: [slice], workers: 1 });
  const theirs = await renderScene(scene, {
    width: WIDTH,
    height: HEIGHT,
    camera: {
      position: view.CameraPosition,
      focalPoint: view.CameraFocalPoint,
      viewUp: view.CameraViewUp,
      viewAngle: view.CameraViewAngle,
    },
    workers: 1,
  });
  assert.ok(Buffer.from(ours.rgba).equals(Buffer.from(theirs.rgba)), 'same pixels');
  const background = pixel(ours, 0, 0);
  const drawn = Array.from({ length: WIDTH * HEIGHT }, (_, i) => i).filter((i) =>
    pixel(ours, i % WIDTH, Math.floor(i / WIDTH)).some((v, c) => v !== background[c]),
  ).length;
  assert.ok(drawn > 0.1 * WIDTH * HEIGHT, `the slice covers ${drawn} pixels`);

  // Without a table, ParaView spans the input's range, not the layer's (which is narrower).
  const defaults = item({
    Representation: 'Slice',
    SliceMode: 'XZ Plane',
    ColorArrayName: ['POINTS', 'RTData'],
  });
  const { frame } = buildFrame({ view, items: [defaults] });
  assert.deepEqual(frame.actors[0].lookupTable?.range, rtRange());
  assert.notDeepEqual(scene.lookupTable?.range, rtRange());
  // Slice -1 and the middle index are one layer and one geometry; another index is another.
  assert.equal(
    itemGeometries(defaults),
    itemGeometries({ ...defaults, representation: { ...defaults.representation, Slice: 8 } }),
  );
  const other = item({ Representation: 'Slice', SliceMode: 'XZ Plane', Slice: 2 });
  assert.deepEqual(visibleBounds([other]), [-8, 8, -6, -6, -8, 8]);
});

test("a Slice seen face-on shows the lookup table's colours of its own layer's values", async () => {
  // Six pixels a unit, the grid point (0, 0) at the centre of pixel (80, 60); lit by ambient
  // light alone, a pixel is its colour-mapped value.
  const view = createRenderView({
    ViewSize: [WIDTH, HEIGHT],
    CameraPosition: [-1 / 12, 1 / 12, 50],
    CameraFocalPoint: [-1 / 12, 1 / 12, 0],
    CameraParallelProjection: true,
    CameraParallelScale: 10,
    OrientationAxesVisibility: false,
  });
  const rtData = wavelet.pointData.getDataArray('RTData')!;
  for (const layer of [3, 11]) {
    const slice = item({
      Representation: 'Slice',
      Slice: layer,
      ColorArrayName: ['POINTS', 'RTData'],
      Ambient: 1,
      Diffuse: 0,
    });
    const { frame: props } = buildFrame({ view, items: [slice], workers: 1 });
    const lookupTable = props.actors[0].lookupTable!;
    const frame = await renderFrame(props);
    for (const [i, j] of [
      [8, 8],
      [12, 8],
      [8, 4],
      [1, 2],
      [15, 15],
    ]) {
      const value = rtData.getComponent(i + 17 * (j + 17 * layer), 0);
      const expected = lookupTable
        .mapValue(value)
        .slice(0, 3)
        .map((c) => Math.round(255 * c));
      const seen = pixel(frame, 80 + 6 * (i - 8), 60 - 6 * (j - 8));
      assert.ok(
        seen.every((c, k) => Math.abs(c - expected[k]) <= 1),
        `layer ${layer} (${i}, ${j}) = ${value}: ${seen} against ${expected}`,
      );
    }
  }
});

test('a Volume changes only pixels in its projected box, as renderVolume with the defaults does', async () => {
  const volume = item({ Representation: 'Volume' });
  assert.deepEqual(visibleBounds([volume]), [-8, 8, -8, 8, -8, 8]);
  const view = obliqueView([volume]);
  const built = buildFrame({ view, items: [volume], workers: 1 });
  assert.equal(built.frame.actors.length, 0);
  assert.equal(built.volumes.length, 1);
  const frame = await renderView({ view, items: [volume], workers: 1 });

  // ParaView's defaults by hand: 'Cool to Warm' and a 0 → 1 ramp over RTData's range.
  const direct = await renderFrame(built.frame);
  const background = pixel(direct, 0, 0);
  const camera = built.frame.camera;
  await renderVolume({
    image: wavelet,
    arrayName: 'RTData',
    property: {
      lookupTable: new LookupTable({ preset: 'Cool to Warm', range: rtRange() }),
      opacity: new PiecewiseFunction({ points: [rtRange()[0], 0, rtRange()[1], 1] }),
    },
    viewMatrix: viewMatrix(camera),
    projectionMatrix: projectionMatrix(camera, WIDTH / HEIGHT),
    target: direct,
    depth: direct.depth,
    workers: 1,
  });
  assert.ok(Buffer.from(frame.rgba).equals(Buffer.from(direct.rgba)), 'same pixels as renderVolume');

  const [x0, y0, x1, y1] = projectedBox(wavelet, camera, WIDTH, HEIGHT);
  let inside = 0;
  let changed = 0;
  for (let row = 0; row < HEIGHT; row++)
    for (let column = 0; column < WIDTH; column++) {
      const differs = pixel(frame, column, row).some((v, c) => v !== background[c]);
      const within = column + 1 >= x0 && column <= x1 && row + 1 >= y0 && row <= y1;
      if (within) inside++;
      if (differs) changed++;
      if (differs) assert.ok(within, `pixel (${column}, ${row}) outside [${x0}, ${y0}, ${x1}, ${y1}]`);
    }
  assert.ok(inside < 0.8 * WIDTH * HEIGHT, 'the box leaves background around it');
  assert.ok(changed > 0.5 * inside, `${changed} of ${inside} pixels in the box changed`);
});

test('an opaque surface in front of a Volume ends its rays; beside it the volume shows', async () => {
  // A square at z = 9, in front of the volume (z ≤ 8) seen from +z, over its middle.
  const square = createPolyData({
    points: dataArrayFrom('Points', 'Float32', [-4, -4, 9, 4, -4, 9, 4, 4, 9, -4, 4, 9], 3),
    polys: cellArrayFromLists([[0, 1, 2, 3]]),
  });
  const volume = item({ Representation: 'Volume' });
  const items = [volume, item({}, square)];
  const view = resetViewCamera(
    createRenderView({
      ViewSize: [WIDTH, HEIGHT],
      CameraPosition: [0, 0, 1],
      OrientationAxesVisibility: false,
    }),
    items,
  );
  const both = await renderView({ view, items, workers: 1 });
  const squareOnly = await renderFrame(buildFrame({ view, items }).frame);
  const centre = [WIDTH / 2, HEIGHT / 2];
  assert.deepEqual(
    pixel(both, centre[0], centre[1]),
    pixel(squareOnly, centre[0], centre[1]),
    'square in front',
  );
  // Beside the square, the volume shows.
  const beside = [WIDTH / 2 + 24, HEIGHT / 2];
  assert.notDeepEqual(pixel(both, beside[0], beside[1]), pixel(squareOnly, beside[0], beside[1]));
});

test('Position moves a Volume as moving its image does', async () => {
  // Position [20, 0, 0] draws what an image with its origin 20 further along x draws.
  const moved = createImageData({ extent: wavelet.extent, origin: [20, 0, 0], spacing: wavelet.spacing });
  moved.pointData = wavelet.pointData;
  const positioned = item({ Representation: 'Volume', Position: [20, 0, 0] });
  assert.deepEqual(visibleBounds([positioned]), [12, 28, -8, 8, -8, 8]);
  const movedView = obliqueView([positioned]);
  const a = await renderView({ view: movedView, items: [positioned], workers: 1 });
  const b = await renderView({
    view: movedView,
    items: [item({ Representation: 'Volume' }, moved)],
    workers: 1,
  });
  let worst = 0;
  for (let i = 0; i < a.rgba.length; i++) worst = Math.max(worst, Math.abs(a.rgba[i] - b.rgba[i]));
  assert.ok(worst <= 1, `largest difference ${worst}`);
  const background = pixel(a, 0, 0);
  let drawn = 0;
  for (let i = 0; i < WIDTH * HEIGHT; i++)
    if (pixel(a, i % WIDTH, Math.floor(i / WIDTH)).some((v, c) => v !== background[c])) drawn++;
  assert.ok(drawn > 0.1 * WIDTH * HEIGHT, `the volume covers ${drawn} pixels`);
});

test('the orientation axes are drawn over a Volume', async () => {
  // A volume filling the view: the x axis (red, 9 px right of the axes' centre) is drawn over it.
  const close = createRenderView({
    ViewSize: [200, 200],
    CameraPosition: [0, 0, 12],
    CameraParallelProjection: true,
    CameraParallelScale: 4,
  });
  const filled = await renderView({ view: close, items: [item({ Representation: 'Volume' })], workers: 1 });
  assert.deepEqual(pixel(filled, 29, 180), [255, 0, 0]);
  const empty = await renderFrame(buildFrame({ view: close, items: [] }).frame);
  assert.notDeepEqual(pixel(filled, 10, 180), pixel(empty, 10, 180), 'the volume is under the axes');
});
