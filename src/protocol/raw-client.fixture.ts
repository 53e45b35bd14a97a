/**
 * Test helper: a bare `ws` client that speaks the wire format by hand, so tests can send exactly
 * the bytes they mean (bad frames included) and see exactly what the server sends back.
 */
import { WebSocket } from 'ws';
import { decodeMessage, encodeMessage } from './codec.js';
import { type Envelope, HELLO_METHOD, HELLO_REQUEST_ID } from './envelope.js';
import { ChunkReassembler } from './reassembler.js';

export interface RawClient {
  socket: WebSocket;
  /** Every decoded message received so far, in order. */
  messages: Envelope[];
  /** Every raw frame received so far. */
  frames: Uint8Array[];
  closed: Promise<{ code: number; reason: string }>;
  send(envelope: Envelope, maxFrameSize?: number): void;
  request(method: string, args?: unknown[], id?: string): Promise<Envelope>;
  /** Resolves with the next message whose id is `id`. */
  next(id: string): Promise<Envelope>;
}

export async function openRawClient(url: string, options: { autoPong?: boolean } = {}): Promise<RawClient> {
  const socket = new WebSocket(url, { autoPong: options.autoPong ?? true });
  const reassembler = new ChunkReassembler({ maxMessageSize: 1 << 30, maxPartialMessages: 64 });
  const messages: Envelope[] = [];
  const frames: Uint8Array[] = [];
  const waiters = new Map<string, (envelope: Envelope) => void>();
  socket.on('message', (data: Buffer) => {
    frames.push(new Uint8Array(data));
    const blob = reassembler.push(new Uint8Array(data));
    const envelope = blob && decodeMessage(blob);
    if (!envelope) return;
    messages.push(envelope);
    waiters.get(envelope.id)?.(envelope);
    waiters.delete(envelope.id);
  });
  socket.on('error', () => {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let counter = 0;
  const client: RawClient = {
    socket,
    messages,
    frames,
    closed,
    send(envelope, maxFrameSize = 0) {
      for (const frame of encodeMessage(envelope, { maxFrameSize })) socket.send(frame);
    },
    next(id) {
      const seen = messages.find((m) => m.id === id);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.set(id, resolve));
    },
    request(method, args = [], id = `rpc:raw:${counter++}`) {
      const reply = client.next(id);
      client.send({ kind: 'request', id, method, args, kwargs: {} });
      return reply;
    },
  };
  return client;
}

export async function helloRawClient(url: string, secret: string): Promise<RawClient> {
  const client = await openRawClient(url);
  const reply = await client.request(HELLO_METHOD, [{ secret }], HELLO_REQUEST_ID);
  if (reply.kind !== 'result') throw new Error(`hello failed: ${JSON.stringify(reply)}`);
  return client;
}

/** A frame with the given header fields and `payload` bytes. */
export function rawFrame(
  messageId: number,
  chunkOffset: number,
  totalSize: number,
  payload: Uint8Array,
): Uint8Array {
  const frame = new Uint8Array(12 + payload.byteLength);
  const view = new DataView(frame.buffer);
  view.setUint32(0, messageId, true);
  view.setUint32(4, chunkOffset, true);
  view.setUint32(8, totalSize, true);
  frame.set(payload, 12);
  return frame;
}
