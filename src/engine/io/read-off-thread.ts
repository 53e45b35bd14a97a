/**
 * Reading a large file (parsing XML, inflating blocks, converting ASCII) would hold the calling
 * thread for as long as it takes; a session's clients share that thread. `readDataFileOffThread`
 * reads large single-file datasets in a pool worker and everything else in place.
 *
 * Collections (.vtm, .pvd, .series, parallel pieces) stay on the calling thread: they name other
 * files, which a session admits one by one (`ReadOptions.admitReference`, a function that cannot
 * cross threads), and time series load their steps lazily.
 */
import { stat } from 'node:fs/promises';
import { unpackDataObject } from '../data/transfer.js';
import { getDefaultPool, taskReference } from '../workers/pool.js';
import type { ReadTaskInput, ReadTaskOutput } from './read-off-thread.worker.js';
import { findReader, type ReadResult, readDataFile } from './registry.js';
import type { ReadOptions } from './types.js';

/** Formats read whole from one file, with no references to others. */
const SINGLE_FILE_FORMATS: ReadonlySet<string> = new Set([
  'vtk-xml',
  'vtk-legacy',
  'stl',
  'ply',
  'obj',
  'csv',
]);

/** Files at least this large are read in a worker. */
export const OFF_THREAD_MIN_BYTES = 8 * 1024 * 1024;

const TASK = taskReference(new URL('./read-off-thread.worker.js', import.meta.url), 'readFileTask');

export async function readDataFileOffThread(path: string, options: ReadOptions = {}): Promise<ReadResult> {
  const size = await stat(path).then(
    (info) => (info.isFile() ? info.size : 0),
    () => 0,
  );
  if (size < OFF_THREAD_MIN_BYTES) return readDataFile(path, options);
  const reader = await findReader(path).catch(() => undefined);
  if (!reader || !SINGLE_FILE_FORMATS.has(reader.format)) return readDataFile(path, options);
  const input: ReadTaskInput = { path };
  const output = await getDefaultPool().run<ReadTaskOutput>(TASK, input, {
    ...(options.signal && { signal: options.signal }),
  });
  return { data: unpackDataObject(output.data), format: output.format };
}
