/**
 * VTK XML serial files (.vti .vtp .vtu .vts .vtr): reader, writer, and the pieces the parallel
 * and collection readers reuse (XML parsing, DataArray attributes, the VTKFile header).
 */
export type { AppendedSection, ArrayContext } from './array-reader.js';
export { readDataArrayValues, readIdArray, readStringValues } from './array-reader.js';
export { type BlockDecompressor, type CompressorName, decompressorFor } from './compressors.js';
export {
  type ArrayFormat,
  type ArrayValueType,
  countAttribute,
  type DataArrayHeader,
  elementError,
  isArrayElement,
  numberListAttribute,
  parseDataArrayHeader,
  VTK_XML_FORMAT,
} from './data-array-header.js';
export { loadXmlPart } from './load-xml.js';
export { ATTRIBUTE_XML_NAMES } from './read-pieces.js';
export {
  parseVtkFileHeader,
  readVtkXml,
  readVtkXmlPiece,
  SERIAL_TYPES,
  sniffVtkXml,
  type VtkFileHeader,
  type VtkXmlReadOptions,
  vtkXmlReader,
} from './reader.js';
export { vtkXmlWriter, writeVtkXml } from './writer.js';
export {
  childNamed,
  childrenNamed,
  lineAt,
  type ParseXmlOptions,
  parseXml,
  type XmlDocument,
  type XmlElement,
} from './xml-document.js';
