/**
 * Numbered file series (name_0001.vtk, name_0002.vtk …): grouping file names the way ParaView's
 * file dialog does (vtkFileSequenceParser), and reading a list of files as one time series the
 * way ParaView's vtkFileSeriesReader does.
 */
import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DataArray } from '../../data/data-array.js';
import { createLazyTimeSeries, type DataObject, type TimeSeries } from '../../data/dataset.js';
import { mapWithConcurrency } from './concurrency.js';
import { type CollectionReadOptions, concurrencyOf, readReferencedFile } from './references.js';

export interface FileSeriesGroup {
  /** ParaView's group name (`name_..vtk`), or the file itself for a file that is not in a series. */
  name: string;
  /** The files, ordered by their sequence number. */
  files: string[];
}

interface SequenceKey {
  name: string;
  index: number;
  indexText: string;
}

// vtkFileSequenceParser's expressions, tried in this order.
const ENDS_WITH_NUMBER = /^(.*)\.([0-9.]+)$/;
const NUMBER_BEFORE_EXTENSION = /^(.*)(\.|_|-)([0-9.]+)\.(.*)$/;
const LETTER_NUMBER_EXTENSION = /^(.*)([a-zA-Z])([0-9.]+)\.(.*)$/;
const STARTS_WITH_NUMBER = /^([0-9.]+)(\.|_|-)(.*)\.(.*)$/;
const STARTS_WITH_NUMBER_LETTER = /^([0-9.]+)([a-zA-Z])(.*)\.(.*)$/;
const LAST_NUMBER = /^(.*[^0-9])([0-9]+)([^0-9]*)$/;

/** The series a file name belongs to, as vtkFileSequenceParser::ParseFileSequence decides. */
export function parseSequenceName(fileName: string): SequenceKey | undefined {
  let name: string;
  let indexText: string;
  let m: RegExpExecArray | null;
  if ((m = ENDS_WITH_NUMBER.exec(fileName))) {
    name = m[1];
    indexText = m[2];
  } else if ((m = NUMBER_BEFORE_EXTENSION.exec(fileName))) {
    name = `${m[1]}${m[2]}..${m[4]}`;
    indexText = m[3];
  } else if ((m = LETTER_NUMBER_EXTENSION.exec(fileName))) {
    name = `${m[1]}${m[2]}..${m[4]}`;
    indexText = m[3];
  } else if ((m = STARTS_WITH_NUMBER.exec(fileName))) {
    name = `..${m[2]}${m[3]}.${m[4]}`;
    indexText = m[1];
  } else if ((m = STARTS_WITH_NUMBER_LETTER.exec(fileName))) {
    name = `..${m[2]}${m[3]}.${m[4]}`;
    indexText = m[1];
  } else {
    // vtksys' GetFilenameExtension: everything from the first dot.
    const dot = fileName.indexOf('.');
    const stem = dot >= 0 ? fileName.slice(0, dot) : fileName;
    const extension = dot >= 0 ? fileName.slice(dot) : '';
    m = LAST_NUMBER.exec(stem);
    if (!m) return undefined;
    name = `${m[1]}..${m[3]}${extension}`;
    indexText = m[2];
  }
  // atoi: leading digits only ("1.5" is 1); none is 0.
  const index = Number.parseInt(indexText, 10);
  return { name, index: Number.isNaN(index) ? 0 : index, indexText };
}

/**
 * Groups file names (or paths) into numbered series as ParaView's file dialog does: names that
 * share a sequence name form one group ordered by number; a name alone in its group stays a
 * single file. Groups come out in the order of their first file in `fileNames`. Files in
 * different folders never share a group.
 */
export function groupFileSeries(fileNames: readonly string[]): FileSeriesGroup[] {
  const groups = new Map<string, { name: string; members: { file: string; key: SequenceKey }[] }>();
  const order: (string | { single: string })[] = [];
  for (const file of fileNames) {
    const base = basename(file);
    const key = parseSequenceName(base);
    if (!key) {
      order.push({ single: file });
      continue;
    }
    const folder = base === file ? '' : dirname(file);
    const id = `${folder}\u0000${key.name}`;
    let group = groups.get(id);
    if (!group) {
      group = { name: folder ? join(folder, key.name) : key.name, members: [] };
      groups.set(id, group);
      order.push(id);
    }
    group.members.push({ file, key });
  }
  const out: FileSeriesGroup[] = [];
  for (const item of order) {
    if (typeof item !== 'string') {
      out.push({ name: item.single, files: [item.single] });
      continue;
    }
    const group = groups.get(item)!;
    if (group.members.length === 1) {
      out.push({ name: group.members[0].file, files: [group.members[0].file] });
      continue;
    }
    // ParaView orders by (number, number as written): 1 < 01 < 2.
    group.members.sort((a, b) =>
      a.key.index !== b.key.index
        ? a.key.index - b.key.index
        : a.key.indexText < b.key.indexText
          ? -1
          : a.key.indexText > b.key.indexText
            ? 1
            : 0,
    );
    out.push({ name: group.name, files: group.members.map((m) => m.file) });
  }
  return out;
}

/** The first value of a numeric `TimeValue` field-data array, as VTK's readers report it. */
export function timeValueOf(data: DataObject): number | undefined {
  if (data.type === 'TimeSeries') return undefined;
  const array = data.fieldData.get('TimeValue');
  if (!(array instanceof DataArray) || array.numberOfTuples < 1) return undefined;
  const value = array.getComponent(0, 0);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * Orders (time, file) pairs by time. As in vtkFileSeriesReader, where two files claim the same
 * time the later one in the list wins.
 */
export function orderByTime<T extends { time: number }>(steps: readonly T[]): T[] {
  const byTime = new Map<number, T>();
  for (const step of steps) byTime.set(step.time, step);
  return [...byTime.values()].sort((a, b) => a.time - b.time);
}

/**
 * Reads files as one time series, each file one step, as vtkFileSeriesReader does: when the
 * first file carries a `TimeValue` field-data array every file is read once to learn its time
 * (files without one are left out, as ParaView does); otherwise the times are 0, 1, 2 … in list
 * order and nothing but the first file is read until a step is loaded.
 */
export async function readFileSeries(
  paths: readonly string[],
  options: CollectionReadOptions = {},
): Promise<TimeSeries> {
  const referrer = paths.length > 0 ? `the file series starting with ${basename(paths[0])}` : 'a file series';
  const read = (path: string, readOptions: CollectionReadOptions) =>
    readReferencedFile(path, referrer, readOptions);
  const later: CollectionReadOptions = { ...options, signal: undefined };
  if (paths.length === 0) return createLazyTimeSeries([], () => Promise.reject(new RangeError('no steps')));

  const first = await read(paths[0], options);
  const firstTime = timeValueOf(first);
  let steps: { time: number; source: string }[];
  if (firstTime === undefined) {
    steps = paths.map((source, i) => ({ time: i, source }));
  } else {
    const times = await mapWithConcurrency(
      paths.slice(1),
      concurrencyOf(options),
      async (path) => timeValueOf(await read(path, options)),
      options.signal,
    );
    steps = [{ time: firstTime, source: paths[0] }];
    times.forEach((time, i) => {
      if (time !== undefined) steps.push({ time, source: paths[i + 1] });
    });
    steps = orderByTime(steps);
  }
  // The first file is already in memory: hand it to its step instead of reading it again.
  let firstData: DataObject | undefined = first;
  return createLazyTimeSeries(steps, async (index) => {
    const source = steps[index].source;
    if (source === paths[0] && firstData) {
      const data = firstData;
      firstData = undefined;
      return data;
    }
    return read(source, later);
  });
}

/**
 * Reads ParaView's label of a numbered series (`dir/step_..vtu`, as `groupFileSeries` names it)
 * as the time series of its files; undefined when no series of two or more files has that label.
 */
export async function readFileSeriesLabel(
  path: string,
  options: CollectionReadOptions = {},
): Promise<{ data: TimeSeries; format: string } | undefined> {
  let names: string[];
  try {
    names = await readdir(dirname(path));
  } catch {
    return undefined;
  }
  const group = groupFileSeries(names).find((g) => g.name === basename(path) && g.files.length > 1);
  if (!group) return undefined;
  return {
    data: await readFileSeries(
      group.files.map((file) => join(dirname(path), file)),
      options,
    ),
    format: FILE_SERIES_FORMAT,
  };
}

/** Format id reported for numbered file series. */
export const FILE_SERIES_FORMAT = 'file-series';
