/**
 * Threshold classification kernel (vtkThreshold's tests), run over cell ranges in pool workers:
 * marks kept cells and the points they use in shared flag arrays.
 */
import type { NumberArray } from '../../data/data-array.js';
import type { TaskContext } from '../../workers/protocol.js';
import { CellCursor, type CellList } from '../cell-access/cell-list.js';

export enum ThresholdMethod {
  Between = 0,
  Below = 1,
  Above = 2,
}

export enum ComponentMode {
  Selected = 0,
  All = 1,
  Any = 2,
}

export interface ThresholdPiece {
  source: CellList;
  scalars: NumberArray;
  components: number;
  pointScalars: boolean;
  /** Component tested in Selected mode; −1 for the magnitude. */
  component: number;
  mode: ComponentMode;
  lower: number;
  upper: number;
  method: ThresholdMethod;
  allScalars: boolean;
  continuousRange: boolean;
  invert: boolean;
  start: number;
  end: number;
  keep: Uint8Array;
  used: Uint8Array;
  /**
   * Per point, whether its tuple passes (point scalars without the continuous range): computed
   * once per point by `classifyPointsPiece` instead of once per cell corner.
   */
  pointPass: Uint8Array | null;
}

export interface ThresholdPieceResult {
  cells: number;
  connectivity: number;
}

function inRange(v: number, method: ThresholdMethod, lower: number, upper: number): boolean {
  if (method === ThresholdMethod.Between) return v >= lower && v <= upper;
  if (method === ThresholdMethod.Below) return v <= lower;
  return v >= upper;
}

function selectedValue(s: NumberArray, tuple: number, n: number, component: number): number {
  if (component >= 0) return s[tuple * n + component];
  let sum = 0;
  for (let c = 0; c < n; c++) sum += s[tuple * n + c] ** 2;
  return Math.sqrt(sum);
}

function tuplePasses(input: ThresholdPiece, tuple: number): boolean {
  const { scalars: s, components: n, method, lower, upper } = input;
  if (input.mode === ComponentMode.Selected) {
    return inRange(selectedValue(s, tuple, n, input.component), method, lower, upper);
  }
  const all = input.mode === ComponentMode.All;
  for (let c = 0; c < n; c++) {
    const pass = inRange(s[tuple * n + c], method, lower, upper);
    if (all && !pass) return false;
    if (!all && pass) return true;
  }
  return all;
}

function cellPasses(input: ThresholdPiece, cell: number, ids: Int32Array, count: number): boolean {
  if (!input.pointScalars) return tuplePasses(input, cell);
  const pass = input.pointPass;
  if (pass) {
    if (input.allScalars) {
      for (let k = 0; k < count; k++) if (pass[ids[k]] === 0) return false;
      return count > 0;
    }
    for (let k = 0; k < count; k++) if (pass[ids[k]] === 1) return true;
    return false;
  }
  if (input.continuousRange) {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < count; k++) {
      const v = selectedValue(input.scalars, ids[k], input.components, input.component);
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (input.method === ThresholdMethod.Between) return min <= input.upper && max >= input.lower;
    if (input.method === ThresholdMethod.Below) return min <= input.lower;
    return max >= input.upper;
  }
  if (input.allScalars) {
    for (let k = 0; k < count; k++) if (!tuplePasses(input, ids[k])) return false;
    return count > 0;
  }
  for (let k = 0; k < count; k++) if (tuplePasses(input, ids[k])) return true;
  return false;
}

/** Pass flags of points [start, end) (see ThresholdPiece.pointPass). */
export function classifyPointsPiece(input: ThresholdPiece, context: TaskContext): number {
  const pass = input.pointPass!;
  let passing = 0;
  if (input.components === 1) {
    // Scalars: one comparison loop per method, no per-point calls.
    const { scalars: s, lower, upper, method } = input;
    for (let p = input.start; p < input.end; p++) {
      const v = s[p];
      const ok =
        method === ThresholdMethod.Between
          ? v >= lower && v <= upper
          : method === ThresholdMethod.Below
            ? v <= lower
            : v >= upper;
      pass[p] = ok ? 1 : 0;
    }
    return 0;
  }
  for (let p = input.start; p < input.end; p++) {
    const ok = tuplePasses(input, p) ? 1 : 0;
    pass[p] = ok;
    passing += ok;
    if (((p - input.start) & 0xfffff) === 0) context.throwIfCancelled();
  }
  return passing;
}

/**
 * The common case, voxels of a 3D grid with per-point pass flags and every point required: a
 * cell passes when its two point columns (4 points each) pass, so each row of cells is a
 * rolling AND over columns, without per-cell calls. Pieces are whole cell planes.
 */
function thresholdGridPiece(input: ThresholdPiece, context: TaskContext): ThresholdPieceResult {
  const source = input.source as Extract<CellList, { kind: 'structured' }>;
  const pass = input.pointPass!;
  const { keep, used } = input;
  const [nx, ny] = source.dims;
  const nxy = nx * ny;
  const cx = nx - 1;
  const cy = ny - 1;
  const k0 = input.start / (cx * cy);
  const k1 = input.end / (cx * cy);
  const invert = input.invert ? 1 : 0;
  let cells = 0;
  for (let k = k0; k < k1; k++) {
    context.throwIfCancelled();
    for (let j = 0; j < cy; j++) {
      const r00 = j * nx + k * nxy;
      const r10 = r00 + nx;
      const r01 = r00 + nxy;
      const r11 = r01 + nx;
      let c = (k * cy + j) * cx;
      let left = pass[r00] & pass[r10] & pass[r01] & pass[r11];
      for (let i = 0; i < cx; i++, c++) {
        const right = pass[r00 + i + 1] & pass[r10 + i + 1] & pass[r01 + i + 1] & pass[r11 + i + 1];
        if ((left & right) !== invert) {
          keep[c] = 1;
          cells++;
          used[r00 + i] = used[r00 + i + 1] = used[r10 + i] = used[r10 + i + 1] = 1;
          used[r01 + i] = used[r01 + i + 1] = used[r11 + i] = used[r11 + i + 1] = 1;
        }
        left = right;
      }
    }
    context.progress((k - k0 + 1) / (k1 - k0));
  }
  return { cells, connectivity: 8 * cells };
}

/** Whether the grid fast path applies and pieces were cut at cell planes. */
export function gridFastPath(input: ThresholdPiece): boolean {
  const source = input.source;
  if (source.kind !== 'structured' || !source.dims.every((d) => d > 1)) return false;
  const plane = (source.dims[0] - 1) * (source.dims[1] - 1);
  return !!input.pointPass && input.allScalars && input.start % plane === 0 && input.end % plane === 0;
}

export function thresholdPiece(input: ThresholdPiece, context: TaskContext): ThresholdPieceResult {
  if (gridFastPath(input)) return thresholdGridPiece(input, context);
  const { source, keep, used } = input;
  const cursor = new CellCursor(source, input.start, input.end);
  const ids = cursor.ids;
  let cells = 0;
  let connectivity = 0;
  const span = input.end - input.start;
  while (cursor.next()) {
    const c = cursor.cell;
    const count = cursor.count;
    if (cellPasses(input, c, ids, count) !== input.invert) {
      keep[c] = 1;
      cells++;
      connectivity += count;
      for (let k = 0; k < count; k++) used[ids[k]] = 1;
    }
    if (((c - input.start) & 0x3ffff) === 0) {
      context.throwIfCancelled();
      context.progress((c - input.start) / span);
    }
  }
  return { cells, connectivity };
}
