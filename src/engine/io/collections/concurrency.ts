/**
 * Bounded concurrency for reading many referenced files: enough in flight to overlap I/O, few
 * enough that a collection of ten thousand pieces does not open ten thousand files at once.
 */
import { throwIfAborted } from '../../../errors.js';

/**
 * Runs `task` on every item with at most `limit` running at once and returns the results in item
 * order. The first failure stops new tasks from starting and is rethrown once the running ones
 * have settled (so no read is left dangling).
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        throwIfAborted(signal);
        results[index] = await task(items[index], index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker);
  await Promise.all(workers);
  if (failure) throw failure.error;
  return results;
}
