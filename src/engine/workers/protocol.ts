/**
 * The typed messages between the pool (frontend, main thread) and its workers (backend).
 * Shared by `pool.ts` and `pool.worker.ts`; imports nothing thread-specific.
 */

/** A task is a named export of an ES module that the worker imports on first use. */
export interface TaskReference {
  /** File URL (href) of the module; modules ending in `.js` are found as `.ts` under tsx. */
  module: string;
  /** Name of the exported task function. */
  name: string;
}

export interface RunMessage {
  kind: 'run';
  id: number;
  task: TaskReference;
  input: unknown;
  /** Int32Array over a SharedArrayBuffer; element 0 becomes 1 when the task is cancelled. */
  cancelFlag: Int32Array;
}

export type WorkerReply =
  | { kind: 'progress'; id: number; fraction: number }
  | { kind: 'result'; id: number; output: unknown }
  | { kind: 'error'; id: number; error: SerializedError };

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  code?: string;
  /** Extra enumerable fields (file, offset, property…), copied back onto the error. */
  fields: Record<string, unknown>;
}

/** What a task function receives besides its input. */
export interface TaskContext {
  /** Reports progress in [0, 1]; cheap to call often (throttled by the worker). */
  progress(fraction: number): void;
  /** True once the caller has cancelled; check it at safe points in long loops. */
  readonly cancelled: boolean;
  /** Throws CancelledError if the task was cancelled. */
  throwIfCancelled(): void;
  /** Marks buffers of the result to be transferred (moved) rather than copied. */
  transfer(...buffers: ArrayBuffer[]): void;
}

export type TaskFunction<Input, Output> = (input: Input, context: TaskContext) => Output | Promise<Output>;
