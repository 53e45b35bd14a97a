/**
 * Frontend of the structured iso-surface (flying-edges style, see flying-edges.worker.ts) for
 * image, rectilinear and curvilinear grids of at least 2 points on every axis: slabs counted and
 * generated in parallel, then assembled into one PolyData of triangles.
 */
import { LimitError } from '../../../errors.js';
import { allocateTypedArray, DataArray, type NumberArray } from '../../data/data-array.js';
import {
  createPolyData,
  type ImageData,
  type PolyData,
  type RectilinearGrid,
  type StructuredGrid,
} from '../../data/dataset.js';
import { dimensionsOf } from '../../data/queries.js';
import { taskReference } from '../../workers/pool.js';
import {
  allocateLike,
  copyTuplesById,
  interpolatedArrays,
  isIntegerType,
  numericValues,
} from '../attributes.js';
import { runPieces, splitRange, workerCount } from '../parallel.js';
import type { FilterContext } from '../types.js';
import {
  type Classification,
  type ContourSlabCommon,
  type ContourSlabGenerate,
  countContourSlab,
  generateContourSlab,
  type InterpolatedArray,
  type ScalarField,
} from './flying-edges.worker.js';
import { mergeTiedPoints, type TrianglesUsing } from './merge-ties.js';
import { activePlaneRange, rowStride } from './row-classification.js';
import type { Dims, StructuredGeometry } from './structured-geometry.js';

export type StructuredDataSet = ImageData | RectilinearGrid | StructuredGrid;

export interface StructuredContourOptions {
  computeNormals: boolean;
  computeScalars: boolean;
  computeGradients: boolean;
  /** Normals point down the gradient (VTK) when true. */
  normalsAgainstGradient: boolean;
}

export interface IsoSurfaceOptions {
  /** Gradient normals and gradients need an array field. */
  computeNormals: boolean;
  computeGradients: boolean;
  normalsAgainstGradient: boolean;
  /** When set, an array like this one holding each point's iso-value is output (ComputeScalars). */
  scalarsLike: DataArray | null;
  /** A point array not to interpolate (the contoured one). */
  skip: DataArray | null;
  /**
   * Give points that fall on a grid point one id, as VTK's synchronized templates (Contour) do;
   * VTK's plane cutter keeps them apart.
   */
  mergeTies: boolean;
  /** Receives the source cell of every output triangle. */
  sourceCells?: (ids: Int32Array) => void;
}

const MAX_INT32 = 0x7fffffff;

/** Below this many cells the kernel runs on the calling thread. */
export const PARALLEL_MIN_CELLS = 1 << 20;

/**
 * Slabs per worker. More slabs than workers lets a worker that finishes early take another
 * (the surface is not spread evenly over k, and the cores may be shared); each extra slab costs
 * one more classified plane and one more task message.
 */
const SLABS_PER_WORKER = 4;

const workerModule = new URL('./flying-edges.worker.js', import.meta.url);

export function structuredGeometry(data: StructuredDataSet, shared: boolean): StructuredGeometry {
  const share = (a: DataArray) => numericValues(shared ? a.clone(true) : a, shared);
  switch (data.type) {
    case 'ImageData':
      return {
        kind: 'image',
        origin: data.origin,
        spacing: data.spacing,
        direction: data.direction,
        first: [data.extent[0], data.extent[2], data.extent[4]],
      };
    case 'RectilinearGrid':
      return {
        kind: 'rectilinear',
        x: shareIfNeeded(data.xCoordinates, shared, share),
        y: shareIfNeeded(data.yCoordinates, shared, share),
        z: shareIfNeeded(data.zCoordinates, shared, share),
      };
    case 'StructuredGrid':
      return { kind: 'curvilinear', points: shareIfNeeded(data.points, shared, share) };
  }
}

function shareIfNeeded(a: DataArray, shared: boolean, share: (a: DataArray) => NumberArray): NumberArray {
  if (!shared || a.values.buffer instanceof SharedArrayBuffer) return numericValues(a);
  return share(a);
}

/** Shared view of an array's numbers (copied onto shared memory if needed). */
export function sharedNumbers(array: DataArray, shared: boolean): NumberArray {
  const values = numericValues(array, shared);
  if (!shared || values.buffer instanceof SharedArrayBuffer) return values;
  const copy = allocateTypedArray(array.dataType, values.length, true) as NumberArray;
  copy.set(values);
  return copy;
}

/** Whether a structured dataset is big enough to be worth the worker pool. */
export function useWorkers(data: StructuredDataSet): boolean {
  const [nx, ny, nz] = dimensionsOf(data.extent);
  return (nx - 1) * (ny - 1) * (nz - 1) >= PARALLEL_MIN_CELLS;
}

export async function contourStructured(
  data: StructuredDataSet,
  scalars: DataArray,
  isovalues: readonly number[],
  options: StructuredContourOptions,
  context: FilterContext,
): Promise<PolyData> {
  const field: ScalarField = { kind: 'array', values: sharedNumbers(scalars, useWorkers(data)) };
  return isoSurfaceStructured(
    data,
    field,
    isovalues,
    { ...options, scalarsLike: options.computeScalars ? scalars : null, skip: scalars, mergeTies: true },
    context,
  );
}

function emptySurface(): PolyData {
  return createPolyData({
    points: new DataArray({ name: 'Points', values: new Float32Array(0), numberOfComponents: 3 }),
  });
}

/** Iso-surfaces of `field` (a point array or an implicit function) on a 3D structured grid. */
export async function isoSurfaceStructured(
  data: StructuredDataSet,
  field: ScalarField,
  isovalues: readonly number[],
  options: IsoSurfaceOptions,
  context: FilterContext,
): Promise<PolyData> {
  const dims = dimensionsOf(data.extent) as Dims;
  const [nx, ny, nz] = dims;
  const inline = !useWorkers(data);
  const shared = !inline;
  const rows = ny * nz;
  // Only the cell planes the surface can reach are processed (a plane slice reaches few).
  const [kStart, kEnd] =
    field.kind === 'plane' && isovalues.length === 1
      ? activePlaneRange(field, isovalues[0], dims)
      : [0, nz - 1];
  if (kStart >= kEnd) return emptySurface();
  const workers = inline ? 1 : workerCount(context);
  const slabs = splitRange(kStart, kEnd, inline ? 1 : workers * SLABS_PER_WORKER);
  const concurrency = workers;
  const storedPlanes = kEnd - kStart + 1;
  const cellRows = (ny - 1) * (nz - 1);
  const int32 = (n: number) => allocateTypedArray('Int32', n, shared) as Int32Array;
  const progressFor = (stage: number) => (f: number) =>
    context.onProgress?.((stage + f) / (2 * isovalues.length));

  // Pass 1 for every iso-value, then each slab's start from the slabs' totals.
  const passes: ContourPass[] = [];
  for (const [v, isovalue] of isovalues.entries()) {
    const rowCounts = int32(3 * rows);
    const triangleCounts = int32(cellRows);
    // Int32 offsets keep the kernels' index arithmetic in small integers.
    const rowOffsets = int32(rows);
    const triangleOffsets = int32(cellRows);
    const classification: Classification = {
      stride: rowStride(nx),
      kBase: kStart,
      flags: allocateTypedArray('UInt8', rowStride(nx) * ny * storedPlanes, shared) as Uint8Array,
      first: int32(ny * storedPlanes),
      last: int32(ny * storedPlanes),
      xCount: int32(ny * storedPlanes),
    };
    const inputs: ContourSlabCommon[] = slabs.map(([k0, k1], index) => ({
      dims,
      field,
      isovalue,
      rowCounts,
      triangleCounts,
      k0,
      k1,
      last: index === slabs.length - 1 && kEnd === nz - 1,
      classification,
      rowOffsets,
      triangleOffsets,
    }));
    const counts = await runPieces(
      {
        task: taskReference(workerModule, 'countContourSlab'),
        run: countContourSlab,
        inputs,
        inline,
        concurrency,
      },
      { ...context, onProgress: progressFor(v) },
    );
    const pointStarts = [0];
    const triangleStarts = [0];
    for (const slab of counts) {
      pointStarts.push(pointStarts[pointStarts.length - 1] + slab.points);
      triangleStarts.push(triangleStarts[triangleStarts.length - 1] + slab.triangles);
    }
    const points = pointStarts[slabs.length];
    const triangles = triangleStarts[slabs.length];
    if (3 * points > MAX_INT32 || 3 * triangles > MAX_INT32) {
      throw new LimitError(
        `contour of ${points} points and ${triangles} triangles is too large for one output`,
      );
    }
    passes.push({ pointBase: 0, triangleBase: 0, inputs, pointStarts, triangleStarts, points, triangles });
  }

  const totalPoints = passes.reduce((sum, p) => sum + p.points, 0);
  const totalTriangles = passes.reduce((sum, p) => sum + p.triangles, 0);
  if (3 * totalPoints > MAX_INT32 || 3 * totalTriangles > MAX_INT32) {
    throw new LimitError(
      `contours of ${totalPoints} points and ${totalTriangles} triangles are too large for one output`,
    );
  }
  const points = allocateTypedArray('Float32', 3 * totalPoints, shared) as Float32Array;
  const connectivity = int32(3 * totalTriangles);
  const normals =
    options.computeNormals && field.kind === 'array'
      ? (allocateTypedArray('Float32', 3 * totalPoints, shared) as Float32Array)
      : null;
  const gradients =
    options.computeGradients && field.kind === 'array'
      ? (allocateTypedArray('Float32', 3 * totalPoints, shared) as Float32Array)
      : null;
  const cellIds = data.cellData.dataArrays.length > 0 || options.sourceCells ? int32(totalTriangles) : null;
  const polyOffsets = int32(totalTriangles + 1);
  polyOffsets[totalTriangles] = 3 * totalTriangles;
  const scalarValues = options.scalarsLike ? allocateLike(options.scalarsLike, totalPoints, shared) : null;
  const others = interpolatedArrays(data.pointData, options.skip);
  const outputs = others.map((a) => allocateLike(a, totalPoints, shared));
  const interpolate: InterpolatedArray[] = others.map((a, index) => ({
    values: sharedNumbers(a, shared),
    components: a.numberOfComponents,
    out: outputs[index].values as NumberArray,
    round: isIntegerType(outputs[index].dataType),
  }));
  const geometry = structuredGeometry(data, shared);

  let pointBase = 0;
  let triangleBase = 0;
  for (const pass of passes) {
    pass.pointBase = pointBase;
    pass.triangleBase = triangleBase;
    pointBase += pass.points;
    triangleBase += pass.triangles;
  }
  const ties: number[] = [];
  const gridPoints = nx * ny * nz;
  for (const [v, pass] of passes.entries()) {
    const { pointBase, triangleBase } = pass;
    const inputs: ContourSlabGenerate[] = pass.inputs.map((common, index) => ({
      ...common,
      geometry,
      pointStart: pass.pointStarts[index],
      nextPointStart: pass.pointStarts[index + 1],
      triangleStart: pass.triangleStarts[index],
      triangleEnd: pass.triangleStarts[index + 1],
      pointBase,
      points,
      connectivity: triangleBase === 0 ? connectivity : connectivity.subarray(3 * triangleBase),
      cellIds: cellIds && (triangleBase === 0 ? cellIds : cellIds.subarray(triangleBase)),
      triangleBase,
      polyOffsets,
      scalars: scalarValues && (scalarValues.values as NumberArray),
      normals,
      gradients,
      normalSign: options.normalsAgainstGradient ? -1 : 1,
      interpolate,
    }));
    const generated = await runPieces(
      {
        task: taskReference(workerModule, 'generateContourSlab'),
        run: generateContourSlab,
        inputs,
        inline,
        concurrency,
      },
      { ...context, onProgress: progressFor(isovalues.length + v) },
    );
    // Grid point keys are offset per iso-value: points of different values never merge.
    for (const slab of generated) {
      for (let i = 0; i < slab.ties.length; i += 2)
        ties.push(slab.ties[i], slab.ties[i + 1] + v * gridPoints);
    }
  }

  const pointArrays: { array: DataArray; role?: 'scalars' | 'normals' }[] = outputs.map((array) => ({
    array,
  }));
  if (scalarValues) pointArrays.push({ array: scalarValues, role: 'scalars' });
  if (normals) {
    pointArrays.push({
      array: new DataArray({ name: 'Normals', values: normals, numberOfComponents: 3 }),
      role: 'normals',
    });
  }
  if (gradients) {
    pointArrays.push({
      array: new DataArray({ name: 'Gradients', values: gradients, numberOfComponents: 3 }),
    });
  }
  let pointArray = new DataArray({ name: 'Points', values: points, numberOfComponents: 3 });
  let triangles = connectivity;
  let triangleCells = cellIds;
  if (options.mergeTies && ties.length > 0) {
    const merged = mergeTiedPoints(
      ties,
      totalPoints,
      [pointArray, ...pointArrays.map((p) => p.array)].map((a) => ({
        values: a.values as NumberArray,
        components: a.numberOfComponents,
      })),
      connectivity,
      cellIds,
      trianglesNear(passes, dims),
    );
    const truncate = (a: DataArray) =>
      new DataArray({
        name: a.name,
        values: a.values.subarray(0, merged.points * a.numberOfComponents),
        numberOfComponents: a.numberOfComponents,
        componentNames: a.componentNames,
      });
    pointArray = truncate(pointArray);
    for (const entry of pointArrays) entry.array = truncate(entry.array);
    triangles = merged.connectivity;
    triangleCells = merged.cellIds;
  }

  const triangleCount = triangles.length / 3;
  // Offsets are 3·t whatever was merged away: the first triangleCount + 1 are the ones to keep.
  const offsets = triangleCount === totalTriangles ? polyOffsets : polyOffsets.subarray(0, triangleCount + 1);
  const output = createPolyData({ points: pointArray, polys: { offsets, connectivity: triangles } });
  for (const { array, role } of pointArrays) {
    if (role) output.pointData.setAttribute(role, array);
    else output.pointData.add(array);
  }
  if (triangleCells) {
    copyTuplesById(data.cellData, output.cellData, triangleCells);
    options.sourceCells?.(triangleCells);
  }
  return output;
}

interface ContourPass {
  /** First point and first triangle of this iso-value in the whole output. */
  pointBase: number;
  triangleBase: number;
  /** Pass 1's inputs, one per slab (their offsets are slab-local). */
  inputs: ContourSlabCommon[];
  /** Each slab's first point and first triangle within the iso-value's (one more entry: the totals). */
  pointStarts: number[];
  triangleStarts: number[];
  points: number;
  triangles: number;
}

/** The last index i of `sorted` (ascending) in [lo, hi] with sorted[i] <= value (lo when none). */
function lastAtOrBelow(sorted: ArrayLike<number>, value: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid] <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The triangles that can use a point: a point on an edge owned by point row (j, k) belongs only
 * to cells of cell rows j−1…j on cell planes k−1…k, and every cell row's triangles are one range.
 */
function trianglesNear(passes: readonly ContourPass[], dims: Dims): TrianglesUsing {
  const [, ny, nz] = dims;
  return (point, ranges) => {
    const pass = passes.find((p) => point >= p.pointBase && point < p.pointBase + p.points);
    if (!pass) return;
    const local = point - pass.pointBase;
    const slabs = pass.inputs;
    const s = lastAtOrBelow(pass.pointStarts, local, 0, slabs.length - 1);
    const slab = slabs[s];
    // The owning row is the last one whose offset is at or below the point (rows can be empty).
    const endRow = (slab.last ? nz : slab.k1) * ny;
    const row = lastAtOrBelow(slab.rowOffsets, local - pass.pointStarts[s], slab.k0 * ny, endRow - 1);
    const j = row % ny;
    const k = (row - j) / ny;
    const j0 = Math.max(0, j - 1);
    const j1 = Math.min(ny - 2, j);
    for (let plane = k - 1; plane <= k; plane++) {
      const owner = slabs.findIndex((c) => plane >= c.k0 && plane < c.k1);
      if (owner < 0) continue;
      const { triangleOffsets, triangleCounts } = slabs[owner];
      const base = pass.triangleBase + pass.triangleStarts[owner];
      const first = j0 + plane * (ny - 1);
      const last = j1 + plane * (ny - 1);
      ranges.push(base + triangleOffsets[first], base + triangleOffsets[last] + triangleCounts[last]);
    }
  };
}
