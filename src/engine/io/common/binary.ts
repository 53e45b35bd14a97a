/**
 * Decoding raw numeric blocks into typed arrays: alignment, byte order, and checks of declared
 * sizes against the bytes actually present (never allocate from an untrusted size).
 */
import { ReadError } from '../../../errors.js';
import {
  allocateTypedArray,
  bytesPerElement,
  type DataType,
  type TypedArray,
} from '../../data/data-array.js';

const littleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Reverses the byte order of every element of `bytes` in place. */
export function swapBytes(bytes: Uint8Array, elementSize: number): void {
  if (elementSize === 1) return;
  const b = bytes;
  for (let i = 0; i + elementSize <= b.length; i += elementSize) {
    for (let lo = i, hi = i + elementSize - 1; lo < hi; lo++, hi--) {
      const t = b[lo];
      b[lo] = b[hi];
      b[hi] = t;
    }
  }
}

/**
 * Copies `count` elements of `type` from `bytes` (starting at byte `offset`) into a new, aligned
 * typed array, converting from the given byte order. The caller must have checked that the bytes
 * exist (see `requireBytes`).
 */
export function decodeTypedArray(
  bytes: Uint8Array,
  offset: number,
  type: DataType,
  count: number,
  littleEndian: boolean,
  shared = false,
): TypedArray {
  const size = bytesPerElement(type);
  const out = allocateTypedArray(type, count, shared);
  const target = new Uint8Array(out.buffer, out.byteOffset, count * size);
  target.set(bytes.subarray(offset, offset + count * size));
  if (littleEndian !== littleEndianHost) swapBytes(target, size);
  return out;
}

/** Encodes a typed array's bytes in the requested byte order (a view when no swap is needed). */
export function encodeTypedArray(values: TypedArray, littleEndian: boolean): Uint8Array {
  const view = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  if (littleEndian === littleEndianHost) return view;
  const copy = new Uint8Array(view);
  swapBytes(copy, values.BYTES_PER_ELEMENT);
  return copy;
}

/**
 * Throws a ReadError unless `needed` bytes are available at `offset` of a block of `available`
 * bytes. Use before allocating anything sized from file contents.
 */
export function requireBytes(
  file: string,
  format: string,
  what: string,
  offset: number,
  needed: number,
  available: number,
): void {
  if (!Number.isFinite(needed) || needed < 0) {
    throw new ReadError(file, format, `${what}: invalid size ${needed}`, { offset });
  }
  if (offset + needed > available) {
    throw new ReadError(
      file,
      format,
      `${what}: needs ${needed} bytes but only ${Math.max(0, available - offset)} remain (file truncated or count wrong)`,
      { offset },
    );
  }
}
