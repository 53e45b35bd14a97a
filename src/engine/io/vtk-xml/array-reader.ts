/**
 * Decoding one `<DataArray>` into memory, whatever its encoding: ascii text, inline base64,
 * appended raw or base64, each optionally block-compressed. Sizes read from the file are checked
 * against the bytes that exist before anything is allocated from them.
 *
 * Binary layout (VTK's vtkXMLDataParser): uncompressed, a header integer (UInt32 or UInt64,
 * file byte order) giving the byte count, then the bytes; compressed, the header
 * [nblocks, blockSize, lastBlockSize, compressedSize × nblocks] then the compressed blocks.
 */
import { ReadError, throwIfAborted } from '../../../errors.js';
import type { IndexArray } from '../../data/cell-array.js';
import {
  allocateTypedArray,
  bytesPerElement,
  type DataType,
  type TypedArray,
} from '../../data/data-array.js';
import type { FileSource } from '../common/file-source.js';
import { countAsciiTokens, parseAsciiValues } from './ascii-values.js';
import { type ByteSink, DirectSink, HOST_LITTLE_ENDIAN, IndexRangeError, IndexSink } from './byte-sink.js';
import { Base64ByteStream, type ByteStream, FileByteStream } from './byte-stream.js';
import { checkIds } from './cell-checks.js';
import type { BlockDecompressor } from './compressors.js';
import { type DataArrayHeader, elementError, VTK_XML_FORMAT } from './data-array-header.js';
import { lineAt, type XmlDocument, type XmlElement } from './xml-document.js';

export interface AppendedSection {
  /** File offset of the first appended byte (just after `_`). */
  start: number;
  encoding: 'raw' | 'base64';
  /** Sorted file offsets where appended arrays start; bounds each base64 array's text. */
  boundaries: number[];
}

/** What every array of one file shares. */
export interface ArrayContext {
  file: string;
  source: FileSource;
  doc: XmlDocument;
  littleEndian: boolean;
  /** Bytes per header integer: 4 (UInt32) or 8 (UInt64). */
  headerSize: 4 | 8;
  /** From the `compressor` attribute; undefined when the file is not compressed. */
  decompressor: BlockDecompressor | undefined;
  appended: AppendedSection | undefined;
  /** Checked between windows of large arrays. */
  signal?: AbortSignal | undefined;
}

/** Compressed bytes read from the file at once (whole blocks; a larger block is read alone). */
const COMPRESSED_WINDOW = 2 << 20;

function fail(ctx: ArrayContext, detail: string, offset: number): never {
  throw new ReadError(ctx.file, VTK_XML_FORMAT, detail, { offset });
}

function headerValues(ctx: ArrayContext, bytes: Uint8Array, at: number, what: string): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values: number[] = [];
  for (let i = 0; i < bytes.byteLength; i += ctx.headerSize) {
    if (ctx.headerSize === 4) {
      values.push(view.getUint32(i, ctx.littleEndian));
    } else {
      const big = view.getBigUint64(i, ctx.littleEndian);
      if (big > BigInt(Number.MAX_SAFE_INTEGER))
        fail(ctx, `${what}: header value ${big} is implausible`, at + i);
      values.push(Number(big));
    }
  }
  return values;
}

/**
 * Allocation that reports an out-of-memory RangeError as a ReadError. Sizes reaching here were
 * already checked against the bytes in the file; anything but RangeError propagates.
 */
function allocate<T>(ctx: ArrayContext, bytes: number, what: string, at: number, make: () => T): T {
  try {
    return make();
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new ReadError(
      ctx.file,
      VTK_XML_FORMAT,
      `${what}: cannot allocate ${bytes} bytes`,
      { offset: at },
      {
        cause: error,
      },
    );
  }
}

async function fillSink(stream: ByteStream, sink: ByteSink, what: string): Promise<void> {
  while (sink.written < sink.byteLength) {
    const region = sink.reserve(sink.byteLength - sink.written);
    await stream.readInto(region, what);
    sink.commit(region.byteLength);
  }
}

/**
 * Runs `reads` in order with one read ahead: read i + 1 is in flight (on the thread pool) while
 * `process` works on the result of read i on this thread.
 */
async function readAhead<T>(
  reads: (() => Promise<T>)[],
  process: (value: T, index: number) => void,
  signal: AbortSignal | undefined,
): Promise<void> {
  let pending = reads.length > 0 ? reads[0]() : undefined;
  for (let i = 0; i < reads.length; i++) {
    const value = await pending!;
    pending = i + 1 < reads.length ? reads[i + 1]() : undefined;
    try {
      throwIfAborted(signal, 'reading VTK XML');
      process(value, i);
    } catch (error) {
      // Let the read in flight finish (its failure, if any, is moot) before giving up.
      await pending?.catch(() => undefined);
      throw error;
    }
  }
}

const ID_WINDOW = 4 << 20;

/** File bytes of ids converted window by window, the next window read while one converts. */
async function pipeIds(
  stream: FileByteStream,
  sink: IndexSink,
  what: string,
  signal: AbortSignal | undefined,
): Promise<void> {
  const buffers = [new Uint8Array(ID_WINDOW), new Uint8Array(ID_WINDOW)];
  const lengths: number[] = [];
  for (let left = sink.byteLength; left > 0; left -= ID_WINDOW) lengths.push(Math.min(ID_WINDOW, left));
  await readAhead(
    lengths.map((length, i) => async () => {
      const buffer = buffers[i % 2].subarray(0, length);
      await stream.readInto(buffer, what);
      return buffer;
    }),
    (buffer) => sink.consume(buffer),
    signal,
  );
}

function copyIntoSink(bytes: Uint8Array, sink: ByteSink): void {
  let done = 0;
  while (done < bytes.byteLength) {
    const region = sink.reserve(bytes.byteLength - done);
    region.set(bytes.subarray(done, done + region.byteLength));
    sink.commit(region.byteLength);
    done += region.byteLength;
  }
}

function checkCount(
  ctx: ArrayContext,
  what: string,
  byteCount: number,
  elementSize: number,
  expected: number | undefined,
  at: number,
): number {
  if (byteCount % elementSize !== 0) {
    fail(ctx, `${what}: ${byteCount} bytes is not a whole number of ${elementSize}-byte values`, at);
  }
  const count = byteCount / elementSize;
  if (expected !== undefined && count !== expected) {
    fail(ctx, `${what}: holds ${count} values but ${expected} are expected`, at);
  }
  return count;
}

/**
 * Reads one binary-encoded array from `stream` into the sink `makeSink(count)` builds.
 * `expected` is the value count the XML implies, when it implies one.
 */
async function readBinary<T>(
  ctx: ArrayContext,
  stream: ByteStream,
  elementSize: number,
  expected: number | undefined,
  makeSink: (count: number) => { sink: ByteSink; finish(): T },
  what: string,
): Promise<T> {
  const hs = ctx.headerSize;
  const headerAt = stream.fileOffset;
  if (stream.available < hs) {
    // Some writers leave an empty array's element empty instead of writing a zero header.
    if (expected === 0) return makeSink(0).finish();
    fail(ctx, `${what}: data header is missing (file truncated)`, headerAt);
  }
  const compressor = ctx.decompressor;
  if (!compressor) {
    const [byteCount] = headerValues(ctx, await stream.read(hs, `${what} header`), headerAt, what);
    const count = checkCount(ctx, what, byteCount, elementSize, expected, headerAt);
    if (byteCount > stream.available) {
      fail(ctx, `${what}: header declares ${byteCount} bytes but only ${stream.available} remain`, headerAt);
    }
    const target = allocate(ctx, byteCount, what, headerAt, () => makeSink(count));
    if (target.sink instanceof IndexSink && stream instanceof FileByteStream) {
      await pipeIds(stream, target.sink, what, ctx.signal);
    } else {
      await fillSink(stream, target.sink, what);
    }
    return target.finish();
  }

  if (stream.available < 3 * hs) fail(ctx, `${what}: compression header is truncated`, headerAt);
  const [blocks, blockSize, lastSize] = headerValues(
    ctx,
    await stream.read(3 * hs, `${what} header`),
    headerAt,
    what,
  );
  if (blocks > 0 && (blockSize === 0 || lastSize > blockSize)) {
    fail(ctx, `${what}: bad compression header (block size ${blockSize}, last block ${lastSize})`, headerAt);
  }
  if (blocks * hs > stream.available) {
    fail(ctx, `${what}: compression header claims ${blocks} blocks, more than the data can hold`, headerAt);
  }
  const sizes =
    blocks > 0 ? headerValues(ctx, await stream.read(blocks * hs, `${what} header`), headerAt, what) : [];
  const compressedTotal = sizes.reduce((sum, s) => sum + s, 0);
  if (compressedTotal > stream.available) {
    fail(
      ctx,
      `${what}: compressed blocks total ${compressedTotal} bytes but only ${stream.available} remain`,
      headerAt,
    );
  }
  const byteCount = blocks === 0 ? 0 : (blocks - 1) * blockSize + (lastSize || blockSize);
  const count = checkCount(ctx, what, byteCount, elementSize, expected, headerAt);
  if (byteCount > (compressedTotal + blocks) * compressor.maxRatio) {
    fail(
      ctx,
      `${what}: ${compressedTotal} compressed bytes cannot hold the ${byteCount} bytes the header claims`,
      headerAt,
    );
  }
  const target = allocate(ctx, byteCount, what, headerAt, () => makeSink(count));
  const sink = target.sink;
  // Whole blocks are read a window at a time; the next window is read while this one inflates.
  const windows: { first: number; last: number; bytes: number; at: number }[] = [];
  let windowAt = stream.fileOffset;
  for (let first = 0; first < blocks; ) {
    let last = first;
    let bytes = sizes[first];
    while (last + 1 < blocks && bytes + sizes[last + 1] <= COMPRESSED_WINDOW) bytes += sizes[++last];
    windows.push({ first, last, bytes, at: windowAt });
    windowAt += bytes;
    first = last + 1;
  }
  await readAhead(
    windows.map((w) => () => stream.read(w.bytes, `${what} compressed blocks`)),
    (window, index) => {
      const { first, last, at: windowStart } = windows[index];
      let at = 0;
      for (let block = first; block <= last; block++) {
        const outSize = block === blocks - 1 && lastSize ? lastSize : blockSize;
        const compressed = window.subarray(at, at + sizes[block]);
        const region = sink.reserve(outSize);
        try {
          if (region.byteLength === outSize) {
            compressor.decompressInto(compressed, region);
            sink.commit(outSize);
          } else {
            const scratch = new Uint8Array(outSize);
            compressor.decompressInto(compressed, scratch);
            copyIntoSink(scratch, sink);
          }
        } catch (error) {
          throw new ReadError(
            ctx.file,
            VTK_XML_FORMAT,
            `${what}: block ${block + 1} of ${blocks} does not decompress (${compressor.name}): ${(error as Error).message}`,
            { offset: windowStart + at },
            { cause: error },
          );
        }
        at += sizes[block];
      }
    },
    ctx.signal,
  );
  return target.finish();
}

function dataStream(
  ctx: ArrayContext,
  element: XmlElement,
  header: DataArrayHeader,
  what: string,
): Promise<ByteStream> {
  if (header.format === 'binary') {
    if (element.text.length > 1)
      throw elementError(ctx.file, ctx.doc, element, `${what}: data interrupted by elements`);
    const [start, end] = element.text[0] ?? [0, 0];
    return Promise.resolve(new Base64ByteStream(ctx.file, ctx.doc.bytes, start, end, ctx.doc.baseOffset));
  }
  const appended = ctx.appended;
  if (!appended)
    throw elementError(
      ctx.file,
      ctx.doc,
      element,
      `${what}: format="appended" but the file has no <AppendedData>`,
    );
  const start = appended.start + header.offset!;
  if (start > ctx.source.size) {
    throw elementError(
      ctx.file,
      ctx.doc,
      element,
      `${what}: offset ${header.offset} points past the end of the file (appended data starts at ${appended.start}, file has ${ctx.source.size} bytes)`,
    );
  }
  if (appended.encoding === 'raw') return Promise.resolve(new FileByteStream(ctx.source, start));
  // Base64: this array's text runs to where the next array starts (or to the end of the file).
  const next = appended.boundaries.find((b) => b > start) ?? ctx.source.size;
  return ctx.source
    .read(start, next - start, `${what} base64 text`)
    .then((text) => new Base64ByteStream(ctx.file, text, 0, text.byteLength, start));
}

function asciiRange(ctx: ArrayContext, element: XmlElement, what: string): [number, number] {
  if (element.text.length > 1)
    throw elementError(ctx.file, ctx.doc, element, `${what}: data interrupted by elements`);
  return element.text[0] ?? [0, 0];
}

function parseAscii(
  ctx: ArrayContext,
  element: XmlElement,
  type: DataType,
  expected: number | undefined,
  what: string,
): TypedArray {
  const [start, end] = asciiRange(ctx, element, what);
  const bytes = ctx.doc.bytes;
  const base = ctx.doc.baseOffset;
  const asciiFail = (detail: string, index: number): never => {
    throw new ReadError(ctx.file, VTK_XML_FORMAT, `${what}: ${detail}`, {
      offset: base + index,
      line: lineAt(bytes, index),
    });
  };
  let count = expected;
  if (count === undefined) count = countAsciiTokens(bytes, start, end);
  else if (count > (end - start + 1) / 2) {
    asciiFail(
      `${count} values are expected but the text has room for at most ${Math.ceil((end - start) / 2)}`,
      start,
    );
  }
  return parseAsciiValues(bytes, start, end, type, count, asciiFail);
}

function numericType(
  ctx: ArrayContext,
  element: XmlElement,
  header: DataArrayHeader,
  what: string,
): DataType {
  if (header.type === 'String')
    throw elementError(ctx.file, ctx.doc, element, `${what}: a String array where numbers are expected`);
  return header.type;
}

/** Reads a numeric array, keeping its file type. `expected` is its value count when known. */
export async function readDataArrayValues(
  ctx: ArrayContext,
  element: XmlElement,
  header: DataArrayHeader,
  expected: number | undefined,
  what: string,
): Promise<TypedArray> {
  const type = numericType(ctx, element, header, what);
  if (header.format === 'ascii' || header.format === undefined)
    return parseAscii(ctx, element, type, expected, what);
  const size = bytesPerElement(type);
  const stream = await dataStream(ctx, element, header, what);
  const swap = ctx.littleEndian !== HOST_LITTLE_ENDIAN;
  return readBinary(
    ctx,
    stream,
    size,
    expected,
    (count) => {
      const values = allocateTypedArray(type, count);
      const sink = new DirectSink(
        new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
        size,
        swap,
      );
      return {
        sink,
        finish: () => {
          sink.finish();
          return values;
        },
      };
    },
    what,
  );
}

function asIndexArray(values: TypedArray, leadingZero: boolean, fail: (index: number) => never): IndexArray {
  const lead = leadingZero ? 1 : 0;
  let out: IndexArray = new Int32Array(values.length + lead);
  for (let i = 0; i < values.length; i++) {
    const v = Number(values[i]);
    if (!Number.isSafeInteger(v)) fail(i);
    if ((v > 0x7fffffff || v < -0x80000000) && out instanceof Int32Array) out = Float64Array.from(out);
    out[i + lead] = v;
  }
  return out;
}

export interface IdArrayOptions {
  /** Prepend a 0 (VTK XML offsets omit it; the data model has it). */
  leadingZero: boolean;
  /** When given, every id must be a point index below it (checked while converting when possible). */
  pointLimit?: number;
}

/**
 * Reads an id array (connectivity, offsets, faces…) of any integer file type into an
 * IndexArray.
 */
export async function readIdArray(
  ctx: ArrayContext,
  element: XmlElement,
  header: DataArrayHeader,
  expected: number | undefined,
  options: IdArrayOptions,
  what: string,
): Promise<IndexArray> {
  const { leadingZero, pointLimit } = options;
  const type = numericType(ctx, element, header, what);
  if (type === 'Float32' || type === 'Float64') {
    throw elementError(ctx.file, ctx.doc, element, `${what}: ids must have an integer type, not ${type}`);
  }
  const rangeFail = (index: number): never => {
    throw elementError(ctx.file, ctx.doc, element, `${what}: value at index ${index} is too large for an id`);
  };
  const checked = (ids: IndexArray, unchecked?: [number, number]): IndexArray => {
    if (pointLimit === undefined) return ids;
    // Ids checked while converting spare a second pass when the rest are fine too.
    if (unchecked && (unchecked[0] > unchecked[1] || (unchecked[0] >= 0 && unchecked[1] < pointLimit))) {
      return ids;
    }
    checkIds(ids, pointLimit, header.name || 'ids', (detail) => throwAt(ctx, element, `${what}: ${detail}`));
    return ids;
  };
  if (header.format === 'ascii' || header.format === undefined) {
    return checked(asIndexArray(parseAscii(ctx, element, type, expected, what), leadingZero, rangeFail));
  }
  const size = bytesPerElement(type);
  const stream = await dataStream(ctx, element, header, what);
  const swap = ctx.littleEndian !== HOST_LITTLE_ENDIAN;
  try {
    return await readBinary(
      ctx,
      stream,
      size,
      expected,
      (count) => {
        if (type === 'Int32') {
          // Already the in-memory type: decode straight into the output (after the leading 0).
          const ids = new Int32Array(count + (leadingZero ? 1 : 0));
          const bytes = new Uint8Array(ids.buffer, leadingZero ? 4 : 0, count * 4);
          const sink = new DirectSink(bytes, 4, swap);
          return {
            sink,
            finish: () => {
              sink.finish();
              return checked(ids);
            },
          };
        }
        const sink = new IndexSink(type, count, leadingZero, swap, pointLimit);
        return { sink, finish: () => checked(sink.finish(), sink.uncheckedRange) };
      },
      what,
    );
  } catch (error) {
    if (error instanceof IndexRangeError) rangeFail(error.index);
    throw error;
  }
}

function throwAt(ctx: ArrayContext, element: XmlElement, detail: string): never {
  throw elementError(ctx.file, ctx.doc, element, detail);
}

/** Reads a vtkStringArray: UTF-8 strings, each ended by a NUL byte (ascii: the byte values). */
export async function readStringValues(
  ctx: ArrayContext,
  element: XmlElement,
  header: DataArrayHeader,
  what: string,
): Promise<string[]> {
  let bytes: Uint8Array;
  if (header.format === 'ascii' || header.format === undefined) {
    const codes = parseAscii(ctx, element, 'Int16', undefined, what) as Int16Array;
    bytes = new Uint8Array(codes.length);
    for (let i = 0; i < codes.length; i++) {
      if (codes[i] < -128 || codes[i] > 255)
        throw elementError(ctx.file, ctx.doc, element, `${what}: ${codes[i]} is not a character code`);
      bytes[i] = codes[i] & 0xff;
    }
  } else {
    const stream = await dataStream(ctx, element, header, what);
    bytes = await readBinary(
      ctx,
      stream,
      1,
      undefined,
      (count) => {
        const out = new Uint8Array(count);
        return { sink: new DirectSink(out, 1, false), finish: () => out };
      },
      what,
    );
  }
  const decoder = new TextDecoder('utf-8');
  const strings: string[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0) {
      strings.push(decoder.decode(bytes.subarray(start, i)));
      start = i + 1;
    }
  }
  if (start < bytes.length) strings.push(decoder.decode(bytes.subarray(start)));
  const expected =
    header.numberOfTuples === undefined ? undefined : header.numberOfTuples * header.numberOfComponents;
  if (expected !== undefined && strings.length !== expected) {
    throw elementError(
      ctx.file,
      ctx.doc,
      element,
      `${what}: holds ${strings.length} strings but ${expected} are expected`,
    );
  }
  return strings;
}
