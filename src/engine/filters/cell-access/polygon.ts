/**
 * Ear-clipping triangulation of one (possibly non-convex, roughly planar) polygon, as
 * vtkPolygon::Triangulate does for polygons of more than three points. The polygon is projected
 * on the plane of its Newell normal; an ear is a convex corner with no other polygon point in
 * its triangle. Falls back to a fan if no ear is found (degenerate input).
 */
import type { Coordinates } from './points.js';

/** Appends triangles (three ids each, from `ids`) covering the polygon to `out`. */
export function triangulatePolygon(
  xyz: Coordinates,
  ids: ArrayLike<number>,
  count: number,
  out: number[],
): void {
  if (count < 3) return;
  if (count === 3) {
    out.push(ids[0], ids[1], ids[2]);
    return;
  }
  let nx = 0;
  let ny = 0;
  let nz = 0;
  for (let i = 0; i < count; i++) {
    const a = 3 * ids[i];
    const b = 3 * ids[(i + 1) % count];
    nx += (xyz[a + 1] - xyz[b + 1]) * (xyz[a + 2] + xyz[b + 2]);
    ny += (xyz[a + 2] - xyz[b + 2]) * (xyz[a] + xyz[b]);
    nz += (xyz[a] - xyz[b]) * (xyz[a + 1] + xyz[b + 1]);
  }
  // Project onto the coordinate plane most facing the normal, keeping orientation.
  const ax = Math.abs(nx);
  const ay = Math.abs(ny);
  const az = Math.abs(nz);
  const [u, v, sign] =
    az >= ax && az >= ay ? [0, 1, Math.sign(nz)] : ax >= ay ? [1, 2, Math.sign(nx)] : [2, 0, Math.sign(ny)];
  const px = new Float64Array(count);
  const py = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    px[i] = xyz[3 * ids[i] + u];
    py[i] = (sign || 1) * xyz[3 * ids[i] + v];
  }
  const remaining: number[] = Array.from({ length: count }, (_, i) => i);
  const cross = (a: number, b: number, c: number) =>
    (px[b] - px[a]) * (py[c] - py[a]) - (py[b] - py[a]) * (px[c] - px[a]);
  const inside = (p: number, a: number, b: number, c: number) =>
    cross(a, b, p) >= 0 && cross(b, c, p) >= 0 && cross(c, a, p) >= 0;
  while (remaining.length > 3) {
    const n = remaining.length;
    let clipped = false;
    for (let k = 0; k < n; k++) {
      const a = remaining[(k + n - 1) % n];
      const b = remaining[k];
      const c = remaining[(k + 1) % n];
      if (cross(a, b, c) <= 0) continue;
      let blocked = false;
      for (const p of remaining) {
        if (p !== a && p !== b && p !== c && inside(p, a, b, c)) {
          blocked = true;
          break;
        }
      }
      if (blocked) continue;
      out.push(ids[a], ids[b], ids[c]);
      remaining.splice(k, 1);
      clipped = true;
      break;
    }
    if (!clipped) break;
  }
  for (let k = 1; k + 1 < remaining.length; k++)
    out.push(ids[remaining[0]], ids[remaining[k]], ids[remaining[k + 1]]);
}
