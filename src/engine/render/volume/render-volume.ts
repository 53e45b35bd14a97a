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
import type { LookupTable } from '../color/lookup-table.js';
import type { PiecewiseFunction } from '../color/piecewise-function.js';
import { blockRanges, macroCellGrid } from './macro-cells.js';
import { invert4, multiply4 } from './matrix.js';
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

function tilesOf(width: number, height: number, size: number): number[][] {
  const tiles: number[][] = [];
  for (let y = 0; y < height; y += size) for (let x = 0; x < width; x += size) tiles.push([x, y, size, size]);
  return tiles;
}

/** Composites a premultiplied layer of a smaller size over the frame, bilinearly upsampled. */
function compositeLayer(
  layer: Uint8Array,
  layerWidth: number,
  layerHeight: number,
  target: VolumeTarget,
): void {
  const { rgba, width, height } = target;
  const sx = layerWidth / width;
  const sy = layerHeight / height;
  for (let row = 0; row < height; row++) {
    const fy = Math.min(layerHeight - 1, Math.max(0, (row + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(layerHeight - 1, y0 + 1);
    const wy = fy - y0;
    for (let column = 0; column < width; column++) {
      const fx = Math.min(layerWidth - 1, Math.max(0, (column + 0.5) * sx - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(layerWidth - 1, x0 + 1);
      const wx = fx - x0;
      const a = (y0 * layerWidth + x0) * 4;
      const b = (y0 * layerWidth + x1) * 4;
      const c = (y1 * layerWidth + x0) * 4;
      const d = (y1 * layerWidth + x1) * 4;
      const alpha =
        ((1 - wy) * ((1 - wx) * layer[a + 3] + wx * layer[b + 3]) +
          wy * ((1 - wx) * layer[c + 3] + wx * layer[d + 3])) /
        255;
      if (alpha <= 0) continue;
      const offset = (row * width + column) * 4;
      const keep = 1 - alpha;
      for (let channel = 0; channel < 3; channel++) {
        const value =
          (1 - wy) * ((1 - wx) * layer[a + channel] + wx * layer[b + channel]) +
          wy * ((1 - wx) * layer[c + channel] + wx * layer[d + channel]);
        rgba[offset + channel] = Math.min(255, value + keep * rgba[offset + channel] + 0.5);
      }
      rgba[offset + 3] = Math.min(255, alpha * 255 + keep * rgba[offset + 3] + 0.5);
    }
  }
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
  const clipToWorld = invert4(multiply4(props.projectionMatrix, props.viewMatrix));
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
  if (parallel && direct && !isShared(target.rgba)) {
    throw new PropertyError(
      'Volume',
      'Target',
      'the frame must be on a SharedArrayBuffer for worker rendering',
    );
  }
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
    rgba: layer ?? target.rgba,
    mode: direct ? 'composite' : 'layer',
  };
  const tiles = tilesOf(width, height, props.tileSize ?? 32);
  let samples = 0;
  if (!parallel) {
    samples = renderVolumeTile(
      { ...base, tiles: Int32Array.from(tiles.flat()) },
      () => props.signal?.aborted === true,
    );
    throwIfAborted(props.signal, 'volume rendering');
  } else {
    const pool = props.pool ?? getDefaultPool();
    // Interleaved tiles, several tasks per worker: even load whatever the volume covers.
    const taskCount = Math.min(tiles.length, workers * 4);
    const groups: number[][] = Array.from({ length: taskCount }, () => []);
    for (let index = 0; index < tiles.length; index++) groups[index % taskCount].push(...tiles[index]);
    const counts = await Promise.all(
      groups.map((group) =>
        pool.run<number>(task, { ...base, tiles: Int32Array.from(group) } satisfies VolumeTileProps, {
          signal: props.signal,
        }),
      ),
    ).catch((error: unknown) => {
      if (props.signal?.aborted) throw new CancelledError('volume rendering');
      throw error;
    });
    samples = counts.reduce((sum, n) => sum + n, 0);
  }
  if (layer) compositeLayer(layer, width, height, target);
  return { samples, sampleDistance, width, height, milliseconds: performance.now() - started };
}
