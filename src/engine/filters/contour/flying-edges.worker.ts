/**
 * Structured iso-surface kernel in the manner of flying edges: work is cut into k-slabs, and
 * every output point is owned by exactly one grid edge, numbered row by row, so slabs compute
 * disjoint parts of one output with no hashing and no merging.
 *
 * Two passes per slab, run in pool workers (or inline for small grids):
 * 1. `countContourSlab` counts, per point row (j,k), the x-, y- and z-edges the surface crosses,
 *    and per cell row the triangles (from the case table).
 * 2. After the frontend turns the counts into offsets (prefix sums over rows, in row order),
 *    `generateContourSlab` writes each owned edge point, its attributes and the triangles into
 *    shared output arrays at those offsets.
 * The result is identical for any number of slabs.
 *
 * A point row is owned by the slab that owns its k-plane: slab [k0, k1) owns planes k0 … k1−1,
 * and the last slab also owns the top plane. Within a row, points are numbered x-edges first,
 * then y-edges (towards j+1), then z-edges (towards k+1), each in increasing i.
 *
 * Rows are trimmed as flying edges does: outside [first, last] x-crossing a row is constant, so
 * cells and y/z edges there can only be crossed when neighbouring rows disagree on that constant.
 */
import type { NumberArray } from '../../data/data-array.js';
import type { Matrix3, Vec3 } from '../../data/dataset.js';
import type { TaskContext } from '../../workers/protocol.js';
import { structuredHexTable } from './case-tables.js';
import { type Dims, gridGradient, gridPoint, type StructuredGeometry } from './structured-geometry.js';

/**
 * The scalar field to contour: a point array, or a plane's signed distance n·(x − o) on an
 * image grid, evaluated as vtkPlane does (slices need no array of 16M distances).
 */
export type ScalarField =
  | { kind: 'array'; values: NumberArray }
  | {
      kind: 'plane';
      normal: Vec3;
      origin: Vec3;
      image: { origin: Vec3; spacing: Vec3; direction: Matrix3; first: Vec3 };
    };

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
}

export interface InterpolatedArray {
  values: NumberArray;
  components: number;
  out: NumberArray;
  /** Round to integers (integer output types). */
  round: boolean;
}

export interface ContourSlabGenerate extends ContourSlabCommon {
  geometry: StructuredGeometry;
  /** First point id of each point row (ny·nz + 1 entries). */
  rowOffsets: Int32Array;
  /** First triangle of each cell row ((ny−1)(nz−1) + 1 entries). */
  triangleOffsets: Int32Array;
  /** Added to every point id: the points of earlier iso-values come first. */
  pointBase: number;
  points: Float32Array;
  /** This iso-value's part of the triangle list (3 ids per triangle). */
  connectivity: Int32Array;
  /** Source cell of each triangle, when cell data is to be copied. */
  cellIds: Int32Array | null;
  normals: Float32Array | null;
  /** Interpolated (unnormalised) scalar gradients, when asked for. */
  gradients: Float32Array | null;
  /** +1 or −1: normals point down the gradient (−1) as VTK's do. */
  normalSign: number;
  interpolate: InterpolatedArray[];
}

/**
 * Above/below flags of every grid point and, per point row, the first and last crossed x-edge
 * and the number of crossings. Pass 1 fills them (shared memory) and pass 2 reads them, so each
 * point is classified once.
 */
export interface Classification {
  flags: Uint8Array;
  /** Per row (j + k·ny): first crossed x-edge, or nx when none. */
  first: Int32Array;
  /** Per row: last crossed x-edge, or −1 when none. */
  last: Int32Array;
  /** Per row: number of crossed x-edges. */
  xCount: Int32Array;
}

/** A view of one k-plane of the classification. */
class PlaneState {
  flags: Uint8Array;
  first: Int32Array;
  last: Int32Array;
  xCount: Int32Array;

  constructor(
    readonly nx: number,
    readonly ny: number,
    readonly all: Classification,
    k: number,
  ) {
    const size = nx * ny;
    this.flags = all.flags.subarray(k * size, (k + 1) * size);
    this.first = all.first.subarray(k * ny, (k + 1) * ny);
    this.last = all.last.subarray(k * ny, (k + 1) * ny);
    this.xCount = all.xCount.subarray(k * ny, (k + 1) * ny);
  }
}

/** VTK's plane distance n·(x − o) at grid point (i, j, k) of the image. */
function planeValue(field: Extract<ScalarField, { kind: 'plane' }>, i: number, j: number, k: number): number {
  const { origin: o, spacing, direction: d, first } = field.image;
  const x = first[0] * spacing[0] + i * spacing[0];
  const y = first[1] * spacing[1] + j * spacing[1];
  const z = first[2] * spacing[2] + k * spacing[2];
  const wx = o[0] + d[0] * x + d[1] * y + d[2] * z;
  const wy = o[1] + d[3] * x + d[4] * y + d[5] * z;
  const wz = o[2] + d[6] * x + d[7] * y + d[8] * z;
  const n = field.normal;
  const c = field.origin;
  return n[0] * (wx - c[0]) + n[1] * (wy - c[1]) + n[2] * (wz - c[2]);
}

/** Classifies plane k against the iso-value (at or above is "above", VTK's test). */
function classifyPlane(field: ScalarField, iso: number, dims: Dims, k: number, all: Classification): void {
  const [nx, ny] = dims;
  if (field.kind === 'plane') {
    classifyPlaneRows(field, iso, dims, k, all);
    return;
  }
  const s = field.values;
  const { flags, first: firsts, last: lasts, xCount } = all;
  let g = k * nx * ny;
  for (let j = 0; j < ny; j++) {
    let previous = s[g] >= iso ? 1 : 0;
    flags[g++] = previous;
    let first = nx;
    let last = -1;
    let count = 0;
    for (let i = 1; i < nx; i++) {
      const flag = s[g] >= iso ? 1 : 0;
      flags[g++] = flag;
      if (flag !== previous) {
        if (first === nx) first = i - 1;
        last = i - 1;
        count++;
        previous = flag;
      }
    }
    const row = j + k * ny;
    firsts[row] = first;
    lasts[row] = last;
    xCount[row] = count;
  }
}

/**
 * A plane crosses a grid row at most once, so VTK's plane cutter classifies a row from its two
 * end values only: the crossing is placed at x-edge ⌊a·n/(a+b)⌋ (a, b the end distances).
 * Points that lie exactly on the plane are classified by that rule, not by their own sign;
 * following it keeps the point and triangle counts of oblique slices equal to ParaView's.
 */
function classifyPlaneRows(
  field: Extract<ScalarField, { kind: 'plane' }>,
  iso: number,
  dims: Dims,
  k: number,
  all: Classification,
): void {
  const [nx, ny] = dims;
  const cells = nx - 1;
  const { flags } = all;
  for (let j = 0; j < ny; j++) {
    const r = (j + k * ny) * nx;
    const row = j + k * ny;
    const left = planeValue(field, 0, j, k) - iso;
    const right = planeValue(field, cells, j, k) - iso;
    if ((left >= 0 && right >= 0) || (left < 0 && right < 0)) {
      flags.fill(left >= 0 ? 1 : 0, r, r + nx);
      all.first[row] = nx;
      all.last[row] = -1;
      all.xCount[row] = 0;
      continue;
    }
    const a = Math.abs(left);
    const b = Math.abs(right);
    let crossing = Math.floor((a * cells) / (a + b));
    if (crossing >= cells) crossing = cells - 1;
    const leftAbove = left >= 0 ? 1 : 0;
    flags.fill(leftAbove, r, r + crossing + 1);
    flags.fill(1 - leftAbove, r + crossing + 1, r + nx);
    all.first[row] = crossing;
    all.last[row] = crossing;
    all.xCount[row] = 1;
  }
}

/**
 * Point indices [lo, hi] of rows (a, ja) and (b, jb) outside which their flags cannot differ;
 * lo > hi when they agree everywhere.
 */
function pairRange(a: PlaneState, ja: number, b: PlaneState, jb: number, out: Int32Array): void {
  const nx = a.nx;
  const ra = ja * nx;
  const rb = jb * nx;
  out[0] = a.flags[ra] !== b.flags[rb] ? 0 : Math.min(a.first[ja], b.first[jb]);
  out[1] = a.flags[ra + nx - 1] !== b.flags[rb + nx - 1] ? nx - 1 : Math.max(a.last[ja], b.last[jb]) + 1;
}

function countPairCrossings(a: PlaneState, ja: number, b: PlaneState, jb: number, range: Int32Array): number {
  pairRange(a, ja, b, jb, range);
  const fa = a.flags;
  const fb = b.flags;
  const ra = ja * a.nx;
  const rb = jb * a.nx;
  let count = 0;
  for (let i = range[0]; i <= range[1]; i++) count += fa[ra + i] ^ fb[rb + i];
  return count;
}

/**
 * Cells [lo, hi] of cell row j between planes `lower` and `upper` that can be crossed;
 * lo > hi when none.
 */
function cellRange(lower: PlaneState, upper: PlaneState, j: number, out: Int32Array): void {
  const nx = lower.nx;
  const a = j * nx;
  const b = a + nx;
  const l = lower.flags;
  const u = upper.flags;
  const v = l[a];
  out[0] =
    l[b] === v && u[a] === v && u[b] === v
      ? Math.min(lower.first[j], lower.first[j + 1], upper.first[j], upper.first[j + 1])
      : 0;
  const e = nx - 1;
  const w = l[a + e];
  out[1] =
    l[b + e] === w && u[a + e] === w && u[b + e] === w
      ? Math.max(lower.last[j], lower.last[j + 1], upper.last[j], upper.last[j + 1])
      : nx - 2;
}

/** The case of the column of 4 points at i: bits 0, 2, 4, 6 of the cell case (dx = 0). */
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
    rowCounts[row + 1] = j + 1 < ny ? countPairCrossings(lower, j, lower, j + 1, range) : 0;
    rowCounts[row + 2] = upper ? countPairCrossings(lower, j, upper, j, range) : 0;
  }
}

/** Pass 1: crossing counts per owned row and triangle counts per cell row. */
export function countContourSlab(input: ContourSlabCommon, context: TaskContext): number {
  const [nx, ny, nz] = input.dims;
  const counts = structuredHexTable().triangleCounts;
  const field = input.field;
  const iso = input.isovalue;
  const all = input.classification;
  const range = new Int32Array(2);
  classifyPlane(field, iso, input.dims, input.k0, all);
  let lower = new PlaneState(nx, ny, all, input.k0);
  let total = 0;
  for (let k = input.k0; k < input.k1; k++) {
    context.throwIfCancelled();
    // The slab's top plane belongs to the next slab too; both write the same flags.
    classifyPlane(field, iso, input.dims, k + 1, all);
    const upper = new PlaneState(nx, ny, all, k + 1);
    countRows(lower, upper, k, input.rowCounts, range);
    const l = lower.flags;
    const u = upper.flags;
    for (let j = 0; j + 1 < ny; j++) {
      cellRange(lower, upper, j, range);
      let triangles = 0;
      if (range[0] <= range[1]) {
        const a = j * nx;
        const b = a + nx;
        let column = columnBits(l, u, a, b, range[0]);
        for (let i = range[0]; i <= range[1]; i++) {
          const next = columnBits(l, u, a, b, i + 1);
          triangles += counts[column | (next << 1)];
          column = next;
        }
      }
      input.triangleCounts[j + k * (ny - 1)] = triangles;
      total += triangles;
    }
    lower = upper;
    context.progress((k - input.k0 + 1) / (input.k1 - input.k0 + 1));
  }
  if (input.last) countRows(lower, null, nz - 1, input.rowCounts, range);
  return total;
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
        if (input.triangleOffsets[cellRow + 1] !== input.triangleOffsets[cellRow]) {
          triangulateCellRow(input, lower, upper, j, k, range, ids);
        }
      }
    }
    context.progress((k - input.k0 + 1) / (lastPlane - input.k0 + 1));
  }
  return { points: written, ties: emitter.ties };
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
  const nx = lower.nx;
  const ny = lower.ny;
  const l = lower.flags;
  const start = input.rowOffsets[j + k * ny];
  let p = start;
  const r = j * nx;
  if (lower.xCount[j] > 0) {
    const last = lower.last[j];
    for (let i = lower.first[j]; i <= last; i++) {
      if (l[r + i] !== l[r + i + 1]) emitter.emit(p++, i, j, k, 0);
    }
  }
  if (j + 1 < ny) {
    pairRange(lower, j, lower, j + 1, range);
    const hi = range[1];
    for (let i = range[0]; i <= hi; i++) {
      if (l[r + i] !== l[r + nx + i]) emitter.emit(p++, i, j, k, 1);
    }
  }
  if (upper) {
    const u = upper.flags;
    pairRange(lower, j, upper, j, range);
    const hi = range[1];
    for (let i = range[0]; i <= hi; i++) {
      if (l[r + i] !== u[r + i]) emitter.emit(p++, i, j, k, 2);
    }
  }
  return p - start;
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
  const { rowCounts, rowOffsets, connectivity, cellIds, pointBase } = input;
  const nx = lower.nx;
  const ny = lower.ny;
  const l = lower.flags;
  const u = upper.flags;
  let t = input.triangleOffsets[j + k * (ny - 1)];
  cellRange(lower, upper, j, range);
  const r00 = j + k * ny;
  const r10 = r00 + 1;
  const r01 = r00 + ny;
  const r11 = r01 + 1;
  const x0 = rowOffsets[r00] + pointBase;
  const x1 = rowOffsets[r10] + pointBase;
  const x2 = rowOffsets[r01] + pointBase;
  const x3 = rowOffsets[r11] + pointBase;
  const y0 = x0 + rowCounts[3 * r00];
  const y1 = x2 + rowCounts[3 * r01];
  const z0 = y0 + rowCounts[3 * r00 + 1];
  const z1 = x1 + rowCounts[3 * r10] + rowCounts[3 * r10 + 1];
  const lo = range[0];
  const hi = range[1];
  // Crossings left of the trimmed range are counted into the running counters first.
  let cx0 = countBefore(l, j * nx, lower.first[j], lo);
  let cx1 = countBefore(l, (j + 1) * nx, lower.first[j + 1], lo);
  let cx2 = countBefore(u, j * nx, upper.first[j], lo);
  let cx3 = countBefore(u, (j + 1) * nx, upper.first[j + 1], lo);
  let cy0 = 0;
  let cy1 = 0;
  let cz0 = 0;
  let cz1 = 0;
  const a = j * nx;
  const b = a + nx;
  const cellBase = (k * (ny - 1) + j) * (nx - 1);
  let column = l[a + lo] | (l[b + lo] << 2) | (u[a + lo] << 4) | (u[b + lo] << 6);
  for (let i = lo; i <= hi; i++) {
    const i1 = i + 1;
    const next = l[a + i1] | (l[b + i1] << 2) | (u[a + i1] << 4) | (u[b + i1] << 6);
    const c = column | (next << 1);
    column = next;
    if (c === 0 || c === 255) continue;
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

/** Writes an edge point's position, normal, gradient and interpolated attributes. */
class EdgePointEmitter {
  readonly #input: ContourSlabGenerate;
  readonly #strides: [number, number, number];
  readonly #a = new Float64Array(6);
  readonly #grad = new Float64Array(6);
  readonly ties: number[] = [];

  constructor(input: ContourSlabGenerate) {
    this.#input = input;
    this.#strides = [1, input.dims[0], input.dims[0] * input.dims[1]];
  }

  /** Point p on the edge from (i,j,k) along `axis`. */
  emit(p: number, i: number, j: number, k: number, axis: number): void {
    const input = this.#input;
    const { dims, geometry, points, normals, gradients, field } = input;
    const a = this.#a;
    const p0 = i + dims[0] * (j + dims[1] * k);
    const p1 = p0 + this.#strides[axis];
    const i1 = axis === 0 ? i + 1 : i;
    const j1 = axis === 1 ? j + 1 : j;
    const k1 = axis === 2 ? k + 1 : k;
    const s0 = field.kind === 'array' ? field.values[p0] : planeValue(field, i, j, k);
    const s1 = field.kind === 'array' ? field.values[p1] : planeValue(field, i1, j1, k1);
    const t = (input.isovalue - s0) / (s1 - s0);
    if (t === 0) this.ties.push(p + input.pointBase, p0);
    else if (t === 1) this.ties.push(p + input.pointBase, p1);
    gridPoint(geometry, dims, i, j, k, a, 0);
    gridPoint(geometry, dims, i1, j1, k1, a, 3);
    const w = 3 * (p + input.pointBase);
    points[w] = a[0] + t * (a[3] - a[0]);
    points[w + 1] = a[1] + t * (a[4] - a[1]);
    points[w + 2] = a[2] + t * (a[5] - a[2]);
    if ((normals || gradients) && field.kind === 'array') {
      const g = this.#grad;
      gridGradient(geometry, dims, field.values, i, j, k, g, 0);
      gridGradient(geometry, dims, field.values, i1, j1, k1, g, 3);
      const gx = g[0] + t * (g[3] - g[0]);
      const gy = g[1] + t * (g[4] - g[1]);
      const gz = g[2] + t * (g[5] - g[2]);
      if (gradients) {
        gradients[w] = gx;
        gradients[w + 1] = gy;
        gradients[w + 2] = gz;
      }
      if (normals) {
        const length = Math.sqrt(gx * gx + gy * gy + gz * gz);
        const scale = length > 0 ? input.normalSign / length : 0;
        normals[w] = gx * scale;
        normals[w + 1] = gy * scale;
        normals[w + 2] = gz * scale;
      }
    }
    for (const array of input.interpolate) {
      const n = array.components;
      const o = (p + input.pointBase) * n;
      for (let c = 0; c < n; c++) {
        const v0 = array.values[p0 * n + c];
        const v = v0 + t * (array.values[p1 * n + c] - v0);
        array.out[o + c] = array.round ? Math.round(v) : v;
      }
    }
  }
}
