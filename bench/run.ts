/**
 * `npm run bench`: runs every benchmark suite (`bench/<suite>/run.ts`) one after another, so they
 * do not compete for the cores, and passes their JSON lines through. `npm run bench -- io filters`
 * runs only the named suites.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const wanted = process.argv.slice(2);
const suites = readdirSync(root, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(root, entry.name, 'run.ts')))
  .map((entry) => entry.name)
  .filter((name) => wanted.length === 0 || wanted.includes(name))
  .sort();

let failed = 0;
for (const suite of suites) {
  process.stderr.write(`# bench ${suite}\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, suite, 'run.ts')], {
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    failed++;
    process.stdout.write(
      `${JSON.stringify({ name: `bench.${suite}.failed`, value: result.status ?? -1, unit: 'exit' })}\n`,
    );
  }
}
process.exitCode = failed > 0 ? 1 : 0;
