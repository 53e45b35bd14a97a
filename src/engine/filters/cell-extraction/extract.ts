/**
 * Frontend of cell extraction (Threshold, crinkle Clip): from per-cell "keep" flags and per-point
 * "used" flags, builds an UnstructuredGrid of the kept cells with only the used points, point and
 * cell data copied. Points are renumbered in increasing input order and cells keep their input
 * order, so the result does not depend on how many workers ran.
 */
import { allocateTypedArray, DataArray, type NumberArray } from '../../data/data-array.js';
import { createUnstructuredGrid, type DataSet, type UnstructuredGrid } from '../../data/dataset.js';
import { dimensionsOf, numberOfPoints } from '../../data/queries.js';
import { taskReference } from '../../workers/pool.js';
import { allocateLike, numericValues } from '../attributes.js';
import { structuredGeometry } from '../contour/structured.js';
import { runPieces, splitRange } from '../parallel.js';
import type { FilterContext } from '../types.js';
import type { CellSource } from './cell-source.js';
import {
  type ArrayCopy,
  countUsedPoints,
  type PointRange,
  type PointSource,
  type WriteCells,
  type WritePoints,
  writeExtractedCells,
  writeExtractedPoints,
} from './extract.worker.js';

const workerModule = new URL('./extract.worker.js', import.meta.url);

export interface KeptCells {
  source: CellSource;
  keep: Uint8Array;
  used: Uint8Array;
  /** Cell ranges that were classified, with the kept cells and connectivity length of each. */
  pieces: { start: number; end: number; cells: number; connectivity: number }[];
}

export function pointSourceOf(data: DataSet, shared: boolean): PointSource {
  if (data.type === 'PolyData' || data.type === 'UnstructuredGrid' || data.type === 'StructuredGrid') {
    const values = numericValues(data.points, shared);
    return { kind: 'explicit', points: shared ? sharedCopy(values) : values };
  }
  return { kind: 'grid', geometry: structuredGeometry(data, shared), dims: dimensionsOf(data.extent) };
}

function sharedCopy(values: NumberArray): NumberArray {
  if (values.buffer instanceof SharedArrayBuffer) return values;
  const copy = new (values.constructor as new (b: SharedArrayBuffer) => NumberArray)(
    new SharedArrayBuffer(values.byteLength),
  );
  copy.set(values);
  return copy;
}

function copies(
  arrays: readonly DataArray[],
  tuples: number,
  shared: boolean,
): { outputs: DataArray[]; copy: ArrayCopy[] } {
  const outputs = arrays.map((a) => allocateLike(a, tuples, shared));
  const copy = arrays.map((a, i) => ({
    input: shared ? sharedCopy(numericValues(a, true)) : numericValues(a),
    output: outputs[i].values as NumberArray,
    components: a.numberOfComponents,
  }));
  return { outputs, copy };
}

export interface ExtractedPoints {
  count: number;
  points: NumberArray;
  /** New id of each used input point (entries of unused points are meaningless). */
  newIds: Int32Array;
  /** Output arrays for the points, first `count` tuples filled. */
  arrays: DataArray[];
}

/**
 * Copies the used points (and the given point arrays) into new arrays, numbered in input order.
 * `extraPoints` tuples are left free at the end of every array for the caller (clip cut points).
 */
export async function extractUsedPoints(
  data: DataSet,
  used: Uint8Array,
  arrays: readonly DataArray[],
  extraPoints: number,
  inline: boolean,
  workers: number,
  context: FilterContext,
): Promise<ExtractedPoints> {
  const shared = !inline;
  const pointCount = numberOfPoints(data);
  const pointRanges = splitRange(0, pointCount, inline ? 1 : workers);
  const counts = await runPieces<PointRange, number>(
    {
      task: taskReference(workerModule, 'countUsedPoints'),
      run: countUsedPoints,
      inputs: pointRanges.map(([start, end]) => ({ used, start, end })),
      inline,
    },
    context,
  );
  const count = counts.reduce((a, b) => a + b, 0);
  const inputPoints = 'points' in data ? data.points : null;
  const pointType = inputPoints && inputPoints.dataType === 'Float64' ? 'Float64' : 'Float32';
  const points = allocateTypedArray(pointType, 3 * (count + extraPoints), shared) as NumberArray;
  const newIds = allocateTypedArray('Int32', pointCount, shared) as Int32Array;
  const pointArrays = copies(arrays, count + extraPoints, shared);
  const source = pointSourceOf(data, shared);
  let firstNewId = 0;
  const pointInputs: WritePoints[] = pointRanges.map(([start, end], i) => {
    const input = { used, start, end, firstNewId, newIds, source, points, arrays: pointArrays.copy };
    firstNewId += counts[i];
    return input;
  });
  await runPieces(
    {
      task: taskReference(workerModule, 'writeExtractedPoints'),
      run: writeExtractedPoints,
      inputs: pointInputs,
      inline,
    },
    context,
  );
  return { count, points, newIds, arrays: pointArrays.outputs };
}

export async function extractKeptCells(
  data: DataSet,
  kept: KeptCells,
  inline: boolean,
  workers: number,
  context: FilterContext,
): Promise<UnstructuredGrid> {
  const shared = !inline;
  const { points, newIds, arrays } = await extractUsedPoints(
    data,
    kept.used,
    data.pointData.dataArrays,
    0,
    inline,
    workers,
    context,
  );
  const pointArrays = { outputs: arrays };

  const totalCells = kept.pieces.reduce((sum, p) => sum + p.cells, 0);
  const totalConnectivity = kept.pieces.reduce((sum, p) => sum + p.connectivity, 0);
  const big = totalConnectivity > 0x7fffffff;
  const offsets = allocateTypedArray(big ? 'Float64' : 'Int32', totalCells + 1, shared) as
    | Int32Array
    | Float64Array;
  const connectivity = allocateTypedArray(big ? 'Float64' : 'Int32', totalConnectivity, shared) as
    | Int32Array
    | Float64Array;
  const types = allocateTypedArray('UInt8', totalCells, shared) as Uint8Array;
  const cellArrays = copies(data.cellData.dataArrays, totalCells, shared);
  let firstCell = 0;
  let firstConnectivity = 0;
  const cellInputs: WriteCells[] = kept.pieces.map((piece) => {
    const input = {
      source: kept.source,
      keep: kept.keep,
      start: piece.start,
      end: piece.end,
      firstCell,
      firstConnectivity,
      newIds,
      offsets,
      connectivity,
      types,
      arrays: cellArrays.copy,
    };
    firstCell += piece.cells;
    firstConnectivity += piece.connectivity;
    return input;
  });
  await runPieces(
    {
      task: taskReference(workerModule, 'writeExtractedCells'),
      run: writeExtractedCells,
      inputs: cellInputs,
      inline,
    },
    context,
  );

  const grid = createUnstructuredGrid({
    points: new DataArray({ name: 'Points', values: points, numberOfComponents: 3 }),
    cells: { offsets, connectivity },
    cellTypes: types,
  });
  for (const array of pointArrays.outputs) grid.pointData.add(array);
  grid.pointData.copyActiveFrom(data.pointData);
  for (const array of cellArrays.outputs) grid.cellData.add(array);
  grid.cellData.copyActiveFrom(data.cellData);
  return grid;
}
