/**
 * The protocol server: a wslink 2.x endpoint on `ws`, either attached to an existing HTTP
 * server at a path or standalone on its own port. It owns the method registry, the set of
 * connections, publication fan-out and keep-alive; each connection's own life is in
 * server-connection.ts. No visualization knowledge lives here.
 */
import { createServer, type Server as HttpServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { type Logger, pino } from 'pino';
import { type WebSocket, WebSocketServer } from 'ws';
import { PropertyError } from '../errors.js';
import { registerBuiltinMethods } from './builtins.js';
import { encodeMessage } from './codec.js';
import type { ConnectionContext, PublishOptions } from './connection-context.js';
import { assertTopic, publicationId } from './envelope.js';
import { CloseCode } from './errors.js';
import { Listeners } from './listeners.js';
import {
  type MethodDescription,
  type MethodHandler,
  MethodRegistry,
  type RegisterMethodOptions,
} from './registry.js';
import { createSecretVerifier } from './secret.js';
import {
  type CloseInfo,
  type ConnectionLimits,
  type ProtocolCounters,
  ServerConnection,
} from './server-connection.js';

export interface ProtocolServerProps {
  /** The session secret clients must present in `wslink.hello` (compared in constant time). */
  secret: string;
  /** Serve WebSocket upgrades of this HTTP server at `path`; otherwise the server creates its own. */
  httpServer?: HttpServer;
  /** WebSocket endpoint path (default `/ws`, as Python wslink). */
  path?: string;
  /** Standalone only: interface to bind (default 127.0.0.1). */
  host?: string;
  /** Standalone only: port (default 0, an ephemeral port). */
  port?: number;
  /** Largest frame including its 12-byte header, announced as `maxMsgSize` (default 4 MiB). */
  maxFrameSize?: number;
  /** Largest reassembled message from an authenticated client (default 64 MiB). */
  maxMessageSize?: number;
  /** Largest message before the hello (default 512 bytes, as Python). */
  maxUnauthenticatedMessageSize?: number;
  /** Most messages one client may have partly sent at once (default 8). */
  maxPartialMessages?: number;
  /** Buffered bytes above which droppable publications wait (default 1 MiB). */
  sendHighWaterMark?: number;
  /** Buffered bytes beyond which a connection is closed as not reading (default 32 MiB). */
  sendHardLimit?: number;
  /** Keep-alive ping interval; a ping unanswered by the next one drops the connection (default 30 s, 0 = off). */
  heartbeatIntervalMs?: number;
  /** Time allowed between connect and a successful hello (default 10 s, 0 = unlimited). */
  helloTimeoutMs?: number;
  /** Calls running at once per connection before the server stops reading from it (default 64). */
  maxConcurrentCalls?: number;
  /** Most simultaneous connections; more are refused with HTTP 503 (default 256). */
  maxConnections?: number;
  /** How long a closing peer gets to answer the close frame (default 2 s). */
  closeTimeoutMs?: number;
  /** Put stack traces in error replies (`data.trace`), as Python does; off by default. */
  exposeErrorTraces?: boolean;
  logger?: Logger;
  /** `application.exit` / `application.exit.later` were called; the default ignores them. */
  onExitRequested?: (delaySeconds: number, clientId: string) => void;
}

export interface DisconnectEvent extends CloseInfo {
  connection: ConnectionContext;
}

export interface ProtocolServerEvents {
  /** A client completed the hello. */
  connect: ConnectionContext;
  /** A client that had completed the hello is gone. */
  disconnect: DisconnectEvent;
}

export interface ListenAddress {
  host: string;
  port: number;
  /** `ws://host:port/path` */
  url: string;
}

export interface ProtocolServerStats extends ProtocolCounters {
  connections: number;
  authenticatedConnections: number;
  /** Sum of `bufferedAmount` over all connections. */
  bufferedBytes: number;
}

export class ProtocolServer {
  readonly path: string;
  readonly #props: ProtocolServerProps;
  readonly #limits: ConnectionLimits;
  readonly #logger: Logger;
  readonly #registry = new MethodRegistry();
  readonly #verifySecret: (offered: unknown) => boolean;
  readonly #webSocketServer: WebSocketServer;
  readonly #httpServer: HttpServer;
  readonly #standalone: boolean;
  readonly #connections = new Set<ServerConnection>();
  readonly #listeners: Listeners<ProtocolServerEvents>;
  readonly #counters: ProtocolCounters = {
    messagesReceived: 0,
    bytesReceived: 0,
    callsCompleted: 0,
    callsFailed: 0,
    publicationsSent: 0,
    publicationsDropped: 0,
    connectionsClosedForFaults: 0,
  };
  readonly #onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!this.handleUpgrade(request, socket, head) && this.#standalone)
      refuseUpgrade(socket, 404, 'Not Found');
  };
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #publicationCounter = 0;
  #closing = false;

  constructor(props: ProtocolServerProps) {
    if (typeof props.secret !== 'string' || props.secret.length === 0)
      throw new PropertyError('createProtocolServer', 'secret', 'a non-empty secret is required');
    this.#props = props;
    this.path = normalizePath(props.path ?? '/ws');
    this.#logger = props.logger ?? pino({ level: 'silent' });
    this.#limits = {
      maxFrameSize: props.maxFrameSize ?? 4 * 1024 * 1024,
      maxMessageSize: props.maxMessageSize ?? 64 * 1024 * 1024,
      maxUnauthenticatedMessageSize: props.maxUnauthenticatedMessageSize ?? 512,
      maxPartialMessages: props.maxPartialMessages ?? 8,
      sendHighWaterMark: props.sendHighWaterMark ?? 1024 * 1024,
      sendHardLimit: props.sendHardLimit ?? 32 * 1024 * 1024,
      helloTimeoutMs: props.helloTimeoutMs ?? 10_000,
      maxConcurrentCalls: props.maxConcurrentCalls ?? 64,
      closeTimeoutMs: props.closeTimeoutMs ?? 2_000,
    };
    this.#verifySecret = createSecretVerifier(props.secret);
    this.#listeners = new Listeners((error, event) =>
      this.#logger.error({ err: error, event }, 'protocol server listener threw'),
    );
    this.#webSocketServer = new WebSocketServer({
      noServer: true,
      // ws refuses larger frames itself (close 1009) before buffering them.
      maxPayload: this.#limits.maxFrameSize,
      // JPEG frames do not compress, and inflating untrusted input is a memory hazard.
      perMessageDeflate: false,
      clientTracking: false,
    });
    this.#standalone = props.httpServer === undefined;
    this.#httpServer =
      props.httpServer ??
      createServer((_request, response) => {
        response.writeHead(426, { 'content-type': 'text/plain', upgrade: 'websocket' });
        response.end(`WebSocket endpoint: ${this.path}\n`);
      });
    this.#httpServer.on('upgrade', this.#onUpgrade);
    registerBuiltinMethods({
      registry: this.#registry,
      onExitRequested: props.onExitRequested ?? (() => {}),
    });
    const interval = props.heartbeatIntervalMs ?? 30_000;
    if (interval > 0) {
      this.#heartbeat = setInterval(() => {
        for (const connection of this.#connections) connection.checkAlive();
      }, interval);
      this.#heartbeat.unref();
    }
  }

  /** Standalone servers: starts listening (on 127.0.0.1 and an ephemeral port unless told otherwise). */
  async listen(): Promise<ListenAddress> {
    if (!this.#standalone)
      throw new PropertyError(
        'ProtocolServer',
        'listen',
        'this server is attached to an existing HTTP server',
      );
    const host = this.#props.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      this.#httpServer.once('error', reject);
      this.#httpServer.listen(this.#props.port ?? 0, host, () => {
        this.#httpServer.off('error', reject);
        resolve();
      });
    });
    return this.address()!;
  }

  /** Where clients connect, once the HTTP server listens. */
  address(): ListenAddress | undefined {
    const address = this.#httpServer.address() as AddressInfo | string | null;
    if (address === null || typeof address === 'string') return undefined;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return { host: address.address, port: address.port, url: `ws://${host}:${address.port}${this.path}` };
  }

  /** The announced `maxMsgSize`. */
  get maxFrameSize(): number {
    return this.#limits.maxFrameSize;
  }

  registerMethod(name: string, handler: MethodHandler, options: RegisterMethodOptions): () => void {
    return this.#registry.register(name, handler, options);
  }

  /**
   * The rest of the API is registered when `loaded` settles: until then calls to methods not
   * registered yet wait for it rather than failing. Lets a server listen (and print its ready
   * line) before it has imported everything behind its methods.
   */
  registerMethodsLater(loaded: Promise<unknown>): void {
    this.#registry.registerLater(loaded);
  }

  listMethods(): MethodDescription[] {
    return this.#registry.list();
  }

  on<Name extends keyof ProtocolServerEvents>(
    event: Name,
    listener: (value: ProtocolServerEvents[Name]) => void,
  ): () => void {
    return this.#listeners.on(event, listener);
  }

  /** Authenticated connections. */
  connections(): ConnectionContext[] {
    return [...this.#connections].filter((connection) => connection.state === 'open');
  }

  /**
   * Publishes to every authenticated connection that receives `topic` (optionally narrowed by
   * `filter`); encoded once for all. Returns how many connections it was sent or queued to.
   */
  publish(
    topic: string,
    payload: unknown,
    options: PublishOptions & { filter?: (connection: ConnectionContext) => boolean } = {},
  ): number {
    assertTopic(topic);
    const recipients = [...this.#connections].filter(
      (connection) =>
        connection.state === 'open' &&
        connection.receivesTopic(topic) &&
        (options.filter === undefined || options.filter(connection)),
    );
    if (recipients.length === 0) return 0;
    const frames = encodeMessage(
      { kind: 'result', id: publicationId(topic, this.#publicationCounter++), result: payload },
      { maxFrameSize: this.#limits.maxFrameSize },
    );
    let delivered = 0;
    for (const connection of recipients)
      if (connection.deliver(topic, frames, options) !== 'skipped') delivered++;
    return delivered;
  }

  stats(): ProtocolServerStats {
    let authenticatedConnections = 0;
    let bufferedBytes = 0;
    for (const connection of this.#connections) {
      if (connection.state === 'open') authenticatedConnections++;
      bufferedBytes += connection.bufferedAmount;
    }
    return {
      ...this.#counters,
      connections: this.#connections.size,
      authenticatedConnections,
      bufferedBytes,
    };
  }

  /**
   * Takes an HTTP upgrade if it is for `path` (returns true); leaves it to others otherwise.
   * For a front door that routes upgrades itself.
   */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (pathname !== this.path) return false;
    if (this.#closing) refuseUpgrade(socket, 503, 'Service Unavailable');
    else if (this.#connections.size >= (this.#props.maxConnections ?? 256))
      refuseUpgrade(socket, 503, 'Service Unavailable');
    else
      this.#webSocketServer.handleUpgrade(request, socket, head, (webSocket) =>
        this.#accept(webSocket, request),
      );
    return true;
  }

  /** Closes every connection (1001), stops keep-alive, and closes the HTTP server if it is ours. */
  async close(reason = 'server shutting down'): Promise<void> {
    this.#closing = true;
    clearInterval(this.#heartbeat);
    const connections = [...this.#connections];
    for (const connection of connections) connection.close(CloseCode.goingAway, reason);
    await Promise.all(connections.map((connection) => connection.closed));
    this.#httpServer.off('upgrade', this.#onUpgrade);
    this.#webSocketServer.close();
    if (this.#standalone && this.#httpServer.listening)
      await new Promise<void>((resolve) => {
        this.#httpServer.close(() => resolve());
        this.#httpServer.closeAllConnections();
      });
    this.#listeners.clear();
  }

  #accept(webSocket: WebSocket, request: IncomingMessage): void {
    const connection = new ServerConnection({
      socket: webSocket,
      request,
      registry: this.#registry,
      verifySecret: this.#verifySecret,
      limits: this.#limits,
      counters: this.#counters,
      logger: this.#logger,
      exposeErrorTraces: this.#props.exposeErrorTraces ?? false,
      onAuthenticated: (authenticated) => {
        this.#logger.info({ clientId: authenticated.clientId }, 'client connected');
        this.#listeners.emit('connect', authenticated);
      },
      onClosed: (closed, info) => {
        this.#connections.delete(closed);
        if (!closed.authenticated) return;
        this.#logger.info({ clientId: closed.clientId, ...info }, 'client disconnected');
        this.#listeners.emit('disconnect', { connection: closed, ...info });
      },
    });
    this.#connections.add(connection);
    if (this.#closing) connection.close(CloseCode.goingAway, 'server shutting down');
  }
}

export function createProtocolServer(props: ProtocolServerProps): ProtocolServer {
  return new ProtocolServer(props);
}

function normalizePath(path: string): string {
  return path.startsWith('/') ? path : `/${path}`;
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
