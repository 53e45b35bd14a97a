/**
 * WarpByVector (vtkWarpVector): moves every point by ScaleFactor × a point vector array.
 * Point sets keep their kind; image and rectilinear data become a StructuredGrid. Point and
 * cell data pass through; points keep their precision. MultiBlock: block by block.
 */
import { DataArray } from '../../data/data-array.js';
import type { DataObject, DataSet } from '../../data/dataset.js';
import { pickPointArray } from '../cell-access/attributes.js';
import { mapDataSets, onlyInput } from '../cell-access/blocks.js';
import { toPointSet, withPoints } from '../cell-access/convert.js';
import { numericValues, pointCoordinates } from '../cell-access/points.js';
import { resolveProperties } from '../properties.js';
import type {
  ArraySelection,
  FilterContext,
  FilterDefinition,
  PropertySchema,
  PropertyValues,
} from '../types.js';

export interface WarpByVectorOptions {
  /** The point vectors (default: the active vectors, else the first 3-component point array). */
  vectors?: ArraySelection | null;
  scaleFactor?: number;
}

export function warpByVector(
  input: DataSet,
  options: WarpByVectorOptions = {},
  _context: FilterContext = {},
): DataSet {
  const vectors = numericValues(
    pickPointArray('WarpByVector', 'Vectors', input, options.vectors ?? null, 3, 'vectors').values,
  );
  const scale = options.scaleFactor ?? 1;
  const pointSet = toPointSet(input);
  const xyz = pointCoordinates(pointSet);
  const values = xyz instanceof Float32Array ? new Float32Array(xyz.length) : new Float64Array(xyz.length);
  for (let i = 0; i < xyz.length; i++) values[i] = xyz[i] + scale * vectors[i];
  return withPoints(pointSet, new DataArray({ name: 'Points', values, numberOfComponents: 3 }));
}

const properties: readonly PropertySchema[] = [
  {
    name: 'Vectors',
    type: 'array',
    default: null,
    association: 'POINTS',
    components: 3,
    doc: 'Point vectors to move the points by (default: the active vectors).',
  },
  { name: 'ScaleFactor', type: 'number', default: 1, doc: 'Multiplier of the vectors.' },
];

export const warpByVectorDefinition: FilterDefinition = {
  name: 'WarpByVector',
  kind: 'filter',
  description: 'Displaces points by a scaled point vector array. Point data and cell data pass through.',
  inputs: { min: 1, max: 1 },
  properties,
  async execute(inputs: readonly DataObject[], values: PropertyValues, context: FilterContext) {
    const p = resolveProperties('WarpByVector', properties, values);
    const options = { vectors: p.Vectors as ArraySelection | null, scaleFactor: p.ScaleFactor as number };
    return mapDataSets('WarpByVector', onlyInput('WarpByVector', inputs), context, (data, c) =>
      warpByVector(data, options, c),
    );
  },
};
