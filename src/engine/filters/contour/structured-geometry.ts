/**
 * Point positions and scalar gradients on the three structured kinds (image, rectilinear,
 * curvilinear), as plain data that crosses the thread boundary. Used by the structured contour
 * and slice kernels to place edge points and compute gradient normals.
 */
import type { NumberArray } from '../../data/data-array.js';
import type { Matrix3, Vec3 } from '../../data/dataset.js';

export type StructuredGeometry =
  /** `first` is the extent's minimum index: point (i,j,k) of the array is index first + (i,j,k). */
  | { kind: 'image'; origin: Vec3; spacing: Vec3; direction: Matrix3; first: Vec3 }
  | { kind: 'rectilinear'; x: NumberArray; y: NumberArray; z: NumberArray }
  | { kind: 'curvilinear'; points: NumberArray };

export type Dims = [number, number, number];

/** Writes the position of grid point (i, j, k) (0-based) into out[o..o+2]. */
export function gridPoint(
  geometry: StructuredGeometry,
  dims: Dims,
  i: number,
  j: number,
  k: number,
  out: Float64Array,
  o: number,
): void {
  switch (geometry.kind) {
    case 'image': {
      const { origin, spacing, direction: d, first } = geometry;
      const x = (i + first[0]) * spacing[0];
      const y = (j + first[1]) * spacing[1];
      const z = (k + first[2]) * spacing[2];
      out[o] = origin[0] + d[0] * x + d[1] * y + d[2] * z;
      out[o + 1] = origin[1] + d[3] * x + d[4] * y + d[5] * z;
      out[o + 2] = origin[2] + d[6] * x + d[7] * y + d[8] * z;
      return;
    }
    case 'rectilinear': {
      out[o] = geometry.x[i];
      out[o + 1] = geometry.y[j];
      out[o + 2] = geometry.z[k];
      return;
    }
    case 'curvilinear': {
      const id = i + dims[0] * (j + dims[1] * k);
      const p = geometry.points;
      out[o] = p[3 * id];
      out[o + 1] = p[3 * id + 1];
      out[o + 2] = p[3 * id + 2];
      return;
    }
  }
}

/**
 * Scalar derivative along index axis `axis` at point (i,j,k): central difference inside, one-sided
 * on the boundary, in scalar units per index step.
 */
function indexDerivative(
  s: NumberArray,
  dims: Dims,
  id: number,
  index: number,
  axis: number,
  stride: number,
) {
  const n = dims[axis];
  if (n < 2) return 0;
  if (index === 0) return s[id + stride] - s[id];
  if (index === n - 1) return s[id] - s[id - stride];
  return 0.5 * (s[id + stride] - s[id - stride]);
}

function coordinateStep(c: NumberArray, index: number): number {
  const n = c.length;
  if (n < 2) return 1;
  if (index === 0) return c[1] - c[0];
  if (index === n - 1) return c[n - 1] - c[n - 2];
  return 0.5 * (c[index + 1] - c[index - 1]);
}

/** Scratch space for the curvilinear Jacobian (one per thread; the functions are not reentrant). */
const jacobian = new Float64Array(9);

/** The world-space scalar gradient at grid point (i, j, k), written into g[o..o+2]. */
export function gridGradient(
  geometry: StructuredGeometry,
  dims: Dims,
  s: NumberArray,
  i: number,
  j: number,
  k: number,
  g: Float64Array,
  o: number,
): void {
  const nx = dims[0];
  const nxy = nx * dims[1];
  const id = i + nx * j + nxy * k;
  const di = indexDerivative(s, dims, id, i, 0, 1);
  const dj = indexDerivative(s, dims, id, j, 1, nx);
  const dk = indexDerivative(s, dims, id, k, 2, nxy);
  switch (geometry.kind) {
    case 'image': {
      const { spacing, direction: d } = geometry;
      const a = di / spacing[0];
      const b = dj / spacing[1];
      const c = dk / spacing[2];
      // The direction matrix is orthonormal, so the world gradient is D·(index gradient).
      g[o] = d[0] * a + d[1] * b + d[2] * c;
      g[o + 1] = d[3] * a + d[4] * b + d[5] * c;
      g[o + 2] = d[6] * a + d[7] * b + d[8] * c;
      return;
    }
    case 'rectilinear': {
      g[o] = di / coordinateStep(geometry.x, i);
      g[o + 1] = dj / coordinateStep(geometry.y, j);
      g[o + 2] = dk / coordinateStep(geometry.z, k);
      return;
    }
    case 'curvilinear': {
      // Chain rule: index gradient = Jᵀ · world gradient, with J's columns the point
      // derivatives along i, j, k; solve by Cramer's rule.
      const p = geometry.points;
      const J = jacobian;
      for (let c = 0; c < 3; c++) {
        J[c] = axisDerivative(p, dims, id, i, 0, 1, c);
        J[3 + c] = axisDerivative(p, dims, id, j, 1, nx, c);
        J[6 + c] = axisDerivative(p, dims, id, k, 2, nxy, c);
      }
      // Rows of J here are ∂X/∂i, ∂X/∂j, ∂X/∂k; solve J · g = (di, dj, dk).
      solve3(J, di, dj, dk, g, o);
      return;
    }
  }
}

function axisDerivative(
  p: NumberArray,
  dims: Dims,
  id: number,
  index: number,
  axis: number,
  stride: number,
  c: number,
) {
  const n = dims[axis];
  if (n < 2) return 0;
  if (index === 0) return p[3 * (id + stride) + c] - p[3 * id + c];
  if (index === n - 1) return p[3 * id + c] - p[3 * (id - stride) + c];
  return 0.5 * (p[3 * (id + stride) + c] - p[3 * (id - stride) + c]);
}

function det3(
  a: number,
  b: number,
  c: number,
  d: number,
  e: number,
  f: number,
  g: number,
  h: number,
  i: number,
) {
  return a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
}

/** Solves m·x = (a, b, c) for row-major m (Cramer's rule); a singular m gives 0. */
function solve3(m: Float64Array, a: number, b: number, c: number, out: Float64Array, o: number): void {
  const det = det3(m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8]);
  if (det === 0 || !Number.isFinite(det)) {
    out[o] = out[o + 1] = out[o + 2] = 0;
    return;
  }
  out[o] = det3(a, m[1], m[2], b, m[4], m[5], c, m[7], m[8]) / det;
  out[o + 1] = det3(m[0], a, m[2], m[3], b, m[5], m[6], c, m[8]) / det;
  out[o + 2] = det3(m[0], m[1], a, m[3], m[4], b, m[6], m[7], c) / det;
}
