/**
 * The point → cell average on 3D structured grids, over cell planes in pool workers (inline for
 * small grids): each cell sums its eight corners in its VTK point order (voxel order on image and
 * rectilinear data, hexahedron order on structured grids), in double precision from 0, and
 * divides by 8 — the same operations, in the same order, as the generic per-cell walk.
 */
import type { NumberArray } from '../../data/data-array.js';
import type { TaskContext } from '../../workers/protocol.js';

export interface AveragedArray {
  /** Input tuples (numbers; 64-bit integers converted). */
  values: NumberArray;
  components: number;
  /** Output tuples, of the input's type. */
  output: NumberArray;
  /** Truncate averages (integer types, as VTK's cast does). */
  integer: boolean;
}

export interface AveragePointsPiece {
  /** Point dimensions, all > 1. */
  dims: [number, number, number];
  /** Hexahedron corner order (structured grids) instead of voxel order. */
  hexahedra: boolean;
  /** Cell planes [k0, k1). */
  k0: number;
  k1: number;
  arrays: AveragedArray[];
}

/** Corner offsets of the cell at point b, in the cell type's point order. */
export function cellCorners(dims: [number, number, number], hexahedra: boolean): Int32Array {
  const nx = dims[0];
  const nxy = dims[0] * dims[1];
  return Int32Array.from(
    hexahedra
      ? [0, 1, 1 + nx, nx, nxy, 1 + nxy, 1 + nx + nxy, nx + nxy]
      : [0, 1, nx, 1 + nx, nxy, 1 + nxy, nx + nxy, 1 + nx + nxy],
  );
}

export function averagePointsPiece(input: AveragePointsPiece, context: TaskContext): number {
  const { dims, k0, k1, arrays } = input;
  const [nx, ny] = dims;
  const nxy = nx * ny;
  const cx = nx - 1;
  const cy = ny - 1;
  const corners = cellCorners(dims, input.hexahedra);
  const [o0, o1, o2, o3, o4, o5, o6, o7] = corners;
  for (let k = k0; k < k1; k++) {
    context.throwIfCancelled();
    for (const { values: v, components: m, output, integer } of arrays) {
      for (let j = 0; j < cy; j++) {
        const row = j * nx + k * nxy;
        const first = (k * cy + j) * cx;
        if (m === 1 && !integer) {
          for (let i = 0; i < cx; i++) {
            const b = row + i;
            let sum = 0;
            sum += v[b + o0];
            sum += v[b + o1];
            sum += v[b + o2];
            sum += v[b + o3];
            sum += v[b + o4];
            sum += v[b + o5];
            sum += v[b + o6];
            sum += v[b + o7];
            output[first + i] = sum / 8;
          }
          continue;
        }
        for (let i = 0; i < cx; i++) {
          const b = row + i;
          const c = first + i;
          for (let q = 0; q < m; q++) {
            let sum = 0;
            for (let corner = 0; corner < 8; corner++) sum += v[(b + corners[corner]) * m + q];
            const average = sum / 8;
            output[c * m + q] = integer ? Math.trunc(average) : average;
          }
        }
      }
    }
    context.progress((k - k0 + 1) / (k1 - k0));
  }
  return (k1 - k0) * cx * cy;
}
