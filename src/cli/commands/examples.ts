/**
 * `periscope examples DIR`: writes the project's own sample datasets (generated, never copied
 * from elsewhere) — the default data for demos, docs and `periscope serve`.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';

export function registerExamplesCommand(program: Command): void {
  program
    .command('examples')
    .description('write the sample datasets (volume, surface, mixed cells, multiblock, time series)')
    .argument('<dir>', 'folder to write into (created if missing)')
    .action(async (dir: string) => {
      const { EXAMPLES, writeExamples } = await import('../../engine/examples/write-examples.js');
      const written = await writeExamples(resolve(dir));
      for (const [i, path] of written.entries()) {
        process.stdout.write(`${path}  — ${EXAMPLES[i].description}\n`);
      }
    });
}
