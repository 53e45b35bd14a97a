/**
 * Long operations (reading, filtering, rendering at large sizes, exporting): each gets an id,
 * reports progress on a topic and can be cancelled by the client that started it. The id is
 * the caller's `kwargs.operation` when given (so it can cancel before the reply arrives),
 * otherwise a fresh one announced in the first progress event.
 */
import { CancelledError, NotFoundError, PropertyError } from '../errors.js';

export interface OperationProgress {
  operation: string;
  method: string;
  clientId: string;
  /** In [0, 1]. */
  progress: number;
  state: 'running' | 'done' | 'failed' | 'cancelled';
}

interface RunningOperation {
  controller: AbortController;
  clientId: string;
}

export interface OperationHandle {
  id: string;
  signal: AbortSignal;
  onProgress(fraction: number): void;
}

/** Progress events are rate-limited so a fine-grained filter cannot flood the socket. */
const PROGRESS_INTERVAL_MS = 100;

export class Operations {
  readonly #running = new Map<string, RunningOperation>();
  readonly #publish: (event: OperationProgress) => void;
  #next = 1;

  constructor(publish: (event: OperationProgress) => void) {
    this.#publish = publish;
  }

  /**
   * Runs `work` as operation `requestedId` (or a fresh id) for `clientId`. The signal aborts on
   * `cancel(id)` and when `connectionSignal` aborts (the client went away).
   */
  async run<T>(
    props: { method: string; clientId: string; requestedId?: unknown; connectionSignal?: AbortSignal },
    work: (operation: OperationHandle) => Promise<T>,
  ): Promise<T> {
    const id = props.requestedId === undefined ? `op${this.#next++}` : String(props.requestedId);
    if (!/^[\w.-]{1,64}$/.test(id))
      throw new PropertyError(props.method, 'operation', 'must be 1–64 word characters');
    if (this.#running.has(id))
      throw new PropertyError(props.method, 'operation', `'${id}' is already running`);
    const controller = new AbortController();
    const onDisconnect = () => controller.abort();
    props.connectionSignal?.addEventListener('abort', onDisconnect, { once: true });
    this.#running.set(id, { controller, clientId: props.clientId });
    const base = { operation: id, method: props.method, clientId: props.clientId };
    let lastSent = 0;
    this.#publish({ ...base, progress: 0, state: 'running' });
    try {
      const result = await work({
        id,
        signal: controller.signal,
        onProgress: (fraction) => {
          const now = performance.now();
          if (now - lastSent < PROGRESS_INTERVAL_MS) return;
          lastSent = now;
          this.#publish({ ...base, progress: Math.min(1, Math.max(0, fraction)), state: 'running' });
        },
      });
      if (controller.signal.aborted) throw new CancelledError(props.method);
      this.#publish({ ...base, progress: 1, state: 'done' });
      return result;
    } catch (error) {
      const cancelled = controller.signal.aborted;
      this.#publish({ ...base, progress: 1, state: cancelled ? 'cancelled' : 'failed' });
      throw cancelled ? new CancelledError(`${props.method} (${id})`) : error;
    } finally {
      this.#running.delete(id);
      props.connectionSignal?.removeEventListener('abort', onDisconnect);
    }
  }

  /** Aborts a running operation; only its own client (or the owner, `force`) may. */
  cancel(id: string, clientId: string, force = false): void {
    const running = this.#running.get(String(id));
    if (!running || (!force && running.clientId !== clientId))
      throw new NotFoundError('operation', String(id));
    running.controller.abort();
  }

  list(): string[] {
    return [...this.#running.keys()];
  }
}
