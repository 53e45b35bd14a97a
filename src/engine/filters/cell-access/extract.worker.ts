/**
 * Kernels that turn "kept cells" and "used points" flags into an unstructured grid, in pieces
 * that run in pool workers: count the used points of a point range, then (after the frontend's
 * prefix sum) give them consecutive new ids in increasing old-id order and copy their
 * coordinates and data, and copy the kept cells of a cell range with renumbered points.
 */

import { CellType } from '../../data/cell-types.js';
import type { NumberArray } from '../../data/data-array.js';
import type { TaskContext } from '../../workers/protocol.js';
import { gridPoint, type StructuredGeometry } from '../contour/structured-geometry.js';
import { CellCursor, type CellList } from './cell-list.js';

export type PointSource =
  | { kind: 'grid'; geometry: StructuredGeometry; dims: [number, number, number] }
  | { kind: 'explicit'; points: NumberArray };

/** Position of point p (random access; grids divide the id into i, j, k). */
export function pointPosition(source: PointSource, p: number, out: Float64Array, o: number): void {
  if (source.kind === 'explicit') {
    out[o] = source.points[3 * p];
    out[o + 1] = source.points[3 * p + 1];
    out[o + 2] = source.points[3 * p + 2];
    return;
  }
  const [nx, ny] = source.dims;
  const i = p % nx;
  const j = ((p - i) / nx) % ny;
  const k = (p - i - j * nx) / (nx * ny);
  gridPoint(source.geometry, source.dims, i, j, k, out, o);
}

export interface ArrayCopy {
  input: NumberArray;
  output: NumberArray;
  components: number;
}

export interface PointRange {
  used: Uint8Array;
  start: number;
  end: number;
}

export function countUsedPoints(input: PointRange): number {
  let count = 0;
  const used = input.used;
  for (let p = input.start; p < input.end; p++) count += used[p];
  return count;
}

export interface WritePoints extends PointRange {
  firstNewId: number;
  newIds: Int32Array;
  source: PointSource;
  points: NumberArray;
  arrays: ArrayCopy[];
}

/**
 * Per-axis coordinates of an image or rectilinear grid without rotation (the common case), so
 * a point's position is three table lookups; null when a direction matrix is in play.
 */
export function axisCoordinates(source: PointSource): [Float64Array, Float64Array, Float64Array] | null {
  if (source.kind !== 'grid') return null;
  const g = source.geometry;
  const [nx, ny, nz] = source.dims;
  if (g.kind === 'rectilinear')
    return [Float64Array.from(g.x), Float64Array.from(g.y), Float64Array.from(g.z)];
  if (g.kind !== 'image') return null;
  const d = g.direction;
  if (d[0] !== 1 || d[4] !== 1 || d[8] !== 1 || d[1] || d[2] || d[3] || d[5] || d[6] || d[7]) return null;
  const axis = (n: number, a: number) =>
    Float64Array.from({ length: n }, (_, i) => g.origin[a] + (i + g.first[a]) * g.spacing[a]);
  return [axis(nx, 0), axis(ny, 1), axis(nz, 2)];
}

export function writeExtractedPoints(input: WritePoints, context: TaskContext): number {
  const { used, newIds, source, points, arrays } = input;
  const axes = axisCoordinates(source);
  const xyz = new Float64Array(3);
  let next = input.firstNewId;
  // Grid indices advance with p instead of being divided out per point.
  const [nx, ny] = source.kind === 'grid' ? source.dims : [1, 1];
  let i = input.start % nx;
  let j = Math.floor(input.start / nx) % ny;
  let k = Math.floor(input.start / (nx * ny));
  for (let p = input.start; p < input.end; p++) {
    if (p > input.start && ++i === nx) {
      i = 0;
      if (++j === ny) {
        j = 0;
        k++;
      }
    }
    // Unused points keep whatever newIds holds: no kept cell refers to them.
    if (!used[p]) continue;
    newIds[p] = next;
    if (source.kind === 'explicit') {
      points[3 * next] = source.points[3 * p];
      points[3 * next + 1] = source.points[3 * p + 1];
      points[3 * next + 2] = source.points[3 * p + 2];
    } else if (axes) {
      points[3 * next] = axes[0][i];
      points[3 * next + 1] = axes[1][j];
      points[3 * next + 2] = axes[2][k];
    } else {
      gridPoint(source.geometry, source.dims, i, j, k, xyz, 0);
      points[3 * next] = xyz[0];
      points[3 * next + 1] = xyz[1];
      points[3 * next + 2] = xyz[2];
    }
    for (let a = 0; a < arrays.length; a++) {
      const { input: from, output: to, components: n } = arrays[a];
      for (let c = 0; c < n; c++) to[next * n + c] = from[p * n + c];
    }
    next++;
    if ((p & 0xfffff) === 0) context.throwIfCancelled();
  }
  return next - input.firstNewId;
}

export interface WriteCells {
  source: CellList;
  keep: Uint8Array;
  start: number;
  end: number;
  firstCell: number;
  firstConnectivity: number;
  newIds: Int32Array;
  offsets: Int32Array | Float64Array;
  connectivity: Int32Array | Float64Array;
  types: Uint8Array;
  arrays: ArrayCopy[];
}

/** Voxels/hexahedra of a 3D grid: point ids only for kept cells, no per-cell calls. */
function writeGridCells(input: WriteCells, source: Extract<CellList, { kind: 'structured' }>): number {
  const { keep, newIds, offsets, connectivity, types, arrays } = input;
  const [nx, ny] = source.dims;
  const nxy = nx * ny;
  const cx = nx - 1;
  const cy = ny - 1;
  const type = source.curvilinear ? CellType.HEXAHEDRON : CellType.VOXEL;
  // Corner offsets in VTK order: voxel (i-j-k bit order) or hexahedron (around the faces).
  const corner = source.curvilinear
    ? [0, 1, 1 + nx, nx, nxy, 1 + nxy, 1 + nx + nxy, nx + nxy]
    : [0, 1, nx, 1 + nx, nxy, 1 + nxy, nx + nxy, 1 + nx + nxy];
  const [o0, o1, o2, o3, o4, o5, o6, o7] = corner;
  let cell = input.firstCell;
  let w = input.firstConnectivity;
  let c = input.start;
  let i = c % cx;
  let j = Math.floor(c / cx) % cy;
  let k = Math.floor(c / (cx * cy));
  for (; c < input.end; c++) {
    if (keep[c]) {
      const b = i + j * nx + k * nxy;
      connectivity[w] = newIds[b + o0];
      connectivity[w + 1] = newIds[b + o1];
      connectivity[w + 2] = newIds[b + o2];
      connectivity[w + 3] = newIds[b + o3];
      connectivity[w + 4] = newIds[b + o4];
      connectivity[w + 5] = newIds[b + o5];
      connectivity[w + 6] = newIds[b + o6];
      connectivity[w + 7] = newIds[b + o7];
      w += 8;
      offsets[cell + 1] = w;
      types[cell] = type;
      for (let a = 0; a < arrays.length; a++) {
        const { input: from, output: to, components: m } = arrays[a];
        for (let q = 0; q < m; q++) to[cell * m + q] = from[c * m + q];
      }
      cell++;
    }
    if (++i === cx) {
      i = 0;
      if (++j === cy) {
        j = 0;
        k++;
      }
    }
  }
  return cell - input.firstCell;
}

export function writeExtractedCells(input: WriteCells, context: TaskContext): number {
  const { source, keep, newIds, offsets, connectivity, types, arrays } = input;
  if (source.kind === 'structured' && source.dims.every((d) => d > 1)) return writeGridCells(input, source);
  const cursor = new CellCursor(source, input.start, input.end);
  const ids = cursor.ids;
  let cell = input.firstCell;
  let w = input.firstConnectivity;
  while (cursor.next()) {
    const c = cursor.cell;
    if (!keep[c]) continue;
    const type = cursor.type;
    const n = cursor.count;
    for (let k = 0; k < n; k++) connectivity[w++] = newIds[ids[k]];
    offsets[cell + 1] = w;
    types[cell] = type;
    for (let a = 0; a < arrays.length; a++) {
      const { input: from, output: to, components: m } = arrays[a];
      for (let k = 0; k < m; k++) to[cell * m + k] = from[c * m + k];
    }
    cell++;
    if ((c & 0xfffff) === 0) context.throwIfCancelled();
  }
  return cell - input.firstCell;
}
