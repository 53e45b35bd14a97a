/**
 * Reassembles chunk frames (PROTOCOL.md §1.3) into whole MessagePack blobs. Unlike wslink's
 * UnChunker it is bounded: a total_size over the limit, too many messages in progress at once,
 * or too many bytes reserved for them throw before anything is allocated. Chunks may arrive in
 * any order and messages may interleave; overlapping or out-of-range chunks are refused, so a
 * completed message has had every byte written exactly once. Browser-safe.
 */
import { MessageSizeError, ProtocolError } from './errors.js';
import { FRAME_HEADER_SIZE, readFrameHeader } from './frames.js';

export interface ChunkReassemblerProps {
  /** Largest total_size accepted for one message, in bytes. */
  maxMessageSize: number;
  /** Most messages that may be partly received at the same time. */
  maxPartialMessages: number;
  /** Most bytes reserved by all partial messages together; defaults to `maxMessageSize`. */
  maxPendingBytes?: number;
  /** Most disjoint received ranges one message may have before it is judged too fragmented. */
  maxRangesPerMessage?: number;
}

interface PartialMessage {
  content: Uint8Array;
  receivedBytes: number;
  /** Sorted, disjoint, non-adjacent [start, end) ranges received so far. */
  ranges: Array<[number, number]>;
}

export class ChunkReassembler {
  #props: Required<ChunkReassemblerProps>;
  readonly #partials = new Map<number, PartialMessage>();
  #pendingBytes = 0;

  constructor(props: ChunkReassemblerProps) {
    this.#props = withDefaults(props);
  }

  /** Changes the limits (the server raises them once a client has said hello). */
  setLimits(props: ChunkReassemblerProps): void {
    this.#props = withDefaults(props);
  }

  get partialMessageCount(): number {
    return this.#partials.size;
  }

  /** Bytes reserved by messages still missing chunks. */
  get pendingBytes(): number {
    return this.#pendingBytes;
  }

  /**
   * Takes one frame; returns the whole blob when this frame completed a message, else undefined.
   * Throws ProtocolError or MessageSizeError; the caller should then end the connection.
   */
  push(frame: Uint8Array): Uint8Array | undefined {
    const { messageId, chunkOffset, totalSize } = readFrameHeader(frame);
    const payload = frame.subarray(FRAME_HEADER_SIZE);
    const where = `chunk of message ${messageId} at offset ${chunkOffset}`;
    if (totalSize === 0) throw new ProtocolError(`${where} declares a total size of 0`);
    if (payload.byteLength === 0) throw new ProtocolError(`${where} carries no payload`);
    if (chunkOffset + payload.byteLength > totalSize)
      throw new ProtocolError(
        `${where} with ${payload.byteLength} bytes runs past the total size ${totalSize}`,
      );
    let partial = this.#partials.get(messageId);
    if (!partial) {
      this.#checkNewMessage(messageId, totalSize);
      // Fast path: a one-frame message needs no copy.
      if (chunkOffset === 0 && payload.byteLength === totalSize) return payload;
      partial = { content: new Uint8Array(totalSize), receivedBytes: 0, ranges: [] };
      this.#partials.set(messageId, partial);
      this.#pendingBytes += totalSize;
    } else if (partial.content.byteLength !== totalSize) {
      this.#discard(messageId, partial);
      throw new ProtocolError(
        `${where} declares total size ${totalSize}, earlier chunks declared ${partial.content.byteLength}`,
      );
    }
    this.#addRange(messageId, partial, chunkOffset, chunkOffset + payload.byteLength);
    partial.content.set(payload, chunkOffset);
    partial.receivedBytes += payload.byteLength;
    if (partial.receivedBytes < totalSize) return undefined;
    this.#discard(messageId, partial);
    return partial.content;
  }

  /** Forgets every partial message (on close). */
  clear(): void {
    this.#partials.clear();
    this.#pendingBytes = 0;
  }

  #checkNewMessage(messageId: number, totalSize: number): void {
    const { maxMessageSize, maxPartialMessages, maxPendingBytes } = this.#props;
    if (totalSize > maxMessageSize)
      throw new MessageSizeError(
        `message ${messageId} of ${totalSize} bytes exceeds the limit of ${maxMessageSize} bytes`,
      );
    if (this.#partials.size >= maxPartialMessages)
      throw new MessageSizeError(
        `message ${messageId} would be the ${this.#partials.size + 1}th partly received message; the limit is ${maxPartialMessages}`,
      );
    if (this.#pendingBytes + totalSize > maxPendingBytes)
      throw new MessageSizeError(
        `message ${messageId} of ${totalSize} bytes would bring partly received messages to ${this.#pendingBytes + totalSize} bytes; the limit is ${maxPendingBytes}`,
      );
  }

  #discard(messageId: number, partial: PartialMessage): void {
    this.#partials.delete(messageId);
    this.#pendingBytes -= partial.content.byteLength;
  }

  #addRange(messageId: number, partial: PartialMessage, start: number, end: number): void {
    const ranges = partial.ranges;
    // First range whose end is at or after `start`: the only candidates to overlap or touch.
    let low = 0;
    let high = ranges.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (ranges[middle][1] < start) low = middle + 1;
      else high = middle;
    }
    const next = ranges[low];
    if (next && next[0] < end && start < next[1]) {
      this.#discard(messageId, partial);
      throw new ProtocolError(
        `chunk [${start}, ${end}) of message ${messageId} overlaps bytes [${next[0]}, ${next[1]}) already received`,
      );
    }
    const touchesNext = next !== undefined && next[0] === end;
    const touchesPrevious = next !== undefined && next[1] === start;
    if (touchesPrevious) {
      next[1] = end;
      const after = ranges[low + 1];
      if (after && after[0] === end) {
        next[1] = after[1];
        ranges.splice(low + 1, 1);
      }
    } else if (touchesNext) {
      next[0] = start;
    } else {
      ranges.splice(low, 0, [start, end]);
      if (ranges.length > this.#props.maxRangesPerMessage) {
        this.#discard(messageId, partial);
        throw new ProtocolError(
          `message ${messageId} arrived in more than ${this.#props.maxRangesPerMessage} disjoint pieces`,
        );
      }
    }
  }
}

function withDefaults(props: ChunkReassemblerProps): Required<ChunkReassemblerProps> {
  return {
    maxMessageSize: props.maxMessageSize,
    maxPartialMessages: props.maxPartialMessages,
    maxPendingBytes: props.maxPendingBytes ?? props.maxMessageSize,
    maxRangesPerMessage: props.maxRangesPerMessage ?? 4096,
  };
}
