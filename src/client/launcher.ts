/**
 * `connectViaLauncher`: asks a wslink-style launcher (PROTOCOL.md §6) for a session, then
 * connects to it — what wslink's SmartConnect does, with typed results and errors:
 *
 * 1. `POST launcherUrl` with `{application, ...body}` as JSON (headers apart);
 * 2. 200 with a JSON body without `error`: the session record. `USE_HOST` / `USE_HOSTNAME` in
 *    its `sessionURL` become the launcher's host, as SmartConnect substitutes the page's;
 * 3. 503 (no free port, or the process is still starting): retried after each of `retryDelaysMs`;
 * 4. anything else fails with a ConnectionError carrying the launcher's `error` text.
 */
import { ConnectionError } from '../protocol/errors.js';
import { type Connection, type ConnectProps, connect } from './connection.js';

/** What the launcher answers (filtered session record; extra `fields` pass through). */
export interface LaunchedSession {
  id: string;
  sessionURL: string;
  secret?: string;
  sessionManagerURL?: string;
  [field: string]: unknown;
}

export interface LauncherProps extends Omit<ConnectProps, 'url' | 'secret'> {
  /** The launcher's endpoint, e.g. `http://host:8080/paraview/` (trailing slash as wslink's). */
  launcherUrl: string;
  /** A key of the launcher configuration's `apps`. */
  application: string;
  /** Further request keys, available to the launcher's templates (`${dataDir}`, …). */
  body?: Record<string, unknown>;
  /** Request headers (a token for an authenticating front door, say); never sent in the body. */
  headers?: Record<string, string>;
  /** Waits before retrying a 503, one per retry (default: 1, 2 and 4 seconds). */
  retryDelaysMs?: readonly number[];
  /** `fetch` to use (default `globalThis.fetch`). */
  fetch?: typeof globalThis.fetch;
}

export interface LauncherConnection {
  session: LaunchedSession;
  connection: Connection;
}

const DEFAULT_RETRY_DELAYS_MS = [1000, 2000, 4000];

/** Starts (or joins) a session through the launcher and opens a connection to it. */
export async function connectViaLauncher(props: LauncherProps): Promise<LauncherConnection> {
  const session = await requestSession(props);
  const connection = await connect({
    ...props,
    url: session.sessionURL,
    // wslink's fallback when the launcher keeps the secret to itself.
    secret: session.secret ?? 'wslink-secret',
  });
  return { session, connection };
}

/** The launcher's session record for `props.application`, after retries of 503 answers. */
export async function requestSession(props: LauncherProps): Promise<LaunchedSession> {
  const fetchImplementation = props.fetch ?? globalThis.fetch;
  const delays = props.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const body = JSON.stringify({ ...props.body, application: props.application });
  for (let attempt = 0; ; attempt++) {
    props.signal?.throwIfAborted();
    let response: Response;
    try {
      response = await fetchImplementation(props.launcherUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...props.headers },
        body,
        ...(props.signal && { signal: props.signal }),
      });
    } catch (error) {
      throw new ConnectionError(`launcher ${props.launcherUrl}: ${messageOf(error)}`, {}, { cause: error });
    }
    const text = await response.text();
    const answer = parseJson(text);
    const launcherError = typeof answer?.error === 'string' ? answer.error : undefined;
    if (response.status === 503 && attempt < delays.length) {
      await sleep(delays[attempt], props.signal);
      continue;
    }
    if (response.status !== 200 || launcherError !== undefined || answer === undefined)
      throw new ConnectionError(
        `launcher ${props.launcherUrl} answered ${response.status}: ${launcherError ?? (text.slice(0, 200) || 'no body')}`,
      );
    return toSession(answer, props.launcherUrl);
  }
}

function toSession(answer: Record<string, unknown>, launcherUrl: string): LaunchedSession {
  if (typeof answer.sessionURL !== 'string' || answer.sessionURL.length === 0)
    throw new ConnectionError(`launcher ${launcherUrl}: the answer has no sessionURL`);
  if (answer.secret !== undefined && typeof answer.secret !== 'string')
    throw new ConnectionError(`launcher ${launcherUrl}: secret must be a string`);
  const launcher = new URL(launcherUrl);
  const sessionURL = answer.sessionURL
    .replaceAll('USE_HOSTNAME', launcher.hostname)
    .replaceAll('USE_HOST', launcher.host);
  return { ...answer, id: String(answer.id ?? ''), sessionURL } as LaunchedSession;
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
