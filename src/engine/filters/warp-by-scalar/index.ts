/**
 * WarpByScalar (vtkWarpScalar): moves every point along a direction by ScaleFactor × a point
 * scalar. The direction is the point's normal when the input has point normals and UseNormal is
 * off, else the `Normal` property. With XYPlane the z coordinate is used as the scalar (for
 * flat images). Point sets keep their kind; image and rectilinear data become a StructuredGrid.
 * Point and cell data pass through. MultiBlock: block by block.
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

export interface WarpByScalarOptions {
  /** The point scalars (default: the active scalars, else the first 1-component point array). */
  scalars?: ArraySelection | null;
  scaleFactor?: number;
  /** Direction used when the input has no point normals or `useNormal` is set (default +z). */
  normal?: [number, number, number];
  /** Use `normal` even when the input has point normals. */
  useNormal?: boolean;
  /** Take the displacement from the z coordinate instead of the scalars. */
  xyPlane?: boolean;
}

export function warpByScalar(
  input: DataSet,
  options: WarpByScalarOptions = {},
  _context: FilterContext = {},
): DataSet {
  const scale = options.scaleFactor ?? 1;
  const normal = options.normal ?? [0, 0, 1];
  const pointSet = toPointSet(input);
  const xyz = pointCoordinates(pointSet);
  const scalars = options.xyPlane
    ? undefined
    : numericValues(
        pickPointArray('WarpByScalar', 'Scalars', input, options.scalars ?? null, 1, 'scalars').values,
      );
  const normalsArray = options.useNormal ? undefined : input.pointData.getActive('normals');
  const normals = normalsArray?.numberOfComponents === 3 ? numericValues(normalsArray.values) : undefined;
  const values = xyz instanceof Float32Array ? new Float32Array(xyz.length) : new Float64Array(xyz.length);
  const n = xyz.length / 3;
  for (let p = 0; p < n; p++) {
    const s = scale * (scalars ? scalars[p] : xyz[3 * p + 2]);
    for (let a = 0; a < 3; a++)
      values[3 * p + a] = xyz[3 * p + a] + s * (normals ? normals[3 * p + a] : normal[a]);
  }
  return withPoints(pointSet, new DataArray({ name: 'Points', values, numberOfComponents: 3 }));
}

const properties: readonly PropertySchema[] = [
  {
    name: 'Scalars',
    type: 'array',
    default: null,
    association: 'POINTS',
    components: 1,
    doc: 'Point scalars giving the displacement (default: the active scalars).',
  },
  { name: 'ScaleFactor', type: 'number', default: 1, doc: 'Multiplier of the scalars.' },
  {
    name: 'Normal',
    type: 'numbers',
    size: 3,
    default: [0, 0, 1],
    doc: 'Direction when no point normals are used.',
  },
  {
    name: 'UseNormal',
    type: 'boolean',
    default: false,
    doc: 'Use Normal even if the input has point normals.',
  },
  { name: 'XYPlane', type: 'boolean', default: false, doc: 'Use the z coordinate as the scalar.' },
];

export const warpByScalarDefinition: FilterDefinition = {
  name: 'WarpByScalar',
  kind: 'filter',
  description:
    'Displaces points along their normals (or a fixed direction) by a scaled point scalar. Point and cell data pass through.',
  inputs: { min: 1, max: 1 },
  properties,
  async execute(inputs: readonly DataObject[], values: PropertyValues, context: FilterContext) {
    const p = resolveProperties('WarpByScalar', properties, values);
    const options: WarpByScalarOptions = {
      scalars: p.Scalars as ArraySelection | null,
      scaleFactor: p.ScaleFactor as number,
      normal: p.Normal as [number, number, number],
      useNormal: p.UseNormal as boolean,
      xyPlane: p.XYPlane as boolean,
    };
    return mapDataSets('WarpByScalar', onlyInput('WarpByScalar', inputs), context, (data, c) =>
      warpByScalar(data, options, c),
    );
  },
};
