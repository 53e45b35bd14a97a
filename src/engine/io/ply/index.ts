/** PLY: ASCII and binary reader with vtkPLYReader's attribute names. */
export type { DecodedElement, PlyColumn } from './ply-body.js';
export { decodePlyBody } from './ply-body.js';
export type { PlyElement, PlyEncoding, PlyHeader, PlyProperty, PlyScalarType } from './ply-header.js';
export { parsePlyHeader, sniffPly } from './ply-header.js';
export { plyReader, plyToPolyData, readPly, readPlyHeader } from './ply-reader.js';
