/**
 * A buffered file writer that also patches bytes already written (appended-data offsets and
 * compression headers are only known after the data is out). Small writes are gathered into
 * one buffer; large ones go straight from the caller's memory.
 */
import { type FileHandle, open } from 'node:fs/promises';

const BUFFER_BYTES = 1 << 20;
const MAX_WRITE = 1 << 30;

export class PositionalWriter {
  readonly #handle: FileHandle;
  readonly #buffer = new Uint8Array(BUFFER_BYTES);
  #buffered = 0;
  /** File offset of the next byte written. */
  #position = 0;

  private constructor(handle: FileHandle) {
    this.#handle = handle;
  }

  static async create(path: string): Promise<PositionalWriter> {
    return new PositionalWriter(await open(path, 'w'));
  }

  get position(): number {
    return this.#position;
  }

  async #writeFully(bytes: Uint8Array, position: number): Promise<void> {
    let done = 0;
    while (done < bytes.byteLength) {
      const length = Math.min(MAX_WRITE, bytes.byteLength - done);
      const { bytesWritten } = await this.#handle.write(bytes, done, length, position + done);
      done += bytesWritten;
    }
  }

  async flush(): Promise<void> {
    if (this.#buffered === 0) return;
    const start = this.#position - this.#buffered;
    const pending = this.#buffered;
    this.#buffered = 0;
    await this.#writeFully(this.#buffer.subarray(0, pending), start);
  }

  /** Appends `bytes`; the caller may reuse its memory once the promise resolves. */
  async write(bytes: Uint8Array): Promise<void> {
    if (bytes.byteLength <= BUFFER_BYTES - this.#buffered) {
      this.#buffer.set(bytes, this.#buffered);
      this.#buffered += bytes.byteLength;
      this.#position += bytes.byteLength;
      return;
    }
    await this.flush();
    if (bytes.byteLength < BUFFER_BYTES) {
      this.#buffer.set(bytes, 0);
      this.#buffered = bytes.byteLength;
    } else {
      await this.#writeFully(bytes, this.#position);
    }
    this.#position += bytes.byteLength;
  }

  /** Overwrites bytes already written at `position`. */
  async writeAt(position: number, bytes: Uint8Array): Promise<void> {
    await this.flush();
    await this.#writeFully(bytes, position);
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.#handle.close();
    }
  }
}
