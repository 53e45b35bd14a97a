/**
 * Writer for .vtm multiblock files, laid out as VTK's vtkXMLMultiBlockDataWriter does: the leaves
 * go to a sibling folder named after the file (`out/case.vtm` → `out/case/case_0.vtu` …, numbered
 * depth first), nested multiblocks become nested `<Block>` elements, empty slots become
 * `<DataSet>` elements without a file. The .vtm itself is written last, so a failed write never
 * leaves a .vtm pointing at missing leaves.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { throwIfAborted, WriteError } from '../../../errors.js';
import { type DataObject, type DataSet, isDataSet, type MultiBlock } from '../../data/dataset.js';
import type { FormatWriter, WriteOptions } from '../types.js';
import { writeVtkXml } from '../vtk-xml/index.js';
import { mapWithConcurrency } from './concurrency.js';
import { escapeAttribute, type MemberLayout, memberLayout, SERIAL_EXTENSION } from './leaf-files.js';
import { DEFAULT_CONCURRENCY } from './references.js';
import { VTM_FORMAT } from './vtm-reader.js';

export interface LeafJob {
  path: string;
  data: DataSet;
}

/** The XML lines of `multiblock`'s children, collecting the leaf files to write into `jobs`. */
function blockLines(
  multiblock: MultiBlock,
  layout: MemberLayout,
  jobs: LeafJob[],
  indent: string,
  file: string,
): string[] {
  const lines: string[] = [];
  multiblock.blocks.forEach((block, index) => {
    const head = `index="${index}" name="${escapeAttribute(block.name)}"`;
    const data: DataObject | null = block.data;
    if (data === null) {
      lines.push(`${indent}<DataSet ${head}/>`);
    } else if (data.type === 'MultiBlock') {
      lines.push(`${indent}<Block ${head}>`);
      lines.push(...blockLines(data, layout, jobs, `${indent}  `, file));
      lines.push(`${indent}</Block>`);
    } else if (isDataSet(data)) {
      const suffix = String(jobs.length);
      const extension = SERIAL_EXTENSION[data.type];
      jobs.push({ path: layout.pathOf(suffix, extension), data });
      lines.push(
        `${indent}<DataSet ${head} file="${escapeAttribute(layout.referenceOf(suffix, extension))}"/>`,
      );
    } else {
      throw new WriteError(file, `block '${block.name}' holds a ${data.type}, which a .vtm cannot store`);
    }
  });
  return lines;
}

/** The text of a .vtm file for `data`, and the leaves it refers to. */
export function planVtm(path: string, data: MultiBlock): { text: string; leaves: LeafJob[] } {
  const leaves: LeafJob[] = [];
  const lines = [
    '<?xml version="1.0"?>',
    '<VTKFile type="vtkMultiBlockDataSet" version="1.0" byte_order="LittleEndian" header_type="UInt64">',
    '  <vtkMultiBlockDataSet>',
    ...blockLines(data, memberLayout(path), leaves, '    ', path),
    '  </vtkMultiBlockDataSet>',
    '</VTKFile>',
    '',
  ];
  return { text: lines.join('\n'), leaves };
}

/** Creates `folder` (and its parents) unless it exists. */
export async function ensureFolder(folder: string): Promise<void> {
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    throw new WriteError(folder, `cannot create folder: ${(error as Error).message}`, { cause: error });
  }
}

/** Writes each leaf with the VTK XML writer into `folder`, a few at a time. */
export async function writeLeaves(
  folder: string,
  leaves: readonly LeafJob[],
  options: WriteOptions,
): Promise<void> {
  if (leaves.length === 0) return;
  await ensureFolder(folder);
  await mapWithConcurrency(
    leaves,
    DEFAULT_CONCURRENCY,
    (leaf) => writeVtkXml(leaf.path, leaf.data, options),
    options.signal,
  );
}

/** Writes a text file, reporting failures as WriteError. */
export async function writeTextFile(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text, 'utf8');
  } catch (error) {
    throw new WriteError(path, `cannot write: ${(error as Error).message}`, { cause: error });
  }
}

/** Writes `data` as a .vtm file with its leaves beside it. */
export async function writeVtm(path: string, data: MultiBlock, options: WriteOptions = {}): Promise<void> {
  throwIfAborted(options.signal, `writing ${path}`);
  const { text, leaves } = planVtm(path, data);
  await writeLeaves(memberLayout(path).folder, leaves, options);
  await writeTextFile(path, text);
}

export const vtmWriter: FormatWriter = {
  format: VTM_FORMAT,
  description: 'VTK XML multiblock (.vtm with a folder of serial VTK XML files)',
  extensions: ['.vtm'],
  accepts: (data) => data.type === 'MultiBlock',
  write: async (path, data, options) => {
    if (data.type !== 'MultiBlock') throw new WriteError(path, `a ${data.type} cannot be written as .vtm`);
    await writeVtm(path, data, options);
  },
};
