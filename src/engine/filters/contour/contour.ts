/**
 * Contour: iso-surfaces (3D cells) and iso-lines (2D cells) of a point scalar array, with
 * ParaView's properties. Structured 3D grids go through the parallel flying-edges kernel; other
 * datasets through the per-cell kernel (cells.ts); multiblocks block by block.
 */
import { PropertyError } from '../../../errors.js';
import type { DataArray } from '../../data/data-array.js';
import type { DataObject, DataSet, PolyData } from '../../data/dataset.js';
import { dimensionsOf } from '../../data/queries.js';
import { mapDataSets } from '../cell-access/blocks.js';
import { requireArray, resolveProperties } from '../properties.js';
import type { ArraySelection, FilterContext, FilterDefinition, PropertySchema } from '../types.js';
import { contourCells } from './cells.js';
import { contourStructured, type StructuredDataSet } from './structured.js';

/** More iso-values than this is a mistake (each makes a full surface). */
export const MAX_ISOSURFACES = 1000;

const properties: readonly PropertySchema[] = [
  {
    name: 'ContourBy',
    doc: 'Point array whose iso-surfaces are extracted.',
    type: 'array',
    association: 'POINTS',
    components: 1,
    default: null,
  },
  { name: 'Isosurfaces', doc: 'Iso-values.', type: 'numbers', maxLength: MAX_ISOSURFACES, default: [] },
  {
    name: 'ComputeNormals',
    doc: 'Output point Normals (from the scalar gradient on grids).',
    type: 'boolean',
    default: true,
  },
  {
    name: 'ComputeScalars',
    doc: 'Output the contoured array (its value is the iso-value).',
    type: 'boolean',
    default: true,
  },
  {
    name: 'ComputeGradients',
    doc: 'Output point Gradients of the contoured array.',
    type: 'boolean',
    default: false,
  },
];

export interface ContourSettings {
  selection: ArraySelection | null;
  isovalues: number[];
  computeNormals: boolean;
  computeScalars: boolean;
  computeGradients: boolean;
}

function settingsOf(values: Readonly<Record<string, unknown>>): ContourSettings {
  const p = resolveProperties('Contour', properties, values);
  const selection = p.ContourBy as ArraySelection | null;
  if (selection && selection[0] !== 'POINTS') {
    throw new PropertyError(
      'Contour',
      'ContourBy',
      'contours need a point array; use CellDatatoPointData first',
    );
  }
  return {
    selection,
    isovalues: p.Isosurfaces as number[],
    computeNormals: p.ComputeNormals as boolean,
    computeScalars: p.ComputeScalars as boolean,
    computeGradients: p.ComputeGradients as boolean,
  };
}

function isStructured3D(data: DataSet): data is StructuredDataSet {
  if (data.type !== 'ImageData' && data.type !== 'RectilinearGrid' && data.type !== 'StructuredGrid')
    return false;
  return dimensionsOf(data.extent).every((n) => n >= 2);
}

/** The active scalars when ContourBy is not set, as ParaView's default selection. */
function defaultSelection(data: DataSet): ArraySelection | null {
  const name =
    data.pointData.getActiveName('scalars') ??
    data.pointData.dataArrays.find((a) => a.numberOfComponents === 1)?.name;
  return name === undefined ? null : ['POINTS', name];
}

export async function contourDataSet(
  data: DataSet,
  settings: ContourSettings,
  context: FilterContext,
): Promise<PolyData> {
  const selection = settings.selection ?? defaultSelection(data);
  const { array } = requireArray('Contour', 'ContourBy', data, selection, 1);
  const options = {
    computeNormals: settings.computeNormals,
    computeScalars: settings.computeScalars,
    computeGradients: settings.computeGradients,
    normalsAgainstGradient: true,
  };
  if (isStructured3D(data))
    return contourStructured(data, array as DataArray, settings.isovalues, options, context);
  return contourCells(data, array, settings.isovalues, options, context);
}

/** Block by block on multiblocks (names and nesting kept), directly on datasets. */
function contourObject(
  data: DataObject,
  settings: ContourSettings,
  context: FilterContext,
): Promise<DataObject> {
  return mapDataSets('Contour', data, context, (dataSet, blockContext) =>
    contourDataSet(dataSet, settings, blockContext),
  );
}

export const contourFilter: FilterDefinition = {
  name: 'Contour',
  kind: 'filter',
  description:
    'Iso-surfaces (3D cells) or iso-lines (2D cells) of a point scalar array at each value of Isosurfaces. ' +
    'Structured grids use a parallel flying-edges kernel whose points and triangles equal vtkFlyingEdges3D; ' +
    'unstructured cells use per-type case tables with points merged along shared edges. Point arrays are ' +
    'interpolated; cell arrays are copied to the triangles cut from each cell. Output: PolyData (MultiBlock per block).',
  inputs: { min: 1, max: 1 },
  properties,
  async execute(inputs, values, context) {
    return contourObject(inputs[0], settingsOf(values), context);
  },
};
