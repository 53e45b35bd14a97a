import { DataArray } from '../../data/data-array.js';
import type { DataObject, DataSet, PolyData } from '../../data/dataset.js';
import { dimensionsOf, numberOfPoints } from '../../data/queries.js';
import { mapDataSets } from '../cell-access/blocks.js';
import { pointSourceOf } from '../cell-access/extract.js';
import { pointPosition } from '../cell-access/extract.worker.js';
import { contourCells } from '../contour/cells.js';
import type { ScalarField } from '../contour/flying-edges.worker.js';
import { isoSurfaceStructured, type StructuredDataSet, useWorkers } from '../contour/structured.js';
import {
  evaluateAtPoints,
  IMPLICIT_FUNCTION_KINDS,
  type ImplicitFunction,
  implicitFunctionFrom,
} from '../implicit-functions.js';
import { resolveProperties } from '../properties.js';
import type { FilterContext, FilterDefinition, PropertySchema, TypedObject } from '../types.js';
import { fansToPolygons } from './polygons.js';

export const MAX_SLICE_OFFSETS = 1000;

const properties: readonly PropertySchema[] = [
  {
    name: 'SliceType',
    doc: 'The cutting function: Plane (Origin, Normal, Offset), Box, Sphere or Cylinder.',
    type: 'object',
    default: { Type: 'Plane', Origin: [0, 0, 0], Normal: [1, 0, 0], Offset: 0 },
    kinds: IMPLICIT_FUNCTION_KINDS,
  },
  {
    name: 'SliceOffsetValues',
    doc: 'Function values to cut at (plane: distances along the normal); empty means 0.',
    type: 'numbers',
    maxLength: MAX_SLICE_OFFSETS,
    default: [],
  },
  {
    name: 'Triangulatetheslice',
    doc: 'Output triangles (else one polygon per cut cell).',
    type: 'boolean',
    default: true,
  },
];

interface SliceSettings {
  cut: ImplicitFunction;
  values: number[];
  triangulate: boolean;
}

function isStructured3D(data: DataSet): data is StructuredDataSet {
  if (data.type !== 'ImageData' && data.type !== 'RectilinearGrid' && data.type !== 'StructuredGrid')
    return false;
  return dimensionsOf(data.extent).every((n) => n >= 2);
}

/** The cut function at every point of `data`. */
function cutValues(data: DataSet, cut: ImplicitFunction, shared: boolean): Float64Array {
  const source = pointSourceOf(data, false);
  return evaluateAtPoints(cut, numberOfPoints(data), (p, out) => pointPosition(source, p, out, 0), shared);
}

export async function sliceDataSet(
  data: DataSet,
  settings: SliceSettings,
  context: FilterContext,
): Promise<PolyData> {
  const { cut, values } = settings;
  let output: PolyData;
  let sourceCells: Int32Array | undefined;
  const keep = settings.triangulate ? undefined : (ids: Int32Array) => (sourceCells = ids);
  if (isStructured3D(data)) {
    const shared = useWorkers(data);
    const field: ScalarField =
      data.type === 'ImageData' && cut.type === 'Plane'
        ? {
            kind: 'plane',
            normal: cut.normal,
            origin: cut.origin,
            image: {
              origin: data.origin,
              spacing: data.spacing,
              direction: data.direction,
              first: [data.extent[0], data.extent[2], data.extent[4]],
            },
          }
        : { kind: 'array', values: cutValues(data, cut, shared) };
    output = await isoSurfaceStructured(
      data,
      field,
      values,
      {
        computeNormals: false,
        computeGradients: false,
        normalsAgainstGradient: true,
        scalarsLike: null,
        skip: null,
        mergeTies: false,
        sourceCells: keep,
      },
      context,
    );
  } else {
    const field = new DataArray({ name: 'cut', values: cutValues(data, cut, false) });
    output = await contourCells(
      data,
      field,
      values,
      { computeNormals: false, computeScalars: false, computeGradients: false, sourceCells: keep },
      context,
    );
  }
  return sourceCells ? fansToPolygons(output, sourceCells) : output;
}

/** Block by block on multiblocks (names and nesting kept), directly on datasets. */
function sliceObject(data: DataObject, settings: SliceSettings, context: FilterContext): Promise<DataObject> {
  return mapDataSets('Slice', data, context, (dataSet, blockContext) =>
    sliceDataSet(dataSet, settings, blockContext),
  );
}

export const sliceFilter: FilterDefinition = {
  name: 'Slice',
  kind: 'filter',
  description:
    'Cuts any dataset with a plane, box, sphere or cylinder (at SliceOffsetValues), as vtkCutter: the zero ' +
    'iso-surface of the implicit function, computed with the contour kernels (parallel on structured grids). ' +
    'Point data is interpolated, cell data copied. Output: PolyData (MultiBlock per block).',
  inputs: { min: 1, max: 1 },
  properties,
  async execute(inputs, values, context) {
    const p = resolveProperties('Slice', properties, values);
    const offsets = p.SliceOffsetValues as number[];
    const settings: SliceSettings = {
      cut: implicitFunctionFrom('Slice', 'SliceType', p.SliceType as TypedObject),
      values: offsets.length > 0 ? offsets : [0],
      triangulate: p.Triangulatetheslice as boolean,
    };
    return sliceObject(inputs[0], settings, context);
  },
};
