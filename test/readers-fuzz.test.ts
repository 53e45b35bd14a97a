/**
 * Feeds every reader truncated and bit-flipped versions of the real files in ../shared/data and
 * requires, for each, either a valid result or a clean typed error (a PeriscopeError naming the
 * file) — never another kind of throw, a hang, or an allocation over 1 GiB.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const shared = fileURLToPath(new URL('../../shared/data/', import.meta.url));
const child = fileURLToPath(new URL('./support/fuzz-child.ts', import.meta.url));
/** Format families in scope for the foundation readers. */
const FOLDERS = [
  'legacy_vtk',
  'vtk_xml',
  'parallel',
  'multiblock',
  'time_series',
  'stl',
  'ply',
  'obj',
  'csv',
];
/** Entry files of multi-file datasets: their companions are mutated through them. */
const ENTRY_EXTENSIONS =
  /\.(vtk|vti|vtp|vtu|vts|vtr|pvti|pvtp|pvtu|pvts|pvtr|vtm|pvd|series|stl|ply|obj|txt|csv)$/i;
const CLEAN_CODES = new Set([
  'PERISCOPE_E_READ',
  'PERISCOPE_E_FILE_NOT_FOUND',
  'PERISCOPE_E_UNSUPPORTED_FORMAT',
  'PERISCOPE_E_LIMIT',
]);

/** Small deterministic PRNG (mulberry32) so failures reproduce. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function listEntries(): string[] {
  const out: string[] = [];
  for (const folder of FOLDERS) {
    for (const name of readdirSync(join(shared, folder))) {
      const path = join(shared, folder, name);
      if (statSync(path).isFile() && ENTRY_EXTENSIONS.test(name)) out.push(path);
    }
  }
  return out.sort();
}

/** Mutations of one file's bytes: truncations at several points and random bit flips. */
function mutations(bytes: Buffer, seed: number): { label: string; bytes: Buffer }[] {
  const rand = random(seed);
  const n = bytes.length;
  const cuts = [
    ...new Set([0, 1, 17, Math.floor(n * 0.1), Math.floor(n * 0.5), Math.floor(n * 0.9), n - 1]),
  ].filter((c) => c >= 0 && c < n);
  const out = cuts.map((cut) => ({ label: `truncated@${cut}`, bytes: bytes.subarray(0, cut) }));
  for (let variant = 0; variant < 6; variant++) {
    const copy = Buffer.from(bytes);
    const flips = [1, 3, 8, 1, 3, 8][variant];
    // Half the variants hit the first 2 KiB, where headers, counts and XML attributes live.
    const span = variant < 3 ? Math.min(n, 2048) : n;
    for (let f = 0; f < flips; f++) {
      const at = Math.floor(rand() * span);
      copy[at] ^= 1 << Math.floor(rand() * 8);
    }
    out.push({ label: `flipped${flips}#${variant}`, bytes: copy });
  }
  return out;
}

const work = mkdtempSync(join(tmpdir(), 'periscope-fuzz-'));
after(() => rmSync(work, { recursive: true, force: true }));

interface Outcome {
  file: string;
  outcome: 'started' | 'ok' | 'error';
  isError?: boolean;
  code?: string;
  name?: string;
  message?: string;
}

function runChild(
  files: string[],
  timeoutMs: number,
): Promise<{ outcomes: Outcome[]; timedOut: boolean; status: number | null }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, JSON.stringify(files)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let text = '';
    let timedOut = false;
    proc.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    const timer = setTimeout(() => {
      timedOut = true;
      proc.kill('SIGKILL');
    }, timeoutMs);
    proc.on('close', (status) => {
      clearTimeout(timer);
      const outcomes = text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Outcome);
      resolve({ outcomes, timedOut, status });
    });
  });
}

for (const folder of FOLDERS) {
  test(`readers survive truncated and bit-flipped files: ${folder}`, { timeout: 240_000 }, async (t) => {
    const entries = listEntries().filter((p) => relative(shared, p).startsWith(`${folder}/`));
    const files: string[] = [];
    entries.forEach((entry, index) => {
      // Copy the whole folder once per mutation so companions (pieces, blocks) stay beside it.
      const original = readFileSync(entry);
      for (const mutation of mutations(original, 1000 + index)) {
        const dir = join(work, `${folder}-${index}-${mutation.label}`);
        cpSync(dirname(entry), dir, { recursive: true });
        const target = join(dir, basename(entry));
        writeFileSync(target, mutation.bytes);
        files.push(target);
      }
    });
    const { outcomes, timedOut, status } = await runChild(files, 200_000);
    const started = outcomes.filter((o) => o.outcome === 'started');
    const finished = outcomes.filter((o) => o.outcome !== 'started');
    if (timedOut || finished.length !== files.length) {
      const stuck = started.at(-1)?.file ?? '(none)';
      assert.fail(
        `reader hung or crashed (exit ${status}, timed out: ${timedOut}) on ${relative(work, stuck)}`,
      );
    }
    const ok = finished.filter((o) => o.outcome === 'ok').length;
    t.diagnostic(`${files.length} mutated files: ${ok} read, ${finished.length - ok} rejected with an error`);
    const dirty = finished.filter(
      (o) => o.outcome === 'error' && !(o.isError && o.code !== undefined && CLEAN_CODES.has(o.code)),
    );
    assert.deepEqual(
      dirty.map((o) => `${relative(work, o.file)}: ${o.name}: ${o.message}`),
      [],
      'every failure must be a typed PeriscopeError',
    );
    const named = finished.filter(
      (o) =>
        o.outcome === 'error' &&
        !o.message?.includes(basename(o.file)) &&
        !o.message?.includes(dirname(o.file)),
    );
    assert.deepEqual(
      named.map((o) => `${relative(work, o.file)}: ${o.message}`),
      [],
      'errors name the file',
    );
  });
}
