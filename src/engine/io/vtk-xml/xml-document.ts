/**
 * A small XML parser for the subset VTK writes: elements, attributes, character data, comments,
 * processing instructions. It works on bytes, not a JavaScript string, so inline data of any size
 * that fits in a Buffer can be parsed (no ~512 MB string limit), and it records where each
 * element's character data lies instead of copying it: decoders read numbers and base64 straight
 * from the file bytes. It stops at `<AppendedData …>_`, after which the bytes are binary.
 *
 * Chosen over fast-xml-parser because that one builds a string for every text node (the whole
 * inline payload), cannot stop before binary appended data, and reports no byte offsets.
 */
import { ReadError } from '../../../errors.js';

export interface XmlElement {
  name: string;
  attributes: Map<string, string>;
  children: XmlElement[];
  /** Byte offset of the element's '<' in the document. */
  offset: number;
  /** Byte ranges [start, end) of character data directly inside this element that is not blank. */
  text: [number, number][];
}

export interface XmlDocument {
  root: XmlElement;
  bytes: Uint8Array;
  /** Byte offset of the first appended byte (just after `_`), or -1 without appended data. */
  appendedDataStart: number;
  /** The AppendedData element, when the document has one. */
  appendedData: XmlElement | undefined;
  /** File offset of `bytes[0]` (element offsets are file offsets). */
  baseOffset: number;
}

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const QUESTION = 0x3f;
const BANG = 0x21;
const EQUALS = 0x3d;
const UNDERSCORE = 0x5f;

const utf8 = new TextDecoder('utf-8', { fatal: false });

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isNameChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x5f ||
    c === 0x3a ||
    c === 0x2d ||
    c === 0x2e ||
    c >= 0x80
  );
}

/** 1-based line of byte `offset` in `bytes`. */
export function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  const end = Math.min(offset, bytes.length);
  let at = bytes.indexOf(0x0a, 0);
  while (at !== -1 && at < end) {
    line++;
    at = bytes.indexOf(0x0a, at + 1);
  }
  return line;
}

/** Decodes the five predefined XML entities and character references. */
function decodeEntities(raw: string, fail: (detail: string) => never): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;]{0,10});/g, (_whole, entity: string) => {
    switch (entity) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
    }
    const code = /^#x[0-9a-f]+$/i.test(entity)
      ? Number.parseInt(entity.slice(2), 16)
      : /^#[0-9]+$/.test(entity)
        ? Number.parseInt(entity.slice(1), 10)
        : Number.NaN;
    if (!Number.isInteger(code) || code > 0x10ffff) fail(`unknown entity '&${entity};'`);
    return String.fromCodePoint(code);
  });
}

export interface ParseXmlOptions {
  /** File name for errors. */
  file: string;
  /** Format id for errors (default 'vtk-xml'). */
  format?: string;
  /** Byte offset of `bytes[0]` in the file, so errors give file offsets. */
  baseOffset?: number;
}

/**
 * Parses `bytes` as an XML document. Malformed XML raises a ReadError naming the line and byte
 * offset. Parsing stops after `<AppendedData …>` and its `_` marker.
 */
export function parseXml(bytes: Uint8Array, options: ParseXmlOptions): XmlDocument {
  const format = options.format ?? 'vtk-xml';
  const base = options.baseOffset ?? 0;
  const fail = (detail: string, at: number): never => {
    throw new ReadError(options.file, format, `malformed XML: ${detail}`, {
      offset: base + at,
      line: lineAt(bytes, at),
    });
  };
  const n = bytes.length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let pos = 0;

  const findSequence = (sequence: number[], from: number): number => {
    let at = bytes.indexOf(sequence[0], from);
    while (at !== -1) {
      let match = true;
      for (let k = 1; k < sequence.length; k++) {
        if (bytes[at + k] !== sequence[k]) {
          match = false;
          break;
        }
      }
      if (match) return at;
      at = bytes.indexOf(sequence[0], at + 1);
    }
    return -1;
  };
  const skipSpace = (at: number): number => {
    while (at < n && isSpace(bytes[at])) at++;
    return at;
  };
  const readName = (at: number): [string, number] => {
    const start = at;
    while (at < n && isNameChar(bytes[at])) at++;
    if (at === start) fail('expected a name', start);
    return [utf8.decode(bytes.subarray(start, at)), at];
  };

  while (pos < n) {
    const lt = bytes.indexOf(LT, pos);
    const textEnd = lt === -1 ? n : lt;
    if (textEnd > pos) {
      let first = pos;
      while (first < textEnd && isSpace(bytes[first])) first++;
      if (first < textEnd) {
        const current = stack[stack.length - 1];
        if (!current) fail('text outside the root element', first);
        current.text.push([first, textEnd]);
      }
    }
    if (lt === -1) break;
    const next = bytes[lt + 1];
    if (next === QUESTION) {
      const end = findSequence([QUESTION, GT], lt + 2);
      if (end === -1) fail('unterminated processing instruction', lt);
      pos = end + 2;
      continue;
    }
    if (next === BANG) {
      if (bytes[lt + 2] === 0x2d && bytes[lt + 3] === 0x2d) {
        const end = findSequence([0x2d, 0x2d, GT], lt + 4);
        if (end === -1) fail('unterminated comment', lt);
        pos = end + 3;
        continue;
      }
      if (utf8.decode(bytes.subarray(lt + 2, lt + 9)) === '[CDATA[') {
        const end = findSequence([0x5d, 0x5d, GT], lt + 9);
        if (end === -1) fail('unterminated CDATA section', lt);
        const current = stack[stack.length - 1];
        if (!current) fail('CDATA outside the root element', lt);
        if (end > lt + 9) current.text.push([lt + 9, end]);
        pos = end + 3;
        continue;
      }
      const end = bytes.indexOf(GT, lt + 2);
      if (end === -1) fail('unterminated declaration', lt);
      pos = end + 1;
      continue;
    }
    if (next === SLASH) {
      const [name, after] = readName(lt + 2);
      const close = skipSpace(after);
      if (bytes[close] !== GT) fail(`expected '>' to end </${name}>`, close);
      const open = stack.pop();
      if (!open) fail(`closing tag </${name}> without an opening tag`, lt);
      else if (open.name !== name) fail(`expected </${open.name}> but found </${name}>`, lt);
      pos = close + 1;
      continue;
    }

    const [name, afterName] = readName(lt + 1);
    const element: XmlElement = { name, attributes: new Map(), children: [], offset: base + lt, text: [] };
    let at = afterName;
    let selfClosing = false;
    for (;;) {
      const gap = skipSpace(at);
      if (gap >= n) fail(`unterminated tag <${name}>`, lt);
      const c = bytes[gap];
      if (c === GT) {
        at = gap + 1;
        break;
      }
      if (c === SLASH) {
        if (bytes[gap + 1] !== GT) fail(`expected '/>' in <${name}>`, gap);
        at = gap + 2;
        selfClosing = true;
        break;
      }
      if (gap === at) fail(`expected a space before an attribute in <${name}>`, gap);
      const [attribute, afterAttribute] = readName(gap);
      const equals = skipSpace(afterAttribute);
      if (bytes[equals] !== EQUALS) fail(`attribute '${attribute}' of <${name}> has no value`, equals);
      const quoteAt = skipSpace(equals + 1);
      const quote = bytes[quoteAt];
      if (quote !== 0x22 && quote !== 0x27)
        fail(`attribute '${attribute}' of <${name}> is not quoted`, quoteAt);
      const close = bytes.indexOf(quote, quoteAt + 1);
      if (close === -1) fail(`unterminated value of attribute '${attribute}' in <${name}>`, quoteAt);
      const rawBytes = bytes.subarray(quoteAt + 1, close);
      if (rawBytes.includes(LT)) fail(`'<' inside the value of attribute '${attribute}'`, quoteAt);
      if (element.attributes.has(attribute)) fail(`duplicate attribute '${attribute}' in <${name}>`, gap);
      // XML attribute-value normalisation: literal tabs and newlines read as spaces (character
      // references such as &#9; are kept, which is how writers preserve them).
      const value = decodeEntities(utf8.decode(rawBytes).replace(/[\t\n\r]/g, ' '), (detail) =>
        fail(`${detail} in attribute '${attribute}'`, quoteAt),
      );
      element.attributes.set(attribute, value);
      at = close + 1;
    }

    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else if (root) fail(`a second root element <${name}>`, lt);
    else root = element;

    if (!selfClosing && name === 'AppendedData') {
      let marker = skipSpace(at);
      if (bytes[marker] !== UNDERSCORE) fail("appended data must start with '_'", marker);
      marker++;
      return {
        root: root!,
        bytes,
        appendedDataStart: base + marker,
        appendedData: element,
        baseOffset: base,
      };
    }
    if (!selfClosing) stack.push(element);
    pos = at;
  }

  if (!root) fail('no root element', 0);
  if (stack.length > 0) fail(`end of file inside <${stack[stack.length - 1].name}>`, n);
  return { root: root!, bytes, appendedDataStart: -1, appendedData: undefined, baseOffset: base };
}

/** The child elements called `name`. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name);
}

/** The one child called `name`, or undefined. */
export function childNamed(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((child) => child.name === name);
}
