/**
 * Writes one contour point of the structured kernel: position on its grid edge, gradient normal,
 * gradient, interpolated point data, and a note when it falls exactly on a grid point (ties,
 * merged later as VTK's synchronized templates do). Runs inside the kernel's inner loops.
 */
import type { NumberArray } from '../../data/data-array.js';
import { planeValue, type ScalarField } from './fields.js';
import { type Dims, gridGradient, gridPoint, type StructuredGeometry } from './structured-geometry.js';

export interface InterpolatedArray {
  values: NumberArray;
  components: number;
  out: NumberArray;
  /** Round to integers (integer output types). */
  round: boolean;
}

export interface EdgePointOutputs {
  dims: Dims;
  field: ScalarField;
  isovalue: number;
  geometry: StructuredGeometry;
  /** Added to every point id: the points of earlier iso-values come first. */
  pointBase: number;
  points: Float32Array;
  normals: Float32Array | null;
  gradients: Float32Array | null;
  /** +1 or −1: normals point down the gradient (−1) as VTK's do. */
  normalSign: number;
  interpolate: InterpolatedArray[];
}

/** Central differences inside, one-sided on the boundary, per index step. */
function derivative(s: NumberArray, id: number, index: number, n: number, stride: number): number {
  if (n < 2) return 0;
  if (index === 0) return s[id + stride] - s[id];
  if (index === n - 1) return s[id] - s[id - stride];
  return 0.5 * (s[id + stride] - s[id - stride]);
}

export class EdgePointEmitter {
  readonly ties: number[] = [];
  readonly #out: EdgePointOutputs;
  readonly #a = new Float64Array(6);
  readonly #grad = new Float64Array(6);
  readonly #nx: number;
  readonly #nxy: number;

  constructor(out: EdgePointOutputs) {
    this.#out = out;
    this.#nx = out.dims[0];
    this.#nxy = out.dims[0] * out.dims[1];
  }

  /** The image gradient at (i,j,k) into g[o..o+2] (the common case, without the generic switch). */
  #imageGradient(s: NumberArray, i: number, j: number, k: number, g: Float64Array, o: number): void {
    const geometry = this.#out.geometry;
    if (geometry.kind !== 'image') {
      gridGradient(geometry, this.#out.dims, s, i, j, k, g, o);
      return;
    }
    const [nx, ny, nz] = this.#out.dims;
    const id = i + nx * j + this.#nxy * k;
    const a = derivative(s, id, i, nx, 1) / geometry.spacing[0];
    const b = derivative(s, id, j, ny, nx) / geometry.spacing[1];
    const c = derivative(s, id, k, nz, this.#nxy) / geometry.spacing[2];
    const d = geometry.direction;
    g[o] = d[0] * a + d[1] * b + d[2] * c;
    g[o + 1] = d[3] * a + d[4] * b + d[5] * c;
    g[o + 2] = d[6] * a + d[7] * b + d[8] * c;
  }

  /** Point p (before pointBase) on the edge from (i,j,k) along axis 0 (x), 1 (y) or 2 (z). */
  emit(p: number, i: number, j: number, k: number, axis: number): void {
    const out = this.#out;
    const { dims, geometry, points, normals, gradients, field } = out;
    const p0 = i + this.#nx * j + this.#nxy * k;
    const p1 = p0 + (axis === 0 ? 1 : axis === 1 ? this.#nx : this.#nxy);
    const i1 = axis === 0 ? i + 1 : i;
    const j1 = axis === 1 ? j + 1 : j;
    const k1 = axis === 2 ? k + 1 : k;
    const s0 = field.kind === 'array' ? field.values[p0] : planeValue(field, i, j, k);
    const s1 = field.kind === 'array' ? field.values[p1] : planeValue(field, i1, j1, k1);
    const t = (out.isovalue - s0) / (s1 - s0);
    const id = p + out.pointBase;
    if (t === 0) this.ties.push(id, p0);
    else if (t === 1) this.ties.push(id, p1);
    const a = this.#a;
    gridPoint(geometry, dims, i, j, k, a, 0);
    gridPoint(geometry, dims, i1, j1, k1, a, 3);
    const w = 3 * id;
    points[w] = a[0] + t * (a[3] - a[0]);
    points[w + 1] = a[1] + t * (a[4] - a[1]);
    points[w + 2] = a[2] + t * (a[5] - a[2]);
    if ((normals || gradients) && field.kind === 'array') {
      const g = this.#grad;
      this.#imageGradient(field.values, i, j, k, g, 0);
      this.#imageGradient(field.values, i1, j1, k1, g, 3);
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
        const scale = length > 0 ? out.normalSign / length : 0;
        normals[w] = gx * scale;
        normals[w + 1] = gy * scale;
        normals[w + 2] = gz * scale;
      }
    }
    for (const array of out.interpolate) {
      const n = array.components;
      const o = id * n;
      for (let c = 0; c < n; c++) {
        const v0 = array.values[p0 * n + c];
        const v = v0 + t * (array.values[p1 * n + c] - v0);
        array.out[o + c] = array.round ? Math.round(v) : v;
      }
    }
  }
}
