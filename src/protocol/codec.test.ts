import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encode } from '@msgpack/msgpack';
import { decodeMessage, describeTextFrame, EncodingError, encodeMessage, packEnvelope } from './codec.js';
import type { Envelope } from './envelope.js';
import { MessageSizeError, ProtocolError } from './errors.js';
import { ChunkReassembler } from './reassembler.js';

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

function reassemble(frames: Uint8Array[], reassembler = new ChunkReassembler(limits(1 << 30))): Envelope {
  let blob: Uint8Array | undefined;
  for (const frame of frames) {
    assert.equal(blob, undefined, 'completed before the last frame');
    blob = reassembler.push(frame);
  }
  assert.ok(blob, 'message did not complete');
  const envelope = decodeMessage(blob);
  assert.ok(envelope);
  return envelope;
}

function limits(maxMessageSize: number, maxPartialMessages = 4) {
  return { maxMessageSize, maxPartialMessages };
}

test('a reply is one frame: 12-byte little-endian header, then the MessagePack map in Python key order', () => {
  const [frame, ...rest] = encodeMessage(
    { kind: 'result', id: 'rpc:c1:0', result: 1 },
    { maxFrameSize: 0, messageId: 0x01020304 },
  );
  assert.equal(rest.length, 0);
  const body = [
    0x83,
    0xa6,
    ...ascii('wslink'),
    0xa3,
    ...ascii('1.0'),
    0xa2,
    ...ascii('id'),
    0xa8,
    ...ascii('rpc:c1:0'),
    0xa6,
    ...ascii('result'),
    0x01,
  ];
  assert.deepEqual([...frame], [0x04, 0x03, 0x02, 0x01, 0, 0, 0, 0, body.length, 0, 0, 0, ...body]);
});

test('the hello request encodes exactly as the wslink client encodes it', () => {
  const hello = {
    wslink: '1.0',
    id: 'system:c0:0',
    method: 'wslink.hello',
    args: [{ secret: 's3cret' }],
    kwargs: {},
  };
  const ours = packEnvelope({
    kind: 'request',
    id: hello.id,
    method: hello.method,
    args: hello.args,
    kwargs: {},
  });
  assert.deepEqual(ours, encode(hello));
  const { wslink: _version, ...fields } = hello;
  assert.deepEqual(decodeMessage(ours), { kind: 'request', ...fields });
});

test('large messages are chunked at maxFrameSize and reassembled in any order', () => {
  const values = new Float32Array(300_000).map((_, i) => i * 0.5);
  const envelope: Envelope = { kind: 'result', id: 'publish:big.data:7', result: { values, name: 'x' } };
  const frames = encodeMessage(envelope, { maxFrameSize: 65536 });
  assert.equal(frames.length, Math.ceil((values.byteLength + 40) / 65524));
  for (const frame of frames) assert.ok(frame.byteLength <= 65536);
  const ids = new Set(frames.map((f) => new DataView(f.buffer).getUint32(0, true)));
  assert.equal(ids.size, 1);
  const forward = reassemble(frames);
  const backward = reassemble([...frames].reverse());
  for (const decoded of [forward, backward]) {
    assert.equal(decoded.kind, 'result');
    const result = (decoded as { result: { values: Uint8Array; name: string } }).result;
    assert.ok(result.values instanceof Uint8Array);
    assert.deepEqual(new Float32Array(result.values.slice().buffer), values);
    assert.equal(result.name, 'x');
  }
});

test('binary attachments: typed arrays, DataView and bare ArrayBuffer travel as bin', () => {
  const envelope: Envelope = {
    kind: 'request',
    id: 'rpc:c1:3',
    method: 'upload',
    args: [
      new Uint16Array([1, 2, 3]),
      new DataView(new Uint8Array([9, 8]).buffer),
      new Uint8Array([5]).buffer,
    ],
    kwargs: { nested: { image: new Uint8Array([0xff, 0xd8]) } },
  };
  const decoded = reassemble(encodeMessage(envelope, { maxFrameSize: 13 }));
  assert.equal(decoded.kind, 'request');
  if (decoded.kind !== 'request') return;
  assert.deepEqual(decoded.args, [
    new Uint8Array([1, 0, 2, 0, 3, 0]),
    new Uint8Array([9, 8]),
    new Uint8Array([5]),
  ]);
  assert.deepEqual(decoded.kwargs, { nested: { image: new Uint8Array([0xff, 0xd8]) } });
});

test('error envelopes keep code, message and data; messages without id are ignored', () => {
  const error: Envelope = {
    kind: 'error',
    id: 'rpc:c1:4',
    error: { code: -32601, message: 'Unregistered method called', data: 'no.such' },
  };
  assert.deepEqual(reassemble(encodeMessage(error, { maxFrameSize: 0 })), error);
  assert.equal(decodeMessage(encode({ wslink: '1.0', result: 3 })), undefined);
  assert.deepEqual(decodeMessage(encode({ id: 'rpc:c:1', method: 'm', args: 'x', kwargs: [1] })), {
    kind: 'request',
    id: 'rpc:c:1',
    method: 'm',
    args: [],
    kwargs: {},
  });
});

test('values MessagePack cannot carry fail with EncodingError naming the message', () => {
  assert.throws(
    () => encodeMessage({ kind: 'result', id: 'rpc:c:9', result: () => 1 }, { maxFrameSize: 0 }),
    (error: unknown) => error instanceof EncodingError && /rpc:c:9/.test(error.message),
  );
  // The shared encoder still works afterwards.
  assert.equal(encodeMessage({ kind: 'result', id: 'rpc:c:10', result: 2 }, { maxFrameSize: 0 }).length, 1);
});

test('malformed blobs are ProtocolErrors with close code 1007', () => {
  for (const blob of [new Uint8Array([0xc1]), new Uint8Array([0x81, 0xa1]), encode([1, 2]), encode('x')]) {
    assert.throws(
      () => decodeMessage(blob),
      (error: unknown) => error instanceof ProtocolError && error.closeCode === 1007,
    );
  }
  // A forged array header claiming 4 billion elements is refused without allocating.
  assert.throws(() => decodeMessage(new Uint8Array([0xdd, 0xff, 0xff, 0xff, 0xff])), ProtocolError);
});

test('reassembler limits: size, partial count, pending bytes, overlaps and bad headers', () => {
  const frames = (size: number, frameSize: number, id: number) =>
    encodeMessage(
      { kind: 'result', id: 'x', result: new Uint8Array(size) },
      { maxFrameSize: frameSize, messageId: id },
    );
  const small = new ChunkReassembler(limits(1000));
  assert.throws(() => small.push(frames(2000, 100, 1)[0]), MessageSizeError);
  const twoPartials = new ChunkReassembler({
    maxMessageSize: 1000,
    maxPartialMessages: 2,
    maxPendingBytes: 10_000,
  });
  twoPartials.push(frames(500, 100, 1)[0]);
  twoPartials.push(frames(500, 100, 2)[0]);
  assert.equal(twoPartials.partialMessageCount, 2);
  assert.throws(() => twoPartials.push(frames(500, 100, 3)[0]), /limit is 2/);
  const budget = new ChunkReassembler({ maxMessageSize: 1000, maxPartialMessages: 8, maxPendingBytes: 1200 });
  budget.push(frames(900, 100, 1)[0]);
  assert.throws(() => budget.push(frames(900, 100, 2)[0]), MessageSizeError);

  const overlap = new ChunkReassembler(limits(1000));
  const [first] = frames(300, 100, 5);
  overlap.push(first);
  assert.throws(() => overlap.push(first), /overlaps/);
  assert.equal(overlap.partialMessageCount, 0, 'the broken message is dropped');

  const header = (id: number, offset: number, total: number, payload: number) => {
    const frame = new Uint8Array(12 + payload);
    const view = new DataView(frame.buffer);
    view.setUint32(0, id, true);
    view.setUint32(4, offset, true);
    view.setUint32(8, total, true);
    return frame;
  };
  const strict = new ChunkReassembler(limits(1000));
  assert.throws(() => strict.push(new Uint8Array(11)), /shorter than its 12-byte header/);
  assert.throws(() => strict.push(header(1, 90, 100, 20)), /runs past the total size/);
  assert.throws(() => strict.push(header(1, 0, 0, 1)), /total size of 0/);
  assert.throws(() => strict.push(header(1, 0, 10, 0)), /no payload/);
  strict.push(header(2, 0, 100, 10));
  assert.throws(() => strict.push(header(2, 10, 200, 10)), /earlier chunks declared 100/);
});

test('one-byte chunks in reverse order still reassemble (ranges merge as they meet)', () => {
  const envelope: Envelope = { kind: 'result', id: 'rpc:c:1', result: 'x'.repeat(500) };
  const frames = encodeMessage(envelope, { maxFrameSize: 13 });
  assert.equal(frames.length > 500, true);
  const shuffled = [
    ...frames.filter((_, i) => i % 2 === 0),
    ...frames.filter((_, i) => i % 2 === 1).reverse(),
  ];
  assert.deepEqual(reassemble(shuffled), envelope);
});

test('text frames are recognised as wslink 1.x and refused with a short reason', () => {
  const legacy = describeTextFrame('{"wslink":"1.0","id":"system:c0:0","method":"wslink.hello","args":[]}');
  assert.match(legacy, /wslink 1\.x/);
  assert.ok(new TextEncoder().encode(legacy).byteLength <= 123);
  assert.match(describeTextFrame('hello'), /text frames are not part of wslink 2\.x/);
});
