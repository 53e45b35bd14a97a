/**
 * Destinations for decoded array bytes. Decoders ask a sink for a region, fill it (file read,
 * base64 decode, block decompression) and commit it, so bytes land in their final memory:
 *
 * - `DirectSink` is the memory of the output typed array itself (byte order fixed at the end);
 * - `IndexSink` converts ids of any integer file type (Int64 mostly) window by window into an
 *   `IndexArray` (Int32Array, upgraded to Float64Array only when a value needs it), so an Int64
 *   connectivity never exists in memory at its full size.
 */

import type { IndexArray } from '../../data/cell-array.js';
import { bytesPerElement, type DataType } from '../../data/data-array.js';
import { swapBytes } from '../common/binary.js';

export interface ByteSink {
  /** Bytes the sink expects in all. */
  readonly byteLength: number;
  /** Bytes committed so far. */
  readonly written: number;
  /** A region for the next bytes, at most `max` long (shorter near the end or the window's edge). */
  reserve(max: number): Uint8Array;
  /** Marks the first `count` bytes of the last reserved region as filled. */
  commit(count: number): void;
}

export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Writes straight into `target` (the bytes of the output array). */
export class DirectSink implements ByteSink {
  readonly byteLength: number;
  #written = 0;

  constructor(
    readonly target: Uint8Array,
    /** Size of one element, for the byte-order fix in `finish`. */
    readonly elementSize: number,
    /** Whether the file's byte order differs from the host's. */
    readonly swap: boolean,
  ) {
    this.byteLength = target.byteLength;
  }

  get written(): number {
    return this.#written;
  }

  reserve(max: number): Uint8Array {
    const length = Math.min(max, this.byteLength - this.#written);
    return this.target.subarray(this.#written, this.#written + length);
  }

  commit(count: number): void {
    this.#written += count;
  }

  /** Fixes the byte order once everything is in place. */
  finish(): void {
    if (this.swap) swapBytes(this.target, this.elementSize);
  }
}

const WINDOW_BYTES = 1 << 20;
const TWO_32 = 4294967296;

/** Raised for an id that cannot be represented exactly (beyond 2^53). */
export class IndexRangeError extends Error {
  constructor(readonly index: number) {
    super(`value at index ${index} is beyond 2^53 and cannot be an id`);
  }
}

/** Converts integer ids of `fileType` into an IndexArray of `count` entries (plus a leading 0). */
export class IndexSink implements ByteSink {
  readonly byteLength: number;
  readonly #fileType: DataType;
  readonly #size: number;
  readonly #swap: boolean;
  readonly #scratch: ArrayBuffer;
  readonly #scratchBytes: Uint8Array;
  readonly #lead: number;
  #output: IndexArray;
  /** Next output index to write. */
  #next: number;
  #filled = 0;
  #written = 0;
  readonly #range = new Float64Array([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);

  /** Ids in [0, limit) take the fast path; limit is at most 2^31. */
  readonly #limit: number;

  constructor(fileType: DataType, count: number, leadingZero: boolean, swap: boolean, limit = 0x80000000) {
    this.#limit = Math.min(limit, 0x80000000);
    this.#fileType = fileType;
    this.#size = bytesPerElement(fileType);
    this.#swap = swap;
    this.byteLength = count * this.#size;
    this.#lead = leadingZero ? 1 : 0;
    this.#output = new Int32Array(count + this.#lead);
    this.#next = this.#lead;
    this.#scratch = new ArrayBuffer(WINDOW_BYTES);
    this.#scratchBytes = new Uint8Array(this.#scratch);
  }

  get written(): number {
    return this.#written;
  }

  reserve(max: number): Uint8Array {
    const room = WINDOW_BYTES - this.#filled;
    const length = Math.min(max, room, this.byteLength - this.#written);
    return this.#scratchBytes.subarray(this.#filled, this.#filled + length);
  }

  commit(count: number): void {
    this.#filled += count;
    this.#written += count;
    const whole = this.#filled - (this.#filled % this.#size);
    if (whole === 0) return;
    const bytes = this.#scratchBytes.subarray(0, whole);
    if (this.#swap) swapBytes(bytes, this.#size);
    this.#convert(this.#scratch, 0, whole / this.#size);
    this.#scratchBytes.copyWithin(0, whole, this.#filled);
    this.#filled -= whole;
  }

  /**
   * Converts whole elements straight from `bytes` (which the sink may byte-swap in place and
   * which must start on an element boundary), bypassing the window: lets a caller read the next
   * window while this one converts. Not to be mixed with a partly filled window.
   */
  consume(bytes: Uint8Array): void {
    if (this.#filled !== 0 || bytes.byteLength % this.#size !== 0 || bytes.byteOffset % this.#size !== 0) {
      throw new Error('IndexSink.consume needs whole, aligned elements');
    }
    if (this.#swap) swapBytes(bytes, this.#size);
    this.#convert(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength / this.#size);
    this.#written += bytes.byteLength;
  }

  #upgrade(): Float64Array {
    const wide = new Float64Array(this.#output.length);
    wide.set(this.#output.subarray(0, this.#next));
    this.#output = wide;
    return wide;
  }

  #convert(scratch: ArrayBuffer, byteOffset: number, n: number): void {
    const range = this.#range;
    let out = this.#output;
    let at = this.#next;
    switch (this.#fileType) {
      case 'Int64':
      case 'UInt64': {
        const words = new Int32Array(scratch, byteOffset, 2 * n);
        const unsigned = this.#fileType === 'UInt64';
        let i = 0;
        if (out instanceof Int32Array && HOST_LITTLE_ENDIAN) {
          // The common case, kept in its own monomorphic loop: ids already known to be valid.
          i = narrowInt64(words, n, out, at, this.#limit);
          at += i;
        }
        const loIndex = HOST_LITTLE_ENDIAN ? 0 : 1;
        const hiIndex = 1 - loIndex;
        for (; i < n; i++) {
          const lo = words[2 * i + loIndex];
          const hi = words[2 * i + hiIndex];
          let value: number;
          if (hi === lo >> 31 && !(unsigned && hi < 0)) {
            value = lo;
          } else {
            // Needs more than 32 bits: exact in a double up to 2^53.
            const high = unsigned ? hi >>> 0 : hi;
            if (high >= 0x200000 || high < -0x200000) throw new IndexRangeError(at - this.#lead);
            value = high * TWO_32 + (lo >>> 0);
            if (out instanceof Int32Array) out = this.#upgrade();
          }
          out[at++] = value;
          if (value < range[0]) range[0] = value;
          if (value > range[1]) range[1] = value;
        }
        break;
      }
      case 'UInt32': {
        const values = new Uint32Array(scratch, byteOffset, n);
        for (let i = 0; i < n; i++) {
          const v = values[i];
          if (v > 0x7fffffff && out instanceof Int32Array) out = this.#upgrade();
          out[at++] = v;
          if (v < range[0]) range[0] = v;
          if (v > range[1]) range[1] = v;
        }
        break;
      }
      default: {
        const Narrow = NARROW_TYPES[this.#fileType as NarrowType];
        const values = new Narrow(scratch, byteOffset, n);
        out.set(values, at);
        at += n;
        for (let i = 0; i < n; i++) {
          if (values[i] < range[0]) range[0] = values[i];
          if (values[i] > range[1]) range[1] = values[i];
        }
      }
    }
    this.#output = out;
    this.#next = at;
  }

  /**
   * [min, max] of the ids that were not already proven to lie in [0, limit) while converting
   * ([Infinity, -Infinity] when there were none): together with the limit, all a caller needs
   * to validate the ids without another pass.
   */
  get uncheckedRange(): [number, number] {
    return [this.#range[0], this.#range[1]];
  }

  /** The ids (after every byte was committed). */
  finish(): IndexArray {
    return this.#output;
  }
}

type NarrowType = 'Int8' | 'UInt8' | 'Int16' | 'UInt16' | 'Int32';
const NARROW_TYPES = {
  Int8: Int8Array,
  UInt8: Uint8Array,
  Int16: Int16Array,
  UInt16: Uint16Array,
  Int32: Int32Array,
} as const;

/**
 * Copies little-endian Int64 ids in [0, limit) into `out` from `at` (limit ≤ 2^31, so they fit
 * an Int32Array); stops at the first id outside and returns how many it copied. One unsigned
 * comparison and a high-word test per id: cheaper than tracking a range, and enough to prove
 * the ids valid.
 */
function narrowInt64(words: Int32Array, n: number, out: Int32Array, at: number, limit: number): number {
  let i = 0;
  for (; i < n; i++) {
    const lo = words[2 * i];
    if (words[2 * i + 1] !== 0 || lo >>> 0 >= limit) break;
    out[at + i] = lo;
  }
  return i;
}

/** Integer types an id array may be stored as. */
export function isIntegerType(type: DataType): boolean {
  return type !== 'Float32' && type !== 'Float64';
}
