/**
 * Runs a pipeline file and summarises each output node: what `periscope run --json` prints and
 * what the reference tests compare with ParaView's results.
 */
import { resolve } from 'node:path';
import type { DataObject } from '../data/dataset.js';
import { type DataInfo, describeDataObject } from '../describe.js';
import { integrateVariables } from '../filters/integrate-variables/index.js';
import { writeDataFile } from '../io/index.js';
import { loadPipelineFile } from './load.js';

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
