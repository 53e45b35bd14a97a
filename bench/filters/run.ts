/**
 * Filter benchmark: every filter of the catalogue that applies to the input, timed on the 256³
 * Wavelet ([-127,128]³, the reference README's workload) and on the largest unstructured grid of
 * ../shared/data (by cell count in its MANIFEST.md), each with one worker and with all. One JSON
 * line per case, the median of --runs runs after a warm-up, with the case's peak RSS:
 *
 *   {"name":"filters.contour.256.workers2","value":310,"unit":"ms","runs":3,"peakRssMb":520}
 *
 *   node --import tsx bench/filters/run.ts [--size 256] [--inputs wavelet,ugrid]
 *     [--cases contour,slice] [--runs 3] [--collect]
 *
 * Case names are the filter names in lower case (`wavelet` times the source itself); the input is
 * named by the Wavelet's size or by the grid's file name. A filter that rejects an input (a
 * PolyData-only filter on a grid, say) is reported on stderr and left out. Properties come from
 * PROPERTIES (scaled to the input's bounds and ranges); a filter missing there runs with its
 * defaults. The inputs have point scalars only (like ParaView's Wavelet); the cases in NEEDS get,
 * untimed, a vector array `V` (a swirl about the centre) or a cell copy of the scalars first.
 *
 * One child process per input and worker count. Before each case the child collects garbage in
 * the main thread and in every worker and resets the kernel's peak-RSS mark (/proc/self/clear_refs),
 * so a case's peak is its own runs' plus what the process already held (the input). Where the mark
 * cannot be reset the peak is the process's so far (`peakRssScope: "process"`). With --collect
 * garbage is also collected before every timed run, so the peak is one run's memory rather than
 * several runs' buffers the collectors had not reclaimed yet (timings after a collection are
 * slower: memory is faulted in again). A case whose warm-up takes longer than SLOW_CASE_MS runs
 * fewer times (`runs` says how many), which keeps the default run to a few minutes.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { DataObject, DataSet } from '../../src/engine/data/dataset.js';
import { isDataSet } from '../../src/engine/data/dataset.js';
import { boundsOf } from '../../src/engine/data/queries.js';
import { getFilter, listFilters } from '../../src/engine/filters/catalogue.js';
import type { FilterContext } from '../../src/engine/filters/types.js';
import { readDataFile } from '../../src/engine/io/index.js';
import { getDefaultPool, taskReference } from '../../src/engine/workers/pool.js';

/** What the properties of a case are scaled to. */
interface InputInfo {
  min: [number, number, number];
  max: [number, number, number];
  center: [number, number, number];
  diagonal: number;
  points: number;
  /** The point scalars to contour, threshold, warp by. */
  scalars: string;
  range: [number, number];
  isovalue: number;
  threshold: [number, number];
}

type Properties = (input: InputInfo) => Record<string, unknown>;

/** Properties per filter; filters not listed run with their defaults. */
const PROPERTIES: Record<string, Properties> = {
  Calculator: (i) => ({ Function: `${i.scalars}*2+coordsX`, ResultArrayName: 'r2' }),
  Clip: (i) => ({ ClipType: { Type: 'Plane', Origin: i.center, Normal: [1, 0, 0] } }),
  Contour: (i) => ({ ContourBy: ['POINTS', i.scalars], Isosurfaces: [i.isovalue] }),
  Decimate: () => ({ TargetReduction: 0.5 }),
  Glyph: (i) => ({
    OrientationArray: ['POINTS', 'V'],
    ScaleFactor: i.diagonal / 100,
    GlyphMode: 'Every Nth Point',
    // About 10,000 arrows, whatever the input's size.
    Stride: Math.max(1, Math.round(i.points / 10_000)),
  }),
  PlotOverLine: (i) => ({ Point1: i.min, Point2: i.max, Resolution: 1000 }),
  ResampleToImage: () => ({ SamplingDimensions: [100, 100, 100] }),
  Slice: (i) => ({ SliceType: { Type: 'Plane', Origin: i.center, Normal: [0, 0, 1] } }),
  StreamTracer: (i) => ({
    Vectors: ['POINTS', 'V'],
    SeedType: { Type: 'Line', Point1: i.min, Point2: i.max, Resolution: 100 },
    MaximumStreamlineLength: i.diagonal,
  }),
  Threshold: (i) => ({
    Scalars: ['POINTS', i.scalars],
    ThresholdMethod: 'Between',
    LowerThreshold: i.threshold[0],
    UpperThreshold: i.threshold[1],
  }),
  Transform: () => ({
    Transform: { Type: 'Transform', Translate: [1, 2, 3], Rotate: [10, 20, 30], Scale: [1, 1, 2] },
  }),
  Tube: (i) => ({ Radius: i.diagonal / 1000 }),
  WarpByScalar: (i) => ({
    Scalars: ['POINTS', i.scalars],
    ScaleFactor: i.diagonal / 100 / Math.max(1e-30, i.range[1] - i.range[0]),
  }),
  WarpByVector: () => ({ Vectors: ['POINTS', 'V'], ScaleFactor: 0.01 }),
};

/** Cases that need an array the inputs lack; the others see the input as it is. */
const NEEDS: Record<string, 'vectors' | 'cells'> = {
  CellDatatoPointData: 'cells',
  Glyph: 'vectors',
  StreamTracer: 'vectors',
  WarpByVector: 'vectors',
};

/**
 * A warm-up slower than this is followed by one timed run only: compilation is a small part of
 * such a case, and the default run stays within minutes. Cases around a second (Contour and Clip
 * with one worker, on a loaded machine) still get --runs runs, so their medians compare.
 */
const SLOW_CASE_MS = 2500;

/**
 * Cases the default run leaves out on the Wavelet, and why (measured on the 2-core machine);
 * naming them in --cases runs them anyway.
 */
const LEFT_OUT_ON_WAVELET: Record<string, string> = {
  shrink: 'every cell gets its own 8 points: 133M points, a 4.4 GB output, ~9 s and ~4.7 GB peak RSS at 256³',
};

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '256' },
    inputs: { type: 'string', default: 'wavelet,ugrid' },
    cases: { type: 'string' },
    runs: { type: 'string', default: '3' },
    workers: { type: 'string' },
    child: { type: 'string' },
    collect: { type: 'boolean', default: false },
  },
});

const size = Number(values.size);
const runs = Number(values.runs);
const dataDirectory = new URL('../../../shared/data/', import.meta.url);

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * The unstructured grid with the most cells in the data MANIFEST (its table rows end with
 * "UnstructuredGrid: N pts, M cells" or the legacy "UNSTRUCTURED_GRID: …").
 */
function largestUnstructuredGrid(): string {
  const manifest = readFileSync(new URL('MANIFEST.md', dataDirectory), 'utf8');
  let best: { path: string; cells: number } | null = null;
  const row = /^\| `([^`]+)` \|.*\b(?:UnstructuredGrid|UNSTRUCTURED_GRID): [\d,]+ pts, ([\d,]+) cells/gm;
  for (const match of manifest.matchAll(row)) {
    const cells = Number(match[2].replaceAll(',', ''));
    if (!best || cells > best.cells) best = { path: match[1], cells };
  }
  if (!best) throw new Error('no unstructured grid listed in ../shared/data/MANIFEST.md');
  return fileURLToPath(new URL(best.path, dataDirectory));
}

/** The label an input's cases carry: the Wavelet's size or the grid's file name. */
function inputLabel(input: string): string {
  if (input === 'wavelet') return String(size);
  if (input === 'ugrid') {
    const path = largestUnstructuredGrid();
    return basename(path, extname(path));
  }
  throw new Error(`unknown input '${input}' (wavelet or ugrid)`);
}

/** Reads or makes the input and measures what the cases' properties are scaled to. */
async function prepareInput(
  input: string,
  context: FilterContext,
): Promise<{ data: DataSet; info: InputInfo }> {
  let data: DataObject;
  if (input === 'wavelet') {
    const half = size / 2;
    const extent = [-(half - 1), half, -(half - 1), half, -(half - 1), half];
    data = await getFilter('Wavelet')!.execute([], { WholeExtent: extent }, context);
  } else {
    data = (await readDataFile(largestUnstructuredGrid())).data;
  }
  if (!isDataSet(data)) throw new Error(`input '${input}' is a ${data.type}, not a dataset`);
  const scalars = data.pointData.dataArrays.find((a) => a.numberOfComponents === 1);
  if (!scalars) throw new Error(`input '${input}' has no point scalars`);
  const b = boundsOf(data);
  const min: [number, number, number] = [b[0], b[2], b[4]];
  const max: [number, number, number] = [b[1], b[3], b[5]];
  const center: [number, number, number] = [0, 1, 2].map((c) => (min[c] + max[c]) / 2) as [
    number,
    number,
    number,
  ];
  const diagonal = Math.hypot(max[0] - min[0], max[1] - min[1], max[2] - min[2]);
  const range = scalars.getRange() as [number, number];
  const [low, high] = range;
  const info: InputInfo = {
    min,
    max,
    center,
    diagonal,
    points: scalars.numberOfTuples,
    scalars: scalars.name,
    range,
    // The Wavelet keeps the reference README's values.
    isovalue: input === 'wavelet' ? 157 : (low + high) / 2,
    threshold: input === 'wavelet' ? [150, 200] : [low + (high - low) / 3, low + (2 * (high - low)) / 3],
  };
  return { data, info };
}

/** The input with the array a case needs added (V, or a cell copy of the scalars). */
async function withArraysFor(
  filter: string,
  data: DataSet,
  info: InputInfo,
  context: FilterContext,
): Promise<DataSet> {
  const need = NEEDS[filter];
  if (need === 'vectors') {
    // A swirl about the z axis through the centre with a slow rise: stream lines that stay inside.
    const [cx, cy] = info.center;
    const swirl = `(coordsY-(${cy}))*iHat-(coordsX-(${cx}))*jHat+${0.05 * info.diagonal}*kHat`;
    const output = await getFilter('Calculator')!.execute(
      [data],
      { Function: swirl, ResultArrayName: 'V', ResultArrayType: 'Float' },
      context,
    );
    return output as DataSet;
  }
  if (need === 'cells') {
    const output = await getFilter('PointDatatoCellData')!.execute(
      [data],
      { PassPointData: true, ProcessAllArrays: false, PointDataArraytoprocess: [info.scalars] },
      context,
    );
    return output as DataSet;
  }
  return data;
}

/** Current and peak resident set of this process in MB (Linux), else the peak so far. */
function residentMegabytes(): { peak: number; scope: 'case' | 'process' } {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const peak = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
    if (Number.isFinite(peak) && peak > 0)
      return { peak: peak / 1024, scope: peakResettable ? 'case' : 'process' };
  } catch {
    // Not Linux: fall through to the process's peak.
  }
  return { peak: process.resourceUsage().maxRSS / 1024, scope: 'process' };
}

let peakResettable = false;

/** Starts a new peak-RSS mark at the current RSS (Linux ≥ 4.0); false where that is not allowed. */
function resetPeak(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

async function collectOnce(): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  const pool = getDefaultPool();
  const task = taskReference(new URL('./gc.worker.js', import.meta.url), 'collectGarbage');
  await Promise.all(Array.from({ length: pool.size }, () => pool.run(task, null)));
}

/** The current resident set in MB (Linux; 0 elsewhere). */
function currentResidentMegabytes(): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/**
 * Collects until the resident set stops shrinking: V8 frees collected buffers' memory on a
 * background thread, and a buffer shared with a worker goes only when both sides dropped it, so
 * one collection can leave the last case's output resident under the next case's peak.
 */
async function collectEverywhere(): Promise<void> {
  let before = currentResidentMegabytes();
  for (let round = 0; round < 5; round++) {
    await collectOnce();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const after = currentResidentMegabytes();
    if (after > 0.95 * before) return;
    before = after;
  }
}

/** Runs every case on one input with one worker count, printing a line per case. */
async function runChild(input: string, workers: number, requested: readonly string[]): Promise<void> {
  let cases = requested;
  const context: FilterContext = { workers };
  const label = inputLabel(input);
  if (input === 'wavelet' && !values.cases) {
    const left = cases.filter((name) => LEFT_OUT_ON_WAVELET[name]);
    for (const name of left) {
      process.stderr.write(
        `filters.${name}.${label}.workers${workers}: left out, ${LEFT_OUT_ON_WAVELET[name]}\n`,
      );
    }
    cases = cases.filter((name) => !LEFT_OUT_ON_WAVELET[name]);
  }
  const prepared =
    input === 'wavelet' && cases.every((c) => c === 'wavelet') ? null : await prepareInput(input, context);
  for (const name of cases) {
    let run: () => Promise<DataObject>;
    if (name === 'wavelet') {
      if (input !== 'wavelet') continue;
      const half = size / 2;
      const extent = [-(half - 1), half, -(half - 1), half, -(half - 1), half];
      run = () => getFilter('Wavelet')!.execute([], { WholeExtent: extent }, context);
    } else {
      const filter = listFilters().find((f) => f.name.toLowerCase() === name)!;
      const { data, info } = prepared!;
      const properties = PROPERTIES[filter.name]?.(info) ?? {};
      const input = await withArraysFor(filter.name, data, info, context);
      run = () => filter.execute([input], properties, context);
    }
    const id = `filters.${name}.${label}.workers${workers}`;
    await collectEverywhere();
    peakResettable = resetPeak();
    let warmUp: number;
    try {
      const started = performance.now();
      await run(); // starts the workers and compiles the kernels
      warmUp = performance.now() - started;
    } catch (error) {
      process.stderr.write(`${id}: left out, ${(error as Error).message.split('\n')[0]}\n`);
      continue;
    }
    const count = warmUp > SLOW_CASE_MS ? 1 : runs;
    const times: number[] = [];
    for (let r = 0; r < count; r++) {
      if (values.collect) await collectEverywhere();
      const started = performance.now();
      await run();
      times.push(performance.now() - started);
    }
    const { peak, scope } = residentMegabytes();
    const line = {
      name: id,
      value: Math.round(median(times)),
      unit: 'ms',
      runs: count,
      peakRssMb: Math.round(peak),
      ...(scope === 'process' ? { peakRssScope: scope } : {}),
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
  await getDefaultPool().close();
}

/** Every case name: the Wavelet source, then each filter of the catalogue. */
function allCases(): string[] {
  return [
    'wavelet',
    ...listFilters()
      .filter((f) => f.kind === 'filter')
      .map((f) => f.name.toLowerCase()),
  ];
}

const cases = values.cases ? values.cases.split(',') : allCases();
const known = new Set(allCases());
for (const name of cases) if (!known.has(name)) throw new Error(`unknown case '${name}'`);

if (values.child) {
  await runChild(values.child, Number(values.workers), cases);
} else {
  const all = availableParallelism();
  const counts = all > 1 ? [1, all] : [1];
  const script = fileURLToPath(import.meta.url);
  for (const input of values.inputs!.split(',')) {
    inputLabel(input); // fails early on an unknown input or a missing MANIFEST
    for (const workers of counts) {
      const output = execFileSync(
        process.execPath,
        [
          '--expose-gc',
          '--import',
          'tsx',
          script,
          '--child',
          input,
          '--workers',
          String(workers),
          '--size',
          String(size),
          '--runs',
          String(runs),
          ...(values.cases ? ['--cases', values.cases] : []),
          ...(values.collect ? ['--collect'] : []),
        ],
        { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'inherit'] },
      );
      process.stdout.write(output);
    }
  }
}
