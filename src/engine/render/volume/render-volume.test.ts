/**
 * Expected values are analytic: for constant opacity α per unit distance, light crossing a
 * path of length L keeps (1 − α)^L of its intensity (Beer–Lambert), so the volume's coverage
 * is 1 − (1 − α)^L whatever the sample distance.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createImageData, DataArray, type ImageData } from '../../data/index.js';
import { WorkerPool } from '../../workers/pool.js';
import { LookupTable } from '../color/lookup-table.js';
import { PiecewiseFunction } from '../color/piecewise-function.js';
import { renderVolume, type VolumeProperty, type VolumeTarget } from './render-volume.js';

const pool = new WorkerPool(2);
after(() => pool.close());

const SIZE = 64;

/** Eye at (5, 5, 20) looking down −z (column-major translation by (−5, −5, −20)). */
const VIEW = Float64Array.from([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, -5, -5, -20, 1]);
const NEAR = 1;
const FAR = 100;

function orthographic(half: number): Float64Array {
  return Float64Array.from([
    1 / half,
    0,
    0,
    0,
    0,
    1 / half,
    0,
    0,
    0,
    0,
    -2 / (FAR - NEAR),
    0,
    0,
    0,
    -(FAR + NEAR) / (FAR - NEAR),
    1,
  ]);
}

/** Window depth of world z on the view axis under the orthographic projection above. */
function windowDepthOf(worldZ: number): number {
  const eyeZ = worldZ - 20;
  const ndc = (-2 / (FAR - NEAR)) * eyeZ - (FAR + NEAR) / (FAR - NEAR);
  return (ndc + 1) / 2;
}

/** 11³ points spanning [0, 10]³ with scalars from `value(i, j, k)`. */
function cube(value: (i: number, j: number, k: number) => number, points = 11): ImageData {
  const image = createImageData({
    extent: [0, points - 1, 0, points - 1, 0, points - 1],
    spacing: [10 / (points - 1), 10 / (points - 1), 10 / (points - 1)],
  });
  const values = new Float32Array(new SharedArrayBuffer(points ** 3 * 4));
  for (let k = 0; k < points; k++)
    for (let j = 0; j < points; j++)
      for (let i = 0; i < points; i++) values[i + j * points + k * points * points] = value(i, j, k);
  image.pointData.setAttribute('scalars', new DataArray({ name: 'scalars', values }));
  return image;
}

function frame(background: readonly number[] = [0, 0, 0, 0]): VolumeTarget {
  const rgba = new Uint8Array(new SharedArrayBuffer(SIZE * SIZE * 4));
  for (let i = 0; i < SIZE * SIZE; i++) rgba.set(background, i * 4);
  return { rgba, width: SIZE, height: SIZE };
}

function pixel(target: VolumeTarget, x: number, y: number): number[] {
  return [...target.rgba.subarray((y * target.width + x) * 4, (y * target.width + x) * 4 + 4)];
}

function constantProperty(alpha: number): VolumeProperty {
  return {
    lookupTable: new LookupTable({ preset: 'Grayscale', range: [0, 2] }),
    opacity: new PiecewiseFunction({ points: [0, alpha, 2, alpha] }),
    opacityUnitDistance: 1,
  };
}

test('a constant-opacity cube seen orthographically has the Beer–Lambert coverage at the centre', async () => {
  const image = cube(() => 1);
  for (const sampleDistance of [0.5, 0.3, 1.7]) {
    const target = frame();
    await renderVolume({
      image,
      property: constantProperty(0.2),
      viewMatrix: VIEW,
      projectionMatrix: orthographic(8),
      target,
      sampleDistance,
      workers: 1,
    });
    const coverage = 1 - 0.8 ** 10;
    const [r, g, b, a] = pixel(target, SIZE / 2, SIZE / 2);
    assert.ok(Math.abs(a - coverage * 255) <= 1, `alpha ${a} vs ${coverage * 255} at step ${sampleDistance}`);
    // Grayscale over [0, 2] paints the value 1 at 0.5; colour is premultiplied over black.
    for (const channel of [r, g, b]) assert.ok(Math.abs(channel - 0.5 * coverage * 255) <= 1);
    assert.deepEqual(pixel(target, 2, 2), [0, 0, 0, 0], 'rays missing the cube leave the frame alone');
  }
});

test('interactive quality (half resolution, coarse steps) keeps the same coverage', async () => {
  const target = frame();
  const stats = await renderVolume({
    image: cube(() => 1),
    property: constantProperty(0.2),
    viewMatrix: VIEW,
    projectionMatrix: orthographic(8),
    target,
    quality: 'interactive',
    workers: 1,
  });
  assert.equal(stats.width, SIZE / 2);
  assert.equal(stats.sampleDistance, 2);
  assert.ok(Math.abs(pixel(target, SIZE / 2, SIZE / 2)[3] - (1 - 0.8 ** 10) * 255) <= 2);
});

test('a fully transparent volume leaves the frame unchanged and takes no samples', async () => {
  const background = [12, 34, 56, 255];
  const target = frame(background);
  const stats = await renderVolume({
    image: cube((i, j, k) => i + j + k),
    property: { lookupTable: new LookupTable({ range: [0, 30] }), opacity: PiecewiseFunction.constant(0) },
    viewMatrix: VIEW,
    projectionMatrix: orthographic(8),
    target,
    workers: 1,
  });
  assert.equal(stats.samples, 0);
  for (let i = 0; i < SIZE * SIZE; i++)
    assert.deepEqual([...target.rgba.subarray(i * 4, i * 4 + 4)], background);
});

test('opaque depth clips the rays: hidden behind, half the path when it cuts the cube', async () => {
  const image = cube(() => 1);
  const inFront = frame([9, 9, 9, 255]);
  await renderVolume({
    image,
    property: constantProperty(0.2),
    viewMatrix: VIEW,
    projectionMatrix: orthographic(8),
    target: inFront,
    depth: new Float32Array(SIZE * SIZE).fill(windowDepthOf(15)),
    workers: 1,
  });
  assert.deepEqual(pixel(inFront, SIZE / 2, SIZE / 2), [9, 9, 9, 255]);
  const cutting = frame([0, 0, 0, 0]);
  await renderVolume({
    image,
    property: constantProperty(0.2),
    viewMatrix: VIEW,
    projectionMatrix: orthographic(8),
    target: cutting,
    depth: new Float32Array(SIZE * SIZE).fill(windowDepthOf(5)),
    workers: 1,
  });
  assert.ok(Math.abs(pixel(cutting, SIZE / 2, SIZE / 2)[3] - (1 - 0.8 ** 5) * 255) <= 1);
});

test('gradient shading with a headlight: a face-on gradient gives ambient + diffuse + specular', async () => {
  const target = frame();
  await renderVolume({
    image: cube((_i, _j, k) => k),
    property: {
      lookupTable: new LookupTable({ rgbPoints: [0, 0.5, 0.5, 0.5, 10, 0.5, 0.5, 0.5] }),
      opacity: PiecewiseFunction.constant(0.2),
      opacityUnitDistance: 1,
      shade: true,
    },
    viewMatrix: VIEW,
    projectionMatrix: orthographic(8),
    target,
    workers: 1,
  });
  const [r, , , a] = pixel(target, SIZE / 2, SIZE / 2);
  // VTK's defaults: 0.5 · (0 + 0.7 · 1) + 0.2 · 1¹⁰ = 0.55 of the coverage.
  assert.ok(Math.abs(r - 0.55 * a) <= 1.5, `red ${r}, alpha ${a}`);
});

test('empty-space skipping and worker tiles change the cost, not the picture', async () => {
  // Opaque only where i > 20: most blocks are empty.
  const image = cube((i, j, k) => (i > 20 ? 1 + 0.01 * (j + k) : 0), 33);
  const property: VolumeProperty = {
    lookupTable: new LookupTable({ preset: 'Viridis (matplotlib)', range: [0, 2] }),
    opacity: new PiecewiseFunction({ points: [0, 0, 0.5, 0, 1, 0.3, 2, 0.3] }),
  };
  const perspective = (() => {
    const f = 1 / Math.tan(Math.PI / 12);
    return Float64Array.from([f, 0, 0, 0, 0, f, 0, 0, 0, 0, -101 / 99, -1, 0, 0, -200 / 99, 0]);
  })();
  const run = async (macroCellSize: number, workers: number, quality: 'still' | 'interactive' = 'still') => {
    const target = frame([0, 0, 0, 255]);
    const stats = await renderVolume({
      image,
      property,
      viewMatrix: VIEW,
      projectionMatrix: perspective,
      target,
      macroCellSize,
      workers,
      pool,
      tileSize: 16,
      quality,
    });
    return { rgba: [...target.rgba], samples: stats.samples };
  };
  const plain = await run(0, 1);
  const skipping = await run(4, 1);
  const parallel = await run(4, 2);
  assert.deepEqual(skipping.rgba, plain.rgba);
  assert.deepEqual(parallel.rgba, plain.rgba);
  // Interactive frames (half-resolution layer, upsampled in row bands) agree across threads too.
  assert.deepEqual((await run(4, 2, 'interactive')).rgba, (await run(4, 1, 'interactive')).rgba);
  assert.ok(skipping.samples < plain.samples / 2, `${skipping.samples} vs ${plain.samples} samples`);
  assert.ok(
    plain.rgba.some((v, i) => i % 4 !== 3 && v > 0),
    'something was drawn',
  );
});

test('workers render into a frame on private memory through a shared copy', async () => {
  const render = async (shared: boolean, workers: number) => {
    const rgba = shared
      ? new Uint8Array(new SharedArrayBuffer(SIZE * SIZE * 4))
      : new Uint8Array(SIZE * SIZE * 4);
    const target = { rgba, width: SIZE, height: SIZE };
    await renderVolume({
      image: cube((i, j, k) => (i + j + k) / 15),
      property: constantProperty(0.3),
      viewMatrix: VIEW,
      projectionMatrix: orthographic(8),
      target,
      workers,
      pool,
    });
    return [...rgba];
  };
  const inline = await render(true, 1);
  assert.deepEqual(await render(false, 2), inline);
  assert.ok(inline.some((v) => v > 0));
});
