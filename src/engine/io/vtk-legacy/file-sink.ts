/**
 * FileSink: buffered output to a file through a FileHandle, so writers can emit many small pieces
 * of text and large binary blocks without building the whole file in memory.
 */
import { type FileHandle, open, unlink } from 'node:fs/promises';

/** Pending output is written once it reaches this size. */
const FLUSH_BYTES = 1 << 20;

export class FileSink {
  readonly path: string;
  #handle: FileHandle;
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;

  private constructor(path: string, handle: FileHandle) {
    this.path = path;
    this.#handle = handle;
  }

  /** Creates (or truncates) `path` for writing. */
  static async create(path: string): Promise<FileSink> {
    return new FileSink(path, await open(path, 'w'));
  }

  /** Appends ASCII text (the writers only emit ASCII: names are %-escaped). */
  async text(text: string): Promise<void> {
    await this.#append(Buffer.from(text, 'latin1'));
  }

  /**
   * Appends bytes. Unless `owned` (nobody else will touch them), they are copied or written at
   * once, so callers may reuse their buffer.
   */
  async bytes(bytes: Uint8Array, owned = false): Promise<void> {
    if (bytes.length >= FLUSH_BYTES) {
      await this.flush();
      await this.#writeAll(bytes);
      return;
    }
    await this.#append(owned ? bytes : new Uint8Array(bytes));
  }

  /** Queues bytes that nobody else holds. */
  async #append(owned: Uint8Array): Promise<void> {
    this.#pending.push(owned);
    this.#pendingBytes += owned.length;
    if (this.#pendingBytes >= FLUSH_BYTES) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.#pendingBytes === 0) return;
    const joined = Buffer.concat(this.#pending, this.#pendingBytes);
    this.#pending = [];
    this.#pendingBytes = 0;
    await this.#writeAll(joined);
  }

  async #writeAll(bytes: Uint8Array): Promise<void> {
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await this.#handle.write(bytes, done, bytes.length - done);
      done += bytesWritten;
    }
  }

  /** Writes what is pending and closes the file. */
  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.#handle.close();
    }
  }

  /** Closes and removes the partly written file (after a failure). */
  async discard(): Promise<void> {
    this.#pending = [];
    this.#pendingBytes = 0;
    await this.#handle.close().catch(() => undefined);
    await unlink(this.path).catch(() => undefined);
  }
}
