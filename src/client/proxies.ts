/**
 * Dynamic proxies, the original ParaViewWeb design: the server lists its methods
 * (`periscope.methods.list`, with descriptions and arguments) and the client builds callable
 * objects from the listing at run time, so `api.viewport.camera.reset(-1)` calls
 * `viewport.camera.reset` with `[-1]` — methods added by plugins included, with no client release.
 *
 * A dotted name may be both a method and a namespace (`viewport.image.push` and
 * `viewport.image.push.quality`): every node is a function with its children as properties;
 * calling a node that is only a namespace fails with a clear error.
 */
import { BuiltinMethod } from '../protocol/envelope.js';
import type { MethodArgumentDescription, MethodDescription } from '../protocol/registry.js';
import type { CallOptions, Connection } from './connection.js';

export type ProxyMethod = ((...args: unknown[]) => Promise<unknown>) & {
  /** The method's dotted name (or the namespace's). */
  readonly methodName: string;
  /** The server's one-line description; undefined for a namespace. */
  readonly description: string | undefined;
  readonly args: readonly MethodArgumentDescription[];
  /** Calls with keyword arguments and call options too (`kwargs.operation`, a timeout…). */
  withOptions(args: unknown[], kwargs?: Record<string, unknown>, options?: CallOptions): Promise<unknown>;
  readonly [child: string]: unknown;
};

export interface Proxies {
  /** Root namespaces by first name segment: `proxies.api.periscope.pipeline.add(...)`. */
  readonly api: Record<string, ProxyMethod>;
  /** The listing the proxies were built from. */
  readonly methods: readonly MethodDescription[];
  /** The proxy of one dotted name, or undefined when the server has no such method or namespace. */
  get(name: string): ProxyMethod | undefined;
}

/** Own properties of functions that a segment may replace (`name`, `length`). */
const RESERVED = new Set(['methodName', 'description', 'args', 'withOptions', 'prototype']);

/** Reads the server's method listing and builds the proxies. */
export async function createProxies(connection: Connection): Promise<Proxies> {
  const methods = (await connection.call(BuiltinMethod.listMethods)) as MethodDescription[];
  if (!Array.isArray(methods)) throw new TypeError(`${BuiltinMethod.listMethods} did not return a list`);
  return buildProxies(connection, methods);
}

/** Builds proxies from a listing (exported for clients that cache the listing). */
export function buildProxies(connection: Connection, methods: readonly MethodDescription[]): Proxies {
  const byName = new Map(methods.map((method) => [method.name, method]));
  const nodes = new Map<string, ProxyMethod>();
  const node = (name: string): ProxyMethod => {
    const existing = nodes.get(name);
    if (existing) return existing;
    const method = byName.get(name);
    const call = (args: unknown[], kwargs?: Record<string, unknown>, options?: CallOptions) => {
      if (!method) return Promise.reject(new TypeError(`${name} is a namespace of methods, not a method`));
      return connection.call(name, args, kwargs, options);
    };
    const proxy = ((...args: unknown[]) => call(args)) as ProxyMethod;
    Object.defineProperties(proxy, {
      methodName: { value: name, enumerable: false },
      description: { value: method?.description, enumerable: false },
      args: { value: method?.args ?? [], enumerable: false },
      withOptions: { value: call, enumerable: false },
    });
    nodes.set(name, proxy);
    return proxy;
  };
  const api: Record<string, ProxyMethod> = {};
  for (const method of methods) {
    const segments = method.name.split('.');
    if (segments.some((segment) => RESERVED.has(segment))) continue; // unreachable as a property
    let parent: ProxyMethod | undefined;
    for (let i = 0; i < segments.length; i++) {
      const name = segments.slice(0, i + 1).join('.');
      const child = node(name);
      if (parent === undefined) api[segments[0]] = child;
      else if (Object.getOwnPropertyDescriptor(parent, segments[i])?.value !== child)
        Object.defineProperty(parent, segments[i], { value: child, enumerable: true, configurable: true });
      parent = child;
    }
  }
  return { api, methods, get: (name) => nodes.get(name) };
}
