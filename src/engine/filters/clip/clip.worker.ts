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
import { CellCursor, type CellList } from '../cell-access/cell-list.js';
import {
  type ArrayCopy,
  axisCoordinates,
  type PointSource,
  pointPosition,
} from '../cell-access/extract.worker.js';
import { CELL_CUT, CELL_DROPPED, CELL_WHOLE } from '../cell-access/grid-extract.worker.js';
import { evaluateImplicit, type ImplicitFunction, separableTerms } from '../implicit-functions.js';
import { type ClipSink, clipCell } from './cell-clipper.js';
import { EdgeTable } from './edge-table.js';

/**
 * The clip field as the kernels read it: values at every input point (scalars, or an implicit
 * function evaluated at explicit points), or an implicit function on an axis-aligned grid,
 * evaluated on demand at the few points that need a value (the ends of cut edges), so the
 * grid's points never get a value array of their own.
 */
export type ClipField =
  | { kind: 'values'; values: NumberArray; value: number }
  | {
      kind: 'grid';
      function: ImplicitFunction;
      axes: [Float64Array, Float64Array, Float64Array];
      dims: [number, number, number];
      value: number;
    };

/** The field at input point p. */
export function fieldAt(field: ClipField, p: number): number {
  if (field.kind === 'values') return field.values[p];
  const [nx, ny] = field.dims;
  const i = p % nx;
  const j = ((p - i) / nx) % ny;
  const k = (p - i - j * nx) / (nx * ny);
  const axes = field.axes;
  return evaluateImplicit(field.function, axes[0][i], axes[1][j], axes[2][k]);
}

export interface ClipPiece {
  source: CellList;
  field: ClipField;
  /** Keep where the field is below the value (ParaView's Invert, the default). */
  keepBelow: boolean;
  /** Keep whole cells with any kept point instead of cutting (Crinkleclip). */
  crinkle: boolean;
  /** Input point positions, for orienting clipped cells. */
  points: PointSource;
  start: number;
  end: number;
  state: Uint8Array;
  used: Uint8Array;
  /**
   * `used` is `keptPoint` itself and is not written: a 3D grid clipped exactly uses exactly its
   * kept points (every point has a cell, and a kept point keeps a part of each of its cells).
   */
  usedIsKept: boolean;
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
  readonly #edges = new EdgeTable();
  current = 0;

  constructor(readonly input: ClipPiece) {
    this.offsets.push(0);
  }

  cutPoint(a: number, b: number): number {
    if (a > b) [a, b] = [b, a];
    const next = this.edgeA.length;
    const index = this.#edges.lookupOrInsert(a, b, next);
    if (index === next) {
      this.edgeA.push(a);
      this.edgeB.push(b);
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
      const t = edgeParameter(this.input.field, a, b);
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
export function edgeParameter(field: ClipField, a: number, b: number): number {
  const va = fieldAt(field, a);
  return (field.value - va) / (fieldAt(field, b) - va);
}

/**
 * Voxels of a 3D grid (pieces are whole cell planes): a cell is whole, dropped or cut from the
 * kept counts of its two point columns, so most cells cost a few byte loads. `state` starts
 * zeroed, which is CELL_DROPPED.
 */
function classifyGridCells(input: ClipPiece, sink: PieceSink, context: TaskContext): [number, number] {
  const source = input.source as Extract<CellList, { kind: 'structured' }>;
  const { keptPoint: kp, state, used, crinkle } = input;
  const markUsed = !input.usedIsKept;
  const [nx, ny] = source.dims;
  const nxy = nx * ny;
  const cx = nx - 1;
  const cy = ny - 1;
  const k0 = input.start / (cx * cy);
  const k1 = input.end / (cx * cy);
  const ids = new Int32Array(8);
  const kept: boolean[] = new Array(8).fill(false);
  const corners = Int32Array.from(
    source.curvilinear
      ? [0, 1, 1 + nx, nx, nxy, 1 + nxy, 1 + nx + nxy, nx + nxy]
      : [0, 1, nx, 1 + nx, nxy, 1 + nxy, nx + nxy, 1 + nx + nxy],
  );
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
      let left = kp[r00] + kp[r10] + kp[r01] + kp[r11];
      for (let i = 0; i < cx; i++, c++) {
        const i1 = i + 1;
        const right = kp[r00 + i1] + kp[r10 + i1] + kp[r01 + i1] + kp[r11 + i1];
        const inside = left + right;
        left = right;
        if (inside === 0) continue;
        const b = r00 + i;
        if (inside === 8 || crinkle) {
          state[c] = CELL_WHOLE;
          whole++;
          if (markUsed) for (let q = 0; q < 8; q++) used[b + corners[q]] = 1;
          continue;
        }
        state[c] = CELL_CUT;
        for (let q = 0; q < 8; q++) {
          ids[q] = b + corners[q];
          kept[q] = kp[ids[q]] === 1;
          if (markUsed && kept[q]) used[ids[q]] = 1;
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
  const { source, field, keepBelow, state, used } = input;
  const value = field.value;
  const values = field.kind === 'values' ? field.values : null;
  const plane = source.kind === 'structured' ? (source.dims[0] - 1) * (source.dims[1] - 1) : 0;
  if (
    source.kind === 'structured' &&
    source.dims.every((d) => d > 1) &&
    input.start % plane === 0 &&
    input.end % plane === 0
  ) {
    const sink = new PieceSink(input);
    const [wholeCells, wholeConnectivity] = classifyGridCells(input, sink, context);
    return pieceResult(wholeCells, wholeConnectivity, sink, context);
  }
  const cursor = new CellCursor(source, input.start, input.end);
  const ids = cursor.ids;
  const kept: boolean[] = new Array(4096).fill(false);
  const sink = new PieceSink(input);
  let wholeCells = 0;
  let wholeConnectivity = 0;
  const span = input.end - input.start;
  while (cursor.next()) {
    const c = cursor.cell;
    const type = cursor.type;
    const n = cursor.count;
    let inside = 0;
    for (let k = 0; k < n; k++) {
      const v = values ? values[ids[k]] : fieldAt(field, ids[k]);
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
  source: CellList;
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
  source: Extract<CellList, { kind: 'structured' }>,
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
  /**
   * The implicit function to evaluate into the field's values (at explicit or rotated points),
   * or null when the values are the scalars or the field is evaluated on demand on a grid.
   */
  function: ImplicitFunction | null;
  points: PointSource;
  field: ClipField;
  start: number;
  end: number;
  keepBelow: boolean;
  keptPoint: Uint8Array;
  /**
   * With pieces of whole point rows of a 3D grid (nx points each): receives the kept count of
   * every row of the piece.
   */
  rowCounts: Int32Array | null;
  /** Points per row (the grid's nx) where `rowCounts` is given. */
  rowLength: number;
}

/** Kept counts of the rows of [start, end) (whole rows of `length` points) into `counts`. */
function countRows(keptPoint: Uint8Array, start: number, end: number, length: number, counts: Int32Array) {
  for (let base = start; base < end; base += length) {
    let count = 0;
    for (let p = base; p < base + length; p++) count += keptPoint[p];
    counts[base / length] = count;
  }
}

/** Kept flags of grid points [start, end) from the function at the grid's axis coordinates. */
function gridKeptPoints(
  input: ClipFieldPiece,
  field: Extract<ClipField, { kind: 'grid' }>,
  context: TaskContext,
): number {
  const { keepBelow, keptPoint, start, end, rowCounts } = input;
  const { value, axes } = field;
  const [nx, ny] = field.dims;
  const terms = separableTerms(field.function, axes[0], axes[1], axes[2]);
  const f = field.function;
  let kept = 0;
  // Row by row (a row is nx points of one j, k); the first and last rows may be partial.
  for (let row = Math.floor(start / nx); row * nx < end; row++) {
    const base = row * nx;
    const i0 = Math.max(0, start - base);
    const i1 = Math.min(nx, end - base);
    const j = row % ny;
    const k = (row - j) / ny;
    const before = kept;
    if (terms) {
      // f = ((x[i] + y) + z) − constant; the loops differ only in the comparison.
      const x = terms.x;
      const y = terms.y[j];
      const z = terms.z[k];
      const constant = terms.constant;
      if (keepBelow) {
        for (let i = i0; i < i1; i++) {
          const flag = x[i] + y + z - constant < value ? 1 : 0;
          keptPoint[base + i] = flag;
          kept += flag;
        }
      } else {
        for (let i = i0; i < i1; i++) {
          const flag = x[i] + y + z - constant >= value ? 1 : 0;
          keptPoint[base + i] = flag;
          kept += flag;
        }
      }
    } else {
      const x = axes[0];
      const y = axes[1][j];
      const z = axes[2][k];
      for (let i = i0; i < i1; i++) {
        const v = evaluateImplicit(f, x[i], y, z);
        const flag = (keepBelow ? v < value : v >= value) ? 1 : 0;
        keptPoint[base + i] = flag;
        kept += flag;
      }
    }
    if (rowCounts && i0 === 0 && i1 === nx) rowCounts[row] = kept - before;
    if ((row & 255) === 0) context.throwIfCancelled();
  }
  return kept;
}

/** Field values (implicit functions) and kept flags of points [start, end). */
export function clipFieldPiece(input: ClipFieldPiece, context: TaskContext): number {
  const { points, field, keepBelow, keptPoint } = input;
  if (field.kind === 'grid') return gridKeptPoints(input, field, context);
  const { values, value } = field;
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
  if (input.rowCounts) countRows(keptPoint, input.start, input.end, input.rowLength, input.rowCounts);
  return kept;
}
