/**
 * Volume rendering benchmark: the 256³ Wavelet (RTData, 16.7M points) at 1280×720 with
 * ParaView's default volume look (Cool to Warm, opacity ramp 0→1 over the data range), the
 * default camera (+Z, view angle 30°, reset to the bounds) turned 10° between frames.
 * Targets: still ≤ 1 s per frame, interactive ≥ 10 frames/s, with 1 and with all workers.
 *
 * Prints JSON lines {"name", "value", "unit"}. `--png FILE` also writes the first still frame;
 * `--extent N` uses an N³ Wavelet instead (quick runs).
 */
import { availableParallelism } from 'node:os';
import sharp from 'sharp';
import type { DataArray, ImageData } from '../../src/engine/data/index.js';
import { waveletSource } from '../../src/engine/filters/sources/wavelet.js';
import { LookupTable } from '../../src/engine/render/color/lookup-table.js';
import { PiecewiseFunction } from '../../src/engine/render/color/piecewise-function.js';
import { renderVolume, type VolumeQuality } from '../../src/engine/render/volume/render-volume.js';
import { getDefaultPool } from '../../src/engine/workers/pool.js';

const WIDTH = 1280;
const HEIGHT = 720;
const VIEW_ANGLE = 30;

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function emit(name: string, value: number, unit: string): void {
  process.stdout.write(`${JSON.stringify({ name, value: Math.round(value * 10) / 10, unit })}\n`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** View and projection (column-major) of ParaView's reset camera, turned `azimuth` degrees about +Y. */
function camera(center: number[], radius: number, azimuth: number) {
  const distance = radius / Math.sin(((VIEW_ANGLE / 2) * Math.PI) / 180);
  const angle = (azimuth * Math.PI) / 180;
  const eye = [center[0] + distance * Math.sin(angle), center[1], center[2] + distance * Math.cos(angle)];
  // Rows of the rotation are the camera axes in world coordinates.
  const back = [Math.sin(angle), 0, Math.cos(angle)];
  const right = [Math.cos(angle), 0, -Math.sin(angle)];
  const up = [0, 1, 0];
  const dot = (a: number[], b: number[]) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  const view = Float64Array.from([
    right[0],
    up[0],
    back[0],
    0,
    right[1],
    up[1],
    back[1],
    0,
    right[2],
    up[2],
    back[2],
    0,
    -dot(right, eye),
    -dot(up, eye),
    -dot(back, eye),
    1,
  ]);
  const near = Math.max(0.01, distance - radius * 1.01);
  const far = distance + radius * 1.01;
  const f = 1 / Math.tan(((VIEW_ANGLE / 2) * Math.PI) / 180);
  const aspect = WIDTH / HEIGHT;
  const projection = Float64Array.from([
    f / aspect,
    0,
    0,
    0,
    0,
    f,
    0,
    0,
    0,
    0,
    (far + near) / (near - far),
    -1,
    0,
    0,
    (2 * far * near) / (near - far),
    0,
  ]);
  return { view, projection };
}

async function main(): Promise<void> {
  const half = Number(option('--extent') ?? 256) / 2;
  const wavelet = (await waveletSource.execute(
    [],
    { WholeExtent: [1 - half, half, 1 - half, half, 1 - half, half] },
    {},
  )) as ImageData;
  const rtData = wavelet.pointData.getDataArray('RTData') as DataArray;
  const range = rtData.getRange();
  const points = 2 * half;
  const property = {
    lookupTable: new LookupTable({ range }),
    opacity: new PiecewiseFunction({ range }),
  };
  const center = [0.5, 0.5, 0.5];
  const radius = (Math.sqrt(3) * (points - 1)) / 2;
  const frame = new Uint8Array(new SharedArrayBuffer(WIDTH * HEIGHT * 4));
  const all = getDefaultPool().size;
  const png = option('--png');
  let frameNumber = 0;

  const render = async (quality: VolumeQuality, workers: number) => {
    for (let i = 0; i < WIDTH * HEIGHT; i++) frame.set([0, 0, 0, 255], i * 4);
    const { view, projection } = camera(center, radius, 10 * frameNumber++);
    return renderVolume({
      image: wavelet,
      property,
      viewMatrix: view,
      projectionMatrix: projection,
      target: { rgba: frame, width: WIDTH, height: HEIGHT },
      quality,
      workers,
    });
  };

  // First render builds the cached shared scalars and block ranges; not timed.
  const warm = await render('still', all);
  emit(`render.volume.${points}.prepare`, warm.milliseconds, 'ms');
  if (png) {
    frameNumber = 0;
    await render('still', all);
    await sharp(frame, { raw: { width: WIDTH, height: HEIGHT, channels: 4 } })
      .png()
      .toFile(png);
  }
  for (const workers of [...new Set([1, all])]) {
    const still: number[] = [];
    for (let i = 0; i < 3; i++) still.push((await render('still', workers)).milliseconds);
    emit(`render.volume.${points}.still.workers${workers}`, median(still), 'ms');
    const interactive: number[] = [];
    for (let i = 0; i < 10; i++) interactive.push((await render('interactive', workers)).milliseconds);
    emit(`render.volume.${points}.interactive.workers${workers}`, median(interactive), 'ms');
    emit(`render.volume.${points}.interactive.workers${workers}.fps`, 1000 / median(interactive), 'frames/s');
  }
  emit('render.volume.cores', availableParallelism(), 'count');
  await getDefaultPool().close();
}

await main();
