/**
 * LegacyScanner: a cursor over the bytes of a legacy VTK file. Keywords, names and counts are
 * whitespace-separated tokens (as C++ `>>` reads them); binary blocks start right after the
 * newline that ends their header line and are taken as raw byte ranges, never decoded as text.
 * The scanner tracks the byte offset and, while the text can be trusted to mean lines, the line
 * number, so every error can say where it happened.
 */
import { ReadError } from '../../../errors.js';

export const VTK_LEGACY_FORMAT = 'vtk-legacy';

/** C's isspace: what separates tokens. */
export const WHITESPACE = new Uint8Array(256);
for (const c of [9, 10, 11, 12, 13, 32]) WHITESPACE[c] = 1;

const NEWLINE = 10;

/** A position in the file, for error messages. */
export interface Mark {
  offset: number;
  /** Undefined once binary data (whose bytes may include newlines) has been skipped. */
  line: number | undefined;
}

export interface Snapshot {
  readonly position: number;
  readonly line: number;
  readonly tokenMark: Mark;
}

export class LegacyScanner {
  readonly bytes: Uint8Array;
  readonly file: string;
  /** Byte offset of the next unread byte. */
  position = 0;
  /** 1-based line of `position` (meaningful while `linesKnown`). */
  line = 1;
  /** Where the most recent token started. */
  tokenMark: Mark = { offset: 0, line: 1 };
  #linesKnown = true;

  constructor(bytes: Uint8Array, file: string) {
    this.bytes = bytes;
    this.file = file;
  }

  get remaining(): number {
    return this.bytes.length - this.position;
  }

  mark(offset = this.position): Mark {
    return { offset, line: this.#linesKnown ? this.line : undefined };
  }

  /** A ReadError located at `at` (default: the current position). */
  error(detail: string, at: Mark = this.mark()): ReadError {
    const location = at.line === undefined ? { offset: at.offset } : { offset: at.offset, line: at.line };
    return new ReadError(this.file, VTK_LEGACY_FORMAT, detail, location);
  }

  /** A ReadError located at the start of the most recent token. */
  errorAtToken(detail: string): ReadError {
    return this.error(detail, this.tokenMark);
  }

  skipWhitespace(): void {
    const b = this.bytes;
    const n = b.length;
    let p = this.position;
    let line = this.line;
    while (p < n && WHITESPACE[b[p]]) {
      if (b[p] === NEWLINE) line++;
      p++;
    }
    this.position = p;
    this.line = line;
  }

  /** The next token (one char per byte), or undefined at the end of the file. */
  nextWord(): string | undefined {
    this.skipWhitespace();
    const b = this.bytes;
    const start = this.position;
    if (start >= b.length) return undefined;
    let p = start;
    while (p < b.length && !WHITESPACE[b[p]]) p++;
    this.tokenMark = this.mark(start);
    this.position = p;
    return latin1(b, start, p);
  }

  /** The next token; a ReadError naming `what` when the file ends first. */
  expectWord(what: string): string {
    const word = this.nextWord();
    if (word === undefined) throw this.error(`file ends before ${what} (truncated?)`);
    return word;
  }

  /** The current position, to return to with `rewind`. */
  snapshot(): Snapshot {
    return { position: this.position, line: this.line, tokenMark: this.tokenMark };
  }

  rewind(snapshot: Snapshot): void {
    this.position = snapshot.position;
    this.line = snapshot.line;
    this.tokenMark = snapshot.tokenMark;
  }

  /**
   * Whether the next token is `keyword` (any case), without consuming anything. Compares bytes in
   * place, so peeking into binary data costs nothing even when no whitespace follows.
   */
  atKeyword(keyword: string): boolean {
    const b = this.bytes;
    let p = this.position;
    while (p < b.length && WHITESPACE[b[p]]) p++;
    if (p + keyword.length > b.length) return false;
    for (let i = 0; i < keyword.length; i++) {
      if ((b[p + i] | 0x20) !== (keyword.charCodeAt(i) | 0x20)) return false;
    }
    const after = p + keyword.length;
    return after === b.length || WHITESPACE[b[after]] === 1;
  }

  /** The next token on the current line, or undefined when the line (or file) ends first. */
  nextWordOnLine(): string | undefined {
    const b = this.bytes;
    let p = this.position;
    while (p < b.length && b[p] !== NEWLINE && WHITESPACE[b[p]]) p++;
    this.position = p;
    if (p >= b.length || b[p] === NEWLINE) return undefined;
    return this.nextWord();
  }

  /** The rest of the current line without its line break; undefined at the end of the file. */
  readLine(): string | undefined {
    const b = this.bytes;
    const start = this.position;
    if (start >= b.length) return undefined;
    let end = b.indexOf(NEWLINE, start);
    const next = end < 0 ? b.length : end + 1;
    if (end < 0) end = b.length;
    if (end > start && b[end - 1] === 13) end--;
    this.tokenMark = this.mark(start);
    this.position = next;
    if (next > start && b[next - 1] === NEWLINE) this.line++;
    return latin1(b, start, end);
  }

  /**
   * Moves past the newline that ends the current header line: binary data starts right after it
   * (VTK reads the rest of the line with getline, so trailing spaces or a CR are fine).
   */
  skipToNextLine(): void {
    const b = this.bytes;
    const end = b.indexOf(NEWLINE, this.position);
    if (end < 0) {
      this.position = b.length;
    } else {
      this.position = end + 1;
      this.line++;
    }
  }

  /**
   * Consumes `length` raw bytes and returns where they start; checks first that they exist, so
   * callers may size allocations from `length` afterwards.
   */
  takeBytes(length: number, what: string): number {
    const start = this.position;
    if (!Number.isSafeInteger(length) || length < 0) {
      throw this.error(`${what}: invalid size ${length}`);
    }
    if (length > this.bytes.length - start) {
      throw this.error(
        `${what} needs ${length} bytes but only ${this.bytes.length - start} remain (file truncated or count wrong)`,
      );
    }
    this.position = start + length;
    this.#linesKnown = false;
    return start;
  }

  /** Checks that `count` ASCII values can fit in the bytes left (each needs a digit and a separator). */
  requireAsciiValues(count: number, what: string): void {
    if (!Number.isSafeInteger(count) || count < 0) throw this.error(`${what}: invalid count ${count}`);
    if (count > 0 && count * 2 - 1 > this.remaining) {
      throw this.error(
        `${what} declares ${count} values but only ${this.remaining} bytes remain (file truncated or count wrong)`,
      );
    }
  }

  /** Reads a non-negative integer token (a count or size). */
  readCount(what: string): number {
    const word = this.expectWord(what);
    if (!/^\+?\d+$/.test(word))
      throw this.errorAtToken(`${what}: expected a non-negative integer, found '${word}'`);
    const value = Number(word);
    if (!Number.isSafeInteger(value)) throw this.errorAtToken(`${what}: ${word} is too large`);
    return value;
  }

  /** Reads a (possibly negative) integer token. */
  readInteger(what: string): number {
    const word = this.expectWord(what);
    if (!/^[+-]?\d+$/.test(word)) throw this.errorAtToken(`${what}: expected an integer, found '${word}'`);
    const value = Number(word);
    if (!Number.isSafeInteger(value)) throw this.errorAtToken(`${what}: ${word} is out of range`);
    return value;
  }

  /** Reads a real-number token (also nan/inf as VTK writes them). */
  readReal(what: string): number {
    const word = this.expectWord(what);
    const value = parseRealText(word);
    if (value === undefined) throw this.errorAtToken(`${what}: expected a number, found '${word}'`);
    return value;
  }
}

export function latin1(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i += 4096) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(end, i + 4096)) as unknown as number[]);
  }
  return s;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Parses a real number as C++ streams accept it, plus VTK's nan/inf spellings. */
export function parseRealText(text: string): number | undefined {
  if (DECIMAL.test(text)) return Number(text);
  return parseSpecialReal(text);
}

/** nan, inf and infinity with an optional sign, any case (what VTK and printf write). */
export function parseSpecialReal(text: string): number | undefined {
  const lower = text.toLowerCase();
  const sign = lower[0] === '-' ? -1 : 1;
  const body = lower[0] === '-' || lower[0] === '+' ? lower.slice(1) : lower;
  if (body === 'nan') return Number.NaN;
  if (body === 'inf' || body === 'infinity') return sign * Number.POSITIVE_INFINITY;
  return undefined;
}
