/**
 * Running a dataset filter over any input: a dataset directly, a multiblock block by block
 * (keeping names, nesting and empty slots, as ParaView's composite pipeline does).
 */
import { PipelineError, throwIfAborted } from '../../../errors.js';
import { createMultiBlock, type DataObject, type DataSet, isDataSet } from '../../data/dataset.js';
import { leaves } from '../../data/queries.js';
import type { FilterContext } from '../types.js';

export type DataSetFunction = (
  data: DataSet,
  context: FilterContext,
  path: readonly string[],
) => DataObject | Promise<DataObject>;

/** The one input a single-input filter was given. */
export function onlyInput(owner: string, inputs: readonly DataObject[]): DataObject {
  if (inputs.length !== 1) throw new PipelineError(`${owner} takes exactly one input, got ${inputs.length}`);
  return inputs[0];
}

/**
 * Applies `fn` to `input` if it is a dataset, or to every leaf of a multiblock (the result has
 * the same tree). Progress of the leaves is folded into one fraction for the whole input.
 */
export async function mapDataSets(
  owner: string,
  input: DataObject,
  context: FilterContext,
  fn: DataSetFunction,
): Promise<DataObject> {
  if (isDataSet(input)) return fn(input, context, []);
  if (input.type !== 'MultiBlock') {
    throw new PipelineError(`${owner} cannot process a ${input.type} input`);
  }
  const total = Math.max(1, [...leaves(input)].length);
  let done = 0;
  const visit = async (node: DataObject, path: string[]): Promise<DataObject> => {
    if (node.type === 'MultiBlock') {
      const out = createMultiBlock();
      for (const block of node.blocks) {
        out.blocks.push({
          name: block.name,
          data: block.data && (await visit(block.data, [...path, block.name])),
        });
      }
      return out;
    }
    if (!isDataSet(node)) throw new PipelineError(`${owner} cannot process a ${node.type} block`);
    const first = done;
    const result = await fn(
      node,
      {
        signal: context.signal,
        onProgress: context.onProgress && ((f) => context.onProgress?.((first + f) / total)),
      },
      path,
    );
    done++;
    context.onProgress?.(done / total);
    return result;
  };
  return visit(input, []);
}

/**
 * For long loops: returns `tick(step)` which, every `every` steps, throws CancelledError if the
 * caller aborted and reports progress step/total. Cheap enough to call on every iteration.
 */
export function loopMonitor(
  context: FilterContext,
  total: number,
  what: string,
  every = 16384,
): (step: number) => void {
  const { signal, onProgress } = context;
  if (!signal && !onProgress) return () => {};
  return (step) => {
    if (step % every !== 0) return;
    throwIfAborted(signal, what);
    if (onProgress && total > 0) onProgress(Math.min(1, step / total));
  };
}
