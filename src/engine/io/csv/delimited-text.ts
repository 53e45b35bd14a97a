/**
 * Delimited text: splitting into records (quoted fields with "" escapes and embedded newlines,
 * CRLF or LF, blank lines skipped), and guessing the dialect — delimiter and whether the first
 * record is a header — from a sample of records.
 */

import { parseDecimal } from '../common/decimal.js';

/** A single-character delimiter, or runs of spaces/tabs. */
export type Delimiter = ',' | '\t' | ';' | 'whitespace';

export interface Dialect {
  delimiter: Delimiter;
  hasHeader: boolean;
}

/** Candidates in order of preference when several split the sample consistently. */
export const DELIMITERS: readonly Delimiter[] = [',', '\t', ';', 'whitespace'];

/**
 * Calls `onRecord(fields, line)` for each non-blank record of `text` (line is the 1-based line
 * where the record starts); stops early when it returns false. Fields are not trimmed. A quote
 * opens a quoted field only at the start of a field; an unterminated quote runs to the end.
 */
export function forEachRecord(
  text: string,
  delimiter: Delimiter,
  onRecord: (fields: string[], line: number) => boolean | undefined,
): void {
  const whitespace = delimiter === 'whitespace';
  const separator = whitespace ? -1 : delimiter.charCodeAt(0);
  const length = text.length;
  let i = 0;
  let line = 1;
  // Lines before the next quote can be split with indexOf alone (not for classic-Mac CR-only text).
  const fastPath = !whitespace && !(text.indexOf('\r') >= 0 && text.indexOf('\n') < 0);
  let nextQuote = fastPath ? text.indexOf('"') : -1;
  while (i < length) {
    if (fastPath) {
      let end = text.indexOf('\n', i);
      if (end < 0) end = length;
      if (nextQuote >= 0 && nextQuote < i) nextQuote = text.indexOf('"', i);
      if (nextQuote < 0 || nextQuote >= end) {
        const startLine = line++;
        const stop = end > i && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
        const start = i;
        i = end + 1;
        if (stop === start) continue;
        const fields: string[] = [];
        let from = start;
        for (;;) {
          const at = text.indexOf(delimiter, from);
          if (at < 0 || at >= stop) {
            fields.push(text.slice(from, stop));
            break;
          }
          fields.push(text.slice(from, at));
          from = at + 1;
        }
        if (fields.every((f) => f.trim() === '')) continue;
        if (onRecord(fields, startLine) === false) return;
        continue;
      }
    }
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    let fieldStart = true;
    let blank = true;
    let atEnd = false;
    while (!atEnd) {
      if (i >= length) {
        atEnd = true;
        break;
      }
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13) {
        i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
        line++;
        break;
      }
      if (whitespace && (c === 32 || c === 9)) {
        if (!fieldStart) {
          fields.push(field);
          field = '';
          fieldStart = true;
        }
        i++;
        continue;
      }
      if (c === separator) {
        fields.push(field);
        field = '';
        fieldStart = true;
        blank = false;
        i++;
        continue;
      }
      if (c === 34 && fieldStart) {
        // Quoted field: runs to the closing quote; "" is a literal quote; newlines are kept.
        blank = false;
        fieldStart = false;
        i++;
        for (;;) {
          if (i >= length) break;
          const q = text.charCodeAt(i);
          if (q === 34) {
            if (text.charCodeAt(i + 1) === 34) {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (q === 10) line++;
          field += text[i];
          i++;
        }
        continue;
      }
      // Plain run of characters up to the next special one.
      let j = i;
      while (j < length) {
        const d = text.charCodeAt(j);
        if (d === 10 || d === 13 || d === separator || (whitespace && (d === 32 || d === 9))) break;
        j++;
      }
      const chunk = text.slice(i, j);
      if (blank && chunk.trim() !== '') blank = false;
      field += chunk;
      fieldStart = false;
      i = j;
    }
    if (!fieldStart || (!whitespace && fields.length > 0)) fields.push(field);
    if (blank && fields.every((f) => f.trim() === '')) continue;
    if (onRecord(fields, startLine) === false) return;
  }
}

/** The first `limit` records, with their line numbers. */
export function sampleRecords(
  text: string,
  delimiter: Delimiter,
  limit: number,
): { fields: string[]; line: number }[] {
  const records: { fields: string[]; line: number }[] = [];
  forEachRecord(text, delimiter, (fields, line) => {
    records.push({ fields, line });
    return records.length < limit;
  });
  return records;
}

/**
 * What a field holds, for column typing: nothing, an integer that fits Int32 (optional sign and
 * digits), any other number (decimal or exponent notation, nan/inf as C prints them), or text.
 */
export type FieldKind = 'empty' | 'int32' | 'number' | 'text';

const INT32_LIMIT = 2 ** 31 - 1;

/** Classifies a field (surrounding blanks ignored) without regular expressions or slicing. */
export function classifyField(field: string): FieldKind {
  let start = 0;
  let end = field.length;
  while (start < end && (field.charCodeAt(start) === 32 || field.charCodeAt(start) === 9)) start++;
  while (end > start && (field.charCodeAt(end - 1) === 32 || field.charCodeAt(end - 1) === 9)) end--;
  if (start === end) return 'empty';
  let integer = true;
  for (let i = start; i < end; i++) {
    const c = field.charCodeAt(i);
    if (c >= 48 && c <= 57) continue;
    if ((c === 43 || c === 45) && i === start) continue;
    if (c === 46 || c === 101 || c === 69 || c === 43 || c === 45) {
      integer = false;
      continue;
    }
    return /^[+-]?(nan|inf|infinity)$/i.test(field.slice(start, end)) ? 'number' : 'text';
  }
  // Only digits, signs, dots and exponent marks are left, which read as C's strtod would.
  const value = parseDecimal(field, start, end);
  if (Number.isNaN(value)) return 'text';
  return integer && Math.abs(value) <= INT32_LIMIT ? 'int32' : 'number';
}

/** Whether a field is a number: decimal or exponent notation, or nan/inf as C libraries print them. */
export function isNumericField(field: string): boolean {
  const kind = classifyField(field);
  return kind === 'int32' || kind === 'number';
}

/** Parses a field known to be numeric (see isNumericField). */
export function numericValue(field: string): number {
  const fast = parseDecimal(field, 0, field.length);
  if (!Number.isNaN(fast)) return fast;
  const value = Number(field);
  if (!Number.isNaN(value)) return value;
  const word = field.trim().toLowerCase();
  if (word.endsWith('inf') || word.endsWith('infinity')) return word.startsWith('-') ? -Infinity : Infinity;
  return Number.NaN;
}

/**
 * The first record is a header when all of its fields are non-numeric, or when one of its fields
 * is non-numeric while the next record has a number in that column.
 */
export function detectHeader(records: readonly { fields: string[] }[]): boolean {
  if (records.length === 0) return false;
  const first = records[0].fields;
  if (first.every((f) => !isNumericField(f))) return true;
  const second = records[1]?.fields;
  if (!second) return false;
  return first.some((f, i) => !isNumericField(f) && i < second.length && isNumericField(second[i]));
}

/**
 * Picks the delimiter: the first candidate that splits every sampled record into the same number
 * (≥ 2) of fields; failing that, the first that gives the first record more than one field (a
 * ragged row is then reported while reading); failing that, a single comma-free column.
 */
export function detectDelimiter(
  text: string,
  sampleSize = 50,
): { delimiter: Delimiter; consistent: boolean } {
  let fallback: Delimiter | undefined;
  for (const delimiter of DELIMITERS) {
    const records = sampleRecords(text, delimiter, sampleSize);
    if (records.length === 0) continue;
    const columns = records[0].fields.length;
    if (columns >= 2 && records.every((r) => r.fields.length === columns))
      return { delimiter, consistent: true };
    if (columns >= 2 && fallback === undefined) fallback = delimiter;
  }
  return { delimiter: fallback ?? ',', consistent: fallback === undefined };
}

/** Delimiter and header presence for `text`. */
export function detectDialect(text: string): Dialect {
  const { delimiter } = detectDelimiter(text);
  return { delimiter, hasHeader: detectHeader(sampleRecords(text, delimiter, 2)) };
}
