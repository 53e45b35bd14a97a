/**
 * Per-connection send queue with backpressure. The WebSocket's `bufferedAmount` (bytes accepted
 * but not yet handed to the kernel) is the measure of a slow client:
 *
 * - reliable messages (RPC replies, ordinary publications) are sent at once, unless the buffer
 *   already holds something and this message would take it past `hardLimit`: then the queue
 *   overflows once, refuses everything after, and the owner closes the connection;
 * - droppable publications are sent while the buffer is at or below `highWaterMark`; above it,
 *   only the newest per coalescing key waits (older ones are dropped) and waiting ones go out,
 *   oldest key first, as write completions bring the buffer back under the mark.
 *
 * So a client that stops reading costs at most `hardLimit` plus one message of buffered frames,
 * plus one waiting publication per key.
 */

export interface FrameSink {
  /** Bytes accepted by `send` and not yet written to the network. */
  readonly bufferedAmount: number;
  /** Sends one binary frame; `onWritten` runs once it was written out (or failed). */
  send(frame: Uint8Array, onWritten: (error?: Error) => void): void;
}

export interface OutboundQueueProps {
  sink: FrameSink;
  /** Above this many buffered bytes droppable publications wait instead of being sent. */
  highWaterMark: number;
  /** A reliable message that would take the buffer past this many bytes overflows the queue. */
  hardLimit: number;
  /** Called once, when the queue overflows; the owner should close the connection. */
  onOverflow: (bufferedBytes: number, messageBytes: number) => void;
  /** Called when a waiting droppable publication is replaced by a newer one. */
  onDropped: (key: string) => void;
}

export type OfferOutcome = 'sent' | 'queued';

export class OutboundQueue {
  readonly #props: OutboundQueueProps;
  readonly #waiting = new Map<string, Uint8Array[]>();
  #unwrittenFrames = 0;
  #overflowed = false;
  #closed = false;

  constructor(props: OutboundQueueProps) {
    this.#props = props;
  }

  get waitingCount(): number {
    return this.#waiting.size;
  }

  get overflowed(): boolean {
    return this.#overflowed;
  }

  /**
   * Sends a reliable message. Returns false when refused (closed, or overflowing now or before).
   * `onWritten` runs when its last frame was written out.
   */
  send(frames: Uint8Array[], onWritten?: () => void): boolean {
    if (this.#closed || this.#overflowed) return false;
    const buffered = this.#props.sink.bufferedAmount;
    const bytes = byteLengthOf(frames);
    // An empty buffer always takes one message, however large: the limit is on what piles up.
    if (buffered > 0 && buffered + bytes > this.#props.hardLimit) {
      this.#overflowed = true;
      this.#waiting.clear();
      this.#props.onOverflow(buffered, bytes);
      return false;
    }
    this.#write(frames, onWritten);
    return true;
  }

  /** Offers a droppable message under a coalescing key. */
  offer(key: string, frames: Uint8Array[]): OfferOutcome | 'refused' {
    if (this.#closed || this.#overflowed) return 'refused';
    if (!this.#congested() && !this.#waiting.has(key)) {
      this.#write(frames);
      return 'sent';
    }
    if (this.#waiting.has(key)) {
      this.#waiting.delete(key);
      this.#props.onDropped(key);
    }
    this.#waiting.set(key, frames);
    // Without a write in progress no completion would ever come to release it.
    if (this.#unwrittenFrames === 0 || !this.#congested()) this.#flush();
    return this.#waiting.has(key) ? 'queued' : 'sent';
  }

  /** Drops everything waiting and refuses further sends. */
  close(): void {
    this.#closed = true;
    this.#waiting.clear();
  }

  #congested(): boolean {
    return this.#props.sink.bufferedAmount > this.#props.highWaterMark;
  }

  #write(frames: Uint8Array[], onWritten?: () => void): void {
    const last = frames.length - 1;
    frames.forEach((frame, index) => {
      this.#unwrittenFrames++;
      this.#props.sink.send(frame, () => {
        this.#unwrittenFrames--;
        if (index === last) onWritten?.();
        if (this.#waiting.size > 0) this.#flush();
      });
    });
  }

  #flush(): void {
    if (this.#closed || this.#overflowed) return;
    for (const [key, frames] of this.#waiting) {
      if (this.#congested() && this.#unwrittenFrames > 0) return;
      this.#waiting.delete(key);
      this.#write(frames);
    }
  }
}

function byteLengthOf(frames: Uint8Array[]): number {
  let bytes = 0;
  for (const frame of frames) bytes += frame.byteLength;
  return bytes;
}
