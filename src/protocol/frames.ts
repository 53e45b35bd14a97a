/**
 * The wslink 2.x chunk frame (PROTOCOL.md §1.3): every binary WebSocket frame is a 12-byte
 * header — message id, chunk offset, total size, each a little-endian uint32 — followed by the
 * bytes [offset, offset + n) of one MessagePack blob. Browser-safe: no Node APIs.
 */
import { MessageSizeError, ProtocolError } from './errors.js';

export const FRAME_HEADER_SIZE = 12;
/** Largest blob a uint32 total_size can describe. */
export const MAX_WIRE_MESSAGE_SIZE = 0xffff_ffff;

export interface FrameHeader {
  /** Random per logical message; chunks of one message share it. */
  messageId: number;
  /** Byte offset of this frame's payload within the whole blob. */
  chunkOffset: number;
  /** Byte length of the whole blob (headers excluded). */
  totalSize: number;
}

export function readFrameHeader(frame: Uint8Array): FrameHeader {
  if (frame.byteLength < FRAME_HEADER_SIZE)
    throw new ProtocolError(`chunk frame of ${frame.byteLength} bytes is shorter than its 12-byte header`);
  const view = new DataView(frame.buffer, frame.byteOffset, FRAME_HEADER_SIZE);
  return {
    messageId: view.getUint32(0, true),
    chunkOffset: view.getUint32(4, true),
    totalSize: view.getUint32(8, true),
  };
}

export function writeFrameHeader(target: Uint8Array, header: FrameHeader): void {
  const view = new DataView(target.buffer, target.byteOffset, FRAME_HEADER_SIZE);
  view.setUint32(0, header.messageId, true);
  view.setUint32(4, header.chunkOffset, true);
  view.setUint32(8, header.totalSize, true);
}

/** A fresh random 32-bit message id, as the wslink client and Python server draw them. */
export function randomMessageId(): number {
  return globalThis.crypto.getRandomValues(new Uint32Array(1))[0];
}

/**
 * Splits one MessagePack blob into frames of at most `maxFrameSize` bytes including the header
 * (0 = a single frame), in increasing offset order, exactly as wslink's `generateChunks`.
 */
export function splitIntoFrames(
  blob: Uint8Array,
  maxFrameSize: number,
  messageId: number = randomMessageId(),
): Uint8Array<ArrayBuffer>[] {
  const totalSize = blob.byteLength;
  // wslink's generator yields no frame at all for an empty blob; the receiver would wait forever.
  if (totalSize === 0) throw new ProtocolError('cannot frame an empty message');
  if (totalSize > MAX_WIRE_MESSAGE_SIZE)
    throw new MessageSizeError(`message of ${totalSize} bytes exceeds the 4 GiB wire limit`);
  const maxPayload = maxFrameSize === 0 ? totalSize : Math.max(maxFrameSize - FRAME_HEADER_SIZE, 1);
  const frames: Uint8Array<ArrayBuffer>[] = [];
  for (let chunkOffset = 0; chunkOffset < totalSize; chunkOffset += maxPayload) {
    const payloadSize = Math.min(maxPayload, totalSize - chunkOffset);
    const frame = new Uint8Array(FRAME_HEADER_SIZE + payloadSize);
    writeFrameHeader(frame, { messageId, chunkOffset, totalSize });
    frame.set(blob.subarray(chunkOffset, chunkOffset + payloadSize), FRAME_HEADER_SIZE);
    frames.push(frame);
  }
  return frames;
}
