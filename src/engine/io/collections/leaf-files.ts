/**
 * Naming and XML text shared by the collection writers: the serial VTK XML extension of each
 * dataset kind, attribute escaping, and the sibling folder VTK puts a collection's files in.
 */
import { basename, dirname, extname, join } from 'node:path';
import type { DataSetType } from '../../data/dataset.js';

export const SERIAL_EXTENSION: Record<DataSetType, string> = {
  ImageData: '.vti',
  RectilinearGrid: '.vtr',
  StructuredGrid: '.vts',
  PolyData: '.vtp',
  UnstructuredGrid: '.vtu',
};

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Escapes a value for a double-quoted XML attribute (line breaks too, which parsers would fold). */
export function escapeAttribute(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c]).replace(/[\n\r\t]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Where a collection file's members go, as VTK's writers lay them out: `out/case.vtm` keeps its
 * files in `out/case/`, named `case_<n>.<ext>`; references inside the collection are relative.
 */
export interface MemberLayout {
  /** The folder holding the members (absolute or relative to the working directory). */
  folder: string;
  /** The members' name stem. */
  stem: string;
  /** Path of member `suffix` + `extension` on disk. */
  pathOf(suffix: string, extension: string): string;
  /** The same member as the collection file refers to it (always with '/'). */
  referenceOf(suffix: string, extension: string): string;
}

export function memberLayout(collectionPath: string): MemberLayout {
  const stem = basename(collectionPath, extname(collectionPath));
  const folder = join(dirname(collectionPath), stem);
  return {
    folder,
    stem,
    pathOf: (suffix, extension) => join(folder, `${stem}_${suffix}${extension}`),
    referenceOf: (suffix, extension) => `${stem}/${stem}_${suffix}${extension}`,
  };
}
