/**
 * Twenty clients on one session: all of them join, watch the view, and each receives a frame
 * after one of them turns the camera; presence lists all twenty; they leave cleanly.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { WebSocket } from 'ws';
import { type Connection, connect, type WebSocketConstructor } from '../client/connection.js';
import { type SessionServer, startSessionServer } from './session-server.js';

const CLIENTS = 20;
let directory: string;
let server: SessionServer;

before(async () => {
  directory = await mkdtemp(join(tmpdir(), 'periscope-many-'));
  server = await startSessionServer({ dataDirectory: directory, secret: 's' });
});

after(async () => {
  await server?.close();
  await rm(directory, { recursive: true, force: true });
});

test(`${CLIENTS} clients watch one view; a camera change reaches every one of them as a frame`, {
  timeout: 120_000,
}, async () => {
  const clients: Connection[] = await Promise.all(
    Array.from({ length: CLIENTS }, () =>
      connect({ url: server.url, secret: 's', WebSocket: WebSocket as unknown as WebSocketConstructor }),
    ),
  );
  try {
    await clients[0].call('periscope.pipeline.add', [{ id: 'cone', type: 'Cone' }]);
    const participants = (await clients[0].call('periscope.collaboration.participants')) as unknown[];
    assert.equal(participants.length, CLIENTS);
    const latest = clients.map(() => 0);
    const frames = clients.map(
      (client, i) => (mtimeAbove: number) =>
        new Promise<number>((resolve) => {
          const stop = client.subscribe('viewport.image.push.subscription', (payload) => {
            const frame = (Array.isArray(payload) ? payload[0] : payload) as {
              mtime: number;
              frame: number;
              id: string;
            };
            latest[i] = Math.max(latest[i], frame.mtime);
            void client.call('periscope.image.ack', [frame.id, frame.frame]);
            if (frame.mtime > mtimeAbove) {
              stop();
              resolve(frame.mtime);
            }
          });
        }),
    );
    const first = clients.map((_, i) => frames[i](0));
    await Promise.all(
      clients.map(async (client) => {
        await client.call('viewport.size.update', [-1, 160, 120]);
        await client.call('viewport.image.push.observer.add', [-1]);
      }),
    );
    const initial = Math.max(...(await Promise.all(first)));
    const next = clients.map((_, i) => frames[i](initial));
    await clients[7].call('viewport.camera.update', [-1, [0, 0, 0], [0, 1, 0], [3, 2, 1]]);
    const after = await Promise.all(next);
    assert.equal(after.length, CLIENTS);
    assert.ok(after.every((mtime) => mtime > initial));
    // Clients asking for the same size of the same scene share renders.
    const info = (await clients[0].call('periscope.session.info')) as { delivery: { rendersShared: number } };
    assert.ok(info.delivery.rendersShared > 0, JSON.stringify(info.delivery));
  } finally {
    await Promise.all(clients.map((client) => client.close()));
  }
  const left = await new Promise<number>((resolve) =>
    setTimeout(() => resolve(server.protocol.stats().authenticatedConnections), 200),
  );
  assert.equal(left, 0);
});
