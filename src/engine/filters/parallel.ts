/**
 * Splitting filter work across the shared worker pool.
 *
 * Filters cut their input into independent pieces (k-slabs of an image, ranges of cells), run one
 * task per piece and merge the results in piece order, so the output never depends on how many
 * workers ran. Small inputs run inline on the calling thread: starting workers costs more than the
 * work. `FilterContext.workers` (or the `PERISCOPE_WORKERS` environment variable) picks how many
 * pieces to make, which is how the benchmark compares one worker with all of them.
 */
import { availableParallelism } from 'node:os';
import { CancelledError, PropertyError, throwIfAborted } from '../../errors.js';
import { getDefaultPool, type WorkerPool } from '../workers/pool.js';
import type { TaskContext, TaskReference } from '../workers/protocol.js';
import type { FilterContext } from './types.js';

/** The piece count to use: the context's, else PERISCOPE_WORKERS, else the pool size. */
export function workerCount(context: FilterContext = {}): number {
  if (context.workers !== undefined) {
    if (!Number.isInteger(context.workers) || context.workers < 1) {
      throw new PropertyError(
        'FilterContext',
        'workers',
        `must be a positive integer, got ${context.workers}`,
      );
    }
    return context.workers;
  }
  const fromEnv = Number(process.env.PERISCOPE_WORKERS);
  if (Number.isInteger(fromEnv) && fromEnv >= 1) return fromEnv;
  return Math.max(1, availableParallelism());
}

/** A TaskContext for running a task function on the calling thread. */
export function inlineTaskContext(
  signal: AbortSignal | undefined,
  onProgress?: (f: number) => void,
): TaskContext {
  return {
    progress: (fraction) => onProgress?.(fraction),
    get cancelled() {
      return signal?.aborted ?? false;
    },
    throwIfCancelled: () => throwIfAborted(signal),
    transfer: () => {},
  };
}

export interface ParallelRun<Input, Output> {
  /** The task as the workers import it. */
  task: TaskReference;
  /** The same function, for running inline. */
  run: (input: Input, context: TaskContext) => Output;
  /** One input per piece. */
  inputs: readonly Input[];
  /** Runs the pieces on the calling thread (small data: worker start-up would dominate). */
  inline: boolean;
  /** A pool other than the default one. */
  pool?: WorkerPool;
  /**
   * At most this many pieces on the pool at once (default: all). Cutting the work into more
   * pieces than `concurrency` balances the load: a worker that finishes early (its piece held
   * less of the surface, or its core was busy with another process) takes the next piece, while
   * the piece count, not the worker count, still fixes where the work is cut.
   */
  concurrency?: number;
}

/**
 * Runs every piece and returns the outputs in input order. Progress is the mean of the pieces'
 * progress; an abort rejects with CancelledError and cancels the pieces still running.
 */
export async function runPieces<Input, Output>(
  spec: ParallelRun<Input, Output>,
  context: FilterContext = {},
): Promise<Output[]> {
  const { signal, onProgress } = context;
  throwIfAborted(signal);
  const fractions = new Float64Array(spec.inputs.length);
  const report = (index: number, fraction: number) => {
    if (!onProgress) return;
    fractions[index] = fraction;
    let sum = 0;
    for (const f of fractions) sum += f;
    onProgress(sum / fractions.length);
  };
  if (spec.inline) {
    const outputs: Output[] = [];
    for (let i = 0; i < spec.inputs.length; i++) {
      outputs.push(
        spec.run(
          spec.inputs[i],
          inlineTaskContext(signal, (f) => report(i, f)),
        ),
      );
      report(i, 1);
    }
    return outputs;
  }
  const pool = spec.pool ?? getDefaultPool();
  const controller = new AbortController();
  const abort = () => controller.abort();
  signal?.addEventListener('abort', abort, { once: true });
  // One signal per piece: the pool keeps its abort listener for the signal's lifetime, and
  // many pieces on one shared signal would pile listeners up on it.
  const runPiece = async (i: number) => {
    const piece = new AbortController();
    const forward = () => piece.abort();
    controller.signal.addEventListener('abort', forward, { once: true });
    try {
      return await pool.run<Output>(spec.task, spec.inputs[i], {
        signal: piece.signal,
        onProgress: (f) => report(i, f),
      });
    } finally {
      controller.signal.removeEventListener('abort', forward);
    }
  };
  const pieces = spec.inputs.length;
  const lanes = Math.max(1, Math.min(Math.floor(spec.concurrency ?? pieces) || 1, pieces));
  try {
    if (lanes >= pieces) return await Promise.all(spec.inputs.map((_, i) => runPiece(i)));
    // Each lane takes the next piece when its last one is done; outputs still land in piece order.
    const outputs = new Array<Output>(pieces);
    let next = 0;
    const lane = async () => {
      while (next < pieces && !controller.signal.aborted) {
        const i = next++;
        outputs[i] = await runPiece(i);
      }
    };
    await Promise.all(Array.from({ length: lanes }, lane));
    throwIfAborted(controller.signal);
    return outputs;
  } catch (error) {
    controller.abort();
    if (signal?.aborted) throw new CancelledError();
    throw error;
  } finally {
    signal?.removeEventListener('abort', abort);
  }
}

/** Splits [start, end) into `parts` contiguous ranges of near-equal length (never empty unless the range is). */
export function splitRange(start: number, end: number, parts: number): [number, number][] {
  const length = Math.max(0, end - start);
  const n = Math.max(1, Math.min(parts, length));
  const ranges: [number, number][] = [];
  for (let p = 0; p < n; p++) {
    ranges.push([start + Math.floor((length * p) / n), start + Math.floor((length * (p + 1)) / n)]);
  }
  return ranges;
}
