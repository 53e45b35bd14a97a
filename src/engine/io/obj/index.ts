/** Wavefront OBJ reader, following vtkOBJReader's output layout. */
export { NO_MATERIAL, type ParsedObj, parseObj } from './obj-parse.js';
export { objReader, objToPolyData, readObj, sniffObj } from './obj-reader.js';
