/**
 * PiecewiseFunction: a piecewise-linear scalar → [0, 1] map (VTK's vtkPiecewiseFunction with
 * default midpoint 0.5 and sharpness 0), used as a volume's scalar opacity transfer function.
 * Outside the first/last point the end values hold (VTK's Clamping on).
 */

import { PropertyError } from '../../../errors.js';
import type { Range } from '../../data/index.js';

export interface PiecewiseFunctionProps {
  /** Flat [x, y, …] with x increasing, in data units; default ParaView's ramp [min, 0, max, 1]. */
  points?: readonly number[];
  /** Range for the default ramp (ignored when `points` is given); default [0, 1]. */
  range?: Range;
}

export class PiecewiseFunction {
  #x: Float64Array;
  #y: Float64Array;

  constructor(props: PiecewiseFunctionProps = {}) {
    const range = props.range ?? [0, 1];
    const points = props.points ?? [range[0], 0, range[1], 1];
    if (points.length < 2 || points.length % 2 !== 0) {
      throw new PropertyError('PiecewiseFunction', 'Points', 'needs pairs of [x, y]');
    }
    const count = points.length / 2;
    this.#x = new Float64Array(count);
    this.#y = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const x = points[2 * i];
      if (!Number.isFinite(x) || (i > 0 && x < this.#x[i - 1])) {
        throw new PropertyError(
          'PiecewiseFunction',
          'Points',
          `x values must be finite and non-decreasing (point ${i})`,
        );
      }
      this.#x[i] = x;
      this.#y[i] = points[2 * i + 1];
    }
  }

  /** The same function with constant opacity `value` everywhere. */
  static constant(value: number): PiecewiseFunction {
    return new PiecewiseFunction({ points: [0, value] });
  }

  /** Flat [x, y, …]. */
  get points(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.#x.length; i++) out.push(this.#x[i], this.#y[i]);
    return out;
  }

  get range(): Range {
    return [this.#x[0], this.#x[this.#x.length - 1]];
  }

  /** The same shape spread over [min, max] (ParaView's RescaleTransferFunction). */
  rescaled(min: number, max: number): PiecewiseFunction {
    const [oldMin, oldMax] = this.range;
    const width = oldMax - oldMin;
    const points = this.points.map((v, i) =>
      i % 2 === 1 ? v : width > 0 ? min + ((v - oldMin) / width) * (max - min) : min,
    );
    return new PiecewiseFunction({ points });
  }

  valueAt(x: number): number {
    const xs = this.#x;
    const ys = this.#y;
    const last = xs.length - 1;
    if (Number.isNaN(x)) return 0;
    if (x <= xs[0]) return ys[0];
    if (x >= xs[last]) return ys[last];
    let low = 0;
    let high = last;
    while (high - low > 1) {
      const middle = (low + high) >> 1;
      if (xs[middle] <= x) low = middle;
      else high = middle;
    }
    const span = xs[high] - xs[low];
    return span > 0 ? ys[low] + ((x - xs[low]) / span) * (ys[high] - ys[low]) : ys[high];
  }

  /** Largest value over [from, to]: the ends and every point inside (the function is linear between). */
  maximumOver(from: number, to: number): number {
    let max = Math.max(this.valueAt(from), this.valueAt(to));
    for (let i = 0; i < this.#x.length; i++) {
      if (this.#x[i] > from && this.#x[i] < to) max = Math.max(max, this.#y[i]);
    }
    return max;
  }

  /** `size` samples from `min` to `max` inclusive, for fast lookup in inner loops. */
  buildTable(min: number, max: number, size: number): Float32Array {
    const table = new Float32Array(size);
    for (let i = 0; i < size; i++)
      table[i] = this.valueAt(size > 1 ? min + ((max - min) * i) / (size - 1) : min);
    return table;
  }
}
