/**
 * `periscope render INPUT --out image.png [options]`: renders a data file or a pipeline file
 * (its first output) with the CPU backend, the way ParaView shows it by default. With
 * `--repeat N` the camera turns 5° in azimuth between frames; `--json` prints the medians.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { PropertyError } from '../../errors.js';

interface RenderOptions {
  out: string;
  size: string;
  representation?: string;
  colorBy?: string;
  preset?: string;
  camera?: string;
  background?: string;
  scalarBar?: boolean;
  repeat: string;
  json?: boolean;
  quality: string;
  workers?: string;
  sliceMode: string;
  slice?: string;
}

function parseSize(text: string): [number, number] {
  const match = /^(\d+)x(\d+)$/.exec(text);
  const size = match ? [Number(match[1]), Number(match[2])] : [];
  if (size.length !== 2 || size.some((v) => v < 1 || v > 16384)) {
    throw new PropertyError('render', '--size', `expected WIDTHxHEIGHT (1–16384), got '${text}'`);
  }
  return size as [number, number];
}

function parseBackground(text: string): [number, number, number] {
  const values = text.split(',').map(Number);
  if (values.length !== 3 || values.some((v) => !(v >= 0 && v <= 1))) {
    throw new PropertyError('render', '--background', `expected r,g,b with values in 0..1, got '${text}'`);
  }
  return values as [number, number, number];
}

function parseCamera(text: string) {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new PropertyError('render', '--camera', 'is not valid JSON');
  }
  const camera = value as { position?: unknown; focalPoint?: unknown; viewUp?: unknown; viewAngle?: unknown };
  const vector = (v: unknown, name: string) => {
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.length !== 3 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      throw new PropertyError('render', '--camera', `${name} must be three finite numbers`);
    }
    return v as [number, number, number];
  };
  const viewAngle = camera.viewAngle;
  if (viewAngle !== undefined && !(typeof viewAngle === 'number' && viewAngle > 0 && viewAngle < 180)) {
    throw new PropertyError('render', '--camera', 'viewAngle must be a number of degrees in (0, 180)');
  }
  return {
    ...(camera.position !== undefined && { position: vector(camera.position, 'position') }),
    ...(camera.focalPoint !== undefined && { focalPoint: vector(camera.focalPoint, 'focalPoint') }),
    ...(camera.viewUp !== undefined && { viewUp: vector(camera.viewUp, 'viewUp') }),
    ...(viewAngle !== undefined && { viewAngle }),
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export function registerRenderCommand(program: Command): void {
  program
    .command('render')
    .description('render a data file or a pipeline to an image (PNG, JPEG or WebP by extension)')
    .argument('<input>', 'data file or pipeline JSON')
    .requiredOption('--out <file>', 'image to write (.png, .jpg, .webp)')
    .option('--size <WxH>', 'image size', '1280x720')
    .option(
      '--representation <name>',
      'Surface, Surface With Edges, Wireframe, Points, Outline, Feature Edges, or for ImageData Volume and Slice',
    )
    .option('--slice-mode <plane>', "Slice: 'XY Plane', 'YZ Plane' or 'XZ Plane'", 'XY Plane')
    .option('--slice <index>', 'Slice: layer of points to show (default the middle one)')
    .option('--color-by <array>', 'colour by this point array (else cell array)')
    .option('--preset <name>', 'colour map preset (default Cool to Warm)')
    .option('--camera <json>', 'camera: {"position","focalPoint","viewUp","viewAngle"}')
    .option('--background <r,g,b>', 'background colour, 0..1 each')
    .option('--scalar-bar', 'draw the colour legend')
    .option('--repeat <n>', 'render n frames, turning the camera 5° in azimuth between them', '1')
    .option('--quality <q>', 'JPEG/WebP quality 1–100', '85')
    .option('--workers <n>', 'rasterizer pieces (default: one per core for big scenes)')
    .option('--json', 'print timings as one JSON object')
    .action(async (input: string, options: RenderOptions) => {
      const [width, height] = parseSize(options.size);
      const repeat = Number(options.repeat);
      if (!Number.isInteger(repeat) || repeat < 1 || repeat > 10_000) {
        throw new PropertyError('render', '--repeat', `expected a positive integer, got '${options.repeat}'`);
      }
      const [{ writeFile }, render, encode, camera, data] = await Promise.all([
        import('node:fs/promises'),
        import('../../engine/render/render-data.js'),
        import('../../engine/render/encode.js'),
        import('../../engine/render/camera/camera.js'),
        import('../../engine/render/load-input.js'),
      ]);
      const format = encode.formatFromFileName(options.out);
      if (!format) throw new PropertyError('render', '--out', 'must end in .png, .jpg, .jpeg or .webp');
      const object = await data.loadRenderInput(resolve(input));
      const scene = render.prepareScene(object, {
        representation: options.representation as never,
        sliceMode: options.sliceMode as never,
        slice: options.slice === undefined ? -1 : Number(options.slice),
        colorBy: options.colorBy,
        preset: options.preset,
      });
      const view = {
        width,
        height,
        camera: options.camera ? parseCamera(options.camera) : undefined,
        background: options.background ? parseBackground(options.background) : undefined,
        scalarBar: options.scalarBar,
        workers: options.workers ? Number(options.workers) : undefined,
        pickIds: false,
      };
      let current = render.sceneCamera(scene, view);
      const renderTimes: number[] = [];
      const encodeTimes: number[] = [];
      let image: Buffer | undefined;
      for (let i = 0; i < repeat; i++) {
        const started = performance.now();
        const frame = await render.renderScene(scene, view, current);
        const rendered = performance.now();
        image = await encode.encodeFrame(frame.rgba, width, height, {
          format,
          quality: Number(options.quality),
        });
        render.recycleFrame(frame);
        renderTimes.push(rendered - started);
        encodeTimes.push(performance.now() - rendered);
        current = camera.azimuth(current, 5);
      }
      await writeFile(resolve(options.out), image!);
      if (options.json) {
        const triangles = scene.geometries.reduce((sum, g) => sum + g.triangles.length / 3, 0);
        process.stdout.write(
          `${JSON.stringify({ renderMs: median(renderTimes), encodeMs: median(encodeTimes), triangles, width, height })}\n`,
        );
      }
    });
}
