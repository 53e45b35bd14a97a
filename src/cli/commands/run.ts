/**
 * `periscope run PIPELINE.json [--out FILE] [--json] [--workers N]`: executes a pipeline file.
 * --out writes the first output node (writer chosen by extension); --json prints one JSON object
 * per output node: the `periscope info --json` summary plus `integrated` (IntegrateVariables:
 * Length/Area/Volume and the integral of every array) and `seconds` (time to produce it).
 * The engine is imported when the command runs, so other commands start without it.
 */
import type { Command } from 'commander';
import type { RunOptions } from '../../engine/pipeline/run-file.js';
import { PropertyError } from '../../errors.js';

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
      const { runPipelineFile } = await import('../../engine/pipeline/run-file.js');
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
