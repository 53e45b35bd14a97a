/**
 * Runs one built-in filter in a pool worker (see `off-thread.ts`): the inputs arrive packed,
 * the output goes back packed with its buffers moved, not copied.
 */
import { CancelledError } from '../../errors.js';
import { isDataArray } from '../data/attributes.js';
import { MAGNITUDE } from '../data/data-array.js';
import type { DataObject } from '../data/dataset.js';
import { leaves } from '../data/queries.js';
import { type PackedDataObject, packDataObject, unpackDataObject } from '../data/transfer.js';
import type { TaskContext } from '../workers/protocol.js';
import { getFilter } from './catalogue.js';
import type { PropertyValues } from './types.js';

export interface OffThreadInput {
  type: string;
  inputs: PackedDataObject[];
  properties: PropertyValues;
}

/** An AbortSignal that reads the pool's cancel flag, so filters' own checks see cancellation. */
function signalOf(context: TaskContext): AbortSignal {
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

function primeRanges(data: DataObject): void {
  for (const leaf of leaves(data)) {
    const fields = [leaf.data.pointData, leaf.data.cellData, leaf.data.fieldData];
    const arrays = fields.flatMap((field) => field.arrays.filter(isDataArray));
    if ('points' in leaf.data) arrays.push(leaf.data.points);
    for (const array of arrays) {
      array.getComponentRanges();
      if (array.numberOfComponents > 1) array.getRange(MAGNITUDE);
    }
  }
}

export async function runFilterOffThread(
  input: OffThreadInput,
  context: TaskContext,
): Promise<PackedDataObject> {
  const definition = getFilter(input.type);
  if (!definition) throw new TypeError(`no built-in filter '${input.type}' in the worker`);
  const output = await definition.execute(input.inputs.map(unpackDataObject), input.properties, {
    signal: signalOf(context),
    onProgress: (fraction) => context.progress(fraction),
    // Nothing in here fans out again: this filter already has a worker of its own.
    workers: 1,
  });
  // The ranges every client asks for next (dataset information, colour maps) are computed here,
  // off the calling thread, and travel with the arrays.
  primeRanges(output);
  const { value, transfer } = packDataObject(output);
  context.transfer(...transfer);
  return value;
}
