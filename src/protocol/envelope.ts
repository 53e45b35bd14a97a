/**
 * The wslink message envelope (PROTOCOL.md §3.1) as a discriminated union, the id formats of
 * §3.2/§3.4, and the error codes and messages of §3.3. Browser-safe.
 */
import { CloseCode, ProtocolError, type RpcErrorObject } from './errors.js';

export const WSLINK_VERSION = '1.0';
export const HELLO_METHOD = 'wslink.hello';
/** The one system id the JS client sends and recognises in replies. */
export const HELLO_REQUEST_ID = 'system:c0:0';
/** wslink's default secret when a client is given none. */
export const DEFAULT_WSLINK_SECRET = 'wslink-secret';
/** Frame size a wslink client uses until the hello reply announces the server's. */
export const DEFAULT_CLIENT_FRAME_SIZE = 512 * 1024;

/** Methods every Periscope protocol server answers (see builtins.ts). */
export const BuiltinMethod = {
  listMethods: 'periscope.methods.list',
  subscribeTopics: 'periscope.topics.subscribe',
  unsubscribeTopics: 'periscope.topics.unsubscribe',
  exit: 'application.exit',
  exitLater: 'application.exit.later',
} as const;

/** Wire error codes and their exact messages (PROTOCOL.md §3.3). */
export const WireError = {
  authenticationFailed: { code: -32000, message: 'Authentication failed' },
  unauthorized: { code: -32000, message: 'Unauthorized: Skip message processing' },
  unregisteredMethod: { code: -32601, message: 'Unregistered method called' },
  unknownSystemMethod: { code: -32601, message: 'Unknown system method called' },
  exceptionRaised: { code: -32001, message: 'Exception raised' },
  resultNotSerializable: { code: -32002, message: 'Method result cannot be serialized' },
} as const satisfies Record<string, RpcErrorObject>;

export interface RequestEnvelope {
  kind: 'request';
  id: string;
  method: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
}

/** A successful reply, or a publication when the id is `publish:<topic>:<n>`. */
export interface ResultEnvelope {
  kind: 'result';
  id: string;
  result: unknown;
}

export interface ErrorEnvelope {
  kind: 'error';
  id: string;
  error: RpcErrorObject;
}

export type Envelope = RequestEnvelope | ResultEnvelope | ErrorEnvelope;

/** The parts of an id: `rpc:<client>:<n>`, `publish:<topic>:<n>` or `system:<name>:<n>`. */
export interface MessageId {
  type: 'rpc' | 'publish' | 'system';
  /** The client id (rpc), the topic (publish) or the system name (system). */
  name: string;
  counter: number;
}

// The same pattern as wslink's session.js: names are \w words separated by dots.
const messageIdPattern = /^(rpc|publish|system):(\w+(?:\.\w+)*):(\d+)$/;
const dottedWordsPattern = /^\w+(?:\.\w+)*$/;

export function parseMessageId(id: string): MessageId | undefined {
  const match = messageIdPattern.exec(id);
  if (!match) return undefined;
  return { type: match[1] as MessageId['type'], name: match[2], counter: Number(match[3]) };
}

/** True when the wslink JS client can route this topic (or client id): `\w` words joined by dots. */
export function isDottedWords(name: string): boolean {
  return dottedWordsPattern.test(name);
}

export function assertTopic(topic: string): void {
  if (!isDottedWords(topic))
    throw new ProtocolError(
      `topic "${topic}" is not dot-separated \\w words; wslink clients could not route it`,
    );
}

export function publicationId(topic: string, counter: number): string {
  return `publish:${topic}:${counter}`;
}

/** The map that goes on the wire, keys in the order the Python server writes them. */
export function toWireObject(envelope: Envelope): Record<string, unknown> {
  switch (envelope.kind) {
    case 'request':
      return {
        wslink: WSLINK_VERSION,
        id: envelope.id,
        method: envelope.method,
        args: envelope.args,
        kwargs: envelope.kwargs,
      };
    case 'result':
      return { wslink: WSLINK_VERSION, id: envelope.id, result: envelope.result };
    case 'error': {
      const { code, message, data } = envelope.error;
      const error = data === undefined ? { code, message } : { code, message, data };
      return { wslink: WSLINK_VERSION, id: envelope.id, error };
    }
  }
}

/**
 * Interprets a decoded MessagePack value. Returns undefined for a map without a string `id`
 * (both wslink ends ignore those); throws ProtocolError for anything that is not a map.
 * Non-list `args` and non-map `kwargs` become empty, as in the Python server.
 */
export function fromWireObject(value: unknown): Envelope | undefined {
  if (!isPlainMap(value))
    throw new ProtocolError(
      `message is a MessagePack ${describe(value)}, not a map`,
      CloseCode.invalidPayload,
    );
  const id = value.id;
  if (typeof id !== 'string') return undefined;
  if (typeof value.method === 'string') {
    return {
      kind: 'request',
      id,
      method: value.method,
      args: Array.isArray(value.args) ? value.args : [],
      kwargs: isPlainMap(value.kwargs) ? value.kwargs : {},
    };
  }
  const error = value.error;
  if (error !== undefined && error !== null) {
    if (!isPlainMap(error) || typeof error.code !== 'number')
      throw new ProtocolError(
        `message ${id} has an error member without a numeric code`,
        CloseCode.invalidPayload,
      );
    const message = typeof error.message === 'string' ? error.message : '';
    return {
      kind: 'error',
      id,
      error:
        error.data === undefined
          ? { code: error.code, message }
          : { code: error.code, message, data: error.data },
    };
  }
  return { kind: 'result', id, result: value.result ?? null };
}

function isPlainMap(value: unknown): value is Record<string, unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !ArrayBuffer.isView(value) &&
    !(value instanceof Date)
  );
}

function describe(value: unknown): string {
  if (value === null) return 'nil';
  if (Array.isArray(value)) return 'array';
  if (ArrayBuffer.isView(value)) return 'bin';
  return typeof value;
}
