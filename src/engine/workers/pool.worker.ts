/**
 * Backend of the worker pool: runs in each worker thread, imports task modules on demand, and
 * answers one RunMessage at a time with progress, result or error.
 */
import { parentPort } from 'node:worker_threads';
import { CancelledError } from '../../errors.js';
import type { RunMessage, SerializedError, TaskContext, TaskFunction, WorkerReply } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('pool.worker must run in a worker thread');

const modules = new Map<string, Promise<Record<string, unknown>>>();

function loadTask(message: RunMessage): Promise<TaskFunction<unknown, unknown>> {
  let module = modules.get(message.task.module);
  if (!module) {
    module = import(message.task.module) as Promise<Record<string, unknown>>;
    modules.set(message.task.module, module);
  }
  return module.then((exports) => {
    const task = exports[message.task.name];
    if (typeof task !== 'function') {
      throw new Error(`task '${message.task.name}' is not exported by ${message.task.module}`);
    }
    return task as TaskFunction<unknown, unknown>;
  });
}

function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    const fields: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(error)) {
      if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value;
    }
    const code = (error as { code?: unknown }).code;
    return {
      name: error.name,
      message: error.message,
      stack: error.stack,
      code: typeof code === 'string' ? code : undefined,
      fields,
    };
  }
  return { name: 'Error', message: String(error), fields: {} };
}

port.on('message', async (message: RunMessage) => {
  const transfers: ArrayBuffer[] = [];
  let lastProgress = 0;
  const context: TaskContext = {
    progress(fraction) {
      const now = performance.now();
      if (now - lastProgress < 50 && fraction < 1) return;
      lastProgress = now;
      port.postMessage({ kind: 'progress', id: message.id, fraction } satisfies WorkerReply);
    },
    get cancelled() {
      return Atomics.load(message.cancelFlag, 0) === 1;
    },
    throwIfCancelled() {
      if (Atomics.load(message.cancelFlag, 0) === 1) throw new CancelledError(message.task.name);
    },
    transfer(...buffers) {
      transfers.push(...buffers);
    },
  };
  try {
    const task = await loadTask(message);
    const output = await task(message.input, context);
    port.postMessage({ kind: 'result', id: message.id, output } satisfies WorkerReply, transfers);
  } catch (error) {
    port.postMessage({ kind: 'error', id: message.id, error: serializeError(error) } satisfies WorkerReply);
  }
});
