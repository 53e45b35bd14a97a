/**
 * The RPC method registry: names, handlers, and the self-description that clients read back
 * (`periscope.methods.list`) to build dynamic proxies.
 */
import { PropertyError } from '../errors.js';
import type { ConnectionContext } from './connection-context.js';
import { isDottedWords } from './envelope.js';

export interface MethodArgumentDescription {
  name: string;
  description?: string;
  /** Free-form type hint for clients and docs (`'number'`, `'string[]'`, `'{x, y}'`). */
  type?: string;
  optional?: boolean;
}

export interface RegisterMethodOptions {
  /** One line: what the method does. */
  description: string;
  /** Positional arguments, in order. */
  args?: MethodArgumentDescription[];
  /** Leave the method out of the listing (it stays callable). */
  hidden?: boolean;
}

export interface MethodDescription {
  name: string;
  description: string;
  args: MethodArgumentDescription[];
}

export interface MethodCall {
  method: string;
  /** Positional arguments as sent (`args`). */
  args: unknown[];
  /** Keyword arguments as sent (`kwargs`). */
  kwargs: Record<string, unknown>;
  connection: ConnectionContext;
  /** Aborted when the connection closes before the handler finished. */
  signal: AbortSignal;
}

export type MethodHandler = (call: MethodCall) => unknown;

interface Registration {
  handler: MethodHandler;
  description: MethodDescription;
  hidden: boolean;
}

export class MethodRegistry {
  readonly #methods = new Map<string, Registration>();
  #loading: Promise<void> | undefined;

  /**
   * Methods are still being registered until `loaded` settles: a lookup of a name not known yet
   * waits for it instead of failing, so a server can accept connections (and answer the hello)
   * while it imports the rest of its API.
   */
  registerLater(loaded: Promise<unknown>): void {
    const settled = loaded.then(
      () => {},
      () => {},
    );
    this.#loading = settled;
    void settled.then(() => {
      if (this.#loading === settled) this.#loading = undefined;
    });
  }

  /** Resolves when no registration is in progress. */
  async loaded(): Promise<void> {
    await this.#loading;
  }

  /** The handler of `name`, once registration in progress (`registerLater`) has finished. */
  async resolve(name: string): Promise<MethodHandler | undefined> {
    const handler = this.get(name);
    if (handler || !this.#loading) return handler;
    await this.#loading;
    return this.get(name);
  }

  /** Registers a handler; returns the function that unregisters it. */
  register(name: string, handler: MethodHandler, options: RegisterMethodOptions): () => void {
    // Python exports dot-separated identifiers; `\w` words keep names usable in ids and proxies.
    if (!isDottedWords(name) || /^\d/.test(name))
      throw new PropertyError('registerMethod', 'name', `"${name}" must be dot-separated identifiers`);
    if (this.#methods.has(name))
      throw new PropertyError('registerMethod', 'name', `"${name}" is already registered`);
    const registration: Registration = {
      handler,
      description: { name, description: options.description, args: options.args ?? [] },
      hidden: options.hidden ?? false,
    };
    this.#methods.set(name, registration);
    return () => {
      if (this.#methods.get(name) === registration) this.#methods.delete(name);
    };
  }

  get(name: string): MethodHandler | undefined {
    return this.#methods.get(name)?.handler;
  }

  /** Visible methods sorted by name. */
  list(): MethodDescription[] {
    return [...this.#methods.values()]
      .filter((registration) => !registration.hidden)
      .map((registration) => registration.description)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}
