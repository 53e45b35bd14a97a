/**
 * Above/below flags of grid points, stored one byte per point with rows padded to a multiple of
 * four bytes so that rows can be compared four points at a time through 32-bit words: most of a
 * volume is far from the surface, and a zero XOR of two words skips four points at once.
 *
 * Each row also records its first and last crossed x-edge and its number of crossings (the
 * "trim" of flying edges): outside [first, last] the row is constant.
 *
 * Invariant: a row's padding bytes repeat its last real flag, so transitions never appear in
 * the padding; comparisons between rows mask the padding out.
 */

import { type PlaneField, planeValue, type ScalarField } from './fields.js';
import type { Dims } from './structured-geometry.js';

export interface Classification {
  /** Bytes per row (nx rounded up to a multiple of 4). */
  stride: number;
  /** The first k-plane stored (planes kBase … kBase + planes − 1 are). */
  kBase: number;
  /** stride × ny flags per stored plane, 1 = at or above the iso-value (VTK's test). */
  flags: Uint8Array;
  /** Per row (j + (k − kBase)·ny): first crossed x-edge, or nx when none. */
  first: Int32Array;
  /** Per row: last crossed x-edge, or −1 when none. */
  last: Int32Array;
  /** Per row: number of crossed x-edges. */
  xCount: Int32Array;
}

export function rowStride(nx: number): number {
  return Math.ceil(nx / 4) * 4;
}

/** Number of 1-bytes in a word whose bytes are 0 or 1. */
function byteSum(word: number): number {
  return Math.imul(word, 0x01010101) >>> 24;
}

/** Index of the lowest nonzero byte of a nonzero word. */
export function lowestByte(word: number): number {
  return (31 - Math.clz32(word & -word)) >> 3;
}

/** One k-plane of a classification. */
export class PlaneState {
  readonly flags: Uint8Array;
  readonly words: Uint32Array;
  readonly first: Int32Array;
  readonly last: Int32Array;
  readonly xCount: Int32Array;
  readonly stride: number;
  /** Mask of the real (not padding) bytes of a row's last word. */
  readonly lastMask: number;

  constructor(
    readonly nx: number,
    readonly ny: number,
    all: Classification,
    k: number,
  ) {
    const stride = all.stride;
    const size = stride * ny;
    const plane = k - all.kBase;
    this.stride = stride;
    this.flags = all.flags.subarray(plane * size, (plane + 1) * size);
    this.words = new Uint32Array(all.flags.buffer, all.flags.byteOffset + plane * size, size / 4);
    this.first = all.first.subarray(plane * ny, (plane + 1) * ny);
    this.last = all.last.subarray(plane * ny, (plane + 1) * ny);
    this.xCount = all.xCount.subarray(plane * ny, (plane + 1) * ny);
    const realInLast = ((nx - 1) % 4) + 1;
    this.lastMask = realInLast === 4 ? 0xffffffff : (1 << (8 * realInLast)) - 1;
  }

  /**
   * Per-byte x-transitions of word w of row j: byte b is 1 when point 4w+b differs from point
   * 4w+b+1.
   */
  transitions(j: number, w: number): number {
    const base = (j * this.stride) >> 2;
    const words = this.words;
    const current = words[base + w];
    const next = w + 1 < this.stride >> 2 ? words[base + w + 1] & 0xff : current >>> 24;
    return (current ^ ((current >>> 8) | (next << 24))) >>> 0;
  }
}

/** Pads row bytes [nx, stride) with the row's last flag and records its trim. */
function finishRow(plane: PlaneState, j: number, nx: number): void {
  const { flags, stride } = plane;
  const r = j * stride;
  if (stride > nx) flags.fill(flags[r + nx - 1], r + nx, r + stride);
  let first = nx;
  let last = -1;
  let count = 0;
  const words = stride >> 2;
  for (let w = 0; w < words; w++) {
    const d = plane.transitions(j, w);
    if (d === 0) continue;
    count += byteSum(d);
    if (first === nx) first = 4 * w + lowestByte(d);
    last = 4 * w + ((31 - Math.clz32(d)) >> 3);
  }
  plane.first[j] = first;
  plane.last[j] = last;
  plane.xCount[j] = count;
}

/** Classifies plane k of `field` against the iso-value. */
export function classifyPlane(
  field: ScalarField,
  iso: number,
  dims: Dims,
  k: number,
  all: Classification,
): void {
  const [nx, ny] = dims;
  if (field.kind === 'plane') {
    classifyPlaneRows(field, iso, dims, k, all);
    return;
  }
  const plane = new PlaneState(nx, ny, all, k);
  const s = field.values;
  const flags = plane.flags;
  for (let j = 0; j < ny; j++) {
    const r = j * all.stride;
    const g = (j + k * ny) * nx;
    for (let i = 0; i < nx; i++) flags[r + i] = s[g + i] >= iso ? 1 : 0;
    finishRow(plane, j, nx);
  }
}

/**
 * A plane crosses a grid row at most once, so VTK's plane cutter classifies a row from its two
 * end values only: the crossing is placed at x-edge ⌊a·n/(a+b)⌋ (a, b the end distances).
 * Points that lie exactly on the plane are classified by that rule, not by their own sign;
 * following it keeps the point and triangle counts of oblique slices equal to ParaView's.
 */
function classifyPlaneRows(field: PlaneField, iso: number, dims: Dims, k: number, all: Classification): void {
  const [nx, ny] = dims;
  const cells = nx - 1;
  const plane = new PlaneState(nx, ny, all, k);
  const { flags, stride } = plane;
  for (let j = 0; j < ny; j++) {
    const r = j * stride;
    const left = planeValue(field, 0, j, k) - iso;
    const right = planeValue(field, cells, j, k) - iso;
    if ((left >= 0 && right >= 0) || (left < 0 && right < 0)) {
      flags.fill(left >= 0 ? 1 : 0, r, r + stride);
      plane.first[j] = nx;
      plane.last[j] = -1;
      plane.xCount[j] = 0;
      continue;
    }
    const a = Math.abs(left);
    const b = Math.abs(right);
    let crossing = Math.floor((a * cells) / (a + b));
    if (crossing >= cells) crossing = cells - 1;
    const leftAbove = left >= 0 ? 1 : 0;
    flags.fill(leftAbove, r, r + crossing + 1);
    flags.fill(1 - leftAbove, r + crossing + 1, r + stride);
    plane.first[j] = crossing;
    plane.last[j] = crossing;
    plane.xCount[j] = 1;
  }
}

/**
 * The cell planes [start, end) a plane field can cross: a k-plane whose four corners lie on one
 * side is uniform (the field is linear), and a cell plane between two uniform point planes on
 * the same side holds no surface and no edge point. Axis-aligned slices touch two planes.
 */
export function activePlaneRange(field: PlaneField, iso: number, dims: Dims): [number, number] {
  const [nx, ny, nz] = dims;
  const side = (k: number) => {
    let above = 0;
    for (const [i, j] of [
      [0, 0],
      [nx - 1, 0],
      [0, ny - 1],
      [nx - 1, ny - 1],
    ]) {
      if (planeValue(field, i, j, k) - iso >= 0) above++;
    }
    return above === 4 ? 1 : above === 0 ? 0 : -1;
  };
  let start = -1;
  let end = -1;
  let below = side(0);
  for (let k = 0; k + 1 < nz; k++) {
    const above = side(k + 1);
    if (below < 0 || above < 0 || below !== above) {
      if (start < 0) start = k;
      end = k + 1;
    }
    below = above;
  }
  return start < 0 ? [0, 0] : [start, end];
}

/**
 * Point indices [lo, hi] of rows (a, ja) and (b, jb) outside which their flags cannot differ;
 * lo > hi when they agree everywhere.
 */
export function pairRange(a: PlaneState, ja: number, b: PlaneState, jb: number, out: Int32Array): void {
  const nx = a.nx;
  const ra = ja * a.stride;
  const rb = jb * b.stride;
  out[0] = a.flags[ra] !== b.flags[rb] ? 0 : Math.min(a.first[ja], b.first[jb]);
  out[1] = a.flags[ra + nx - 1] !== b.flags[rb + nx - 1] ? nx - 1 : Math.max(a.last[ja], b.last[jb]) + 1;
}

/**
 * Calls `visit(i)` for every point i (increasing) where rows (a, ja) and (b, jb) differ.
 * Returns the number of such points.
 */
export function forEachDifference(
  a: PlaneState,
  ja: number,
  b: PlaneState,
  jb: number,
  range: Int32Array,
  visit: ((i: number) => void) | null,
): number {
  pairRange(a, ja, b, jb, range);
  if (range[0] > range[1]) return 0;
  const wa = (ja * a.stride) >> 2;
  const wb = (jb * b.stride) >> 2;
  const lastWord = (a.stride >> 2) - 1;
  let count = 0;
  for (let w = range[0] >> 2; w <= range[1] >> 2; w++) {
    let d = (a.words[wa + w] ^ b.words[wb + w]) >>> 0;
    if (w === lastWord) d = (d & a.lastMask) >>> 0;
    if (d === 0) continue;
    if (!visit) {
      count += byteSum(d);
      continue;
    }
    while (d !== 0) {
      const byte = lowestByte(d);
      visit(4 * w + byte);
      count++;
      d = (d & ~(0xff << (8 * byte))) >>> 0;
    }
  }
  return count;
}

/**
 * Cells [lo, hi] of cell row j between planes `lower` and `upper` that can be crossed;
 * lo > hi when none.
 */
export function cellRange(lower: PlaneState, upper: PlaneState, j: number, out: Int32Array): void {
  const nx = lower.nx;
  const a = j * lower.stride;
  const b = a + lower.stride;
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

/**
 * Whether the four rows of cell row j agree on one constant over points 4w … 4w+4, so the
 * three or four cells starting in word w are all outside the surface.
 */
export function uniformWord(lower: PlaneState, upper: PlaneState, j: number, w: number): boolean {
  const wa = (j * lower.stride) >> 2;
  const wb = wa + (lower.stride >> 2);
  const x = lower.words[wa + w];
  if (x !== 0 && x !== 0x01010101) return false;
  if (lower.words[wb + w] !== x || upper.words[wa + w] !== x || upper.words[wb + w] !== x) return false;
  // The last cell of the word also uses point 4w+4 (the next word's first byte).
  const next = 4 * w + 4;
  if (next >= lower.nx) return true;
  const v = x & 1;
  const a = j * lower.stride + next;
  const b = a + lower.stride;
  return lower.flags[a] === v && lower.flags[b] === v && upper.flags[a] === v && upper.flags[b] === v;
}
