/**
 * Turns any data object into what the rasterizer draws: float positions, optional point normals,
 * triangles (polygons fanned, strips unrolled), line segments and points, each primitive with
 * the id of the cell it came from, and per-vertex scalars for colour mapping. Datasets that are
 * not PolyData go through ExtractSurface first, as ParaView's surface representation does.
 *
 * Buffers live on SharedArrayBuffers so worker threads rasterise them without copies; build the
 * geometry once per data object and render it for as many cameras as needed.
 */
import type { DataArray } from '../../data/data-array.js';
import { MAGNITUDE } from '../../data/data-array.js';
import type { DataObject, PolyData } from '../../data/dataset.js';
import { boundsOf, EMPTY_BOUNDS, leaves, unionBounds } from '../../data/queries.js';
import { extractSurface } from '../../filters/extract-surface/index.js';

export interface ColorBy {
  association: 'POINTS' | 'CELLS';
  name: string;
  /** Component index, or MAGNITUDE (-1, the default for vectors). */
  component?: number;
}

/** One dataset's drawable primitives. */
export interface RenderGeometry {
  /** xyz per vertex. */
  positions: Float32Array;
  /** Unit normals per vertex, when the data has point normals. */
  normals: Float32Array | undefined;
  /** Vertex ids, three per triangle. */
  triangles: Uint32Array;
  /** Source cell of each triangle (for cell colours and picking). */
  triangleCells: Uint32Array;
  /** Vertex ids, two per segment. */
  segments: Uint32Array;
  segmentCells: Uint32Array;
  /** Vertex ids of vertex cells. */
  points: Uint32Array;
  pointCells: Uint32Array;
  /** Scalar per vertex (POINTS colouring) or per cell (CELLS colouring), when colouring by an array. */
  scalars: Float64Array | undefined;
  scalarAssociation: 'POINTS' | 'CELLS' | undefined;
  bounds: [number, number, number, number, number, number];
}

function sharedFloat32(length: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(length * 4));
}
function sharedUint32(values: number[] | Uint32Array): Uint32Array {
  const out = new Uint32Array(new SharedArrayBuffer(values.length * 4));
  out.set(values);
  return out;
}

function scalarValues(array: DataArray, component: number): Float64Array {
  const n = array.numberOfTuples;
  const c = array.numberOfComponents;
  const out = new Float64Array(new SharedArrayBuffer(n * 8));
  if (component === MAGNITUDE && c > 1) {
    for (let t = 0; t < n; t++) {
      let sum = 0;
      for (let k = 0; k < c; k++) sum += array.getComponent(t, k) ** 2;
      out[t] = Math.sqrt(sum);
    }
  } else {
    const k = component === MAGNITUDE ? 0 : component;
    for (let t = 0; t < n; t++) out[t] = array.getComponent(t, k);
  }
  return out;
}

/** Finds the array to colour by (points first, then cells, when the association is not forced). */
export function findColorArray(
  surface: PolyData,
  colorBy: ColorBy,
): { array: DataArray; association: 'POINTS' | 'CELLS' } | undefined {
  const point = surface.pointData.getDataArray(colorBy.name);
  const cell = surface.cellData.getDataArray(colorBy.name);
  if (colorBy.association === 'POINTS' && point) return { array: point, association: 'POINTS' };
  if (colorBy.association === 'CELLS' && cell) return { array: cell, association: 'CELLS' };
  return undefined;
}

/** Geometry of one PolyData surface; `polygonEdges` adds every polygon's edges as segments (wireframes). */
export function polyDataGeometry(surface: PolyData, colorBy?: ColorBy, polygonEdges = false): RenderGeometry {
  const n = surface.points.numberOfTuples;
  const positions = sharedFloat32(n * 3);
  const source = surface.points.values;
  for (let i = 0; i < 3 * n; i++) positions[i] = Number(source[i]);
  const normalArray = surface.pointData.getActive('normals') ?? surface.pointData.getDataArray('Normals');
  let normals: Float32Array | undefined;
  if (normalArray && normalArray.numberOfComponents === 3 && normalArray.numberOfTuples === n) {
    normals = sharedFloat32(n * 3);
    const v = normalArray.values;
    for (let i = 0; i < 3 * n; i++) normals[i] = Number(v[i]);
  }
  const triangles: number[] = [];
  const triangleCells: number[] = [];
  const segments: number[] = [];
  const segmentCells: number[] = [];
  const points: number[] = [];
  const pointCells: number[] = [];
  let cellId = 0;
  const { verts, lines, polys, strips } = surface;
  for (let c = 0; c + 1 < verts.offsets.length; c++, cellId++) {
    for (let k = verts.offsets[c]; k < verts.offsets[c + 1]; k++) {
      points.push(verts.connectivity[k]);
      pointCells.push(cellId);
    }
  }
  for (let c = 0; c + 1 < lines.offsets.length; c++, cellId++) {
    for (let k = lines.offsets[c]; k + 1 < lines.offsets[c + 1]; k++) {
      segments.push(lines.connectivity[k], lines.connectivity[k + 1]);
      segmentCells.push(cellId);
    }
  }
  for (let c = 0; c + 1 < polys.offsets.length; c++, cellId++) {
    const start = polys.offsets[c];
    const end = polys.offsets[c + 1];
    if (polygonEdges) {
      for (let k = start; k < end; k++) {
        segments.push(polys.connectivity[k], polys.connectivity[k + 1 < end ? k + 1 : start]);
        segmentCells.push(cellId);
      }
    }
    // A fan, as VTK's OpenGL mapper draws polygons.
    for (let k = start + 1; k + 1 < end; k++) {
      triangles.push(polys.connectivity[start], polys.connectivity[k], polys.connectivity[k + 1]);
      triangleCells.push(cellId);
    }
  }
  for (let c = 0; c + 1 < strips.offsets.length; c++, cellId++) {
    const start = strips.offsets[c];
    const end = strips.offsets[c + 1];
    for (let k = start; k + 2 < end; k++) {
      // Every other triangle of a strip is reversed to keep one orientation.
      const odd = (k - start) % 2 === 1;
      const a = strips.connectivity[k];
      const b = strips.connectivity[k + 1];
      const d = strips.connectivity[k + 2];
      if (odd) triangles.push(b, a, d);
      else triangles.push(a, b, d);
      triangleCells.push(cellId);
    }
  }
  let scalars: Float64Array | undefined;
  let scalarAssociation: 'POINTS' | 'CELLS' | undefined;
  if (colorBy) {
    const found = findColorArray(surface, colorBy);
    if (found) {
      const component = colorBy.component ?? (found.array.numberOfComponents === 1 ? 0 : MAGNITUDE);
      scalars = scalarValues(found.array, component);
      scalarAssociation = found.association;
    }
  }
  return {
    positions,
    normals,
    triangles: sharedUint32(triangles),
    triangleCells: sharedUint32(triangleCells),
    segments: sharedUint32(segments),
    segmentCells: sharedUint32(segmentCells),
    points: sharedUint32(points),
    pointCells: sharedUint32(pointCells),
    scalars,
    scalarAssociation,
    bounds: boundsOf(surface),
  };
}

/** Geometry of every dataset leaf of `data` (surfaces extracted where needed). */
export function dataObjectGeometry(
  data: DataObject,
  colorBy?: ColorBy,
  polygonEdges = false,
): RenderGeometry[] {
  const out: RenderGeometry[] = [];
  for (const leaf of leaves(data)) {
    const surface = leaf.data.type === 'PolyData' ? leaf.data : extractSurface(leaf.data);
    out.push(polyDataGeometry(surface, colorBy, polygonEdges));
  }
  return out;
}

export function geometryBounds(
  geometries: readonly RenderGeometry[],
): [number, number, number, number, number, number] {
  return geometries.reduce<[number, number, number, number, number, number]>(
    (acc, g) => unionBounds(acc, g.bounds),
    [...EMPTY_BOUNDS],
  );
}

/** Number of triangles drawn. */
export function triangleCount(geometries: readonly RenderGeometry[]): number {
  return geometries.reduce((sum, g) => sum + g.triangles.length / 3, 0);
}

/** Range of the colouring scalars of `geometries` ([0, 1] when they have none), as ParaView rescales. */
export function scalarRange(geometries: readonly RenderGeometry[]): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const geometry of geometries)
    for (const value of geometry.scalars ?? []) {
      if (value < min) min = value;
      if (value > max) max = value;
    }
  return min <= max ? [min, max] : [0, 1];
}
