/**
 * Point coordinates as one flat xyz array for any dataset kind. Explicit kinds hand back their
 * own float array; image and rectilinear data are expanded (24 bytes per point), so filters that
 * can work on the implicit structure should do so instead of calling this on huge images.
 */
import { DataArray, type NumberArray } from '../../data/data-array.js';
import type { DataSet, Extent } from '../../data/dataset.js';
import { dimensionsOf } from '../../data/queries.js';

export type Coordinates = Float32Array | Float64Array;

/** xyz of every point (i fastest for structured kinds). Do not write into the result. */
export function pointCoordinates(data: DataSet): Coordinates {
  switch (data.type) {
    case 'StructuredGrid':
    case 'PolyData':
    case 'UnstructuredGrid': {
      const values = data.points.values;
      if (values instanceof Float32Array || values instanceof Float64Array) return values;
      const out = new Float64Array(values.length);
      for (let i = 0; i < values.length; i++) out[i] = Number(values[i]);
      return out;
    }
    case 'ImageData':
      return imageCoordinates(data);
    case 'RectilinearGrid':
      return rectilinearCoordinates(data.extent, data.xCoordinates, data.yCoordinates, data.zCoordinates);
  }
}

/**
 * An image's points as `imagePoint` computes them, component c = ((origin[c] + d[c][0]·x) +
 * d[c][1]·y) + d[c][2]·z, from per-axis tables of the three terms (the same operations in the
 * same order, without a call per point).
 */
function imageCoordinates(data: Extract<DataSet, { type: 'ImageData' }>): Float64Array {
  const [nx, ny, nz] = dimensionsOf(data.extent);
  const out = new Float64Array(3 * nx * ny * nz);
  const e = data.extent;
  const d = data.direction;
  const o = data.origin;
  const s = data.spacing;
  const table = (n: number, first: number, spacing: number, f: (v: number) => number) =>
    Float64Array.from({ length: n }, (_, i) => f((i + first) * spacing));
  const xs = [0, 1, 2].map((c) => table(nx, e[0], s[0], (x) => o[c] + d[3 * c] * x));
  const ys = [0, 1, 2].map((c) => table(ny, e[2], s[1], (y) => d[3 * c + 1] * y));
  const zs = [0, 1, 2].map((c) => table(nz, e[4], s[2], (z) => d[3 * c + 2] * z));
  const [x0, x1, x2] = xs;
  let w = 0;
  for (let k = 0; k < nz; k++) {
    const z0 = zs[0][k];
    const z1 = zs[1][k];
    const z2 = zs[2][k];
    for (let j = 0; j < ny; j++) {
      const y0 = ys[0][j];
      const y1 = ys[1][j];
      const y2 = ys[2][j];
      for (let i = 0; i < nx; i++) {
        out[w++] = x0[i] + y0 + z0;
        out[w++] = x1[i] + y1 + z1;
        out[w++] = x2[i] + y2 + z2;
      }
    }
  }
  return out;
}

function rectilinearCoordinates(extent: Extent, x: DataArray, y: DataArray, z: DataArray): Float64Array {
  const [nx, ny, nz] = dimensionsOf(extent);
  const out = new Float64Array(3 * nx * ny * nz);
  let w = 0;
  for (let k = 0; k < nz; k++) {
    const zk = z.getComponent(k, 0);
    for (let j = 0; j < ny; j++) {
      const yj = y.getComponent(j, 0);
      for (let i = 0; i < nx; i++) {
        out[w++] = x.getComponent(i, 0);
        out[w++] = yj;
        out[w++] = zk;
      }
    }
  }
  return out;
}

/** Wraps xyz values as the `points` array of a new dataset. */
export function pointsArray(values: Coordinates): DataArray {
  return new DataArray({ name: 'Points', values, numberOfComponents: 3 });
}

/** The values of a numeric array as JavaScript numbers (64-bit integer arrays are converted). */
export function numericValues(values: DataArray['values']): Float64Array | NumberArray {
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
    const out = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) out[i] = Number(values[i]);
    return out;
  }
  return values;
}
