/**
 * One accepted WebSocket on the server: the handshake, dispatch of calls, publication delivery
 * through the outbound queue, keep-alive, limits, and an orderly close. State machine:
 *
 *   handshaking --hello ok--> open --close()/fault/peer close--> closing --socket closed--> closed
 *   handshaking --bad secret / hello timeout / fault / peer close--> closing --> closed
 *
 * Any fault in what the peer sends (bad frame, bad MessagePack, text frame, size limit) closes
 * this connection only, with a close code and a reason naming the fault.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { RawData, WebSocket } from 'ws';
import { isPeriscopeError } from '../errors.js';
import { decodeMessage, describeTextFrame, EncodingError, encodeMessage } from './codec.js';
import type {
  ConnectionContext,
  ConnectionState,
  PublishOptions,
  PublishOutcome,
} from './connection-context.js';
import { protocolChannels } from './diagnostics.js';
import {
  assertTopic,
  type Envelope,
  HELLO_METHOD,
  publicationId,
  type RequestEnvelope,
  WireError,
} from './envelope.js';
import { CloseCode, closeCodeOf, ProtocolError, type RpcErrorObject, toCloseReason } from './errors.js';
import { OutboundQueue } from './outbound.js';
import { ChunkReassembler } from './reassembler.js';
import type { MethodRegistry } from './registry.js';
import type { SecretVerifier } from './secret.js';

export interface ConnectionLimits {
  /** Largest frame either side sends, header included; announced as `maxMsgSize`. */
  maxFrameSize: number;
  /** Largest reassembled message accepted after the hello. */
  maxMessageSize: number;
  /** Largest message accepted before the hello (Python: 512). */
  maxUnauthenticatedMessageSize: number;
  /** Most messages partly received at once. */
  maxPartialMessages: number;
  sendHighWaterMark: number;
  sendHardLimit: number;
  /** A connection that has not said hello by then is closed (0 = never). */
  helloTimeoutMs: number;
  /** Reading from the socket pauses while this many calls are running. */
  maxConcurrentCalls: number;
  /** After a close frame, how long to wait for the peer before dropping the socket. */
  closeTimeoutMs: number;
}

export interface ProtocolCounters {
  messagesReceived: number;
  bytesReceived: number;
  callsCompleted: number;
  callsFailed: number;
  publicationsSent: number;
  publicationsDropped: number;
  connectionsClosedForFaults: number;
}

export interface CloseInfo {
  code: number;
  reason: string;
  initiatedBy: 'server' | 'client';
}

export interface ServerConnectionProps {
  socket: WebSocket;
  request: IncomingMessage;
  registry: MethodRegistry;
  verifySecret: SecretVerifier;
  limits: ConnectionLimits;
  counters: ProtocolCounters;
  logger: Logger;
  /** Include stack traces in error replies (`data.trace`); off by default, they reveal internals. */
  exposeErrorTraces: boolean;
  onAuthenticated: (connection: ServerConnection) => void;
  onClosed: (connection: ServerConnection, info: CloseInfo) => void;
}

// The wslink client decodes replies asynchronously (Blob reads); closing right after the
// "Authentication failed" reply could overtake it.
const AUTHENTICATION_FAILURE_CLOSE_DELAY_MS = 100;

export class ServerConnection implements ConnectionContext {
  readonly clientId = `c${globalThis.crypto.randomUUID().replaceAll('-', '')}`;
  readonly remoteAddress: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly connectedAt = Date.now();
  role: string | undefined;
  readonly userData = new Map<string, unknown>();

  readonly #props: ServerConnectionProps;
  readonly #socket: WebSocket;
  readonly #reassembler: ChunkReassembler;
  readonly #queue: OutboundQueue;
  readonly #callsAbort = new AbortController();
  readonly #closed: Promise<void>;
  #resolveClosed!: () => void;
  #state: ConnectionState = 'handshaking';
  #closeInfo: CloseInfo | undefined;
  #topics: Set<string> | undefined;
  #authenticated = false;
  #publicationCounter = 0;
  #runningCalls = 0;
  /** Calls received while `maxConcurrentCalls` were running; reading is paused meanwhile. */
  readonly #waitingCalls: RequestEnvelope[] = [];
  #alive = true;
  #helloTimer: ReturnType<typeof setTimeout> | undefined;
  #closeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(props: ServerConnectionProps) {
    this.#props = props;
    this.#socket = props.socket;
    this.remoteAddress = props.request.socket.remoteAddress;
    this.headers = props.request.headers;
    this.#closed = new Promise((resolve) => (this.#resolveClosed = resolve));
    const { limits } = props;
    this.#reassembler = new ChunkReassembler({
      maxMessageSize: limits.maxUnauthenticatedMessageSize,
      maxPartialMessages: 1,
    });
    this.#queue = new OutboundQueue({
      sink: {
        get bufferedAmount() {
          return props.socket.bufferedAmount;
        },
        send: (frame, onWritten) => this.#socket.send(frame, { binary: true }, onWritten),
      },
      highWaterMark: limits.sendHighWaterMark,
      hardLimit: limits.sendHardLimit,
      onOverflow: (buffered, bytes) =>
        this.#fail(
          new ProtocolError(
            `send buffer limit exceeded (${buffered} bytes unread, next message ${bytes}); client not reading`,
            CloseCode.policyViolation,
          ),
        ),
      onDropped: (key) => {
        props.counters.publicationsDropped++;
        if (protocolChannels.publicationDropped.hasSubscribers)
          protocolChannels.publicationDropped.publish({ clientId: this.clientId, topic: key, key });
      },
    });
    this.#socket.binaryType = 'nodebuffer';
    this.#socket.on('message', (data, isBinary) => this.#onMessage(data, isBinary));
    this.#socket.on('pong', () => (this.#alive = true));
    this.#socket.on('close', (code, reason) => this.#onSocketClosed(code, reason.toString('utf8')));
    // ws reports oversized frames and bad framing here, then closes the socket itself (1009/1002).
    this.#socket.on('error', (error) => {
      this.#props.logger.warn({ clientId: this.clientId, err: error }, 'websocket error');
      this.#props.counters.connectionsClosedForFaults++;
      this.#recordClose('server', closeCodeOfSocketError(error), error.message);
    });
    if (limits.helloTimeoutMs > 0) {
      this.#helloTimer = setTimeout(
        () => this.close(CloseCode.policyViolation, `no wslink.hello within ${limits.helloTimeoutMs} ms`),
        limits.helloTimeoutMs,
      );
      this.#helloTimer.unref?.();
    }
    if (protocolChannels.connect.hasSubscribers)
      protocolChannels.connect.publish({ clientId: this.clientId, remoteAddress: this.remoteAddress });
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** True from a successful hello on, also while and after closing. */
  get authenticated(): boolean {
    return this.#authenticated;
  }

  /** Resolves once the socket has closed. */
  get closed(): Promise<void> {
    return this.#closed;
  }

  /** Bytes waiting in the socket, for metrics and tests. */
  get bufferedAmount(): number {
    return this.#socket.bufferedAmount;
  }

  receivesTopic(topic: string): boolean {
    return this.#topics === undefined || this.#topics.has(topic);
  }

  /**
   * Switches this connection to explicit subscriptions (wslink clients never subscribe: they get
   * every topic until they call `periscope.topics.subscribe`).
   */
  subscribeTopics(topics: string[]): string[] {
    topics.forEach(assertTopic);
    this.#topics ??= new Set();
    for (const topic of topics) this.#topics.add(topic);
    return [...this.#topics].sort();
  }

  unsubscribeTopics(topics: string[]): string[] {
    this.#topics ??= new Set();
    for (const topic of topics) this.#topics.delete(topic);
    return [...this.#topics].sort();
  }

  publish(topic: string, payload: unknown, options: PublishOptions = {}): PublishOutcome {
    assertTopic(topic);
    const frames = encodeMessage(
      { kind: 'result', id: publicationId(topic, this.#publicationCounter++), result: payload },
      { maxFrameSize: this.#props.limits.maxFrameSize },
    );
    return this.deliver(topic, frames, options);
  }

  /** Delivers an already encoded publication (encoded once for all recipients by the server). */
  deliver(topic: string, frames: Uint8Array[], options: PublishOptions = {}): PublishOutcome {
    if (this.#state !== 'open' || !this.receivesTopic(topic)) return 'skipped';
    if (options.droppable) {
      const outcome = this.#queue.offer(options.coalesceKey ?? topic, frames);
      if (outcome === 'refused') return 'skipped';
      if (outcome === 'sent') this.#props.counters.publicationsSent++;
      return outcome;
    }
    if (!this.#queue.send(frames)) return 'skipped';
    this.#props.counters.publicationsSent++;
    return 'sent';
  }

  /** Sends a ping; drops the connection if the previous one went unanswered. */
  checkAlive(): void {
    if (this.#state === 'closed') return;
    if (!this.#alive) {
      this.#recordClose('server', CloseCode.abnormal, 'keep-alive timeout: no pong');
      this.#socket.terminate();
      return;
    }
    this.#alive = false;
    this.#socket.ping();
  }

  close(code: number = CloseCode.normal, reason = ''): void {
    if (this.#state === 'closing' || this.#state === 'closed') return;
    this.#beginClosing('server', code, reason);
    this.#socket.close(code, toCloseReason(reason));
  }

  #beginClosing(initiatedBy: CloseInfo['initiatedBy'], code: number, reason: string): void {
    this.#state = 'closing';
    this.#recordClose(initiatedBy, code, reason);
    clearTimeout(this.#helloTimer);
    this.#queue.close();
    this.#callsAbort.abort();
    // A peer that does not answer the close frame (or is not reading at all) is cut off.
    this.#closeTimer = setTimeout(() => this.#socket.terminate(), this.#props.limits.closeTimeoutMs);
    this.#closeTimer.unref?.();
  }

  #recordClose(initiatedBy: CloseInfo['initiatedBy'], code: number, reason: string): void {
    this.#closeInfo ??= { code, reason, initiatedBy };
  }

  #fail(error: unknown): void {
    if (this.#state === 'closing' || this.#state === 'closed') return;
    this.#props.counters.connectionsClosedForFaults++;
    const reason = error instanceof Error ? error.message : String(error);
    this.#props.logger.warn({ clientId: this.clientId, err: error }, 'closing connection after a fault');
    this.close(closeCodeOf(error), reason);
  }

  #onSocketClosed(code: number, reason: string): void {
    if (this.#state === 'closed') return;
    if (this.#state !== 'closing') this.#beginClosing('client', code, reason);
    this.#state = 'closed';
    clearTimeout(this.#closeTimer);
    this.#reassembler.clear();
    const info = this.#closeInfo ?? { code, reason, initiatedBy: 'client' };
    if (protocolChannels.disconnect.hasSubscribers)
      protocolChannels.disconnect.publish({
        clientId: this.clientId,
        authenticated: this.#authenticated,
        ...info,
        durationMs: Date.now() - this.connectedAt,
      });
    this.#props.onClosed(this, info);
    this.#resolveClosed();
  }

  #onMessage(data: RawData, isBinary: boolean): void {
    if (this.#state !== 'handshaking' && this.#state !== 'open') return;
    this.#alive = true;
    const bytes = toBytes(data);
    this.#props.counters.bytesReceived += bytes.byteLength;
    if (!isBinary) {
      const text = new TextDecoder().decode(bytes.subarray(0, 256));
      this.#fail(new ProtocolError(describeTextFrame(text), CloseCode.unsupportedData));
      return;
    }
    let envelope: Envelope | undefined;
    try {
      const blob = this.#reassembler.push(bytes);
      if (!blob) return;
      this.#props.counters.messagesReceived++;
      envelope = decodeMessage(blob);
    } catch (error) {
      this.#fail(error);
      return;
    }
    // Both wslink ends ignore messages without an id, and clients never send replies.
    if (envelope?.kind === 'request') this.#dispatch(envelope);
  }

  #dispatch(request: RequestEnvelope): void {
    if (request.id.startsWith('system:')) {
      if (request.method === HELLO_METHOD) this.#hello(request);
      else this.#reply({ kind: 'error', id: request.id, error: WireError.unknownSystemMethod });
    } else if (this.#state !== 'open') {
      this.#reply({ kind: 'error', id: request.id, error: WireError.unauthorized });
    } else {
      this.#enqueueCall(request);
    }
  }

  #hello(request: RequestEnvelope): void {
    const credentials = request.args[0];
    const secret =
      credentials !== null && typeof credentials === 'object' && 'secret' in credentials
        ? credentials.secret
        : undefined;
    const accepted = this.#props.verifySecret(secret);
    if (protocolChannels.handshake.hasSubscribers)
      protocolChannels.handshake.publish({ clientId: this.clientId, accepted });
    if (!accepted) {
      this.#props.logger.info(
        { clientId: this.clientId, remoteAddress: this.remoteAddress },
        'hello refused',
      );
      const reason = WireError.authenticationFailed.message;
      this.#reply({ kind: 'error', id: request.id, error: WireError.authenticationFailed }, () => {
        const timer = setTimeout(
          () => this.#socket.close(CloseCode.policyViolation, reason),
          AUTHENTICATION_FAILURE_CLOSE_DELAY_MS,
        );
        timer.unref?.();
      });
      // Closing at once (state-wise) ignores any further guesses sent in the same burst.
      this.#beginClosing('server', CloseCode.policyViolation, reason);
      return;
    }
    const firstHello = this.#state === 'handshaking';
    if (firstHello) {
      clearTimeout(this.#helloTimer);
      this.#state = 'open';
      this.#authenticated = true;
      const { limits } = this.#props;
      this.#reassembler.setLimits({
        maxMessageSize: limits.maxMessageSize,
        maxPartialMessages: limits.maxPartialMessages,
      });
    }
    this.#reply({
      kind: 'result',
      id: request.id,
      result: { clientID: this.clientId, maxMsgSize: this.#props.limits.maxFrameSize },
    });
    // After the reply, so that anything a listener publishes reaches a client that is ready.
    if (firstHello) this.#props.onAuthenticated(this);
  }

  /**
   * Starts the call, or queues it while `maxConcurrentCalls` run. Reading from the socket pauses
   * as the queue starts, so it only holds what the socket had already delivered.
   */
  #enqueueCall(request: RequestEnvelope): void {
    if (this.#runningCalls < this.#props.limits.maxConcurrentCalls) {
      void this.#call(request);
      return;
    }
    if (this.#waitingCalls.length === 0) this.#socket.pause();
    this.#waitingCalls.push(request);
  }

  #callFinished(): void {
    this.#runningCalls--;
    if (this.#state !== 'open') return;
    const next = this.#waitingCalls.shift();
    if (next) void this.#call(next);
    if (this.#waitingCalls.length === 0 && this.#socket.isPaused) this.#socket.resume();
  }

  async #call(request: RequestEnvelope): Promise<void> {
    const { id, method } = request;
    // The slot is held while a method still being registered is awaited, so a burst of early
    // calls cannot bypass maxConcurrentCalls.
    this.#runningCalls++;
    const handler = this.#props.registry.get(method) ?? (await this.#props.registry.resolve(method));
    if (!handler) {
      if (this.#state === 'open')
        this.#reply({ kind: 'error', id, error: { ...WireError.unregisteredMethod, data: method } });
      this.#callFinished();
      return;
    }
    const { counters } = this.#props;
    if (protocolChannels.rpcIn.hasSubscribers)
      protocolChannels.rpcIn.publish({ clientId: this.clientId, id, method });
    const started = performance.now();
    let reply: Envelope;
    try {
      const result = await handler({
        method,
        args: request.args,
        kwargs: request.kwargs,
        connection: this,
        signal: this.#callsAbort.signal,
      });
      reply = { kind: 'result', id, result: result ?? null };
    } catch (error) {
      reply = { kind: 'error', id, error: this.#errorReply(method, error) };
    } finally {
      this.#callFinished();
    }
    // As in Python, a reply to a connection that went away is dropped.
    if (this.#state !== 'open') return;
    let bytes = this.#reply(reply, undefined, method);
    if (bytes === undefined) {
      reply = { kind: 'error', id, error: { ...WireError.resultNotSerializable, data: method } };
      bytes = this.#reply(reply) ?? 0;
    }
    if (reply.kind === 'error') counters.callsFailed++;
    else counters.callsCompleted++;
    if (protocolChannels.rpcOut.hasSubscribers)
      protocolChannels.rpcOut.publish({
        clientId: this.clientId,
        id,
        method,
        durationMs: performance.now() - started,
        bytes,
        ...(reply.kind === 'error' ? { errorCode: reply.error.code } : {}),
      });
  }

  /**
   * Encodes and sends a reply; returns its size in bytes, or undefined when the result could not
   * be encoded (only when `method` is given; otherwise the encoding error propagates).
   */
  #reply(envelope: Envelope, onWritten?: () => void, method?: string): number | undefined {
    let frames: Uint8Array[];
    try {
      frames = encodeMessage(envelope, { maxFrameSize: this.#props.limits.maxFrameSize });
    } catch (error) {
      if (method !== undefined && error instanceof EncodingError) {
        this.#props.logger.warn({ clientId: this.clientId, method, err: error }, 'result not serializable');
        return undefined;
      }
      throw error;
    }
    this.#queue.send(frames, onWritten);
    return frames.reduce((sum, frame) => sum + frame.byteLength, 0);
  }

  /** §3.3: −32001 "Exception raised" for foreign errors; catalogue errors keep their own code. */
  #errorReply(method: string, error: unknown): RpcErrorObject {
    const exception = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const trace = this.#props.exposeErrorTraces && error instanceof Error ? (error.stack ?? '') : '';
    if (isPeriscopeError(error))
      return {
        code: error.rpcCode,
        message: error.message,
        data: { method, exception, trace, code: error.code, fields: fieldsOf(error) },
      };
    this.#props.logger.warn({ clientId: this.clientId, method, err: error }, 'method raised');
    return { ...WireError.exceptionRaised, data: { method, exception, trace } };
  }
}

const catalogueFields = new Set(['code', 'rpcCode', 'httpStatus', 'name', 'message', 'stack']);

/** The extra fields a catalogue error carries (file, offset, property…), if they are plain values. */
function fieldsOf(error: Error): Record<string, string | number | boolean | null> {
  const fields: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(error)) {
    if (catalogueFields.has(key)) continue;
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value))
      fields[key] = value as string | number | boolean | null;
  }
  return fields;
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}

/** The close code ws sends when its own frame parser refuses input (it attaches no reason). */
function closeCodeOfSocketError(error: Error & { code?: string }): number {
  if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') return CloseCode.messageTooBig;
  if (error.code === 'WS_ERR_INVALID_UTF8') return CloseCode.invalidPayload;
  return CloseCode.protocolError;
}
