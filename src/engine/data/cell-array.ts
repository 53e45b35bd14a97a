/**
 * CellArray: VTK's offsets + connectivity layout (as in VTK ≥ 9 and XML files).
 * Cell i uses point ids connectivity[offsets[i] .. offsets[i+1]).
 *
 * Index arrays are Int32Array when every value fits, else Float64Array (exact to 2^53), so code
 * that walks cells reads plain numbers either way.
 */
import type { TypedArray } from './data-array.js';

export type IndexArray = Int32Array | Float64Array;

export interface CellArray {
  /** numberOfCells + 1 entries, starting at 0. */
  readonly offsets: IndexArray;
  readonly connectivity: IndexArray;
}

export function emptyCellArray(): CellArray {
  return { offsets: new Int32Array(1), connectivity: new Int32Array(0) };
}

export function numberOfCellsIn(cells: CellArray): number {
  return Math.max(0, cells.offsets.length - 1);
}

export function cellSize(cells: CellArray, cell: number): number {
  return cells.offsets[cell + 1] - cells.offsets[cell];
}

/** The point ids of one cell (a copy: use offsets/connectivity directly in hot loops). */
export function cellPointIds(cells: CellArray, cell: number): number[] {
  const ids: number[] = [];
  for (let i = cells.offsets[cell]; i < cells.offsets[cell + 1]; i++) ids.push(cells.connectivity[i]);
  return ids;
}

/**
 * Converts any integer typed array to an IndexArray, choosing Int32Array when all values fit.
 * Returns the input itself when it already is an Int32Array.
 */
export function toIndexArray(values: TypedArray | number[], shared = false): IndexArray {
  if (values instanceof Int32Array && !shared) return values;
  let fits = true;
  for (let i = 0; i < values.length; i++) {
    const v = Number(values[i]);
    if (v > 0x7fffffff || v < -0x80000000) {
      fits = false;
      break;
    }
  }
  const n = values.length;
  const bytes = n * (fits ? 4 : 8);
  const buffer = shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  const out = fits ? new Int32Array(buffer) : new Float64Array(buffer);
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
    for (let i = 0; i < n; i++) out[i] = Number(values[i]);
  } else {
    out.set(values as ArrayLike<number>);
  }
  return out;
}

/** Builds a CellArray from VTK's legacy layout: [n, id0, …, id(n-1), n, …]. */
export function cellArrayFromLegacy(legacy: ArrayLike<number>, numberOfCells: number): CellArray {
  const offsets = new Int32Array(numberOfCells + 1);
  const connectivity = new Int32Array(legacy.length - numberOfCells);
  let read = 0;
  let write = 0;
  for (let c = 0; c < numberOfCells; c++) {
    const n = legacy[read++];
    for (let k = 0; k < n; k++) connectivity[write++] = legacy[read++];
    offsets[c + 1] = write;
  }
  return { offsets, connectivity };
}

/** Builds a CellArray from a list of point-id lists (tests, sources, small data). */
export function cellArrayFromLists(cells: readonly (readonly number[])[]): CellArray {
  const offsets = new Int32Array(cells.length + 1);
  let total = 0;
  for (let c = 0; c < cells.length; c++) offsets[c + 1] = total += cells[c].length;
  const connectivity = new Int32Array(total);
  let write = 0;
  for (const cell of cells) for (const id of cell) connectivity[write++] = id;
  return { offsets, connectivity };
}

/** Largest point id referenced, or -1 when there is none. */
export function maxPointId(cells: CellArray): number {
  let max = -1;
  const c = cells.connectivity;
  for (let i = 0; i < c.length; i++) if (c[i] > max) max = c[i];
  return max;
}
