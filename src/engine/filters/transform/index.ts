/**
 * Transform (vtkTransformFilter with ParaView's Transform property): moves the points by
 * translate/rotate/scale. Point sets keep their kind (PolyData, StructuredGrid,
 * UnstructuredGrid); image and rectilinear data become a StructuredGrid, as in ParaView. The
 * active point/cell vectors are transformed by the linear part and the active normals by its
 * inverse transpose (renormalised); with `TransformAllInputVectors` every other 3-component
 * array is transformed as a vector too. Points keep their precision. MultiBlock: block by block.
 */
import { DataSetAttributes } from '../../data/attributes.js';
import { allocateTypedArray, DataArray } from '../../data/data-array.js';
import type { DataObject, DataSet } from '../../data/dataset.js';
import { mapDataSets, onlyInput } from '../cell-access/blocks.js';
import { toPointSet } from '../cell-access/convert.js';
import { numericValues, pointCoordinates } from '../cell-access/points.js';
import { resolveProperties } from '../properties.js';
import type {
  FilterContext,
  FilterDefinition,
  PropertySchema,
  PropertyValues,
  TypedObject,
} from '../types.js';
import { type AffineMap, affineMap, mapTuples, type TransformParameters } from './matrix.js';

export type { TransformParameters } from './matrix.js';

export interface TransformOptions extends Partial<TransformParameters> {
  /** Transform every 3-component array as a vector, not only the active vectors. */
  transformAllInputVectors?: boolean;
}

function transformAttributes(attributes: DataSetAttributes, map: AffineMap, all: boolean): DataSetAttributes {
  const vectors = attributes.getActiveName('vectors');
  const normals = attributes.getActiveName('normals');
  const out = new DataSetAttributes();
  for (const array of attributes.arrays) {
    if (!(array instanceof DataArray) || array.numberOfComponents !== 3) {
      out.add(array);
      continue;
    }
    const isNormal = array.name === normals;
    if (!isNormal && array.name !== vectors && !all) {
      out.add(array);
      continue;
    }
    const type = array.dataType === 'Float64' ? 'Float64' : 'Float32';
    const values = allocateTypedArray(type, array.values.length) as Float32Array | Float64Array;
    mapTuples(isNormal ? map.normal : map.linear, numericValues(array.values), values, undefined, isNormal);
    out.add(
      new DataArray({
        name: array.name,
        values,
        numberOfComponents: 3,
        componentNames: array.componentNames,
      }),
    );
  }
  out.copyActiveFrom(attributes);
  return out;
}

export function transform(
  input: DataSet,
  options: TransformOptions = {},
  _context: FilterContext = {},
): DataSet {
  const map = affineMap({
    translate: options.translate ?? [0, 0, 0],
    rotate: options.rotate ?? [0, 0, 0],
    scale: options.scale ?? [1, 1, 1],
  });
  const pointSet = toPointSet(input);
  const xyz = pointCoordinates(pointSet);
  const values = xyz instanceof Float32Array ? new Float32Array(xyz.length) : new Float64Array(xyz.length);
  mapTuples(map.linear, xyz, values, map.translation);
  const all = options.transformAllInputVectors ?? false;
  return {
    ...pointSet,
    points: new DataArray({ name: 'Points', values, numberOfComponents: 3 }),
    pointData: transformAttributes(pointSet.pointData, map, all),
    cellData: transformAttributes(pointSet.cellData, map, all),
  };
}

const transformKind: readonly PropertySchema[] = [
  { name: 'Translate', type: 'numbers', size: 3, default: [0, 0, 0], doc: 'Translation.' },
  { name: 'Rotate', type: 'numbers', size: 3, default: [0, 0, 0], doc: 'Rotation about x, y, z in degrees.' },
  { name: 'Scale', type: 'numbers', size: 3, default: [1, 1, 1], doc: 'Scale factors along x, y, z.' },
];

const properties: readonly PropertySchema[] = [
  {
    name: 'Transform',
    type: 'object',
    default: { Type: 'Transform', Translate: [0, 0, 0], Rotate: [0, 0, 0], Scale: [1, 1, 1] },
    kinds: { Transform: transformKind },
    doc: 'Translate, rotate (degrees, applied z, x, y) and scale.',
  },
  {
    name: 'TransformAllInputVectors',
    type: 'boolean',
    default: false,
    doc: 'Transform every 3-component array, not only the active vectors and normals.',
  },
];

export const transformDefinition: FilterDefinition = {
  name: 'Transform',
  kind: 'filter',
  description:
    'Translates, rotates and scales the points; active vectors and normals follow. Point sets keep their kind; ' +
    'image and rectilinear data become a StructuredGrid.',
  inputs: { min: 1, max: 1 },
  properties,
  async execute(inputs: readonly DataObject[], values: PropertyValues, context: FilterContext) {
    const p = resolveProperties('Transform', properties, values);
    const t = p.Transform as TypedObject;
    const options: TransformOptions = {
      translate: t.Translate as [number, number, number],
      rotate: t.Rotate as [number, number, number],
      scale: t.Scale as [number, number, number],
      transformAllInputVectors: p.TransformAllInputVectors as boolean,
    };
    return mapDataSets('Transform', onlyInput('Transform', inputs), context, (data, c) =>
      transform(data, options, c),
    );
  },
};
