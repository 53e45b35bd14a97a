/**
 * Writing array values: big-endian binary blocks (encoded a slice at a time) or ASCII lines in
 * round-trip-exact number text, plus string arrays and the METADATA block for component names.
 * Every block ends with a newline, as vtkDataWriter does.
 */
import { throwIfAborted } from '../../../errors.js';
import type { StringArray } from '../../data/attributes.js';
import type { IndexArray } from '../../data/cell-array.js';
import type { DataArray, TypedArray } from '../../data/data-array.js';
import { encodeTypedArray } from '../common/binary.js';
import type { FileSink } from './file-sink.js';
import { encodeName } from './names.js';
import { formatFloat32, formatFloat64 } from './number-format.js';

/** Values encoded or formatted per step: bounds memory and lets cancellation in between. */
const SLICE = 1 << 16;

export interface ValueOutput {
  sink: FileSink;
  binary: boolean;
  signal?: AbortSignal;
}

function formatterFor(values: TypedArray): (value: number | bigint) => string {
  if (values instanceof Float32Array) return (value) => formatFloat32(value as number);
  if (values instanceof Float64Array) return (value) => formatFloat64(value as number);
  return String;
}

/** Writes `values` (any typed array) as one block; `perLine` values per ASCII line. */
export async function writeValues(output: ValueOutput, values: TypedArray, perLine: number): Promise<void> {
  const { sink, binary } = output;
  // Whole lines per slice, so no line is split between two slices.
  const slice = Math.max(1, Math.floor(SLICE / perLine)) * perLine;
  const format = formatterFor(values);
  for (let start = 0; start < values.length; start += slice) {
    throwIfAborted(output.signal, 'writing a legacy VTK file');
    const end = Math.min(values.length, start + slice);
    if (binary) {
      const part = values.subarray(start, end);
      const encoded = encodeTypedArray(part, false);
      // A swapped copy is ours; an unswapped view still belongs to the caller's array.
      await sink.bytes(encoded, encoded.buffer !== part.buffer);
      continue;
    }
    const lines: string[] = [];
    for (let i = start; i < end; i += perLine) {
      const parts: string[] = [];
      for (let k = i; k < Math.min(end, i + perLine); k++) parts.push(format(values[k]));
      lines.push(parts.join(' '));
    }
    await sink.text(`${lines.join('\n')}\n`);
  }
  if (binary && values.length > 0) await sink.text('\n');
}

/** Writes point ids or offsets as vtktypeint64 values. */
export async function writeInt64Values(output: ValueOutput, values: IndexArray): Promise<void> {
  const { sink, binary } = output;
  for (let start = 0; start < values.length; start += SLICE) {
    throwIfAborted(output.signal, 'writing a legacy VTK file');
    const end = Math.min(values.length, start + SLICE);
    if (binary) {
      const bytes = new Uint8Array((end - start) * 8);
      const view = new DataView(bytes.buffer);
      for (let i = start; i < end; i++) {
        const v = values[i];
        const high = Math.floor(v / 2 ** 32);
        view.setInt32((i - start) * 8, high, false);
        view.setUint32((i - start) * 8 + 4, v - high * 2 ** 32, false);
      }
      await sink.bytes(bytes, true);
      continue;
    }
    const lines: string[] = [];
    for (let i = start; i < end; i += 9)
      lines.push(Array.from(values.subarray(i, Math.min(end, i + 9))).join(' '));
    await sink.text(`${lines.join('\n')}\n`);
  }
  if (binary && values.length > 0) await sink.text('\n');
}

/** ASCII values per line: whole tuples, about nine values, as VTK lays them out. */
export function valuesPerLine(components: number): number {
  return components >= 9 ? components : Math.floor(9 / components) * components;
}

/** Writes the values of a numeric array, then its component names as METADATA if it has any. */
export async function writeDataArrayValues(output: ValueOutput, array: DataArray): Promise<void> {
  await writeValues(output, array.values, valuesPerLine(array.numberOfComponents));
  const names = array.componentNames;
  if (names && names.length > 0) {
    const lines = ['METADATA', 'COMPONENT_NAMES'];
    for (let c = 0; c < array.numberOfComponents; c++) lines.push(encodeName(names[c] ?? ''));
    await output.sink.text(`${lines.join('\n')}\n\n`);
  }
}

const utf8 = new TextEncoder();

/**
 * Strings: ASCII files hold one %-escaped value per line; binary files a big-endian length whose
 * top two bits say its size (11: 1 byte, 10: 2, 01: 4, 00: 8), then the UTF-8 bytes.
 */
export async function writeStringValues(output: ValueOutput, array: StringArray): Promise<void> {
  const { sink, binary } = output;
  if (!binary) {
    if (array.values.length > 0) await sink.text(`${array.values.map(encodeName).join('\n')}\n`);
    return;
  }
  for (const value of array.values) {
    const bytes = utf8.encode(value);
    const n = bytes.length;
    let header: Uint8Array;
    if (n < 2 ** 6) header = Uint8Array.of(0xc0 | n);
    else if (n < 2 ** 14) header = Uint8Array.of(0x80 | (n >> 8), n & 0xff);
    else if (n < 2 ** 30)
      header = Uint8Array.of(0x40 | (n >>> 24), (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
    else {
      header = new Uint8Array(8);
      new DataView(header.buffer).setBigUint64(0, BigInt(n), false);
    }
    await sink.bytes(header, true);
    await sink.bytes(bytes, true);
  }
  if (array.values.length > 0) await sink.text('\n');
}
