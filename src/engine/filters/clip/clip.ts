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
import { cellSourceOf, splitCells } from '../cell-extraction/cell-source.js';
import { extractUsedPoints, pointSourceOf } from '../cell-extraction/extract.js';
import { type ArrayCopy, type PointSource, pointPosition } from '../cell-extraction/extract.worker.js';
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
  type ClipFieldPiece,
  type ClipPiece,
  type ClipPieceResult,
  classifyClipPiece,
  clipFieldPiece,
  edgeParameter,
  type WriteClipPiece,
  writeClipPiece,
} from './clip.worker.js';

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

/** The clip field at every point (implicit functions evaluated in parallel) and kept flags. */
async function clipField(
  data: DataSet,
  settings: ClipSettings,
  points: PointSource,
  pointCount: number,
  inline: boolean,
  workers: number,
  context: FilterContext,
): Promise<{ values: NumberArray; keptPoint: Uint8Array }> {
  const useShared = !inline;
  let values: NumberArray;
  if (settings.cut) {
    values = allocateTypedArray('Float64', pointCount, useShared) as Float64Array;
  } else {
    const selection =
      settings.selection ??
      ((name) => (name ? (['POINTS', name] as ArraySelection) : null))(
        data.pointData.getActiveName('scalars'),
      );
    const { array } = requireArray('Clip', 'Scalars', data, selection, 1);
    const scalars = numericValues(array, useShared);
    values = useShared ? shared(scalars) : scalars;
  }
  const keptPoint = allocateTypedArray('UInt8', pointCount, useShared) as Uint8Array;
  await runPieces<ClipFieldPiece, number>(
    {
      task: taskReference(workerModule, 'clipFieldPiece'),
      run: clipFieldPiece,
      inputs: splitRange(0, pointCount, inline ? 1 : workers).map(([start, end]) => ({
        function: settings.cut,
        points,
        start,
        end,
        values,
        value: settings.value,
        keepBelow: settings.keepBelow,
        keptPoint,
      })),
      inline,
    },
    context,
  );
  return { values, keptPoint };
}

export async function clipDataSet(
  data: DataSet,
  settings: ClipSettings,
  context: FilterContext,
): Promise<UnstructuredGrid> {
  const probe = cellSourceOf(data, false);
  const inline = probe.cells < PARALLEL_MIN_CELLS;
  const useShared = !inline;
  const source = useShared ? cellSourceOf(data, true) : probe;
  const workers = workerCount(context);
  const points = pointSourceOf(data, useShared);
  const pointCount = numberOfPoints(data);
  const { values, keptPoint } = await clipField(data, settings, points, pointCount, inline, workers, context);
  const state = new Uint8Array(
    useShared ? new SharedArrayBuffer(source.cells) : new ArrayBuffer(source.cells),
  );
  const used = new Uint8Array(useShared ? new SharedArrayBuffer(pointCount) : new ArrayBuffer(pointCount));
  const ranges = splitCells(source, inline ? 1 : workers);
  const pieces: ClipPiece[] = ranges.map(([start, end]) => ({
    source,
    values,
    value: settings.value,
    keepBelow: settings.keepBelow,
    crinkle: settings.crinkle,
    points,
    pointCount,
    start,
    end,
    state,
    used,
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
  const edgeIds = new Map<number, number>();
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
      const key = r.edgeA[q] * pointCount + r.edgeB[q];
      let id = edgeIds.get(key);
      if (id === undefined) {
        id = newPoints++;
        cutA.push(r.edgeA[q]);
        cutB.push(r.edgeB[q]);
        cutIds.push(id);
        edgeIds.set(key, id);
      }
      ids[q] = id;
    }
    return ids;
  });
  const arrays = interpolatedArrays(data.pointData);
  const extracted = await extractUsedPoints(data, used, arrays, newPoints, inline, workers, stage(0.5, 0.75));
  const kept = extracted.count;
  for (const ids of pieceCutIds) for (let q = 0; q < ids.length; q++) ids[q] += kept;
  const edgeGlobal = Int32Array.from(cutIds, (id) => kept + id);
  interpolateCutPoints(
    extracted.points,
    extracted.arrays,
    arrays,
    points,
    { values, value: settings.value },
    cutA,
    cutB,
    edgeGlobal,
  );
  averageCentres(
    extracted.points,
    extracted.arrays,
    centres.map((c) => ({
      id: kept + c.id,
      members: Array.from(results[c.piece].centroidMembers.subarray(c.start, c.start + c.count), (p) =>
        p >= 0 ? extracted.newIds[p] : pieceCutIds[c.piece][-p - 1],
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
  const writes: WriteClipPiece[] = ranges.map(([start, end], i) => {
    const r = results[i];
    const piece: WriteClipPiece = {
      source,
      state,
      start,
      end,
      newIds: extracted.newIds,
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
  await runPieces(
    { task: taskReference(workerModule, 'writeClipPiece'), run: writeClipPiece, inputs: writes, inline },
    stage(0.75, 1),
  );

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
  field: { values: NumberArray; value: number },
  cutA: readonly number[],
  cutB: readonly number[],
  ids: Int32Array,
): void {
  const sources = inputs.map((a) => numericValues(a));
  const rounding = outputs.map((a) => isIntegerType(a.dataType));
  const ends = new Float64Array(6);
  for (let q = 0; q < cutA.length; q++) {
    const a = cutA[q];
    const b = cutB[q];
    const t = edgeParameter(field, a, b);
    const p = ids[q];
    pointPosition(source, a, ends, 0);
    pointPosition(source, b, ends, 3);
    for (let k = 0; k < 3; k++) points[3 * p + k] = ends[k] + t * (ends[3 + k] - ends[k]);
    outputs.forEach((out, i) => {
      const n = out.numberOfComponents;
      const src = sources[i];
      const dst = out.values as NumberArray;
      for (let c = 0; c < n; c++) {
        const v = src[a * n + c] + t * (src[b * n + c] - src[a * n + c]);
        dst[p * n + c] = rounding[i] ? Math.round(v) : v;
      }
    });
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
