/**
 * The `periscope` package entry: the engine's public API for scripts and embedding (data model,
 * readers/writers, dataset summaries, pipelines, the filter catalogue, errors). The browser and
 * Node client library is `periscope/client`.
 */
export * from './engine/data/index.js';
export { type DataInfo, describeDataObject } from './engine/describe.js';
export { getFilter, listFilters, registerFilter } from './engine/filters/catalogue.js';
export { readDataFile, registerReader, registerWriter, writeDataFile } from './engine/io/index.js';
export { loadPipelineFile, Pipeline } from './engine/pipeline/index.js';
export * from './errors.js';
