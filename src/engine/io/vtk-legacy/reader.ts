/**
 * The legacy VTK reader: reads the whole file through FileSource (the format has no index to seek
 * by) and parses it with `parseVtkLegacy`.
 */
import type { DataSet } from '../../data/dataset.js';
import { FileSource, MAX_BUFFER_BYTES } from '../common/file-source.js';
import type { FormatReader, ReadOptions } from '../types.js';
import { parseVtkLegacy, VERSION_PREFIX } from './parse.js';
import { VTK_LEGACY_FORMAT } from './scanner.js';

/** Reads a legacy `.vtk` file into a dataset. */
export async function readVtkLegacy(path: string, options: ReadOptions = {}): Promise<DataSet> {
  const bytes = await FileSource.with(path, VTK_LEGACY_FORMAT, async (source) => {
    if (source.size > MAX_BUFFER_BYTES) {
      throw source.error(
        `legacy VTK files are read whole, and ${source.size} bytes exceeds the ${MAX_BUFFER_BYTES}-byte buffer limit`,
      );
    }
    return source.readAll();
  });
  return parseVtkLegacy(bytes, path, options);
}

const signature = new TextEncoder().encode(VERSION_PREFIX);

/** Whether the first bytes are a legacy VTK version line. */
export function sniffVtkLegacy(head: Uint8Array): boolean {
  if (head.length < signature.length) return false;
  for (let i = 0; i < signature.length; i++) if (head[i] !== signature[i]) return false;
  return true;
}

export const vtkLegacyReader: FormatReader = {
  format: VTK_LEGACY_FORMAT,
  description: 'VTK legacy file (.vtk), ASCII or binary, versions 1.0 to 5.1',
  extensions: ['.vtk'],
  sniff: sniffVtkLegacy,
  read: readVtkLegacy,
};
