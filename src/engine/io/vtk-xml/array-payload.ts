/**
 * What the writer puts in one `<DataArray>`: numbers in their own type, ids (always written as
 * Int64, as VTK ≥ 9 does), or strings. Each payload yields its bytes (little endian) or its
 * ascii text in bounded chunks, so writing never needs a second copy of a whole array.
 */
import type { IndexArray } from '../../data/cell-array.js';
import { type DataType, dataTypeOf, type TypedArray } from '../../data/data-array.js';
import { encodeTypedArray } from '../common/binary.js';
import type { ArrayValueType } from './data-array-header.js';

export type ArrayPayload =
  | { kind: 'values'; values: TypedArray }
  /** Ids from index `from` on (offsets skip the data model's leading 0). */
  | { kind: 'ids'; values: IndexArray; from: number }
  | { kind: 'strings'; values: readonly string[] };

const CHUNK_BYTES = 1 << 20;
const VIEW_BYTES = 64 << 20;
const TWO_32 = 4294967296;
const utf8 = new TextEncoder();

export function payloadType(payload: ArrayPayload): ArrayValueType {
  switch (payload.kind) {
    case 'values':
      return dataTypeOf(payload.values);
    case 'ids':
      return 'Int64' satisfies DataType;
    case 'strings':
      return 'String';
  }
}

function encodedStrings(values: readonly string[]): Uint8Array[] {
  return values.map((s) => utf8.encode(s));
}

/** Bytes of the payload in binary form. */
export function payloadByteLength(payload: ArrayPayload): number {
  switch (payload.kind) {
    case 'values':
      return payload.values.byteLength;
    case 'ids':
      return 8 * (payload.values.length - payload.from);
    case 'strings':
      return encodedStrings(payload.values).reduce((sum, b) => sum + b.byteLength + 1, 0);
  }
}

/**
 * The payload's binary bytes in order. A yielded chunk may be reused after the consumer asks
 * for the next one, so consumers copy or write it before continuing.
 */
export function* payloadChunks(payload: ArrayPayload): Generator<Uint8Array> {
  switch (payload.kind) {
    case 'values': {
      const bytes = encodeTypedArray(payload.values, true);
      for (let at = 0; at < bytes.byteLength; at += VIEW_BYTES) {
        yield bytes.subarray(at, Math.min(bytes.byteLength, at + VIEW_BYTES));
      }
      return;
    }
    case 'ids': {
      const scratch = new Int32Array(CHUNK_BYTES / 4);
      const bytes = new Uint8Array(scratch.buffer);
      const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
      const ids = payload.values;
      const perChunk = CHUNK_BYTES / 8;
      for (let start = payload.from; start < ids.length; start += perChunk) {
        const end = Math.min(ids.length, start + perChunk);
        for (let i = start, w = 0; i < end; i++, w += 2) {
          const v = ids[i];
          const hi = Math.floor(v / TWO_32);
          const lo = v - hi * TWO_32;
          scratch[w] = littleEndian ? lo : hi;
          scratch[w + 1] = littleEndian ? hi : lo;
        }
        const chunk = bytes.subarray(0, (end - start) * 8);
        if (!littleEndian) yield encodeTypedArray(new BigInt64Array(chunk.buffer, 0, end - start), true);
        else yield chunk;
      }
      return;
    }
    case 'strings': {
      for (const encoded of encodedStrings(payload.values)) {
        yield encoded;
        yield new Uint8Array(1);
      }
      return;
    }
  }
}

/** Shortest decimal text that reads back as exactly the same float32. */
function float32Text(v: number): string {
  for (let precision = 1; precision < 10; precision++) {
    const candidate = Number(v.toPrecision(precision));
    if (Math.fround(candidate) === v) return String(candidate);
  }
  return String(v);
}

function numberText(v: number, float32: boolean): string {
  if (Number.isNaN(v)) return 'nan';
  if (v === Number.POSITIVE_INFINITY) return 'inf';
  if (v === Number.NEGATIVE_INFINITY) return '-inf';
  if (Object.is(v, -0)) return '-0';
  return float32 ? float32Text(v) : String(v);
}

const VALUES_PER_LINE = 6;
const VALUES_PER_CHUNK = 60000;

/** The payload as ascii lines (VTK's format="ascii"), a chunk of lines at a time. */
export function* payloadText(payload: ArrayPayload, indent: string): Generator<string> {
  let values: ArrayLike<number | bigint>;
  let from = 0;
  let float32 = false;
  if (payload.kind === 'strings') {
    // vtkStringArray in ascii: the UTF-8 bytes of each string as integers, each string ended by 0.
    const bytes: number[] = [];
    for (const encoded of encodedStrings(payload.values)) {
      for (const b of encoded) bytes.push(b);
      bytes.push(0);
    }
    values = bytes;
  } else {
    values = payload.values;
    if (payload.kind === 'ids') from = payload.from;
    else float32 = payload.values instanceof Float32Array;
  }
  for (let start = from; start < values.length; start += VALUES_PER_CHUNK) {
    const end = Math.min(values.length, start + VALUES_PER_CHUNK);
    const lines: string[] = [];
    for (let line = start; line < end; line += VALUES_PER_LINE) {
      const parts: string[] = [];
      for (let i = line; i < Math.min(end, line + VALUES_PER_LINE); i++) {
        const v = values[i];
        parts.push(typeof v === 'bigint' ? v.toString() : numberText(v, float32));
      }
      lines.push(indent + parts.join(' '));
    }
    yield `${lines.join('\n')}\n`;
  }
}
