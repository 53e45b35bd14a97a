/**
 * FileSource: random access to a file by byte offset, so readers never need the whole file in
 * one Buffer (files over 2 GiB work; appended data is read block by block).
 */
import { constants, type FileHandle, open, stat } from 'node:fs/promises';
import { FileNotFoundError, ReadError } from '../../../errors.js';

/** Node's largest Buffer; reading more than this at once is impossible. */
export const MAX_BUFFER_BYTES = 2 ** 31 - 1;

export class FileSource {
  readonly path: string;
  readonly size: number;
  /** Format id used in errors raised by this source. */
  readonly format: string;
  #handle: FileHandle;

  private constructor(path: string, size: number, format: string, handle: FileHandle) {
    this.path = path;
    this.size = size;
    this.format = format;
    this.#handle = handle;
  }

  /** Opens `path` for reading; a missing file raises FileNotFoundError. */
  static async open(path: string, format: string, referencedBy?: string): Promise<FileSource> {
    let handle: FileHandle;
    try {
      handle = await open(path, constants.O_RDONLY);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new FileNotFoundError(path, referencedBy);
      throw new ReadError(path, format, `cannot open: ${(error as Error).message}`, {}, { cause: error });
    }
    const info = await handle.stat();
    if (info.isDirectory()) {
      await handle.close();
      throw new ReadError(path, format, 'is a directory, not a file');
    }
    return new FileSource(path, info.size, format, handle);
  }

  /** Runs `body` with an open source and always closes it. */
  static async with<T>(
    path: string,
    format: string,
    body: (source: FileSource) => Promise<T>,
    referencedBy?: string,
  ) {
    const source = await FileSource.open(path, format, referencedBy);
    try {
      return await body(source);
    } finally {
      await source.close();
    }
  }

  /** A ReadError about this file. */
  error(detail: string, location: { offset?: number; line?: number } = {}): ReadError {
    return new ReadError(this.path, this.format, detail, location);
  }

  /**
   * Reads exactly `length` bytes at `offset`; a range past the end of the file is reported as
   * truncation (checked before allocating, so a bogus size never allocates).
   */
  async read(offset: number, length: number, what = 'data'): Promise<Buffer> {
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
      throw this.error(`invalid byte range for ${what}: ${length} bytes at ${offset}`, { offset });
    }
    if (offset + length > this.size) {
      throw this.error(
        `file truncated: ${what} needs ${length} bytes at offset ${offset} but the file has ${this.size} bytes`,
        { offset },
      );
    }
    if (length > MAX_BUFFER_BYTES)
      throw this.error(`${what} of ${length} bytes is too large for one buffer`, { offset });
    const buffer = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.#handle.read(buffer, done, length - done, offset + done);
      if (bytesRead === 0) throw this.error(`file shrank while reading ${what}`, { offset: offset + done });
      done += bytesRead;
    }
    return buffer;
  }

  /**
   * Fills `target` with the bytes at `offset`, so a decoder can read straight into the memory of
   * its final typed array (no intermediate Buffer). Checked against the file size first; works
   * for targets over 2 GiB by reading in slices.
   */
  async readInto(offset: number, target: Uint8Array, what = 'data'): Promise<void> {
    const length = target.byteLength;
    if (!Number.isSafeInteger(offset) || offset < 0) {
      throw this.error(`invalid byte range for ${what}: ${length} bytes at ${offset}`, { offset });
    }
    if (offset + length > this.size) {
      throw this.error(
        `file truncated: ${what} needs ${length} bytes at offset ${offset} but the file has ${this.size} bytes`,
        { offset },
      );
    }
    const slice = 2 ** 30;
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.#handle.read(
        target,
        done,
        Math.min(slice, length - done),
        offset + done,
      );
      if (bytesRead === 0) throw this.error(`file shrank while reading ${what}`, { offset: offset + done });
      done += bytesRead;
    }
  }

  /** Up to `length` bytes from `offset` (fewer at the end of the file). */
  async readUpTo(offset: number, length: number): Promise<Buffer> {
    const available = Math.max(0, Math.min(length, this.size - offset));
    return this.read(offset, available);
  }

  /** The whole file; for formats that must be parsed as one text (checked against Buffer limits). */
  async readAll(): Promise<Buffer> {
    return this.read(0, this.size, 'the whole file');
  }

  async close(): Promise<void> {
    await this.#handle.close();
  }
}

/** Whether a path exists (as anything). */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
