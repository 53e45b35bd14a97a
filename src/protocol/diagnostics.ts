/**
 * Named `node:diagnostics_channel` channels for the protocol server's lifecycle. Publishing is
 * free until someone subscribes (`diagnostics_channel.subscribe('periscope:protocol:rpc:in', fn)`).
 */
import diagnosticsChannel from 'node:diagnostics_channel';

export interface ConnectMessage {
  clientId: string;
  remoteAddress: string | undefined;
}

export interface HandshakeMessage {
  clientId: string;
  accepted: boolean;
}

export interface DisconnectMessage {
  clientId: string;
  authenticated: boolean;
  code: number;
  reason: string;
  /** Who ended it: the server (a fault, a limit, shutdown) or the peer. */
  initiatedBy: 'server' | 'client';
  durationMs: number;
}

export interface RpcInMessage {
  clientId: string;
  id: string;
  method: string;
}

export interface RpcOutMessage {
  clientId: string;
  id: string;
  method: string;
  durationMs: number;
  /** The wire error code when the call failed. */
  errorCode?: number;
  /** Encoded size of the reply in bytes. */
  bytes: number;
}

export interface PublicationDroppedMessage {
  clientId: string;
  topic: string;
  /** The coalescing key whose older publication was replaced by a newer one. */
  key: string;
}

export const protocolChannels = {
  /** A WebSocket was accepted (before the hello). */
  connect: diagnosticsChannel.channel('periscope:protocol:connect'),
  /** A hello was answered. */
  handshake: diagnosticsChannel.channel('periscope:protocol:handshake'),
  disconnect: diagnosticsChannel.channel('periscope:protocol:disconnect'),
  rpcIn: diagnosticsChannel.channel('periscope:protocol:rpc:in'),
  rpcOut: diagnosticsChannel.channel('periscope:protocol:rpc:out'),
  /** A droppable publication was replaced unsent because the client was slow. */
  publicationDropped: diagnosticsChannel.channel('periscope:protocol:publication:dropped'),
} as const;
