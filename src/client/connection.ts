/**
 * The client end of the wslink 2.x protocol, for browsers and Node: `connect()` opens a
 * WebSocket, says hello with the session secret, and returns a Connection for calls and
 * subscriptions. Speaks to Periscope and to Python wslink servers alike; it uses the same codec
 * as the server (`src/protocol/`) and imports nothing Node-only.
 *
 * Connection state: connecting --hello ok--> open --close()/fault/server close--> closing --> closed.
 * Unlike wslink's client, pending calls are rejected when the connection closes.
 */
import { CancelledError } from '../errors.js';
import { decodeMessage, describeTextFrame, encodeMessage } from '../protocol/codec.js';
import {
  assertTopic,
  BuiltinMethod,
  DEFAULT_CLIENT_FRAME_SIZE,
  DEFAULT_WSLINK_SECRET,
  type Envelope,
  HELLO_METHOD,
  HELLO_REQUEST_ID,
  isDottedWords,
  parseMessageId,
} from '../protocol/envelope.js';
import {
  AuthenticationError,
  CloseCode,
  ConnectionError,
  closeCodeOf,
  ProtocolError,
  RemoteCallError,
  TimeoutError,
  toCloseReason,
} from '../protocol/errors.js';
import { Listeners } from '../protocol/listeners.js';
import { ChunkReassembler } from '../protocol/reassembler.js';

/** The part of the WHATWG WebSocket the client uses; browsers' and `ws`'s both fit. */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: Uint8Array<ArrayBuffer>): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(
    type: 'close',
    listener: (event: { code: number; reason: string; wasClean: boolean }) => void,
  ): void;
  addEventListener(type: 'error', listener: (event: unknown) => void): void;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

export interface RetryProps {
  /** Further attempts after the first failed one (default 0). */
  attempts: number;
  /** Wait before the first retry; doubles each time, with jitter (default 250 ms). */
  initialDelayMs?: number;
  /** Longest wait between attempts (default 5 s). */
  maxDelayMs?: number;
}

export interface ConnectProps {
  /** `ws://host:port/ws` or `wss://…`. */
  url: string;
  /** Session secret for the hello (default `wslink-secret`, as wslink). */
  secret?: string;
  /** WebSocket implementation; defaults to `globalThis.WebSocket` (pass `ws`'s in Node 20). */
  WebSocket?: WebSocketConstructor;
  /** Retries of the initial connect when the socket fails or the hello times out. */
  retry?: RetryProps;
  /** Time allowed from socket creation to the hello reply (default 10 s). */
  helloTimeoutMs?: number;
  /** Default time limit for calls (default 0 = none, as wslink). */
  callTimeoutMs?: number;
  /** Largest message accepted from the server (default 256 MiB). */
  maxMessageSize?: number;
  /** Most server messages partly received at once (default 16). */
  maxPartialMessages?: number;
  /**
   * Tell a Periscope server which topics to send (`periscope.topics.subscribe`), so unused
   * topics cost no bandwidth. Harmless against servers without it (default true).
   */
  subscribeOnServer?: boolean;
  /** Aborts connecting (and retries). */
  signal?: AbortSignal;
}

export interface CallOptions {
  /** Rejects with TimeoutError after this long (0 = no limit); the server is not told. */
  timeoutMs?: number;
  /** Rejects with CancelledError when aborted; the server is not told. */
  signal?: AbortSignal;
}

export interface CloseDetails {
  code: number;
  reason: string;
  wasClean: boolean;
  /** Set when this side closed because of a fault in what the server sent. */
  error?: Error;
}

export interface ConnectionEvents {
  close: CloseDetails;
  /** Faults that do not belong to one call: bad frames, unknown reply ids, listener errors. */
  error: Error;
}

export type ConnectionState = 'connecting' | 'open' | 'closing' | 'closed';

/** Receives a publication's payload (not wrapped in an array, unlike wslink's callbacks). */
export type PublicationCallback = (payload: unknown, topic: string) => void;

export interface Connection {
  readonly url: string;
  /** The id the server assigned in the hello reply. */
  readonly clientId: string;
  /** The server's `maxMsgSize`: the largest frame this client sends. */
  readonly maxFrameSize: number;
  readonly state: ConnectionState;
  /** Resolves when the socket has closed, however that happened. */
  readonly closed: Promise<CloseDetails>;
  call<Result = unknown>(
    method: string,
    args?: unknown[],
    kwargs?: Record<string, unknown>,
    options?: CallOptions,
  ): Promise<Result>;
  /** Calls `callback` for each publication on `topic`; returns the function that stops it. */
  subscribe(topic: string, callback: PublicationCallback): () => void;
  on<Name extends keyof ConnectionEvents>(
    event: Name,
    listener: (value: ConnectionEvents[Name]) => void,
  ): () => void;
  close(code?: number, reason?: string): Promise<CloseDetails>;
}

/** Opens a connection and completes the hello, retrying as `props.retry` allows. */
export async function connect(props: ConnectProps): Promise<Connection> {
  const retry = props.retry ?? { attempts: 0 };
  let delay = retry.initialDelayMs ?? 250;
  for (let attempt = 0; ; attempt++) {
    try {
      return await openConnection(props);
    } catch (error) {
      const retryable = error instanceof ConnectionError || error instanceof TimeoutError;
      if (!retryable || attempt >= retry.attempts || props.signal?.aborted) throw error;
      // Jitter keeps many clients restarted together from retrying in lockstep.
      await sleep(delay * (0.5 + Math.random() * 0.5), props.signal);
      delay = Math.min(delay * 2, retry.maxDelayMs ?? 5_000);
    }
  }
}

function openConnection(props: ConnectProps): Promise<Connection> {
  props.signal?.throwIfAborted();
  const Implementation =
    props.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket ?? undefined;
  if (!Implementation)
    throw new ConnectionError("no WebSocket implementation: pass props.WebSocket (in Node 20, 'ws')");
  let socket: WebSocketLike;
  try {
    socket = new Implementation(props.url);
  } catch (error) {
    throw new ConnectionError(`cannot open ${props.url}: ${messageOf(error)}`, {}, { cause: error });
  }
  return new ClientConnection(socket, props).ready;
}

interface PendingCall {
  method: string;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

class ClientConnection implements Connection {
  readonly url: string;
  readonly ready: Promise<Connection>;
  readonly closed: Promise<CloseDetails>;
  readonly #props: ConnectProps;
  readonly #socket: WebSocketLike;
  readonly #reassembler: ChunkReassembler;
  readonly #pending = new Map<string, PendingCall>();
  readonly #subscriptions = new Map<string, Set<PublicationCallback>>();
  readonly #listeners = new Listeners<ConnectionEvents>((error) =>
    console.error('connection listener threw', error),
  );
  #state: ConnectionState = 'connecting';
  #clientId = '';
  #maxFrameSize = DEFAULT_CLIENT_FRAME_SIZE;
  #callCounter = 0;
  #serverFiltersTopics: boolean;
  #fault: Error | undefined;
  #helloTimer: ReturnType<typeof setTimeout> | undefined;
  #resolveClosed!: (details: CloseDetails) => void;

  constructor(socket: WebSocketLike, props: ConnectProps) {
    this.url = props.url;
    this.#props = props;
    this.#socket = socket;
    this.#serverFiltersTopics = props.subscribeOnServer ?? true;
    this.#reassembler = new ChunkReassembler({
      maxMessageSize: props.maxMessageSize ?? 256 * 1024 * 1024,
      maxPartialMessages: props.maxPartialMessages ?? 16,
    });
    this.closed = new Promise((resolve) => (this.#resolveClosed = resolve));
    this.ready = new Promise<Connection>((resolve, reject) => {
      this.#pending.set(HELLO_REQUEST_ID, {
        method: HELLO_METHOD,
        resolve: () => resolve(this),
        reject,
      });
    });
    socket.binaryType = 'arraybuffer';
    socket.addEventListener('open', () => this.#sendHello());
    socket.addEventListener('message', (event) => this.#onData(event.data));
    socket.addEventListener('close', (event) => this.#onClosed(event.code, event.reason, event.wasClean));
    // A close event always follows an error event; the close carries what callers need.
    socket.addEventListener('error', () => {});
    const helloTimeoutMs = props.helloTimeoutMs ?? 10_000;
    if (helloTimeoutMs > 0) {
      this.#helloTimer = setTimeout(
        () =>
          this.#abortHandshake(
            new TimeoutError(
              `${props.url}: no hello reply within ${helloTimeoutMs} ms (is it a wslink 2.x server?)`,
            ),
          ),
        helloTimeoutMs,
      );
    }
    props.signal?.addEventListener('abort', () => this.#abortHandshake(new CancelledError('connect')), {
      once: true,
    });
  }

  get clientId(): string {
    return this.#clientId;
  }

  get maxFrameSize(): number {
    return this.#maxFrameSize;
  }

  get state(): ConnectionState {
    return this.#state;
  }

  call<Result = unknown>(
    method: string,
    args: unknown[] = [],
    kwargs: Record<string, unknown> = {},
    options: CallOptions = {},
  ): Promise<Result> {
    if (this.#state !== 'open')
      return Promise.reject(new ConnectionError(`RPC call ${method} unsuccessful: connection not open`));
    const id = `rpc:${this.#clientId}:${this.#callCounter++}`;
    let frames: Uint8Array<ArrayBuffer>[];
    try {
      frames = encodeMessage(
        { kind: 'request', id, method, args, kwargs },
        { maxFrameSize: this.#maxFrameSize },
      );
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<Result>((resolve, reject) => {
      const timeoutMs = options.timeoutMs ?? this.#props.callTimeoutMs ?? 0;
      const signal = options.signal;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = () => settle(() => reject(new CancelledError(`call ${method}`)));
      const settle = (finish: () => void) => {
        if (!this.#pending.delete(id)) return;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        finish();
      };
      this.#pending.set(id, {
        method,
        resolve: (value) => settle(() => resolve(value as Result)),
        reject: (error) => settle(() => reject(error)),
      });
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      if (timeoutMs > 0)
        timer = setTimeout(
          () => settle(() => reject(new TimeoutError(`call ${method} got no reply within ${timeoutMs} ms`))),
          timeoutMs,
        );
      for (const frame of frames) this.#socket.send(frame);
    });
  }

  subscribe(topic: string, callback: PublicationCallback): () => void {
    assertTopic(topic);
    let callbacks = this.#subscriptions.get(topic);
    if (!callbacks) {
      this.#subscriptions.set(topic, (callbacks = new Set()));
      this.#tellServer(BuiltinMethod.subscribeTopics, topic);
    }
    const registered = callbacks;
    // Wrapped so the same function may be subscribed twice and removed once per unsubscribe.
    const entry: PublicationCallback = (payload, name) => callback(payload, name);
    registered.add(entry);
    return () => {
      if (!registered.delete(entry) || registered.size > 0) return;
      this.#subscriptions.delete(topic);
      this.#tellServer(BuiltinMethod.unsubscribeTopics, topic);
    };
  }

  on<Name extends keyof ConnectionEvents>(
    event: Name,
    listener: (value: ConnectionEvents[Name]) => void,
  ): () => void {
    return this.#listeners.on(event, listener);
  }

  close(code: number = CloseCode.normal, reason = ''): Promise<CloseDetails> {
    if (this.#state !== 'closing' && this.#state !== 'closed') {
      this.#state = 'closing';
      this.#socket.close(code, toCloseReason(reason));
    }
    return this.closed;
  }

  #sendHello(): void {
    const frames = encodeMessage(
      {
        kind: 'request',
        id: HELLO_REQUEST_ID,
        method: HELLO_METHOD,
        args: [{ secret: this.#props.secret ?? DEFAULT_WSLINK_SECRET }],
        kwargs: {},
      },
      { maxFrameSize: DEFAULT_CLIENT_FRAME_SIZE },
    );
    for (const frame of frames) this.#socket.send(frame);
  }

  #abortHandshake(error: Error): void {
    if (this.#state !== 'connecting') return;
    this.#pending.get(HELLO_REQUEST_ID)?.reject(error);
    this.#pending.delete(HELLO_REQUEST_ID);
    this.close(CloseCode.normal, error.message);
  }

  #onHelloReply(result: unknown): void {
    clearTimeout(this.#helloTimer);
    const reply = (result ?? {}) as { clientID?: unknown; maxMsgSize?: unknown };
    const clientId = reply.clientID;
    if (typeof clientId !== 'string' || !isDottedWords(clientId)) {
      this.#fail(new ProtocolError(`hello reply carries an unusable clientID ${JSON.stringify(clientId)}`));
      return;
    }
    this.#clientId = clientId;
    // As wslink: a missing or zero maxMsgSize keeps the 512 KiB default.
    if (typeof reply.maxMsgSize === 'number' && reply.maxMsgSize > 0) this.#maxFrameSize = reply.maxMsgSize;
    this.#state = 'open';
    const hello = this.#pending.get(HELLO_REQUEST_ID);
    this.#pending.delete(HELLO_REQUEST_ID);
    hello?.resolve(this);
  }

  #onData(data: unknown): void {
    if (this.#state === 'closed') return;
    if (typeof data === 'string') {
      this.#fail(
        new ProtocolError(`server sent a text frame: ${describeTextFrame(data)}`, CloseCode.unsupportedData),
      );
      return;
    }
    let bytes: Uint8Array;
    if (data instanceof ArrayBuffer) bytes = new Uint8Array(data);
    else if (ArrayBuffer.isView(data)) bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    else {
      this.#fail(new ProtocolError('received a frame that is neither text nor binary'));
      return;
    }
    let envelope: Envelope | undefined;
    try {
      const blob = this.#reassembler.push(bytes);
      if (!blob) return;
      envelope = decodeMessage(blob);
    } catch (error) {
      this.#fail(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (envelope) this.#dispatch(envelope);
  }

  #dispatch(envelope: Envelope): void {
    if (envelope.kind === 'request') return; // servers do not call clients
    const pending = this.#pending.get(envelope.id);
    if (envelope.kind === 'error') {
      if (!pending) {
        this.#listeners.emit('error', new RemoteCallError(`(unknown call ${envelope.id})`, envelope.error));
        return;
      }
      if (envelope.id !== HELLO_REQUEST_ID) {
        pending.reject(new RemoteCallError(pending.method, envelope.error));
        return;
      }
      this.#pending.delete(HELLO_REQUEST_ID);
      pending.reject(
        new AuthenticationError(`${this.url}: ${envelope.error.message} (${envelope.error.code})`),
      );
      // wslink's client would linger unauthenticated; there is nothing left to do on this socket.
      this.close(CloseCode.normal, 'authentication failed');
      return;
    }
    if (envelope.id === HELLO_REQUEST_ID) {
      if (this.#state === 'connecting') this.#onHelloReply(envelope.result);
      return;
    }
    const id = parseMessageId(envelope.id);
    if (id?.type === 'publish') {
      const callbacks = this.#subscriptions.get(id.name);
      if (!callbacks) return;
      for (const callback of [...callbacks]) {
        try {
          callback(envelope.result, id.name);
        } catch (error) {
          this.#listeners.emit('error', error instanceof Error ? error : new Error(String(error)));
        }
      }
      return;
    }
    pending?.resolve(envelope.result);
  }

  /** Server-side topic filtering is an optimisation: any failure just turns it off. */
  #tellServer(method: string, topic: string): void {
    if (!this.#serverFiltersTopics || this.#state !== 'open') return;
    this.call(method, [[topic]]).catch((error: unknown) => {
      if (error instanceof RemoteCallError && error.code === 'PERISCOPE_E_METHOD_NOT_FOUND')
        this.#serverFiltersTopics = false;
      else if (this.#state === 'open')
        this.#listeners.emit('error', error instanceof Error ? error : new Error(String(error)));
    });
  }

  #fail(error: Error): void {
    if (this.#state === 'closing' || this.#state === 'closed') return;
    this.#fault = error;
    this.#listeners.emit('error', error);
    const hello = this.#pending.get(HELLO_REQUEST_ID);
    if (hello) {
      this.#pending.delete(HELLO_REQUEST_ID);
      hello.reject(error);
    }
    // Browsers only let scripts close with 1000 or 4000–4999, so the fault is told in the reason.
    this.close(CloseCode.normal, error.message);
  }

  #onClosed(code: number, reason: string, wasClean: boolean): void {
    if (this.#state === 'closed') return;
    const wasConnecting = this.#state === 'connecting';
    this.#state = 'closed';
    clearTimeout(this.#helloTimer);
    this.#reassembler.clear();
    const details: CloseDetails = this.#fault
      ? { code: closeCodeOf(this.#fault), reason: this.#fault.message, wasClean, error: this.#fault }
      : { code, reason, wasClean };
    // Each call's reject removes its own entry; clearing first would make them no-ops.
    const pending = [...this.#pending.values()];
    for (const call of pending) {
      const what =
        call.method === HELLO_METHOD ? `cannot connect to ${this.url}` : `call ${call.method} lost`;
      call.reject(
        new ConnectionError(`${what}: connection closed (${code}${reason ? ` ${reason}` : ''})`, {
          closeCode: code,
          closeReason: reason,
        }),
      );
    }
    this.#pending.clear();
    if (!wasConnecting) this.#listeners.emit('close', details);
    this.#resolveClosed(details);
    this.#listeners.clear();
  }
}

function sleep(milliseconds: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CancelledError('connect'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
