/**
 * Structured iso-surface kernel in the manner of flying edges: work is cut into k-slabs, and
 * every output point is owned by exactly one grid edge, numbered row by row, so slabs compute
 * disjoint parts of one output with no hashing and no merging.
 *
 * Two passes per slab, run in pool workers (or inline for small grids):
 * 1. `countContourSlab` classifies the slab's points (row-classification.ts), then counts, per
 *    point row (j,k), the x-, y- and z-edges the surface crosses, and per cell row the
 *    triangles (from the case table).
 *    It also turns its counts into slab-local offsets (prefix sums over its rows, in row order)
 *    and returns its totals, so the frontend only adds up one number per slab.
 * 2. `generateContourSlab` writes each owned edge point (edge-points.ts) and the triangles into
 *    shared output arrays at those offsets plus the slab's start (and the next slab's start for
 *    the plane above its last cell plane, whose rows the next slab owns).
 * The result is identical for any number of slabs.
 *
 * A point row is owned by the slab that owns its k-plane: slab [k0, k1) owns planes k0 … k1−1,
 * and the last slab also owns the top plane. Within a row, points are numbered x-edges first,
 * then y-edges (towards j+1), then z-edges (towards k+1), each in increasing i.
 */
import type { NumberArray } from '../../data/data-array.js';
import type { TaskContext } from '../../workers/protocol.js';
import { structuredHexTable } from './case-tables.js';
import { EdgePointEmitter, type EdgePointOutputs } from './edge-points.js';
import type { ScalarField } from './fields.js';
import {
  type Classification,
  cellRange,
  classifyPlane,
  forEachDifference,
  lowestByte,
  PlaneState,
  pairRange,
  uniformWord,
} from './row-classification.js';
import type { Dims } from './structured-geometry.js';

export type { InterpolatedArray } from './edge-points.js';
export type { ScalarField } from './fields.js';
export type { Classification } from './row-classification.js';

export interface ContourSlabCommon {
  dims: Dims;
  field: ScalarField;
  isovalue: number;
  /** Crossed x, y and z edges per point row (row = j + k·ny), 3 entries per row. */
  rowCounts: Int32Array;
  /** Triangles per cell row (j + k·(ny−1)). */
  triangleCounts: Int32Array;
  /** Cell planes [k0, k1). */
  k0: number;
  k1: number;
  /** Whether this slab also owns the last point plane. */
  last: boolean;
  /** Filled by pass 1, read by pass 2 (shared memory). */
  classification: Classification;
  /**
   * Written by pass 1: the first point of each owned point row, counted from the slab's first
   * point (ny·nz entries, row = j + k·ny).
   */
  rowOffsets: Int32Array;
  /** Written by pass 1: the first triangle of each owned cell row, counted from the slab's first. */
  triangleOffsets: Int32Array;
}

/** Pass 1's totals for one slab. */
export interface SlabCounts {
  points: number;
  triangles: number;
}

export interface ContourSlabGenerate extends ContourSlabCommon, EdgePointOutputs {
  /** The slab's first point within this iso-value's points. */
  pointStart: number;
  /** The next slab's first point (its rows hold the points above this slab's last cell plane). */
  nextPointStart: number;
  /** The slab's triangles within this iso-value's triangles: [triangleStart, triangleEnd). */
  triangleStart: number;
  triangleEnd: number;
  /** This iso-value's part of the triangle list (3 ids per triangle). */
  connectivity: Int32Array;
  /** Source cell of each triangle, when cell data is to be copied. */
  cellIds: Int32Array | null;
  /** This iso-value's first triangle in the whole output. */
  triangleBase: number;
  /**
   * Polygon offsets of the whole output (3·t for triangle t); each slab writes its triangles'
   * entries so that the frontend has no pass over the surface left to make.
   */
  polyOffsets: Int32Array | null;
  /** ComputeScalars output: each slab fills its points with the iso-value. */
  scalars: NumberArray | null;
}

export interface GeneratedSlab {
  /** Points written. */
  points: number;
  /**
   * Points that fall exactly on a grid point (its scalar equals the iso-value), as pairs
   * (point id, grid point id). VTK's synchronized templates give such points one id; the
   * frontend merges them the same way.
   */
  ties: number[];
}

/** The 4 flags of the cell column at point i: bits 0, 2, 4, 6 of the cell case (dx = 0). */
function columnBits(l: Uint8Array, u: Uint8Array, a: number, b: number, i: number): number {
  return l[a + i] | (l[b + i] << 2) | (u[a + i] << 4) | (u[b + i] << 6);
}

function countRows(
  lower: PlaneState,
  upper: PlaneState | null,
  k: number,
  rowCounts: Int32Array,
  range: Int32Array,
) {
  const ny = lower.ny;
  for (let j = 0; j < ny; j++) {
    const row = 3 * (j + k * ny);
    rowCounts[row] = lower.xCount[j];
    rowCounts[row + 1] = j + 1 < ny ? forEachDifference(lower, j, lower, j + 1, range, null) : 0;
    rowCounts[row + 2] = upper ? forEachDifference(lower, j, upper, j, range, null) : 0;
  }
}

/** Triangles of cell row j between two planes. */
function countRowTriangles(
  lower: PlaneState,
  upper: PlaneState,
  j: number,
  range: Int32Array,
  counts: Uint8Array,
): number {
  cellRange(lower, upper, j, range);
  const lo = range[0];
  const hi = range[1];
  if (lo > hi) return 0;
  const l = lower.flags;
  const u = upper.flags;
  const a = j * lower.stride;
  const b = a + lower.stride;
  let triangles = 0;
  let i = lo;
  let column = columnBits(l, u, a, b, i);
  while (i <= hi) {
    if ((i & 3) === 0 && i + 3 <= hi && uniformWord(lower, upper, j, i >> 2)) {
      i += 4;
      if (i <= hi) column = columnBits(l, u, a, b, i);
      continue;
    }
    const next = columnBits(l, u, a, b, i + 1);
    triangles += counts[column | (next << 1)];
    column = next;
    i++;
  }
  return triangles;
}

/** Pass 1: classification, crossing counts per owned row and triangle counts per cell row. */
export function countContourSlab(input: ContourSlabCommon, context: TaskContext): SlabCounts {
  const [nx, ny, nz] = input.dims;
  const counts = structuredHexTable().triangleCounts;
  const all = input.classification;
  const range = new Int32Array(2);
  classifyPlane(input.field, input.isovalue, input.dims, input.k0, all);
  let lower = new PlaneState(nx, ny, all, input.k0);
  let total = 0;
  for (let k = input.k0; k < input.k1; k++) {
    context.throwIfCancelled();
    // The slab's top plane belongs to the next slab too; both write the same flags.
    classifyPlane(input.field, input.isovalue, input.dims, k + 1, all);
    const upper = new PlaneState(nx, ny, all, k + 1);
    countRows(lower, upper, k, input.rowCounts, range);
    for (let j = 0; j + 1 < ny; j++) {
      const triangles = countRowTriangles(lower, upper, j, range, counts);
      input.triangleCounts[j + k * (ny - 1)] = triangles;
      total += triangles;
    }
    lower = upper;
    context.progress((k - input.k0 + 1) / (input.k1 - input.k0 + 1));
  }
  if (input.last) countRows(lower, null, nz - 1, input.rowCounts, range);
  return slabOffsets(input, total);
}

/**
 * Slab-local prefix sums over the owned rows. Done here rather than by the frontend: the
 * frontend's pass over every row of the grid would be serial work, and slab-local starts need
 * no other slab's counts.
 */
function slabOffsets(input: ContourSlabCommon, triangles: number): SlabCounts {
  const [, ny, nz] = input.dims;
  const { rowCounts, rowOffsets, triangleCounts, triangleOffsets } = input;
  let points = 0;
  const endRow = (input.last ? nz : input.k1) * ny;
  for (let r = input.k0 * ny; r < endRow; r++) {
    rowOffsets[r] = points;
    points += rowCounts[3 * r] + rowCounts[3 * r + 1] + rowCounts[3 * r + 2];
  }
  let first = 0;
  const endCellRow = input.k1 * (ny - 1);
  for (let c = input.k0 * (ny - 1); c < endCellRow; c++) {
    triangleOffsets[c] = first;
    first += triangleCounts[c];
  }
  return { points, triangles };
}

/** Pass 2: owned edge points with their attributes, and the slab's triangles. */
export function generateContourSlab(input: ContourSlabGenerate, context: TaskContext): GeneratedSlab {
  const [nx, ny, nz] = input.dims;
  const all = input.classification;
  const emitter = new EdgePointEmitter(input);
  const range = new Int32Array(2);
  const ids = new Int32Array(12);
  const lastPlane = input.last ? nz - 1 : input.k1 - 1;
  let written = 0;
  for (let k = input.k0; k <= lastPlane; k++) {
    context.throwIfCancelled();
    const hasUpper = k + 1 < nz;
    const lower = new PlaneState(nx, ny, all, k);
    const upper = new PlaneState(nx, ny, all, hasUpper ? k + 1 : k);
    for (let j = 0; j < ny; j++)
      written += emitRowPoints(input, emitter, lower, hasUpper ? upper : null, j, k, range);
    if (k < input.k1) {
      for (let j = 0; j + 1 < ny; j++) {
        const cellRow = j + k * (ny - 1);
        if (input.triangleCounts[cellRow] !== 0) {
          triangulateCellRow(input, lower, upper, j, k, range, ids);
        }
      }
    }
    context.progress((k - input.k0 + 1) / (lastPlane - input.k0 + 1));
  }
  writeSlabAttributes(input, written);
  return { points: written, ties: emitter.ties };
}

/** The slab's polygon offsets and constant scalars (its points and triangles are contiguous). */
function writeSlabAttributes(input: ContourSlabGenerate, written: number): void {
  const { polyOffsets, scalars } = input;
  if (polyOffsets) {
    const end = input.triangleBase + input.triangleEnd;
    for (let t = input.triangleBase + input.triangleStart; t < end; t++) polyOffsets[t] = 3 * t;
  }
  if (scalars) {
    const first = input.pointBase + input.pointStart;
    scalars.fill(input.isovalue, first, first + written);
  }
}

/** Owned edge points of row (j, k): x-edges, then y-edges, then z-edges. Returns the count. */
function emitRowPoints(
  input: ContourSlabGenerate,
  emitter: EdgePointEmitter,
  lower: PlaneState,
  upper: PlaneState | null,
  j: number,
  k: number,
  range: Int32Array,
): number {
  const start = input.pointStart + input.rowOffsets[j + k * lower.ny];
  let p = start;
  if (lower.xCount[j] > 0) {
    for (let w = lower.first[j] >> 2; w <= lower.last[j] >> 2; w++) {
      let d = lower.transitions(j, w);
      while (d !== 0) {
        const byte = lowestByte(d);
        emitter.emit(p++, 4 * w + byte, j, k, 0);
        d = (d & ~(0xff << (8 * byte))) >>> 0;
      }
    }
  }
  if (j + 1 < lower.ny) p = emitDifferences(emitter, lower, j, lower, j + 1, range, p, j, k, 1);
  if (upper) p = emitDifferences(emitter, lower, j, upper, j, range, p, j, k, 2);
  return p - start;
}

/** Emits a point on every edge between rows that differ (y- or z-edges), in increasing i. */
function emitDifferences(
  emitter: EdgePointEmitter,
  a: PlaneState,
  ja: number,
  b: PlaneState,
  jb: number,
  range: Int32Array,
  p: number,
  j: number,
  k: number,
  axis: number,
): number {
  pairRange(a, ja, b, jb, range);
  if (range[0] > range[1]) return p;
  const wa = (ja * a.stride) >> 2;
  const wb = (jb * b.stride) >> 2;
  const lastWord = (a.stride >> 2) - 1;
  for (let w = range[0] >> 2; w <= range[1] >> 2; w++) {
    let d = (a.words[wa + w] ^ b.words[wb + w]) >>> 0;
    if (w === lastWord) d = (d & a.lastMask) >>> 0;
    while (d !== 0) {
      const byte = lowestByte(d);
      emitter.emit(p++, 4 * w + byte, j, k, axis);
      d = (d & ~(0xff << (8 * byte))) >>> 0;
    }
  }
  return p;
}

/**
 * Crossed x-edges of a row before cell `start` (the range start can lie right of the row's
 * first crossing when another row of the cell row sets it; y/z edges are only crossed inside
 * the range, so their counters start at 0).
 */
function countBefore(flags: Uint8Array, row: number, first: number, start: number): number {
  let count = 0;
  for (let i = first; i < start; i++) count += flags[row + i] ^ flags[row + i + 1];
  return count;
}

/** Triangles of cell row (j, k), written at the row's triangle offset. */
function triangulateCellRow(
  input: ContourSlabGenerate,
  lower: PlaneState,
  upper: PlaneState,
  j: number,
  k: number,
  range: Int32Array,
  ids: Int32Array,
): void {
  const { cases, offsets, crossedEdges } = structuredHexTable();
  const { rowCounts, rowOffsets, connectivity, cellIds } = input;
  const nx = lower.nx;
  const ny = lower.ny;
  const stride = lower.stride;
  const l = lower.flags;
  const u = upper.flags;
  let t = input.triangleStart + input.triangleOffsets[j + k * (ny - 1)];
  cellRange(lower, upper, j, range);
  const r00 = j + k * ny;
  const r10 = r00 + 1;
  const r01 = r00 + ny;
  const r11 = r01 + 1;
  const lowerStart = input.pointBase + input.pointStart;
  // Plane k + 1 is the next slab's first plane unless this slab owns it (the top plane).
  const ownsUpper = k + 1 < input.k1 || input.last;
  const upperStart = input.pointBase + (ownsUpper ? input.pointStart : input.nextPointStart);
  const x0 = rowOffsets[r00] + lowerStart;
  const x1 = rowOffsets[r10] + lowerStart;
  const x2 = rowOffsets[r01] + upperStart;
  const x3 = rowOffsets[r11] + upperStart;
  const y0 = x0 + rowCounts[3 * r00];
  const y1 = x2 + rowCounts[3 * r01];
  const z0 = y0 + rowCounts[3 * r00 + 1];
  const z1 = x1 + rowCounts[3 * r10] + rowCounts[3 * r10 + 1];
  const lo = range[0];
  const hi = range[1];
  const a = j * stride;
  const b = a + stride;
  // Crossings left of the trimmed range are counted into the running counters first.
  let cx0 = countBefore(l, a, lower.first[j], lo);
  let cx1 = countBefore(l, b, lower.first[j + 1], lo);
  let cx2 = countBefore(u, a, upper.first[j], lo);
  let cx3 = countBefore(u, b, upper.first[j + 1], lo);
  let cy0 = 0;
  let cy1 = 0;
  let cz0 = 0;
  let cz1 = 0;
  const cellBase = (k * (ny - 1) + j) * (nx - 1);
  let i = lo;
  let column = columnBits(l, u, a, b, i);
  while (i <= hi) {
    if ((i & 3) === 0 && i + 3 <= hi && uniformWord(lower, upper, j, i >> 2)) {
      i += 4;
      if (i <= hi) column = columnBits(l, u, a, b, i);
      continue;
    }
    const next = columnBits(l, u, a, b, i + 1);
    const c = column | (next << 1);
    column = next;
    if (c !== 0 && c !== 255) {
      const e = crossedEdges[c];
      ids[0] = x0 + cx0;
      ids[1] = x1 + cx1;
      ids[2] = x2 + cx2;
      ids[3] = x3 + cx3;
      ids[4] = y0 + cy0;
      ids[5] = y0 + cy0 + ((e >> 4) & 1);
      ids[6] = y1 + cy1;
      ids[7] = y1 + cy1 + ((e >> 6) & 1);
      ids[8] = z0 + cz0;
      ids[9] = z0 + cz0 + ((e >> 8) & 1);
      ids[10] = z1 + cz1;
      ids[11] = z1 + cz1 + ((e >> 10) & 1);
      const end = offsets[c + 1];
      for (let q = offsets[c]; q < end; q += 3) {
        const w = 3 * t;
        connectivity[w] = ids[cases[q]];
        connectivity[w + 1] = ids[cases[q + 1]];
        connectivity[w + 2] = ids[cases[q + 2]];
        if (cellIds) cellIds[t] = cellBase + i;
        t++;
      }
      cx0 += e & 1;
      cx1 += (e >> 1) & 1;
      cx2 += (e >> 2) & 1;
      cx3 += (e >> 3) & 1;
      cy0 += (e >> 4) & 1;
      cy1 += (e >> 6) & 1;
      cz0 += (e >> 8) & 1;
      cz1 += (e >> 10) & 1;
    }
    i++;
  }
}
