/**
 * Reader for ParaView's JSON file-series description (`name.vtp.series`):
 * `{"file-series-version": "1.0", "files": [{"name": "a.vtp", "time": 0}, …]}`. Entries may also
 * be bare file names; times are used only when every entry has one (otherwise 0, 1, 2 …), as in
 * vtkFileSeriesReader. Files are relative to the .series file's folder and read on first use.
 */
import { ReadError } from '../../../errors.js';
import { createLazyTimeSeries, type TimeSeries } from '../../data/dataset.js';
import { FileSource } from '../common/file-source.js';
import type { FormatReader } from '../types.js';
import { orderByTime } from './file-series.js';
import {
  type CollectionReadOptions,
  enterCollection,
  readReferencedFile,
  resolveReference,
} from './references.js';
import { MAX_DESCRIPTION_BYTES } from './xml-document.js';

export const SERIES_FORMAT = 'vtk-series';

export interface SeriesEntry {
  name: string;
  time: number | undefined;
}

function fail(file: string, detail: string, location: { line?: number; offset?: number } = {}): never {
  throw new ReadError(file, SERIES_FORMAT, detail, location);
}

/** Line of a character offset, for JSON syntax errors. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Parses and checks the JSON text of a .series file. */
export function parseSeriesJson(text: string, file: string): SeriesEntry[] {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const offset = position ? Number(position[1]) : undefined;
    fail(
      file,
      `malformed JSON: ${message}`,
      offset === undefined ? {} : { line: lineAt(text, offset), offset },
    );
  }
  if (root === null || typeof root !== 'object' || Array.isArray(root)) fail(file, 'expected a JSON object');
  const object = root as Record<string, unknown>;
  if (!('file-series-version' in object)) fail(file, 'missing "file-series-version"');
  const files = object.files;
  if (!Array.isArray(files)) fail(file, '"files" must be an array');
  return files.map((entry: unknown, i): SeriesEntry => {
    if (typeof entry === 'string') return { name: entry, time: undefined };
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      fail(file, `files[${i}] must be a file name or an object with "name" and "time"`);
    }
    const { name, time } = entry as Record<string, unknown>;
    if (typeof name !== 'string' || name.trim() === '') fail(file, `files[${i}] has no "name"`);
    if (typeof time !== 'number' || !Number.isFinite(time))
      fail(file, `files[${i}] ("${name}") has no numeric "time"`);
    return { name, time };
  });
}

/** Reads a .series file as a lazily loaded TimeSeries. */
export async function readSeriesFile(path: string, options: CollectionReadOptions = {}): Promise<TimeSeries> {
  const text = await FileSource.with(path, SERIES_FORMAT, async (source) => {
    if (source.size > MAX_DESCRIPTION_BYTES) {
      throw source.error(`file of ${source.size} bytes is too large for a series description`);
    }
    return new TextDecoder('utf-8').decode(await source.readAll());
  });
  const entries = parseSeriesJson(text, path);
  const inner: CollectionReadOptions = {
    ...enterCollection(path, SERIES_FORMAT, options),
    signal: undefined,
  };
  const timed = entries.every((entry) => entry.time !== undefined);
  const steps = orderByTime(entries.map((entry, i) => ({ time: timed ? entry.time! : i, name: entry.name })));
  const sources = await Promise.all(steps.map((step) => resolveReference(path, step.name)));
  return createLazyTimeSeries(
    steps.map((step, i) => ({ time: step.time, source: sources[i] })),
    (index) => readReferencedFile(sources[index], path, inner),
  );
}

const decoder = new TextDecoder('utf-8', { fatal: false });

export const seriesReader: FormatReader = {
  format: SERIES_FORMAT,
  description: 'ParaView JSON file series (.series)',
  extensions: ['.series'],
  sniff(head: Uint8Array): boolean {
    return /^\s*\{[\s\S]*"file-series-version"/.test(decoder.decode(head));
  },
  read: (path, options) => readSeriesFile(path, options),
};
