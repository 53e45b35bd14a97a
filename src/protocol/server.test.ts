import assert from 'node:assert/strict';
import diagnosticsChannel from 'node:diagnostics_channel';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { encode } from '@msgpack/msgpack';
import { WebSocket as WsWebSocket } from 'ws';
import { type Connection, connect } from '../client/connection.js';
import { HELLO_METHOD, HELLO_REQUEST_ID } from './envelope.js';
import { helloRawClient, openRawClient, rawFrame } from './raw-client.fixture.js';
import { createProtocolServer, type DisconnectEvent, type ProtocolServer } from './server.js';

// A forced collection makes memory figures mean live data, not garbage awaiting collection.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const secret = 'server-test-secret';
let server: ProtocolServer;
let url: string;
let bystander: Connection;

before(async () => {
  server = createProtocolServer({
    secret,
    maxFrameSize: 128 * 1024,
    maxMessageSize: 1024 * 1024,
    maxPartialMessages: 2,
    sendHighWaterMark: 256 * 1024,
    sendHardLimit: 2 * 1024 * 1024,
    maxConcurrentCalls: 2,
  });
  server.registerMethod('test.add', ({ args }) => (args[0] as number) + (args[1] as number), {
    description: 'Adds two numbers.',
    args: [
      { name: 'a', type: 'number' },
      { name: 'b', type: 'number' },
    ],
  });
  ({ url } = await server.listen());
  bystander = await connect({ url, secret, WebSocket: WsWebSocket });
});

after(async () => {
  await bystander.close();
  await server.close();
});

async function assertBystanderWorks(): Promise<void> {
  assert.equal(await bystander.call('test.add', [20, 22]), 42);
}

test('hello: nothing is sent on connect; the reply is {clientID, maxMsgSize}; system and unauthenticated errors', {
  timeout: 30_000,
}, async () => {
  const client = await openRawClient(url);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(client.frames.length, 0);

  assert.deepEqual(await client.request('test.add', [1, 2], 'rpc:x:0'), {
    kind: 'error',
    id: 'rpc:x:0',
    error: { code: -32000, message: 'Unauthorized: Skip message processing' },
  });
  assert.deepEqual(await client.request('wslink.other', [], 'system:c0:1'), {
    kind: 'error',
    id: 'system:c0:1',
    error: { code: -32601, message: 'Unknown system method called' },
  });
  const hello = await client.request(HELLO_METHOD, [{ secret }], HELLO_REQUEST_ID);
  assert.equal(hello.kind, 'result');
  const result = (hello as { result: Record<string, unknown> }).result;
  assert.deepEqual(Object.keys(result), ['clientID', 'maxMsgSize']);
  assert.match(result.clientID as string, /^c[0-9a-f]{32}$/);
  assert.equal(result.maxMsgSize, 128 * 1024);
  // The reply frame is exactly the Python server's message: same keys, same order.
  const frame = client.frames.at(-1)!;
  assert.deepEqual(
    frame.subarray(12),
    encode({
      wslink: '1.0',
      id: HELLO_REQUEST_ID,
      result: { clientID: result.clientID, maxMsgSize: 131072 },
    }),
  );
  assert.deepEqual(await client.request('test.add', [1, 2]), { kind: 'result', id: 'rpc:raw:0', result: 3 });
  client.socket.close();
});

test('malformed, truncated, oversized and legacy input closes only that connection, with a reason', {
  timeout: 30_000,
}, async () => {
  const faultsBefore = server.stats().connectionsClosedForFaults;
  const cases: Array<{
    name: string;
    hello: boolean;
    send: (socket: WsWebSocket) => void;
    code: number;
    reason: RegExp;
  }> = [
    {
      name: 'short frame',
      hello: true,
      send: (s) => s.send(new Uint8Array(5)),
      code: 1002,
      reason: /12-byte header/,
    },
    {
      name: 'bad MessagePack',
      hello: true,
      send: (s) => s.send(rawFrame(1, 0, 1, new Uint8Array([0xc1]))),
      code: 1007,
      reason: /not valid MessagePack/,
    },
    {
      name: 'not a map',
      hello: true,
      send: (s) => s.send(rawFrame(1, 0, 3, encode([1, 2]))),
      code: 1007,
      reason: /not a map/,
    },
    {
      name: 'chunk past its total',
      hello: true,
      send: (s) => s.send(rawFrame(1, 90, 100, new Uint8Array(20))),
      code: 1002,
      reason: /runs past the total size/,
    },
    {
      name: 'truncated msgpack inside a complete message',
      hello: true,
      send: (s) => s.send(rawFrame(1, 0, 2, new Uint8Array([0x81, 0xa1]))),
      code: 1007,
      reason: /Insufficient data/,
    },
    {
      name: 'total size over maxMessageSize',
      hello: true,
      send: (s) => s.send(rawFrame(1, 0, 2 * 1024 * 1024, new Uint8Array(100))),
      code: 1009,
      reason: /exceeds the limit of 1048576 bytes/,
    },
    {
      name: 'too many partial messages',
      hello: true,
      send: (s) => {
        for (const id of [1, 2, 3]) s.send(rawFrame(id, 0, 1000, new Uint8Array(10)));
      },
      code: 1009,
      reason: /limit is 2/,
    },
    {
      name: 'large message before hello',
      hello: false,
      send: (s) => s.send(rawFrame(1, 0, 600, new Uint8Array(600))),
      code: 1009,
      reason: /limit of 512 bytes/,
    },
    {
      name: 'wslink 1.x text frame',
      hello: false,
      send: (s) =>
        s.send(
          JSON.stringify({ wslink: '1.0', id: 'system:c0:0', method: 'wslink.hello', args: [{ secret }] }),
        ),
      code: 1003,
      reason: /wslink 1\.x JSON text frames are not supported/,
    },
    {
      name: 'frame over maxFrameSize (refused by ws)',
      hello: true,
      send: (s) => s.send(new Uint8Array(200 * 1024)),
      code: 1009,
      reason: /^$/,
    },
  ];
  for (const fault of cases) {
    const client = fault.hello ? await helloRawClient(url, secret) : await openRawClient(url);
    fault.send(client.socket);
    const closed = await client.closed;
    assert.equal(closed.code, fault.code, fault.name);
    assert.match(closed.reason, fault.reason, fault.name);
    await assertBystanderWorks();
  }
  assert.equal(server.stats().connectionsClosedForFaults - faultsBefore, cases.length);
  assert.equal(bystander.state, 'open');
});

test('a wrong secret gets the documented error, then close 1008; a burst of guesses gets one answer', {
  timeout: 30_000,
}, async () => {
  const client = await openRawClient(url);
  for (let i = 0; i < 5; i++)
    client.send({
      kind: 'request',
      id: HELLO_REQUEST_ID,
      method: HELLO_METHOD,
      args: [{ secret: `guess${i}` }],
      kwargs: {},
    });
  client.send({
    kind: 'request',
    id: HELLO_REQUEST_ID,
    method: HELLO_METHOD,
    args: [{ secret }],
    kwargs: {},
  });
  assert.deepEqual(await client.closed, { code: 1008, reason: 'Authentication failed' });
  assert.deepEqual(client.messages, [
    { kind: 'error', id: HELLO_REQUEST_ID, error: { code: -32000, message: 'Authentication failed' } },
  ]);
});

test('method listing for dynamic proxies, and calls beyond maxConcurrentCalls wait their turn', {
  timeout: 30_000,
}, async () => {
  const methods = (await bystander.call('periscope.methods.list')) as Array<{ name: string }>;
  const add = methods.find((m) => m.name === 'test.add');
  assert.deepEqual(add, {
    name: 'test.add',
    description: 'Adds two numbers.',
    args: [
      { name: 'a', type: 'number' },
      { name: 'b', type: 'number' },
    ],
  });
  assert.ok(methods.some((m) => m.name === 'application.exit.later'));

  let running = 0;
  let peak = 0;
  const unregister = server.registerMethod(
    'test.wait',
    async () => {
      peak = Math.max(peak, ++running);
      await new Promise((resolve) => setTimeout(resolve, 10));
      running--;
      return 'done';
    },
    { description: 'waits 10 ms' },
  );
  const replies = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      bystander.call(i === 3 ? 'no.such' : 'test.wait').catch(() => 'missing'),
    ),
  );
  unregister();
  assert.equal(replies.filter((r) => r === 'done').length, 9);
  assert.equal(peak, 2);
});

test('a client that stops reading: droppable publications are coalesced, reliable ones close it at the hard limit', {
  timeout: 30_000,
}, async () => {
  const slow = await helloRawClient(url, secret);
  const slowId = (slow.messages[0] as { result: { clientID: string } }).result.clientID;
  const fast: number[] = [];
  const stop = bystander.subscribe('test.frames', (payload) =>
    fast.push((payload as { sequence: number }).sequence),
  );
  await bystander.call('test.add', [0, 0]);
  slow.socket.pause();
  const image = new Uint8Array(64 * 1024).fill(7);
  const count = 1000;
  collectGarbage();
  const before = process.memoryUsage();
  let peakBuffered = 0;
  const droppedBefore = server.stats().publicationsDropped;
  for (let sequence = 0; sequence < count; sequence++) {
    server.publish('test.frames', { sequence, image }, { droppable: true });
    peakBuffered = Math.max(peakBuffered, server.stats().bufferedBytes);
    if (sequence % 10 === 9) await new Promise((resolve) => setImmediate(resolve));
  }
  collectGarbage();
  const afterBurst = process.memoryUsage();
  const arrayBufferGrowth = afterBurst.arrayBuffers - before.arrayBuffers;
  const dropped = server.stats().publicationsDropped - droppedBefore;
  console.log(
    JSON.stringify({
      published: count,
      bytes: count * image.byteLength,
      peakBuffered,
      dropped,
      arrayBufferGrowth,
      rssGrowth: afterBurst.rss - before.rss,
    }),
  );
  // Unbounded buffering would hold ~60 MB here.
  // Two connections (slow and bystander), each at most the high water mark plus one message.
  assert.ok(peakBuffered <= 2 * (256 * 1024 + 70 * 1024), `peak buffered ${peakBuffered}`);
  assert.ok(dropped > 800, `dropped ${dropped}`);
  // The reading client lives in this process too, so its receive buffers count here; the point is
  // that growth stays far below the ~65 MB an unbounded queue for the slow client would hold.
  assert.ok(arrayBufferGrowth < 24 * 1024 * 1024, `array buffers grew ${arrayBufferGrowth}`);
  for (let i = 0; i < 300 && fast.at(-1) !== count - 1; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(fast.at(-1), count - 1, 'the reading client got the newest publication');
  assert.ok(
    fast.every((sequence, i) => i === 0 || sequence > fast[i - 1]),
    'in order',
  );

  // Once it reads again, the newest publication reaches it.
  slow.socket.resume();
  const last = async () => (slow.messages.at(-1) as { result?: { sequence?: number } }).result?.sequence;
  for (let i = 0; i < 300 && (await last()) !== count - 1; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(await last(), count - 1);

  // Reliable publications are never dropped: the slow client is cut off instead.
  const disconnected = new Promise<DisconnectEvent>((resolve) => {
    const off = server.on('disconnect', (event) => {
      if (event.connection.clientId !== slowId) return;
      off();
      resolve(event);
    });
  });
  slow.socket.pause();
  let sentTo = 0;
  for (let sequence = 0; sequence < 400 && sentTo !== 1; sequence++) {
    sentTo = server.publish('test.frames', { sequence, image });
    // Frequent yields let the in-process bystander keep up; only the paused client falls behind.
    if (sequence % 4 === 3) await new Promise((resolve) => setImmediate(resolve));
  }
  const event = await disconnected;
  assert.equal(event.code, 1008);
  assert.match(event.reason, /send buffer limit exceeded .* client not reading/);
  assert.equal(event.initiatedBy, 'server');
  stop();
  await assertBystanderWorks();
});

test('20 concurrent clients call and receive a publication', { timeout: 30_000 }, async () => {
  const clients = await Promise.all(
    Array.from({ length: 20 }, () => connect({ url, secret, WebSocket: WsWebSocket })),
  );
  const received = clients.map(
    (client) => new Promise<unknown>((resolve) => client.subscribe('test.broadcast', resolve)),
  );
  const sums = await Promise.all(clients.map((client, i) => client.call('test.add', [i, 1])));
  assert.deepEqual(
    sums,
    clients.map((_, i) => i + 1),
  );
  assert.equal(new Set(clients.map((c) => c.clientId)).size, 20);
  // The bystander may receive it too, if it never narrowed its topics.
  const recipients = server.connections().filter((c) => c.receivesTopic('test.broadcast')).length;
  assert.ok(recipients >= 20);
  assert.equal(server.publish('test.broadcast', { hello: 'all' }), recipients);
  assert.deepEqual(await Promise.all(received), Array(20).fill({ hello: 'all' }));
  assert.ok(server.stats().authenticatedConnections >= 21);
  await Promise.all(clients.map((client) => client.close()));
});

test('diagnostics channels report connect, handshake, rpc in/out and disconnect', {
  timeout: 30_000,
}, async () => {
  const events: Array<[string, Record<string, unknown>]> = [];
  const names = ['connect', 'handshake', 'rpc:in', 'rpc:out', 'disconnect'];
  const subscribers = names.map((name) => {
    const listener = (message: unknown) => events.push([name, message as Record<string, unknown>]);
    diagnosticsChannel.subscribe(`periscope:protocol:${name}`, listener);
    return () => diagnosticsChannel.unsubscribe(`periscope:protocol:${name}`, listener);
  });
  const client = await connect({ url, secret, WebSocket: WsWebSocket, subscribeOnServer: false });
  await assert.rejects(client.call('no.such'));
  await client.call('test.add', [1, 1]);
  await client.close();
  await new Promise((resolve) => setTimeout(resolve, 20));
  for (const unsubscribe of subscribers) unsubscribe();
  const mine = events.filter(([, message]) => message.clientId === client.clientId);
  assert.deepEqual(
    mine.map(([name]) => name),
    ['connect', 'handshake', 'rpc:in', 'rpc:out', 'disconnect'],
  );
  const [, out] = mine[3];
  assert.equal(out.method, 'test.add');
  assert.equal(typeof out.durationMs, 'number');
  assert.ok((out.bytes as number) > 12);
  const [, disconnect] = mine[4];
  assert.equal(disconnect.initiatedBy, 'client');
  assert.equal(disconnect.code, 1000);
  assert.equal(disconnect.authenticated, true);
});

test('hello timeout and keep-alive timeout close silent connections', { timeout: 30_000 }, async () => {
  const strict = createProtocolServer({ secret, helloTimeoutMs: 100, heartbeatIntervalMs: 50 });
  const { url: strictUrl } = await strict.listen();
  const disconnects: string[] = [];
  diagnosticsChannel.subscribe('periscope:protocol:disconnect', onDisconnect);
  function onDisconnect(message: unknown) {
    disconnects.push((message as { reason: string }).reason);
  }
  try {
    const mute = await openRawClient(strictUrl);
    assert.deepEqual(await mute.closed, { code: 1008, reason: 'no wslink.hello within 100 ms' });

    const deaf = await openRawClient(strictUrl, { autoPong: false });
    await deaf.request(HELLO_METHOD, [{ secret }], HELLO_REQUEST_ID);
    const healthy = await connect({ url: strictUrl, secret, WebSocket: WsWebSocket });
    assert.equal((await deaf.closed).code, 1006);
    // The server sees its own socket close a moment after the client does.
    for (let i = 0; i < 100 && !disconnects.includes('keep-alive timeout: no pong'); i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    assert.ok(disconnects.includes('keep-alive timeout: no pong'), JSON.stringify(disconnects));
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(await healthy.call('periscope.methods.list').then(() => healthy.state), 'open');
    await healthy.close();
  } finally {
    diagnosticsChannel.unsubscribe('periscope:protocol:disconnect', onDisconnect);
    await strict.close();
  }
});

test('attached to an existing HTTP server at a path, leaving its other requests alone', {
  timeout: 30_000,
}, async () => {
  const http = createServer((_request, response) => response.end('page'));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const attached = createProtocolServer({ secret, httpServer: http, path: 'session/ws' });
  const { port } = http.address() as { port: number };
  try {
    assert.equal(attached.path, '/session/ws');
    assert.equal(attached.address()?.url, `ws://127.0.0.1:${port}/session/ws`);
    const client = await connect({
      url: `ws://127.0.0.1:${port}/session/ws`,
      secret,
      WebSocket: WsWebSocket,
    });
    assert.equal(client.state, 'open');
    assert.equal(await (await fetch(`http://127.0.0.1:${port}/index.html`)).text(), 'page');
    await attached.close();
    assert.equal(client.state, 'closed');
    assert.equal((await client.closed).code, 1001);
    assert.ok(http.listening, 'the host server keeps running');
    assert.equal(http.listenerCount('upgrade'), 0);
  } finally {
    await new Promise((resolve) => http.close(resolve));
  }
});

test('connections beyond maxConnections are refused with HTTP 503', { timeout: 30_000 }, async () => {
  const small = createProtocolServer({ secret, maxConnections: 1 });
  const { url: smallUrl } = await small.listen();
  try {
    const first = await connect({ url: smallUrl, secret, WebSocket: WsWebSocket });
    await assert.rejects(connect({ url: smallUrl, secret, WebSocket: WsWebSocket }), {
      code: 'PERISCOPE_E_CONNECTION',
    });
    assert.equal(
      await first.call('test.missing').catch((error: { code: string }) => error.code),
      'PERISCOPE_E_METHOD_NOT_FOUND',
    );
    await first.close();
  } finally {
    await small.close();
  }
});

test('methods registered later: early calls wait for them, the listing includes them, unknown names still fail', {
  timeout: 30_000,
}, async () => {
  const late = createProtocolServer({ secret });
  let finishLoading: () => void = () => {};
  const loading = new Promise<void>((resolve) => {
    finishLoading = resolve;
  });
  late.registerMethodsLater(
    loading.then(() =>
      late.registerMethod('late.answer', () => 42, { description: 'Registered after listen.' }),
    ),
  );
  const { url: lateUrl } = await late.listen();
  const client = await connect({ url: lateUrl, secret, WebSocket: WsWebSocket });
  try {
    const answer = client.call('late.answer');
    const listing = client.call('periscope.methods.list') as Promise<{ name: string }[]>;
    const unknown = client.call('late.unknown');
    let settled = false;
    void Promise.allSettled([answer, listing, unknown]).then(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(settled, false, 'calls waited for the registration in progress');
    finishLoading();
    assert.equal(await answer, 42);
    assert.ok((await listing).some((method) => method.name === 'late.answer'));
    await assert.rejects(unknown, { remoteCode: -32601 });
    await assert.rejects(client.call('late.other'), { remoteCode: -32601 });
  } finally {
    await client.close();
    await late.close();
  }
});
