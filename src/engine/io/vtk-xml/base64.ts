/**
 * Streaming base64 decoding from bytes into caller-provided memory.
 *
 * VTK's own writer encodes an array's header and its data as two base64 streams written one
 * after the other (so padding `=` can appear in the middle), while other writers encode them as
 * one stream; a padded group here simply ends that stream and decoding continues, which reads
 * both. Node's `Buffer.from(…, 'base64')` stops at the first `=` and skips invalid characters
 * silently, so it can do neither.
 */

const INVALID = -1;
const SPACE = -2;
const PAD = -3;

const TABLE = (() => {
  const table = new Int8Array(256).fill(INVALID);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  for (const c of [0x20, 0x09, 0x0a, 0x0d]) table[c] = SPACE;
  table[0x3d] = PAD;
  return table;
})();

/** Raised through the `fail` callback: what went wrong and the index in the source bytes. */
export type Base64Failure = (detail: string, index: number) => never;

export class Base64Reader {
  readonly #bytes: Uint8Array;
  readonly #end: number;
  readonly #fail: Base64Failure;
  #position: number;
  /** Decoded bytes of the last group that did not fit the previous target. */
  #pending: number[] = [];

  /** Decodes `bytes[start, end)`; `fail` reports bad characters and truncation. */
  constructor(bytes: Uint8Array, start: number, end: number, fail: Base64Failure) {
    this.#bytes = bytes;
    this.#position = start;
    this.#end = end;
    this.#fail = fail;
  }

  /** Index in the source bytes of the next character to decode. */
  get position(): number {
    return this.#position;
  }

  /** An upper bound of the bytes still decodable (whitespace and padding make it loose). */
  get available(): number {
    return Math.floor(((this.#end - this.#position) * 3) / 4) + this.#pending.length;
  }

  /** Decodes exactly `target.length` bytes into `target`. */
  decodeInto(target: Uint8Array): void {
    const length = target.length;
    let out = 0;
    while (out < length && this.#pending.length > 0) target[out++] = this.#pending.shift()!;
    const bytes = this.#bytes;
    const end = this.#end;
    let p = this.#position;
    while (out < length) {
      if (p + 4 <= end && out + 3 <= length) {
        const a = TABLE[bytes[p]];
        const b = TABLE[bytes[p + 1]];
        const c = TABLE[bytes[p + 2]];
        const d = TABLE[bytes[p + 3]];
        if ((a | b | c | d) >= 0) {
          const v = (a << 18) | (b << 12) | (c << 6) | d;
          target[out] = v >>> 16;
          target[out + 1] = (v >>> 8) & 0xff;
          target[out + 2] = v & 0xff;
          out += 3;
          p += 4;
          continue;
        }
      }
      // Slow path: one group, character by character (whitespace, padding, the final group).
      let v = 0;
      let k = 0;
      while (k < 4) {
        if (p >= end) break;
        const t = TABLE[bytes[p]];
        if (t >= 0) {
          v = (v << 6) | t;
          k++;
          p++;
        } else if (t === SPACE) {
          p++;
        } else if (t === PAD) {
          break;
        } else {
          this.#fail(`invalid base64 character 0x${bytes[p].toString(16).padStart(2, '0')}`, p);
        }
      }
      if (k === 0) {
        if (p >= end) this.#fail(`base64 data ends ${length - out} bytes early`, p);
        // Padding with no group before it: the end of one stream; the next one follows.
        while (p < end && (TABLE[bytes[p]] === PAD || TABLE[bytes[p]] === SPACE)) p++;
        continue;
      }
      if (k === 1) this.#fail('base64 group with a single character', p);
      if (k < 4) {
        v <<= 6 * (4 - k);
        while (p < end && (TABLE[bytes[p]] === PAD || TABLE[bytes[p]] === SPACE)) p++;
      }
      const produced = k - 1;
      for (let i = 0; i < produced; i++) {
        const value = (v >>> (16 - 8 * i)) & 0xff;
        if (out < length) target[out++] = value;
        else this.#pending.push(value);
      }
    }
    this.#position = p;
  }

  /** Decodes `length` bytes into a new array (for headers and compressed blocks). */
  decode(length: number): Uint8Array {
    const out = new Uint8Array(length);
    this.decodeInto(out);
    return out;
  }
}
