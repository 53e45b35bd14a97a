/**
 * Clip kernels, run over cell ranges in pool workers (inline for small data).
 *
 * `classifyClipPiece` decides per cell: dropped, kept whole, or cut; marks the input points the
 * output uses; and clips the cut cells into local lists whose cut points are named by their
 * edge (two input ids). The frontend then numbers points globally, and `writeClipPiece` writes
 * the piece's cells, whole and clipped, in input cell order into the shared output.
 */

import { CellType } from '../../data/cell-types.js';
import type { NumberArray } from '../../data/data-array.js';
import type { TaskContext } from '../../workers/protocol.js';
import { CellCursor, type CellSource } from '../cell-extraction/cell-source.js';
import {
  type ArrayCopy,
  axisCoordinates,
  type PointSource,
  pointPosition,
} from '../cell-extraction/extract.worker.js';
import { evaluateImplicit, type ImplicitFunction } from '../implicit-functions.js';
import { type ClipSink, clipCell } from './cell-clipper.js';

export const CELL_DROPPED = 0;
export const CELL_WHOLE = 1;
export const CELL_CUT = 2;

export interface ClipPiece {
  source: CellSource;
  /** Clip field value at every input point. */
  values: NumberArray;
  value: number;
  /** Keep where the field is below the value (ParaView's Invert, the default). */
  keepBelow: boolean;
  /** Keep whole cells with any kept point instead of cutting (Crinkleclip). */
  crinkle: boolean;
  /** Input point positions, for orienting clipped cells. */
  points: PointSource;
  pointCount: number;
  start: number;
  end: number;
  state: Uint8Array;
  used: Uint8Array;
  /** 1 where the point is on the kept side (computed by `clipFieldPiece`). */
  keptPoint: Uint8Array;
}

export interface ClipPieceResult {
  wholeCells: number;
  wholeConnectivity: number;
  cutTypes: Uint8Array;
  cutOffsets: Int32Array;
  /** Encoded point references: ≥ 0 input ids, < 0 −(new point + 1). */
  cutConnectivity: Int32Array;
  cutSources: Int32Array;
  /**
   * New points: an edge cut when edgeA[q] ≥ 0 (input ids edgeA[q] < edgeB[q]); otherwise a
   * centre point whose edgeB[q] encoded members start at centroidMembers[−edgeA[q] − 1].
   */
  edgeA: Int32Array;
  edgeB: Int32Array;
  centroidMembers: Int32Array;
}

class Growable {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

class PieceSink implements ClipSink {
  readonly types = new Growable();
  readonly offsets = new Growable();
  readonly connectivity = new Growable();
  readonly sources = new Growable();
  readonly edgeA = new Growable();
  readonly edgeB = new Growable();
  readonly centroidMembers = new Growable();
  readonly #edges = new Map<number, number>();
  current = 0;

  constructor(
    readonly input: ClipPiece,
    readonly pointCount: number,
  ) {
    this.offsets.push(0);
  }

  cutPoint(a: number, b: number): number {
    if (a > b) [a, b] = [b, a];
    const key = a * this.pointCount + b;
    let index = this.#edges.get(key);
    if (index === undefined) {
      index = this.edgeA.length;
      this.edgeA.push(a);
      this.edgeB.push(b);
      this.#edges.set(key, index);
    }
    return -(index + 1);
  }

  centroid(points: readonly number[]): number {
    const index = this.edgeA.length;
    this.edgeA.push(-1 - this.centroidMembers.length);
    this.edgeB.push(points.length);
    for (const p of points) this.centroidMembers.push(p);
    return -(index + 1);
  }

  readonly #member = new Float64Array(3);

  readonly #ends = new Float64Array(6);

  position(point: number, out: Float64Array, o: number): void {
    if (point >= 0) {
      pointPosition(this.input.points, point, out, o);
      return;
    }
    const q = -point - 1;
    const a = this.edgeA.data[q];
    const b = this.edgeB.data[q];
    if (a >= 0) {
      const t = edgeParameter(this.input, a, b);
      const e = this.#ends;
      pointPosition(this.input.points, a, e, 0);
      pointPosition(this.input.points, b, e, 3);
      for (let k = 0; k < 3; k++) out[o + k] = e[k] + t * (e[3 + k] - e[k]);
      return;
    }
    // A centre point: the mean of its members (input points or edge cuts).
    const start = -a - 1;
    let x = 0;
    let y = 0;
    let z = 0;
    const m = this.#member;
    for (let k = 0; k < b; k++) {
      this.position(this.centroidMembers.data[start + k], m, 0);
      x += m[0];
      y += m[1];
      z += m[2];
    }
    out[o] = x / b;
    out[o + 1] = y / b;
    out[o + 2] = z / b;
  }

  cell(type: number, points: readonly number[]): void {
    this.types.push(type);
    for (const p of points) this.connectivity.push(p);
    this.offsets.push(this.connectivity.length);
    this.sources.push(this.current);
  }
}

/** Where the clip value lies on edge a–b (a < b), as a fraction from a. */
export function edgeParameter(input: { values: NumberArray; value: number }, a: number, b: number): number {
  const va = input.values[a];
  return (input.value - va) / (input.values[b] - va);
}

/**
 * Voxels of a 3D grid (pieces are whole cell planes): a cell is whole, dropped or cut from the
 * AND and OR of its two point columns, so most cells cost a few byte loads.
 */
function classifyGridCells(input: ClipPiece, sink: PieceSink, context: TaskContext): [number, number] {
  const source = input.source as Extract<CellSource, { kind: 'structured' }>;
  const { keptPoint: kp, state, used } = input;
  const [nx, ny] = source.dims;
  const nxy = nx * ny;
  const cx = nx - 1;
  const cy = ny - 1;
  const k0 = input.start / (cx * cy);
  const k1 = input.end / (cx * cy);
  const ids = new Int32Array(8);
  const kept: boolean[] = new Array(8).fill(false);
  const corners = source.curvilinear
    ? [0, 1, 1 + nx, nx, nxy, 1 + nxy, 1 + nx + nxy, nx + nxy]
    : [0, 1, nx, 1 + nx, nxy, 1 + nxy, nx + nxy, 1 + nx + nxy];
  const type = source.curvilinear ? CellType.HEXAHEDRON : CellType.VOXEL;
  let whole = 0;
  for (let k = k0; k < k1; k++) {
    context.throwIfCancelled();
    for (let j = 0; j < cy; j++) {
      const r00 = j * nx + k * nxy;
      const r10 = r00 + nx;
      const r01 = r00 + nxy;
      const r11 = r01 + nx;
      let c = (k * cy + j) * cx;
      let leftAnd = kp[r00] & kp[r10] & kp[r01] & kp[r11];
      let leftOr = kp[r00] | kp[r10] | kp[r01] | kp[r11];
      for (let i = 0; i < cx; i++, c++) {
        const i1 = i + 1;
        const rightAnd = kp[r00 + i1] & kp[r10 + i1] & kp[r01 + i1] & kp[r11 + i1];
        const rightOr = kp[r00 + i1] | kp[r10 + i1] | kp[r01 + i1] | kp[r11 + i1];
        const all = leftAnd & rightAnd;
        const any = leftOr | rightOr;
        leftAnd = rightAnd;
        leftOr = rightOr;
        if (!any) {
          state[c] = CELL_DROPPED;
          continue;
        }
        const b = r00 + i;
        if (all || input.crinkle) {
          state[c] = CELL_WHOLE;
          whole++;
          for (let q = 0; q < 8; q++) used[b + corners[q]] = 1;
          continue;
        }
        state[c] = CELL_CUT;
        for (let q = 0; q < 8; q++) {
          ids[q] = b + corners[q];
          kept[q] = kp[ids[q]] === 1;
          if (kept[q]) used[ids[q]] = 1;
        }
        sink.current = c;
        clipCell(sink, c, type, ids, 8, kept);
      }
    }
    context.progress((k - k0 + 1) / (k1 - k0));
  }
  return [whole, 8 * whole];
}

export function classifyClipPiece(input: ClipPiece, context: TaskContext): ClipPieceResult {
  const { source, values, value, keepBelow, state, used } = input;
  const plane = source.kind === 'structured' ? (source.dims[0] - 1) * (source.dims[1] - 1) : 0;
  if (
    source.kind === 'structured' &&
    source.dims.every((d) => d > 1) &&
    input.start % plane === 0 &&
    input.end % plane === 0
  ) {
    const sink = new PieceSink(input, input.pointCount);
    const [wholeCells, wholeConnectivity] = classifyGridCells(input, sink, context);
    return pieceResult(wholeCells, wholeConnectivity, sink, context);
  }
  const cursor = new CellCursor(source, input.start, input.end);
  const ids = cursor.ids;
  const kept: boolean[] = new Array(4096).fill(false);
  const sink = new PieceSink(input, input.pointCount);
  let wholeCells = 0;
  let wholeConnectivity = 0;
  const span = input.end - input.start;
  while (cursor.next()) {
    const c = cursor.cell;
    const type = cursor.type;
    const n = cursor.count;
    let inside = 0;
    for (let k = 0; k < n; k++) {
      const v = values[ids[k]];
      const keep = keepBelow ? v < value : v >= value;
      kept[k] = keep;
      if (keep) inside++;
    }
    if (inside === 0) {
      state[c] = CELL_DROPPED;
    } else if (inside === n || input.crinkle) {
      state[c] = CELL_WHOLE;
      wholeCells++;
      wholeConnectivity += n;
      for (let k = 0; k < n; k++) used[ids[k]] = 1;
    } else {
      state[c] = CELL_CUT;
      for (let k = 0; k < n; k++) if (kept[k]) used[ids[k]] = 1;
      sink.current = c;
      clipCell(sink, c, type, ids, n, kept);
    }
    if (((c - input.start) & 0x3ffff) === 0) {
      context.throwIfCancelled();
      context.progress((c - input.start) / span);
    }
  }
  return pieceResult(wholeCells, wholeConnectivity, sink, context);
}

function pieceResult(
  wholeCells: number,
  wholeConnectivity: number,
  sink: PieceSink,
  context: TaskContext,
): ClipPieceResult {
  const result: ClipPieceResult = {
    wholeCells,
    wholeConnectivity,
    cutTypes: Uint8Array.from(sink.types.toArray()),
    cutOffsets: sink.offsets.toArray(),
    cutConnectivity: sink.connectivity.toArray(),
    cutSources: sink.sources.toArray(),
    edgeA: sink.edgeA.toArray(),
    edgeB: sink.edgeB.toArray(),
    centroidMembers: sink.centroidMembers.toArray(),
  };
  for (const a of Object.values(result)) if (typeof a === 'object') context.transfer(a.buffer as ArrayBuffer);
  return result;
}

export interface WriteClipPiece {
  source: CellSource;
  state: Uint8Array;
  start: number;
  end: number;
  newIds: Int32Array;
  /** Global ids of this piece's cut points. */
  cutIds: Int32Array;
  cutTypes: Uint8Array;
  cutOffsets: Int32Array;
  cutConnectivity: Int32Array;
  cutSources: Int32Array;
  firstCell: number;
  firstConnectivity: number;
  offsets: Int32Array | Float64Array;
  connectivity: Int32Array | Float64Array;
  types: Uint8Array;
  /** Cell data, copied from each output cell's input cell. */
  arrays: ArrayCopy[];
}

/** Whole voxels of a 3D grid written without per-cell calls; cut cells inserted in order. */
function writeGridClipPiece(
  input: WriteClipPiece,
  source: Extract<CellSource, { kind: 'structured' }>,
): number {
  const { state, newIds, cutIds, cutTypes, cutOffsets, cutConnectivity, cutSources } = input;
  const { offsets, connectivity, types, arrays } = input;
  const [nx, ny] = source.dims;
  const nxy = nx * ny;
  const cx = nx - 1;
  const cy = ny - 1;
  const wholeType = source.curvilinear ? CellType.HEXAHEDRON : CellType.VOXEL;
  const corners = source.curvilinear
    ? [0, 1, 1 + nx, nx, nxy, 1 + nxy, 1 + nx + nxy, nx + nxy]
    : [0, 1, nx, 1 + nx, nxy, 1 + nxy, nx + nxy, 1 + nx + nxy];
  const [o0, o1, o2, o3, o4, o5, o6, o7] = corners;
  let cell = input.firstCell;
  let w = input.firstConnectivity;
  let cut = 0;
  const copyData = (from: number) => {
    for (let a = 0; a < arrays.length; a++) {
      const { input: src, output: dst, components: m } = arrays[a];
      for (let q = 0; q < m; q++) dst[cell * m + q] = src[from * m + q];
    }
  };
  let c = input.start;
  let i = 0;
  let j = 0;
  let k = c / (cx * cy);
  for (; c < input.end; c++) {
    const s = state[c];
    if (s === CELL_WHOLE) {
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
      types[cell] = wholeType;
      if (arrays.length) copyData(c);
      cell++;
    } else if (s === CELL_CUT) {
      while (cut < cutTypes.length && cutSources[cut] === c) {
        types[cell] = cutTypes[cut];
        for (let q = cutOffsets[cut]; q < cutOffsets[cut + 1]; q++) {
          const p = cutConnectivity[q];
          connectivity[w++] = p >= 0 ? newIds[p] : cutIds[-p - 1];
        }
        offsets[cell + 1] = w;
        copyData(c);
        cell++;
        cut++;
      }
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

export function writeClipPiece(input: WriteClipPiece, context: TaskContext): number {
  const grid = input.source;
  if (grid.kind === 'structured' && grid.dims.every((d) => d > 1)) {
    const plane = (grid.dims[0] - 1) * (grid.dims[1] - 1);
    if (input.start % plane === 0) return writeGridClipPiece(input, grid);
  }
  const { source, state, newIds, cutIds, cutTypes, cutOffsets, cutConnectivity, cutSources } = input;
  const { offsets, connectivity, types } = input;
  const cursor = new CellCursor(source, input.start, input.end);
  const ids = cursor.ids;
  let cell = input.firstCell;
  let w = input.firstConnectivity;
  let cut = 0;
  const copyData = (from: number) => {
    for (const { input: src, output: dst, components: m } of input.arrays) {
      for (let k = 0; k < m; k++) dst[cell * m + k] = src[from * m + k];
    }
  };
  while (cursor.next()) {
    const c = cursor.cell;
    const s = state[c];
    if (s === CELL_WHOLE) {
      types[cell] = cursor.type;
      const n = cursor.count;
      for (let k = 0; k < n; k++) connectivity[w++] = newIds[ids[k]];
      offsets[cell + 1] = w;
      copyData(c);
      cell++;
    } else if (s === CELL_CUT) {
      // The cut cells of input cell c are consecutive in the piece's list.
      while (cut < cutTypes.length && cutSources[cut] === c) {
        types[cell] = cutTypes[cut];
        for (let k = cutOffsets[cut]; k < cutOffsets[cut + 1]; k++) {
          const p = cutConnectivity[k];
          connectivity[w++] = p >= 0 ? newIds[p] : cutIds[-p - 1];
        }
        offsets[cell + 1] = w;
        copyData(c);
        cell++;
        cut++;
      }
    }
    if (((c - input.start) & 0x3ffff) === 0) context.throwIfCancelled();
  }
  return cell - input.firstCell;
}

export interface ClipFieldPiece {
  /** The implicit function to evaluate into `values`, or null when `values` holds the scalars. */
  function: ImplicitFunction | null;
  points: PointSource;
  start: number;
  end: number;
  values: NumberArray;
  value: number;
  keepBelow: boolean;
  keptPoint: Uint8Array;
}

/** Field values (implicit functions) and kept flags of points [start, end). */
export function clipFieldPiece(input: ClipFieldPiece, context: TaskContext): number {
  const { points, values, value, keepBelow, keptPoint } = input;
  const f = input.function;
  if (f) {
    const xyz = new Float64Array(3);
    const axes = axisCoordinates(points);
    const [nx, ny] = points.kind === 'grid' ? points.dims : [1, 1];
    let i = input.start % nx;
    let j = Math.floor(input.start / nx) % ny;
    let k = Math.floor(input.start / (nx * ny));
    for (let p = input.start; p < input.end; p++) {
      if (axes) values[p] = evaluateImplicit(f, axes[0][i], axes[1][j], axes[2][k]);
      else {
        pointPosition(points, p, xyz, 0);
        values[p] = evaluateImplicit(f, xyz[0], xyz[1], xyz[2]);
      }
      if (++i === nx) {
        i = 0;
        if (++j === ny) {
          j = 0;
          k++;
        }
      }
      if (((p - input.start) & 0xfffff) === 0) context.throwIfCancelled();
    }
  }
  let kept = 0;
  for (let p = input.start; p < input.end; p++) {
    const flag = keepBelow ? values[p] < value : values[p] >= value;
    keptPoint[p] = flag ? 1 : 0;
    if (flag) kept++;
  }
  return kept;
}
