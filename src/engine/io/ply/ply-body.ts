/**
 * Decoding the PLY body into one column per property: a typed array per scalar property, and
 * offsets + items per list property. ASCII and both binary byte orders; sizes declared in the
 * header are checked against the bytes present before anything is allocated from them.
 */

import type { FileLocation } from '../../../errors.js';
import { ReadError, throwIfAborted } from '../../../errors.js';
import { allocateTypedArray, type NumberArray } from '../../data/data-array.js';
import { parseDecimal } from '../common/decimal.js';
import {
  PLY_FORMAT,
  type PlyElement,
  type PlyHeader,
  type PlyProperty,
  type PlyScalarType,
  SCALAR_BYTES,
} from './ply-header.js';

export interface PlyColumn {
  property: PlyProperty;
  /** One value per element instance, or for lists all items back to back. */
  values: NumberArray;
  /** Lists only: instance i owns values[offsets[i] .. offsets[i+1]). */
  offsets?: Int32Array;
}

export interface DecodedElement {
  element: PlyElement;
  columns: PlyColumn[];
  /** Where the element's data starts (line for ASCII, byte offset for binary). */
  location: FileLocation;
}

function allocate(type: PlyScalarType, length: number): NumberArray {
  return allocateTypedArray(type, length) as NumberArray;
}

/** A list column under construction: items grow by doubling. */
class ListBuilder {
  offsets: Int32Array;
  values: NumberArray;
  length = 0;

  constructor(
    readonly type: PlyScalarType,
    count: number,
    initialItems: number,
  ) {
    this.offsets = new Int32Array(count + 1);
    this.values = allocate(type, Math.max(4, initialItems));
  }

  reserve(items: number): void {
    if (this.length + items <= this.values.length) return;
    let capacity = this.values.length * 2;
    while (capacity < this.length + items) capacity *= 2;
    const grown = allocate(this.type, capacity);
    grown.set(this.values.subarray(0, this.length) as never);
    this.values = grown;
  }

  column(property: PlyProperty): PlyColumn {
    return { property, values: this.values.slice(0, this.length) as NumberArray, offsets: this.offsets };
  }
}

type ScalarReader = (view: DataView, offset: number, littleEndian: boolean) => number;

const READERS: Record<PlyScalarType, ScalarReader> = {
  Int8: (v, o) => v.getInt8(o),
  UInt8: (v, o) => v.getUint8(o),
  Int16: (v, o, le) => v.getInt16(o, le),
  UInt16: (v, o, le) => v.getUint16(o, le),
  Int32: (v, o, le) => v.getInt32(o, le),
  UInt32: (v, o, le) => v.getUint32(o, le),
  Float32: (v, o, le) => v.getFloat32(o, le),
  Float64: (v, o, le) => v.getFloat64(o, le),
};

/** Bytes of one instance without its list items: a lower bound on the record size. */
function minimumRecordBytes(element: PlyElement): number {
  let bytes = 0;
  for (const p of element.properties) bytes += SCALAR_BYTES[p.countType ?? p.type];
  return bytes;
}

function decodeBinaryElement(
  file: string,
  view: DataView,
  start: number,
  element: PlyElement,
  littleEndian: boolean,
  signal: AbortSignal | undefined,
): { decoded: DecodedElement; end: number } {
  const available = view.byteLength - start;
  const minimum = minimumRecordBytes(element) * element.count;
  if (minimum > available) {
    throw new ReadError(
      file,
      PLY_FORMAT,
      `file truncated: element '${element.name}' declares ${element.count} instances needing at least ${minimum} bytes but only ${available} remain`,
      { offset: start },
    );
  }
  const count = element.count;
  const properties = element.properties;
  const scalars = properties.map((p) => (p.countType ? undefined : allocate(p.type, count)));
  const lists = properties.map((p) =>
    p.countType
      ? new ListBuilder(p.type, count, Math.min(count * 4, Math.floor(available / SCALAR_BYTES[p.type])))
      : undefined,
  );
  const readers = properties.map((p) => READERS[p.type]);
  const countReaders = properties.map((p) => (p.countType ? READERS[p.countType] : undefined));
  const sizes = properties.map((p) => SCALAR_BYTES[p.type]);
  const countSizes = properties.map((p) => (p.countType ? SCALAR_BYTES[p.countType] : 0));
  const end = view.byteLength;
  let offset = start;
  for (let i = 0; i < count; i++) {
    if ((i & 0xffff) === 0xffff) throwIfAborted(signal, `reading ${file}`);
    for (let p = 0; p < properties.length; p++) {
      const list = lists[p];
      if (list) {
        if (offset + countSizes[p] > end) {
          throw new ReadError(file, PLY_FORMAT, `file truncated in '${element.name}' ${i}`, { offset });
        }
        const items = countReaders[p]!(view, offset, littleEndian);
        offset += countSizes[p];
        if (!(items >= 0) || offset + items * sizes[p] > end) {
          throw new ReadError(
            file,
            PLY_FORMAT,
            `'${element.name}' ${i}: list '${properties[p].name}' of ${items} items does not fit in the file`,
            { offset: offset - countSizes[p] },
          );
        }
        list.reserve(items);
        const values = list.values;
        const read = readers[p];
        for (let k = 0; k < items; k++) {
          values[list.length++] = read(view, offset, littleEndian);
          offset += sizes[p];
        }
        list.offsets[i + 1] = list.length;
      } else {
        if (offset + sizes[p] > end) {
          throw new ReadError(file, PLY_FORMAT, `file truncated in '${element.name}' ${i}`, { offset });
        }
        scalars[p]![i] = readers[p](view, offset, littleEndian);
        offset += sizes[p];
      }
    }
  }
  const columns = properties.map((property, p) =>
    lists[p] ? lists[p]!.column(property) : { property, values: scalars[p]! },
  );
  return { decoded: { element, columns, location: { offset: start } }, end: offset };
}

/** Whitespace-separated number tokens of the ASCII body, with line tracking for errors. */
class AsciiTokens {
  position: number;
  line: number;
  constructor(
    readonly text: string,
    start: number,
    firstLine: number,
  ) {
    this.position = start;
    this.line = firstLine;
  }

  /** The next token as a number; `what` names it in errors. Non-integers are truncated for integer types, as C's atoi does. */
  next(file: string, integer: boolean, what: () => string): number {
    const t = this.text;
    let i = this.position;
    for (; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c === 10) this.line++;
      else if (c !== 32 && c !== 9 && c !== 13 && c !== 12 && c !== 11) break;
    }
    if (i >= t.length) {
      throw new ReadError(file, PLY_FORMAT, `unexpected end of file reading ${what()}`, { line: this.line });
    }
    const start = i;
    let value = 0;
    let simple = true;
    let negative = false;
    if (t.charCodeAt(i) === 45) {
      negative = true;
      i++;
    }
    const digitsStart = i;
    for (; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11) break;
      if (c < 48 || c > 57) simple = false;
      else value = value * 10 + (c - 48);
    }
    this.position = i;
    if (simple && i > digitsStart && i - digitsStart < 16) return negative ? -value : value;
    const parsed = parseDecimal(t, start, i);
    const token = Number.isNaN(parsed) ? t.slice(start, i) : '';
    if (Number.isNaN(parsed) && !/^[+-]?nan$/i.test(token)) {
      throw new ReadError(file, PLY_FORMAT, `'${token}' is not a number (${what()})`, { line: this.line });
    }
    return integer ? Math.trunc(parsed) : parsed;
  }
}

const INTEGER_TYPES: ReadonlySet<PlyScalarType> = new Set([
  'Int8',
  'UInt8',
  'Int16',
  'UInt16',
  'Int32',
  'UInt32',
]);

function decodeAsciiElement(
  file: string,
  tokens: AsciiTokens,
  element: PlyElement,
  signal: AbortSignal | undefined,
): DecodedElement {
  const count = element.count;
  const properties = element.properties;
  const remainingChars = tokens.text.length - tokens.position;
  // Every value takes at least two characters (digit and separator), which bounds honest counts.
  const minimumChars = 2 * properties.length * count;
  if (minimumChars > remainingChars + 1) {
    throw new ReadError(
      file,
      PLY_FORMAT,
      `file truncated: element '${element.name}' declares ${count} instances but only ${remainingChars} characters remain`,
      { line: tokens.line },
    );
  }
  const location = { line: tokens.line };
  const scalars = properties.map((p) => (p.countType ? undefined : allocate(p.type, count)));
  const lists = properties.map((p) =>
    p.countType ? new ListBuilder(p.type, count, Math.min(count * 4, remainingChars >> 1)) : undefined,
  );
  const integer = properties.map((p) => INTEGER_TYPES.has(p.type));
  let instance = 0;
  let property = 0;
  const what = () => `'${element.name}' ${instance} property '${properties[property].name}'`;
  for (; instance < count; instance++) {
    if ((instance & 0xffff) === 0xffff) throwIfAborted(signal, `reading ${file}`);
    for (property = 0; property < properties.length; property++) {
      const list = lists[property];
      if (list) {
        const items = tokens.next(file, true, what);
        if (items < 0 || items > (tokens.text.length - tokens.position) / 2 + 1) {
          throw new ReadError(
            file,
            PLY_FORMAT,
            `${what()}: list of ${items} items does not fit in the file`,
            {
              line: tokens.line,
            },
          );
        }
        list.reserve(items);
        for (let k = 0; k < items; k++)
          list.values[list.length++] = tokens.next(file, integer[property], what);
        list.offsets[instance + 1] = list.length;
      } else {
        scalars[property]![instance] = tokens.next(file, integer[property], what);
      }
    }
  }
  const columns = properties.map((p, index) =>
    lists[index] ? lists[index]!.column(p) : { property: p, values: scalars[index]! },
  );
  return { element, columns, location };
}

/** Decodes every element of the body in header order. */
export function decodePlyBody(
  file: string,
  bytes: Uint8Array,
  header: PlyHeader,
  signal?: AbortSignal,
): DecodedElement[] {
  const decoded: DecodedElement[] = [];
  // An element without properties occupies no bytes, however large its count: skip it outright.
  const empty = (element: PlyElement): DecodedElement => ({ element, columns: [], location: {} });
  if (header.encoding === 'ascii') {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    const tokens = new AsciiTokens(text, header.bodyOffset, header.lineCount + 1);
    for (const element of header.elements) {
      decoded.push(
        element.properties.length === 0 ? empty(element) : decodeAsciiElement(file, tokens, element, signal),
      );
    }
    return decoded;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const littleEndian = header.encoding === 'binary_little_endian';
  let offset = header.bodyOffset;
  for (const element of header.elements) {
    if (element.properties.length === 0) {
      decoded.push(empty(element));
      continue;
    }
    const { decoded: one, end } = decodeBinaryElement(file, view, offset, element, littleEndian, signal);
    decoded.push(one);
    offset = end;
  }
  return decoded;
}
