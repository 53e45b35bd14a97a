/**
 * The attributes of `<DataArray>`, `<Array>` and `<PDataArray>` elements, parsed and checked
 * once so the serial reader and the parallel/collection readers agree on them.
 */
import { ReadError } from '../../../errors.js';
import { type DataType, isDataType } from '../../data/data-array.js';
import { lineAt, type XmlDocument, type XmlElement } from './xml-document.js';

export const VTK_XML_FORMAT = 'vtk-xml';

export type ArrayValueType = DataType | 'String';
export type ArrayFormat = 'ascii' | 'binary' | 'appended';

export interface DataArrayHeader {
  /** `Name` ('' when absent, as VTK allows for coordinates). */
  name: string;
  /** `type`: a numeric type, or 'String' for vtkStringArray. `Char` is read as Int8. */
  type: ArrayValueType;
  /** `NumberOfComponents` (default 1). */
  numberOfComponents: number;
  /** `ComponentName0…`, when any is given. */
  componentNames: string[] | undefined;
  /** `format`; undefined on `<PDataArray>`, which holds no data. */
  format: ArrayFormat | undefined;
  /** `offset` into the appended data (format="appended" only). */
  offset: number | undefined;
  /** `NumberOfTuples`, when given (field data). */
  numberOfTuples: number | undefined;
}

/** A ReadError located at `element` (byte offset and line). */
export function elementError(file: string, doc: XmlDocument, element: XmlElement, detail: string): ReadError {
  return new ReadError(file, VTK_XML_FORMAT, detail, {
    offset: element.offset,
    line: lineAt(doc.bytes, element.offset - doc.baseOffset),
  });
}

/** A non-negative integer attribute (undefined when absent); anything else is a ReadError. */
export function countAttribute(
  file: string,
  doc: XmlDocument,
  element: XmlElement,
  attribute: string,
): number | undefined {
  const raw = element.attributes.get(attribute);
  if (raw === undefined) return undefined;
  const text = raw.trim();
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) {
    throw elementError(file, doc, element, `<${element.name}> ${attribute}="${raw}" is not a count`);
  }
  return value;
}

/** A list of exactly `length` numbers (Origin, Spacing, Direction, extents). */
export function numberListAttribute(
  file: string,
  doc: XmlDocument,
  element: XmlElement,
  attribute: string,
  length: number,
  integers = false,
): number[] | undefined {
  const raw = element.attributes.get(attribute);
  if (raw === undefined) return undefined;
  const parts = raw.trim().split(/\s+/).filter(Boolean);
  const values = parts.map(Number);
  if (
    parts.length !== length ||
    values.some((v) => !Number.isFinite(v) || (integers && !Number.isSafeInteger(v)))
  ) {
    throw elementError(
      file,
      doc,
      element,
      `<${element.name}> ${attribute}="${raw}" must be ${length} ${integers ? 'integers' : 'numbers'}`,
    );
  }
  return values;
}

function arrayType(file: string, doc: XmlDocument, element: XmlElement): ArrayValueType {
  const raw = element.attributes.get('type');
  if (raw === undefined) throw elementError(file, doc, element, `<${element.name}> has no type attribute`);
  if (raw === 'String') return 'String';
  if (raw === 'Char') return 'Int8';
  if (raw === 'UChar') return 'UInt8';
  if (isDataType(raw)) return raw;
  throw elementError(file, doc, element, `<${element.name}> has unknown type="${raw}"`);
}

/** Parses the attributes of a DataArray/Array/PDataArray element. */
export function parseDataArrayHeader(file: string, doc: XmlDocument, element: XmlElement): DataArrayHeader {
  const type = arrayType(file, doc, element);
  const components = countAttribute(file, doc, element, 'NumberOfComponents') ?? 1;
  if (components < 1) throw elementError(file, doc, element, 'NumberOfComponents must be at least 1');
  const componentNames: string[] = [];
  for (let c = 0; c < components; c++) {
    const label = element.attributes.get(`ComponentName${c}`);
    if (label !== undefined) componentNames[c] = label;
  }
  let names: string[] | undefined;
  if (componentNames.length > 0) {
    names = Array.from({ length: components }, (_, c) => componentNames[c] ?? '');
  }
  const rawFormat = element.attributes.get('format');
  let format: ArrayFormat | undefined;
  if (rawFormat !== undefined) {
    if (rawFormat !== 'ascii' && rawFormat !== 'binary' && rawFormat !== 'appended') {
      throw elementError(file, doc, element, `<${element.name}> has unknown format="${rawFormat}"`);
    }
    format = rawFormat;
  }
  const offset = countAttribute(file, doc, element, 'offset');
  if (format === 'appended' && offset === undefined) {
    throw elementError(file, doc, element, `<${element.name}> format="appended" without an offset`);
  }
  return {
    name: element.attributes.get('Name') ?? '',
    type,
    numberOfComponents: components,
    componentNames: names,
    format,
    offset,
    numberOfTuples: countAttribute(file, doc, element, 'NumberOfTuples'),
  };
}

/** Whether an element holds array data (`<DataArray>` or `<Array>`). */
export function isArrayElement(element: XmlElement): boolean {
  return element.name === 'DataArray' || element.name === 'Array';
}
