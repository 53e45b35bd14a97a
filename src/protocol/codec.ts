/**
 * The wslink 2.x message codec (PROTOCOL.md §1.2–1.4): an envelope becomes one MessagePack map,
 * split into chunk frames; frames become a blob again in a ChunkReassembler, and a blob an
 * envelope here. Binary attachments are plain typed arrays anywhere in the tree: they travel
 * inline as MessagePack `bin` and come back as Uint8Array. Browser-safe.
 */
import { DecodeError, Decoder, Encoder } from '@msgpack/msgpack';
import { type Envelope, fromWireObject, toWireObject } from './envelope.js';
import { CloseCode, ProtocolError } from './errors.js';
import { splitIntoFrames } from './frames.js';

/** Thrown when a value cannot be written as MessagePack (a function, a bigint, a cycle). */
export class EncodingError extends ProtocolError {}

type EncodeObject = (this: Encoder, object: unknown, depth: number) => void;
const baseEncodeObject = (Encoder.prototype as unknown as { encodeObject?: EncodeObject }).encodeObject;
if (typeof baseEncodeObject !== 'function')
  throw new Error('@msgpack/msgpack changed: Encoder.prototype.encodeObject is gone');

/**
 * @msgpack/msgpack writes a bare ArrayBuffer as an empty map. wslink's client subclasses the
 * encoder to write it as `bin` instead (session.js CustomEncoder); we do the same so a handler
 * may return an ArrayBuffer. The method is private in the typings, hence the cast.
 */
class WireEncoder extends Encoder {}
Object.defineProperty(WireEncoder.prototype, 'encodeObject', {
  value: function encodeObject(this: Encoder, object: unknown, depth: number): void {
    const value =
      object instanceof ArrayBuffer ||
      (typeof SharedArrayBuffer !== 'undefined' && object instanceof SharedArrayBuffer)
        ? new Uint8Array(object)
        : object;
    baseEncodeObject.call(this, value, depth);
  },
});

// The encoder keeps its grown buffer between calls; after a big message start afresh so one
// large reply does not pin that much memory for the life of the process.
const ENCODER_BUFFER_KEEP_LIMIT = 4 * 1024 * 1024;
let sharedEncoder = new WireEncoder();

/** MessagePack bytes of an envelope (a fresh copy the caller owns). */
export function packEnvelope(envelope: Envelope): Uint8Array {
  return withPacked(envelope, (packed) => packed.slice());
}

export interface EncodeMessageProps {
  /** Largest frame including its 12-byte header; 0 = one frame whatever the size. */
  maxFrameSize: number;
  /** Message id for the frame headers; random when omitted. */
  messageId?: number;
}

/** Encodes an envelope into the binary frames to send, in order. */
export function encodeMessage(envelope: Envelope, props: EncodeMessageProps): Uint8Array<ArrayBuffer>[] {
  return withPacked(envelope, (packed) => splitIntoFrames(packed, props.maxFrameSize, props.messageId));
}

function withPacked<T>(envelope: Envelope, use: (packed: Uint8Array) => T): T {
  let packed: Uint8Array;
  try {
    packed = sharedEncoder.encodeSharedRef(toWireObject(envelope));
  } catch (error) {
    sharedEncoder = new WireEncoder();
    throw new EncodingError(`message ${envelope.id} cannot be encoded as MessagePack: ${messageOf(error)}`);
  }
  // `packed` views the encoder's own buffer: use it before the next encode call.
  const result = use(packed);
  if (packed.byteLength > ENCODER_BUFFER_KEEP_LIMIT) sharedEncoder = new WireEncoder();
  return result;
}

/**
 * Decodes a reassembled blob. Returns undefined for a message without an id (ignored by
 * wslink); throws ProtocolError (close code 1007) when the bytes are not one MessagePack map.
 */
export function decodeMessage(blob: Uint8Array): Envelope | undefined {
  // No length claimed inside a blob can honestly exceed the blob itself; saying so up front
  // stops a forged array or map header from reserving memory the bytes cannot fill.
  const decoder = new Decoder({
    maxStrLength: blob.byteLength,
    maxBinLength: blob.byteLength,
    maxArrayLength: blob.byteLength,
    maxMapLength: blob.byteLength,
    maxExtLength: blob.byteLength,
  });
  let value: unknown;
  try {
    value = decoder.decode(blob);
  } catch (error) {
    const what =
      error instanceof RangeError || error instanceof DecodeError ? messageOf(error) : String(error);
    throw new ProtocolError(
      `message of ${blob.byteLength} bytes is not valid MessagePack: ${what}`,
      CloseCode.invalidPayload,
    );
  }
  return fromWireObject(value);
}

/**
 * wslink ≤ 1.12 speaks JSON in text frames (§1.4); 2.x has no text frames at all. Returns the
 * close reason for a text frame: specific when it looks like a 1.x envelope or attachment
 * announcement. Reasons stay under the 123-byte limit of a close frame.
 */
export function describeTextFrame(text: string): string {
  if (/^\s*\{/.test(text) && /"wslink"\s*:/.test(text))
    return 'wslink 1.x JSON text frames are not supported; use a wslink >= 2.0 client';
  return 'text frames are not part of wslink 2.x; send binary chunk frames';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
