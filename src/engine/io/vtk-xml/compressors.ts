/**
 * The block compressors VTK XML files name in `compressor="…"`. Each block of an array is
 * compressed on its own; these decode one block into its place in the output array.
 */
import { constants, deflateSync, Inflate, inflateSync } from 'node:zlib';
import lzma from '@napi-rs/lzma';
import { decodeLz4Block } from './lz4-block.js';

export type CompressorName = 'vtkZLibDataCompressor' | 'vtkLZ4DataCompressor' | 'vtkLZMADataCompressor';

export interface BlockDecompressor {
  readonly name: CompressorName;
  /**
   * Largest uncompressed/compressed ratio the format can reach: a header claiming more is
   * rejected before anything is allocated from it.
   */
  readonly maxRatio: number;
  /** Decompresses `block` into `target`, which must come out exactly full; throws otherwise. */
  decompressInto(block: Uint8Array, target: Uint8Array): void;
}

function lengthCheck(name: string, got: number, expected: number): void {
  if (got !== expected) throw new Error(`${name} block decodes to ${got} bytes, ${expected} expected`);
}

/** The members of a node:zlib engine that Node's own inflateSync drives (internal, so optional). */
interface ZlibEngineInternals {
  _handle?: {
    reset(): void;
    writeSync(
      flush: number,
      input: Uint8Array,
      inputOffset: number,
      inputLength: number,
      output: Uint8Array,
      outputOffset: number,
      outputLength: number,
    ): void;
  };
  /** [output bytes left, input bytes left] after the last writeSync. */
  _writeState?: Uint32Array;
  destroyed: boolean;
}

/**
 * Inflates a block straight into its place in the output array. The public API returns a new
 * Buffer per call, so inflating the ~6000 blocks of a 200 MB array that way costs an engine, an
 * allocation and a copy each (about a third more time, measured). Node's inflateSync itself
 * drives its engine's handle with writeSync(…, output, offset, length); this does the same with
 * one reused engine. Those members are internal, hence feature-detected: `undefined` means
 * "not available here, use the public API".
 */
function inflateInPlace(block: Uint8Array, target: Uint8Array): boolean | undefined {
  let engine = inPlaceEngine;
  if (!engine || engine.destroyed) {
    engine = new Inflate() as Inflate & ZlibEngineInternals;
    // A corrupt block destroys the engine and emits 'error' later; it is handled below instead.
    engine.on('error', () => undefined);
    if (typeof engine._handle?.writeSync !== 'function' || !(engine._writeState instanceof Uint32Array)) {
      return undefined;
    }
    inPlaceEngine = engine;
  }
  const handle = engine._handle!;
  handle.reset();
  handle.writeSync(constants.Z_FINISH, block, 0, block.byteLength, target, 0, target.byteLength);
  const [outputLeft, inputLeft] = engine._writeState!;
  return !engine.destroyed && outputLeft === 0 && inputLeft === 0;
}
let inPlaceEngine: (Inflate & ZlibEngineInternals) | undefined;

/** Whether blocks may inflate in place (tests turn it off to cover the public-API path). */
export const zlibOptions = { inPlace: true };

function inflateWithPublicApi(block: Uint8Array, target: Uint8Array): void {
  // One output chunk a byte larger than the block lets zlib finish in a single pass with no
  // concatenation; maxOutputLength stops a corrupt block from inflating without bound.
  const out = inflateSync(block, {
    chunkSize: Math.max(64, target.length + 1),
    maxOutputLength: Math.max(1, target.length + 1),
  });
  lengthCheck('zlib', out.length, target.length);
  target.set(out);
}

const zlibDecompressor: BlockDecompressor = {
  name: 'vtkZLibDataCompressor',
  // deflate's best case is 1032:1.
  maxRatio: 1032,
  decompressInto(block, target) {
    const done = zlibOptions.inPlace ? inflateInPlace(block, target) : undefined;
    if (done === true) return;
    // Not available, or the block is bad: the public API reports precisely what is wrong.
    inflateWithPublicApi(block, target);
  },
};

const lz4Decompressor: BlockDecompressor = {
  name: 'vtkLZ4DataCompressor',
  // Every 255-extension byte adds 255 bytes of output.
  maxRatio: 256,
  decompressInto(block, target) {
    decodeLz4Block(block, target);
  },
};

const lzmaDecompressor: BlockDecompressor = {
  name: 'vtkLZMADataCompressor',
  // xz reaches about 7000:1 on constant data; leave room.
  maxRatio: 1 << 15,
  decompressInto(block, target) {
    const out = lzma.xz.decompressSync(block);
    lengthCheck('xz', out.length, target.length);
    target.set(out);
  },
};

const decompressors: Record<CompressorName, BlockDecompressor> = {
  vtkZLibDataCompressor: zlibDecompressor,
  vtkLZ4DataCompressor: lz4Decompressor,
  vtkLZMADataCompressor: lzmaDecompressor,
};

/** The decompressor for a `compressor` attribute value, or undefined when VTK has no such one. */
export function decompressorFor(name: string): BlockDecompressor | undefined {
  return Object.hasOwn(decompressors, name) ? decompressors[name as CompressorName] : undefined;
}

/** VTK's default block size: 32 KiB of uncompressed data per block. */
export const DEFAULT_BLOCK_SIZE = 32768;

/** zlib level VTK uses by default (vtkZLibDataCompressor::CompressionLevel). */
export const ZLIB_LEVEL = 5;

export function deflateBlock(block: Uint8Array): Buffer {
  return deflateSync(block, { level: ZLIB_LEVEL });
}
