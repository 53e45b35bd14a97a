/**
 * The client library against a real session: dynamic proxies built from the method listing,
 * typed calls (ParaView's reference counts for Wavelet → Contour), progress and cancellation.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { WebSocket } from 'ws';
import { type SessionServer, startSessionServer } from '../server/session-server.js';
import { type Connection, connect, type WebSocketConstructor } from './connection.js';
import { createProxies } from './proxies.js';
import { PeriscopeSession } from './session.js';

let directory: string;
let server: SessionServer;
let connection: Connection;
let session: PeriscopeSession;

before(async () => {
  directory = await mkdtemp(join(tmpdir(), 'periscope-client-session-'));
  server = await startSessionServer({ dataDirectory: directory, secret: 's', cpuRenderer: false });
  connection = await connect({
    url: server.url,
    secret: 's',
    WebSocket: WebSocket as unknown as WebSocketConstructor,
  });
  session = new PeriscopeSession(connection);
});

after(async () => {
  await connection?.close();
  await server?.close();
  await rm(directory, { recursive: true, force: true });
});

test('dynamic proxies call every listed method; a name can be both method and namespace', async () => {
  const { api, methods, get } = await createProxies(connection);
  assert.ok(methods.length > 60, `${methods.length} methods listed`);
  // Plain JavaScript reads `api.periscope.pipeline.add(…)`; TypeScript sees namespaces as unknown.
  const pipeline = api.periscope.pipeline as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const node = (await pipeline.add({ id: 'cone', type: 'Cone' })) as { id: string; type: string };
  assert.deepEqual([node.id, node.type], ['cone', 'Cone']);
  const info = (await pipeline.info('cone')) as { points: number; cells: number };
  // vtkConeSource defaults (Resolution 6, capped): 7 points, 6 triangles + 1 hexagon.
  assert.deepEqual([info.points, info.cells], [7, 7]);
  await pipeline.remove('cone');

  const push = get('viewport.image.push');
  assert.ok(push && typeof push === 'function');
  assert.match(String(push.description), /./);
  assert.equal(typeof get('viewport.image.push.quality'), 'function');
  assert.equal((push as unknown as Record<string, unknown>).quality, get('viewport.image.push.quality'));
  // `viewport.image` is only a namespace.
  await assert.rejects(get('viewport.image')!(), /namespace of methods, not a method/);
  // Arguments are described for forms and docs.
  assert.deepEqual(
    get('periscope.annotation.add')!.args.map((arg) => arg.name),
    ['text', 'position'],
  );
});

test('typed calls: Wavelet → Contour matches ParaView’s 136,745 points / 271,238 triangles', async () => {
  const changes: string[] = [];
  const stop = session.onPipelineChange((change) => changes.push(change.kind));
  await session.addNode({
    id: 'w',
    type: 'Wavelet',
    properties: { WholeExtent: [-63, 64, -63, 64, -63, 64] },
  });
  await session.addNode({
    id: 'c',
    type: 'Contour',
    inputs: ['w'],
    properties: { ContourBy: ['POINTS', 'RTData'], Isosurfaces: [157] },
  });
  const progress: number[] = [];
  const info = await session.info('c', { onProgress: (fraction) => progress.push(fraction) });
  assert.deepEqual([info.type, info.points, info.cells], ['PolyData', 136_745, 271_238]);
  assert.ok(progress.length > 0 && progress.every((p) => p >= 0 && p <= 1), `progress ${progress}`);
  assert.deepEqual(
    (await session.nodes()).map((node) => node.id),
    ['w', 'c'],
  );
  stop();
  assert.deepEqual(changes.slice(0, 2), ['node-added', 'node-added']);
  await session.removeNode('c');
  await session.removeNode('w');
});

test('cancelling through an AbortSignal stops the server operation; the session carries on', {
  timeout: 120_000,
}, async () => {
  // 256³ Wavelet → Contour takes seconds: long enough to cancel once progress is reported.
  await session.addNode({
    id: 'big',
    type: 'Wavelet',
    properties: { WholeExtent: [-127, 128, -127, 128, -127, 128] },
  });
  await session.addNode({
    id: 'iso',
    type: 'Contour',
    inputs: ['big'],
    properties: { ContourBy: ['POINTS', 'RTData'], Isosurfaces: [157] },
  });
  const controller = new AbortController();
  const progress: number[] = [];
  const started = performance.now();
  const pending = session.info('iso', {
    signal: controller.signal,
    onProgress: (fraction) => {
      progress.push(fraction);
      if (fraction > 0 && fraction < 1) controller.abort();
    },
  });
  setTimeout(() => controller.abort(), 3_000); // in case no intermediate progress arrives in time
  await assert.rejects(pending, (error: Error & { code: string; remoteCode: number }) => {
    assert.equal(error.code, 'PERISCOPE_E_CANCELLED');
    assert.equal(error.remoteCode, -32015);
    return true;
  });
  assert.ok(performance.now() - started < 20_000);
  assert.ok(progress.length > 0);
  await session.removeNode('iso');
  await session.removeNode('big');
  const cone = await session.addNode({ type: 'Cone' });
  assert.equal((await session.info(cone.id)).points, 7);
  await session.removeNode(cone.id);
});
