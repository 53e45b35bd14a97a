/** Pipelines: parse a pipeline file, execute it as a cached DAG. */

export { loadPipelineFile } from './load.js';
export { type NodeTiming, Pipeline, type PipelineOptions, type UpdateResult } from './pipeline.js';
export {
  type NodeSpec,
  type PipelineSpec,
  parsePipelineSpec,
  parsePipelineText,
  READER_TYPE,
} from './spec.js';
