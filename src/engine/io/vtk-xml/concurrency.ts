/**
 * Reading a file's arrays concurrently: while this thread converts or inflates one array, the
 * thread pool reads the next from disk. A Limiter bounds how many arrays are in flight (each
 * may hold read-ahead windows); `settle` waits for every read so none outlives the open file,
 * then reports the first failure in document order, as a sequential reader would.
 */

export class Limiter {
  #active = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(readonly limit: number) {}

  async run<T>(job: () => Promise<T>): Promise<T> {
    // A finishing job hands its slot straight to the first waiter, so the count never overshoots.
    if (this.#active >= this.limit) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#active++;
    try {
      return await job();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#active--;
    }
  }
}

/** Awaits every promise; throws the first rejection in argument order, else returns the values. */
export async function settle<T extends readonly unknown[]>(
  promises: { readonly [K in keyof T]: Promise<T[K]> },
): Promise<T> {
  const results = await Promise.allSettled(promises as readonly Promise<unknown>[]);
  for (const result of results) if (result.status === 'rejected') throw result.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
