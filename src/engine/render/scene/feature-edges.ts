/**
 * vtkFeatureEdges with the settings of ParaView's "Feature Edges" representation: boundary
 * edges (used by one polygon), feature edges (two polygons whose normals differ by more than
 * FeatureAngle, 30°), non-manifold edges (three or more polygons); manifold edges off. Polygons
 * and triangle strips take part; each edge is emitted once, by its lowest-numbered polygon, as
 * VTK does, with that polygon's cell id for picking.
 */
import { type CellArray, cellArrayFromLists } from '../../data/cell-array.js';
import type { PolyData } from '../../data/dataset.js';
import { buildPointLinks, edgeNeighbors } from '../../filters/cell-access/links.js';

export interface FeatureEdgesProps {
  /** Degrees between neighbouring polygon normals above which their edge is a feature edge. */
  featureAngle?: number;
  boundaryEdges?: boolean;
  featureEdges?: boolean;
  nonManifoldEdges?: boolean;
  manifoldEdges?: boolean;
}

export interface EdgeSegments {
  /** Point ids, two per edge. */
  segments: Uint32Array;
  /** Surface cell id of the polygon that emitted each edge. */
  segmentCells: Uint32Array;
}

/** Polygons followed by strip triangles, with the surface cell id of each face. */
function facesOf(surface: PolyData): { faces: CellArray; cellIds: Int32Array } {
  const { polys, strips } = surface;
  const firstPolygonCell = surface.verts.offsets.length - 1 + (surface.lines.offsets.length - 1);
  const polygonCount = polys.offsets.length - 1;
  if (strips.offsets.length <= 1) {
    const cellIds = new Int32Array(polygonCount);
    for (let c = 0; c < polygonCount; c++) cellIds[c] = firstPolygonCell + c;
    return { faces: polys, cellIds };
  }
  const lists: number[][] = [];
  const ids: number[] = [];
  for (let c = 0; c < polygonCount; c++) {
    lists.push(Array.from(polys.connectivity.subarray(polys.offsets[c], polys.offsets[c + 1])));
    ids.push(firstPolygonCell + c);
  }
  for (let s = 0; s + 1 < strips.offsets.length; s++) {
    for (let k = strips.offsets[s]; k + 2 < strips.offsets[s + 1]; k++) {
      const odd = (k - strips.offsets[s]) % 2 === 1;
      const [a, b, d] = [strips.connectivity[k], strips.connectivity[k + 1], strips.connectivity[k + 2]];
      lists.push(odd ? [b, a, d] : [a, b, d]);
      ids.push(firstPolygonCell + polygonCount + s);
    }
  }
  return { faces: cellArrayFromLists(lists), cellIds: Int32Array.from(ids) };
}

/** Unit normals of every face (sum of fan cross products, as vtkPolygon::ComputeNormal). */
function faceNormals(surface: PolyData, faces: CellArray): Float64Array {
  const p = surface.points.values;
  const count = faces.offsets.length - 1;
  const normals = new Float64Array(3 * count);
  for (let c = 0; c < count; c++) {
    const start = faces.offsets[c];
    const end = faces.offsets[c + 1];
    const o = 3 * faces.connectivity[start];
    const [x0, y0, z0] = [Number(p[o]), Number(p[o + 1]), Number(p[o + 2])];
    let nx = 0;
    let ny = 0;
    let nz = 0;
    for (let k = start + 1; k + 1 < end; k++) {
      const a = 3 * faces.connectivity[k];
      const b = 3 * faces.connectivity[k + 1];
      const ux = Number(p[a]) - x0;
      const uy = Number(p[a + 1]) - y0;
      const uz = Number(p[a + 2]) - z0;
      const vx = Number(p[b]) - x0;
      const vy = Number(p[b + 1]) - y0;
      const vz = Number(p[b + 2]) - z0;
      nx += uy * vz - uz * vy;
      ny += uz * vx - ux * vz;
      nz += ux * vy - uy * vx;
    }
    const length = Math.hypot(nx, ny, nz);
    if (length > 0) normals.set([nx / length, ny / length, nz / length], 3 * c);
  }
  return normals;
}

export function featureEdges(surface: PolyData, props: FeatureEdgesProps = {}): EdgeSegments {
  const cosine = Math.cos(((props.featureAngle ?? 30) * Math.PI) / 180);
  const wantBoundary = props.boundaryEdges ?? true;
  const wantFeature = props.featureEdges ?? true;
  const wantNonManifold = props.nonManifoldEdges ?? true;
  const wantManifold = props.manifoldEdges ?? false;
  const { faces, cellIds } = facesOf(surface);
  const normals = faceNormals(surface, faces);
  const links = buildPointLinks(faces, surface.points.numberOfTuples);
  const neighbours = new Int32Array(64);
  const segments: number[] = [];
  const segmentCells: number[] = [];
  const { offsets, connectivity } = faces;
  for (let c = 0; c + 1 < offsets.length; c++) {
    const start = offsets[c];
    const end = offsets[c + 1];
    for (let k = start; k < end; k++) {
      const a = connectivity[k];
      const b = connectivity[k + 1 < end ? k + 1 : start];
      const count = edgeNeighbors(links, c, a, b, neighbours);
      let keep = false;
      if (count === 0) keep = wantBoundary;
      else if (count > 1) {
        // Emitted by the lowest-numbered polygon only.
        let lowest = true;
        for (let j = 0; j < Math.min(count, neighbours.length); j++) if (neighbours[j] < c) lowest = false;
        keep = wantNonManifold && lowest;
      } else if (neighbours[0] > c) {
        const n = neighbours[0];
        const dot =
          normals[3 * n] * normals[3 * c] +
          normals[3 * n + 1] * normals[3 * c + 1] +
          normals[3 * n + 2] * normals[3 * c + 2];
        keep = dot <= cosine ? wantFeature : wantManifold;
      }
      if (keep) {
        segments.push(a, b);
        segmentCells.push(cellIds[c]);
      }
    }
  }
  const shared = (values: number[]) => {
    const out = new Uint32Array(new SharedArrayBuffer(values.length * 4));
    out.set(values);
    return out;
  };
  return { segments: shared(segments), segmentCells: shared(segmentCells) };
}
