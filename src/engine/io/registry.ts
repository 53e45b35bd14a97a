/**
 * The I/O registry: picks a reader by extension and, when several claim it (or none does), by
 * sniffing the first bytes; picks a writer by extension and data type.
 */
import { extname } from 'node:path';
import { FileNotFoundError, UnsupportedFormatError } from '../../errors.js';
import type { DataObject } from '../data/dataset.js';
import { FileSource } from './common/file-source.js';
import type { FormatReader, FormatWriter, ReadOptions, WriteOptions } from './types.js';

const readers: FormatReader[] = [];
const writers: FormatWriter[] = [];

/**
 * Opens a path that names no file but something made of files, such as ParaView's label for a
 * numbered series (`step_..vtu`). Returns undefined when the path means nothing to it.
 */
export type VirtualPathReader = (path: string, options: ReadOptions) => Promise<ReadResult | undefined>;
const virtualPathReaders: VirtualPathReader[] = [];

export function registerVirtualPathReader(reader: VirtualPathReader): void {
  virtualPathReaders.push(reader);
}

/** Adds a reader (format modules call this through `formats.ts`). Later registrations win ties. */
export function registerReader(reader: FormatReader): void {
  const index = readers.findIndex((r) => r.format === reader.format);
  if (index >= 0) readers.splice(index, 1);
  readers.push(reader);
}

export function registerWriter(writer: FormatWriter): void {
  const index = writers.findIndex((w) => w.format === writer.format);
  if (index >= 0) writers.splice(index, 1);
  writers.push(writer);
}

export function listReaders(): readonly FormatReader[] {
  return readers;
}

export function listWriters(): readonly FormatWriter[] {
  return writers;
}

/** Extension including compound ones such as ".vtp.series" and ".nii.gz", lower-cased. */
export function extensionOf(path: string): string {
  const lower = path.toLowerCase();
  for (const reader of readers) {
    for (const ext of reader.extensions) if (ext.split('.').length > 2 && lower.endsWith(ext)) return ext;
  }
  return extname(lower);
}

async function readHead(path: string): Promise<Uint8Array> {
  return FileSource.with(path, 'unknown', (source) => source.readUpTo(0, 1024));
}

/**
 * The reader for `path`: by extension when exactly one reader claims it and has no sniffer
 * objection, otherwise the first reader whose sniffer accepts the first KiB.
 */
export async function findReader(path: string): Promise<FormatReader> {
  const ext = extensionOf(path);
  const candidates = readers.filter((r) => r.extensions.includes(ext));
  if (candidates.length === 1) return candidates[0];
  const head = await readHead(path);
  const pool = candidates.length > 0 ? candidates : readers;
  const sniffed = pool.find((r) => r.sniff?.(head));
  if (sniffed) return sniffed;
  if (candidates.length > 0) return candidates[0];
  throw new UnsupportedFormatError(path, `no reader for extension '${ext || '(none)'}'`);
}

export interface ReadResult {
  data: DataObject;
  /** The format id of the reader that was used. */
  format: string;
}

/** Reads any supported file into the data model. */
export async function readDataFile(path: string, options: ReadOptions = {}): Promise<ReadResult> {
  try {
    const reader = await findReader(path);
    return { data: await reader.read(path, options), format: reader.format };
  } catch (error) {
    if (!(error instanceof FileNotFoundError && error.file === path)) throw error;
    for (const virtual of virtualPathReaders) {
      const result = await virtual(path, options);
      if (result) return result;
    }
    throw error;
  }
}

/** Writes `data` with the writer registered for the extension of `path`. */
export async function writeDataFile(
  path: string,
  data: DataObject,
  options: WriteOptions = {},
): Promise<void> {
  const ext = extensionOf(path);
  const candidates = writers.filter((w) => w.extensions.includes(ext));
  if (candidates.length === 0)
    throw new UnsupportedFormatError(path, `no writer for extension '${ext || '(none)'}'`);
  const writer = candidates.find((w) => w.accepts(data));
  if (!writer) {
    throw new UnsupportedFormatError(path, `a ${data.type} cannot be written as '${ext}'`);
  }
  await writer.write(path, data, options);
}
