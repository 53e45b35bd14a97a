/**
 * Reading one array's values (binary big-endian or ASCII) and the optional METADATA block that
 * may follow it (component names, information keys; see VTK's IOLegacyInformationFormat).
 */
import { StringArray } from '../../data/attributes.js';
import { allocateTypedArray, bytesPerElement, DataArray, type TypedArray } from '../../data/data-array.js';
import { decodeTypedArray } from '../common/binary.js';
import { asciiTargetFor, readAsciiValues } from './ascii-values.js';
import { type LegacyValueType, legacyValueType } from './data-types.js';
import { decodeName } from './names.js';
import type { LegacyScanner } from './scanner.js';

export type LegacyArray = DataArray | StringArray;

/** Reads a type name token and resolves it; an unknown name is a ReadError at that token. */
export function readValueType(scanner: LegacyScanner, what: string): LegacyValueType {
  const word = scanner.expectWord(`the data type of ${what}`);
  const type = legacyValueType(word);
  if (!type) throw scanner.errorAtToken(`${what}: unknown data type '${word}'`);
  return type;
}

export interface ArrayLayout {
  name: string;
  tuples: number;
  components: number;
  /** Description for error messages, e.g. "POINT_DATA VECTORS 'velocity'". */
  what: string;
}

/** Reads the values of an array whose header line has just been read, then any METADATA. */
export function readLegacyArray(
  scanner: LegacyScanner,
  binary: boolean,
  type: LegacyValueType,
  layout: ArrayLayout,
): LegacyArray {
  const { name, tuples, components, what } = layout;
  if (!Number.isSafeInteger(components) || components < 1) {
    throw scanner.errorAtToken(`${what}: invalid number of components ${components}`);
  }
  const count = tuples * components;
  if (!Number.isSafeInteger(count)) throw scanner.errorAtToken(`${what}: ${tuples} tuples is too many`);
  let array: LegacyArray;
  if (type.kind === 'string') {
    if (components !== 1) throw scanner.errorAtToken(`${what}: string arrays must have one component`);
    array = new StringArray(
      name,
      binary ? readBinaryStrings(scanner, count, what) : readAsciiStrings(scanner, count, what),
    );
  } else {
    const values = binary
      ? readBinaryValues(scanner, type, count, what)
      : readAsciiArray(scanner, type, count, what);
    array = new DataArray({ name, values, numberOfComponents: components });
  }
  readArrayMetadata(scanner, array, components, what);
  return array;
}

/** Reads `count` values of a numeric type without a surrounding array (cells, cell types). */
export function readValues(
  scanner: LegacyScanner,
  binary: boolean,
  type: LegacyValueType & { kind: 'numeric' },
  count: number,
  what: string,
): TypedArray {
  return binary ? readBinaryValues(scanner, type, count, what) : readAsciiArray(scanner, type, count, what);
}

function readAsciiArray(
  scanner: LegacyScanner,
  type: LegacyValueType & { kind: 'numeric' },
  count: number,
  what: string,
): TypedArray {
  scanner.requireAsciiValues(count, what);
  const values = allocateTypedArray(type.dataType, count);
  const mode = asciiTargetFor(type.dataType, type.layout === 'bits');
  readAsciiValues(scanner, values, count, what, mode, type.dataType);
  return values;
}

function readBinaryValues(
  scanner: LegacyScanner,
  type: LegacyValueType & { kind: 'numeric' },
  count: number,
  what: string,
): TypedArray {
  // VTK reads nothing (not even the rest of the header line) for an empty array.
  if (count === 0) return allocateTypedArray(type.dataType, 0);
  scanner.skipToNextLine();
  const bytes = scanner.bytes;
  if (type.layout === 'bits') {
    const start = scanner.takeBytes(Math.ceil(count / 8), what);
    const values = new Uint8Array(count);
    for (let i = 0; i < count; i++) values[i] = (bytes[start + (i >> 3)] >> (7 - (i & 7))) & 1;
    return values;
  }
  if (type.layout === 'int32') {
    const start = scanner.takeBytes(count * 4, what);
    const ints = decodeTypedArray(bytes, start, 'Int32', count, false) as Int32Array;
    const values = new BigInt64Array(count);
    for (let i = 0; i < count; i++) values[i] = BigInt(ints[i]);
    return values;
  }
  const start = scanner.takeBytes(count * bytesPerElement(type.dataType), what);
  return decodeTypedArray(bytes, start, type.dataType, count, false);
}

const utf8 = new TextDecoder('utf-8');

/**
 * Binary strings: each starts with a big-endian length whose top two bits give the header size
 * (11: 1 byte, 10: 2 bytes, 01: 4 bytes, 00: 8 bytes), as vtkDataWriter writes them.
 */
function readBinaryStrings(scanner: LegacyScanner, count: number, what: string): string[] {
  if (count === 0) return [];
  scanner.skipToNextLine();
  // Every string takes at least its one-byte header.
  if (count > scanner.remaining) {
    throw scanner.error(`${what} declares ${count} strings but only ${scanner.remaining} bytes remain`);
  }
  const b = scanner.bytes;
  const values: string[] = [];
  for (let i = 0; i < count; i++) {
    const kind = b[scanner.position] >> 6;
    const headerSize = kind === 3 ? 1 : kind === 2 ? 2 : kind === 1 ? 4 : 8;
    const at = scanner.takeBytes(headerSize, `${what} string ${i} header`);
    let length = b[at] & 0x3f;
    for (let k = 1; k < headerSize; k++) length = length * 256 + b[at + k];
    const start = scanner.takeBytes(length, `${what} string ${i}`);
    values.push(utf8.decode(b.subarray(start, start + length)));
  }
  return values;
}

/** ASCII strings: the rest of the header line, then one %-escaped value per line. */
function readAsciiStrings(scanner: LegacyScanner, count: number, what: string): string[] {
  if (count > scanner.remaining) {
    throw scanner.error(`${what} declares ${count} strings but only ${scanner.remaining} bytes remain`);
  }
  scanner.readLine();
  const values: string[] = [];
  for (let i = 0; i < count; i++) {
    const line = scanner.readLine();
    if (line === undefined) throw scanner.error(`${what}: the file ends after ${i} of ${count} strings`);
    values.push(decodeName(line));
  }
  return values;
}

/**
 * An array may be followed by a METADATA block, ended by an empty line. Component names are
 * kept (on `array`, when given); information keys have no place in the data model and are skipped.
 */
export function readArrayMetadata(
  scanner: LegacyScanner,
  array: LegacyArray | undefined,
  components: number,
  what: string,
): void {
  if (!scanner.atKeyword('METADATA')) return;
  scanner.nextWord();
  scanner.readLine();
  for (;;) {
    const line = scanner.readLine();
    if (line === undefined || line.trim() === '') return;
    const [keyword, count] = line.trim().split(/\s+/);
    switch (keyword.toLowerCase()) {
      case 'component_names': {
        const names: string[] = [];
        for (let c = 0; c < components; c++) {
          const name = scanner.readLine();
          if (name === undefined) throw scanner.error(`${what}: the file ends inside its component names`);
          names.push(decodeName(name.trim()));
        }
        if (array instanceof DataArray) array.componentNames = names;
        break;
      }
      case 'information':
        skipInformation(scanner, Number(count) || 0, what);
        break;
      default:
        // VTK ignores lines it does not understand here; so do we.
        break;
    }
  }
}

/**
 * Skips `keys` information entries: a "NAME n LOCATION l" line, then "DATA …" on one line, except
 * string vectors ("DATA k" followed by k lines). Escaped strings never hold spaces, so a line
 * starting with "NAME " is always the next key.
 */
function skipInformation(scanner: LegacyScanner, keys: number, what: string): void {
  for (let k = 0; k < keys; k++) {
    let line = scanner.readLine();
    while (line !== undefined && line.trim() === '') line = scanner.readLine();
    if (line === undefined) throw scanner.error(`${what}: the file ends inside an INFORMATION block`);
    if (!line.startsWith('NAME ')) continue;
    const data = scanner.readLine();
    if (data === undefined) throw scanner.error(`${what}: the file ends inside an INFORMATION block`);
    const tokens = data.trim().split(/\s+/);
    if (tokens.length !== 2 || !/^\d+$/.test(tokens[1])) continue;
    const before = scanner.snapshot();
    const next = scanner.readLine();
    scanner.rewind(before);
    const endsHere = next === undefined || next.startsWith('NAME ') || (next.trim() === '' && k === keys - 1);
    if (endsHere) continue;
    for (let i = 0; i < Number(tokens[1]); i++) {
      if (scanner.readLine() === undefined)
        throw scanner.error(`${what}: the file ends inside an INFORMATION block`);
    }
  }
}
