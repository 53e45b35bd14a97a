import { allocateTypedArray, DataArray, type NumberArray } from '../../data/data-array.js';
import {
  createUnstructuredGrid,
  type DataObject,
  type DataSet,
  type UnstructuredGrid,
} from '../../data/dataset.js';
import { numberOfPoints } from '../../data/queries.js';
import { taskReference } from '../../workers/pool.js';
import { interpolatedArrays, isIntegerType, numericValues } from '../attributes.js';
import { mapDataSets } from '../cell-access/blocks.js';
import { type CellList, cellListOf, splitCells } from '../cell-access/cell-list.js';
import {
  extractKeptGridPoints,
  extractUsedPoints,
  type OutputPoints,
  pointSourceOf,
  rowStarts,
} from '../cell-access/extract.js';
import {
  type ArrayCopy,
  axisCoordinates,
  type PointSource,
  pointPosition,
} from '../cell-access/extract.worker.js';
import { type WriteGridCells, writeGridCells } from '../cell-access/grid-extract.worker.js';
import {
  IMPLICIT_FUNCTION_KINDS,
  type ImplicitFunction,
  implicitFunctionFrom,
} from '../implicit-functions.js';
import { runPieces, splitRange, workerCount } from '../parallel.js';
import { requireArray, resolveProperties } from '../properties.js';
import type {
  ArraySelection,
  FilterContext,
  FilterDefinition,
  PropertySchema,
  TypedObject,
} from '../types.js';
import {
  type ClipField,
  type ClipFieldPiece,
  type ClipPiece,
  type ClipPieceResult,
  classifyClipPiece,
  clipFieldPiece,
  edgeParameter,
  type WriteClipPiece,
  writeClipPiece,
} from './clip.worker.js';
import { EdgeTable } from './edge-table.js';

const properties: readonly PropertySchema[] = [
  {
    name: 'ClipType',
    doc: 'Plane, Box, Sphere, Cylinder, or Scalar (clip by the Scalars array at Value).',
    type: 'object',
    default: { Type: 'Plane', Origin: [0, 0, 0], Normal: [1, 0, 0], Offset: 0 },
    kinds: { ...IMPLICIT_FUNCTION_KINDS, Scalar: [] },
  },
  {
    name: 'Scalars',
    doc: 'Point array for Scalar clipping.',
    type: 'array',
    association: 'POINTS',
    default: null,
  },
  { name: 'Value', doc: 'Clip value (of the scalars or the function).', type: 'number', default: 0 },
  {
    name: 'Invert',
    doc: 'Keep where the value is below (inside the function); off keeps above.',
    type: 'boolean',
    default: true,
  },
  {
    name: 'Crinkleclip',
    doc: 'Keep whole cells that have a kept point instead of cutting them.',
    type: 'boolean',
    default: false,
  },
];

const PARALLEL_MIN_CELLS = 1 << 20;
const workerModule = new URL('./clip.worker.js', import.meta.url);
const gridWorkerModule = new URL('../cell-access/grid-extract.worker.js', import.meta.url);

interface ClipSettings {
  cut: ImplicitFunction | null;
  selection: ArraySelection | null;
  value: number;
  keepBelow: boolean;
  crinkle: boolean;
}

function shared<T extends NumberArray>(values: T): T {
  if (values.buffer instanceof SharedArrayBuffer) return values;
  const copy = new (values.constructor as new (b: SharedArrayBuffer) => T)(
    new SharedArrayBuffer(values.byteLength),
  );
  copy.set(values);
  return copy;
}

/**
 * The clip field and the kept flag of every point. An implicit function on an axis-aligned 3D
 * grid is evaluated at the points only for the flags (the cut edges evaluate it again at their
 * ends); elsewhere the field gets a value per point. With `rows` (an exact clip of a 3D grid),
 * pieces are whole point rows and the kept count of every row comes back too.
 */
async function clipField(
  data: DataSet,
  settings: ClipSettings,
  source: CellList,
  points: PointSource,
  pointCount: number,
  rows: boolean,
  inline: boolean,
  workers: number,
  context: FilterContext,
): Promise<{ field: ClipField; keptPoint: Uint8Array; rowCounts: Int32Array | null }> {
  const useShared = !inline;
  const axes = settings.cut && isGrid3D(source) ? axisCoordinates(points) : null;
  let field: ClipField;
  if (settings.cut && axes && source.kind === 'structured') {
    field = { kind: 'grid', function: settings.cut, axes, dims: source.dims, value: settings.value };
  } else if (settings.cut) {
    const values = allocateTypedArray('Float64', pointCount, useShared) as Float64Array;
    field = { kind: 'values', values, value: settings.value };
  } else {
    const selection =
      settings.selection ??
      ((name) => (name ? (['POINTS', name] as ArraySelection) : null))(
        data.pointData.getActiveName('scalars'),
      );
    const { array } = requireArray('Clip', 'Scalars', data, selection, 1);
    const scalars = numericValues(array, useShared);
    field = { kind: 'values', values: useShared ? shared(scalars) : scalars, value: settings.value };
  }
  const keptPoint = allocateTypedArray('UInt8', pointCount, useShared) as Uint8Array;
  const rowLength = source.kind === 'structured' ? source.dims[0] : 1;
  const rowCounts = rows
    ? (allocateTypedArray('Int32', pointCount / rowLength, useShared) as Int32Array)
    : null;
  const parts = inline ? 1 : workers;
  const ranges = rows
    ? splitRange(0, pointCount / rowLength, parts).map(([a, b]) => [a * rowLength, b * rowLength])
    : splitRange(0, pointCount, parts);
  await runPieces<ClipFieldPiece, number>(
    {
      task: taskReference(workerModule, 'clipFieldPiece'),
      run: clipFieldPiece,
      inputs: ranges.map(([start, end]) => ({
        function: field.kind === 'values' ? settings.cut : null,
        points,
        field,
        start,
        end,
        keepBelow: settings.keepBelow,
        keptPoint,
        rowCounts,
        rowLength,
      })),
      inline,
    },
    context,
  );
  return { field, keptPoint, rowCounts };
}

/** A structured grid with cells in all three directions (the voxel kernels' input). */
function isGrid3D(source: CellList): boolean {
  return source.kind === 'structured' && source.dims.every((d) => d > 1);
}

export async function clipDataSet(
  data: DataSet,
  settings: ClipSettings,
  context: FilterContext,
): Promise<UnstructuredGrid> {
  const probe = cellListOf(data, false);
  const inline = probe.cells < PARALLEL_MIN_CELLS;
  const useShared = !inline;
  const source = useShared ? cellListOf(data, true) : probe;
  const workers = workerCount(context);
  const points = pointSourceOf(data, useShared);
  const pointCount = numberOfPoints(data);
  // Exact clips of 3D grids use exactly the kept points, numbered row by row; other inputs mark
  // the points their kept cells use.
  const usedIsKept = isGrid3D(source) && !settings.crinkle;
  const { field, keptPoint, rowCounts } = await clipField(
    data,
    settings,
    source,
    points,
    pointCount,
    usedIsKept,
    inline,
    workers,
    context,
  );
  const state = new Uint8Array(
    useShared ? new SharedArrayBuffer(source.cells) : new ArrayBuffer(source.cells),
  );
  const used = usedIsKept
    ? keptPoint
    : new Uint8Array(useShared ? new SharedArrayBuffer(pointCount) : new ArrayBuffer(pointCount));
  const ranges = splitCells(source, inline ? 1 : workers);
  const pieces: ClipPiece[] = ranges.map(([start, end]) => ({
    source,
    field,
    keepBelow: settings.keepBelow,
    crinkle: settings.crinkle,
    points,
    start,
    end,
    state,
    used,
    usedIsKept,
    keptPoint,
  }));
  const stage = (from: number, to: number) => ({
    ...context,
    onProgress: (f: number) => context.onProgress?.(from + (to - from) * f),
  });
  const results = await runPieces<ClipPiece, ClipPieceResult>(
    {
      task: taskReference(workerModule, 'classifyClipPiece'),
      run: classifyClipPiece,
      inputs: pieces,
      inline,
    },
    stage(0, 0.5),
  );

  // New points: one per cut edge (merged across pieces) and one per centre point, numbered in
  // piece order after the kept input points.
  const edgeIds = new EdgeTable(results.reduce((n, r) => n + r.edgeA.length, 0));
  const cutA: number[] = [];
  const cutB: number[] = [];
  const cutIds: number[] = [];
  const centres: { id: number; piece: number; start: number; count: number }[] = [];
  let newPoints = 0;
  const pieceCutIds = results.map((r, piece) => {
    const ids = new Int32Array(
      useShared ? new SharedArrayBuffer(4 * r.edgeA.length) : new ArrayBuffer(4 * r.edgeA.length),
    );
    for (let q = 0; q < r.edgeA.length; q++) {
      if (r.edgeA[q] < 0) {
        ids[q] = newPoints++;
        centres.push({ id: ids[q], piece, start: -r.edgeA[q] - 1, count: r.edgeB[q] });
        continue;
      }
      const id = edgeIds.lookupOrInsert(r.edgeA[q], r.edgeB[q], newPoints);
      if (id === newPoints) {
        newPoints++;
        cutA.push(r.edgeA[q]);
        cutB.push(r.edgeB[q]);
        cutIds.push(id);
      }
      ids[q] = id;
    }
    return ids;
  });
  const arrays = interpolatedArrays(data.pointData);
  let rowFirst: Int32Array | null = null;
  let newIds: Int32Array | null = null;
  let extracted: OutputPoints;
  if (rowCounts && source.kind === 'structured') {
    rowFirst = rowStarts(rowCounts, useShared);
    extracted = await extractKeptGridPoints(
      data,
      source.dims,
      points,
      keptPoint,
      rowFirst,
      arrays,
      newPoints,
      inline,
      workers,
      stage(0.5, 0.75),
    );
  } else {
    const usedPoints = await extractUsedPoints(
      data,
      used,
      arrays,
      newPoints,
      inline,
      workers,
      stage(0.5, 0.75),
    );
    const ids = usedPoints.newIds;
    newIds = ids;
    extracted = { ...usedPoints, idOf: (p) => ids[p] };
  }
  const kept = extracted.count;
  for (const ids of pieceCutIds) for (let q = 0; q < ids.length; q++) ids[q] += kept;
  const edgeGlobal = Int32Array.from(cutIds, (id) => kept + id);
  interpolateCutPoints(extracted.points, extracted.arrays, arrays, points, field, cutA, cutB, edgeGlobal);
  averageCentres(
    extracted.points,
    extracted.arrays,
    centres.map((c) => ({
      id: kept + c.id,
      members: Array.from(results[c.piece].centroidMembers.subarray(c.start, c.start + c.count), (p) =>
        p >= 0 ? extracted.idOf(p) : pieceCutIds[c.piece][-p - 1],
      ),
    })),
  );

  const totalCells = results.reduce((sum, r) => sum + r.wholeCells + r.cutTypes.length, 0);
  const totalConnectivity = results.reduce(
    (sum, r) => sum + r.wholeConnectivity + r.cutConnectivity.length,
    0,
  );
  const big = totalConnectivity > 0x7fffffff;
  const offsets = allocateTypedArray(big ? 'Float64' : 'Int32', totalCells + 1, useShared) as
    | Int32Array
    | Float64Array;
  const connectivity = allocateTypedArray(big ? 'Float64' : 'Int32', totalConnectivity, useShared) as
    | Int32Array
    | Float64Array;
  const types = allocateTypedArray('UInt8', totalCells, useShared) as Uint8Array;
  const cellOutputs = data.cellData.dataArrays.map(
    (a) =>
      new DataArray({
        name: a.name,
        values: allocateTypedArray(
          a.dataType === 'Int64' || a.dataType === 'UInt64' ? 'Float64' : a.dataType,
          totalCells * a.numberOfComponents,
          useShared,
        ),
        numberOfComponents: a.numberOfComponents,
        componentNames: a.componentNames,
      }),
  );
  const cellCopies: ArrayCopy[] = data.cellData.dataArrays.map((a, i) => ({
    input: useShared ? shared(numericValues(a, true)) : numericValues(a),
    output: cellOutputs[i].values as NumberArray,
    components: a.numberOfComponents,
  }));
  let firstCell = 0;
  let firstConnectivity = 0;
  const writes = ranges.map(([start, end], i) => {
    const r = results[i];
    const piece = {
      source,
      state,
      start,
      end,
      cutIds: pieceCutIds[i],
      cutTypes: useShared ? shared(r.cutTypes) : r.cutTypes,
      cutOffsets: useShared ? shared(r.cutOffsets) : r.cutOffsets,
      cutConnectivity: useShared ? shared(r.cutConnectivity) : r.cutConnectivity,
      cutSources: useShared ? shared(r.cutSources) : r.cutSources,
      firstCell,
      firstConnectivity,
      offsets,
      connectivity,
      types,
      arrays: cellCopies,
    };
    firstCell += r.wholeCells + r.cutTypes.length;
    firstConnectivity += r.wholeConnectivity + r.cutConnectivity.length;
    return piece;
  });
  if (rowFirst && source.kind === 'structured') {
    const structured = source;
    const table = rowFirst;
    await runPieces<WriteGridCells, number>(
      {
        task: taskReference(gridWorkerModule, 'writeGridCells'),
        run: writeGridCells,
        inputs: writes.map((piece) => ({ ...piece, source: structured, keptPoint, rowFirst: table })),
        inline,
      },
      stage(0.75, 1),
    );
  } else if (newIds) {
    const ids = newIds;
    await runPieces<WriteClipPiece, number>(
      {
        task: taskReference(workerModule, 'writeClipPiece'),
        run: writeClipPiece,
        inputs: writes.map((piece) => ({ ...piece, newIds: ids })),
        inline,
      },
      stage(0.75, 1),
    );
  }

  const grid = createUnstructuredGrid({
    points: new DataArray({ name: 'Points', values: extracted.points, numberOfComponents: 3 }),
    cells: { offsets, connectivity },
    cellTypes: types,
  });
  for (const array of extracted.arrays) grid.pointData.add(array);
  grid.pointData.copyActiveFrom(data.pointData);
  for (const array of cellOutputs) grid.cellData.add(array);
  grid.cellData.copyActiveFrom(data.cellData);
  return grid;
}

/** Positions and interpolated point data of the cut points, written after the kept points. */
function interpolateCutPoints(
  points: NumberArray,
  outputs: readonly DataArray[],
  inputs: readonly DataArray[],
  source: PointSource,
  field: ClipField,
  cutA: readonly number[],
  cutB: readonly number[],
  ids: Int32Array,
): void {
  const arrays = outputs.map((out, i) => ({
    src: numericValues(inputs[i]),
    dst: out.values as NumberArray,
    n: out.numberOfComponents,
    round: isIntegerType(out.dataType),
  }));
  const ends = new Float64Array(6);
  for (let q = 0; q < cutA.length; q++) {
    const a = cutA[q];
    const b = cutB[q];
    const t = edgeParameter(field, a, b);
    const p = ids[q];
    pointPosition(source, a, ends, 0);
    pointPosition(source, b, ends, 3);
    for (let k = 0; k < 3; k++) points[3 * p + k] = ends[k] + t * (ends[3 + k] - ends[k]);
    for (let i = 0; i < arrays.length; i++) {
      const { src, dst, n, round } = arrays[i];
      for (let c = 0; c < n; c++) {
        const v = src[a * n + c] + t * (src[b * n + c] - src[a * n + c]);
        dst[p * n + c] = round ? Math.round(v) : v;
      }
    }
  }
}

/** Centre points: the mean position and data of their member points (already in the output). */
function averageCentres(
  points: NumberArray,
  outputs: readonly DataArray[],
  centres: { id: number; members: number[] }[],
): void {
  const rounding = outputs.map((a) => isIntegerType(a.dataType));
  for (const { id, members } of centres) {
    for (let k = 0; k < 3; k++) {
      let sum = 0;
      for (const m of members) sum += points[3 * m + k];
      points[3 * id + k] = sum / members.length;
    }
    outputs.forEach((out, i) => {
      const n = out.numberOfComponents;
      const values = out.values as NumberArray;
      for (let c = 0; c < n; c++) {
        let sum = 0;
        for (const m of members) sum += values[m * n + c];
        const v = sum / members.length;
        values[id * n + c] = rounding[i] ? Math.round(v) : v;
      }
    });
  }
}

/** Block by block on multiblocks (names and nesting kept), directly on datasets. */
function clipObject(data: DataObject, settings: ClipSettings, context: FilterContext): Promise<DataObject> {
  return mapDataSets('Clip', data, context, (dataSet, blockContext) =>
    clipDataSet(dataSet, settings, blockContext),
  );
}

export const clipFilter: FilterDefinition = {
  name: 'Clip',
  kind: 'filter',
  description:
    'Keeps the part of a dataset inside (Invert, the default) or outside a plane, box, sphere or cylinder, or ' +
    'below/above a scalar Value. Cells are cut exactly, hexahedra into as many cells and new points as ' +
    'vtkTableBasedClipDataSet makes (a kept corner, edge or face becomes a tetrahedron, wedge or hexahedron); ' +
    'Crinkleclip keeps whole cells instead. Point data is interpolated, cell data copied. ' +
    'Output: UnstructuredGrid (MultiBlock per block).',
  inputs: { min: 1, max: 1 },
  properties,
  async execute(inputs, values, context) {
    const p = resolveProperties('Clip', properties, values);
    const clipType = p.ClipType as TypedObject;
    const settings: ClipSettings = {
      cut: clipType.Type === 'Scalar' ? null : implicitFunctionFrom('Clip', 'ClipType', clipType),
      selection: p.Scalars as ArraySelection | null,
      value: p.Value as number,
      keepBelow: p.Invert as boolean,
      crinkle: p.Crinkleclip as boolean,
    };
    return clipObject(inputs[0], settings, context);
  },
};
