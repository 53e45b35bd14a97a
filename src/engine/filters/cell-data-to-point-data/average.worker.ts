/**
 * The cell → point average on 3D structured grids, over point planes in pool workers (inline
 * for small grids): each point sums the cells around it (up to eight) in increasing cell id, in
 * double precision from 0, and divides by their count — the same operations, in the same order,
 * as the generic scatter over the cells, with no point → cell incidence list.
 */
import type { NumberArray } from '../../data/data-array.js';
import type { TaskContext } from '../../workers/protocol.js';
import type { AveragedArray } from '../point-data-to-cell-data/average.worker.js';

export interface AverageCellsPiece {
  /** Point dimensions, all > 1. */
  dims: [number, number, number];
  /** Point planes [k0, k1). */
  k0: number;
  k1: number;
  arrays: AveragedArray[];
}

/** Sum of component q over the cells [iLow, iHigh] × [jLow, jHigh] × [kLow, kHigh], in cell order. */
function sumAround(
  v: NumberArray,
  m: number,
  q: number,
  iLow: number,
  iHigh: number,
  jLow: number,
  jHigh: number,
  kLow: number,
  kHigh: number,
  cx: number,
  cxy: number,
): number {
  let sum = 0;
  for (let kk = kLow; kk <= kHigh; kk++) {
    for (let jj = jLow; jj <= jHigh; jj++) {
      const row = jj * cx + kk * cxy;
      for (let ii = iLow; ii <= iHigh; ii++) sum += v[(row + ii) * m + q];
    }
  }
  return sum;
}

export function averageCellsPiece(input: AverageCellsPiece, context: TaskContext): number {
  const { dims, k0, k1, arrays } = input;
  const [nx, ny, nz] = dims;
  const cx = nx - 1;
  const cy = ny - 1;
  const cz = nz - 1;
  const cxy = cx * cy;
  for (let k = k0; k < k1; k++) {
    context.throwIfCancelled();
    // Cell planes around the point plane, lower first.
    const kLow = k > 0 ? k - 1 : k;
    const kHigh = k < cz ? k : k - 1;
    for (const { values: v, components: m, output, integer } of arrays) {
      for (let j = 0; j < ny; j++) {
        const jLow = j > 0 ? j - 1 : j;
        const jHigh = j < cy ? j : j - 1;
        const first = (k * ny + j) * nx;
        const layers = (kHigh - kLow + 1) * (jHigh - jLow + 1);
        // Inside the grid a scalar point has four cell rows around it, two cells in each.
        const inside = m === 1 && !integer && layers === 4;
        if (inside) {
          const r0 = jLow * cx + kLow * cxy;
          const r1 = jHigh * cx + kLow * cxy;
          const r2 = jLow * cx + kHigh * cxy;
          const r3 = jHigh * cx + kHigh * cxy;
          for (let i = 1; i < cx; i++) {
            let sum = 0;
            sum += v[r0 + i - 1];
            sum += v[r0 + i];
            sum += v[r1 + i - 1];
            sum += v[r1 + i];
            sum += v[r2 + i - 1];
            sum += v[r2 + i];
            sum += v[r3 + i - 1];
            sum += v[r3 + i];
            output[first + i] = sum / 8;
          }
        }
        for (let i = 0; i < nx; i++) {
          if (inside && i > 0 && i < cx) continue;
          const iLow = i > 0 ? i - 1 : i;
          const iHigh = i < cx ? i : i - 1;
          const count = layers * (iHigh - iLow + 1);
          for (let q = 0; q < m; q++) {
            const sum = sumAround(v, m, q, iLow, iHigh, jLow, jHigh, kLow, kHigh, cx, cxy);
            const average = sum / count;
            output[(first + i) * m + q] = integer ? Math.trunc(average) : average;
          }
        }
      }
    }
    context.progress((k - k0 + 1) / (k1 - k0));
  }
  return (k1 - k0) * nx * ny;
}
