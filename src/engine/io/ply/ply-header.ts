/**
 * The PLY header: format, elements with their counts, and typed scalar or list properties.
 * Everything after `end_header` is the body, whose layout the header fully determines.
 */
import { ReadError } from '../../../errors.js';
import type { DataType } from '../../data/data-array.js';

export const PLY_FORMAT = 'ply';

/** PLY scalar types map onto the data model's types (no 64-bit integers in PLY). */
export type PlyScalarType = Exclude<DataType, 'Int64' | 'UInt64'>;

const SCALAR_TYPES: Record<string, PlyScalarType> = {
  char: 'Int8',
  int8: 'Int8',
  uchar: 'UInt8',
  uint8: 'UInt8',
  short: 'Int16',
  int16: 'Int16',
  ushort: 'UInt16',
  uint16: 'UInt16',
  int: 'Int32',
  int32: 'Int32',
  uint: 'UInt32',
  uint32: 'UInt32',
  float: 'Float32',
  float32: 'Float32',
  double: 'Float64',
  float64: 'Float64',
};

export const SCALAR_BYTES: Record<PlyScalarType, number> = {
  Int8: 1,
  UInt8: 1,
  Int16: 2,
  UInt16: 2,
  Int32: 4,
  UInt32: 4,
  Float32: 4,
  Float64: 8,
};

export interface PlyProperty {
  name: string;
  /** Type of the value (of each item, for a list). */
  type: PlyScalarType;
  /** For list properties: the type of the item count that precedes the items. */
  countType?: PlyScalarType;
}

export interface PlyElement {
  name: string;
  count: number;
  properties: PlyProperty[];
  /** 1-based header line that declared the element. */
  line: number;
}

export type PlyEncoding = 'ascii' | 'binary_little_endian' | 'binary_big_endian';

export interface PlyHeader {
  encoding: PlyEncoding;
  version: string;
  elements: PlyElement[];
  comments: string[];
  objInfo: string[];
  /** Byte offset of the first body byte. */
  bodyOffset: number;
  /** Number of header lines (the body starts on the next line). */
  lineCount: number;
}

const ENCODINGS: readonly string[] = ['ascii', 'binary_little_endian', 'binary_big_endian'];

/** Whether the bytes start with the PLY magic line. */
export function sniffPly(head: Uint8Array): boolean {
  return (
    head.length >= 4 &&
    head[0] === 0x70 &&
    head[1] === 0x6c &&
    head[2] === 0x79 &&
    (head[3] === 0x0a || head[3] === 0x0d || head[3] === 0x20)
  );
}

function scalarType(file: string, name: string, line: number): PlyScalarType {
  const type = SCALAR_TYPES[name];
  if (!type) {
    throw new ReadError(
      file,
      PLY_FORMAT,
      `unknown property type '${name}' (expected one of ${Object.keys(SCALAR_TYPES).join(', ')})`,
      { line },
    );
  }
  return type;
}

/** Parses the header at the start of `bytes`; the body is not read. */
export function parsePlyHeader(file: string, bytes: Uint8Array): PlyHeader {
  const fail = (detail: string, line: number): never => {
    throw new ReadError(file, PLY_FORMAT, detail, { line });
  };
  if (!sniffPly(bytes)) fail("not a PLY file: the first line must be 'ply'", 1);
  let encoding: PlyEncoding | undefined;
  let version = '';
  const elements: PlyElement[] = [];
  const comments: string[] = [];
  const objInfo: string[] = [];
  let position = 0;
  let line = 0;
  for (;;) {
    const newline = bytes.indexOf(0x0a, position);
    if (newline < 0) fail("header has no 'end_header' line (file truncated or not PLY)", line + 1);
    line++;
    let text = '';
    for (let i = position; i < newline; i++) text += String.fromCharCode(bytes[i]);
    position = newline + 1;
    const words = text.trim().split(/\s+/);
    const keyword = words[0];
    if (line === 1) {
      if (keyword !== 'ply') fail("not a PLY file: the first line must be 'ply'", 1);
      continue;
    }
    switch (keyword) {
      case '':
        break;
      case 'format':
        if (!ENCODINGS.includes(words[1])) fail(`unknown format '${words[1] ?? ''}'`, line);
        encoding = words[1] as PlyEncoding;
        version = words[2] ?? '';
        break;
      case 'comment':
        comments.push(text.trim().slice('comment'.length).trim());
        break;
      case 'obj_info':
        objInfo.push(text.trim().slice('obj_info'.length).trim());
        break;
      case 'element': {
        const count = Number(words[2]);
        if (words.length < 3 || !Number.isSafeInteger(count) || count < 0) {
          fail(
            `element '${words[1] ?? ''}' needs a non-negative integer count, got '${words[2] ?? ''}'`,
            line,
          );
        }
        elements.push({ name: words[1], count, properties: [], line });
        break;
      }
      case 'property': {
        const element = elements.at(-1);
        if (!element) fail('property declared before any element', line);
        if (words[1] === 'list') {
          if (words.length < 5)
            fail("list property needs 'property list <count type> <item type> <name>'", line);
          element!.properties.push({
            name: words[4],
            type: scalarType(file, words[3], line),
            countType: scalarType(file, words[2], line),
          });
        } else {
          if (words.length < 3) fail("property needs 'property <type> <name>'", line);
          element!.properties.push({ name: words[2], type: scalarType(file, words[1], line) });
        }
        break;
      }
      case 'end_header':
        if (!encoding) fail("header has no 'format' line", line);
        return {
          encoding: encoding!,
          version,
          elements,
          comments,
          objInfo,
          bodyOffset: position,
          lineCount: line,
        };
      default:
        fail(`unknown header keyword '${keyword}' (is 'end_header' missing?)`, line);
    }
  }
}
