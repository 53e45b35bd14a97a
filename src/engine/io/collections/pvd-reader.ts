/**
 * Reader for ParaView .pvd collections: `<Collection><DataSet timestep part file/>…`. Follows
 * ParaView's vtkPVDReader:
 * - each distinct `timestep` string is one time step; steps are sorted by their numeric value;
 *   two strings with the same value ("1" and "1.0") give one step holding the first string's files
 *   (ParaView lists the time twice but always loads the first string's files);
 * - a step holding one file is that file's data; several files (parts) make a MultiBlock with one
 *   block per file, named by the entry's `name` attribute or `Block N`;
 * - entries without a `file` are skipped, and so are entries without a `timestep` when others
 *   have one; a collection with no `timestep` at all is static and is returned as its data.
 * Steps are read on first use (and cached).
 */
import { dirname, isAbsolute, join } from 'node:path';
import { ReadError } from '../../../errors.js';
import {
  createLazyTimeSeries,
  createMultiBlock,
  type DataObject,
  type TimeSeries,
} from '../../data/dataset.js';
import type { FormatReader } from '../types.js';
import { mapWithConcurrency } from './concurrency.js';
import {
  type CollectionReadOptions,
  concurrencyOf,
  enterCollection,
  readReferencedFile,
  resolveReference,
} from './references.js';
import { defaultBlockName } from './vtm-reader.js';
import { readXmlDocument, vtkFileContent, type XmlContext, type XmlElement } from './xml-document.js';

export const PVD_FORMAT = 'pvd';

export interface PvdEntry {
  /** The `timestep` attribute as written, if any. */
  timestep: string | undefined;
  part: string | undefined;
  name: string | undefined;
  /** The `file` attribute as written. */
  file: string;
  line: number;
}

export interface PvdStep {
  time: number;
  entries: PvdEntry[];
}

export interface PvdDocument {
  /** Entries that name a file, in document order. */
  entries: PvdEntry[];
  /**
   * Distinct `timestep` strings in document order, from every `<DataSet>` (ParaView collects
   * them before looking at `file`), each with the line it first appears on.
   */
  timesteps: { text: string; line: number }[];
}

/** The `<DataSet>` elements of a parsed .pvd document. */
export function parsePvdEntries(root: XmlElement, context: XmlContext): PvdDocument {
  const { content } = vtkFileContent(root, ['Collection'], context);
  const entries: PvdEntry[] = [];
  const timesteps: { text: string; line: number }[] = [];
  const seen = new Set<string>();
  for (const child of content.children) {
    if (child.name !== 'DataSet') continue;
    const timestep = child.attributes.timestep;
    if (timestep !== undefined && !seen.has(timestep)) {
      seen.add(timestep);
      timesteps.push({ text: timestep, line: child.line });
    }
    const file = child.attributes.file?.trim();
    if (!file) continue;
    entries.push({
      timestep,
      part: child.attributes.part,
      name: child.attributes.name,
      file,
      line: child.line,
    });
  }
  return { entries, timesteps };
}

/** C's strtod on a timestep string: the longest numeric prefix; none at all is an error. */
export function parseTimestep(text: string, entry: { line: number }, context: XmlContext): number {
  const match = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text);
  const value = match ? Number(match[0]) : Number.NaN;
  if (!Number.isFinite(value)) {
    throw new ReadError(context.file, context.format, `timestep "${text}" is not a number`, {
      line: entry.line,
    });
  }
  return value;
}

/** Groups entries into time steps sorted by time, as vtkPVDReader does. */
export function groupPvdSteps(document: PvdDocument, context: XmlContext): PvdStep[] {
  const byTime = new Map<number, string>();
  for (const timestep of document.timesteps) {
    const time = parseTimestep(timestep.text, timestep, context);
    if (!byTime.has(time)) byTime.set(time, timestep.text);
  }
  return [...byTime]
    .sort((a, b) => a[0] - b[0])
    .map(([time, text]) => ({ time, entries: document.entries.filter((entry) => entry.timestep === text) }));
}

async function loadEntries(
  entries: readonly PvdEntry[],
  path: string,
  options: CollectionReadOptions,
): Promise<DataObject> {
  const data = await mapWithConcurrency(
    entries,
    concurrencyOf(options),
    async (entry) => {
      const file = await resolveReference(path, entry.file);
      const value = await readReferencedFile(file, path, options);
      if (value.type === 'TimeSeries') {
        throw new ReadError(path, PVD_FORMAT, `${file} is itself a time series`, { line: entry.line });
      }
      return value;
    },
    options.signal,
  );
  if (data.length === 1) return data[0];
  return createMultiBlock(
    data.map((value, i) => ({ name: entries[i].name ?? defaultBlockName(i), data: value })),
  );
}

/** Reads a .pvd file: a lazily loaded TimeSeries, or the data itself when no entry has a timestep. */
export async function readPvd(
  path: string,
  options: CollectionReadOptions = {},
): Promise<TimeSeries | DataObject> {
  const context: XmlContext = { file: path, format: PVD_FORMAT };
  const document = parsePvdEntries(await readXmlDocument(path, PVD_FORMAT), context);
  const inner = enterCollection(path, PVD_FORMAT, options);
  if (document.timesteps.length === 0) return loadEntries(document.entries, path, inner);
  const steps = groupPvdSteps(document, context);
  // Steps load later, outside this call: the caller's signal belongs to opening the file.
  const later: CollectionReadOptions = { ...inner, signal: undefined };
  return createLazyTimeSeries(
    steps.map((step) => ({
      time: step.time,
      source: step.entries.length === 1 ? entryPath(path, step.entries[0]) : path,
    })),
    (index) => loadEntries(steps[index].entries, path, later),
  );
}

/** The entry's file for display (the read itself resolves Windows separators too). */
function entryPath(path: string, entry: PvdEntry): string {
  return isAbsolute(entry.file) ? entry.file : join(dirname(path), entry.file);
}

const decoder = new TextDecoder('utf-8', { fatal: false });

export const pvdReader: FormatReader = {
  format: PVD_FORMAT,
  description: 'ParaView data collection (.pvd): time steps and parts',
  extensions: ['.pvd'],
  sniff(head: Uint8Array): boolean {
    return /<VTKFile[^>]*\btype\s*=\s*["']Collection["']/.test(decoder.decode(head));
  },
  read: (path, options) => readPvd(path, options),
};
