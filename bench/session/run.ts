/**
 * Session server benchmark (JSON lines): process start → `wslink: Starting factory`, and idle
 * RSS after the first client said hello. Runs the command under tsx (as the tests do), so the
 * start time includes TypeScript transpilation; the built CLI starts faster.
 *
 *   node --import tsx bench/session/run.ts [--runs 5]
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectWslink } from '../../src/server/wslink-client.fixture.js';

const READY = 'wslink: Starting factory';
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const entry = new URL('./session-main.ts', import.meta.url).pathname;

async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
}

async function once(directory: string): Promise<{ readyMs: number; idleRssBytes: number }> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      entry,
      'session',
      '--port',
      '0',
      '--data',
      directory,
      '--secret',
      's',
      '--log-level',
      'warn',
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const readyMs = await new Promise<number>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(READY)) resolve(performance.now() - started);
    });
    child.once('exit', (code) => reject(new Error(`session exited with ${code} before the ready line`)));
  });
  // The port is ephemeral and the ready line does not name it: ask the kernel which port the child holds.
  const port = await portOf(child.pid!);
  const client = await connectWslink(`ws://127.0.0.1:${port}/ws`, 's');
  await client.session.call('periscope.session.info');
  await new Promise((resolve) => setTimeout(resolve, 500));
  const idleRssBytes = await rssOf(child.pid!);
  client.close();
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  return { readyMs, idleRssBytes };
}

/** The TCP port a process listens on, from /proc/net/tcp and its socket inodes. */
async function portOf(pid: number): Promise<number> {
  const { readdir, readlink } = await import('node:fs/promises');
  const inodes = new Set<string>();
  for (const fd of await readdir(`/proc/${pid}/fd`)) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const match = /^socket:\[(\d+)\]$/.exec(target);
    if (match) inodes.add(match[1]);
  }
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const lines = (await readFile(table, 'utf8').catch(() => '')).split('\n').slice(1);
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      if (fields[3] === '0A' && inodes.has(fields[9])) return Number.parseInt(fields[1].split(':')[1], 16);
    }
  }
  throw new Error(`no listening socket for pid ${pid}`);
}

const directory = await mkdtemp(join(tmpdir(), 'periscope-bench-session-'));
const results: { readyMs: number; idleRssBytes: number }[] = [];
for (let run = 0; run < runs; run++) results.push(await once(directory));
await rm(directory, { recursive: true, force: true });
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(
  JSON.stringify({
    bench: 'session.start',
    runner: 'tsx',
    runs,
    readyMsMedian: Math.round(median(results.map((r) => r.readyMs))),
    readyMsMin: Math.round(Math.min(...results.map((r) => r.readyMs))),
    idleRssMBMedian: Math.round(median(results.map((r) => r.idleRssBytes)) / 2 ** 20),
    targetReadyMs: 300,
    targetIdleRssMB: 80,
  }),
);
process.exit(0);
