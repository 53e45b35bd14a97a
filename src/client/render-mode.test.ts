/**
 * queryRenderMode against a real session server (the choice follows the threshold) and against
 * a plain wslink-style server without geometry delivery (remote).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { WebSocket as WsWebSocket } from 'ws';
import { createProtocolServer } from '../protocol/server.js';
import { startSessionServer } from '../server/session-server.js';
import { connect } from './connection.js';
import { queryRenderMode } from './render-mode.js';

const secret = 'render-mode-secret';

test('a session server chooses local under its threshold and remote over it', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'periscope-render-mode-'));
  const server = await startSessionServer({
    dataDirectory: directory,
    secret,
    cpuRenderer: false,
    localRenderThreshold: 10_000,
  });
  const connection = await connect({ url: server.url, secret, WebSocket: WsWebSocket });
  try {
    const empty = await queryRenderMode(connection);
    assert.equal(empty.use, 'local');
    assert.equal(empty.delivery?.size.bytes, 0);
    // A 64 × 64 sphere: 64·62 points of 24 bytes plus 16 bytes per triangle, far over 10 kB.
    await connection.call('periscope.pipeline.add', [
      { type: 'Sphere', properties: { ThetaResolution: 64, PhiResolution: 64 } },
    ]);
    const sphere = await queryRenderMode(connection, -1);
    assert.equal(sphere.use, 'remote');
    assert.match(sphere.reason, /exceeds the local threshold of 0\.010 MiB/);
    await connection.call('periscope.view.delivery.set', [-1, 'local']);
    assert.equal((await queryRenderMode(connection)).use, 'local');
  } finally {
    await connection.close();
    await server.close();
    await rm(directory, { recursive: true, force: true });
  }
});

test('a server without geometry delivery gets remote rendering; other failures are thrown', async () => {
  const server = createProtocolServer({ secret });
  server.registerMethod(
    'periscope.view.delivery.get',
    ({ args }) => {
      if (args[0] === 'broken') throw new RangeError('boom');
      return { use: 'sideways' };
    },
    { description: 'a confused server' },
  );
  const { url } = await server.listen();
  const connection = await connect({ url, secret, WebSocket: WsWebSocket });
  const bare = createProtocolServer({ secret });
  const bareAddress = await bare.listen();
  const bareConnection = await connect({ url: bareAddress.url, secret, WebSocket: WsWebSocket });
  try {
    const missing = await queryRenderMode(bareConnection);
    assert.equal(missing.use, 'remote');
    assert.match(missing.reason, /no geometry delivery/);
    const confused = await queryRenderMode(connection);
    assert.equal(confused.use, 'remote');
    assert.match(confused.reason, /unknown mode "sideways"/);
    await assert.rejects(queryRenderMode(connection, 'broken'), /boom/);
  } finally {
    await connection.close();
    await bareConnection.close();
    await server.close();
    await bare.close();
  }
});
