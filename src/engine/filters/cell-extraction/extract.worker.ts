/**
 * Kernels that turn "kept cells" and "used points" flags into an unstructured grid, in pieces
 * that run in pool workers: count the used points of a point range, then (after the frontend's
 * prefix sum) give them consecutive new ids in increasing old-id order and copy their
 * coordinates and data, and copy the kept cells of a cell range with renumbered points.
 */
import type { NumberArray } from '../../data/data-array.js';
import type { TaskContext } from '../../workers/protocol.js';
import { gridPoint, type StructuredGeometry } from '../contour/structured-geometry.js';
import { type CellSource, cellPoints, cellSize } from './cell-source.js';

export type PointSource =
  | { kind: 'grid'; geometry: StructuredGeometry; dims: [number, number, number] }
  | { kind: 'explicit'; points: NumberArray };

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

export function writeExtractedPoints(input: WritePoints, context: TaskContext): number {
  const { used, newIds, source, points } = input;
  const xyz = new Float64Array(3);
  let next = input.firstNewId;
  for (let p = input.start; p < input.end; p++) {
    if (!used[p]) {
      newIds[p] = -1;
      continue;
    }
    newIds[p] = next;
    if (source.kind === 'explicit') {
      points[3 * next] = source.points[3 * p];
      points[3 * next + 1] = source.points[3 * p + 1];
      points[3 * next + 2] = source.points[3 * p + 2];
    } else {
      const [nx, ny] = source.dims;
      const i = p % nx;
      const j = ((p - i) / nx) % ny;
      const k = (p - i - j * nx) / (nx * ny);
      gridPoint(source.geometry, source.dims, i, j, k, xyz, 0);
      points[3 * next] = xyz[0];
      points[3 * next + 1] = xyz[1];
      points[3 * next + 2] = xyz[2];
    }
    for (const { input: from, output: to, components: n } of input.arrays) {
      for (let c = 0; c < n; c++) to[next * n + c] = from[p * n + c];
    }
    next++;
    if ((p & 0xfffff) === 0) context.throwIfCancelled();
  }
  return next - input.firstNewId;
}

export interface WriteCells {
  source: CellSource;
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

export function writeExtractedCells(input: WriteCells, context: TaskContext): number {
  const { source, keep, newIds, offsets, connectivity, types } = input;
  const ids = new Int32Array(4096);
  let cell = input.firstCell;
  let w = input.firstConnectivity;
  for (let c = input.start; c < input.end; c++) {
    if (!keep[c]) continue;
    const type = cellPoints(source, c, ids);
    const n = cellSize(source, c);
    for (let k = 0; k < n; k++) connectivity[w++] = newIds[ids[k]];
    offsets[cell + 1] = w;
    types[cell] = type;
    for (const { input: from, output: to, components: m } of input.arrays) {
      for (let k = 0; k < m; k++) to[cell * m + k] = from[c * m + k];
    }
    cell++;
    if ((c & 0xfffff) === 0) context.throwIfCancelled();
  }
  return cell - input.firstCell;
}
