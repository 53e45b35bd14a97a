/**
 * CellDatatoPointData (vtkCellDataToPointData): each point gets the average of the values of the
 * cells that use it (a cell listing a point twice counts twice, as in VTK); points used by no
 * cell get 0. Arrays keep their type (integer averages are truncated, as VTK's cast does) and
 * their active role. Works on every dataset kind, geometry unchanged; MultiBlock block by block.
 * `PassCellData` keeps the cell arrays as well.
 */
import { DataSetAttributes } from '../../data/attributes.js';
import { allocateTypedArray, DataArray } from '../../data/data-array.js';
import type { DataObject, DataSet } from '../../data/dataset.js';
import { passAttributes } from '../cell-access/attributes.js';
import { loopMonitor, mapDataSets, onlyInput } from '../cell-access/blocks.js';
import { cellSourceOf } from '../cell-access/cells.js';
import { withAttributes } from '../cell-access/convert.js';
import { Int32Buffer } from '../cell-access/growable.js';
import { numericValues } from '../cell-access/points.js';
import { resolveProperties } from '../properties.js';
import type { FilterContext, FilterDefinition, PropertySchema, PropertyValues } from '../types.js';

export interface CellDataToPointDataOptions {
  /** Keep the cell arrays in the output (default false, as ParaView). */
  passCellData?: boolean;
  /** Only these cell arrays (default: all numeric arrays but global ids). */
  arrays?: readonly string[];
}

export function cellDataToPointData(
  input: DataSet,
  options: CellDataToPointDataOptions = {},
  context: FilterContext = {},
): DataSet {
  const source = cellSourceOf(input);
  const numberOfPoints = source.numberOfPoints;
  const globalIds = input.cellData.getActiveName('globalIds');
  const arrays = input.cellData.dataArrays.filter(
    (a) => a.name !== globalIds && (!options.arrays || options.arrays.includes(a.name)),
  );
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
  const pointData = passAttributes(input.pointData);
  for (const array of arrays) {
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
    pointData.add(averaged(array, sums, counts));
  }
  const roles = new DataSetAttributes();
  for (const array of arrays) roles.add(array);
  roles.copyActiveFrom(input.cellData);
  for (const [role, name] of Object.entries(roles.activeAttributes)) {
    pointData.setActive(role as Parameters<DataSetAttributes['setActive']>[0], name);
  }
  const cellData = options.passCellData ? passAttributes(input.cellData) : new DataSetAttributes();
  return withAttributes(input, pointData, cellData);
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
      cellDataToPointData(data, options, c),
    );
  },
};
