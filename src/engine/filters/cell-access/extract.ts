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
import type { CellList } from './cell-list.js';
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
import {
  type CountRows,
  countKeptRows,
  keptPointId,
  type WriteGridCells,
  type WriteGridPoints,
  writeGridCells,
  writeGridPoints,
} from './grid-extract.worker.js';

const workerModule = new URL('./extract.worker.js', import.meta.url);
const gridWorkerModule = new URL('./grid-extract.worker.js', import.meta.url);

export interface KeptCells {
  source: CellList;
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

/** Output points: positions and point data, the kept input points first, room for the new ones. */
export interface OutputPoints {
  /** Kept input points (the new points follow them). */
  count: number;
  points: NumberArray;
  arrays: DataArray[];
  /** Output id of a kept input point. */
  idOf: (point: number) => number;
}

/**
 * The kept points of a 3D grid (points of kept cells only, see grid-extract.worker.ts) with the
 * given point arrays, row by row in parallel: a row's first output id is the kept count of the
 * rows before it. `extraPoints` tuples are left free at the end of every array for the caller.
 */
export async function extractKeptGridPoints(
  data: DataSet,
  dims: [number, number, number],
  points: PointSource,
  keptPoint: Uint8Array,
  rowFirst: Int32Array,
  arrays: readonly DataArray[],
  extraPoints: number,
  inline: boolean,
  workers: number,
  context: FilterContext,
): Promise<OutputPoints> {
  const useShared = !inline;
  const rows = rowFirst.length - 1;
  const count = rowFirst[rows];
  const inputPoints = 'points' in data ? data.points : null;
  const pointType = inputPoints && inputPoints.dataType === 'Float64' ? 'Float64' : 'Float32';
  const output = allocateTypedArray(pointType, 3 * (count + extraPoints), useShared) as NumberArray;
  const outputs = arrays.map((a) => allocateLike(a, count + extraPoints, useShared));
  const copies: ArrayCopy[] = arrays.map((a, i) => ({
    input: useShared ? sharedCopy(numericValues(a, true)) : numericValues(a),
    output: outputs[i].values as NumberArray,
    components: a.numberOfComponents,
  }));
  await runPieces<WriteGridPoints, number>(
    {
      task: taskReference(gridWorkerModule, 'writeGridPoints'),
      run: writeGridPoints,
      inputs: splitRange(0, rows, inline ? 1 : workers).map(([firstRow, endRow]) => ({
        dims,
        points,
        keptPoint,
        rowFirst,
        firstRow,
        endRow,
        output,
        arrays: copies,
      })),
      inline,
    },
    context,
  );
  const nx = dims[0];
  return {
    count,
    points: output,
    arrays: outputs,
    idOf: (p) => keptPointId(keptPoint, rowFirst, nx, p),
  };
}

/**
 * Output ids of a 3D grid's kept points row by row: per-row kept counts (in parallel over rows)
 * and their prefix sums, one more entry holding the total.
 */
export async function keptRowStarts(
  kept: Uint8Array,
  dims: [number, number, number],
  inline: boolean,
  workers: number,
  context: FilterContext,
): Promise<Int32Array> {
  const rows = dims[1] * dims[2];
  const rowCounts = allocateTypedArray('Int32', rows, !inline) as Int32Array;
  await runPieces<CountRows, number>(
    {
      task: taskReference(gridWorkerModule, 'countKeptRows'),
      run: countKeptRows,
      inputs: splitRange(0, rows, inline ? 1 : workers).map(([firstRow, endRow]) => ({
        kept,
        rowLength: dims[0],
        firstRow,
        endRow,
        rowCounts,
      })),
      inline,
    },
    context,
  );
  return rowStarts(rowCounts, !inline);
}

/** Prefix sums of per-row counts (one more entry: the total), on shared memory with `shared`. */
export function rowStarts(rowCounts: Int32Array, shared: boolean): Int32Array {
  const starts = allocateTypedArray('Int32', rowCounts.length + 1, shared) as Int32Array;
  for (let r = 0; r < rowCounts.length; r++) starts[r + 1] = starts[r] + rowCounts[r];
  return starts;
}

export async function extractKeptCells(
  data: DataSet,
  kept: KeptCells,
  inline: boolean,
  workers: number,
  context: FilterContext,
): Promise<UnstructuredGrid> {
  const shared = !inline;
  const source = kept.source;
  const plane = source.kind === 'structured' ? (source.dims[0] - 1) * (source.dims[1] - 1) : 0;
  const structured =
    source.kind === 'structured' &&
    source.dims.every((d) => d > 1) &&
    kept.pieces.every((p) => p.start % plane === 0 && p.end % plane === 0)
      ? source
      : null;
  // 3D grids: the used points are those of the kept cells, numbered row by row (no id array).
  let rowFirst: Int32Array | null = null;
  let newIds: Int32Array | null = null;
  let points: NumberArray;
  let arrays: DataArray[];
  if (structured) {
    rowFirst = await keptRowStarts(kept.used, structured.dims, inline, workers, context);
    const pointSource = pointSourceOf(data, shared);
    ({ points, arrays } = await extractKeptGridPoints(
      data,
      structured.dims,
      pointSource,
      kept.used,
      rowFirst,
      data.pointData.dataArrays,
      0,
      inline,
      workers,
      context,
    ));
  } else {
    ({ points, newIds, arrays } = await extractUsedPoints(
      data,
      kept.used,
      data.pointData.dataArrays,
      0,
      inline,
      workers,
      context,
    ));
  }
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
  if (structured && rowFirst) {
    const table = rowFirst;
    let firstCell = 0;
    let firstConnectivity = 0;
    const none = new Int32Array(0);
    const inputs: WriteGridCells[] = kept.pieces.map((piece) => {
      const input = {
        source: structured,
        state: kept.keep,
        keptPoint: kept.used,
        rowFirst: table,
        start: piece.start,
        end: piece.end,
        cutIds: none,
        cutTypes: new Uint8Array(0),
        cutOffsets: new Int32Array(1),
        cutConnectivity: none,
        cutSources: none,
        firstCell,
        firstConnectivity,
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
        task: taskReference(gridWorkerModule, 'writeGridCells'),
        run: writeGridCells,
        inputs,
        inline,
      },
      context,
    );
  } else if (newIds) {
    const ids = newIds;
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
        newIds: ids,
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
  }

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
