/**
 * LZ4 *block* decoding (the format of vtkLZ4DataCompressor blocks), bounds-checked.
 *
 * Written here rather than taken from lz4js because lz4js's decompressBlock checks nothing
 * (a corrupt block silently writes past the end, reads before the start, or yields zeros) and
 * ships no types; this one throws on every inconsistency and uses native copies for long runs.
 */

/** Thrown for a malformed block; the caller turns it into a ReadError with the file offset. */
export class Lz4FormatError extends Error {
  constructor(
    message: string,
    /** Index in the compressed block where the problem was found. */
    readonly index: number,
  ) {
    super(message);
  }
}

/**
 * Decodes one LZ4 block `source` into `target`, which must be exactly the block's uncompressed
 * size; returns the bytes written (always `target.length`).
 */
export function decodeLz4Block(source: Uint8Array, target: Uint8Array): number {
  const sourceEnd = source.length;
  const targetEnd = target.length;
  let s = 0;
  let d = 0;
  for (;;) {
    if (s >= sourceEnd) throw new Lz4FormatError('block ends before its last literals', s);
    const token = source[s++];
    let literals = token >>> 4;
    if (literals === 15) {
      let extra: number;
      do {
        if (s >= sourceEnd) throw new Lz4FormatError('block ends inside a literal length', s);
        extra = source[s++];
        literals += extra;
      } while (extra === 255);
    }
    if (s + literals > sourceEnd) throw new Lz4FormatError('literals run past the end of the block', s);
    if (d + literals > targetEnd) {
      throw new Lz4FormatError('literals overflow the declared uncompressed size', s);
    }
    if (literals > 16) {
      target.set(source.subarray(s, s + literals), d);
      s += literals;
      d += literals;
    } else {
      for (let i = 0; i < literals; i++) target[d++] = source[s++];
    }
    if (s === sourceEnd) break;

    if (s + 2 > sourceEnd) throw new Lz4FormatError('block ends inside a match offset', s);
    const offset = source[s] | (source[s + 1] << 8);
    s += 2;
    if (offset === 0 || offset > d) throw new Lz4FormatError(`invalid match offset ${offset}`, s - 2);
    let length = token & 15;
    if (length === 15) {
      let extra: number;
      do {
        if (s >= sourceEnd) throw new Lz4FormatError('block ends inside a match length', s);
        extra = source[s++];
        length += extra;
      } while (extra === 255);
    }
    length += 4;
    if (d + length > targetEnd) throw new Lz4FormatError('match overflows the declared uncompressed size', s);
    let from = d - offset;
    if (offset >= length && length > 16) {
      target.copyWithin(d, from, from + length);
      d += length;
    } else {
      // Overlapping matches repeat the last `offset` bytes, so they must be copied forwards.
      for (let i = 0; i < length; i++) target[d++] = target[from++];
    }
  }
  if (d !== targetEnd) {
    throw new Lz4FormatError(`block decodes to ${d} bytes, ${targetEnd} expected`, sourceEnd);
  }
  return d;
}
