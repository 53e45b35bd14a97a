/**
 * The one error catalogue. Every error Periscope raises on purpose is a PeriscopeError with a
 * stable `code` (callers match on it, never on message text), an RPC error code and an HTTP
 * status. Messages name the file, field, offset or property at fault. Listed in docs/errors.md.
 */

export interface ErrorCatalogueEntry {
  /** Stable identifier, PERISCOPE_E_… */
  code: string;
  /** JSON-RPC style error code used on the wire. */
  rpcCode: number;
  httpStatus: number;
  description: string;
}

export const ERROR_CATALOGUE = {
  READ: {
    code: 'PERISCOPE_E_READ',
    rpcCode: -32010,
    httpStatus: 422,
    description: 'A data file is malformed, truncated or inconsistent.',
  },
  FILE_NOT_FOUND: {
    code: 'PERISCOPE_E_FILE_NOT_FOUND',
    rpcCode: -32011,
    httpStatus: 404,
    description: 'A file (or a piece a parallel/multiblock file refers to) does not exist.',
  },
  UNSUPPORTED_FORMAT: {
    code: 'PERISCOPE_E_UNSUPPORTED_FORMAT',
    rpcCode: -32012,
    httpStatus: 415,
    description: 'No reader or writer handles this file extension or content.',
  },
  WRITE: {
    code: 'PERISCOPE_E_WRITE',
    rpcCode: -32013,
    httpStatus: 500,
    description: 'Writing a file failed, or the data cannot be written in the requested format.',
  },
  PROPERTY: {
    code: 'PERISCOPE_E_PROPERTY',
    rpcCode: -32602,
    httpStatus: 400,
    description: 'A filter, source or representation property has a bad value.',
  },
  PIPELINE: {
    code: 'PERISCOPE_E_PIPELINE',
    rpcCode: -32014,
    httpStatus: 400,
    description: 'A pipeline description is malformed (unknown node type, missing input, cycle).',
  },
  CANCELLED: {
    code: 'PERISCOPE_E_CANCELLED',
    rpcCode: -32015,
    httpStatus: 499,
    description: 'The operation was cancelled by its caller.',
  },
  LIMIT: {
    code: 'PERISCOPE_E_LIMIT',
    rpcCode: -32016,
    httpStatus: 413,
    description: 'A size limit was exceeded (message, upload, allocation, value count).',
  },
  PROTOCOL: {
    code: 'PERISCOPE_E_PROTOCOL',
    rpcCode: -32600,
    httpStatus: 400,
    description:
      'A WebSocket peer broke the wslink 2.x protocol (bad chunk header, undecodable MessagePack, bad envelope, wslink 1.x text frames).',
  },
  AUTHENTICATION: {
    code: 'PERISCOPE_E_AUTHENTICATION',
    rpcCode: -32000,
    httpStatus: 401,
    description: 'The session secret was wrong or missing, or a call came before a successful hello.',
  },
  METHOD_NOT_FOUND: {
    code: 'PERISCOPE_E_METHOD_NOT_FOUND',
    rpcCode: -32601,
    httpStatus: 404,
    description: 'No RPC method is registered under the name called.',
  },
  REMOTE_CALL: {
    code: 'PERISCOPE_E_REMOTE_CALL',
    rpcCode: -32001,
    httpStatus: 500,
    description:
      'A remote method raised an error that is not in this catalogue, or its result could not be encoded.',
  },
  CONNECTION: {
    code: 'PERISCOPE_E_CONNECTION',
    rpcCode: -32099,
    httpStatus: 503,
    description: 'A connection could not be opened, is not open, or closed while a call was pending.',
  },
  TIMEOUT: {
    code: 'PERISCOPE_E_TIMEOUT',
    rpcCode: -32017,
    httpStatus: 504,
    description: 'A peer did not answer in time (handshake, call, keep-alive ping).',
  },
  ACCESS_DENIED: {
    code: 'PERISCOPE_E_ACCESS_DENIED',
    rpcCode: -32018,
    httpStatus: 403,
    description:
      "A path reaches outside the data directory, or the caller's collaboration role does not allow the change.",
  },
  NOT_FOUND: {
    code: 'PERISCOPE_E_NOT_FOUND',
    rpcCode: -32019,
    httpStatus: 404,
    description: 'A session object (pipeline node, view, annotation, operation) with that id does not exist.',
  },
} as const satisfies Record<string, ErrorCatalogueEntry>;

export type ErrorKind = keyof typeof ERROR_CATALOGUE;
export type ErrorCode = (typeof ERROR_CATALOGUE)[ErrorKind]['code'];

export class PeriscopeError extends Error {
  readonly code: ErrorCode;
  readonly rpcCode: number;
  readonly httpStatus: number;

  constructor(kind: ErrorKind, message: string, options?: ErrorOptions) {
    super(message, options);
    const entry = ERROR_CATALOGUE[kind];
    this.name = new.target.name;
    this.code = entry.code;
    this.rpcCode = entry.rpcCode;
    this.httpStatus = entry.httpStatus;
  }
}

/** Where in a file something went wrong: a byte offset, a 1-based line, or both. */
export interface FileLocation {
  offset?: number;
  line?: number;
}

function locationText(location: FileLocation): string {
  const parts: string[] = [];
  if (location.line !== undefined) parts.push(`line ${location.line}`);
  if (location.offset !== undefined) parts.push(`byte ${location.offset}`);
  return parts.length ? ` (at ${parts.join(', ')})` : '';
}

/** A reader rejected its input. */
export class ReadError extends PeriscopeError {
  readonly file: string;
  readonly format: string;
  readonly offset: number | undefined;
  readonly line: number | undefined;
  readonly detail: string;

  constructor(
    file: string,
    format: string,
    detail: string,
    location: FileLocation = {},
    options?: ErrorOptions,
  ) {
    super('READ', `${file}: ${format}: ${detail}${locationText(location)}`, options);
    this.file = file;
    this.format = format;
    this.detail = detail;
    this.offset = location.offset;
    this.line = location.line;
  }
}

export class FileNotFoundError extends PeriscopeError {
  readonly file: string;
  constructor(file: string, referencedBy?: string) {
    super(
      'FILE_NOT_FOUND',
      referencedBy ? `${file}: no such file (referenced by ${referencedBy})` : `${file}: no such file`,
    );
    this.file = file;
  }
}

export class UnsupportedFormatError extends PeriscopeError {
  readonly file: string;
  constructor(file: string, detail = 'no reader for this file') {
    super('UNSUPPORTED_FORMAT', `${file}: ${detail}`);
    this.file = file;
  }
}

export class WriteError extends PeriscopeError {
  readonly file: string;
  constructor(file: string, detail: string, options?: ErrorOptions) {
    super('WRITE', `${file}: ${detail}`, options);
    this.file = file;
  }
}

/** A property of a filter, source or representation is invalid. */
export class PropertyError extends PeriscopeError {
  readonly owner: string;
  readonly property: string;
  constructor(owner: string, property: string, detail: string) {
    super('PROPERTY', `${owner}.${property}: ${detail}`);
    this.owner = owner;
    this.property = property;
  }
}

export class PipelineError extends PeriscopeError {
  constructor(detail: string) {
    super('PIPELINE', detail);
  }
}

export class CancelledError extends PeriscopeError {
  constructor(what = 'operation') {
    super('CANCELLED', `${what} was cancelled`);
  }
}

export class LimitError extends PeriscopeError {
  constructor(detail: string) {
    super('LIMIT', detail);
  }
}

/** A path escapes the data directory, or a role may not do what was asked. */
export class AccessDeniedError extends PeriscopeError {
  constructor(detail: string) {
    super('ACCESS_DENIED', detail);
  }
}

/** A session object id (node, view, annotation, operation) is unknown. */
export class NotFoundError extends PeriscopeError {
  readonly kind: string;
  readonly id: string;
  constructor(kind: string, id: string) {
    super('NOT_FOUND', `no ${kind} '${id}' in this session`);
    this.kind = kind;
    this.id = id;
  }
}

/** Throws CancelledError when `signal` has been aborted; call it at safe points in long loops. */
export function throwIfAborted(signal: AbortSignal | undefined, what?: string): void {
  if (signal?.aborted) throw new CancelledError(what);
}

export function isPeriscopeError(error: unknown): error is PeriscopeError {
  return error instanceof PeriscopeError;
}
