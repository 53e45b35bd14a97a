/**
 * Runs one built-in filter in a pool worker (see `off-thread.ts`): the inputs arrive packed,
 * the output goes back packed with its buffers moved, not copied.
 */
import { type PackedDataObject, packDataObject, unpackDataObject } from '../data/transfer.js';
import type { TaskContext } from '../workers/protocol.js';
import { taskSignal } from '../workers/task-signal.js';
import { getFilter } from './catalogue.js';
import type { PropertyValues } from './types.js';

export interface OffThreadInput {
  type: string;
  inputs: PackedDataObject[];
  properties: PropertyValues;
}

export async function runFilterOffThread(
  input: OffThreadInput,
  context: TaskContext,
): Promise<PackedDataObject> {
  const definition = getFilter(input.type);
  if (!definition) throw new TypeError(`no built-in filter '${input.type}' in the worker`);
  const output = await definition.execute(input.inputs.map(unpackDataObject), input.properties, {
    signal: taskSignal(context),
    onProgress: (fraction) => context.progress(fraction),
    // Nothing in here fans out again: this filter already has a worker of its own.
    workers: 1,
  });
  // The ranges every client asks for next (dataset information, colour maps) are computed here,
  // off the calling thread, and travel with the arrays.
  const { value, transfer } = packDataObject(output, { computeRanges: true });
  context.transfer(...transfer);
  return value;
}
