/** Delimited text tables (CSV, TSV, whitespace-separated) and TableToPoints. */
export {
  CSV_FORMAT,
  type CsvReadOptions,
  csvReader,
  parseDelimitedText,
  readCsv,
  sniffDelimitedNumbers,
} from './csv-reader.js';
export {
  type Delimiter,
  type Dialect,
  detectDelimiter,
  detectDialect,
  detectHeader,
  forEachRecord,
  isNumericField,
} from './delimited-text.js';
export { findCoordinateColumns, type TableToPointsOptions, tableToPoints } from './table-to-points.js';
