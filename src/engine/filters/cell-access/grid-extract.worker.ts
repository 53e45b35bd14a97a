/**
 * Extraction kernels for 3D grids whose kept points are exactly the points of their kept cells
 * (an exact clip: every point has a cell, and each cell with a kept point keeps a part around
 * it; a threshold: the used points are by definition those of the kept cells), run over point
 * rows and cell planes in pool workers (inline for small data).
 *
 * Kept points are numbered in input order, so a point's output id is the kept count before its
 * row (`rowFirst`, a prefix sum of per-row counts) plus the kept points before it in its row:
 * the kernels walk rows with running counters instead of a per-point id array, and rows are
 * written in parallel without a counting pass over points.
 */
import { CellType } from '../../data/cell-types.js';
import type { NumberArray } from '../../data/data-array.js';
import type { TaskContext } from '../../workers/protocol.js';
import type { CellList } from './cell-list.js';
import { type ArrayCopy, axisCoordinates, type PointSource, pointPosition } from './extract.worker.js';

/** Per-cell states of `writeGridCells`: dropped, kept whole, or cut into the piece's lists. */
export const CELL_DROPPED = 0;
export const CELL_WHOLE = 1;
export const CELL_CUT = 2;

export interface CountRows {
  kept: Uint8Array;
  /** Points per row (the grid's nx). */
  rowLength: number;
  firstRow: number;
  endRow: number;
  /** Receives the kept count of every row of the piece. */
  rowCounts: Int32Array;
}

/** Kept points per row of rows [firstRow, endRow). */
export function countKeptRows(input: CountRows): number {
  const { kept, rowLength, rowCounts } = input;
  let total = 0;
  for (let row = input.firstRow; row < input.endRow; row++) {
    let count = 0;
    const base = row * rowLength;
    for (let p = base; p < base + rowLength; p++) count += kept[p];
    rowCounts[row] = count;
    total += count;
  }
  return total;
}

/** Output id of kept grid point p: its row's first id plus the kept points before it in the row. */
export function keptPointId(keptPoint: Uint8Array, rowFirst: Int32Array, nx: number, p: number): number {
  const i = p % nx;
  const base = p - i;
  let id = rowFirst[base / nx];
  for (let q = base; q < p; q++) id += keptPoint[q];
  return id;
}

export interface WriteGridPoints {
  /** The grid's point dimensions. */
  dims: [number, number, number];
  /** Positions: implicit (image, rectilinear) or explicit (structured grid). */
  points: PointSource;
  keptPoint: Uint8Array;
  /** Output id of the first kept point of every point row (prefix sums of the kept counts). */
  rowFirst: Int32Array;
  /** Point rows [firstRow, endRow) (a row is the nx points of one j, k). */
  firstRow: number;
  endRow: number;
  /** Output positions (3 per point). */
  output: NumberArray;
  arrays: ArrayCopy[];
}

/** Positions and point data of the kept points of rows [firstRow, endRow). */
export function writeGridPoints(input: WriteGridPoints, context: TaskContext): number {
  const { points, keptPoint, rowFirst, output, arrays } = input;
  const [nx, ny] = input.dims;
  const axes = axisCoordinates(points);
  const xyz = new Float64Array(3);
  let written = 0;
  for (let row = input.firstRow; row < input.endRow; row++) {
    const base = row * nx;
    let next = rowFirst[row];
    const j = row % ny;
    const k = (row - j) / ny;
    if (axes) {
      const x = axes[0];
      const y = axes[1][j];
      const z = axes[2][k];
      for (let i = 0; i < nx; i++) {
        if (keptPoint[base + i] === 0) continue;
        output[3 * next] = x[i];
        output[3 * next + 1] = y;
        output[3 * next + 2] = z;
        next++;
      }
    } else {
      for (let i = 0; i < nx; i++) {
        if (keptPoint[base + i] === 0) continue;
        pointPosition(points, base + i, xyz, 0);
        output[3 * next] = xyz[0];
        output[3 * next + 1] = xyz[1];
        output[3 * next + 2] = xyz[2];
        next++;
      }
    }
    for (let a = 0; a < arrays.length; a++) {
      const { input: from, output: to, components: m } = arrays[a];
      let id = rowFirst[row];
      if (m === 1) {
        for (let i = 0; i < nx; i++) if (keptPoint[base + i] !== 0) to[id++] = from[base + i];
      } else {
        for (let i = 0; i < nx; i++) {
          if (keptPoint[base + i] === 0) continue;
          for (let c = 0; c < m; c++) to[id * m + c] = from[(base + i) * m + c];
          id++;
        }
      }
    }
    written += next - rowFirst[row];
    if ((row & 255) === 0) context.throwIfCancelled();
  }
  return written;
}

export interface WriteGridCells {
  source: Extract<CellList, { kind: 'structured' }>;
  /** CELL_DROPPED, CELL_WHOLE or CELL_CUT per cell (a threshold's keep flags are the first two). */
  state: Uint8Array;
  keptPoint: Uint8Array;
  rowFirst: Int32Array;
  /** Cells [start, end): whole cell planes. */
  start: number;
  end: number;
  /** Global ids of this piece's cut points. */
  cutIds: Int32Array;
  cutTypes: Uint8Array;
  cutOffsets: Int32Array;
  cutConnectivity: Int32Array;
  cutSources: Int32Array;
  firstCell: number;
  firstConnectivity: number;
  offsets: Int32Array | Float64Array;
  connectivity: Int32Array | Float64Array;
  types: Uint8Array;
  /** Cell data, copied from each output cell's input cell. */
  arrays: ArrayCopy[];
}

/**
 * The piece's cells in input order: runs of whole voxels from the four running point counters of
 * the cell row (in a run every corner is kept, so each counter steps by one per cell), cut cells
 * from the piece's lists (their input points are corners of their cell).
 */
export function writeGridCells(input: WriteGridCells, context: TaskContext): number {
  const { source, state, keptPoint: kp, rowFirst, cutIds, cutTypes, cutOffsets, cutConnectivity } = input;
  const { cutSources, offsets, connectivity, types, arrays } = input;
  const [nx, ny] = source.dims;
  const nxy = nx * ny;
  const cx = nx - 1;
  const cy = ny - 1;
  // Corner order: voxels (i-j-k bits) take the +i point second in both j rows, hexahedra go
  // around the face, so their +j row runs backwards.
  const swap = source.curvilinear ? 1 : 0;
  const wholeType = source.curvilinear ? CellType.HEXAHEDRON : CellType.VOXEL;
  const k0 = input.start / (cx * cy);
  const k1 = input.end / (cx * cy);
  let cell = input.firstCell;
  let w = input.firstConnectivity;
  let cut = 0;
  let c = input.start;
  for (let k = k0; k < k1; k++) {
    context.throwIfCancelled();
    for (let j = 0; j < cy; j++) {
      const r00 = j * nx + k * nxy;
      const r10 = r00 + nx;
      const r01 = r00 + nxy;
      const r11 = r01 + nx;
      // Output ids of the points at i of the cell row's four point rows.
      let n00 = rowFirst[r00 / nx];
      let n10 = rowFirst[r10 / nx];
      let n01 = rowFirst[r01 / nx];
      let n11 = rowFirst[r11 / nx];
      let i = 0;
      while (i < cx) {
        const s = state[c];
        if (s === CELL_WHOLE) {
          let end = i + 1;
          while (end < cx && state[c + end - i] === CELL_WHOLE) end++;
          const run = end - i;
          const first = cell;
          for (let q = 0; q < run; q++) {
            connectivity[w] = n00 + q;
            connectivity[w + 1] = n00 + q + 1;
            connectivity[w + 2] = n10 + q + swap;
            connectivity[w + 3] = n10 + q + 1 - swap;
            connectivity[w + 4] = n01 + q;
            connectivity[w + 5] = n01 + q + 1;
            connectivity[w + 6] = n11 + q + swap;
            connectivity[w + 7] = n11 + q + 1 - swap;
            w += 8;
            offsets[++cell] = w;
          }
          types.fill(wholeType, first, cell);
          for (let a = 0; a < arrays.length; a++) {
            const { input: from, output: to, components: m } = arrays[a];
            if (m === 1) to.set(from.subarray(c, c + run), first);
            else to.set(from.subarray(c * m, (c + run) * m), first * m);
          }
          n00 += run;
          n10 += run;
          n01 += run;
          n11 += run;
          c += run;
          i = end;
          continue;
        }
        const k00 = kp[r00 + i];
        const k10 = kp[r10 + i];
        const k01 = kp[r01 + i];
        const k11 = kp[r11 + i];
        if (s === CELL_CUT) {
          const b = r00 + i;
          while (cut < cutTypes.length && cutSources[cut] === c) {
            types[cell] = cutTypes[cut];
            for (let q = cutOffsets[cut]; q < cutOffsets[cut + 1]; q++) {
              const p = cutConnectivity[q];
              let id: number;
              if (p < 0) id = cutIds[-p - 1];
              else {
                const d = p - b;
                if (d === 0) id = n00;
                else if (d === 1) id = n00 + k00;
                else if (d === nx) id = n10;
                else if (d === nx + 1) id = n10 + k10;
                else if (d === nxy) id = n01;
                else if (d === nxy + 1) id = n01 + k01;
                else if (d === nxy + nx) id = n11;
                else if (d === nxy + nx + 1) id = n11 + k11;
                else id = keptPointId(kp, rowFirst, nx, p);
              }
              connectivity[w++] = id;
            }
            offsets[cell + 1] = w;
            for (let a = 0; a < arrays.length; a++) {
              const { input: from, output: to, components: m } = arrays[a];
              for (let q = 0; q < m; q++) to[cell * m + q] = from[c * m + q];
            }
            cell++;
            cut++;
          }
        }
        n00 += k00;
        n10 += k10;
        n01 += k01;
        n11 += k11;
        c++;
        i++;
      }
    }
    context.progress((k - k0 + 1) / (k1 - k0));
  }
  return cell - input.firstCell;
}
