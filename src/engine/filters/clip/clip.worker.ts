/**
 * Clip kernels, run over cell ranges in pool workers (inline for small data).
 *
 * `classifyClipPiece` decides per cell: dropped, kept whole, or cut; marks the input points the
 * output uses; and clips the cut cells into local lists whose cut points are named by their
 * edge (two input ids). The frontend then numbers points globally, and `writeClipPiece` writes
 * the piece's cells, whole and clipped, in input cell order into the shared output.
 */
import type { NumberArray } from '../../data/data-array.js';
import type { TaskContext } from '../../workers/protocol.js';
import { type CellSource, cellPoints, cellSize } from '../cell-extraction/cell-source.js';
import type { ArrayCopy } from '../cell-extraction/extract.worker.js';
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
  /** Input point coordinates (x y z per point), for orienting clipped cells. */
  coordinates: NumberArray;
  start: number;
  end: number;
  state: Uint8Array;
  used: Uint8Array;
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

  position(point: number, out: Float64Array, o: number): void {
    const c = this.input.coordinates;
    if (point >= 0) {
      out[o] = c[3 * point];
      out[o + 1] = c[3 * point + 1];
      out[o + 2] = c[3 * point + 2];
      return;
    }
    const q = -point - 1;
    const a = this.edgeA.data[q];
    const b = this.edgeB.data[q];
    if (a >= 0) {
      const t = edgeParameter(this.input, a, b);
      for (let k = 0; k < 3; k++) out[o + k] = c[3 * a + k] + t * (c[3 * b + k] - c[3 * a + k]);
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

export function classifyClipPiece(input: ClipPiece, context: TaskContext): ClipPieceResult {
  const { source, values, value, keepBelow, state, used } = input;
  const ids = new Int32Array(4096);
  const kept: boolean[] = new Array(4096).fill(false);
  const pointCount = input.coordinates.length / 3;
  const sink = new PieceSink(input, pointCount);
  let wholeCells = 0;
  let wholeConnectivity = 0;
  const span = input.end - input.start;
  for (let c = input.start; c < input.end; c++) {
    const type = cellPoints(source, c, ids);
    const n = cellSize(source, c);
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

export function writeClipPiece(input: WriteClipPiece, context: TaskContext): number {
  const { source, state, newIds, cutIds, cutTypes, cutOffsets, cutConnectivity, cutSources } = input;
  const { offsets, connectivity, types } = input;
  const ids = new Int32Array(4096);
  let cell = input.firstCell;
  let w = input.firstConnectivity;
  let cut = 0;
  const copyData = (from: number) => {
    for (const { input: src, output: dst, components: m } of input.arrays) {
      for (let k = 0; k < m; k++) dst[cell * m + k] = src[from * m + k];
    }
  };
  for (let c = input.start; c < input.end; c++) {
    const s = state[c];
    if (s === CELL_WHOLE) {
      types[cell] = cellPoints(source, c, ids);
      const n = cellSize(source, c);
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
