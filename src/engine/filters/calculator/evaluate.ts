/**
 * Interprets a calculator AST over ranges of tuples, column-wise: each node fills one (scalar) or
 * three (vector) Float64Array columns for a chunk of tuples, so the per-value work is plain typed
 * loops. Runs in pool workers and inline.
 */
import type { NumberArray } from '../../data/data-array.js';
import type { TaskContext } from '../../workers/protocol.js';
import { axisCoordinates, type PointSource } from '../cell-access/extract.worker.js';
import { gridPoint } from '../contour/structured-geometry.js';
import type { Expression } from './expression.js';

export interface CalculatorPiece {
  expression: Expression;
  arrays: Record<string, { values: NumberArray; components: number }>;
  /** Point positions for coords*, or null for cell data. */
  points: PointSource | null;
  start: number;
  end: number;
  output: NumberArray;
  /** Output components: 1 for a scalar result, 3 for a vector. */
  components: number;
  replaceInvalid: boolean;
  replacement: number;
  /** Round results (integer output types). */
  round: boolean;
}

const CHUNK = 4096;

type Columns = Float64Array[];

const SCALAR_FUNCTIONS: Record<string, (x: number) => number> = {
  abs: Math.abs,
  ceil: Math.ceil,
  floor: Math.floor,
  sqrt: Math.sqrt,
  exp: Math.exp,
  ln: Math.log,
  log: Math.log,
  log10: Math.log10,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  sign: Math.sign,
};

class ChunkEvaluator {
  readonly #xyz = new Float64Array(3);
  readonly #axes: [Float64Array, Float64Array, Float64Array] | null;
  constructor(readonly piece: CalculatorPiece) {
    this.#axes = piece.points ? axisCoordinates(piece.points) : null;
  }

  evaluate(e: Expression, start: number, n: number): Columns {
    switch (e.node) {
      case 'number':
        return [new Float64Array(n).fill(e.value)];
      case 'constant-vector':
        return e.value.map((v) => new Float64Array(n).fill(v));
      case 'variable': {
        const { values, components } = this.piece.arrays[e.name];
        const read = (c: number) => {
          const column = new Float64Array(n);
          for (let t = 0; t < n; t++) column[t] = values[(start + t) * components + c];
          return column;
        };
        return e.component === null ? [read(0), read(1), read(2)] : [read(e.component)];
      }
      case 'coordinates': {
        const columns = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
        const source = this.piece.points!;
        if (source.kind === 'explicit') {
          for (let t = 0; t < n; t++)
            for (let c = 0; c < 3; c++) columns[c][t] = source.points[3 * (start + t) + c];
        } else {
          const [nx, ny] = source.dims;
          let i = start % nx;
          let j = Math.floor(start / nx) % ny;
          let k = Math.floor(start / (nx * ny));
          const axes = this.#axes;
          for (let t = 0; t < n; t++) {
            if (axes) {
              columns[0][t] = axes[0][i];
              columns[1][t] = axes[1][j];
              columns[2][t] = axes[2][k];
            } else {
              gridPoint(source.geometry, source.dims, i, j, k, this.#xyz, 0);
              for (let c = 0; c < 3; c++) columns[c][t] = this.#xyz[c];
            }
            if (++i === nx) {
              i = 0;
              if (++j === ny) {
                j = 0;
                k++;
              }
            }
          }
        }
        return e.component === null ? columns : [columns[e.component]];
      }
      case 'unary': {
        const columns = this.evaluate(e.operand, start, n);
        for (const column of columns) for (let t = 0; t < n; t++) column[t] = -column[t];
        return columns;
      }
      case 'binary':
        return this.#binary(e, start, n);
      case 'call':
        return this.#call(e, start, n);
    }
  }

  #binary(e: Extract<Expression, { node: 'binary' }>, start: number, n: number): Columns {
    const left = this.evaluate(e.left, start, n);
    const right = this.evaluate(e.right, start, n);
    // Broadcast a scalar against a vector (only * and / allow mixed kinds).
    const width = Math.max(left.length, right.length);
    const out: Columns = [];
    for (let c = 0; c < width; c++) {
      const a = left[left.length === 1 ? 0 : c];
      const b = right[right.length === 1 ? 0 : c];
      const r = new Float64Array(n);
      switch (e.op) {
        case '+':
          for (let t = 0; t < n; t++) r[t] = a[t] + b[t];
          break;
        case '-':
          for (let t = 0; t < n; t++) r[t] = a[t] - b[t];
          break;
        case '*':
          for (let t = 0; t < n; t++) r[t] = a[t] * b[t];
          break;
        case '/':
          for (let t = 0; t < n; t++) r[t] = a[t] / b[t];
          break;
        case '^':
          for (let t = 0; t < n; t++) r[t] = a[t] ** b[t];
          break;
      }
      out.push(r);
    }
    return out;
  }

  #call(e: Extract<Expression, { node: 'call' }>, start: number, n: number): Columns {
    const args = e.args.map((a) => this.evaluate(a, start, n));
    const unary = SCALAR_FUNCTIONS[e.fn];
    if (unary) {
      const column = args[0][0];
      for (let t = 0; t < n; t++) column[t] = unary(column[t]);
      return [column];
    }
    const r = new Float64Array(n);
    switch (e.fn) {
      case 'min':
        for (let t = 0; t < n; t++) r[t] = Math.min(args[0][0][t], args[1][0][t]);
        return [r];
      case 'max':
        for (let t = 0; t < n; t++) r[t] = Math.max(args[0][0][t], args[1][0][t]);
        return [r];
      case 'pow':
        for (let t = 0; t < n; t++) r[t] = args[0][0][t] ** args[1][0][t];
        return [r];
      case 'mag': {
        const [x, y, z] = args[0];
        for (let t = 0; t < n; t++) r[t] = Math.sqrt(x[t] * x[t] + y[t] * y[t] + z[t] * z[t]);
        return [r];
      }
      case 'norm': {
        const [x, y, z] = args[0];
        for (let t = 0; t < n; t++) {
          const length = Math.sqrt(x[t] * x[t] + y[t] * y[t] + z[t] * z[t]);
          x[t] /= length;
          y[t] /= length;
          z[t] /= length;
        }
        return [x, y, z];
      }
      case 'dot': {
        const [a, b] = args;
        for (let t = 0; t < n; t++) r[t] = a[0][t] * b[0][t] + a[1][t] * b[1][t] + a[2][t] * b[2][t];
        return [r];
      }
      case 'cross': {
        const [a, b] = args;
        const x = new Float64Array(n);
        const y = new Float64Array(n);
        const z = new Float64Array(n);
        for (let t = 0; t < n; t++) {
          x[t] = a[1][t] * b[2][t] - a[2][t] * b[1][t];
          y[t] = a[2][t] * b[0][t] - a[0][t] * b[2][t];
          z[t] = a[0][t] * b[1][t] - a[1][t] * b[0][t];
        }
        return [x, y, z];
      }
      default:
        throw new Error(`calculator: no function ${e.fn}`);
    }
  }
}

/** Evaluates tuples [start, end) into `output`. */
export function calculatePiece(piece: CalculatorPiece, context: TaskContext): number {
  const evaluator = new ChunkEvaluator(piece);
  const { output, components: m } = piece;
  for (let start = piece.start; start < piece.end; start += CHUNK) {
    context.throwIfCancelled();
    const n = Math.min(CHUNK, piece.end - start);
    const columns = evaluator.evaluate(piece.expression, start, n);
    for (let c = 0; c < m; c++) {
      const column = columns[c];
      for (let t = 0; t < n; t++) {
        let v = column[t];
        if (piece.replaceInvalid && !Number.isFinite(v)) v = piece.replacement;
        output[(start + t) * m + c] = piece.round ? Math.round(v) : v;
      }
    }
    context.progress((start + n - piece.start) / (piece.end - piece.start));
  }
  return piece.end - piece.start;
}
