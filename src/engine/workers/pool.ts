/**
 * Frontend of the worker pool: one process-wide set of worker threads (size = available cores)
 * that runs named tasks from ES modules, with progress, cancellation and crash recovery.
 *
 * Tasks receive structured-cloned inputs; typed arrays on SharedArrayBuffers are shared, not
 * copied, which is how datasets reach workers for free (see data/shared-memory.ts).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CancelledError, ERROR_CATALOGUE, type ErrorKind, PeriscopeError } from '../../errors.js';
import type { RunMessage, SerializedError, TaskReference, WorkerReply } from './protocol.js';

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
  /** Buffers of the input to move to the worker instead of copying. */
  transfer?: ArrayBuffer[];
}

interface PendingTask {
  id: number;
  message: RunMessage;
  transfer: ArrayBuffer[];
  resolve(value: unknown): void;
  reject(error: unknown): void;
  onProgress?: (fraction: number) => void;
  settled: boolean;
}

interface Slot {
  worker: Worker;
  current: PendingTask | undefined;
}

const workerUrl = new URL(`./pool.worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

function spawnWorker(): Worker {
  if (!workerUrl.pathname.endsWith('.ts')) return new Worker(workerUrl);
  // Under tsx (tests, development) the loader is not inherited by workers: register it first.
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const entry = JSON.stringify(workerUrl.href);
  return new Worker(`import(${tsx}).then((m) => { m.register(); return import(${entry}); });`, {
    eval: true,
  });
}

const kindByCode = new Map<string, ErrorKind>(
  (Object.keys(ERROR_CATALOGUE) as ErrorKind[]).map((kind) => [ERROR_CATALOGUE[kind].code, kind]),
);

function deserializeError(serialized: SerializedError): Error {
  const kind = serialized.code ? kindByCode.get(serialized.code) : undefined;
  const error = kind ? new PeriscopeError(kind, serialized.message) : new Error(serialized.message);
  Object.assign(error, serialized.fields);
  error.name = serialized.name;
  if (serialized.stack) error.stack = serialized.stack;
  return error;
}

export class WorkerPool {
  readonly size: number;
  #slots: Slot[] = [];
  #queue: PendingTask[] = [];
  #nextId = 1;
  #closed = false;

  constructor(size: number = availableParallelism()) {
    this.size = Math.max(1, Math.floor(size));
  }

  /** Runs `task` on a free worker (queued when all are busy). */
  run<Output>(task: TaskReference, input: unknown, options: RunOptions = {}): Promise<Output> {
    if (this.#closed) return Promise.reject(new Error('worker pool is closed'));
    if (options.signal?.aborted) return Promise.reject(new CancelledError(task.name));
    return new Promise<Output>((resolve, reject) => {
      const id = this.#nextId++;
      const pending: PendingTask = {
        id,
        message: { kind: 'run', id, task, input, cancelFlag: new Int32Array(new SharedArrayBuffer(4)) },
        transfer: options.transfer ?? [],
        resolve: resolve as (value: unknown) => void,
        reject,
        onProgress: options.onProgress,
        settled: false,
      };
      options.signal?.addEventListener(
        'abort',
        () => {
          Atomics.store(pending.message.cancelFlag, 0, 1);
          const queued = this.#queue.indexOf(pending);
          if (queued >= 0) this.#queue.splice(queued, 1);
          this.#settle(pending, () => reject(new CancelledError(task.name)));
        },
        { once: true },
      );
      this.#queue.push(pending);
      this.#dispatch();
    });
  }

  /** Stops every worker; pending and queued tasks fail. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const task of this.#queue) this.#settle(task, () => task.reject(new Error('worker pool closed')));
    this.#queue = [];
    await Promise.all(this.#slots.map((slot) => slot.worker.terminate()));
    this.#slots = [];
  }

  #settle(task: PendingTask, action: () => void): void {
    if (task.settled) return;
    task.settled = true;
    action();
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      let slot = this.#slots.find((s) => s.current === undefined);
      if (!slot && this.#slots.length < this.size) slot = this.#addSlot();
      if (!slot) return;
      const task = this.#queue.shift()!;
      slot.current = task;
      slot.worker.ref();
      slot.worker.postMessage(task.message, task.transfer);
    }
  }

  #addSlot(): Slot {
    const slot: Slot = { worker: spawnWorker(), current: undefined };
    slot.worker.on('message', (reply: WorkerReply) => this.#onReply(slot, reply));
    slot.worker.on('error', (error) => this.#onCrash(slot, error));
    slot.worker.on('exit', (code) => {
      if (!this.#closed) this.#onCrash(slot, new Error(`worker exited with code ${code}`));
    });
    slot.worker.unref();
    this.#slots.push(slot);
    return slot;
  }

  #onReply(slot: Slot, reply: WorkerReply): void {
    const task = slot.current;
    if (!task || task.id !== reply.id) return;
    if (reply.kind === 'progress') {
      if (!task.settled) task.onProgress?.(reply.fraction);
      return;
    }
    slot.current = undefined;
    slot.worker.unref();
    if (reply.kind === 'result') this.#settle(task, () => task.resolve(reply.output));
    else this.#settle(task, () => task.reject(deserializeError(reply.error)));
    this.#dispatch();
  }

  #onCrash(slot: Slot, error: Error): void {
    const index = this.#slots.indexOf(slot);
    if (index < 0) return;
    this.#slots.splice(index, 1);
    const task = slot.current;
    if (task)
      this.#settle(task, () =>
        task.reject(new Error(`worker crashed running ${task.message.task.name}: ${error.message}`)),
      );
    void slot.worker.terminate();
    this.#dispatch();
  }
}

let defaultPool: WorkerPool | undefined;

/** The process-wide pool (created on first use, one worker per available core). */
export function getDefaultPool(): WorkerPool {
  defaultPool ??= new WorkerPool();
  return defaultPool;
}

/** Reference to the export `name` of the module at `moduleUrl` (pass `import.meta.url`-relative URLs). */
export function taskReference(moduleUrl: URL, name: string): TaskReference {
  return { module: moduleUrl.href, name };
}
