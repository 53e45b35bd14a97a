/**
 * Render geometry for each of ParaView's geometric representation types:
 *
 * - Surface / Surface With Edges / Wireframe: the surface (ExtractSurface where needed), with
 *   polygon edges as segments for the latter two;
 * - Points: every surface point as a point sprite (ParaView draws the surface's vertices);
 * - Outline: the 12 edges of the data's bounding box (one box for all blocks, as vtkOutlineFilter);
 * - Feature Edges: boundary, feature (30°) and non-manifold edges of the surface (vtkFeatureEdges).
 */
import type { DataObject } from '../../data/dataset.js';
import { leaves } from '../../data/queries.js';
import { extractSurface } from '../../filters/extract-surface/index.js';
import { outline } from '../../filters/outline/index.js';
import { featureEdges } from './feature-edges.js';
import { type ColorBy, dataObjectGeometry, polyDataGeometry, type RenderGeometry } from './geometry.js';

export const REPRESENTATION_TYPES = [
  'Surface',
  'Surface With Edges',
  'Wireframe',
  'Points',
  'Outline',
  'Feature Edges',
] as const;

export type GeometricRepresentation = (typeof REPRESENTATION_TYPES)[number];

export function isGeometricRepresentation(name: string): name is GeometricRepresentation {
  return (REPRESENTATION_TYPES as readonly string[]).includes(name);
}

function sharedUint32(length: number): Uint32Array {
  return new Uint32Array(new SharedArrayBuffer(length * 4));
}

const EMPTY = () => sharedUint32(0);

/** Geometry drawing every vertex of `geometry` as a point (the cell of each point is its id). */
function pointsOf(geometry: RenderGeometry): RenderGeometry {
  const n = geometry.positions.length / 3;
  const points = sharedUint32(n);
  for (let i = 0; i < n; i++) points[i] = i;
  return {
    ...geometry,
    triangles: EMPTY(),
    triangleCells: EMPTY(),
    segments: EMPTY(),
    segmentCells: EMPTY(),
    points,
    pointCells: points,
  };
}

/** The geometries to draw `data` with `representation`, one per dataset leaf (Outline: one). */
export function representationGeometries(
  data: DataObject,
  representation: GeometricRepresentation,
  colorBy?: ColorBy,
): RenderGeometry[] {
  switch (representation) {
    case 'Surface':
      return dataObjectGeometry(data, colorBy, false);
    case 'Surface With Edges':
    case 'Wireframe':
      return dataObjectGeometry(data, colorBy, true);
    case 'Points':
      return dataObjectGeometry(data, colorBy, false).map(pointsOf);
    case 'Outline': {
      const box = outline(data);
      return box.points.numberOfTuples > 0 ? [polyDataGeometry(box)] : [];
    }
    case 'Feature Edges': {
      const out: RenderGeometry[] = [];
      for (const leaf of leaves(data)) {
        const surface = leaf.data.type === 'PolyData' ? leaf.data : extractSurface(leaf.data);
        const geometry = polyDataGeometry(surface, colorBy, false);
        out.push({ ...geometry, triangles: EMPTY(), triangleCells: EMPTY(), ...featureEdges(surface) });
      }
      return out;
    }
  }
}
