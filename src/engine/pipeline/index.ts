/** Pipelines: parse a pipeline file, execute it as a cached DAG. */

export { loadPipelineFile } from './load.js';
export { parsePipelineSpec, parsePipelineText } from './parse.js';
export { type NodeTiming, Pipeline, type PipelineOptions, type UpdateResult } from './pipeline.js';
export { type NodeSpec, type PipelineSpec, READER_TYPE } from './spec.js';
