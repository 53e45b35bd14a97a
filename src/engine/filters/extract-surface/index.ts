/**
 * ExtractSurface (vtkDataSetSurfaceFilter): the polygonal boundary of any dataset.
 *
 * - PolyData: passed through unchanged (arrays shared).
 * - ImageData / RectilinearGrid / StructuredGrid (2D or 3D): one quad per boundary cell face;
 *   each of the six grid faces has its own points, as in VTK. 1D/0D grids give lines/vertices.
 * - UnstructuredGrid: vertices, lines and 2D cells are kept; faces of 3D cells (every linear
 *   type, polyhedra, and quadratic cells) that belong to one cell only become polygons.
 *   Nonlinear faces are split into linear triangles through their mid-side nodes when
 *   `NonlinearSubdivisionLevel` ≥ 1 (levels above 1 give the same level-1 split), or drawn
 *   through their corners at level 0.
 *
 * Point data of the used points and cell data of the source cells are copied (global ids
 * included, as VTK's surface filter does). `PieceInvariant` is accepted for ParaView
 * compatibility; with a single piece there are no ghost cells to remove.
 */
import type { DataObject, DataSet, PolyData } from '../../data/dataset.js';
import { structuredDimension } from '../../data/queries.js';
import { passAttributes } from '../cell-access/attributes.js';
import { mapDataSets, onlyInput } from '../cell-access/blocks.js';
import { resolveProperties } from '../properties.js';
import type { FilterContext, FilterDefinition, PropertySchema, PropertyValues } from '../types.js';
import { structuredSurface } from './structured.js';
import { unstructuredSurface } from './unstructured.js';

export interface ExtractSurfaceOptions {
  /** Accepted for ParaView compatibility; a single piece has no ghost cells to strip. */
  pieceInvariant?: boolean;
  /** 0: nonlinear faces through their corners; ≥ 1 (default): split through mid-side nodes. */
  nonlinearSubdivisionLevel?: number;
}

export function extractSurface(
  input: DataSet,
  options: ExtractSurfaceOptions = {},
  context: FilterContext = {},
): PolyData {
  switch (input.type) {
    case 'PolyData': {
      const copy: PolyData = { ...input };
      copy.pointData = passAttributes(input.pointData);
      copy.cellData = passAttributes(input.cellData);
      return copy;
    }
    case 'ImageData':
    case 'RectilinearGrid':
    case 'StructuredGrid':
      if (structuredDimension(input.extent) >= 2) return structuredSurface(input, context);
      return unstructuredSurface(input, { nonlinearSubdivisionLevel: 1 }, context);
    case 'UnstructuredGrid':
      return unstructuredSurface(
        input,
        { nonlinearSubdivisionLevel: options.nonlinearSubdivisionLevel ?? 1 },
        context,
      );
  }
}

const properties: readonly PropertySchema[] = [
  {
    name: 'PieceInvariant',
    type: 'boolean',
    default: true,
    doc: 'Remove ghost cells so that pieces give the same surface (no effect on one piece).',
  },
  {
    name: 'NonlinearSubdivisionLevel',
    type: 'number',
    default: 1,
    min: 0,
    max: 4,
    integer: true,
    doc: 'How nonlinear faces are drawn: 0 through corners, 1 or more split through mid-side nodes.',
  },
];

export const extractSurfaceDefinition: FilterDefinition = {
  name: 'ExtractSurface',
  kind: 'filter',
  description:
    'Extracts the polygonal boundary of a dataset: outer faces of structured grids, faces of 3D cells ' +
    'used by one cell only plus all 2D/1D/0D cells of unstructured grids; polydata passes through. ' +
    'Point data of used points and cell data of source cells are copied. MultiBlock: block by block.',
  inputs: { min: 1, max: 1 },
  properties,
  async execute(inputs: readonly DataObject[], values: PropertyValues, context: FilterContext) {
    const resolved = resolveProperties('ExtractSurface', properties, values);
    const options: ExtractSurfaceOptions = {
      pieceInvariant: resolved.PieceInvariant as boolean,
      nonlinearSubdivisionLevel: resolved.NonlinearSubdivisionLevel as number,
    };
    return mapDataSets('ExtractSurface', onlyInput('ExtractSurface', inputs), context, (data, blockContext) =>
      extractSurface(data, options, blockContext),
    );
  },
};
