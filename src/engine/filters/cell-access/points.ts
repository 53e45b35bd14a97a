/**
 * Point coordinates as one flat xyz array for any dataset kind. Explicit kinds hand back their
 * own float array; image and rectilinear data are expanded (24 bytes per point), so filters that
 * can work on the implicit structure should do so instead of calling this on huge images.
 */
import { DataArray, type NumberArray } from '../../data/data-array.js';
import type { DataSet, Extent } from '../../data/dataset.js';
import { dimensionsOf, imagePoint } from '../../data/queries.js';

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
    case 'ImageData': {
      const [nx, ny, nz] = dimensionsOf(data.extent);
      const out = new Float64Array(3 * nx * ny * nz);
      const p: [number, number, number] = [0, 0, 0];
      let w = 0;
      const e = data.extent;
      for (let k = 0; k < nz; k++)
        for (let j = 0; j < ny; j++)
          for (let i = 0; i < nx; i++) {
            imagePoint(data, i + e[0], j + e[2], k + e[4], p);
            out[w++] = p[0];
            out[w++] = p[1];
            out[w++] = p[2];
          }
      return out;
    }
    case 'RectilinearGrid':
      return rectilinearCoordinates(data.extent, data.xCoordinates, data.yCoordinates, data.zCoordinates);
  }
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
