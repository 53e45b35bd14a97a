/**
 * Frontend of volume rendering: turns an ImageData, a volume property (colour and opacity
 * transfer functions, shading) and a camera into tile tasks for ray-cast.worker.ts, runs them
 * inline or across the worker pool, and composites the result over the frame so volumes mix
 * with the opaque surfaces already drawn (their depth clips the rays).
 *
 * Still quality samples every half of the smallest spacing at full resolution; interactive
 * quality samples every two spacings at half resolution (a quarter of the rays) and scales the
 * layer up bilinearly.
 */

import { CancelledError, PropertyError, throwIfAborted } from '../../../errors.js';
import {
  type DataArray,
  dimensionsOf,
  type ImageData,
  MAGNITUDE,
  type NumberArray,
  toSharedTypedArray,
} from '../../data/index.js';
import { getDefaultPool, taskReference, type WorkerPool } from '../../workers/pool.js';
import { multiplyMatrices } from '../camera/camera.js';
import { invert4 } from '../camera/matrix.js';
import type { LookupTable } from '../color/lookup-table.js';
import type { PiecewiseFunction } from '../color/piecewise-function.js';
import { compositeLayer, type LayerCompositeProps } from './composite.worker.js';
import { blockRanges, macroCellGrid } from './macro-cells.js';
import {
  renderVolumeTile,
  type TransferTables,
  type VolumeGrid,
  type VolumeShading,
  type VolumeTileProps,
} from './ray-cast.worker.js';

/** How a volume looks (VTK's vtkVolumeProperty). */
export interface VolumeProperty {
  /** Colour transfer function. */
  lookupTable: LookupTable;
  /** Scalar opacity transfer function (opacity per unit distance). */
  opacity: PiecewiseFunction;
  /** World distance over which `opacity` applies (ScalarOpacityUnitDistance); default the mean spacing. */
  opacityUnitDistance?: number;
  /** Gradient shading with a headlight (ParaView's Shade, default off). */
  shade?: boolean;
  /** Phong coefficients, VTK's defaults: ambient 0, diffuse 0.7, specular 0.2, power 10. */
  ambient?: number;
  diffuse?: number;
  specular?: number;
  specularPower?: number;
}

/** An RGBA8 frame, row 0 at the top. */
export interface VolumeTarget {
  rgba: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
}

export type VolumeQuality = 'still' | 'interactive';

export interface RenderVolumeProps {
  image: ImageData;
  /** Point array to render; default the active point scalars. */
  arrayName?: string;
  /** Component of a multi-component array, or MAGNITUDE (default for vectors). */
  component?: number;
  property: VolumeProperty;
  /** World → eye, column-major 4×4. */
  viewMatrix: ArrayLike<number>;
  /** Eye → clip, column-major 4×4. */
  projectionMatrix: ArrayLike<number>;
  /** Frame to composite into; must live on a SharedArrayBuffer to be rendered by workers. */
  target: VolumeTarget;
  /** Opaque depth of the frame (window depth in [0, 1], 1 = empty), target-sized. */
  depth?: Float32Array;
  /** Default still. */
  quality?: VolumeQuality;
  /** Overrides the quality's sample distance (world units). */
  sampleDistance?: number;
  /** Overrides the quality's resolution divisor (1 = full resolution). */
  imageSampleDistance?: number;
  /** Threads to use: 1 renders on this thread; default the pool's size. */
  workers?: number;
  /** Default the process-wide pool. */
  pool?: WorkerPool;
  /** Tile edge in pixels (default 32). */
  tileSize?: number;
  /** Cells per empty-space-skipping block edge (default 8); 0 disables skipping. */
  macroCellSize?: number;
  signal?: AbortSignal;
}

export interface VolumeRenderStats {
  /** Samples taken (after empty-space skipping and early termination). */
  samples: number;
  sampleDistance: number;
  /** Resolution the rays were cast at. */
  width: number;
  height: number;
  milliseconds: number;
}

/** Entries of the colour and opacity tables. */
const TABLE_SIZE = 1024;
const task = taskReference(new URL('./ray-cast.worker.js', import.meta.url), 'renderVolumeTiles');
const compositeTask = taskReference(new URL('./composite.worker.js', import.meta.url), 'compositeLayer');

const sharedScalars = new WeakMap<DataArray, Map<number, NumberArray>>();

/** The array's scalars as one shared component (cached: repeated renders reuse them). */
function scalarsOf(array: DataArray, component: number): NumberArray {
  let byComponent = sharedScalars.get(array);
  if (!byComponent) {
    byComponent = new Map();
    sharedScalars.set(array, byComponent);
  }
  const cached = byComponent.get(component);
  if (cached) return cached;
  const values = array.values;
  let scalars: NumberArray;
  if (
    array.numberOfComponents === 1 &&
    !(values instanceof BigInt64Array || values instanceof BigUint64Array)
  ) {
    scalars = toSharedTypedArray(values);
  } else {
    const tuples = array.numberOfTuples;
    const out = new Float32Array(new SharedArrayBuffer(tuples * 4));
    const tuple: number[] = [];
    for (let t = 0; t < tuples; t++) {
      array.getTuple(t, tuple);
      out[t] = component === MAGNITUDE ? Math.hypot(...tuple) : tuple[component];
    }
    scalars = out;
  }
  byComponent.set(component, scalars);
  return scalars;
}

function volumeGrid(image: ImageData, scalars: NumberArray): VolumeGrid {
  const dimensions = dimensionsOf(image.extent);
  if (dimensions.some((d) => d < 2)) {
    throw new PropertyError(
      'Volume',
      'Input',
      `volume rendering needs a 3D image, got dimensions ${dimensions}`,
    );
  }
  // Index = Dᵀ(p − origin)/spacing − extent minimum; D is row-major with columns the axes.
  const d = image.direction;
  const worldToIndex = new Float64Array(12);
  for (let axis = 0; axis < 3; axis++) {
    const s = image.spacing[axis];
    let offset = 0;
    for (let c = 0; c < 3; c++) {
      worldToIndex[axis * 4 + c] = d[c * 3 + axis] / s;
      offset -= (d[c * 3 + axis] * image.origin[c]) / s;
    }
    worldToIndex[axis * 4 + 3] = offset - image.extent[2 * axis];
  }
  return { dimensions, worldToIndex, scalars };
}

/** Samples the transfer functions over the lookup table's range (NaN scalars stay transparent). */
function transferTables(
  property: VolumeProperty,
  unitDistance: number,
  sampleDistance: number,
): TransferTables {
  const lut = property.lookupTable;
  const [minimum, maximum] = lut.range;
  const colors = new Float32Array(TABLE_SIZE * 3);
  const opacity = new Float32Array(TABLE_SIZE);
  const stepOpacity = new Float32Array(TABLE_SIZE);
  const rgb = [0, 0, 0];
  for (let e = 0; e < TABLE_SIZE; e++) {
    const value = minimum + ((maximum - minimum) * e) / (TABLE_SIZE - 1);
    // Volume mappers sample the continuous colour function (no discretisation).
    lut.colorAtNormalized(Math.min(1, Math.max(0, lut.normalize(value))), rgb);
    colors.set(rgb, e * 3);
    const alpha = Math.min(1, Math.max(0, property.opacity.valueAt(value)));
    opacity[e] = alpha;
    stepOpacity[e] = 1 - (1 - alpha) ** (sampleDistance / unitDistance);
  }
  return { scalarMinimum: minimum, scalarMaximum: maximum, colors, opacity, stepOpacity, unitDistance };
}

/**
 * Pixel rectangle [x0, y0, x1, y1) covering the projected bounds of the image, or the whole
 * image when a corner lies behind the eye (the projection would fold).
 */
function screenRectangle(image: ImageData, viewProjection: ArrayLike<number>, width: number, height: number) {
  const whole: [number, number, number, number] = [0, 0, width, height];
  const d = image.direction;
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (let corner = 0; corner < 8; corner++) {
    const index = [0, 1, 2].map(
      (axis) => image.extent[2 * axis + ((corner >> axis) & 1)] * image.spacing[axis],
    );
    const p = [0, 1, 2].map(
      (r) => image.origin[r] + d[r * 3] * index[0] + d[r * 3 + 1] * index[1] + d[r * 3 + 2] * index[2],
    );
    const m = viewProjection;
    const w = m[3] * p[0] + m[7] * p[1] + m[11] * p[2] + m[15];
    if (!(w > 1e-9)) return whole;
    const ndcX = (m[0] * p[0] + m[4] * p[1] + m[8] * p[2] + m[12]) / w;
    const ndcY = (m[1] * p[0] + m[5] * p[1] + m[9] * p[2] + m[13]) / w;
    x0 = Math.min(x0, ((ndcX + 1) / 2) * width);
    x1 = Math.max(x1, ((ndcX + 1) / 2) * width);
    y0 = Math.min(y0, ((1 - ndcY) / 2) * height);
    y1 = Math.max(y1, ((1 - ndcY) / 2) * height);
  }
  return [
    Math.max(0, Math.floor(x0) - 1),
    Math.max(0, Math.floor(y0) - 1),
    Math.min(width, Math.ceil(x1) + 1),
    Math.min(height, Math.ceil(y1) + 1),
  ] as const;
}

/** Tiles of `size` pixels over the rectangle [x0, y0, x1, y1), clipped to it. */
function tilesOf(rectangle: readonly number[], size: number): number[][] {
  const [x0, y0, x1, y1] = rectangle;
  const tiles: number[][] = [];
  for (let y = y0; y < y1; y += size) {
    for (let x = x0; x < x1; x += size) tiles.push([x, y, Math.min(size, x1 - x), Math.min(size, y1 - y)]);
  }
  return tiles;
}

function isShared(array: ArrayBufferView): boolean {
  return array.buffer instanceof SharedArrayBuffer;
}

/** Ray-casts `props.image` into `props.target`. */
export async function renderVolume(props: RenderVolumeProps): Promise<VolumeRenderStats> {
  const started = performance.now();
  throwIfAborted(props.signal, 'volume rendering');
  const { image, property, target } = props;
  const array = props.arrayName
    ? image.pointData.getDataArray(props.arrayName)
    : (image.pointData.getActive('scalars') ?? image.pointData.dataArrays[0]);
  if (!array) {
    throw new PropertyError(
      'Volume',
      'ColorArrayName',
      `no point array '${props.arrayName ?? '(active scalars)'}'`,
    );
  }
  const component = props.component ?? (array.numberOfComponents === 1 ? 0 : MAGNITUDE);
  const grid = volumeGrid(image, scalarsOf(array, component));
  const minimumSpacing = Math.min(...image.spacing.map(Math.abs));
  const meanSpacing = image.spacing.reduce((sum, s) => sum + Math.abs(s), 0) / 3;
  const interactive = props.quality === 'interactive';
  const sampleDistance = props.sampleDistance ?? (interactive ? 2 * minimumSpacing : minimumSpacing / 2);
  const divisor = props.imageSampleDistance ?? (interactive ? 2 : 1);
  if (!(sampleDistance > 0) || !(divisor >= 1)) {
    throw new PropertyError(
      'Volume',
      'SampleDistance',
      'sample distance must be > 0 and image sample distance ≥ 1',
    );
  }
  const unitDistance = property.opacityUnitDistance ?? meanSpacing;
  const tables = transferTables(property, unitDistance, sampleDistance);
  const blockSize = props.macroCellSize ?? 8;
  const ranges = blockRanges(grid.scalars, grid.dimensions, blockSize > 0 ? blockSize : 1 << 20);
  const macroCells = macroCellGrid(ranges, tables);
  // Without skipping, one huge block that is never marked empty.
  if (blockSize <= 0) macroCells.empty.fill(0);
  const shading: VolumeShading | undefined = property.shade
    ? {
        ambient: property.ambient ?? 0,
        diffuse: property.diffuse ?? 0.7,
        specular: property.specular ?? 0.2,
        specularPower: property.specularPower ?? 10,
      }
    : undefined;
  const viewProjection = multiplyMatrices(props.projectionMatrix, props.viewMatrix);
  const clipToWorld = invert4(viewProjection);
  const width = Math.max(1, Math.round(target.width / divisor));
  const height = Math.max(1, Math.round(target.height / divisor));
  const direct = width === target.width && height === target.height;
  const workers = props.workers ?? (props.pool ?? getDefaultPool()).size;
  const parallel = workers > 1;
  const layer = direct
    ? undefined
    : new Uint8Array(
        parallel ? new SharedArrayBuffer(width * height * 4) : new ArrayBuffer(width * height * 4),
      );
  // Workers can only write to shared memory: a private frame is rendered through a shared copy.
  const frame: VolumeTarget =
    parallel && !isShared(target.rgba)
      ? { ...target, rgba: toSharedTypedArray(target.rgba as Uint8Array) as Uint8Array }
      : target;
  const depth =
    props.depth && parallel && !isShared(props.depth) ? toSharedTypedArray(props.depth) : props.depth;
  const base: Omit<VolumeTileProps, 'tiles'> = {
    grid,
    macroCells,
    tables,
    shading,
    clipToWorld,
    width,
    height,
    sampleDistance,
    depth,
    depthWidth: target.width,
    depthHeight: target.height,
    rgba: layer ?? frame.rgba,
    mode: direct ? 'composite' : 'layer',
  };
  // Rays outside the volume's projected bounds cannot hit it: only tile the rectangle around it.
  const rectangle = screenRectangle(image, viewProjection, width, height);
  const tiles = tilesOf(rectangle, props.tileSize ?? 32);
  let samples = 0;
  // Frame rows and columns the (upsampled) layer can touch.
  const scaleX = target.width / width;
  const scaleY = target.height / height;
  const frameRectangle = [
    Math.max(0, Math.floor((rectangle[0] - 1) * scaleX)),
    Math.max(0, Math.floor((rectangle[1] - 1) * scaleY)),
    Math.min(target.width, Math.ceil((rectangle[2] + 1) * scaleX)),
    Math.min(target.height, Math.ceil((rectangle[3] + 1) * scaleY)),
  ];
  const compositeProps = (y0: number, y1: number): LayerCompositeProps => ({
    layer: layer as Uint8Array,
    layerWidth: width,
    layerHeight: height,
    rgba: frame.rgba,
    width: target.width,
    height: target.height,
    rectangle: [frameRectangle[0], y0, frameRectangle[2], y1],
  });
  if (!parallel) {
    samples = renderVolumeTile(
      { ...base, tiles: Int32Array.from(tiles.flat()) },
      () => props.signal?.aborted === true,
    );
    throwIfAborted(props.signal, 'volume rendering');
    if (layer) compositeLayer(compositeProps(frameRectangle[1], frameRectangle[3]));
  } else {
    const pool = props.pool ?? getDefaultPool();
    const run = <Output>(reference: typeof task, input: unknown) =>
      pool.run<Output>(reference, input, { signal: props.signal }).catch((error: unknown) => {
        if (props.signal?.aborted) throw new CancelledError('volume rendering');
        throw error;
      });
    // Interleaved tiles, several tasks per worker: even load whatever the volume covers.
    const taskCount = Math.min(tiles.length, workers * 4);
    const groups: number[][] = Array.from({ length: taskCount }, () => []);
    for (let index = 0; index < tiles.length; index++) groups[index % taskCount].push(...tiles[index]);
    const counts = await Promise.all(
      groups.map((group) =>
        run<number>(task, { ...base, tiles: Int32Array.from(group) } satisfies VolumeTileProps),
      ),
    );
    samples = counts.reduce((sum, n) => sum + n, 0);
    if (layer) {
      // Upsampling reads neighbouring tiles, so it runs once all rays are done, split by rows.
      const [, top, , bottom] = frameRectangle;
      const bands = Math.min(workers, Math.max(1, bottom - top));
      await Promise.all(
        Array.from({ length: bands }, (_, band) => {
          const y0 = top + Math.floor(((bottom - top) * band) / bands);
          const y1 = top + Math.floor(((bottom - top) * (band + 1)) / bands);
          return run<void>(compositeTask, compositeProps(y0, y1));
        }),
      );
    }
    if (frame !== target) target.rgba.set(frame.rgba);
  }
  return { samples, sampleDistance, width, height, milliseconds: performance.now() - started };
}
