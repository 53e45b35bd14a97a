/**
 * IntegrateVariables (vtkIntegrateAttributes): the length, area or volume of a dataset and the
 * integral of every numeric point array (interpolated linearly over each simplex) and cell array
 * (value × measure).
 *
 * Only cells of the highest dimension present are integrated, as in VTK (a mesh of tetrahedra
 * and triangles gives a Volume). Works on every dataset kind and on MultiBlock (the sum over
 * the leaves, of the arrays that every non-empty leaf has). The active global-ids array and
 * `vtkGhostType` are not integrated. Output: an UnstructuredGrid with one point (the weighted
 * centre) and one vertex cell, point arrays holding the point-data integrals and cell arrays the
 * cell-data integrals followed by `Length`, `Area` or `Volume` — all Float64, as ParaView gives.
 */
import { PipelineError } from '../../../errors.js';
import type { DataSetAttributes } from '../../data/attributes.js';
import { DataArray } from '../../data/data-array.js';
import {
  createUnstructuredGrid,
  type DataObject,
  type DataSet,
  isDataSet,
  type UnstructuredGrid,
} from '../../data/dataset.js';
import { leaves, numberOfPoints } from '../../data/queries.js';
import { onlyInput } from '../cell-access/blocks.js';
import { numericValues } from '../cell-access/points.js';
import { resolveProperties } from '../properties.js';
import type { FilterContext, FilterDefinition, PropertySchema, PropertyValues } from '../types.js';
import { integrationWeights } from './weights.js';

export interface IntegrateVariablesOptions {
  /** Divide every cell-data integral by the total length/area/volume (ParaView's DivideCellDataByVolume). */
  divideCellDataByVolume?: boolean;
}

/** Integrals of a dataset, in the shape `periscope run --json` reports as `integrated`. */
export interface Integrals {
  Length?: number;
  Area?: number;
  Volume?: number;
  /** Integral of each point array, one number per component. */
  point: Record<string, number[]>;
  /** Integral of each cell array, one number per component. */
  cell: Record<string, number[]>;
  /** Centre of the integrated cells (measure-weighted mean of simplex centroids). */
  center: [number, number, number];
}

const SKIPPED = new Set(['vtkGhostType']);

function integrableArrays(attributes: DataSetAttributes): DataArray[] {
  const globalIds = attributes.getActiveName('globalIds');
  return attributes.dataArrays.filter((a) => a.name !== globalIds && !SKIPPED.has(a.name));
}

/** Arrays present (same name and component count) in every dataset: VTK's field-list intersection. */
function commonArrays(
  datasets: DataSet[],
  pick: (d: DataSet) => DataSetAttributes,
): { name: string; components: number }[] {
  if (datasets.length === 0) return [];
  const first = integrableArrays(pick(datasets[0])).map((a) => ({
    name: a.name,
    components: a.numberOfComponents,
  }));
  return first.filter(({ name, components }) =>
    datasets.every((d) =>
      integrableArrays(pick(d)).some((a) => a.name === name && a.numberOfComponents === components),
    ),
  );
}

function weightedSum(array: DataArray, weights: Float64Array, out: number[]): void {
  const n = array.numberOfComponents;
  const values = numericValues(array.values);
  for (let t = 0; t < weights.length; t++) {
    const w = weights[t];
    if (w === 0) continue;
    for (let c = 0; c < n; c++) out[c] += w * values[t * n + c];
  }
}

/**
 * Integrates a dataset or a multiblock (all leaves together). The measure is reported under
 * `Length`, `Area` or `Volume` according to the highest cell dimension; none is set when the
 * data has only vertices.
 */
export function integrateVariables(
  data: DataObject,
  options: IntegrateVariablesOptions = {},
  context: FilterContext = {},
): Integrals {
  let datasets: DataSet[];
  if (isDataSet(data)) datasets = [data];
  else if (data.type === 'MultiBlock')
    datasets = [...leaves(data)].map((l) => l.data).filter((d) => numberOfPoints(d) > 0);
  else throw new PipelineError(`IntegrateVariables cannot process a ${data.type} input`);

  const pointArrays = commonArrays(datasets, (d) => d.pointData);
  const cellArrays = commonArrays(datasets, (d) => d.cellData);
  const point = Object.fromEntries(pointArrays.map((a) => [a.name, new Array<number>(a.components).fill(0)]));
  const cell = Object.fromEntries(cellArrays.map((a) => [a.name, new Array<number>(a.components).fill(0)]));
  let dimension = 0;
  let sum = 0;
  const center: [number, number, number] = [0, 0, 0];

  datasets.forEach((dataset, index) => {
    const weights = integrationWeights(dataset, {
      signal: context.signal,
      onProgress: context.onProgress && ((f) => context.onProgress?.((index + f) / datasets.length)),
    });
    if (weights.dimension < dimension) return;
    if (weights.dimension > dimension) {
      // A higher dimension throws out what lower-dimensional blocks gave, as VTK does.
      dimension = weights.dimension;
      sum = 0;
      center.fill(0);
      for (const values of [...Object.values(point), ...Object.values(cell)]) values.fill(0);
    }
    sum += weights.sum;
    for (let a = 0; a < 3; a++) center[a] += weights.sumCenter[a];
    for (const { name } of pointArrays)
      weightedSum(dataset.pointData.getDataArray(name)!, weights.pointWeights, point[name]);
    for (const { name } of cellArrays)
      weightedSum(dataset.cellData.getDataArray(name)!, weights.cellMeasures, cell[name]);
  });

  if (options.divideCellDataByVolume && sum !== 0) {
    for (const values of Object.values(cell)) for (let c = 0; c < values.length; c++) values[c] /= sum;
  }
  const result: Integrals = {
    point,
    cell,
    center: sum !== 0 ? [center[0] / sum, center[1] / sum, center[2] / sum] : center,
  };
  if (dimension === 1) result.Length = sum;
  else if (dimension === 2) result.Area = sum;
  else if (dimension === 3) result.Volume = sum;
  return result;
}

/** The integrals as ParaView's one-point UnstructuredGrid. */
export function integralsToDataSet(integrals: Integrals): UnstructuredGrid {
  const grid = createUnstructuredGrid({
    points: new DataArray({
      name: 'Points',
      values: Float64Array.from(integrals.center),
      numberOfComponents: 3,
    }),
    cells: { offsets: Int32Array.of(0, 1), connectivity: Int32Array.of(0) },
    cellTypes: Uint8Array.of(1),
  });
  for (const [name, values] of Object.entries(integrals.point)) {
    grid.pointData.add(
      new DataArray({ name, values: Float64Array.from(values), numberOfComponents: values.length }),
    );
  }
  for (const [name, values] of Object.entries(integrals.cell)) {
    grid.cellData.add(
      new DataArray({ name, values: Float64Array.from(values), numberOfComponents: values.length }),
    );
  }
  for (const name of ['Length', 'Area', 'Volume'] as const) {
    const value = integrals[name];
    if (value !== undefined) grid.cellData.add(new DataArray({ name, values: Float64Array.of(value) }));
  }
  return grid;
}

const properties: readonly PropertySchema[] = [
  {
    name: 'DivideCellDataByVolume',
    type: 'boolean',
    default: false,
    doc: 'Divide the cell-data integrals by the total length, area or volume (giving averages).',
  },
];

export const integrateVariablesDefinition: FilterDefinition = {
  name: 'IntegrateVariables',
  kind: 'filter',
  description:
    'Integrates point and cell arrays over the cells of the highest dimension and reports the total Length, ' +
    'Area or Volume. Any dataset kind; a MultiBlock is integrated as a whole. Output: one-point ' +
    'UnstructuredGrid with the integrals as Float64 point and cell arrays.',
  inputs: { min: 1, max: 1 },
  properties,
  async execute(inputs: readonly DataObject[], values: PropertyValues, context: FilterContext) {
    const resolved = resolveProperties('IntegrateVariables', properties, values);
    const integrals = integrateVariables(
      onlyInput('IntegrateVariables', inputs),
      { divideCellDataByVolume: resolved.DivideCellDataByVolume as boolean },
      context,
    );
    return integralsToDataSet(integrals);
  },
};
