/**
 * STL reader: binary or ASCII STL → PolyData of merged points and triangles, as ParaView's
 * STL reader gives it by default (merged points, no facet normals, no solid attribute array).
 */
import { throwIfAborted } from '../../../errors.js';
import { DataArray } from '../../data/data-array.js';
import { createPolyData, type PolyData } from '../../data/dataset.js';
import { FileSource } from '../common/file-source.js';
import type { FormatReader, ReadOptions } from '../types.js';
import { mergeTriangleSoup } from './merge-points.js';
import {
  binaryTriangleCount,
  decodeBinaryRecords,
  detectStlEncoding,
  parseAsciiStl,
  STL_FORMAT,
  sniffStl,
} from './stl-parse.js';

/** Triangle offsets 0, 3, 6, … for `count` triangles. */
function triangleOffsets(count: number): Int32Array {
  const offsets = new Int32Array(count + 1);
  for (let i = 1; i <= count; i++) offsets[i] = 3 * i;
  return offsets;
}

async function readSoup(source: FileSource, signal: AbortSignal | undefined): Promise<Float32Array> {
  const head = await source.readUpTo(0, 1024);
  if (detectStlEncoding(head, source.size) === 'binary') {
    const count = binaryTriangleCount(source.path, head, source.size);
    const records = await source.read(84, count * 50, `${count} binary STL triangles`);
    throwIfAborted(signal, `reading ${source.path}`);
    return decodeBinaryRecords(records, count);
  }
  const text = (await source.readAll()).toString('latin1');
  return parseAsciiStl(source.path, text, () => throwIfAborted(signal, `reading ${source.path}`));
}

/** Reads a binary or ASCII STL file into PolyData with merged points (Float32) and triangles. */
export async function readStl(path: string, options: ReadOptions = {}): Promise<PolyData> {
  const soup = await FileSource.with(path, STL_FORMAT, (source) => readSoup(source, options.signal));
  const merged = mergeTriangleSoup(soup, () => throwIfAborted(options.signal, `reading ${path}`));
  const triangleCount = merged.triangles.length / 3;
  return createPolyData({
    points: new DataArray({ name: 'Points', values: merged.points, numberOfComponents: 3 }),
    polys: { offsets: triangleOffsets(triangleCount), connectivity: merged.triangles },
  });
}

export const stlReader: FormatReader = {
  format: STL_FORMAT,
  description: 'STL (stereolithography), binary or ASCII',
  extensions: ['.stl'],
  sniff: sniffStl,
  read: readStl,
};
