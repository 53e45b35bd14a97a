/**
 * Which triangles may be culled when seen from behind: those of closed, consistently oriented
 * components of a mesh. Seen from outside such a component (no part of it behind the near plane,
 * so neither the eye nor the view's cut lies inside it), the first surface along any ray enters
 * it, so its triangles facing away are always hidden by its own triangles facing the viewer and
 * skipping them changes no pixel. Open components (boundaries, non-manifold or inconsistently
 * wound edges) and flat closed ones (no enclosed volume) are never culled; two-sided lighting
 * still shows their inside. Self-intersecting surfaces are outside this reasoning.
 *
 * A component is a set of triangles joined by edges that two triangles share in opposite
 * directions. Its orientation is the sign of its enclosed (signed) volume: outward-wound
 * components show their counter-clockwise side, inward-wound ones their clockwise side.
 */
import { getDefaultPool, taskReference, type WorkerPool } from '../../workers/pool.js';
import type { RenderGeometry } from './geometry.js';

/**
 * Per triangle: +1 when its component is closed and wound outward (cull it where it appears
 * clockwise on screen), −1 when closed and wound inward (cull where counter-clockwise), 0 when it
 * must always be drawn. Undefined when no triangle may be culled.
 */
export type FacingSides = Int8Array;

const cache = new WeakMap<RenderGeometry, FacingSides | null>();
const pending = new WeakMap<RenderGeometry, Promise<void>>();

/**
 * Meshes of this many triangles or more are examined in a pool worker (a million triangles take
 * about half a second), so the first frames draw every triangle instead of waiting.
 */
export const BACKGROUND_TRIANGLES = 100_000;

const task = taskReference(new URL('./closed-surface.js', import.meta.url), 'closedComponentSidesTask');

/**
 * Cull sides of a geometry's triangles, computed once per geometry: at once for small meshes;
 * for big ones undefined until a pool worker has found them (see `facingSidesReady`).
 */
export function facingSides(
  geometry: RenderGeometry,
  pool: WorkerPool = getDefaultPool(),
): FacingSides | undefined {
  const known = cache.get(geometry);
  if (known !== undefined) return known ?? undefined;
  if (geometry.triangles.length / 3 < BACKGROUND_TRIANGLES) {
    const sides = closedComponentSides(geometry.positions, geometry.triangles);
    cache.set(geometry, sides);
    return sides ?? undefined;
  }
  void facingSidesReady(geometry, pool);
  return undefined;
}

/** Settles once the geometry's cull sides are known (started in a pool worker if need be). */
export function facingSidesReady(
  geometry: RenderGeometry,
  pool: WorkerPool = getDefaultPool(),
): Promise<void> {
  if (cache.has(geometry)) return Promise.resolve();
  let promise = pending.get(geometry);
  if (!promise) {
    promise = pool
      .run<Int8Array | null>(task, { positions: geometry.positions, triangles: geometry.triangles })
      // A failure costs only the speed-up: every triangle is drawn.
      .then(
        (sides) => void cache.set(geometry, sides),
        () => void cache.set(geometry, null),
      );
    pending.set(geometry, promise);
  }
  return promise;
}

/** Pool task: closedComponentSides of a mesh on shared buffers. */
export function closedComponentSidesTask(input: {
  positions: Float32Array;
  triangles: Uint32Array;
}): Int8Array | null {
  return closedComponentSides(input.positions, input.triangles);
}

/** See FacingSides; null when no component is closed. */
export function closedComponentSides(positions: Float32Array, triangles: Uint32Array): FacingSides | null {
  const count = triangles.length / 3;
  if (count < 4) return null;
  let vertices = 0;
  for (let i = 0; i < triangles.length; i++) if (triangles[i] >= vertices) vertices = triangles[i] + 1;
  // Directed edges (edge 3t + k runs from corner k to corner k + 1 of triangle t), grouped by
  // their first vertex.
  const offsets = new Uint32Array(vertices + 1);
  for (let e = 0; e < triangles.length; e++) offsets[triangles[e] + 1]++;
  for (let v = 0; v < vertices; v++) offsets[v + 1] += offsets[v];
  const fill = offsets.slice(0, vertices);
  const targets = new Uint32Array(triangles.length);
  const edges = new Uint32Array(triangles.length);
  for (let e = 0; e < triangles.length; e++) {
    const from = triangles[e];
    const to = triangles[nextCorner(e)];
    targets[fill[from]] = to;
    edges[fill[from]++] = e;
  }
  const parent = new Int32Array(count);
  for (let t = 0; t < count; t++) parent[t] = t;
  const open = new Uint8Array(count);
  for (let e = 0; e < triangles.length; e++) {
    const t = (e / 3) | 0;
    const from = triangles[e];
    const to = triangles[nextCorner(e)];
    if (from === to) {
      open[t] = 1;
      continue;
    }
    // The edge itself exactly once (no other triangle winds it the same way) …
    let same = 0;
    for (let i = offsets[from]; i < offsets[from + 1]; i++) if (targets[i] === to) same++;
    // … and exactly one triangle winding it back.
    let partner = -1;
    let opposite = 0;
    for (let i = offsets[to]; i < offsets[to + 1]; i++)
      if (targets[i] === from) {
        opposite++;
        partner = edges[i];
      }
    if (same !== 1 || opposite !== 1) {
      open[t] = 1;
      continue;
    }
    const a = root(parent, t);
    const b = root(parent, (partner / 3) | 0);
    if (a !== b) parent[a] = b;
  }
  const closed = new Uint8Array(count).fill(1);
  const volume = new Float64Array(count);
  const extent = new Float64Array(count);
  const p = positions;
  for (let t = 0; t < count; t++) {
    const r = root(parent, t);
    parent[t] = r;
    if (open[t]) closed[r] = 0;
    const a = 3 * triangles[3 * t];
    const b = 3 * triangles[3 * t + 1];
    const c = 3 * triangles[3 * t + 2];
    // Six times the signed volume of the tetrahedron (origin, a, b, c); and its absolute value,
    // the scale against which a flat component's volume is zero.
    const v =
      p[a] * (p[b + 1] * p[c + 2] - p[b + 2] * p[c + 1]) -
      p[a + 1] * (p[b] * p[c + 2] - p[b + 2] * p[c]) +
      p[a + 2] * (p[b] * p[c + 1] - p[b + 1] * p[c]);
    volume[r] += v;
    extent[r] += Math.abs(v);
  }
  const sides = new Int8Array(count);
  let any = false;
  for (let t = 0; t < count; t++) {
    const r = parent[t];
    if (!closed[r] || !(Math.abs(volume[r]) > 1e-6 * extent[r])) continue;
    sides[t] = volume[r] > 0 ? 1 : -1;
    any = true;
  }
  return any ? sides : null;
}

/** The corner after corner e (3t + k) of its triangle: where directed edge e ends. */
function nextCorner(e: number): number {
  return e % 3 === 2 ? e - 2 : e + 1;
}

/** Union-find root of triangle t, halving the path on the way. */
function root(parent: Int32Array, t: number): number {
  while (parent[t] !== t) {
    parent[t] = parent[parent[t]];
    t = parent[t];
  }
  return t;
}
