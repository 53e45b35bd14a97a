/**
 * Files made of other files: parallel VTK XML (.pvti .pvtr .pvts .pvtp .pvtu), VTK composite
 * files (.vtm, .vtpc, .vtpd), ParaView collections (.pvd), JSON file series (.series) and numbered
 * file series. Referenced files are read through the I/O registry, so any registered format may
 * appear inside a collection.
 */
import type { FormatReader, FormatWriter } from '../types.js';
import { parallelVtkXmlReader } from './parallel-reader.js';
import { parallelVtkXmlWriter } from './parallel-writer.js';
import { pvdReader } from './pvd-reader.js';
import { pvdWriter } from './pvd-writer.js';
import { seriesReader } from './series-reader.js';
import { vtmReader } from './vtm-reader.js';
import { vtmWriter } from './vtm-writer.js';

export { mapWithConcurrency } from './concurrency.js';
export {
  FILE_SERIES_FORMAT,
  type FileSeriesGroup,
  groupFileSeries,
  readFileSeries,
  readFileSeriesLabel,
} from './file-series.js';
export { appendPieces } from './parallel-append.js';
export type { ArrayDeclaration, ParallelHeader, PieceReference } from './parallel-header.js';
export { PARALLEL_FORMAT, parseParallelHeader } from './parallel-header.js';
export { parallelVtkXmlReader, readParallelPieces, readParallelVtkXml } from './parallel-reader.js';
export { splitDataSet } from './parallel-split.js';
export { assembleStructuredPieces } from './parallel-structured.js';
export { type ParallelWriteOptions, parallelVtkXmlWriter, writeParallelVtkXml } from './parallel-writer.js';
export { PVD_FORMAT, pvdReader, readPvd } from './pvd-reader.js';
export { pvdWriter, writePvd } from './pvd-writer.js';
export type { CollectionReadOptions } from './references.js';
export { readSeriesFile, SERIES_FORMAT, seriesReader } from './series-reader.js';
export { defaultBlockName, readVtm, VTM_FORMAT, vtmReader } from './vtm-reader.js';
export { vtmWriter, writeVtm } from './vtm-writer.js';

/** Every reader of this family, for `formats.ts` to register. */
export const collectionReaders: readonly FormatReader[] = [
  parallelVtkXmlReader,
  vtmReader,
  pvdReader,
  seriesReader,
];

/** Every writer of this family, for `formats.ts` to register. */
export const collectionWriters: readonly FormatWriter[] = [parallelVtkXmlWriter, vtmWriter, pvdWriter];
