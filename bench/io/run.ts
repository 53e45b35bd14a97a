/**
 * I/O benchmark: VTK XML .vtu reading against the platform's own limits.
 *   node --import tsx bench/io/run.ts [--size-mb 200] [--runs 3] [--keep]
 * Writes a ~200 MB appended-raw .vtu and a zlib-compressed one (our writer) into the temp
 * folder, then times, each in a fresh process: fs.readFile of the raw file, our read of it,
 * node:zlib inflating the compressed file's blocks (already in memory), and our read of the
 * compressed file, baseline and ours alternately. Prints one JSON line per figure (medians;
 * ratios are the median of each run's pair).
 * Targets: raw read ≤ 2× readFile, peak RSS < 1.5× file size; zlib read ≤ 1.5× inflate.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeVtkXml } from '../../src/engine/io/vtk-xml/index.js';
import { hexGrid, sideForSize } from './hex-grid.js';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const sizeMb = option('size-mb', 200);
const runs = option('runs', 3);
const keep = process.argv.includes('--keep');
const child = fileURLToPath(new URL('./read-child.ts', import.meta.url));

function emit(name: string, value: number, unit: string, extra: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ name, value: Number(value.toPrecision(4)), unit, ...extra })}\n`);
}

interface Sample {
  ms: number;
  maxRssBytes: number;
  baselineRssBytes: number;
}

function sample(mode: string, file: string): Sample {
  const result = spawnSync(process.execPath, ['--import', 'tsx', child, mode, file], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${mode} ${file} failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Sample;
}

/**
 * Runs the baseline and ours alternately, so both see the same machine load, and keeps each
 * pair's ratio: the median ratio is steadier than a ratio of medians on a shared machine.
 */
function measurePairs(baselineMode: string, baselineFile: string, file: string) {
  const baseline: Sample[] = [];
  const ours: Sample[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < runs; r++) {
    baseline.push(sample(baselineMode, baselineFile));
    ours.push(sample('read', file));
    ratios.push(ours[r].ms / baseline[r].ms);
  }
  return { baseline, ours, ratios };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const dir = mkdtempSync(join(tmpdir(), 'periscope-bench-io-'));
try {
  const n = sideForSize(sizeMb);
  let grid: ReturnType<typeof hexGrid> | undefined = hexGrid(n);
  const raw = join(dir, 'hex-raw.vtu');
  const zlib = join(dir, 'hex-zlib.vtu');
  let start = performance.now();
  await writeVtkXml(raw, grid);
  const writeRawMs = performance.now() - start;
  start = performance.now();
  await writeVtkXml(zlib, grid, { compress: true });
  const writeZlibMs = performance.now() - start;
  grid = undefined;
  const rawBytes = statSync(raw).size;
  const zlibBytes = statSync(zlib).size;
  emit('io.vtu.raw.file_size', rawBytes / 1e6, 'MB', { points: n ** 3, cells: (n - 1) ** 3 });
  emit('io.vtu.raw.write', writeRawMs, 'ms');
  emit('io.vtu.zlib.file_size', zlibBytes / 1e6, 'MB');
  emit('io.vtu.zlib.write', writeZlibMs, 'ms');

  const rawRuns = measurePairs('readFile', raw, raw);
  const readFileMs = median(rawRuns.baseline.map((s) => s.ms));
  const rawMs = median(rawRuns.ours.map((s) => s.ms));
  const rawRss = median(rawRuns.ours.map((s) => s.maxRssBytes));
  const rawBaseline = median(rawRuns.ours.map((s) => s.baselineRssBytes));
  emit('io.vtu.raw.readFile', readFileMs, 'ms', { samples: rawRuns.baseline.map((s) => Math.round(s.ms)) });
  emit('io.vtu.raw.read', rawMs, 'ms', { samples: rawRuns.ours.map((s) => Math.round(s.ms)) });
  emit('io.vtu.raw.ratio_to_readFile', median(rawRuns.ratios), 'x', {
    samples: rawRuns.ratios.map((r) => Number(r.toFixed(2))),
  });
  emit('io.vtu.raw.read_throughput', rawBytes / 1e6 / (rawMs / 1000), 'MB/s');
  emit('io.vtu.raw.peak_rss', rawRss / 1e6, 'MB', { process_baseline_mb: Math.round(rawBaseline / 1e6) });
  emit('io.vtu.raw.peak_rss_ratio', rawRss / rawBytes, 'x');
  emit('io.vtu.raw.reader_rss_ratio', (rawRss - rawBaseline) / rawBytes, 'x');
  emit('io.vtu.raw.readFile_peak_rss', median(rawRuns.baseline.map((s) => s.maxRssBytes)) / 1e6, 'MB');

  const zlibRuns = measurePairs('inflate', zlib, zlib);
  emit('io.vtu.zlib.inflate', median(zlibRuns.baseline.map((s) => s.ms)), 'ms', {
    samples: zlibRuns.baseline.map((s) => Math.round(s.ms)),
  });
  emit('io.vtu.zlib.read', median(zlibRuns.ours.map((s) => s.ms)), 'ms', {
    samples: zlibRuns.ours.map((s) => Math.round(s.ms)),
  });
  emit('io.vtu.zlib.ratio_to_inflate', median(zlibRuns.ratios), 'x', {
    samples: zlibRuns.ratios.map((r) => Number(r.toFixed(2))),
  });
  emit('io.vtu.zlib.peak_rss', median(zlibRuns.ours.map((s) => s.maxRssBytes)) / 1e6, 'MB');
} finally {
  if (keep) process.stderr.write(`# files kept in ${dir}\n`);
  else rmSync(dir, { recursive: true, force: true });
}
