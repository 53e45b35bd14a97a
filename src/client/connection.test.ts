import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, test } from 'node:test';
import { WebSocketServer, WebSocket as WsWebSocket } from 'ws';
import { ReadError } from '../errors.js';
import { createProtocolServer, type ProtocolServer } from '../protocol/server.js';
import { type Connection, connect, type WebSocketConstructor } from './connection.js';

const secret = 'client-test-secret';
let server: ProtocolServer;
let url: string;

before(async () => {
  server = createProtocolServer({ secret, maxFrameSize: 64 * 1024 });
  server.registerMethod('test.echo', ({ args, kwargs }) => ({ args, kwargs }), { description: 'echo' });
  server.registerMethod(
    'test.fail',
    ({ args }) => {
      if (args[0] === 'read') throw new ReadError('a.vtu', 'vtk-xml', 'offsets past the end', { offset: 42 });
      throw new RangeError('boom');
    },
    { description: 'throws' },
  );
  server.registerMethod('test.slow', () => new Promise(() => {}), { description: 'never answers' });
  server.registerMethod('test.publish', ({ args }) => server.publish(String(args[0]), args[1]), {
    description: 'publishes args[1] on topic args[0]',
  });
  ({ url } = await server.listen());
});

after(() => server.close());

function open(extra: Partial<Parameters<typeof connect>[0]> = {}): Promise<Connection> {
  return connect({ url, secret, WebSocket: WsWebSocket, ...extra });
}

test('hello, then calls with args, kwargs and binary attachments chunked both ways', {
  timeout: 30_000,
}, async () => {
  const connection = await open();
  assert.match(connection.clientId, /^c[0-9a-f]{32}$/);
  assert.equal(connection.maxFrameSize, 64 * 1024);
  const big = new Uint8Array(200_000).map((_, i) => i % 251);
  const reply = await connection.call<{ args: unknown[]; kwargs: Record<string, unknown> }>(
    'test.echo',
    [1, 'two', big],
    { flag: true, values: new Float64Array([0.5]) },
  );
  assert.deepEqual(reply.args, [1, 'two', big]);
  assert.deepEqual(reply.kwargs, { flag: true, values: new Uint8Array(new Float64Array([0.5]).buffer) });
  await connection.close();
  assert.equal(connection.state, 'closed');
});

test('errors carry catalogue codes, wire codes and data', { timeout: 30_000 }, async () => {
  const connection = await open();
  await assert.rejects(connection.call('no.such.method'), {
    code: 'PERISCOPE_E_METHOD_NOT_FOUND',
    remoteCode: -32601,
    remoteMessage: 'Unregistered method called',
    data: 'no.such.method',
  });
  await assert.rejects(connection.call('test.fail'), (error: unknown) => {
    const e = error as {
      code: string;
      remoteCode: number;
      remoteMessage: string;
      data: { exception: string };
    };
    assert.equal(e.code, 'PERISCOPE_E_REMOTE_CALL');
    assert.equal(e.remoteCode, -32001);
    assert.equal(e.remoteMessage, 'Exception raised');
    assert.equal(e.data.exception, 'RangeError: boom');
    return true;
  });
  await assert.rejects(connection.call('test.fail', ['read']), (error: unknown) => {
    const e = error as {
      code: string;
      remoteCode: number;
      data: { fields: { file: string; offset: number } };
    };
    assert.equal(e.code, 'PERISCOPE_E_READ');
    assert.equal(e.remoteCode, -32010);
    assert.equal(e.data.fields.file, 'a.vtu');
    assert.equal(e.data.fields.offset, 42);
    return true;
  });
  await connection.close();
});

test('subscribe receives payloads, unsubscribe stops them, and the server filters unsubscribed topics', {
  timeout: 30_000,
}, async () => {
  const connection = await open();
  const received: unknown[] = [];
  const stop = connection.subscribe('test.topic', (payload, topic) => received.push([topic, payload]));
  // The subscription request travels before this call, so the server knows it by now.
  await connection.call('test.echo');
  const context = server.connections().find((c) => c.clientId === connection.clientId)!;
  assert.equal(context.receivesTopic('test.topic'), true);
  assert.equal(context.receivesTopic('other.topic'), false);
  await connection.call('test.publish', ['test.topic', { n: 1, image: new Uint8Array([1, 2]) }]);
  assert.equal(await connection.call('test.publish', ['other.topic', 1]), 0);
  assert.deepEqual(received, [['test.topic', { n: 1, image: new Uint8Array([1, 2]) }]]);
  stop();
  await connection.call('test.echo');
  await connection.call('test.publish', ['test.topic', 2]);
  assert.equal(received.length, 1);
  assert.throws(() => connection.subscribe('bad-topic', () => {}), { code: 'PERISCOPE_E_PROTOCOL' });
  await connection.close();
});

test('a wrong secret is an AuthenticationError and is not retried', { timeout: 30_000 }, async () => {
  const started = Date.now();
  await assert.rejects(open({ secret: 'wrong', retry: { attempts: 3, initialDelayMs: 500 } }), {
    code: 'PERISCOPE_E_AUTHENTICATION',
  });
  assert.ok(Date.now() - started < 400, 'no retry delay was spent');
});

test('pending calls are rejected when the connection closes; later calls fail at once', {
  timeout: 30_000,
}, async () => {
  const connection = await open();
  const pending = connection.call('test.slow');
  const closed = connection.close();
  await assert.rejects(pending, { code: 'PERISCOPE_E_CONNECTION' });
  assert.equal((await closed).code, 1000);
  await assert.rejects(connection.call('test.echo'), { code: 'PERISCOPE_E_CONNECTION' });
});

test('call timeouts and cancellation', { timeout: 30_000 }, async () => {
  const connection = await open();
  await assert.rejects(connection.call('test.slow', [], {}, { timeoutMs: 30 }), {
    code: 'PERISCOPE_E_TIMEOUT',
  });
  const controller = new AbortController();
  const call = connection.call('test.slow', [], {}, { signal: controller.signal });
  controller.abort();
  await assert.rejects(call, { code: 'PERISCOPE_E_CANCELLED' });
  assert.deepEqual(await connection.call('test.echo', [1]), { args: [1], kwargs: {} });
  await connection.close();
});

test('initial connect retries with backoff until the server is up', { timeout: 30_000 }, async () => {
  const port = await freePort();
  const late = createProtocolServer({ secret, port });
  const timer = setTimeout(() => void late.listen(), 300);
  try {
    const connection = await connect({
      url: `ws://127.0.0.1:${port}/ws`,
      secret,
      WebSocket: WsWebSocket,
      retry: { attempts: 8, initialDelayMs: 50, maxDelayMs: 200 },
    });
    assert.equal(connection.state, 'open');
    await connection.close();
  } finally {
    clearTimeout(timer);
    await late.close();
  }
  await assert.rejects(connect({ url: `ws://127.0.0.1:${port}/ws`, secret, WebSocket: WsWebSocket }), {
    code: 'PERISCOPE_E_CONNECTION',
  });
});

test('a server that never answers the hello times out; one that sends text frames is refused', {
  timeout: 30_000,
}, async () => {
  const silent = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  const talky = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  talky.on('connection', (socket) => socket.send('{"wslink":"1.0","id":"system:c0:0","result":{}}'));
  await Promise.all([silent, talky].map((s) => new Promise((resolve) => s.once('listening', resolve))));
  const portOf = (s: WebSocketServer) => (s.address() as { port: number }).port;
  try {
    await assert.rejects(
      connect({
        url: `ws://127.0.0.1:${portOf(silent)}`,
        secret,
        WebSocket: WsWebSocket,
        helloTimeoutMs: 100,
      }),
      { code: 'PERISCOPE_E_TIMEOUT' },
    );
    await assert.rejects(
      connect({ url: `ws://127.0.0.1:${portOf(talky)}`, secret, WebSocket: WsWebSocket }),
      {
        code: 'PERISCOPE_E_PROTOCOL',
        message: /wslink 1\.x/,
      },
    );
  } finally {
    for (const client of [...silent.clients, ...talky.clients]) client.terminate();
    await Promise.all([silent, talky].map((s) => new Promise((resolve) => s.close(resolve))));
  }
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

test('types: both the DOM WebSocket and ws fit WebSocketConstructor', () => {
  const implementations: WebSocketConstructor[] = [WsWebSocket];
  // Compile-time check only: Node 20 has no global WebSocket to call this with.
  const browserImplementation = (): WebSocketConstructor => WebSocket;
  assert.equal(implementations.length, 1);
  assert.equal(typeof browserImplementation, 'function');
});
