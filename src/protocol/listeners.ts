/**
 * A small typed event helper shared by the server and the client (browser-safe, unlike
 * node:events). A throwing listener does not stop the others or the protocol loop that emitted;
 * its error goes to `onListenerError`.
 */
export type Listener<Value> = (value: Value) => void;

export class Listeners<EventMap extends object> {
  readonly #listeners = new Map<keyof EventMap, Set<Listener<never>>>();
  readonly #onListenerError: (error: unknown, event: keyof EventMap) => void;

  constructor(onListenerError: (error: unknown, event: keyof EventMap) => void) {
    this.#onListenerError = onListenerError;
  }

  /** Adds a listener; returns the function that removes it. */
  on<Name extends keyof EventMap>(event: Name, listener: Listener<EventMap[Name]>): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener as Listener<never>);
    return () => set.delete(listener as Listener<never>);
  }

  emit<Name extends keyof EventMap>(event: Name, value: EventMap[Name]): void {
    const set = this.#listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as Listener<EventMap[Name]>)(value);
      } catch (error) {
        this.#onListenerError(error, event);
      }
    }
  }

  clear(): void {
    this.#listeners.clear();
  }
}
