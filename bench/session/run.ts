/**
 * Session server benchmark (JSON lines `{name, value, unit}`), against the built CLI as a user
 * runs it (`node bin/periscope.js session`; the suite builds `dist/` first unless `--no-build`):
 *
 * - `session.start.ready`: process start → `wslink: Starting factory` (target ≤ 300 ms);
 * - `session.idle.rss`: RSS once a client has said hello and the session is idle (≤ 80 MB);
 * - `session.drag.fps`: frames per second one client receives while it sends left-button drag
 *   events at 60 Hz over loopback, 1280×720 view, a ~1M-triangle sphere (target ≥ 20);
 * - `session.drag.latency.p50/p95`: from sending a drag event to receiving the first frame that
 *   shows it — the first frame whose `mtime` reaches the scene time the event produced, which
 *   the server returns when asked with `kwargs {mtime: true}` (target p50 ≤ 80 ms).
 *
 *   node --import tsx bench/session/run.ts [--runs 5] [--seconds 6] [--no-build]
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { type Connection, connect, type WebSocketConstructor } from '../../src/client/connection.js';

const READY = 'wslink: Starting factory';
const root = fileURLToPath(new URL('../..', import.meta.url));
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '6' },
    'no-build': { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const dragSeconds = Number(values.seconds);

const emit = (name: string, value: number, unit: string, extra: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ name, value, unit, ...extra }));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
}

/** The TCP port a process listens on, from its socket inodes and /proc/net/tcp. */
async function portOf(pid: number): Promise<number> {
  const inodes = new Set<string>();
  for (const fd of await readdir(`/proc/${pid}/fd`)) {
    const match = /^socket:\[(\d+)\]$/.exec(await readlink(`/proc/${pid}/fd/${fd}`).catch(() => ''));
    if (match) inodes.add(match[1]);
  }
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of (await readFile(table, 'utf8').catch(() => '')).split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[3] === '0A' && inodes.has(fields[9])) return Number.parseInt(fields[1].split(':')[1], 16);
    }
  }
  throw new Error(`no listening socket for pid ${pid}`);
}

interface RunningSession {
  child: ChildProcessWithoutNullStreams;
  /** performance.now() when the process was spawned. */
  started: number;
  readyMs: number;
  port: number;
}

async function startSession(directory: string): Promise<RunningSession> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
      join(root, 'bin/periscope.js'),
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
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const readyMs = await new Promise<number>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(READY)) resolve(performance.now() - started);
    });
    child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.once('exit', (code) => reject(new Error(`session exited with ${code} before the ready line`)));
  });
  return { child, started, readyMs, port: await portOf(child.pid!) };
}

async function stopSession(session: RunningSession): Promise<void> {
  const exited = new Promise((resolve) => session.child.once('exit', resolve));
  session.child.kill('SIGTERM');
  await exited;
}

const connectTo = (port: number): Promise<Connection> =>
  connect({
    url: `ws://127.0.0.1:${port}/ws`,
    secret: 's',
    WebSocket: WebSocket as unknown as WebSocketConstructor,
  });

async function startUp(directory: string): Promise<void> {
  const ready: number[] = [];
  const firstCall: number[] = [];
  const rss: number[] = [];
  for (let run = 0; run < runs; run++) {
    const session = await startSession(directory);
    ready.push(session.readyMs);
    const client = await connectTo(session.port);
    // Answered once the API behind the ready line has loaded.
    await client.call('periscope.session.info');
    firstCall.push(performance.now() - session.started);
    await new Promise((resolve) => setTimeout(resolve, 500));
    rss.push(await rssOf(session.child.pid!));
    await client.close();
    await stopSession(session);
  }
  emit('session.start.ready', Math.round(median(ready)), 'ms', {
    min: Math.round(Math.min(...ready)),
    max: Math.round(Math.max(...ready)),
    runs,
    target: 300,
  });
  emit('session.start.first_call', Math.round(median(firstCall)), 'ms', { runs });
  emit('session.idle.rss', Math.round(median(rss) / 2 ** 20), 'MB', { runs, target: 80 });
}

interface ImageEvent {
  id: string | number;
  frame?: number;
  mtime: number;
  size: [number, number];
  interactive?: boolean;
}

async function drag(directory: string): Promise<void> {
  const session = await startSession(directory);
  const client = await connectTo(session.port);
  try {
    // vtkSphereSource at resolution 710: 710 × 708 × 2 ≈ 1.005 M triangles.
    await client.call('periscope.pipeline.add', [
      { id: 'sphere', type: 'Sphere', properties: { ThetaResolution: 710, PhiResolution: 710 } },
    ]);
    await client.call('viewport.camera.reset', [-1]);
    const frames: { at: number; mtime: number; size: [number, number]; interactive: boolean }[] = [];
    let settle: (() => void) | undefined;
    client.subscribe('viewport.image.push.subscription', (payload) => {
      const event = (Array.isArray(payload) ? payload[0] : payload) as ImageEvent;
      frames.push({
        at: performance.now(),
        mtime: event.mtime,
        size: event.size,
        interactive: Boolean(event.interactive),
      });
      if (event.frame !== undefined) void client.call('periscope.image.ack', [event.id, event.frame]);
      settle?.();
    });
    await client.call('viewport.image.push.observer.add', [-1]);
    await client.call('viewport.size.update', [-1, 1280, 720]);
    // The first still frame (the geometry is built and cached on the way).
    await new Promise<void>((resolve) => {
      settle = resolve;
    });
    settle = undefined;
    await new Promise((resolve) => setTimeout(resolve, 500));

    const sent: { at: number; mtime: number }[] = [];
    const first = frames.length;
    const started = performance.now();
    const event = (action: 'down' | 'up', x: number, buttonLeft: 0 | 1) => ({
      view: -1,
      action,
      x,
      y: 0.5,
      buttonLeft,
      buttonMiddle: 0,
      buttonRight: 0,
      shiftKey: 0,
      ctrlKey: 0,
      altKey: 0,
      metaKey: 0,
    });
    await client.call('viewport.mouse.interaction', [event('down', 0.3, 1)]);
    let step = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (performance.now() - started > dragSeconds * 1000) {
          clearInterval(timer);
          resolve();
          return;
        }
        step++;
        // Back and forth across the middle of the view, 2 px of 1280 per event.
        const x =
          0.3 +
          0.4 *
            Math.abs(((step * 2) / 1280) % 2 > 1 ? 2 - (((step * 2) / 1280) % 2) : ((step * 2) / 1280) % 2);
        const at = performance.now();
        void client
          .call('viewport.mouse.interaction', [event('down', x, 1)], { mtime: true })
          .then((mtime) => {
            if (typeof mtime === 'number') sent.push({ at, mtime });
          });
      }, 1000 / 60);
    });
    const ended = performance.now();
    await client.call('viewport.mouse.interaction', [event('up', 0.5, 0)]);
    const during = frames.slice(first).filter((frame) => frame.at <= ended);
    const latencies: number[] = [];
    for (const event of sent) {
      const shown = during.find((frame) => frame.mtime >= event.mtime && frame.at >= event.at);
      if (shown) latencies.push(shown.at - event.at);
    }
    const seconds = (ended - started) / 1000;
    const size = during.find((frame) => frame.interactive)?.size ?? [0, 0];
    emit('session.drag.fps', Number((during.length / seconds).toFixed(1)), 'frames/s', {
      target: 20,
      events: sent.length,
      frameSize: size,
      triangles: 1_005_360,
    });
    emit('session.drag.latency.p50', Math.round(percentile(latencies, 50)), 'ms', {
      target: 80,
      measured: latencies.length,
    });
    emit('session.drag.latency.p95', Math.round(percentile(latencies, 95)), 'ms');
  } finally {
    await client.close();
    await stopSession(session);
  }
}

if (!values['no-build']) {
  const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
}
const directory = await mkdtemp(join(tmpdir(), 'periscope-bench-session-'));
try {
  await startUp(directory);
  await drag(directory);
} finally {
  await rm(directory, { recursive: true, force: true });
}
process.exit(0);
