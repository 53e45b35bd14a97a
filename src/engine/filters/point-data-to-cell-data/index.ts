/**
 * PointDatatoCellData (vtkPointDataToCellData): each cell gets the average of the values at its
 * points. Arrays keep their type (integer averages truncated, as VTK's cast does) and active
 * role. Works on every dataset kind, geometry unchanged; MultiBlock block by block.
 * `PassPointData` keeps the point arrays as well.
 */
import { DataSetAttributes } from '../../data/attributes.js';
import type { DataObject, DataSet } from '../../data/dataset.js';
import { passAttributes } from '../cell-access/attributes.js';
import { loopMonitor, mapDataSets, onlyInput } from '../cell-access/blocks.js';
import { cellSourceOf } from '../cell-access/cells.js';
import { withAttributes } from '../cell-access/convert.js';
import { numericValues } from '../cell-access/points.js';
import { averaged } from '../cell-data-to-point-data/index.js';
import { resolveProperties } from '../properties.js';
import type { FilterContext, FilterDefinition, PropertySchema, PropertyValues } from '../types.js';

export interface PointDataToCellDataOptions {
  /** Keep the point arrays in the output (default false, as ParaView). */
  passPointData?: boolean;
  /** Only these point arrays (default: all numeric arrays but global ids). */
  arrays?: readonly string[];
}

export function pointDataToCellData(
  input: DataSet,
  options: PointDataToCellDataOptions = {},
  context: FilterContext = {},
): DataSet {
  const source = cellSourceOf(input);
  const numberOfCells = source.numberOfCells;
  const globalIds = input.pointData.getActiveName('globalIds');
  const arrays = input.pointData.dataArrays.filter(
    (a) => a.name !== globalIds && (!options.arrays || options.arrays.includes(a.name)),
  );
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
  const cellData = passAttributes(input.cellData);
  arrays.forEach((array, a) => {
    cellData.add(averaged(array, sums[a], counts));
  });
  const roles = new DataSetAttributes();
  for (const array of arrays) roles.add(array);
  roles.copyActiveFrom(input.pointData);
  for (const [role, name] of Object.entries(roles.activeAttributes)) {
    cellData.setActive(role as Parameters<DataSetAttributes['setActive']>[0], name);
  }
  const pointData = options.passPointData ? passAttributes(input.pointData) : new DataSetAttributes();
  return withAttributes(input, pointData, cellData);
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
      pointDataToCellData(data, options, c),
    );
  },
};
