/**
 * `periscope session` as a launcher runs it: a process that prints wslink's ready line once it
 * accepts connections, answers with the secret it was given, enforces --max-message-size on one
 * connection without harming the others, and exits cleanly on SIGTERM; a bad --data fails
 * before the ready line with one line on stderr.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { connect, type WebSocketConstructor } from '../../src/client/connection.js';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const data = mkdtempSync(join(tmpdir(), 'periscope-session-e2e-'));
after(() => rmSync(data, { recursive: true, force: true }));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

test('the session prints the ready line, serves clients, limits message size per connection and stops on SIGTERM', {
  timeout: 60_000,
}, async () => {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      main,
      'session',
      '--port',
      String(port),
      '--data',
      data,
      '--secret',
      'e2e-secret',
      '--max-message-size',
      '4K',
      '--log-level',
      'warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('wslink: Starting factory')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before the ready line`)));
  });
  const url = `ws://127.0.0.1:${port}/ws`;
  const props = { url, secret: 'e2e-secret', WebSocket: WebSocket as unknown as WebSocketConstructor };
  const calm = await connect(props);
  const greedy = await connect(props);
  assert.equal(((await calm.call('periscope.session.info')) as { participants: number }).participants, 2);
  // 8 KB of arguments is over the 4 KiB limit: that connection is closed, with a reason.
  const refused = greedy
    .call('periscope.pipeline.list', ['x'.repeat(8 * 1024)])
    .catch((error: Error) => error);
  const closed = await greedy.closed;
  assert.equal(closed.code, 1009, JSON.stringify(closed));
  assert.ok((await refused) instanceof Error);
  assert.deepEqual(await calm.call('periscope.pipeline.list'), []);
  await calm.close();
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
});

test('a --data that does not exist fails before the ready line, with one line on stderr', () => {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', main, 'session', '--port', '0', '--data', join(data, 'missing')],
    { encoding: 'utf8' },
  );
  assert.notEqual(result.status, 0);
  assert.ok(!result.stdout.includes('Starting factory'));
  assert.match(result.stderr.trim(), /^periscope: .*missing: no such file \[PERISCOPE_E_FILE_NOT_FOUND\]$/);
  assert.equal(result.stderr.trim().split('\n').length, 1);
});
