/**
 * Level of detail for interaction: vertex clustering on a uniform grid over the bounds (the
 * idea of vtkQuadricClustering, which ParaView's LOD uses, with plain averaging). Vertices in one
 * bin merge into their mean; triangles that collapse are dropped. O(n), computed once per
 * geometry and cached, so a drag over a million triangles draws tens of thousands.
 */
import type { RenderGeometry } from './geometry.js';

/** Geometries below this many triangles are drawn in full even while interacting. */
export const LOD_TRIANGLE_THRESHOLD = 100_000;

const cache = new WeakMap<RenderGeometry, RenderGeometry>();

function shared<T extends Float32Array | Float64Array | Uint32Array>(
  Ctor: { new (b: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number },
  length: number,
): T {
  return new Ctor(new SharedArrayBuffer(length * Ctor.BYTES_PER_ELEMENT));
}

/** The reduced geometry used in interactive frames (the geometry itself when already small). */
export function levelOfDetail(geometry: RenderGeometry, divisions = 96): RenderGeometry {
  if (geometry.triangles.length / 3 < LOD_TRIANGLE_THRESHOLD) return geometry;
  const cached = cache.get(geometry);
  if (cached) return cached;
  const [x0, x1, y0, y1, z0, z1] = geometry.bounds;
  const sx = divisions / Math.max(x1 - x0, 1e-30);
  const sy = divisions / Math.max(y1 - y0, 1e-30);
  const sz = divisions / Math.max(z1 - z0, 1e-30);
  const p = geometry.positions;
  const n = p.length / 3;
  const bins = new Map<number, number>();
  const remap = new Uint32Array(n);
  const sums: number[] = [];
  const normalSums: number[] = [];
  const scalarSums: number[] = [];
  const counts: number[] = [];
  const cap = divisions - 1;
  const pointScalars = geometry.scalarAssociation === 'POINTS' ? geometry.scalars : undefined;
  for (let v = 0; v < n; v++) {
    const i = Math.min(cap, Math.max(0, Math.floor((p[3 * v] - x0) * sx)));
    const j = Math.min(cap, Math.max(0, Math.floor((p[3 * v + 1] - y0) * sy)));
    const k = Math.min(cap, Math.max(0, Math.floor((p[3 * v + 2] - z0) * sz)));
    const key = (k * divisions + j) * divisions + i;
    let target = bins.get(key);
    if (target === undefined) {
      target = counts.length;
      bins.set(key, target);
      counts.push(0);
      sums.push(0, 0, 0);
      normalSums.push(0, 0, 0);
      scalarSums.push(0);
    }
    remap[v] = target;
    counts[target]++;
    for (let a = 0; a < 3; a++) {
      sums[3 * target + a] += p[3 * v + a];
      if (geometry.normals) normalSums[3 * target + a] += geometry.normals[3 * v + a];
    }
    if (pointScalars) scalarSums[target] += pointScalars[v];
  }
  const m = counts.length;
  const positions = shared(Float32Array, m * 3);
  const normals = geometry.normals ? shared(Float32Array, m * 3) : undefined;
  for (let t = 0; t < m; t++) {
    for (let a = 0; a < 3; a++) {
      positions[3 * t + a] = sums[3 * t + a] / counts[t];
      if (normals) normals[3 * t + a] = normalSums[3 * t + a];
    }
  }
  let scalars = geometry.scalars;
  if (pointScalars) {
    scalars = shared(Float64Array, m);
    for (let t = 0; t < m; t++) scalars[t] = scalarSums[t] / counts[t];
  }
  const triangles: number[] = [];
  const triangleCells: number[] = [];
  const source = geometry.triangles;
  for (let t = 0; t < source.length / 3; t++) {
    const a = remap[source[3 * t]];
    const b = remap[source[3 * t + 1]];
    const c = remap[source[3 * t + 2]];
    if (a === b || b === c || a === c) continue;
    triangles.push(a, b, c);
    triangleCells.push(geometry.triangleCells[t]);
  }
  const toShared = (values: number[]) => {
    const out = shared(Uint32Array, values.length);
    out.set(values);
    return out;
  };
  const segments: number[] = [];
  for (let s = 0; s < geometry.segments.length; s++) segments.push(remap[geometry.segments[s]]);
  const points: number[] = [];
  for (let s = 0; s < geometry.points.length; s++) points.push(remap[geometry.points[s]]);
  const reduced: RenderGeometry = {
    ...geometry,
    positions,
    normals,
    triangles: toShared(triangles),
    triangleCells: toShared(triangleCells),
    segments: toShared(segments),
    points: toShared(points),
    scalars,
  };
  cache.set(geometry, reduced);
  return reduced;
}
