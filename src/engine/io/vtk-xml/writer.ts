/**
 * The VTK XML serial writer. Default: appended raw binary, UInt64 headers, little endian (what
 * VTK 9 writes); `compress` deflates 32 KiB blocks with zlib; `ascii` writes inline text.
 * Data is streamed through a file handle, and the file appears under its name only once
 * complete (written to a temporary name, then renamed).
 */
import { randomBytes } from 'node:crypto';
import { rename, unlink } from 'node:fs/promises';
import { extname } from 'node:path';
import { throwIfAborted, WriteError } from '../../../errors.js';
import { type DataObject, type DataSet, isDataSet } from '../../data/dataset.js';
import type { FormatWriter, WriteOptions } from '../types.js';
import { payloadByteLength, payloadChunks, payloadText } from './array-payload.js';
import { DEFAULT_BLOCK_SIZE, deflateBlock } from './compressors.js';
import { VTK_XML_FORMAT } from './data-array-header.js';
import { type ArraySlot, type LayoutPart, layoutDataSet } from './document-layout.js';
import { PositionalWriter } from './positional-writer.js';
import { SERIAL_TYPES } from './reader.js';
import { attributeText } from './xml-text.js';

const utf8 = new TextEncoder();
/** Room reserved for an appended offset: its digits and the closing quote, space padded. */
const OFFSET_WIDTH = 21;

function uint64Bytes(values: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => {
    view.setBigUint64(i * 8, BigInt(v), true);
  });
  return bytes;
}

function slotOpening(slot: ArraySlot, format: string): string {
  return `${slot.indent}<${slot.tag}${attributeText([...slot.attributes, ['format', format]])}`;
}

async function writeRaw(
  writer: PositionalWriter,
  slot: ArraySlot,
  signal: AbortSignal | undefined,
): Promise<void> {
  await writer.write(uint64Bytes([payloadByteLength(slot.payload)]));
  for (const chunk of payloadChunks(slot.payload)) {
    throwIfAborted(signal, 'writing VTK XML');
    await writer.write(chunk);
  }
}

async function writeCompressed(
  writer: PositionalWriter,
  slot: ArraySlot,
  signal: AbortSignal | undefined,
): Promise<void> {
  const total = payloadByteLength(slot.payload);
  const blockSize = DEFAULT_BLOCK_SIZE;
  const blocks = Math.ceil(total / blockSize);
  const headerAt = writer.position;
  await writer.write(new Uint8Array((3 + blocks) * 8));
  const sizes: number[] = [];
  const block = new Uint8Array(blockSize);
  let filled = 0;
  const emit = async (bytes: Uint8Array) => {
    const compressed = deflateBlock(bytes);
    sizes.push(compressed.byteLength);
    await writer.write(compressed);
  };
  for (const chunk of payloadChunks(slot.payload)) {
    throwIfAborted(signal, 'writing VTK XML');
    let at = 0;
    while (at < chunk.byteLength) {
      const take = Math.min(blockSize - filled, chunk.byteLength - at);
      block.set(chunk.subarray(at, at + take), filled);
      filled += take;
      at += take;
      if (filled === blockSize) {
        await emit(block);
        filled = 0;
      }
    }
  }
  if (filled > 0) await emit(block.subarray(0, filled));
  await writer.writeAt(headerAt, uint64Bytes([blocks, blockSize, total % blockSize, ...sizes]));
}

async function writeAppended(
  writer: PositionalWriter,
  parts: LayoutPart[],
  compress: boolean,
  signal: AbortSignal | undefined,
): Promise<void> {
  const slots: { slot: ArraySlot; placeholderAt: number }[] = [];
  for (const part of parts) {
    if (typeof part === 'string') {
      await writer.write(utf8.encode(part));
      continue;
    }
    await writer.write(utf8.encode(`${slotOpening(part, 'appended')} offset="`));
    slots.push({ slot: part, placeholderAt: writer.position });
    await writer.write(utf8.encode(`${' '.repeat(OFFSET_WIDTH)}/>\n`));
  }
  await writer.write(utf8.encode('  <AppendedData encoding="raw">\n   _'));
  const start = writer.position;
  const offsets: number[] = [];
  for (const { slot } of slots) {
    throwIfAborted(signal, 'writing VTK XML');
    offsets.push(writer.position - start);
    if (compress) await writeCompressed(writer, slot, signal);
    else await writeRaw(writer, slot, signal);
  }
  await writer.write(utf8.encode('\n  </AppendedData>\n</VTKFile>\n'));
  for (let i = 0; i < slots.length; i++) {
    await writer.writeAt(slots[i].placeholderAt, utf8.encode(`${offsets[i]}"`.padEnd(OFFSET_WIDTH)));
  }
}

async function writeAscii(writer: PositionalWriter, parts: LayoutPart[], signal: AbortSignal | undefined) {
  for (const part of parts) {
    if (typeof part === 'string') {
      await writer.write(utf8.encode(part));
      continue;
    }
    await writer.write(utf8.encode(`${slotOpening(part, 'ascii')}>\n`));
    for (const text of payloadText(part.payload, `${part.indent}  `)) {
      throwIfAborted(signal, 'writing VTK XML');
      await writer.write(utf8.encode(text));
    }
    await writer.write(utf8.encode(`${part.indent}</${part.tag}>\n`));
  }
  await writer.write(utf8.encode('</VTKFile>\n'));
}

/** Writes `data` as a serial VTK XML file; the extension must match the dataset type. */
export async function writeVtkXml(path: string, data: DataSet, options: WriteOptions = {}): Promise<void> {
  const expected = SERIAL_TYPES[data.type];
  if (!expected) throw new WriteError(path, `a ${(data as DataObject).type} cannot be written as VTK XML`);
  const extension = extname(path).toLowerCase();
  if (extension !== expected) {
    throw new WriteError(
      path,
      `a ${data.type} is written as '${expected}', not '${extension || '(no extension)'}'`,
    );
  }
  throwIfAborted(options.signal, `writing ${path}`);
  const rootAttributes: [string, string][] = [
    ['version', '1.0'],
    ['byte_order', 'LittleEndian'],
    ['header_type', 'UInt64'],
  ];
  if (options.compress && !options.ascii) rootAttributes.push(['compressor', 'vtkZLibDataCompressor']);
  const parts = layoutDataSet(data, rootAttributes);

  const temporary = `${path}.${randomBytes(6).toString('hex')}.partial`;
  let writer: PositionalWriter;
  try {
    writer = await PositionalWriter.create(temporary);
  } catch (error) {
    throw new WriteError(path, `cannot create: ${(error as Error).message}`, { cause: error });
  }
  try {
    try {
      if (options.ascii) await writeAscii(writer, parts, options.signal);
      else await writeAppended(writer, parts, options.compress ?? false, options.signal);
    } finally {
      await writer.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    if (error instanceof WriteError || (error as { code?: string }).code === 'PERISCOPE_E_CANCELLED')
      throw error;
    throw new WriteError(path, `write failed: ${(error as Error).message}`, { cause: error });
  }
}

export const vtkXmlWriter: FormatWriter = {
  format: VTK_XML_FORMAT,
  description: 'VTK XML serial dataset (.vti .vtp .vtu .vts .vtr)',
  extensions: ['.vti', '.vtp', '.vtu', '.vts', '.vtr'],
  accepts: (data: DataObject) => isDataSet(data),
  write: (path, data, options) => {
    if (!isDataSet(data))
      return Promise.reject(new WriteError(path, `a ${data.type} cannot be written as VTK XML`));
    return writeVtkXml(path, data, options);
  },
};
