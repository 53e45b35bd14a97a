/**
 * Child process of readers-fuzz.test.ts: reads each mutated file named on stdin (one JSON list)
 * and prints one JSON line per file: {file, outcome: "ok" | "error", code?, name?, message}.
 * Allocations over 1 GiB throw (allocation-guard), and the parent kills us if we hang.
 */
import { installAllocationGuard } from './allocation-guard.js';

installAllocationGuard(2 ** 30);

const { readDataFile } = await import('../../src/engine/io/index.js');
const { describeDataObject } = await import('../../src/engine/describe.js');

const files = JSON.parse(process.argv[2]) as string[];
for (const file of files) {
  process.stdout.write(`${JSON.stringify({ file, outcome: 'started' })}\n`);
  try {
    const { data } = await readDataFile(file);
    const info = await describeDataObject(data);
    if (!(info.points >= 0 && info.cells >= 0))
      throw new Error(`nonsense counts ${info.points}/${info.cells}`);
    process.stdout.write(`${JSON.stringify({ file, outcome: 'ok' })}\n`);
  } catch (error) {
    const e = error as { code?: unknown; name?: unknown; message?: unknown };
    process.stdout.write(
      `${JSON.stringify({
        file,
        outcome: 'error',
        isError: error instanceof Error,
        code: typeof e?.code === 'string' ? e.code : undefined,
        name: typeof e?.name === 'string' ? e.name : typeof error,
        message: String(e?.message ?? error).slice(0, 300),
      })}\n`,
    );
  }
}
