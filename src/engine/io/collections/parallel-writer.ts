/**
 * Writer for parallel VTK XML files (.pvti .pvtr .pvts .pvtp .pvtu): the dataset is cut into
 * pieces (one by default), each piece is written with the serial VTK XML writer into the sibling
 * folder named after the file, and the P-file declares the arrays and lists the pieces. The
 * P-file is written last.
 */
import { extname } from 'node:path';
import { throwIfAborted, WriteError } from '../../../errors.js';
import { type AnyArray, type DataSetAttributes, StringArray } from '../../data/attributes.js';
import { DataArray } from '../../data/data-array.js';
import {
  type DataSet,
  type DataSetType,
  type Extent,
  IDENTITY_DIRECTION,
  isDataSet,
} from '../../data/dataset.js';
import type { FormatWriter, WriteOptions } from '../types.js';
import { escapeAttribute, memberLayout, SERIAL_EXTENSION } from './leaf-files.js';
import { PARALLEL_FORMAT } from './parallel-header.js';
import { PARALLEL_EXTENSIONS } from './parallel-reader.js';
import { splitDataSet } from './parallel-split.js';
import { writeLeaves, writeTextFile } from './vtm-writer.js';

export interface ParallelWriteOptions extends WriteOptions {
  /** How many pieces to cut the dataset into (default 1; fewer when there is not enough to cut). */
  numberOfPieces?: number;
}

const P_EXTENSION: Record<DataSetType, string> = {
  ImageData: '.pvti',
  RectilinearGrid: '.pvtr',
  StructuredGrid: '.pvts',
  PolyData: '.pvtp',
  UnstructuredGrid: '.pvtu',
};

/** VTK XML names of the active-attribute roles, as written on <PPointData>/<PCellData>. */
const ROLE_NAMES = {
  scalars: 'Scalars',
  vectors: 'Vectors',
  normals: 'Normals',
  tcoords: 'TCoords',
  tensors: 'Tensors',
  globalIds: 'GlobalIds',
} as const;

function declaration(array: AnyArray, indent: string, named = true): string {
  const type = array instanceof StringArray ? 'String' : array.dataType;
  const components = array instanceof DataArray ? array.numberOfComponents : 1;
  const name = named ? ` Name="${escapeAttribute(array.name)}"` : '';
  return `${indent}<PDataArray type="${type}"${name} NumberOfComponents="${components}"/>`;
}

function attributeBlock(element: string, attributes: DataSetAttributes): string[] {
  if (attributes.size === 0) return [];
  const active = Object.entries(attributes.activeAttributes)
    .map(([role, name]) => ` ${ROLE_NAMES[role as keyof typeof ROLE_NAMES]}="${escapeAttribute(name)}"`)
    .join('');
  return [
    `    <${element}${active}>`,
    ...attributes.arrays.map((array) => declaration(array, '      ')),
    `    </${element}>`,
  ];
}

const numbers = (values: readonly number[]) => values.map((v) => String(v)).join(' ');

/** The P-file text for `data` cut into pieces stored at `sources` (with their extents). */
export function parallelHeaderText(
  data: DataSet,
  pieces: readonly { source: string; extent?: Extent }[],
): string {
  const type = `P${data.type}`;
  let head = `  <${type} GhostLevel="0"`;
  if (data.type === 'ImageData') {
    head += ` WholeExtent="${numbers(data.extent)}" Origin="${numbers(data.origin)}" Spacing="${numbers(data.spacing)}"`;
    if (data.direction.some((v, i) => v !== IDENTITY_DIRECTION[i]))
      head += ` Direction="${numbers(data.direction)}"`;
  } else if (data.type === 'RectilinearGrid' || data.type === 'StructuredGrid') {
    head += ` WholeExtent="${numbers(data.extent)}"`;
  }
  const lines = [
    '<?xml version="1.0"?>',
    `<VTKFile type="${type}" version="1.0" byte_order="LittleEndian" header_type="UInt64">`,
    `${head}>`,
  ];
  lines.push(...attributeBlock('PPointData', data.pointData), ...attributeBlock('PCellData', data.cellData));
  if (data.type === 'RectilinearGrid') {
    lines.push(
      '    <PCoordinates>',
      ...[data.xCoordinates, data.yCoordinates, data.zCoordinates].map((c) =>
        declaration(c, '      ', c.name !== ''),
      ),
      '    </PCoordinates>',
    );
  } else if (data.type !== 'ImageData') {
    lines.push(
      '    <PPoints>',
      declaration(data.points, '      ', data.points.name !== ''),
      '    </PPoints>',
    );
  }
  for (const piece of pieces) {
    const extent = piece.extent ? ` Extent="${numbers(piece.extent)}"` : '';
    lines.push(`    <Piece${extent} Source="${escapeAttribute(piece.source)}"/>`);
  }
  lines.push(`  </${type}>`, '</VTKFile>', '');
  return lines.join('\n');
}

/** Writes `data` as a parallel VTK XML file with its pieces in the sibling folder. */
export async function writeParallelVtkXml(
  path: string,
  data: DataSet,
  options: ParallelWriteOptions = {},
): Promise<void> {
  throwIfAborted(options.signal, `writing ${path}`);
  const expected = P_EXTENSION[data.type];
  if (extname(path).toLowerCase() !== expected) {
    throw new WriteError(
      path,
      `a ${data.type} is written as ${expected}, not ${extname(path) || '(no extension)'}`,
    );
  }
  const layout = memberLayout(path);
  const extension = SERIAL_EXTENSION[data.type];
  const pieces = splitDataSet(data, options.numberOfPieces ?? 1).map((piece, i) => ({
    ...piece,
    path: layout.pathOf(String(i), extension),
    source: layout.referenceOf(String(i), extension),
  }));
  await writeLeaves(layout.folder, pieces, options);
  await writeTextFile(path, parallelHeaderText(data, pieces));
}

export const parallelVtkXmlWriter: FormatWriter = {
  format: PARALLEL_FORMAT,
  description: 'VTK XML parallel dataset (P-file and a folder of pieces)',
  extensions: PARALLEL_EXTENSIONS,
  accepts: (data) => isDataSet(data),
  write: async (path, data, options) => {
    if (!isDataSet(data))
      throw new WriteError(path, `a ${data.type} cannot be written as a parallel VTK XML file`);
    await writeParallelVtkXml(path, data, options);
  },
};
