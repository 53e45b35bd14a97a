/**
 * vtkPolyLine::GenerateSlidingNormals: "orientation" normals along poly-lines that turn as little
 * as possible from point to point (used by stream lines and tubes to orient ribbons and tube
 * cross sections). The first normal is perpendicular to the first two non-parallel segments
 * (or any perpendicular of the only segment), then each is rotated with the line.
 */
import type { CellArray } from '../../data/cell-array.js';

type V3 = [number, number, number];

const sub = (a: V3, b: V3): V3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot = (a: V3, b: V3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: V3, b: V3): V3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
const norm = (a: V3) => Math.sqrt(dot(a, a));
/** Normalises in place and returns the former length (VTK's vtkMath::Normalize). */
function normalize(a: V3): number {
  const n = norm(a);
  if (n !== 0) {
    a[0] /= n;
    a[1] /= n;
    a[2] /= n;
  }
  return n;
}

/**
 * Writes one normal per point of every line into `out` (xyz per point; points not on any line
 * are left as they are). `firstNormal` fixes the first normal of every line.
 */
export function slidingNormals(
  xyz: ArrayLike<number>,
  lines: CellArray,
  out: Float64Array | Float32Array,
  firstNormal?: V3,
): void {
  const point = (id: number): V3 => [xyz[3 * id], xyz[3 * id + 1], xyz[3 * id + 2]];
  const put = (id: number, n: V3) => {
    out[3 * id] = n[0];
    out[3 * id + 1] = n[1];
    out[3 * id + 2] = n[2];
  };
  let normal: V3 = [0, 0, 1];
  for (let line = 0; line + 1 < lines.offsets.length; line++) {
    const begin = lines.offsets[line];
    const npts = lines.offsets[line + 1] - begin;
    const id = (k: number) => lines.connectivity[begin + k];
    if (npts <= 0) continue;
    if (npts === 1) {
      put(id(0), normal);
      continue;
    }
    // Index of the start of the next segment of non-zero length from `start`, or npts.
    const nextValid = (start: number): number => {
      const ps = point(id(start));
      for (let end = start + 1; end < npts; end++) {
        const pe = point(id(end));
        if (pe[0] !== ps[0] || pe[1] !== ps[1] || pe[2] !== ps[2]) return end - 1;
      }
      return npts;
    };
    const segment = (k: number): V3 => {
      const s = sub(point(id(k + 1)), point(id(k)));
      normalize(s);
      return s;
    };
    let next = nextValid(0);
    if (next === npts) {
      for (let k = 0; k < npts; k++) put(id(k), normal);
      continue;
    }
    let sPrev = segment(next);
    if (firstNormal) {
      normal = [...firstNormal];
    } else {
      while (++next < npts) {
        next = nextValid(next);
        if (next === npts) break;
        const sNext = segment(next);
        const n = cross(sPrev, sNext);
        if (norm(n) > 1e-3) {
          normal = n;
          sPrev = sNext;
          break;
        }
      }
      if (next >= npts) {
        for (let i = 0; i < 3; i++) {
          if (sPrev[i] !== 0) {
            normal = [0, 0, 0];
            normal[(i + 2) % 3] = 0;
            normal[(i + 1) % 3] = 1;
            normal[i] = -sPrev[(i + 1) % 3] / sPrev[i];
            break;
          }
        }
      }
    }
    normalize(normal);
    let lastNormal = 0;
    while (++next < npts) {
      next = nextValid(next);
      if (next === npts) break;
      const sNext = segment(next);
      const w0 = cross(sPrev, normal);
      if (normalize(w0) === 0) continue;
      const q = cross(sNext, sPrev);
      if (normalize(q) === 0) continue;
      const f1 = dot(q, normal);
      let f2 = 1 - f1 * f1;
      f2 = f2 > 0 ? Math.sqrt(f2) : 0;
      const c: V3 = [sNext[0] + sPrev[0], sNext[1] + sPrev[1], sNext[2] + sPrev[2]];
      normalize(c);
      const w = cross(c, q);
      const c2 = cross(sPrev, q);
      if (dot(normal, c2) * dot(w, c2) < 0) f2 = -f2;
      for (let k = lastNormal; k < next; k++) put(id(k), normal);
      lastNormal = next;
      sPrev = sNext;
      normal = [f1 * q[0] + f2 * w[0], f1 * q[1] + f2 * w[1], f1 * q[2] + f2 * w[2]];
    }
    for (let k = lastNormal; k < npts; k++) put(id(k), normal);
  }
}
