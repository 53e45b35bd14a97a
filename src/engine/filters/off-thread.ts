/**
 * Filters that do not split their work across the pool themselves would run on the calling
 * thread; in a session that is the event loop every client shares (a 128³ Shrink held it for
 * 2.5 s). `executeFilter` sends such filters to a pool worker once their input is large enough
 * for that to matter, and runs everything else in place. The output is the same either way.
 */

import type { DataObject } from '../data/dataset.js';
import { leaves, numberOfCells, numberOfPoints } from '../data/queries.js';
import { type PackedDataObject, packDataObject, unpackDataObject } from '../data/transfer.js';
import { getDefaultPool, taskReference } from '../workers/pool.js';
import { isBuiltinFilter } from './catalogue.js';
import type { OffThreadInput } from './off-thread.worker.js';
import type { FilterContext, FilterDefinition, PropertyValues } from './types.js';

/**
 * Built-in filters that already run their heavy part in pool workers (and whose calling-thread
 * share is small): moving them would only add a copy of the input.
 */
const POOLED_FILTERS: ReadonlySet<string> = new Set([
  'Calculator',
  'Clip',
  'Contour',
  'Glyph',
  'PlotOverLine',
  'ResampleToImage',
  'Slice',
  'StreamTracer',
  'Threshold',
]);

/** Points + cells of the inputs above which a filter leaves the calling thread. */
export const OFF_THREAD_MIN_ELEMENTS = 200_000;

const TASK = taskReference(new URL('./off-thread.worker.js', import.meta.url), 'runFilterOffThread');

function elementsOf(inputs: readonly DataObject[]): number {
  let total = 0;
  for (const input of inputs)
    for (const leaf of leaves(input)) total += numberOfPoints(leaf.data) + numberOfCells(leaf.data);
  return total;
}

/** Whether `executeFilter` would run `definition` on these inputs in a worker. */
export function runsOffThread(definition: FilterDefinition, inputs: readonly DataObject[]): boolean {
  return (
    definition.kind === 'filter' &&
    !POOLED_FILTERS.has(definition.name) &&
    isBuiltinFilter(definition) &&
    !inputs.some((input) => input.type === 'TimeSeries') &&
    elementsOf(inputs) >= OFF_THREAD_MIN_ELEMENTS
  );
}

export async function executeFilter(
  definition: FilterDefinition,
  inputs: readonly DataObject[],
  properties: PropertyValues,
  context: FilterContext = {},
): Promise<DataObject> {
  if (!runsOffThread(definition, inputs)) return definition.execute(inputs, properties, context);
  // Inputs are copied, not moved: the pipeline keeps them cached for other consumers.
  const input: OffThreadInput = {
    type: definition.name,
    inputs: inputs.map((data) => packDataObject(data).value),
    properties,
  };
  const packed = await getDefaultPool().run<PackedDataObject>(TASK, input, {
    ...(context.signal && { signal: context.signal }),
    ...(context.onProgress && { onProgress: context.onProgress }),
  });
  return unpackDataObject(packed);
}
