/**
 * What `periscope render` and the benchmarks draw: a data file, or the first output of a
 * pipeline file (`.json`), with a time series shown at its first step.
 */
import type { DataObject } from '../data/dataset.js';
import { readDataFile } from '../io/index.js';
import { loadPipelineFile } from '../pipeline/load.js';

export async function loadRenderInput(path: string): Promise<DataObject> {
  let data: DataObject;
  if (path.toLowerCase().endsWith('.json')) {
    const pipeline = await loadPipelineFile(path);
    data = (await pipeline.update(pipeline.outputs[0])).output;
  } else {
    data = (await readDataFile(path)).data;
  }
  if (data.type === 'TimeSeries') return data.steps.length > 0 ? data.steps[0].load() : data;
  return data;
}
