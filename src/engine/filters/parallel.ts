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
  try {
    return await Promise.all(
      spec.inputs.map((input, i) =>
        pool.run<Output>(spec.task, input, {
          signal: controller.signal,
          onProgress: (f) => report(i, f),
        }),
      ),
    );
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
