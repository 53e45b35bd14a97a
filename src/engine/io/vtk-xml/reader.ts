/**
 * The VTK XML serial reader (.vti .vtp .vtu .vts .vtr): opens the file, parses the XML part,
 * works out how arrays are encoded, and reads the pieces.
 */
import { throwIfAborted } from '../../../errors.js';
import { emptyCellArray } from '../../data/cell-array.js';
import { DataArray } from '../../data/data-array.js';
import {
  createImageData,
  createPolyData,
  createRectilinearGrid,
  createStructuredGrid,
  createUnstructuredGrid,
  type DataSet,
  type DataSetType,
} from '../../data/dataset.js';
import { FileSource } from '../common/file-source.js';
import type { FormatReader, ReadOptions } from '../types.js';
import type { AppendedSection } from './array-reader.js';
import { decompressorFor } from './compressors.js';
import { Limiter } from './concurrency.js';
import { elementError, isArrayElement, VTK_XML_FORMAT } from './data-array-header.js';
import { loadXmlPart } from './load-xml.js';
import { mergePolyPieces, mergeUnstructuredPieces, PieceMismatchError } from './merge-pieces.js';
import {
  type ReadContext,
  readFieldData,
  readImagePiece,
  readPolyPiece,
  readRectilinearPiece,
  readStructuredPiece,
  readUnstructuredPiece,
} from './read-pieces.js';
import { childNamed, childrenNamed, type XmlDocument, type XmlElement } from './xml-document.js';

/**
 * Arrays read at once: enough to keep the thread pool reading while this thread converts ids or
 * inflates blocks, few enough to bound the read-ahead windows held.
 */
const ARRAYS_IN_FLIGHT = 3;

export interface VtkXmlReadOptions extends ReadOptions {
  /** The file that names this one (a .pvtu, .vtm…), for the FileNotFoundError message. */
  referencedBy?: string;
}

/** The dataset types a serial VTK XML file can hold, with their file extensions. */
export const SERIAL_TYPES: Readonly<Record<DataSetType, string>> = {
  ImageData: '.vti',
  RectilinearGrid: '.vtr',
  StructuredGrid: '.vts',
  PolyData: '.vtp',
  UnstructuredGrid: '.vtu',
};

function isSerialType(type: string): type is DataSetType {
  return Object.hasOwn(SERIAL_TYPES, type);
}

/** The `<VTKFile>` attributes that govern how arrays are stored. */
export interface VtkFileHeader {
  type: string;
  version: string | undefined;
  littleEndian: boolean;
  headerSize: 4 | 8;
  compressor: string | undefined;
}

/** Parses and checks the `<VTKFile>` root element (shared with the parallel readers). */
export function parseVtkFileHeader(file: string, doc: XmlDocument): VtkFileHeader {
  const root = doc.root;
  const fail = (detail: string): never => {
    throw elementError(file, doc, root, detail);
  };
  if (root.name !== 'VTKFile') fail(`root element is <${root.name}>, not <VTKFile>`);
  const type = root.attributes.get('type');
  if (!type) fail('<VTKFile> has no type attribute');
  const byteOrder = root.attributes.get('byte_order') ?? 'LittleEndian';
  if (byteOrder !== 'LittleEndian' && byteOrder !== 'BigEndian') fail(`unknown byte_order="${byteOrder}"`);
  const headerType = root.attributes.get('header_type') ?? 'UInt32';
  if (headerType !== 'UInt32' && headerType !== 'UInt64') fail(`unsupported header_type="${headerType}"`);
  const compressor = root.attributes.get('compressor') || undefined;
  if (compressor !== undefined && !decompressorFor(compressor)) fail(`unknown compressor="${compressor}"`);
  return {
    type: type!,
    version: root.attributes.get('version'),
    littleEndian: byteOrder === 'LittleEndian',
    headerSize: headerType === 'UInt64' ? 8 : 4,
    compressor,
  };
}

function collectAppendedBoundaries(element: XmlElement, start: number, out: number[]): void {
  for (const child of element.children) {
    if (isArrayElement(child) && child.attributes.get('format') === 'appended') {
      const offset = Number(child.attributes.get('offset'));
      if (Number.isSafeInteger(offset) && offset >= 0) out.push(start + offset);
    }
    collectAppendedBoundaries(child, start, out);
  }
}

function appendedSection(file: string, doc: XmlDocument): AppendedSection | undefined {
  const element = doc.appendedData;
  if (!element) return undefined;
  const encoding = element.attributes.get('encoding') ?? 'raw';
  if (encoding !== 'raw' && encoding !== 'base64') {
    throw elementError(file, doc, element, `unknown AppendedData encoding="${encoding}"`);
  }
  const boundaries: number[] = [];
  collectAppendedBoundaries(doc.root, doc.appendedDataStart, boundaries);
  boundaries.sort((a, b) => a - b);
  return { start: doc.appendedDataStart, encoding, boundaries };
}

function emptyDataSet(type: DataSetType): DataSet {
  const empty = () => DataArray.allocate('', 'Float64', 0);
  switch (type) {
    case 'ImageData':
      return createImageData({ extent: [0, -1, 0, -1, 0, -1] });
    case 'RectilinearGrid':
      return createRectilinearGrid({
        extent: [0, -1, 0, -1, 0, -1],
        xCoordinates: empty(),
        yCoordinates: empty(),
        zCoordinates: empty(),
      });
    case 'StructuredGrid':
      return createStructuredGrid({
        extent: [0, -1, 0, -1, 0, -1],
        points: DataArray.allocate('Points', 'Float32', 0, 3),
      });
    case 'PolyData':
      return createPolyData({ points: DataArray.allocate('Points', 'Float32', 0, 3) });
    case 'UnstructuredGrid':
      return createUnstructuredGrid({
        points: DataArray.allocate('Points', 'Float32', 0, 3),
        cells: emptyCellArray(),
        cellTypes: new Uint8Array(0),
      });
  }
}

async function readPieces(ctx: ReadContext, type: DataSetType, dataset: XmlElement): Promise<DataSet> {
  const pieces = childrenNamed(dataset, 'Piece');
  if (pieces.length === 0) return emptyDataSet(type);
  if (pieces.length > 1 && type !== 'PolyData' && type !== 'UnstructuredGrid') {
    throw elementError(
      ctx.file,
      ctx.doc,
      pieces[1],
      `${pieces.length} pieces of ${type} in one serial file are not supported (only unstructured and poly data pieces are joined)`,
    );
  }
  const piece = pieces[0];
  try {
    switch (type) {
      case 'ImageData':
        return await readImagePiece(ctx, dataset, piece);
      case 'RectilinearGrid':
        return await readRectilinearPiece(ctx, dataset, piece);
      case 'StructuredGrid':
        return await readStructuredPiece(ctx, dataset, piece);
      case 'PolyData': {
        const parts = [];
        for (const p of pieces) parts.push(await readPolyPiece(ctx, p));
        return mergePolyPieces(parts);
      }
      case 'UnstructuredGrid': {
        const parts = [];
        for (const p of pieces) parts.push(await readUnstructuredPiece(ctx, p));
        return mergeUnstructuredPieces(parts);
      }
    }
  } catch (error) {
    if (error instanceof PieceMismatchError) throw elementError(ctx.file, ctx.doc, dataset, error.message);
    throw error;
  }
}

/** Reads one serial VTK XML file into a dataset. */
export async function readVtkXml(path: string, options: VtkXmlReadOptions = {}): Promise<DataSet> {
  throwIfAborted(options.signal, `reading ${path}`);
  return FileSource.with(
    path,
    VTK_XML_FORMAT,
    async (source) => {
      const doc = await loadXmlPart(source);
      const header = parseVtkFileHeader(path, doc);
      if (!isSerialType(header.type)) {
        throw elementError(path, doc, doc.root, `type="${header.type}" is not a serial dataset type`);
      }
      const dataset = childNamed(doc.root, header.type);
      if (!dataset)
        throw elementError(
          path,
          doc,
          doc.root,
          `<VTKFile type="${header.type}"> has no <${header.type}> element`,
        );
      const ctx: ReadContext = {
        file: path,
        source,
        doc,
        littleEndian: header.littleEndian,
        headerSize: header.headerSize,
        decompressor: header.compressor ? decompressorFor(header.compressor) : undefined,
        appended: appendedSection(path, doc),
        signal: options.signal,
        limiter: new Limiter(ARRAYS_IN_FLIGHT),
      };
      const data = await readPieces(ctx, header.type, dataset);
      data.fieldData = await readFieldData(ctx, childNamed(dataset, 'FieldData'));
      return data;
    },
    options.referencedBy,
  );
}

/** What the parallel readers call for each piece file (the same reader). */
export const readVtkXmlPiece: (path: string, options?: VtkXmlReadOptions) => Promise<DataSet> = readVtkXml;

const SNIFF =
  /<VTKFile\b[^>]*\btype\s*=\s*["'](ImageData|RectilinearGrid|StructuredGrid|PolyData|UnstructuredGrid)["']/;

/** Whether the first bytes are a serial VTK XML file. */
export function sniffVtkXml(head: Uint8Array): boolean {
  return SNIFF.test(new TextDecoder('latin1').decode(head));
}

export const vtkXmlReader: FormatReader = {
  format: VTK_XML_FORMAT,
  description: 'VTK XML serial dataset (.vti .vtp .vtu .vts .vtr)',
  extensions: ['.vti', '.vtp', '.vtu', '.vts', '.vtr'],
  sniff: sniffVtkXml,
  read: (path, options) => readVtkXml(path, options),
};
