/**
 * I/O benchmark: VTK XML .vtu reading against the platform's own limits.
 *   node --import tsx bench/io/run.ts [--size-mb 200] [--runs 3] [--keep]
 * Writes a ~200 MB appended-raw .vtu and a zlib-compressed one (our writer) into the temp
 * folder, then times, each in a fresh process: fs.readFile of the raw file, our read of it,
 * node:zlib inflating the compressed file's blocks (already in memory), and our read of the
 * compressed file. Prints one JSON line per figure (median of the runs).
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

function measure(mode: string, file: string): Sample[] {
  const samples: Sample[] = [];
  for (let r = 0; r < runs; r++) {
    const result = spawnSync(process.execPath, ['--import', 'tsx', child, mode, file], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${mode} ${file} failed: ${result.stderr}`);
    samples.push(JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Sample);
  }
  return samples;
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

  const readFileSamples = measure('readFile', raw);
  const rawSamples = measure('read', raw);
  const readFileMs = median(readFileSamples.map((s) => s.ms));
  const rawMs = median(rawSamples.map((s) => s.ms));
  const rawRss = median(rawSamples.map((s) => s.maxRssBytes));
  const rawBaseline = median(rawSamples.map((s) => s.baselineRssBytes));
  emit('io.vtu.raw.readFile', readFileMs, 'ms', { samples: readFileSamples.map((s) => Math.round(s.ms)) });
  emit('io.vtu.raw.read', rawMs, 'ms', { samples: rawSamples.map((s) => Math.round(s.ms)) });
  emit('io.vtu.raw.ratio_to_readFile', rawMs / readFileMs, 'x');
  emit('io.vtu.raw.read_throughput', rawBytes / 1e6 / (rawMs / 1000), 'MB/s');
  emit('io.vtu.raw.peak_rss', rawRss / 1e6, 'MB', { process_baseline_mb: Math.round(rawBaseline / 1e6) });
  emit('io.vtu.raw.peak_rss_ratio', rawRss / rawBytes, 'x');
  emit('io.vtu.raw.reader_rss_ratio', (rawRss - rawBaseline) / rawBytes, 'x');
  emit('io.vtu.raw.readFile_peak_rss', median(readFileSamples.map((s) => s.maxRssBytes)) / 1e6, 'MB');

  const inflateSamples = measure('inflate', zlib);
  const zlibSamples = measure('read', zlib);
  const inflateMs = median(inflateSamples.map((s) => s.ms));
  const zlibMs = median(zlibSamples.map((s) => s.ms));
  emit('io.vtu.zlib.inflate', inflateMs, 'ms', { samples: inflateSamples.map((s) => Math.round(s.ms)) });
  emit('io.vtu.zlib.read', zlibMs, 'ms', { samples: zlibSamples.map((s) => Math.round(s.ms)) });
  emit('io.vtu.zlib.ratio_to_inflate', zlibMs / inflateMs, 'x');
  emit('io.vtu.zlib.peak_rss', median(zlibSamples.map((s) => s.maxRssBytes)) / 1e6, 'MB');
} finally {
  if (keep) process.stderr.write(`# files kept in ${dir}\n`);
  else rmSync(dir, { recursive: true, force: true });
}
