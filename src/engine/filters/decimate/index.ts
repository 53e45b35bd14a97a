/**
 * Decimate: quadric error edge collapse (Garland & Heckbert, the method of vtkQuadricDecimation)
 * on triangle meshes, until TargetReduction of the triangles are gone.
 *
 * Every vertex carries the sum of the (area-weighted) plane quadrics of its triangles, plus
 * stiff planes along boundary edges so that borders keep their shape. Candidate collapses sit in
 * a binary heap by error; the cheapest valid one merges its two vertices at the point of least
 * quadric error (or the best of the endpoints and the midpoint when that is ill-conditioned).
 * A collapse is refused when it would turn a triangle over, and with PreserveTopology when it
 * would break the edge's link condition (the mesh would stop being a manifold or change genus).
 * BoundaryVertexDeletion off keeps boundary vertices where they are.
 *
 * Output: PolyData of triangles only (polygons and strips are triangulated first; vertices and
 * lines are dropped, as VTK's decimators do). Point data is interpolated along collapsed edges;
 * cell data follows the surviving triangles. Non-polydata inputs are decimated through their
 * surface; MultiBlock: block by block.
 */
import { DataArray } from '../../data/data-array.js';
import { createPolyData, type DataObject, type DataSet, type PolyData } from '../../data/dataset.js';
import { AttributeInterpolator, gatherAttributes } from '../cell-access/attributes.js';
import { loopMonitor, mapDataSets, onlyInput } from '../cell-access/blocks.js';
import { pointCoordinates } from '../cell-access/points.js';
import { resolveProperties } from '../properties.js';
import { triangulate } from '../triangulate/index.js';
import type { FilterContext, FilterDefinition, PropertySchema, PropertyValues } from '../types.js';
import { EdgeHeap } from './edge-heap.js';

export interface DecimateOptions {
  /** Fraction of the triangles to remove (0…1, default 0.9). */
  targetReduction?: number;
  /** Keep the mesh's topology: refuse collapses that break the link condition. */
  preserveTopology?: boolean;
  /** Allow boundary vertices to be removed (default true). */
  boundaryVertexDeletion?: boolean;
}

/** Weight of the boundary-preserving planes relative to the surface quadrics. */
const BOUNDARY_WEIGHT = 1000;

class Mesh {
  readonly xyz: Float64Array;
  readonly triangles: Int32Array;
  readonly alive: Uint8Array;
  readonly vertexTriangles: number[][];
  readonly quadrics: Float64Array;
  readonly version: Int32Array;
  readonly boundary: Uint8Array;
  liveTriangles: number;

  constructor(xyz: Float64Array, triangles: Int32Array) {
    const n = xyz.length / 3;
    const t = triangles.length / 3;
    this.xyz = xyz;
    this.triangles = triangles;
    this.alive = new Uint8Array(t).fill(1);
    this.vertexTriangles = Array.from({ length: n }, () => []);
    for (let i = 0; i < t; i++)
      for (let k = 0; k < 3; k++) this.vertexTriangles[triangles[3 * i + k]].push(i);
    this.quadrics = new Float64Array(10 * n);
    this.version = new Int32Array(n);
    this.boundary = new Uint8Array(n);
    this.liveTriangles = t;
    this.#mark = new Int32Array(n);
  }

  /** Area-scaled normal of triangle t into out (with vertex `moved` placed at `to` if given). */
  normalInto(t: number, out: Float64Array, moved = -1, to?: Float64Array): Float64Array {
    const p = this.xyz;
    const i0 = this.triangles[3 * t];
    const i1 = this.triangles[3 * t + 1];
    const i2 = this.triangles[3 * t + 2];
    const ax = i0 === moved && to ? to[0] : p[3 * i0];
    const ay = i0 === moved && to ? to[1] : p[3 * i0 + 1];
    const az = i0 === moved && to ? to[2] : p[3 * i0 + 2];
    const bx = i1 === moved && to ? to[0] : p[3 * i1];
    const by = i1 === moved && to ? to[1] : p[3 * i1 + 1];
    const bz = i1 === moved && to ? to[2] : p[3 * i1 + 2];
    const cx = i2 === moved && to ? to[0] : p[3 * i2];
    const cy = i2 === moved && to ? to[1] : p[3 * i2 + 1];
    const cz = i2 === moved && to ? to[2] : p[3 * i2 + 2];
    const ux = bx - ax;
    const uy = by - ay;
    const uz = bz - az;
    const wx = cx - ax;
    const wy = cy - ay;
    const wz = cz - az;
    out[0] = uy * wz - uz * wy;
    out[1] = uz * wx - ux * wz;
    out[2] = ux * wy - uy * wx;
    return out;
  }

  normal(t: number): [number, number, number] {
    const n = this.normalInto(t, new Float64Array(3));
    return [n[0], n[1], n[2]];
  }

  addPlane(v: number, nx: number, ny: number, nz: number, d: number, weight: number): void {
    const q = this.quadrics;
    const o = 10 * v;
    q[o] += weight * nx * nx;
    q[o + 1] += weight * nx * ny;
    q[o + 2] += weight * nx * nz;
    q[o + 3] += weight * nx * d;
    q[o + 4] += weight * ny * ny;
    q[o + 5] += weight * ny * nz;
    q[o + 6] += weight * ny * d;
    q[o + 7] += weight * nz * nz;
    q[o + 8] += weight * nz * d;
    q[o + 9] += weight * d * d;
  }

  readonly #mark: Int32Array;
  #markValue = 0;

  /** Distinct neighbours of v through live triangles (a mark array, no Set). */
  neighbors(v: number): number[] {
    const mark = this.#mark;
    const stamp = ++this.#markValue;
    const out: number[] = [];
    for (const t of this.vertexTriangles[v]) {
      if (!this.alive[t]) continue;
      for (let k = 0; k < 3; k++) {
        const w = this.triangles[3 * t + k];
        if (w !== v && mark[w] !== stamp) {
          mark[w] = stamp;
          out.push(w);
        }
      }
    }
    return out;
  }

  /** Marks `vertices` with a fresh stamp and returns it (for membership tests via isMarked). */
  markAll(vertices: number[]): number {
    const stamp = ++this.#markValue;
    for (const v of vertices) this.#mark[v] = stamp;
    return stamp;
  }

  isMarked(v: number, stamp: number): boolean {
    return this.#mark[v] === stamp;
  }
}

function initializeQuadrics(mesh: Mesh): void {
  const t = mesh.triangles.length / 3;
  for (let i = 0; i < t; i++) {
    const a = mesh.triangles[3 * i];
    const [nx, ny, nz] = mesh.normal(i);
    const length = Math.hypot(nx, ny, nz);
    if (length === 0) continue;
    const ux = nx / length;
    const uy = ny / length;
    const uz = nz / length;
    const d = -(ux * mesh.xyz[3 * a] + uy * mesh.xyz[3 * a + 1] + uz * mesh.xyz[3 * a + 2]);
    for (let k = 0; k < 3; k++) mesh.addPlane(mesh.triangles[3 * i + k], ux, uy, uz, d, length / 2);
  }
  // Boundary edges are used by one triangle: count, per vertex a, the triangles on each edge (a, b).
  const n = mesh.xyz.length / 3;
  const stamp = new Int32Array(n).fill(-1);
  const uses = new Int32Array(n);
  const via = new Int32Array(n);
  for (let a = 0; a < n; a++) {
    const around = mesh.vertexTriangles[a];
    for (let j = 0; j < around.length; j++) {
      const tri = around[j];
      for (let k = 0; k < 3; k++) {
        const b = mesh.triangles[3 * tri + k];
        if (b <= a) continue;
        if (stamp[b] !== a) {
          stamp[b] = a;
          uses[b] = 0;
        }
        uses[b]++;
        via[b] = tri;
      }
    }
    for (let j = 0; j < around.length; j++) {
      const tri = around[j];
      for (let k = 0; k < 3; k++) {
        const b = mesh.triangles[3 * tri + k];
        if (b <= a || stamp[b] !== a || uses[b] !== 1) continue;
        uses[b] = 0;
        addBoundaryPlane(mesh, a, b, via[b]);
      }
    }
  }
}

/** A stiff plane through boundary edge (p, q), perpendicular to its triangle. */
function addBoundaryPlane(mesh: Mesh, p: number, q: number, triangle: number): void {
  mesh.boundary[p] = mesh.boundary[q] = 1;
  const [nx, ny, nz] = mesh.normal(triangle);
  const ex = mesh.xyz[3 * q] - mesh.xyz[3 * p];
  const ey = mesh.xyz[3 * q + 1] - mesh.xyz[3 * p + 1];
  const ez = mesh.xyz[3 * q + 2] - mesh.xyz[3 * p + 2];
  let mx = ey * nz - ez * ny;
  let my = ez * nx - ex * nz;
  let mz = ex * ny - ey * nx;
  const ml = Math.hypot(mx, my, mz);
  if (ml === 0) return;
  mx /= ml;
  my /= ml;
  mz /= ml;
  const d = -(mx * mesh.xyz[3 * p] + my * mesh.xyz[3 * p + 1] + mz * mesh.xyz[3 * p + 2]);
  const weight = BOUNDARY_WEIGHT * (ex * ex + ey * ey + ez * ez);
  mesh.addPlane(p, mx, my, mz, d, weight);
  mesh.addPlane(q, mx, my, mz, d, weight);
}

function quadricError(q: Float64Array, x: number, y: number, z: number): number {
  return (
    q[0] * x * x +
    2 * q[1] * x * y +
    2 * q[2] * x * z +
    2 * q[3] * x +
    q[4] * y * y +
    2 * q[5] * y * z +
    2 * q[6] * y +
    q[7] * z * z +
    2 * q[8] * z +
    q[9]
  );
}

/** Sum of two vertex quadrics into `out`; the collapse target into `at`; returns its error. */
function evaluateCollapse(
  mesh: Mesh,
  a: number,
  b: number,
  fixA: boolean,
  fixB: boolean,
  out: Float64Array,
  at: Float64Array,
): number {
  for (let i = 0; i < 10; i++) out[i] = mesh.quadrics[10 * a + i] + mesh.quadrics[10 * b + i];
  const p = mesh.xyz;
  if (fixA || fixB) {
    const v = fixA ? a : b;
    at[0] = p[3 * v];
    at[1] = p[3 * v + 1];
    at[2] = p[3 * v + 2];
    return quadricError(out, at[0], at[1], at[2]);
  }
  const q11 = out[0];
  const q12 = out[1];
  const q13 = out[2];
  const q14 = out[3];
  const q22 = out[4];
  const q23 = out[5];
  const q24 = out[6];
  const q33 = out[7];
  const q34 = out[8];
  const det = q11 * (q22 * q33 - q23 * q23) - q12 * (q12 * q33 - q23 * q13) + q13 * (q12 * q23 - q22 * q13);
  const scale = Math.abs(q11) + Math.abs(q22) + Math.abs(q33);
  if (Math.abs(det) > 1e-10 * scale * scale * scale && scale > 0) {
    // Cramer's rule on A·x = −b.
    const b1 = -q14;
    const b2 = -q24;
    const b3 = -q34;
    at[0] = (b1 * (q22 * q33 - q23 * q23) - q12 * (b2 * q33 - q23 * b3) + q13 * (b2 * q23 - q22 * b3)) / det;
    at[1] = (q11 * (b2 * q33 - q23 * b3) - b1 * (q12 * q33 - q23 * q13) + q13 * (q12 * b3 - b2 * q13)) / det;
    at[2] = (q11 * (q22 * b3 - b2 * q23) - q12 * (q12 * b3 - b2 * q13) + b1 * (q12 * q23 - q22 * q13)) / det;
    return quadricError(out, at[0], at[1], at[2]);
  }
  let best = Number.POSITIVE_INFINITY;
  for (let step = 0; step <= 2; step++) {
    const t = step / 2;
    const x = p[3 * a] + t * (p[3 * b] - p[3 * a]);
    const y = p[3 * a + 1] + t * (p[3 * b + 1] - p[3 * a + 1]);
    const z = p[3 * a + 2] + t * (p[3 * b + 2] - p[3 * a + 2]);
    const e = quadricError(out, x, y, z);
    if (e < best) {
      best = e;
      at[0] = x;
      at[1] = y;
      at[2] = z;
    }
  }
  return best;
}

export function decimate(
  input: DataSet,
  options: DecimateOptions = {},
  context: FilterContext = {},
): PolyData {
  const surface = triangulate(input, { passVerts: false, passLines: false }, context);
  const xyz = Float64Array.from(pointCoordinates(surface));
  const triangles = Int32Array.from(surface.polys.connectivity);
  const mesh = new Mesh(xyz, triangles);
  initializeQuadrics(mesh);
  const initial = mesh.liveTriangles;
  const target = Math.min(1, Math.max(0, options.targetReduction ?? 0.9));
  const removeAtLeast = Math.ceil(target * initial - 1e-9);
  const preserve = options.preserveTopology ?? false;
  const keepBoundary = options.boundaryVertexDeletion === false;
  const attributes = new AttributeInterpolator(surface.pointData, xyz.length / 3, { globalIds: false });
  const n = xyz.length / 3;
  for (let v = 0; v < n; v++) attributes.copy(v, v);

  const heap = new EdgeHeap();
  const scratchQ = new Float64Array(10);
  const at = new Float64Array(3);
  const push = (a: number, b: number) => {
    if (a > b) [a, b] = [b, a];
    const fixA = keepBoundary && mesh.boundary[a] === 1;
    const fixB = keepBoundary && mesh.boundary[b] === 1;
    if (fixA && fixB) return;
    heap.push(evaluateCollapse(mesh, a, b, fixA, fixB, scratchQ, at), a, b, mesh.version[a], mesh.version[b]);
  };
  // Every edge once: from its smaller vertex, deduplicated with a per-vertex stamp.
  const marked = new Int32Array(n).fill(-1);
  for (let a = 0; a < n; a++) {
    const around = mesh.vertexTriangles[a];
    for (let j = 0; j < around.length; j++) {
      for (let k = 0; k < 3; k++) {
        const b = triangles[3 * around[j] + k];
        if (b > a && marked[b] !== a) {
          marked[b] = a;
          push(a, b);
        }
      }
    }
  }

  const entry = new Int32Array(4);
  const tick = loopMonitor(context, removeAtLeast, 'Decimate', 1024);
  const weights = new Float64Array(2);
  const pair = new Int32Array(2);
  while (initial - mesh.liveTriangles < removeAtLeast && heap.size > 0) {
    tick(initial - mesh.liveTriangles);
    heap.pop(entry);
    const a = entry[0];
    const b = entry[1];
    const stampA = entry[2];
    const stampB = entry[3];
    if (
      mesh.version[a] !== stampA ||
      mesh.version[b] !== stampB ||
      mesh.version[a] < 0 ||
      mesh.version[b] < 0
    )
      continue;
    const fixA = keepBoundary && mesh.boundary[a] === 1;
    const fixB = keepBoundary && mesh.boundary[b] === 1;
    evaluateCollapse(mesh, a, b, fixA, fixB, scratchQ, at);
    const shared: number[] = [];
    for (const s of mesh.vertexTriangles[a]) if (mesh.alive[s] && hasEdge(mesh, s, a, b)) shared.push(s);
    if (shared.length === 0) continue;
    if (preserve && !linkCondition(mesh, a, b, shared)) continue;
    if (flips(mesh, a, b, at)) continue;

    // Merge b into a at the target point.
    const p = mesh.xyz;
    const ex = p[3 * b] - p[3 * a];
    const ey = p[3 * b + 1] - p[3 * a + 1];
    const ez = p[3 * b + 2] - p[3 * a + 2];
    const length2 = ex * ex + ey * ey + ez * ez;
    const t =
      length2 > 0
        ? Math.min(
            1,
            Math.max(
              0,
              ((at[0] - p[3 * a]) * ex + (at[1] - p[3 * a + 1]) * ey + (at[2] - p[3 * a + 2]) * ez) / length2,
            ),
          )
        : 0;
    pair[0] = a;
    pair[1] = b;
    weights[0] = 1 - t;
    weights[1] = t;
    attributes.interpolate(a, pair, weights, 2);
    p[3 * a] = at[0];
    p[3 * a + 1] = at[1];
    p[3 * a + 2] = at[2];
    for (let i = 0; i < 10; i++) mesh.quadrics[10 * a + i] += mesh.quadrics[10 * b + i];
    if (mesh.boundary[b]) mesh.boundary[a] = 1;
    for (const s of shared) {
      mesh.alive[s] = 0;
      mesh.liveTriangles--;
    }
    const moved: number[] = [];
    for (const s of mesh.vertexTriangles[b]) {
      if (!mesh.alive[s]) continue;
      for (let k = 0; k < 3; k++) if (mesh.triangles[3 * s + k] === b) mesh.triangles[3 * s + k] = a;
      moved.push(s);
    }
    const survivors: number[] = [];
    for (const s of mesh.vertexTriangles[a]) if (mesh.alive[s]) survivors.push(s);
    for (const s of moved) survivors.push(s);
    mesh.vertexTriangles[a] = survivors;
    mesh.vertexTriangles[b] = [];
    mesh.version[b] = -1;
    // Only edges at a changed error; bumping a's version retires its old heap entries. Other
    // entries stay valid: their validity (flips, links) is checked again when they surface.
    mesh.version[a]++;
    for (const w of mesh.neighbors(a)) push(a, w);
  }
  return compact(surface, mesh, attributes);
}

function hasEdge(mesh: Mesh, t: number, a: number, b: number): boolean {
  let found = 0;
  for (let k = 0; k < 3; k++) {
    const v = mesh.triangles[3 * t + k];
    if (v === a || v === b) found++;
  }
  return found === 2;
}

/** Common neighbours of a and b must be exactly the apexes of the triangles on edge ab. */
function linkCondition(mesh: Mesh, a: number, b: number, shared: number[]): boolean {
  const aRing = mesh.neighbors(a);
  const bRing = mesh.neighbors(b);
  const stamp = mesh.markAll(bRing);
  let common = 0;
  for (const v of aRing) if (mesh.isMarked(v, stamp)) common++;
  if (common !== shared.length) return false;
  // A closed tetrahedron cannot lose a vertex without vanishing.
  return !(shared.length === 2 && aRing.length <= 3 && bRing.length <= 3);
}

const before = new Float64Array(3);
const after = new Float64Array(3);

/** Whether moving a and b to `to` would turn over (or flatten) a triangle that survives. */
function flips(mesh: Mesh, a: number, b: number, to: Float64Array): boolean {
  for (let e = 0; e < 2; e++) {
    const v = e === 0 ? a : b;
    for (const t of mesh.vertexTriangles[v]) {
      if (!mesh.alive[t] || hasEdge(mesh, t, a, b)) continue;
      mesh.normalInto(t, before);
      mesh.normalInto(t, after, v, to);
      const dot = before[0] * after[0] + before[1] * after[1] + before[2] * after[2];
      const nb = Math.hypot(before[0], before[1], before[2]);
      const na = Math.hypot(after[0], after[1], after[2]);
      if (na === 0 || dot <= 0.05 * nb * na) return true;
    }
  }
  return false;
}

function compact(surface: PolyData, mesh: Mesh, attributes: AttributeInterpolator): PolyData {
  const n = mesh.xyz.length / 3;
  const newId = new Int32Array(n).fill(-1);
  const kept: number[] = [];
  const connectivity: number[] = [];
  const sourceCells: number[] = [];
  const triangles = mesh.triangles.length / 3;
  for (let t = 0; t < triangles; t++) {
    if (!mesh.alive[t]) continue;
    for (let k = 0; k < 3; k++) {
      const v = mesh.triangles[3 * t + k];
      if (newId[v] < 0) {
        newId[v] = kept.length;
        kept.push(v);
      }
      connectivity.push(newId[v]);
    }
    sourceCells.push(t);
  }
  const points = new Float64Array(3 * kept.length);
  kept.forEach((v, i) => {
    points.set(mesh.xyz.subarray(3 * v, 3 * v + 3), 3 * i);
  });
  const floatPoints = surface.points.values instanceof Float32Array ? Float32Array.from(points) : points;
  const output = createPolyData({
    points: new DataArray({ name: 'Points', values: floatPoints, numberOfComponents: 3 }),
    polys: {
      offsets: Int32Array.from({ length: sourceCells.length + 1 }, (_, i) => 3 * i),
      connectivity: Int32Array.from(connectivity),
    },
  });
  const all = attributes.finish(n);
  output.pointData = gatherAttributes(all, kept, kept.length, { globalIds: true });
  output.cellData = gatherAttributes(surface.cellData, sourceCells, sourceCells.length);
  output.fieldData = surface.fieldData;
  return output;
}

const properties: readonly PropertySchema[] = [
  {
    name: 'TargetReduction',
    type: 'number',
    default: 0.9,
    min: 0,
    max: 1,
    doc: 'Fraction of the triangles to remove.',
  },
  {
    name: 'PreserveTopology',
    type: 'boolean',
    default: false,
    doc: 'Never change the topology (no holes, no pinches).',
  },
  {
    name: 'BoundaryVertexDeletion',
    type: 'boolean',
    default: true,
    doc: 'Allow vertices on the boundary to go.',
  },
];

export const decimateDefinition: FilterDefinition = {
  name: 'Decimate',
  kind: 'filter',
  description:
    'Reduces the triangles of a surface by quadric-error edge collapse until TargetReduction of them are removed. ' +
    'Output triangles with point data interpolated along collapsed edges.',
  inputs: { min: 1, max: 1 },
  properties,
  async execute(inputs: readonly DataObject[], values: PropertyValues, context: FilterContext) {
    const p = resolveProperties('Decimate', properties, values);
    const options: DecimateOptions = {
      targetReduction: p.TargetReduction as number,
      preserveTopology: p.PreserveTopology as boolean,
      boundaryVertexDeletion: p.BoundaryVertexDeletion as boolean,
    };
    return mapDataSets('Decimate', onlyInput('Decimate', inputs), context, (data, c) =>
      decimate(data, options, c),
    );
  },
};
