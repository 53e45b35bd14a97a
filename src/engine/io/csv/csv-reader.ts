/**
 * CSV / TSV / whitespace-separated text → Table, typed the way ParaView's CSV reader
 * (vtkDelimitedTextReader with DetectNumericColumns) types columns: a column of integers that fit
 * in 32 bits is Int32 (VTK's IntArray), any other all-numeric column is Float64 (DoubleArray), and
 * anything else is a StringArray. Empty fields in a numeric column read as NaN, which makes an
 * integer column Float64. Columns are typed in a first pass and filled in a second, so no field
 * strings are kept for numeric columns.
 */
import { ReadError, throwIfAborted } from '../../../errors.js';
import { StringArray } from '../../data/attributes.js';
import { DataArray } from '../../data/data-array.js';
import { createTable, type Table } from '../../data/dataset.js';
import { FileSource } from '../common/file-source.js';
import type { FormatReader, ReadOptions } from '../types.js';
import {
  classifyField,
  type Delimiter,
  detectDelimiter,
  detectHeader,
  forEachRecord,
  isNumericField,
  numericValue,
  sampleRecords,
} from './delimited-text.js';

export const CSV_FORMAT = 'csv';

export interface CsvReadOptions extends ReadOptions {
  /** Field delimiter; detected from the first records when omitted. */
  delimiter?: Delimiter;
  /** Whether the first record names the columns; detected when omitted. */
  hasHeader?: boolean;
}

type ColumnKind = 'int' | 'float' | 'string';

/** Header names trimmed, blanks named "Field i" (VTK's default), repeats made unique. */
function columnNames(header: string[] | undefined, count: number): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < count; i++) {
    let name = header?.[i]?.trim() || `Field ${i}`;
    if (seen.has(name)) {
      let n = 2;
      while (seen.has(`${name} (${n})`)) n++;
      name = `${name} (${n})`;
    }
    seen.add(name);
    names.push(name);
  }
  return names;
}

/** Parses delimited text into a Table (see the module comment for typing rules). */
export function parseDelimitedText(
  file: string,
  text: string,
  options: CsvReadOptions = {},
): { table: Table; delimiter: Delimiter; hasHeader: boolean } {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const delimiter = options.delimiter ?? detectDelimiter(text).delimiter;
  const hasHeader = options.hasHeader ?? detectHeader(sampleRecords(text, delimiter, 2));
  const first = sampleRecords(text, delimiter, 1)[0];
  const table = createTable();
  if (!first) return { table, delimiter, hasHeader };

  const headerFields = hasHeader ? [...first.fields] : undefined;
  // A header written with a trailing delimiter has an empty last name that no column fills.
  if (headerFields && headerFields.length > 1 && headerFields.at(-1)!.trim() === '') headerFields.pop();
  const columns = headerFields?.length ?? first.fields.length;
  const names = columnNames(headerFields, columns);
  const kinds: ColumnKind[] = new Array(columns).fill('int');
  const hasEmpty: boolean[] = new Array(columns).fill(false);
  const hasValue: boolean[] = new Array(columns).fill(false);
  let rows = 0;

  /** Visits data records, checking their width; a trailing delimiter (one extra empty field) is allowed. */
  const eachDataRecord = (visit: (fields: string[], row: number) => void) => {
    let index = 0;
    forEachRecord(text, delimiter, (fields, line) => {
      if (index++ === 0 && hasHeader) return true;
      if (fields.length === columns + 1 && fields[columns].trim() === '') fields.pop();
      if (fields.length !== columns) {
        throw new ReadError(
          file,
          CSV_FORMAT,
          `row has ${fields.length} fields but the table has ${columns} columns`,
          {
            line,
          },
        );
      }
      const row = index - (hasHeader ? 2 : 1);
      if ((row & 0xffff) === 0xffff) throwIfAborted(options.signal, `reading ${file}`);
      visit(fields, row);
      return true;
    });
  };

  eachDataRecord((fields) => {
    rows++;
    for (let c = 0; c < columns; c++) {
      const field = fields[c].trim();
      if (field === '') {
        hasEmpty[c] = true;
        continue;
      }
      hasValue[c] = true;
      if (kinds[c] === 'string') continue;
      const kind = classifyField(field);
      if (kind === 'text') kinds[c] = 'string';
      else if (kind === 'number') kinds[c] = 'float';
    }
  });

  const finalKind = (c: number): ColumnKind => {
    if (rows > 0 && !hasValue[c]) return 'string';
    if (kinds[c] === 'int' && (hasEmpty[c] || rows === 0)) return 'float';
    return kinds[c];
  };
  const resolved = names.map((_, c) => finalKind(c));
  // Filled as Float64 (one element kind keeps the fill loop fast), narrowed to Int32 afterwards.
  const numbers = resolved.map((kind) => (kind === 'string' ? undefined : new Float64Array(rows)));
  const strings = resolved.map((kind) => (kind === 'string' ? new Array<string>(rows) : undefined));

  eachDataRecord((fields, row) => {
    for (let c = 0; c < columns; c++) {
      const target = numbers[c];
      if (target) {
        const field = fields[c].trim();
        target[row] = field === '' ? Number.NaN : numericValue(field);
      } else {
        strings[c]![row] = fields[c].trim();
      }
    }
  });

  for (let c = 0; c < columns; c++) {
    const filled = numbers[c];
    const values = filled && resolved[c] === 'int' ? Int32Array.from(filled) : filled;
    table.rowData.add(
      values ? new DataArray({ name: names[c], values }) : new StringArray(names[c], strings[c]!),
    );
  }
  return { table, delimiter, hasHeader };
}

/** Reads a delimited text file (CSV, TSV, space-separated) into a Table. */
export async function readCsv(path: string, options: CsvReadOptions = {}): Promise<Table> {
  const bytes = await FileSource.with(path, CSV_FORMAT, (source) => source.readAll());
  throwIfAborted(options.signal, `reading ${path}`);
  return parseDelimitedText(path, bytes.toString('utf8'), options).table;
}

/**
 * Accepts only delimited numeric text: at least two columns split the same way on every complete
 * line of the head, an optional header, and numbers (or empty fields) everywhere else. This keeps
 * `.txt` files of other kinds (OBJ, ASCII STL/PLY, legacy VTK, prose) away from the CSV reader.
 */
export function sniffDelimitedNumbers(head: Uint8Array): boolean {
  for (const byte of head)
    if (byte === 0 || (byte < 0x20 && byte !== 9 && byte !== 10 && byte !== 13)) return false;
  let text = new TextDecoder('utf-8').decode(head);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // A 1 KiB head is usually cut mid-line: drop the partial last line.
  if (head.length >= 1024) {
    const lastNewline = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
    if (lastNewline < 0) return false;
    text = text.slice(0, lastNewline);
  }
  const { delimiter, consistent } = detectDelimiter(text);
  if (!consistent) return false;
  const records = sampleRecords(text, delimiter, 50);
  if (records.length === 0 || records[0].fields.length < 2) return false;
  const data = detectHeader(records) ? records.slice(1) : records;
  if (data.length === 0) return false;
  return data.every((r) => r.fields.every((f) => f.trim() === '' || isNumericField(f)));
}

export const csvReader: FormatReader = {
  format: CSV_FORMAT,
  description: 'Delimited text table (CSV, TSV, whitespace-separated)',
  extensions: ['.csv', '.tsv', '.txt'],
  sniff: sniffDelimitedNumbers,
  read: (path, options) => readCsv(path, options),
};
