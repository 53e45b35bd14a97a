/**
 * Reads one data file in a pool worker (see `read-off-thread.ts`) and sends the dataset back
 * packed, its buffers moved and its array ranges already computed.
 */
import { type PackedDataObject, packDataObject } from '../data/transfer.js';
import type { TaskContext } from '../workers/protocol.js';
import { taskSignal } from '../workers/task-signal.js';
// The package entry registers every reader; the registry alone knows none.
import { readDataFile } from './index.js';

export interface ReadTaskInput {
  path: string;
}

export interface ReadTaskOutput {
  data: PackedDataObject;
  format: string;
}

export async function readFileTask(input: ReadTaskInput, context: TaskContext): Promise<ReadTaskOutput> {
  const { data, format } = await readDataFile(input.path, { signal: taskSignal(context) });
  const { value, transfer } = packDataObject(data, { computeRanges: true });
  context.transfer(...transfer);
  return { data: value, format };
}
