/**
 * Error classes of the protocol layer. Their codes live in the one catalogue (`src/errors.ts`);
 * each also says which WebSocket close code ends a connection that raised it, so the server and
 * the client close with the same code for the same fault.
 */
import { ERROR_CATALOGUE, type ErrorKind, LimitError, PeriscopeError } from '../errors.js';

/** WebSocket close codes (RFC 6455 §7.4.1) used when a connection is ended on purpose. */
export const CloseCode = {
  normal: 1000,
  goingAway: 1001,
  protocolError: 1002,
  unsupportedData: 1003,
  /** Never sent; reported when the TCP connection ended without a close frame. */
  abnormal: 1006,
  invalidPayload: 1007,
  policyViolation: 1008,
  messageTooBig: 1009,
  internalError: 1011,
} as const;

/** The wire broke the wslink 2.x rules: bad chunk header, undecodable MessagePack, text frames. */
export class ProtocolError extends PeriscopeError {
  readonly closeCode: number;
  constructor(detail: string, closeCode: number = CloseCode.protocolError) {
    super('PROTOCOL', detail);
    this.closeCode = closeCode;
  }
}

/** A message or the reassembly of its chunks would exceed a configured size limit. */
export class MessageSizeError extends LimitError {
  readonly closeCode: number = CloseCode.messageTooBig;
}

export class AuthenticationError extends PeriscopeError {
  constructor(detail: string) {
    super('AUTHENTICATION', detail);
  }
}

export class MethodNotFoundError extends PeriscopeError {
  readonly method: string;
  constructor(method: string) {
    super('METHOD_NOT_FOUND', `no RPC method named "${method}"`);
    this.method = method;
  }
}

export interface ConnectionErrorDetails {
  /** Close code of the WebSocket, when it closed. */
  closeCode?: number;
  /** Close reason sent by the peer (or by us), when it closed. */
  closeReason?: string;
}

/** Client side: the connection could not be opened, is not open, or closed under a pending call. */
export class ConnectionError extends PeriscopeError {
  readonly closeCode: number | undefined;
  readonly closeReason: string | undefined;
  constructor(detail: string, details: ConnectionErrorDetails = {}, options?: ErrorOptions) {
    super('CONNECTION', detail, options);
    this.closeCode = details.closeCode;
    this.closeReason = details.closeReason;
  }
}

export class TimeoutError extends PeriscopeError {
  constructor(detail: string) {
    super('TIMEOUT', detail);
  }
}

/** The `error` member of a wslink error reply. */
export interface RpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

const kindByCode = new Map<string, ErrorKind>(
  Object.entries(ERROR_CATALOGUE).map(([kind, entry]) => [entry.code, kind as ErrorKind]),
);

/**
 * Client side: a call was answered with a wslink error. Its `code` is the server's catalogue
 * code when the server is Periscope and sent one; otherwise it follows the wire code (−32000
 * authentication, −32601 unknown method, anything else a remote failure).
 */
export class RemoteCallError extends PeriscopeError {
  readonly method: string;
  /** The wire `error.code` (see PROTOCOL.md §3.3). */
  readonly remoteCode: number;
  /** The wire `error.message`. */
  readonly remoteMessage: string;
  /** The wire `error.data`, decoded (for Python servers `{method, exception, trace}`). */
  readonly data: unknown;

  constructor(method: string, error: RpcErrorObject) {
    super(remoteKind(error), `${method}: ${error.message} (${error.code})${remoteDetail(error.data)}`);
    this.method = method;
    this.remoteCode = error.code;
    this.remoteMessage = error.message;
    this.data = error.data;
  }
}

function remoteKind(error: RpcErrorObject): ErrorKind {
  const data = error.data;
  if (data !== null && typeof data === 'object' && 'code' in data && typeof data.code === 'string') {
    const kind = kindByCode.get(data.code);
    if (kind) return kind;
  }
  if (error.code === ERROR_CATALOGUE.AUTHENTICATION.rpcCode) return 'AUTHENTICATION';
  if (error.code === ERROR_CATALOGUE.METHOD_NOT_FOUND.rpcCode) return 'METHOD_NOT_FOUND';
  return 'REMOTE_CALL';
}

function remoteDetail(data: unknown): string {
  if (data !== null && typeof data === 'object' && 'exception' in data && typeof data.exception === 'string')
    return `: ${data.exception}`;
  return '';
}

/** The close code a fault should end its connection with. */
export function closeCodeOf(error: unknown): number {
  if (error instanceof ProtocolError || error instanceof MessageSizeError) return error.closeCode;
  return CloseCode.internalError;
}

/** Largest close reason a close frame can carry (125-byte control payload minus the code). */
export const MAX_CLOSE_REASON_BYTES = 123;

/** Cuts a close reason to 123 UTF-8 bytes without splitting a character. */
export function toCloseReason(text: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(text).byteLength <= MAX_CLOSE_REASON_BYTES) return text;
  let reason = '';
  let bytes = 0;
  for (const character of text) {
    const size = encoder.encode(character).byteLength;
    if (bytes + size > MAX_CLOSE_REASON_BYTES - 3) break;
    reason += character;
    bytes += size;
  }
  return `${reason}...`;
}
