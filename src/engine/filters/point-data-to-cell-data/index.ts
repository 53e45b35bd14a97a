/**
 * PointDatatoCellData (vtkPointDataToCellData): each cell gets the average of the values at its
 * points. Arrays keep their type (integer averages truncated, as VTK's cast does) and active
 * role. Works on every dataset kind, geometry unchanged; MultiBlock block by block.
 * `PassPointData` keeps the point arrays as well.
 */
import { DataSetAttributes } from '../../data/attributes.js';
import type { DataArray } from '../../data/data-array.js';
import type { DataObject, DataSet } from '../../data/dataset.js';
import { taskReference } from '../../workers/pool.js';
import { passAttributes } from '../cell-access/attributes.js';
import { loopMonitor, mapDataSets, onlyInput } from '../cell-access/blocks.js';
import { cellSourceOf } from '../cell-access/cells.js';
import { withAttributes } from '../cell-access/convert.js';
import { numericValues } from '../cell-access/points.js';
import {
  arraysToAverage,
  averaged,
  averagedArrays,
  structuredAverageDims,
  withAverages,
} from '../cell-data-to-point-data/index.js';
import { inlineTaskContext, runPieces, splitRange, workerCount } from '../parallel.js';
import { resolveProperties } from '../properties.js';
import type { FilterContext, FilterDefinition, PropertySchema, PropertyValues } from '../types.js';
import { type AveragePointsPiece, averagePointsPiece } from './average.worker.js';

export interface PointDataToCellDataOptions {
  /** Keep the point arrays in the output (default false, as ParaView). */
  passPointData?: boolean;
  /** Only these point arrays (default: all numeric arrays but global ids). */
  arrays?: readonly string[];
}

/** Grids at least this many cells big average on the worker pool. */
const PARALLEL_MIN_CELLS = 1 << 20;

const workerModule = new URL('./average.worker.js', import.meta.url);

/** The output: averaged arrays as cell data with the point arrays' active roles. */
function assemble(
  input: DataSet,
  arrays: readonly DataArray[],
  averages: readonly DataArray[],
  options: PointDataToCellDataOptions,
): DataSet {
  const cellData = withAverages(input.cellData, input.pointData, arrays, averages);
  const pointData = options.passPointData ? passAttributes(input.pointData) : new DataSetAttributes();
  return withAttributes(input, pointData, cellData);
}

/** Point → cell averages on the calling thread. */
export function pointDataToCellData(
  input: DataSet,
  options: PointDataToCellDataOptions = {},
  context: FilterContext = {},
): DataSet {
  const arrays = arraysToAverage(input.pointData, options.arrays);
  const dims = structuredAverageDims(input, arrays);
  if (dims) {
    const cells = (dims[0] - 1) * (dims[1] - 1) * (dims[2] - 1);
    const { kernel, outputs } = averagedArrays(arrays, cells, false);
    averagePointsPiece(
      { dims, hexahedra: input.type === 'StructuredGrid', k0: 0, k1: dims[2] - 1, arrays: kernel },
      inlineTaskContext(context.signal, context.onProgress),
    );
    return assemble(input, arrays, outputs, options);
  }
  const source = cellSourceOf(input);
  const numberOfCells = source.numberOfCells;
  const ids = new Int32Array(source.maxCellSize);
  const counts = new Int32Array(numberOfCells);
  const sums = arrays.map((a) => new Float64Array(numberOfCells * a.numberOfComponents));
  const values = arrays.map((a) => numericValues(a.values));
  const tick = loopMonitor(context, numberOfCells, 'PointDatatoCellData');
  for (let c = 0; c < numberOfCells; c++) {
    tick(c);
    const n = source.cellPointIds(c, ids);
    counts[c] = n;
    for (let a = 0; a < arrays.length; a++) {
      const nc = arrays[a].numberOfComponents;
      const from = values[a];
      const to = sums[a];
      for (let k = 0; k < n; k++) for (let j = 0; j < nc; j++) to[c * nc + j] += from[ids[k] * nc + j];
    }
  }
  return assemble(
    input,
    arrays,
    arrays.map((array, a) => averaged(array, sums[a], counts)),
    options,
  );
}

/** Point → cell averages, big 3D grids in parallel over cell planes on the worker pool. */
export async function pointDataToCellDataParallel(
  input: DataSet,
  options: PointDataToCellDataOptions = {},
  context: FilterContext = {},
): Promise<DataSet> {
  const arrays = arraysToAverage(input.pointData, options.arrays);
  const dims = structuredAverageDims(input, arrays);
  const cells = dims ? (dims[0] - 1) * (dims[1] - 1) * (dims[2] - 1) : 0;
  if (!dims || cells < PARALLEL_MIN_CELLS || arrays.length === 0)
    return pointDataToCellData(input, options, context);
  const { kernel, outputs } = averagedArrays(arrays, cells, true);
  const hexahedra = input.type === 'StructuredGrid';
  await runPieces<AveragePointsPiece, number>(
    {
      task: taskReference(workerModule, 'averagePointsPiece'),
      run: averagePointsPiece,
      inputs: splitRange(0, dims[2] - 1, workerCount(context)).map(([k0, k1]) => ({
        dims,
        hexahedra,
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

const properties: readonly PropertySchema[] = [
  { name: 'PassPointData', type: 'boolean', default: false, doc: 'Keep the point arrays in the output.' },
  {
    name: 'ProcessAllArrays',
    type: 'boolean',
    default: true,
    doc: 'Convert every point array (otherwise only PointDataArraytoprocess).',
  },
  {
    name: 'PointDataArraytoprocess',
    type: 'strings',
    default: [],
    doc: 'Point arrays to convert when not all.',
  },
];

export const pointDataToCellDataDefinition: FilterDefinition = {
  name: 'PointDatatoCellData',
  kind: 'filter',
  description:
    'Averages point arrays onto the cells (each cell: mean over its points). Any dataset; geometry unchanged; ' +
    'cell arrays kept; point arrays kept only with PassPointData.',
  inputs: { min: 1, max: 1 },
  properties,
  async execute(inputs: readonly DataObject[], values: PropertyValues, context: FilterContext) {
    const p = resolveProperties('PointDatatoCellData', properties, values);
    const options: PointDataToCellDataOptions = {
      passPointData: p.PassPointData as boolean,
      arrays: p.ProcessAllArrays ? undefined : (p.PointDataArraytoprocess as string[]),
    };
    return mapDataSets('PointDatatoCellData', onlyInput('PointDatatoCellData', inputs), context, (data, c) =>
      pointDataToCellDataParallel(data, options, c),
    );
  },
};
