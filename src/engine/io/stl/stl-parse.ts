/**
 * Decoding STL bytes into a triangle soup (9 float32 per triangle, facet normals dropped as
 * vtkSTLReader drops them). Binary or ASCII is decided by content: the binary size formula
 * 84 + 50·n wins over the "solid" prefix, because many binary exporters start the header with
 * "solid" too.
 */
import { ReadError } from '../../../errors.js';
import { parseDecimal } from '../common/decimal.js';

export const STL_FORMAT = 'stl';

const BINARY_HEADER_BYTES = 84;
const BINARY_RECORD_BYTES = 50;

export type StlEncoding = 'binary' | 'ascii';

function startsWithSolid(bytes: Uint8Array): boolean {
  let i = 0;
  while (
    i < bytes.length &&
    (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)
  )
    i++;
  const word = 'solid';
  for (let k = 0; k < word.length; k++) {
    const c = bytes[i + k];
    if (c === undefined || (c | 0x20) !== word.charCodeAt(k)) return false;
  }
  return true;
}

/** Whether the bytes are plain text (printable ASCII and whitespace). */
function isPlainText(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c > 0x7e || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d)) return false;
  }
  return true;
}

/**
 * Binary or ASCII, from the first bytes and the file size. A file whose size matches the binary
 * formula is binary unless its start is plain text beginning with "solid"; any other file is ASCII
 * only if it starts that way (a binary file with trailing bytes and a "solid…" header stays binary,
 * since its triangle count and floats are not plain text).
 */
export function detectStlEncoding(head: Uint8Array, fileSize: number): StlEncoding {
  const text = startsWithSolid(head) && isPlainText(head.subarray(0, Math.min(head.length, 512)));
  if (fileSize >= BINARY_HEADER_BYTES && head.length >= BINARY_HEADER_BYTES) {
    const count = new DataView(head.buffer, head.byteOffset, head.byteLength).getUint32(80, true);
    if (BINARY_HEADER_BYTES + BINARY_RECORD_BYTES * count === fileSize)
      return text && count > 0 ? 'ascii' : 'binary';
  }
  return text ? 'ascii' : 'binary';
}

/** Content test for the registry: ASCII STL only (binary STL needs the file size). */
export function sniffStl(head: Uint8Array): boolean {
  if (!startsWithSolid(head) || !isPlainText(head)) return false;
  const text = new TextDecoder('latin1').decode(head);
  return /\bfacet\b|\bendsolid\b/.test(text) || head.length < 256;
}

/**
 * Triangle count declared by a binary header, checked against the bytes available (before any
 * allocation).
 */
export function binaryTriangleCount(file: string, header: Uint8Array, fileSize: number): number {
  if (fileSize < BINARY_HEADER_BYTES) {
    throw new ReadError(file, STL_FORMAT, `binary STL needs at least 84 bytes, file has ${fileSize}`, {
      offset: 0,
    });
  }
  const count = new DataView(header.buffer, header.byteOffset, header.byteLength).getUint32(80, true);
  const needed = BINARY_HEADER_BYTES + BINARY_RECORD_BYTES * count;
  if (needed > fileSize) {
    throw new ReadError(
      file,
      STL_FORMAT,
      `file truncated: header declares ${count} triangles (${needed} bytes) but the file has ${fileSize} bytes`,
      { offset: 80 },
    );
  }
  return count;
}

/** Vertices of `count` binary records starting at byte 0 of `records`. */
export function decodeBinaryRecords(records: Uint8Array, count: number): Float32Array {
  const view = new DataView(records.buffer, records.byteOffset, records.byteLength);
  const soup = new Float32Array(count * 9);
  for (let t = 0; t < count; t++) {
    // Skip the 12-byte facet normal; the 2 attribute bytes after the vertices are ignored too.
    const base = t * BINARY_RECORD_BYTES + 12;
    const out = t * 9;
    for (let k = 0; k < 9; k++) soup[out + k] = view.getFloat32(base + 4 * k, true);
  }
  return soup;
}

/** A whitespace tokenizer over latin1 text that knows its line number. */
class Tokens {
  readonly text: string;
  position = 0;
  line = 1;
  start = 0;
  end = 0;

  constructor(text: string) {
    this.text = text;
  }

  /** Advances to the next token; false at the end of the text. */
  next(): boolean {
    const t = this.text;
    let i = this.position;
    for (; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c === 10) this.line++;
      else if (c !== 32 && c !== 9 && c !== 13 && c !== 12 && c !== 11) break;
    }
    if (i >= t.length) {
      this.position = i;
      return false;
    }
    this.start = i;
    for (; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11) break;
    }
    this.end = i;
    this.position = i;
    return true;
  }

  word(): string {
    return this.text.slice(this.start, this.end);
  }

  /** Skips the rest of the current line (solid names may contain spaces). */
  skipLine(): void {
    const newline = this.text.indexOf('\n', this.position);
    this.position = newline < 0 ? this.text.length : newline;
  }
}

function isKeyword(tokens: Tokens, keyword: string): boolean {
  if (tokens.end - tokens.start !== keyword.length) return false;
  for (let k = 0; k < keyword.length; k++) {
    if ((tokens.text.charCodeAt(tokens.start + k) | 0x20) !== keyword.charCodeAt(k)) return false;
  }
  return true;
}

/** Reads a number token; C-style `nan`/`inf` (as printf writes them) are accepted too. */
export function parseNumberToken(token: string): number {
  const value = Number(token);
  if (!Number.isNaN(value)) return value;
  const word = token.toLowerCase();
  if (word === 'nan' || word === '+nan' || word === '-nan') return Number.NaN;
  if (word === 'inf' || word === '+inf' || word === 'infinity' || word === '+infinity') return Infinity;
  if (word === '-inf' || word === '-infinity') return -Infinity;
  return Number.NaN;
}

function isNanToken(token: string): boolean {
  return /^[+-]?nan$/i.test(token);
}

/**
 * Parses ASCII STL (one or more `solid` blocks) into a triangle soup. Every structural keyword is
 * checked, so a malformed file fails with the line at fault rather than yielding garbage.
 */
export function parseAsciiStl(file: string, text: string, onProgress?: (line: number) => void): Float32Array {
  const tokens = new Tokens(text);
  // A facet takes well over 64 characters, so this bound never under-allocates by much.
  let soup = new Float32Array(Math.max(9, Math.ceil(text.length / 64) * 9));
  let size = 0;
  const fail = (detail: string): never => {
    throw new ReadError(file, STL_FORMAT, detail, { line: tokens.line });
  };
  const expect = (keyword: string): void => {
    if (!tokens.next()) fail(`unexpected end of file, expected '${keyword}'`);
    if (!isKeyword(tokens, keyword)) fail(`expected '${keyword}' but found '${tokens.word()}'`);
  };
  const number = (what: string): number => {
    if (!tokens.next()) fail(`unexpected end of file in ${what}`);
    const value = parseDecimal(tokens.text, tokens.start, tokens.end);
    if (!Number.isNaN(value)) return value;
    const token = tokens.word();
    const special = parseNumberToken(token);
    if (Number.isNaN(special) && !isNanToken(token)) fail(`'${token}' is not a number (${what})`);
    return special;
  };

  let solids = 0;
  while (tokens.next()) {
    if (!isKeyword(tokens, 'solid')) fail(`expected 'solid' but found '${tokens.word()}'`);
    solids++;
    tokens.skipLine();
    for (;;) {
      if (!tokens.next()) fail(`unexpected end of file inside solid ${solids}: missing 'endsolid'`);
      if (isKeyword(tokens, 'endsolid')) {
        tokens.skipLine();
        break;
      }
      if (!isKeyword(tokens, 'facet')) fail(`expected 'facet' or 'endsolid' but found '${tokens.word()}'`);
      expect('normal');
      for (let k = 0; k < 3; k++) number('facet normal');
      expect('outer');
      expect('loop');
      if (size + 9 > soup.length) {
        const grown = new Float32Array(soup.length * 2);
        grown.set(soup);
        soup = grown;
      }
      for (let v = 0; v < 3; v++) {
        expect('vertex');
        for (let k = 0; k < 3; k++) soup[size++] = number('vertex');
      }
      expect('endloop');
      expect('endfacet');
      if (onProgress && (size & 0x3ffff) < 9) onProgress(tokens.line);
    }
  }
  if (solids === 0) fail("no 'solid' found");
  return soup.slice(0, size);
}
