/**
 * Parametric coordinates, interpolation weights and derivatives of a point in one linear 3D
 * cell (tetrahedron, voxel, hexahedron, wedge, pyramid), as VTK's EvaluatePosition and
 * Derivatives compute them: closed form for tetrahedra and voxels, Newton iteration on the
 * isoparametric map for the others. A point counts as inside when its parametric coordinates
 * are within VTK's tolerance of the cell: 0.001 in general, 1e-6 for hexahedra (vtkHexahedron's
 * own outside-cell tolerance), so shared faces are never missed.
 *
 * Works on flat typed arrays and a caller-owned scratch object: nothing is allocated per call,
 * which matters because stream tracing and probing call this millions of times.
 */
import { CellType } from '../../data/cell-types.js';

/** Parametric tolerance of VTK's cells (the largest one: locators pad cell boxes by it). */
export const INSIDE_TOLERANCE = 0.001;
/**
 * vtkHexahedron accepts only 1e-6 beyond its faces. It matters to stream lines: a point 1e-4
 * past a face is extrapolated by the cached cell under 0.001 but interpolated by the neighbour
 * in VTK, and the Runge–Kutta 4-5 error estimate sees the difference and picks other steps.
 */
const HEXAHEDRON_TOLERANCE = 1e-6;

/** VTK's parametric inside tolerance of a cell type. */
export function insideTolerance(type: number): number {
  return type === CellType.HEXAHEDRON ? HEXAHEDRON_TOLERANCE : INSIDE_TOLERANCE;
}
const MAX_ITERATIONS = 20;
/** Tighter than VTK's 1e-3: the extra iteration or two costs little and makes probes exact. */
const CONVERGED = 1e-9;
const DIVERGED = 1e6;

/** Where a point falls in a cell; reused between calls. */
export class CellLocation {
  readonly pcoords = new Float64Array(3);
  /** One weight per cell point (first `count` are valid). */
  readonly weights = new Float64Array(12);
  /** Shape function derivatives d/dr, d/ds, d/dt per cell point (3 × 12). */
  readonly shapeDerivatives = new Float64Array(36);
  /** Inverse Jacobian (row-major), maps parametric derivatives to x, y, z derivatives. */
  readonly inverseJacobian = new Float64Array(9);
  count = 0;
}

/** Cell types `evaluatePosition` handles. */
export function isSupportedCell(type: number): boolean {
  return (
    type === CellType.TETRA ||
    type === CellType.VOXEL ||
    type === CellType.HEXAHEDRON ||
    type === CellType.WEDGE ||
    type === CellType.PYRAMID
  );
}

function shapeFunctions(
  type: number,
  r: number,
  s: number,
  t: number,
  w: Float64Array,
  d: Float64Array,
): number {
  switch (type) {
    case CellType.TETRA:
      w[0] = 1 - r - s - t;
      w[1] = r;
      w[2] = s;
      w[3] = t;
      d.fill(0, 0, 12);
      d[0] = -1;
      d[1] = 1;
      d[4] = -1;
      d[6] = 1;
      d[8] = -1;
      d[11] = 1;
      return 4;
    case CellType.WEDGE: {
      const u = 1 - r - s;
      w[0] = u * (1 - t);
      w[1] = r * (1 - t);
      w[2] = s * (1 - t);
      w[3] = u * t;
      w[4] = r * t;
      w[5] = s * t;
      // d/dr
      d[0] = -(1 - t);
      d[1] = 1 - t;
      d[2] = 0;
      d[3] = -t;
      d[4] = t;
      d[5] = 0;
      // d/ds
      d[6] = -(1 - t);
      d[7] = 0;
      d[8] = 1 - t;
      d[9] = -t;
      d[10] = 0;
      d[11] = t;
      // d/dt
      d[12] = -u;
      d[13] = -r;
      d[14] = -s;
      d[15] = u;
      d[16] = r;
      d[17] = s;
      return 6;
    }
    case CellType.PYRAMID: {
      const rm = 1 - r;
      const sm = 1 - s;
      const tm = 1 - t;
      w[0] = rm * sm * tm;
      w[1] = r * sm * tm;
      w[2] = r * s * tm;
      w[3] = rm * s * tm;
      w[4] = t;
      d[0] = -sm * tm;
      d[1] = sm * tm;
      d[2] = s * tm;
      d[3] = -s * tm;
      d[4] = 0;
      d[5] = -rm * tm;
      d[6] = -r * tm;
      d[7] = r * tm;
      d[8] = rm * tm;
      d[9] = 0;
      d[10] = -rm * sm;
      d[11] = -r * sm;
      d[12] = -r * s;
      d[13] = -rm * s;
      d[14] = 1;
      return 5;
    }
    default: {
      // Hexahedron; a voxel is the same map with points 2↔3 and 6↔7 swapped.
      const rm = 1 - r;
      const sm = 1 - s;
      const tm = 1 - t;
      const voxel = type === CellType.VOXEL;
      const a = voxel ? 3 : 2;
      const b = voxel ? 2 : 3;
      const c = voxel ? 7 : 6;
      const e = voxel ? 6 : 7;
      w[0] = rm * sm * tm;
      w[1] = r * sm * tm;
      w[a] = r * s * tm;
      w[b] = rm * s * tm;
      w[4] = rm * sm * t;
      w[5] = r * sm * t;
      w[c] = r * s * t;
      w[e] = rm * s * t;
      d[0] = -sm * tm;
      d[1] = sm * tm;
      d[a] = s * tm;
      d[b] = -s * tm;
      d[4] = -sm * t;
      d[5] = sm * t;
      d[c] = s * t;
      d[e] = -s * t;
      d[8] = -rm * tm;
      d[9] = -r * tm;
      d[8 + a] = r * tm;
      d[8 + b] = rm * tm;
      d[12] = -rm * t;
      d[13] = -r * t;
      d[8 + c] = r * t;
      d[8 + e] = rm * t;
      d[16] = -rm * sm;
      d[17] = -r * sm;
      d[16 + a] = -r * s;
      d[16 + b] = -rm * s;
      d[20] = rm * sm;
      d[21] = r * sm;
      d[16 + c] = r * s;
      d[16 + e] = rm * s;
      return 8;
    }
  }
}

/** Jacobian rows (d/dr, d/ds, d/dt of x, y, z) into j; returns its determinant. */
function jacobian(
  xyz: ArrayLike<number>,
  ids: ArrayLike<number>,
  n: number,
  d: Float64Array,
  j: Float64Array,
): number {
  j.fill(0, 0, 9);
  for (let k = 0; k < n; k++) {
    const p = 3 * ids[k];
    const x = xyz[p];
    const y = xyz[p + 1];
    const z = xyz[p + 2];
    for (let row = 0; row < 3; row++) {
      const dk = d[row * n + k];
      j[3 * row] += x * dk;
      j[3 * row + 1] += y * dk;
      j[3 * row + 2] += z * dk;
    }
  }
  return (
    j[0] * (j[4] * j[8] - j[5] * j[7]) -
    j[1] * (j[3] * j[8] - j[5] * j[6]) +
    j[2] * (j[3] * j[7] - j[4] * j[6])
  );
}

/**
 * Locates (x, y, z) in the cell of `type` whose points are ids[0..] in `xyz`. Returns 1 inside,
 * 0 outside (location still filled), −1 when the map is degenerate or Newton diverges.
 * `withDerivatives` false skips the inverse Jacobian (probes that only interpolate).
 */
export function evaluatePosition(
  type: number,
  xyz: ArrayLike<number>,
  ids: ArrayLike<number>,
  x: number,
  y: number,
  z: number,
  out: CellLocation,
  withDerivatives = true,
): number {
  const pc = out.pcoords;
  const w = out.weights;
  const d = out.shapeDerivatives;
  const j = out.inverseJacobian; // used as scratch for the Jacobian until the end
  let n: number;
  if (type === CellType.HEXAHEDRON) {
    const status = hexahedronNewton(xyz, ids, x, y, z, out);
    if (status !== 1) return status;
    n = 8;
  } else if (type === CellType.TETRA || type === CellType.VOXEL) {
    // The map is affine: one Newton step from anywhere is exact.
    pc[0] = pc[1] = pc[2] = type === CellType.TETRA ? 0.25 : 0.5;
    n = shapeFunctions(type, pc[0], pc[1], pc[2], w, d);
    if (!newtonStep(xyz, ids, n, x, y, z, w, d, j, pc)) return -1;
    n = shapeFunctions(type, pc[0], pc[1], pc[2], w, d);
  } else {
    pc[0] = pc[1] = pc[2] = 0.5;
    if (type === CellType.WEDGE) pc[0] = pc[1] = 1 / 3;
    if (type === CellType.PYRAMID) pc[2] = 0.2;
    let converged = false;
    n = 0;
    for (let iteration = 0; iteration < MAX_ITERATIONS && !converged; iteration++) {
      n = shapeFunctions(type, pc[0], pc[1], pc[2], w, d);
      const r0 = pc[0];
      const s0 = pc[1];
      const t0 = pc[2];
      if (!newtonStep(xyz, ids, n, x, y, z, w, d, j, pc)) return -1;
      if (Math.abs(pc[0]) > DIVERGED || Math.abs(pc[1]) > DIVERGED || Math.abs(pc[2]) > DIVERGED) return -1;
      converged =
        Math.abs(pc[0] - r0) < CONVERGED &&
        Math.abs(pc[1] - s0) < CONVERGED &&
        Math.abs(pc[2] - t0) < CONVERGED;
    }
    n = shapeFunctions(type, pc[0], pc[1], pc[2], w, d);
    if (!converged) {
      // Far outside a strongly distorted cell Newton may wander; report outside, not an error.
      out.count = n;
      return 0;
    }
  }
  out.count = n;
  if (withDerivatives) {
    const determinant = jacobian(xyz, ids, n, d, j);
    if (determinant === 0) return -1;
    invertInPlace(j, determinant);
  }
  return isInside(type, pc, insideTolerance(type)) ? 1 : 0;
}

/** 3×3 determinant of the columns c1, c2, c3, in vtkMath::Determinant3x3's order of operations. */
function determinant3(
  a0: number,
  a1: number,
  a2: number,
  b0: number,
  b1: number,
  b2: number,
  c0: number,
  c1: number,
  c2: number,
): number {
  return a0 * b1 * c2 + b0 * c1 * a2 + c0 * a1 * b2 - a0 * c1 * b2 - b0 * a1 * c2 - c0 * b1 * a2;
}

const HEXAHEDRON_MAX_ITERATIONS = 10;
const HEXAHEDRON_CONVERGED = 1e-5;

/**
 * vtkHexahedron::EvaluatePosition's Newton iteration (VTK 9.2), operation for operation: start
 * at the centre, Cramer's rule on the columns ∂x/∂r, ∂x/∂s, ∂x/∂t, stop when no coordinate moves
 * by 1e-5. Stream lines need it bit for bit: the Runge–Kutta 4-5 error estimate is a difference
 * of nearly equal velocities, so a last-bit change in a weight changes the chosen step sizes and,
 * over a few dozen steps, the line. Leaves pcoords, weights and shape derivatives in `out`;
 * returns 1 when it converged, −1 when the map is degenerate or Newton fails (VTK's codes).
 */
function hexahedronNewton(
  xyz: ArrayLike<number>,
  ids: ArrayLike<number>,
  x: number,
  y: number,
  z: number,
  out: CellLocation,
): number {
  const pc = out.pcoords;
  const w = out.weights;
  const d = out.shapeDerivatives;
  // Determinant scale from the longest diagonal, as VTK (0 ↔ 6, 1 ↔ 7, 2 ↔ 4, 3 ↔ 5).
  let longest = 0;
  for (const [i, j] of HEXAHEDRON_DIAGONALS) {
    const p = 3 * ids[i];
    const q = 3 * ids[j];
    const d2 = (xyz[q] - xyz[p]) ** 2 + (xyz[q + 1] - xyz[p + 1]) ** 2 + (xyz[q + 2] - xyz[p + 2]) ** 2;
    if (longest < d2) longest = d2;
  }
  const determinantTolerance = Math.min(1e-20, 1e-5 * longest ** 1.5);
  let r0 = 0.5;
  let s0 = 0.5;
  let t0 = 0.5;
  pc[0] = pc[1] = pc[2] = 0.5;
  for (let iteration = 0; iteration < HEXAHEDRON_MAX_ITERATIONS; iteration++) {
    shapeFunctions(CellType.HEXAHEDRON, pc[0], pc[1], pc[2], w, d);
    let f0 = 0;
    let f1 = 0;
    let f2 = 0;
    let r0c = 0;
    let r1c = 0;
    let r2c = 0;
    let s0c = 0;
    let s1c = 0;
    let s2c = 0;
    let t0c = 0;
    let t1c = 0;
    let t2c = 0;
    for (let k = 0; k < 8; k++) {
      const p = 3 * ids[k];
      const px = xyz[p];
      const py = xyz[p + 1];
      const pz = xyz[p + 2];
      f0 += px * w[k];
      r0c += px * d[k];
      s0c += px * d[k + 8];
      t0c += px * d[k + 16];
      f1 += py * w[k];
      r1c += py * d[k];
      s1c += py * d[k + 8];
      t1c += py * d[k + 16];
      f2 += pz * w[k];
      r2c += pz * d[k];
      s2c += pz * d[k + 8];
      t2c += pz * d[k + 16];
    }
    f0 -= x;
    f1 -= y;
    f2 -= z;
    const det = determinant3(r0c, r1c, r2c, s0c, s1c, s2c, t0c, t1c, t2c);
    if (Math.abs(det) < determinantTolerance) return -1;
    pc[0] = r0 - determinant3(f0, f1, f2, s0c, s1c, s2c, t0c, t1c, t2c) / det;
    pc[1] = s0 - determinant3(r0c, r1c, r2c, f0, f1, f2, t0c, t1c, t2c) / det;
    pc[2] = t0 - determinant3(r0c, r1c, r2c, s0c, s1c, s2c, f0, f1, f2) / det;
    if (
      Math.abs(pc[0] - r0) < HEXAHEDRON_CONVERGED &&
      Math.abs(pc[1] - s0) < HEXAHEDRON_CONVERGED &&
      Math.abs(pc[2] - t0) < HEXAHEDRON_CONVERGED
    ) {
      shapeFunctions(CellType.HEXAHEDRON, pc[0], pc[1], pc[2], w, d);
      return 1;
    }
    if (Math.abs(pc[0]) > DIVERGED || Math.abs(pc[1]) > DIVERGED || Math.abs(pc[2]) > DIVERGED) return -1;
    r0 = pc[0];
    s0 = pc[1];
    t0 = pc[2];
  }
  return -1;
}

const HEXAHEDRON_DIAGONALS = [
  [0, 6],
  [1, 7],
  [2, 4],
  [3, 5],
] as const;

function newtonStep(
  xyz: ArrayLike<number>,
  ids: ArrayLike<number>,
  n: number,
  x: number,
  y: number,
  z: number,
  w: Float64Array,
  d: Float64Array,
  j: Float64Array,
  pc: Float64Array,
): boolean {
  let fx = -x;
  let fy = -y;
  let fz = -z;
  for (let k = 0; k < n; k++) {
    const p = 3 * ids[k];
    fx += xyz[p] * w[k];
    fy += xyz[p + 1] * w[k];
    fz += xyz[p + 2] * w[k];
  }
  const det = jacobian(xyz, ids, n, d, j);
  if (Math.abs(det) < 1e-300) return false;
  // Solve Jᵀ·Δ = f with J's rows being ∂x/∂r, ∂x/∂s, ∂x/∂t (columns of the map's Jacobian).
  const a = j[0];
  const b = j[3];
  const c = j[6];
  const e = j[1];
  const f = j[4];
  const g = j[7];
  const h = j[2];
  const i = j[5];
  const k = j[8];
  const detM = a * (f * k - g * i) - b * (e * k - g * h) + c * (e * i - f * h);
  if (Math.abs(detM) < 1e-300) return false;
  const dr = (fx * (f * k - g * i) - b * (fy * k - g * fz) + c * (fy * i - f * fz)) / detM;
  const ds = (a * (fy * k - g * fz) - fx * (e * k - g * h) + c * (e * fz - fy * h)) / detM;
  const dt = (a * (f * fz - fy * i) - b * (e * fz - fy * h) + fx * (e * i - f * h)) / detM;
  pc[0] -= dr;
  pc[1] -= ds;
  pc[2] -= dt;
  return true;
}

function invertInPlace(m: Float64Array, det: number): void {
  const a = m[0];
  const b = m[1];
  const c = m[2];
  const d = m[3];
  const e = m[4];
  const f = m[5];
  const g = m[6];
  const h = m[7];
  const i = m[8];
  m[0] = (e * i - f * h) / det;
  m[1] = (c * h - b * i) / det;
  m[2] = (b * f - c * e) / det;
  m[3] = (f * g - d * i) / det;
  m[4] = (a * i - c * g) / det;
  m[5] = (c * d - a * f) / det;
  m[6] = (d * h - e * g) / det;
  m[7] = (b * g - a * h) / det;
  m[8] = (a * e - b * d) / det;
}

/** Whether parametric coordinates lie in the cell, with VTK's tolerance or (tolerance 0) strictly. */
export function isInside(type: number, pc: Float64Array, tolerance = insideTolerance(type)): boolean {
  const lo = -tolerance;
  const hi = 1 + tolerance;
  const r = pc[0];
  const s = pc[1];
  const t = pc[2];
  switch (type) {
    case CellType.TETRA:
      return r >= lo && s >= lo && t >= lo && r + s + t <= hi;
    case CellType.WEDGE:
      return r >= lo && s >= lo && r + s <= hi && t >= lo && t <= hi;
    default:
      return r >= lo && r <= hi && s >= lo && s <= hi && t >= lo && t <= hi;
  }
}

/**
 * Spatial derivatives of a 3-component field at the last located position:
 * out[3c + a] = ∂(component c)/∂(axis a), VTK's Derivatives layout.
 */
export function derivatives(
  location: CellLocation,
  values: ArrayLike<number>,
  ids: ArrayLike<number>,
  out: Float64Array,
): void {
  const n = location.count;
  const d = location.shapeDerivatives;
  const m = location.inverseJacobian;
  for (let c = 0; c < 3; c++) {
    let dr = 0;
    let ds = 0;
    let dt = 0;
    for (let k = 0; k < n; k++) {
      const v = values[3 * ids[k] + c];
      dr += v * d[k];
      ds += v * d[n + k];
      dt += v * d[2 * n + k];
    }
    // With J's rows ∂x/∂r, ∂x/∂s, ∂x/∂t, (∂v/∂r, ∂v/∂s, ∂v/∂t) = J·∇v, so ∇v = J⁻¹·(∂v/∂r…).
    out[3 * c] = m[0] * dr + m[1] * ds + m[2] * dt;
    out[3 * c + 1] = m[3] * dr + m[4] * ds + m[5] * dt;
    out[3 * c + 2] = m[6] * dr + m[7] * ds + m[8] * dt;
  }
}
