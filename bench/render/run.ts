/**
 * Render benchmark (JSON lines): Sphere sources of ~10K, ~1M and ~4M (two spheres) triangles at 1280×720,
 * the camera turning 5° between frames; still quality (full size, JPEG 85) and interactive
 * quality (half size, JPEG 50 and vertex-clustered geometry, as the session streams during a
 * drag); 1 and all workers.
 * Medians over `--frames` frames (default 10) after one warm-up frame; `render` is renderFrame
 * alone as the session streams and `periscope render` saves (RGBA and depth; frames are handed
 * back for the next one to draw into), `render_and_jpeg` adds the JPEG encoding, and still
 * frames also give `render_with_pick_ids` (the frame a pick draws). Scenes under
 * SMALL_SCENE_PRIMITIVES render on the calling thread whatever the worker count.
 * `--parallel` picks how workers share a frame (render-frame.ts: sort-last, the default, or tiles).
 *
 *   node --import tsx bench/render/run.ts [--frames 10] [--scenes 10k,1m,4m] [--parallel tiles]
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import type { PolyData } from '../../src/engine/data/dataset.js';
import { getFilter } from '../../src/engine/filters/catalogue.js';
import { azimuth, defaultCamera, resetCamera } from '../../src/engine/render/camera/camera.js';
import { recycleFrame, renderFrame } from '../../src/engine/render/cpu/render-frame.js';
import { encodeFrame } from '../../src/engine/render/encode.js';
import { facingSidesReady } from '../../src/engine/render/scene/closed-surface.js';
import { geometryBounds, polyDataGeometry } from '../../src/engine/render/scene/geometry.js';
import { levelOfDetail } from '../../src/engine/render/scene/level-of-detail.js';
import { getDefaultPool } from '../../src/engine/workers/pool.js';

const { values } = parseArgs({
  options: {
    frames: { type: 'string', default: '10' },
    scenes: { type: 'string', default: '10k,1m,4m' },
    parallel: { type: 'string', default: 'sort-last' },
  },
});
if (values.parallel !== 'tiles' && values.parallel !== 'sort-last')
  throw new Error(`--parallel: 'tiles' or 'sort-last', not '${values.parallel}'`);
const parallelRasterization = values.parallel as 'tiles' | 'sort-last';
const frames = Number(values.frames);
// vtkSphereSource clamps resolutions to 1024 (2.09M triangles), so the ~4M scene is two spheres.
const SPHERES: Record<string, { resolution: number; count: number }> = {
  '10k': { resolution: 72, count: 1 },
  '1m': { resolution: 710, count: 1 },
  '4m': { resolution: 1024, count: 2 },
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const emit = (name: string, value: number, unit: string, extra: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ name, value: Math.round(value * 10) / 10, unit, ...extra })}\n`);

for (const scene of values.scenes!.split(',')) {
  const { resolution, count } = SPHERES[scene];
  const actors = [];
  for (let i = 0; i < count; i++) {
    const sphere = (await getFilter('Sphere')!.execute(
      [],
      { ThetaResolution: resolution, PhiResolution: resolution, Center: [1.1 * i, 0, 0] },
      {},
    )) as PolyData;
    actors.push({
      geometry: polyDataGeometry(sphere),
      representation: 'Surface' as const,
      diffuseColor: [1, 1, 1] as [number, number, number],
      edgeColor: [0, 0, 0] as [number, number, number],
      lineWidth: 1,
    });
  }
  // Steady state: big meshes learn which triangles may be culled in a worker, after their first frames.
  await Promise.all(
    actors.flatMap(({ geometry }) => [facingSidesReady(geometry), facingSidesReady(levelOfDetail(geometry))]),
  );
  const triangles = actors.reduce((sum, actor) => sum + actor.geometry.triangles.length / 3, 0);
  const bounds = geometryBounds(actors.map((actor) => actor.geometry));
  for (const workers of [1, availableParallelism()]) {
    for (const quality of ['still', 'interactive'] as const) {
      const [width, height] = quality === 'still' ? [1280, 720] : [640, 360];
      let camera = resetCamera(defaultCamera(), bounds, 1280 / 720);
      const render: number[] = [];
      const total: number[] = [];
      const pickable: number[] = [];
      for (let i = 0; i <= frames; i++) {
        const started = performance.now();
        const frame = await renderFrame({
          width,
          height,
          camera,
          background: [0.32, 0.34, 0.43],
          actors,
          workers,
          quality,
          parallelRasterization,
          pickIds: false,
        });
        const rendered = performance.now();
        await encodeFrame(frame.rgba, width, height, {
          format: 'jpeg',
          quality: quality === 'still' ? 85 : 50,
        });
        // As the session and `periscope render --repeat` do: the next frame draws into these buffers.
        recycleFrame(frame);
        if (i > 0) {
          render.push(rendered - started);
          total.push(performance.now() - started);
        }
        camera = azimuth(camera, 5);
      }
      // Frames a pick draws, in a loop of their own: alternating with streamed frames would make
      // the rasterizer's code serve both (as a session mostly does not).
      for (let i = 0; quality === 'still' && i <= frames; i++) {
        const before = performance.now();
        recycleFrame(
          await renderFrame({
            width,
            height,
            camera,
            background: [0.32, 0.34, 0.43],
            actors,
            workers,
            quality,
            parallelRasterization,
          }),
        );
        if (i > 0) pickable.push(performance.now() - before);
        camera = azimuth(camera, 5);
      }
      const base = `render.sphere.${scene}.${quality}.workers${workers}`;
      const range = {
        min: Math.round(Math.min(...render) * 10) / 10,
        max: Math.round(Math.max(...render) * 10) / 10,
      };
      emit(`${base}.render`, median(render), 'ms', { triangles, parallel: parallelRasterization, ...range });
      emit(`${base}.render_and_jpeg`, median(total), 'ms', { triangles });
      if (pickable.length > 0) emit(`${base}.render_with_pick_ids`, median(pickable), 'ms', { triangles });
      emit(`${base}.fps`, 1000 / median(total), 'frames/s');
    }
  }
}
await getDefaultPool().close();
