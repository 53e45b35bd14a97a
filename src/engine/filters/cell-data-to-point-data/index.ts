/**
 * CellDatatoPointData (vtkCellDataToPointData): each point gets the average of the values of the
 * cells that use it (a cell listing a point twice counts twice, as in VTK); points used by no
 * cell get 0. Arrays keep their type (integer averages are truncated, as VTK's cast does) and
 * their active role. Works on every dataset kind, geometry unchanged; MultiBlock block by block.
 * `PassCellData` keeps the cell arrays as well.
 */
import { DataSetAttributes } from '../../data/attributes.js';
import {
  allocateTypedArray,
  DataArray,
  type NumberArray,
  toSharedTypedArray,
} from '../../data/data-array.js';
import type { DataObject, DataSet } from '../../data/dataset.js';
import { dimensionsOf } from '../../data/queries.js';
import { taskReference } from '../../workers/pool.js';
import { passAttributes } from '../cell-access/attributes.js';
import { loopMonitor, mapDataSets, onlyInput } from '../cell-access/blocks.js';
import { cellSourceOf } from '../cell-access/cells.js';
import { withAttributes } from '../cell-access/convert.js';
import { Int32Buffer } from '../cell-access/growable.js';
import { numericValues } from '../cell-access/points.js';
import { inlineTaskContext, runPieces, splitRange, workerCount } from '../parallel.js';
import type { AveragedArray } from '../point-data-to-cell-data/average.worker.js';
import { resolveProperties } from '../properties.js';
import type { FilterContext, FilterDefinition, PropertySchema, PropertyValues } from '../types.js';
import { type AverageCellsPiece, averageCellsPiece } from './average.worker.js';

export interface CellDataToPointDataOptions {
  /** Keep the cell arrays in the output (default false, as ParaView). */
  passCellData?: boolean;
  /** Only these cell arrays (default: all numeric arrays but global ids). */
  arrays?: readonly string[];
}

/** Grids at least this many points big average on the worker pool. */
const PARALLEL_MIN_POINTS = 1 << 20;

const workerModule = new URL('./average.worker.js', import.meta.url);

/**
 * The point dimensions of a 3D structured grid (all above one) whose arrays the structured
 * kernel can average (no 64-bit integers, which need BigInt writes); null otherwise.
 */
export function structuredAverageDims(
  input: DataSet,
  arrays: readonly DataArray[],
): [number, number, number] | null {
  if (input.type !== 'ImageData' && input.type !== 'RectilinearGrid' && input.type !== 'StructuredGrid')
    return null;
  const dims = dimensionsOf(input.extent);
  if (dims.some((d) => d < 2)) return null;
  const big = (a: DataArray) => a.values instanceof BigInt64Array || a.values instanceof BigUint64Array;
  return arrays.some(big) ? null : dims;
}

/** Kernel views of `arrays` with new outputs of `tuples` tuples (on shared memory with `shared`). */
export function averagedArrays(
  arrays: readonly DataArray[],
  tuples: number,
  shared: boolean,
): { kernel: AveragedArray[]; outputs: DataArray[] } {
  const outputs = arrays.map(
    (a) =>
      new DataArray({
        name: a.name,
        values: allocateTypedArray(a.dataType, tuples * a.numberOfComponents, shared),
        numberOfComponents: a.numberOfComponents,
        componentNames: a.componentNames,
      }),
  );
  const kernel = arrays.map((a, i) => ({
    values: (shared ? toSharedTypedArray(a.values) : a.values) as NumberArray,
    components: a.numberOfComponents,
    output: outputs[i].values as NumberArray,
    integer: !(a.values instanceof Float32Array || a.values instanceof Float64Array),
  }));
  return { kernel, outputs };
}

/** The arrays of `source` to average: all but the global ids, or only those named. */
export function arraysToAverage(source: DataSetAttributes, names?: readonly string[]): DataArray[] {
  const globalIds = source.getActiveName('globalIds');
  return source.dataArrays.filter((a) => a.name !== globalIds && (!names || names.includes(a.name)));
}

/**
 * `kept`'s arrays plus the averages of `arrays` (taken from `source`), which keep the active
 * roles (scalars, vectors, …) their sources had, as vtkCellDataToPointData and its twin do.
 */
export function withAverages(
  kept: DataSetAttributes,
  source: DataSetAttributes,
  arrays: readonly DataArray[],
  averages: readonly DataArray[],
): DataSetAttributes {
  const out = passAttributes(kept);
  for (const array of averages) out.add(array);
  const roles = new DataSetAttributes();
  for (const array of arrays) roles.add(array);
  roles.copyActiveFrom(source);
  for (const [role, name] of Object.entries(roles.activeAttributes)) {
    out.setActive(role as Parameters<DataSetAttributes['setActive']>[0], name);
  }
  return out;
}

/** The output: averaged arrays as point data with the cell arrays' active roles. */
function assemble(
  input: DataSet,
  arrays: readonly DataArray[],
  averages: readonly DataArray[],
  options: CellDataToPointDataOptions,
): DataSet {
  const pointData = withAverages(input.pointData, input.cellData, arrays, averages);
  const cellData = options.passCellData ? passAttributes(input.cellData) : new DataSetAttributes();
  return withAttributes(input, pointData, cellData);
}

/** Cell → point averages on the calling thread. */
export function cellDataToPointData(
  input: DataSet,
  options: CellDataToPointDataOptions = {},
  context: FilterContext = {},
): DataSet {
  const arrays = arraysToAverage(input.cellData, options.arrays);
  const dims = structuredAverageDims(input, arrays);
  if (dims) {
    const { kernel, outputs } = averagedArrays(arrays, dims[0] * dims[1] * dims[2], false);
    averageCellsPiece(
      { dims, k0: 0, k1: dims[2], arrays: kernel },
      inlineTaskContext(context.signal, context.onProgress),
    );
    return assemble(input, arrays, outputs, options);
  }
  const source = cellSourceOf(input);
  const numberOfPoints = source.numberOfPoints;
  // The cell→point incidence once, as CSR over cells, then one pass per array.
  const counts = new Int32Array(numberOfPoints);
  const ids = new Int32Array(source.maxCellSize);
  const offsets = new Int32Array(source.numberOfCells + 1);
  const incidence = new Int32Buffer(source.numberOfCells * Math.min(source.maxCellSize, 8));
  const tick = loopMonitor(context, source.numberOfCells, 'CellDatatoPointData');
  for (let c = 0; c < source.numberOfCells; c++) {
    tick(c);
    const n = source.cellPointIds(c, ids);
    incidence.reserve(n);
    for (let k = 0; k < n; k++) {
      counts[ids[k]]++;
      incidence.data[incidence.length++] = ids[k];
    }
    offsets[c + 1] = incidence.length;
  }
  const averages = arrays.map((array) => {
    const nc = array.numberOfComponents;
    const values = numericValues(array.values);
    const sums = new Float64Array(numberOfPoints * nc);
    const points = incidence.data;
    for (let c = 0; c < source.numberOfCells; c++) {
      for (let i = offsets[c]; i < offsets[c + 1]; i++) {
        const p = points[i] * nc;
        for (let k = 0; k < nc; k++) sums[p + k] += values[c * nc + k];
      }
    }
    return averaged(array, sums, counts);
  });
  return assemble(input, arrays, averages, options);
}

/** Cell → point averages, big 3D grids in parallel over point planes on the worker pool. */
export async function cellDataToPointDataParallel(
  input: DataSet,
  options: CellDataToPointDataOptions = {},
  context: FilterContext = {},
): Promise<DataSet> {
  const arrays = arraysToAverage(input.cellData, options.arrays);
  const dims = structuredAverageDims(input, arrays);
  const points = dims ? dims[0] * dims[1] * dims[2] : 0;
  if (!dims || points < PARALLEL_MIN_POINTS || arrays.length === 0)
    return cellDataToPointData(input, options, context);
  const { kernel, outputs } = averagedArrays(arrays, points, true);
  await runPieces<AverageCellsPiece, number>(
    {
      task: taskReference(workerModule, 'averageCellsPiece'),
      run: averageCellsPiece,
      inputs: splitRange(0, dims[2], workerCount(context)).map(([k0, k1]) => ({
        dims,
        k0,
        k1,
        arrays: kernel,
      })),
      inline: false,
    },
    context,
  );
  return assemble(input, arrays, outputs, options);
}

/** sums[i] / counts[tuple] into an array of the source's type (integers truncated). */
export function averaged(source: DataArray, sums: Float64Array, counts: Int32Array): DataArray {
  const nc = source.numberOfComponents;
  const out = new DataArray({
    name: source.name,
    values: allocateTypedArray(source.dataType, sums.length),
    numberOfComponents: nc,
    componentNames: source.componentNames,
  });
  const integer = !(out.values instanceof Float32Array || out.values instanceof Float64Array);
  const big = out.values instanceof BigInt64Array || out.values instanceof BigUint64Array;
  const to = out.values as Float64Array;
  for (let t = 0; t < counts.length; t++) {
    const n = counts[t];
    for (let k = 0; k < nc; k++) {
      const v = n > 0 ? sums[t * nc + k] / n : 0;
      if (big) out.setComponent(t, k, v);
      else to[t * nc + k] = integer ? Math.trunc(v) : v;
    }
  }
  return out;
}

const properties: readonly PropertySchema[] = [
  { name: 'PassCellData', type: 'boolean', default: false, doc: 'Keep the cell arrays in the output.' },
  {
    name: 'ProcessAllArrays',
    type: 'boolean',
    default: true,
    doc: 'Convert every cell array (otherwise only CellDataArraytoprocess).',
  },
  {
    name: 'CellDataArraytoprocess',
    type: 'strings',
    default: [],
    doc: 'Cell arrays to convert when not all.',
  },
  {
    name: 'PieceInvariant',
    type: 'boolean',
    default: false,
    doc: 'Same values on piece boundaries whatever the split (always so with one piece).',
  },
];

export const cellDataToPointDataDefinition: FilterDefinition = {
  name: 'CellDatatoPointData',
  kind: 'filter',
  description:
    'Averages cell arrays onto the points (each point: mean over the cells using it). Any dataset; geometry ' +
    'unchanged; point arrays kept; cell arrays kept only with PassCellData.',
  inputs: { min: 1, max: 1 },
  properties,
  async execute(inputs: readonly DataObject[], values: PropertyValues, context: FilterContext) {
    const p = resolveProperties('CellDatatoPointData', properties, values);
    const options: CellDataToPointDataOptions = {
      passCellData: p.PassCellData as boolean,
      arrays: p.ProcessAllArrays ? undefined : (p.CellDataArraytoprocess as string[]),
    };
    return mapDataSets('CellDatatoPointData', onlyInput('CellDatatoPointData', inputs), context, (data, c) =>
      cellDataToPointDataParallel(data, options, c),
    );
  },
};
