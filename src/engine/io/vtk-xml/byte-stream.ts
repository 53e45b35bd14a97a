/**
 * Where an array's encoded bytes come from: the file itself (appended raw data, read by offset
 * so files over 2 GiB work) or base64 text (inline `format="binary"` or appended base64).
 * Both report file offsets, so errors point at the byte at fault.
 */
import { ReadError } from '../../../errors.js';
import type { FileSource } from '../common/file-source.js';
import { Base64Reader } from './base64.js';
import { VTK_XML_FORMAT } from './data-array-header.js';

export interface ByteStream {
  /** File offset of the next byte (for base64, of the next character). */
  readonly fileOffset: number;
  /** Upper bound of the bytes still available; checked before allocating from a size. */
  readonly available: number;
  /** The next `length` bytes, in new memory (headers, compressed blocks). */
  read(length: number, what: string): Promise<Uint8Array>;
  /** Fills `target` with the next bytes. */
  readInto(target: Uint8Array, what: string): Promise<void>;
}

/** Appended raw data: bytes read from the file at increasing offsets. */
export class FileByteStream implements ByteStream {
  #position: number;

  constructor(
    readonly source: FileSource,
    start: number,
  ) {
    this.#position = start;
  }

  get fileOffset(): number {
    return this.#position;
  }

  get available(): number {
    return Math.max(0, this.source.size - this.#position);
  }

  // The position advances when a read is issued, so a caller may issue the next read (read
  // ahead) before the previous one has completed.
  read(length: number, what: string): Promise<Uint8Array> {
    const at = this.#position;
    this.#position += length;
    return this.source.read(at, length, what);
  }

  readInto(target: Uint8Array, what: string): Promise<void> {
    const at = this.#position;
    this.#position += target.byteLength;
    return this.source.readInto(at, target, what);
  }
}

/** Base64 text `text[start, end)`, where `text[0]` sits at file offset `baseOffset`. */
export class Base64ByteStream implements ByteStream {
  readonly #reader: Base64Reader;
  readonly #baseOffset: number;

  constructor(file: string, text: Uint8Array, start: number, end: number, baseOffset: number) {
    this.#baseOffset = baseOffset;
    this.#reader = new Base64Reader(text, start, end, (detail, index) => {
      throw new ReadError(file, VTK_XML_FORMAT, detail, { offset: baseOffset + index });
    });
  }

  get fileOffset(): number {
    return this.#baseOffset + this.#reader.position;
  }

  get available(): number {
    return this.#reader.available;
  }

  async read(length: number): Promise<Uint8Array> {
    return this.#reader.decode(length);
  }

  async readInto(target: Uint8Array): Promise<void> {
    this.#reader.decodeInto(target);
  }
}
