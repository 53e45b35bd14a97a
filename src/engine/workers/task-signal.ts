/**
 * An AbortSignal for code running in a pool task that reads the pool's cancel flag, so the
 * `signal.aborted` checks of readers and filters see a cancellation made on the calling thread.
 */
import { CancelledError } from '../../errors.js';
import type { TaskContext } from './protocol.js';

export function taskSignal(context: TaskContext): AbortSignal {
  const controller = new AbortController();
  return new Proxy(controller.signal, {
    get(target, key) {
      if (key === 'aborted') return context.cancelled;
      if (key === 'reason') return context.cancelled ? new CancelledError() : undefined;
      if (key === 'throwIfAborted') return () => context.throwIfCancelled();
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
