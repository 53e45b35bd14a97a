/**
 * `periscope run PIPELINE.json [--out FILE] [--json] [--workers N]`: executes a pipeline file.
 * --out writes the first output node (writer chosen by extension); --json prints one JSON object
 * per output node: the `periscope info --json` summary plus `integrated` (IntegrateVariables:
 * Length/Area/Volume and the integral of every array) and `seconds` (time to produce it).
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { DataObject } from '../../engine/data/dataset.js';
import { type DataInfo, describeDataObject } from '../../engine/describe.js';
import { integrateVariables } from '../../engine/filters/integrate-variables/index.js';
import { writeDataFile } from '../../engine/io/index.js';
import { loadPipelineFile } from '../../engine/pipeline/index.js';
import { PropertyError } from '../../errors.js';

export type IntegratedSummary = Record<string, number | number[]>;

export interface RunOutputInfo extends DataInfo {
  node: string;
  integrated: IntegratedSummary | null;
  seconds: number;
}

export interface RunOptions {
  out?: string;
  json?: boolean;
  workers?: number;
}

/** Integrals in ParaView's shape: one number per scalar array, a list per vector array. */
export function integratedSummary(data: DataObject): IntegratedSummary | null {
  if (data.type === 'Table' || data.type === 'TimeSeries') return null;
  const integrals = integrateVariables(data);
  const summary: IntegratedSummary = {};
  for (const values of [integrals.point, integrals.cell]) {
    for (const [name, components] of Object.entries(values))
      summary[name] = components.length === 1 ? components[0] : components;
  }
  if (integrals.Length !== undefined) summary.Length = integrals.Length;
  if (integrals.Area !== undefined) summary.Area = integrals.Area;
  if (integrals.Volume !== undefined) summary.Volume = integrals.Volume;
  return summary;
}

/** Runs a pipeline file and returns one summary per output node (what --json prints). */
export async function runPipelineFile(file: string, options: RunOptions = {}): Promise<RunOutputInfo[]> {
  const pipeline = await loadPipelineFile(file, { workers: options.workers });
  const results: RunOutputInfo[] = [];
  for (const [index, id] of pipeline.outputs.entries()) {
    const started = performance.now();
    const { output, format } = await pipeline.update(id);
    const seconds = (performance.now() - started) / 1000;
    if (index === 0 && options.out) await writeDataFile(resolve(options.out), output);
    const info = await describeDataObject(output, {
      ...(index === 0 && options.out ? { file: options.out } : {}),
      ...(format ? { format } : {}),
    });
    results.push({ node: id, ...info, integrated: integratedSummary(output), seconds });
  }
  return results;
}

function parseWorkers(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new PropertyError('run', '--workers', `expected a positive integer, got '${value}'`);
  return n;
}

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('execute a pipeline file (nodes with ParaView filter and property names)')
    .argument('<pipeline>', 'pipeline JSON: {"nodes":[{"id","type","inputs","properties"}],"outputs":[ids]}')
    .option('--out <file>', 'write the first output node to this file (format from the extension)')
    .option('--json', 'print one JSON object per output node')
    .option('--workers <n>', 'split parallel filters into n pieces (default: one per core)', parseWorkers)
    .action(async (file: string, options: RunOptions) => {
      const results = await runPipelineFile(file, options);
      const lines = options.json
        ? results.map((r) => JSON.stringify(r))
        : results.map(
            (r) =>
              `${r.node}: ${r.type}, ${r.points} points, ${r.cells} cells, ${r.seconds.toFixed(3)} s` +
              (r.integrated ? `; integrated ${JSON.stringify(r.integrated)}` : ''),
          );
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
