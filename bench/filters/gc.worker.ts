/**
 * Benchmark hygiene, run inside pool workers: collects garbage (the bench starts workers with
 * --expose-gc), so shared buffers of earlier runs do not count in the next run's peak RSS.
 * Returns after a short wait so concurrent calls land on different workers.
 */
export async function collectGarbage(): Promise<boolean> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  await new Promise((resolve) => setTimeout(resolve, 20));
  return gc !== undefined;
}
