/**
 * Filter benchmark on the 256³ Wavelet ([-127,128]³), the reference README's workload:
 * Contour RTData=157, Slice z-plane, Clip x-plane, Threshold 150–200, Calculator, each with one
 * worker and with all, printing JSON lines {"name","value","unit"} (median of 3 runs after a
 * warm-up) and the peak RSS of the process that ran the case.
 *
 *   node --import tsx bench/filters/run.ts [--size 256] [--cases contour,slice] [--runs 3]
 *
 * Each case runs in its own child process so peak RSS belongs to that case alone. With
 * --collect the child collects garbage in the main thread and in every worker before each run,
 * so the peak is one run's memory rather than several runs' shared buffers that the collectors
 * had not reclaimed yet (timings after a collection are slower: memory is faulted in again).
 */
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { DataObject } from '../../src/engine/data/dataset.js';
import { getFilter } from '../../src/engine/filters/catalogue.js';
import { getDefaultPool, taskReference } from '../../src/engine/workers/pool.js';

const CASES: Record<string, { filter: string; properties: Record<string, unknown> }> = {
  contour: { filter: 'Contour', properties: { ContourBy: ['POINTS', 'RTData'], Isosurfaces: [157] } },
  slice: {
    filter: 'Slice',
    properties: { SliceType: { Type: 'Plane', Origin: [0.5, 0.5, 0.5], Normal: [0, 0, 1] } },
  },
  clip: {
    filter: 'Clip',
    properties: { ClipType: { Type: 'Plane', Origin: [0.5, 0.5, 0.5], Normal: [1, 0, 0] } },
  },
  threshold: {
    filter: 'Threshold',
    properties: {
      Scalars: ['POINTS', 'RTData'],
      ThresholdMethod: 'Between',
      LowerThreshold: 150,
      UpperThreshold: 200,
    },
  },
  calculator: { filter: 'Calculator', properties: { Function: 'RTData*2+coordsX', ResultArrayName: 'r2' } },
};

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '256' },
    cases: { type: 'string', default: `wavelet,${Object.keys(CASES).join(',')}` },
    runs: { type: 'string', default: '3' },
    workers: { type: 'string' },
    child: { type: 'string' },
    collect: { type: 'boolean', default: false },
  },
});

const size = Number(values.size);
const runs = Number(values.runs);
const extent = [-(size / 2 - 1), size / 2, -(size / 2 - 1), size / 2, -(size / 2 - 1), size / 2];

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timed(run: () => Promise<DataObject>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

/** Runs one case in this process and prints its lines. */
async function runCase(name: string, workers: number): Promise<void> {
  const context = { workers };
  const wavelet = getFilter('Wavelet')!;
  const source = () => wavelet.execute([], { WholeExtent: extent }, context);
  const input = await source();
  let run = source;
  if (name !== 'wavelet') {
    const spec = CASES[name];
    const filter = getFilter(spec.filter)!;
    run = () => filter.execute([input], spec.properties, context);
  }
  const collect = (globalThis as { gc?: () => void }).gc;
  await run(); // warm-up: starts the workers and compiles the kernels
  const times: number[] = [];
  const pool = getDefaultPool();
  const collectEverywhere = async () => {
    collect?.();
    const task = taskReference(new URL('./gc.worker.js', import.meta.url), 'collectGarbage');
    await Promise.all(Array.from({ length: pool.size }, () => pool.run(task, null)));
  };
  for (let r = 0; r < runs; r++) {
    if (values.collect) await collectEverywhere();
    times.push(await timed(run));
  }
  const id = `filters.${name}.${size}.workers${workers}`;
  const rssMegabytes = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ name: id, value: Math.round(median(times)), unit: 'ms' })}\n`);
  process.stdout.write(
    `${JSON.stringify({ name: `${id}.peakRss`, value: Math.round(rssMegabytes), unit: 'MB' })}\n`,
  );
  await getDefaultPool().close();
}

if (values.child) {
  await runCase(values.child, Number(values.workers));
} else {
  const all = availableParallelism();
  const counts = all > 1 ? [1, all] : [1];
  const script = fileURLToPath(import.meta.url);
  for (const name of values.cases!.split(',')) {
    if (name !== 'wavelet' && !CASES[name]) throw new Error(`unknown case '${name}'`);
    for (const workers of counts) {
      const output = execFileSync(
        process.execPath,
        [
          '--expose-gc',
          '--import',
          'tsx',
          script,
          '--child',
          name,
          '--workers',
          String(workers),
          '--size',
          String(size),
          '--runs',
          String(runs),
          ...(values.collect ? ['--collect'] : []),
        ],
        { encoding: 'utf8', maxBuffer: 1 << 20 },
      );
      process.stdout.write(output);
    }
  }
}
