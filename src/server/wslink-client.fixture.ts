/**
 * Test fixture: Kitware's unmodified `wslink` npm client (browser bundle) in Node, with the few
 * globals it reads, as in src/protocol/wslink-client.test.ts.
 */
import { createRequire } from 'node:module';
import { WebSocket as WsWebSocket } from 'ws';

export interface WslinkSession {
  call(method: string, args?: unknown[], kwargs?: Record<string, unknown>): Promise<unknown>;
  subscribe(topic: string, callback: (args: unknown[]) => void): { unsubscribe: () => Promise<void> };
}
interface WslinkConnection {
  connect(): void;
  getSession(): WslinkSession;
  destroy(timeout?: number): void;
  onConnectionReady(callback: () => void): unknown;
  onConnectionError(callback: (connection: unknown, error: unknown) => void): unknown;
}
interface WslinkModule {
  SmartConnect: { newInstance(props: { config: Record<string, unknown> }): WslinkConnection };
}

const location = {
  protocol: 'http:',
  hostname: '127.0.0.1',
  host: '127.0.0.1',
  port: '',
  pathname: '/index.html',
};
Object.assign(globalThis, {
  self: globalThis,
  window: { location },
  document: { baseURI: 'http://127.0.0.1/' },
  WebSocket: WsWebSocket,
});
const wslink = createRequire(import.meta.url)('wslink') as WslinkModule;

export interface WslinkClient {
  session: WslinkSession;
  /** Every publication received on `topic` so far (payloads, unwrapped from `[payload]`). */
  collect(topic: string): unknown[];
  /** Resolves with the first publication on `topic` that satisfies `match`. */
  next(topic: string, match?: (payload: unknown) => boolean, timeoutMs?: number): Promise<unknown>;
  close(): void;
}

export function connectWslink(url: string, secret: string): Promise<WslinkClient> {
  return new Promise((resolve, reject) => {
    const connection = wslink.SmartConnect.newInstance({ config: { sessionURL: url, secret } });
    connection.onConnectionError((_, error) => reject(error));
    connection.onConnectionReady(() => {
      const session = connection.getSession();
      const received = new Map<string, unknown[]>();
      const waiters = new Set<{
        topic: string;
        match: (payload: unknown) => boolean;
        resolve: (p: unknown) => void;
      }>();
      const subscribed = new Set<string>();
      const subscribe = (topic: string) => {
        if (subscribed.has(topic)) return;
        subscribed.add(topic);
        received.set(topic, []);
        session.subscribe(topic, ([payload]) => {
          received.get(topic)?.push(payload);
          for (const waiter of waiters)
            if (waiter.topic === topic && waiter.match(payload)) {
              waiters.delete(waiter);
              waiter.resolve(payload);
            }
        });
      };
      resolve({
        session,
        collect(topic) {
          subscribe(topic);
          return received.get(topic)!;
        },
        next(topic, match = () => true, timeoutMs = 10_000) {
          subscribe(topic);
          return new Promise((done, fail) => {
            const waiter = { topic, match, resolve: done };
            waiters.add(waiter);
            setTimeout(() => {
              if (waiters.delete(waiter))
                fail(new Error(`no publication on ${topic} within ${timeoutMs} ms`));
            }, timeoutMs).unref();
          });
        },
        close: () => connection.destroy(0),
      });
    });
    connection.connect();
  });
}
