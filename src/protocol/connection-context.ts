/**
 * What the server knows about one client connection, as handed to method handlers and event
 * listeners. The state machine behind it is in server-connection.ts.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** How a publication behaves when the client reads more slowly than the server publishes. */
export interface PublishOptions {
  /**
   * When true the publication may be dropped: while the client's send buffer is above the high
   * water mark only the newest publication per `coalesceKey` waits, older ones are discarded.
   * When false (default) it is always queued, up to the hard limit that closes the connection.
   */
  droppable?: boolean;
  /** Publications sharing this key replace each other while waiting; defaults to the topic. */
  coalesceKey?: string;
}

/** What happened to a publication offered to one connection. */
export type PublishOutcome = 'sent' | 'queued' | 'skipped';

/** The connection's lifecycle; see README.md for the transitions. */
export type ConnectionState = 'handshaking' | 'open' | 'closing' | 'closed';

export interface ConnectionContext {
  /** `c` + 32 hex digits, as the Python server makes them; sent to the client in the hello reply. */
  readonly clientId: string;
  readonly state: ConnectionState;
  readonly authenticated: boolean;
  readonly remoteAddress: string | undefined;
  /** Headers of the HTTP upgrade request (cookies, origin, forwarded-for). */
  readonly headers: IncomingHttpHeaders;
  /** Milliseconds since the epoch when the socket was accepted. */
  readonly connectedAt: number;
  /** Collaboration role, left for the session layer to set ('owner', 'viewer', …). */
  role: string | undefined;
  /** Per-connection storage for layers above the protocol. */
  readonly userData: Map<string, unknown>;
  /** Sends a publication to this connection only (a server-side notification). */
  publish(topic: string, payload: unknown, options?: PublishOptions): PublishOutcome;
  /** Whether publications on this topic reach this connection (see `periscope.topics.subscribe`). */
  receivesTopic(topic: string): boolean;
  /** Closes with a code and reason; pending replies are dropped. */
  close(code?: number, reason?: string): void;
}
