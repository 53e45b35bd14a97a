/**
 * Splitting PolyData polygons and triangle strips into triangles, for formats that only store
 * triangles. Polygons are cut by ear clipping in their best-fit plane (so concave polygons come
 * out right); strips alternate orientation as VTK's vtkTriangleStrip does.
 */
import type { CellArray } from '../../data/cell-array.js';

/** Reads point coordinates by id (any numeric DataArray layout). */
export type PointReader = (id: number, axis: 0 | 1 | 2) => number;

/** A growable list of triangle point ids. */
export class TriangleList {
  ids = new Int32Array(48);
  length = 0;

  push(a: number, b: number, c: number): void {
    if (this.length + 3 > this.ids.length) {
      const grown = new Int32Array(this.ids.length * 2);
      grown.set(this.ids);
      this.ids = grown;
    }
    this.ids[this.length++] = a;
    this.ids[this.length++] = b;
    this.ids[this.length++] = c;
  }

  /** The triangles, three ids each, trimmed to size. */
  toArray(): Int32Array {
    return this.ids.slice(0, this.length);
  }
}

function signedArea2D(u: Float64Array, v: Float64Array, order: number[]): number {
  let area = 0;
  for (let i = 0; i < order.length; i++) {
    const a = order[i];
    const b = order[(i + 1) % order.length];
    area += u[a] * v[b] - u[b] * v[a];
  }
  return area / 2;
}

/** Whether p lies inside or on triangle abc (counter-clockwise). */
function inTriangle(u: Float64Array, v: Float64Array, a: number, b: number, c: number, p: number): boolean {
  const cross = (i: number, j: number, k: number) =>
    (u[j] - u[i]) * (v[k] - v[i]) - (v[j] - v[i]) * (u[k] - u[i]);
  return cross(a, b, p) >= 0 && cross(b, c, p) >= 0 && cross(c, a, p) >= 0;
}

/**
 * Triangulates one polygon given by point ids. Works in the plane that drops the axis where the
 * Newell normal is largest; falls back to a fan when the polygon is degenerate or self-crossing.
 */
export function triangulatePolygon(ids: ArrayLike<number>, point: PointReader, out: TriangleList): void {
  const n = ids.length;
  if (n < 3) return;
  if (n === 3) {
    out.push(ids[0], ids[1], ids[2]);
    return;
  }
  const normal = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const a = ids[i];
    const b = ids[(i + 1) % n];
    normal[0] += (point(a, 1) - point(b, 1)) * (point(a, 2) + point(b, 2));
    normal[1] += (point(a, 2) - point(b, 2)) * (point(a, 0) + point(b, 0));
    normal[2] += (point(a, 0) - point(b, 0)) * (point(a, 1) + point(b, 1));
  }
  const absolute = normal.map(Math.abs);
  const drop =
    absolute[0] >= absolute[1] && absolute[0] >= absolute[2] ? 0 : absolute[1] >= absolute[2] ? 1 : 2;
  const axisU = ((drop + 1) % 3) as 0 | 1 | 2;
  const axisV = ((drop + 2) % 3) as 0 | 1 | 2;
  const u = new Float64Array(n);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    u[i] = point(ids[i], axisU);
    v[i] = point(ids[i], axisV);
  }
  const remaining = Array.from({ length: n }, (_, i) => i);
  const area = signedArea2D(u, v, remaining);
  if (!(Math.abs(area) > 0)) {
    for (let i = 1; i + 1 < n; i++) out.push(ids[0], ids[i], ids[i + 1]);
    return;
  }
  // Clip in counter-clockwise order, then emit triangles in the polygon's own orientation.
  const reversed = area < 0;
  if (reversed) remaining.reverse();
  const emit = (a: number, b: number, c: number) =>
    reversed ? out.push(ids[c], ids[b], ids[a]) : out.push(ids[a], ids[b], ids[c]);
  const turn = (a: number, b: number, c: number) =>
    (u[b] - u[a]) * (v[c] - v[a]) - (v[b] - v[a]) * (u[c] - u[a]);
  let misses = 0;
  let i = 0;
  while (remaining.length > 3) {
    const m = remaining.length;
    const a = remaining[(i + m - 1) % m];
    const b = remaining[i];
    const c = remaining[(i + 1) % m];
    let ear = turn(a, b, c) > 0;
    for (let k = 0; ear && k < m; k++) {
      const p = remaining[k];
      if (p !== a && p !== b && p !== c && inTriangle(u, v, a, b, c, p)) ear = false;
    }
    if (!ear && misses >= m) {
      // A whole pass without an ear: cut off a vertex lying on a straight edge (a flat
      // triangle keeps the surface closed), or give up and fan what is left.
      const flat = remaining.findIndex(
        (b2, k) => turn(remaining[(k + m - 1) % m], b2, remaining[(k + 1) % m]) === 0,
      );
      if (flat < 0) break;
      i = flat;
      ear = true;
    }
    if (ear) {
      emit(remaining[(i + m - 1) % m], remaining[i], remaining[(i + 1) % m]);
      remaining.splice(i, 1);
      misses = 0;
      i %= remaining.length;
    } else {
      i = (i + 1) % m;
      misses++;
    }
  }
  if (remaining.length === 3) {
    emit(remaining[0], remaining[1], remaining[2]);
  } else {
    // No ear left (self-crossing outline): fan over what remains rather than lose the area.
    for (let k = 1; k + 1 < remaining.length; k++) emit(remaining[0], remaining[k], remaining[k + 1]);
  }
}

/** Appends the triangles of every polygon of `cells`. */
export function triangulatePolygons(cells: CellArray, point: PointReader, out: TriangleList): void {
  const { offsets, connectivity } = cells;
  for (let c = 0; c + 1 < offsets.length; c++) {
    const start = offsets[c];
    const end = offsets[c + 1];
    if (end - start === 3) out.push(connectivity[start], connectivity[start + 1], connectivity[start + 2]);
    else triangulatePolygon(connectivity.subarray(start, end), point, out);
  }
}

/**
 * Appends the triangles of every strip, flipping every other one so all keep the strip's
 * orientation; triangles with a repeated id (used in strips to turn corners) are skipped.
 */
export function triangulateStrips(cells: CellArray, out: TriangleList): void {
  const { offsets, connectivity } = cells;
  for (let c = 0; c + 1 < offsets.length; c++) {
    for (let i = offsets[c]; i + 2 < offsets[c + 1]; i++) {
      const odd = (i - offsets[c]) % 2 === 1;
      const a = connectivity[odd ? i + 1 : i];
      const b = connectivity[odd ? i : i + 1];
      const p = connectivity[i + 2];
      if (a !== b && b !== p && a !== p) out.push(a, b, p);
    }
  }
}
