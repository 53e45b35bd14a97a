/**
 * Reader for parallel VTK XML files (.pvti .pvtr .pvts .pvtp .pvtu): reads the P-file, reads
 * every piece (a few at a time), and assembles one dataset as ParaView shows it.
 */
import { ReadError } from '../../../errors.js';
import { type DataObject, type DataSet, isDataSet } from '../../data/dataset.js';
import type { FormatReader } from '../types.js';
import { mapWithConcurrency } from './concurrency.js';
import { appendPieces, type PointSetDataSet } from './parallel-append.js';
import {
  isStructuredType,
  PARALLEL_FORMAT,
  type ParallelHeader,
  parseParallelHeader,
} from './parallel-header.js';
import { assembleStructuredPieces, type StructuredDataSet } from './parallel-structured.js';
import {
  type CollectionReadOptions,
  concurrencyOf,
  enterCollection,
  readReferencedFile,
  resolveReference,
} from './references.js';
import { readXmlDocument } from './xml-document.js';

export const PARALLEL_EXTENSIONS = ['.pvti', '.pvtr', '.pvts', '.pvtp', '.pvtu'] as const;

/** Reads the P-file `path` and returns the header together with every piece, in P-file order. */
export async function readParallelPieces(
  path: string,
  options: CollectionReadOptions = {},
): Promise<{ header: ParallelHeader; pieces: { file: string; data: DataSet }[] }> {
  const header = parseParallelHeader(await readXmlDocument(path, PARALLEL_FORMAT), path);
  const inner = enterCollection(path, PARALLEL_FORMAT, options);
  const files = await Promise.all(header.pieces.map((piece) => resolveReference(path, piece.source)));
  // The same file may be listed twice (cube.pvtp); it is read once.
  const unique = [...new Set(files)];
  const data = await mapWithConcurrency(
    unique,
    concurrencyOf(options),
    async (file): Promise<DataObject> => readReferencedFile(file, path, inner),
    options.signal,
  );
  const byFile = new Map(unique.map((file, i) => [file, data[i]]));
  const pieces = files.map((file) => {
    const piece = byFile.get(file)!;
    if (!isDataSet(piece)) {
      throw new ReadError(
        path,
        PARALLEL_FORMAT,
        `piece ${file} holds a ${piece.type}, not a ${header.dataType}`,
      );
    }
    return { file, data: piece };
  });
  return { header, pieces };
}

/** Reads a parallel VTK XML file into one dataset. */
export async function readParallelVtkXml(
  path: string,
  options: CollectionReadOptions = {},
): Promise<DataSet> {
  const { header, pieces } = await readParallelPieces(path, options);
  if (isStructuredType(header.dataType)) {
    return assembleStructuredPieces(
      header,
      pieces.map((piece, i) => ({
        file: piece.file,
        data: piece.data as StructuredDataSet,
        declaredExtent: header.pieces[i].extent,
      })),
      path,
    );
  }
  return appendPieces(
    header,
    pieces.map((piece) => ({ file: piece.file, data: piece.data as PointSetDataSet })),
    path,
  );
}

const decoder = new TextDecoder('utf-8', { fatal: false });

export const parallelVtkXmlReader: FormatReader = {
  format: PARALLEL_FORMAT,
  description: 'VTK XML parallel dataset (P-file and its pieces)',
  extensions: PARALLEL_EXTENSIONS,
  sniff(head: Uint8Array): boolean {
    return /<VTKFile[^>]*\btype\s*=\s*["']P(ImageData|RectilinearGrid|StructuredGrid|PolyData|UnstructuredGrid)["']/.test(
      decoder.decode(head),
    );
  },
  read: (path, options) => readParallelVtkXml(path, options),
};
