/**
 * Conformance: Kitware's unmodified `wslink` 2.5.0 npm client (its browser bundle, loaded with
 * the few globals it reads) against our server.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { WebSocket as WsWebSocket } from 'ws';
import { createProtocolServer, type ProtocolServer } from './server.js';

interface WslinkSession {
  call(method: string, args?: unknown[], kwargs?: Record<string, unknown>): Promise<unknown>;
  subscribe(
    topic: string,
    callback: (args: unknown[]) => void,
  ): { promise: Promise<unknown>; unsubscribe: () => Promise<void> };
}
interface Subscription {
  unsubscribe(): void;
}
interface WslinkEvents {
  onConnectionReady(callback: (connection: WslinkConnection) => void): Subscription;
  onConnectionError(callback: (connection: WslinkConnection, error: unknown) => void): Subscription;
  onConnectionClose(
    callback: (connection: WslinkConnection, event: { code: number; reason: string }) => void,
  ): Subscription;
}
interface WslinkConnection extends WslinkEvents {
  connect(): void;
  getSession(): WslinkSession;
  destroy(timeout?: number): void;
}
interface WslinkModule {
  SmartConnect: { newInstance(props: { config: Record<string, unknown> }): WslinkConnection };
  WebsocketConnection: { newInstance(props: { urls: string; secret: string }): WslinkConnection };
}

// The bundle is a browser UMD build: it reads `self` as it loads, `window` and `document` in
// SmartConnect's module scope, and constructs sockets with the global `WebSocket`.
const location = {
  protocol: 'http:',
  hostname: '127.0.0.1',
  host: '127.0.0.1',
  port: '',
  pathname: '/app/index.html',
};
Object.assign(globalThis, {
  self: globalThis,
  window: { location },
  document: { baseURI: 'http://127.0.0.1/app/' },
  WebSocket: WsWebSocket,
});
const wslink = createRequire(import.meta.url)('wslink') as WslinkModule;

const secret = 'kitware-client-secret';
let server: ProtocolServer;
let port: number;
const exitRequests: number[] = [];

before(async () => {
  server = createProtocolServer({
    secret,
    // Small frames so both sides must chunk; ws refuses any frame above this with 1009.
    maxFrameSize: 65536,
    onExitRequested: (seconds) => exitRequests.push(seconds),
  });
  server.registerMethod('test.add', ({ args }) => (args[0] as number) + (args[1] as number), {
    description: 'adds',
    args: [{ name: 'a' }, { name: 'b' }],
  });
  server.registerMethod('test.echo', ({ args, kwargs }) => ({ args, kwargs }), { description: 'echo' });
  server.registerMethod(
    'test.fail',
    () => {
      throw new Error('nope');
    },
    { description: 'throws' },
  );
  server.registerMethod(
    'test.announce',
    ({ args }) => {
      server.publish('test.news', { text: args[0], image: new Uint8Array([0xff, 0xd8, 0xff]) });
      return null;
    },
    { description: 'publishes test.news' },
  );
  ({ port } = await server.listen());
  location.host = `127.0.0.1:${port}`;
});

after(() => server.close());

function smartConnect(
  config: Record<string, unknown>,
): Promise<{ connection: WslinkConnection; error?: unknown }> {
  return new Promise((resolve) => {
    const connection = wslink.SmartConnect.newInstance({ config });
    connection.onConnectionReady(() => resolve({ connection }));
    connection.onConnectionError((_, error) => resolve({ connection, error }));
    connection.connect();
  });
}

test('SmartConnect (USE_HOST in sessionURL) says hello, calls, and receives a publication as [payload]', {
  timeout: 30_000,
}, async () => {
  const { connection, error } = await smartConnect({ sessionURL: 'ws://USE_HOST/ws', secret });
  assert.equal(error, undefined);
  const session = connection.getSession();
  assert.equal(await session.call('test.add', [2, 3]), 5);
  assert.deepEqual(await session.call('test.echo', ['a'], { k: 1 }), { args: ['a'], kwargs: { k: 1 } });

  const received = new Promise<unknown[]>((resolve) => session.subscribe('test.news', resolve));
  await session.call('test.announce', ['hello']);
  assert.deepEqual(await received, [{ text: 'hello', image: new Uint8Array([0xff, 0xd8, 0xff]) }]);
  connection.destroy(0);
});

test('binary and large messages: the client chunks at our maxMsgSize, our replies arrive in chunks', {
  timeout: 30_000,
}, async () => {
  const { connection } = await smartConnect({ sessionURL: `ws://127.0.0.1:${port}/ws`, secret });
  const session = connection.getSession();
  const big = new Uint8Array(200_000).map((_, i) => (i * 7) % 256);
  const reply = (await session.call('test.echo', [big, new Float32Array([1.5, -2])])) as {
    args: Uint8Array[];
  };
  assert.deepEqual(reply.args[0], big);
  assert.deepEqual(new Float32Array(reply.args[1].slice().buffer), new Float32Array([1.5, -2]));
  connection.destroy(0);
});

test('error replies have the wslink shapes', { timeout: 30_000 }, async () => {
  const { connection } = await smartConnect({ sessionURL: `ws://127.0.0.1:${port}/ws`, secret });
  const session = connection.getSession();
  await assert.rejects(session.call('no.such.method'), {
    code: -32601,
    message: 'Unregistered method called',
    data: 'no.such.method',
  });
  await assert.rejects(session.call('test.fail'), (error: unknown) => {
    const e = error as { code: number; message: string; data: Record<string, unknown> };
    assert.equal(e.code, -32001);
    assert.equal(e.message, 'Exception raised');
    assert.deepEqual(Object.keys(e.data).sort(), ['exception', 'method', 'trace']);
    assert.equal(e.data.method, 'test.fail');
    assert.equal(e.data.exception, 'Error: nope');
    return true;
  });
  connection.destroy(0);
});

test('a wrong secret gets {code: -32000, message: "Authentication failed"}, then the server closes', {
  timeout: 30_000,
}, async () => {
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    const connection = wslink.SmartConnect.newInstance({
      config: { sessionURL: `ws://127.0.0.1:${port}/ws`, secret: 'guess' },
    });
    connection.onConnectionError((_, error) => errors.push(error));
    connection.onConnectionClose((_, event) => resolve({ code: event.code, reason: event.reason }));
    connection.connect();
  });
  const errors: unknown[] = [];
  const event = await closed;
  assert.deepEqual(errors, [{ code: -32000, message: 'Authentication failed' }]);
  assert.deepEqual(event, { code: 1008, reason: 'Authentication failed' });
  assert.equal(server.stats().authenticatedConnections, 0);
});

test('WebsocketConnection.destroy() calls application.exit.later [10]', { timeout: 30_000 }, async () => {
  const connection = wslink.WebsocketConnection.newInstance({ urls: `ws://127.0.0.1:${port}/ws`, secret });
  await new Promise<void>((resolve) => {
    connection.onConnectionReady(() => resolve());
    connection.connect();
  });
  const before = exitRequests.length;
  connection.destroy();
  for (let i = 0; i < 100 && exitRequests.length === before; i++) await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(exitRequests.slice(before), [10]);
});
