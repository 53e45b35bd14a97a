/** Legacy VTK (.vtk) reading and writing. */
export { parseVtkLegacy } from './parse.js';
export { readVtkLegacy, sniffVtkLegacy, vtkLegacyReader } from './reader.js';
export { VTK_LEGACY_FORMAT } from './scanner.js';
export { vtkLegacyWriter, writeVtkLegacy } from './writer.js';
