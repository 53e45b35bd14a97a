/**
 * Threshold classification kernel (vtkThreshold's tests), run over cell ranges in pool workers:
 * marks kept cells and the points they use in shared flag arrays.
 */
import type { NumberArray } from '../../data/data-array.js';
import type { TaskContext } from '../../workers/protocol.js';
import { type CellSource, cellPoints, cellSize } from '../cell-extraction/cell-source.js';

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
  source: CellSource;
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

export function thresholdPiece(input: ThresholdPiece, context: TaskContext): ThresholdPieceResult {
  const { source, keep, used } = input;
  const ids = new Int32Array(4096);
  let cells = 0;
  let connectivity = 0;
  const span = input.end - input.start;
  for (let c = input.start; c < input.end; c++) {
    cellPoints(source, c, ids);
    const count = cellSize(source, c);
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
