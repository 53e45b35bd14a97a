/**
 * GenerateSurfaceNormals (vtkPolyDataNormals): point normals `Normals` (Float32) for polygonal
 * surfaces, with consistent ordering, feature-edge splitting and optional cell normals.
 *
 * PolyData: polygons and triangle strips (split into triangles) get normals; vertices and lines
 * pass through. Other datasets are first reduced to their surface (ExtractSurface), so any
 * input works. Point data follows the (possibly duplicated) points, cell data its cells.
 * MultiBlock: block by block.
 */
import type { DataObject, DataSet, PolyData } from '../../data/dataset.js';
import { mapDataSets, onlyInput } from '../cell-access/blocks.js';
import { extractSurface } from '../extract-surface/index.js';
import { resolveProperties } from '../properties.js';
import type { FilterContext, FilterDefinition, PropertySchema, PropertyValues } from '../types.js';
import { type SurfaceNormalsOptions, surfaceNormals } from './normals.js';

export type { SurfaceNormalsOptions } from './normals.js';

export const DEFAULT_SURFACE_NORMALS: SurfaceNormalsOptions = {
  featureAngle: 30,
  splitting: true,
  consistency: true,
  flipNormals: false,
  computeCellNormals: false,
  nonManifoldTraversal: true,
  autoOrientNormals: false,
};

export function generateSurfaceNormals(
  input: DataSet,
  options: Partial<SurfaceNormalsOptions> = {},
  context: FilterContext = {},
): PolyData {
  const surface = input.type === 'PolyData' ? input : extractSurface(input, {}, context);
  return surfaceNormals(surface, { ...DEFAULT_SURFACE_NORMALS, ...options }, context);
}

const properties: readonly PropertySchema[] = [
  {
    name: 'FeatureAngle',
    type: 'number',
    default: 30,
    min: 0,
    max: 180,
    doc: 'Edges between polygons whose normals differ by more than this angle (degrees) are sharp.',
  },
  { name: 'Splitting', type: 'boolean', default: true, doc: 'Duplicate points along sharp edges.' },
  {
    name: 'Consistency',
    type: 'boolean',
    default: true,
    doc: 'Make neighbouring polygons agree in orientation.',
  },
  { name: 'FlipNormals', type: 'boolean', default: false, doc: 'Reverse the normals.' },
  { name: 'ComputeCellNormals', type: 'boolean', default: false, doc: 'Also output polygon normals.' },
  {
    name: 'NonManifoldTraversal',
    type: 'boolean',
    default: true,
    doc: 'Propagate orientation across edges used by more than two polygons.',
  },
  {
    name: 'AutoOrientNormals',
    type: 'boolean',
    default: false,
    doc: 'Point the normals of closed surfaces outward.',
  },
  {
    name: 'PieceInvariant',
    type: 'boolean',
    default: true,
    doc: 'Give the same result whatever the piece split (always true with one piece).',
  },
];

export const generateSurfaceNormalsDefinition: FilterDefinition = {
  name: 'GenerateSurfaceNormals',
  kind: 'filter',
  description:
    'Computes point normals (and optionally cell normals) of polygonal surfaces, ordering polygons ' +
    'consistently and splitting points along feature edges. Non-polydata inputs are reduced to their surface first.',
  inputs: { min: 1, max: 1 },
  properties,
  async execute(inputs: readonly DataObject[], values: PropertyValues, context: FilterContext) {
    const p = resolveProperties('GenerateSurfaceNormals', properties, values);
    const options: SurfaceNormalsOptions = {
      featureAngle: p.FeatureAngle as number,
      splitting: p.Splitting as boolean,
      consistency: p.Consistency as boolean,
      flipNormals: p.FlipNormals as boolean,
      computeCellNormals: p.ComputeCellNormals as boolean,
      nonManifoldTraversal: p.NonManifoldTraversal as boolean,
      autoOrientNormals: p.AutoOrientNormals as boolean,
    };
    return mapDataSets(
      'GenerateSurfaceNormals',
      onlyInput('GenerateSurfaceNormals', inputs),
      context,
      (data, c) => generateSurfaceNormals(data, options, c),
    );
  },
};
