/** STL: binary and ASCII reader (merged points, as ParaView) and writer. */
export { type MergedTriangles, mergeTriangleSoup } from './merge-points.js';
export { detectStlEncoding, type StlEncoding, sniffStl } from './stl-parse.js';
export { readStl, stlReader } from './stl-reader.js';
export { formatFloat32, stlWriter, triangulatePolyData, writeStl } from './stl-writer.js';
export { triangulatePolygon } from './triangulate.js';
