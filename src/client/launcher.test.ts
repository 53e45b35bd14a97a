import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { WebSocket } from 'ws';
import { type SessionServer, startSessionServer } from '../server/session-server.js';
import type { WebSocketConstructor } from './connection.js';
import { connectViaLauncher } from './launcher.js';

// A launcher as PROTOCOL.md §6.2 describes it, in front of one real session: the first POST is
// told "All the resources are currently taken" (503), the next ones get the session record with
// `USE_HOST` in its URL, as a front door's template would have it.
let directory: string;
let session: SessionServer;
let launcher: Server;
let launcherUrl: string;
const requests: { body: Record<string, unknown>; authorization: string | undefined }[] = [];

async function bodyOf(request: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of request) text += chunk;
  return JSON.parse(text) as Record<string, unknown>;
}

before(async () => {
  directory = await mkdtemp(join(tmpdir(), 'periscope-launcher-'));
  session = await startSessionServer({
    dataDirectory: directory,
    secret: 'launched-secret',
    cpuRenderer: false,
  });
  launcher = createServer(async (request, response) => {
    const body = await bodyOf(request);
    requests.push({ body, authorization: request.headers.authorization });
    const reply = (status: number, value: unknown) =>
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    if (body.application !== 'periscope') return reply(400, { error: 'The request is not complete' });
    if (requests.length === 1) return reply(503, { error: 'All the resources are currently taken' });
    reply(200, {
      id: 'session-1',
      sessionURL: `ws://127.0.0.1:${session.port}/ws`,
      secret: 'launched-secret',
      dataset: body.dataset,
    });
  });
  await new Promise<void>((resolve) => launcher.listen(0, '127.0.0.1', resolve));
  launcherUrl = `http://127.0.0.1:${(launcher.address() as AddressInfo).port}/paraview/`;
});

after(async () => {
  launcher.closeAllConnections();
  await new Promise((resolve) => launcher.close(resolve));
  await session.close();
  await rm(directory, { recursive: true, force: true });
});

test('connectViaLauncher retries a 503, connects with the returned secret and passes body and headers', async () => {
  const { session: record, connection } = await connectViaLauncher({
    launcherUrl,
    application: 'periscope',
    body: { dataset: 'can.vtu' },
    headers: { authorization: 'Bearer token' },
    retryDelaysMs: [50],
    WebSocket: WebSocket as unknown as WebSocketConstructor,
  });
  try {
    assert.equal(requests.length, 2, 'one 503, then the session');
    assert.deepEqual(requests[1].body, { dataset: 'can.vtu', application: 'periscope' });
    assert.equal(requests[1].authorization, 'Bearer token');
    assert.equal(record.id, 'session-1');
    assert.equal(record.dataset, 'can.vtu');
    assert.equal(connection.state, 'open');
    const info = (await connection.call('periscope.session.info')) as { participants: number };
    assert.equal(info.participants, 1);
  } finally {
    await connection.close();
  }
});

test('a launcher error is a ConnectionError with its text; 503 past the retries fails too', async () => {
  await assert.rejects(
    connectViaLauncher({ launcherUrl, application: 'unknown-app', retryDelaysMs: [] }),
    (error: Error & { code: string }) => {
      assert.equal(error.code, 'PERISCOPE_E_CONNECTION');
      assert.match(error.message, /answered 400: The request is not complete/);
      return true;
    },
  );
  requests.length = 0; // the next POST is the launcher's first again: 503
  await assert.rejects(
    connectViaLauncher({ launcherUrl, application: 'periscope', retryDelaysMs: [] }),
    /answered 503: All the resources are currently taken/,
  );
});

test('USE_HOST in the session URL becomes the launcher host', async () => {
  const { requestSession } = await import('./launcher.js');
  const fake: typeof fetch = async () =>
    new Response(JSON.stringify({ id: 'x', sessionURL: 'ws://USE_HOST/proxy?sessionId=x', secret: 's' }), {
      status: 200,
    });
  const record = await requestSession({
    launcherUrl: 'http://front.example:8443/paraview/',
    application: 'a',
    fetch: fake,
  });
  assert.equal(record.sessionURL, 'ws://front.example:8443/proxy?sessionId=x');
  const byName = await requestSession({
    launcherUrl: 'http://front.example:8443/paraview/',
    application: 'a',
    fetch: async () => new Response(JSON.stringify({ id: 'y', sessionURL: 'ws://USE_HOSTNAME:9000/ws' })),
  });
  assert.equal(byName.sessionURL, 'ws://front.example:9000/ws');
  assert.equal(byName.secret, undefined);
});
