/**
 * Makes any single allocation over a limit throw AllocationLimitExceeded: typed arrays,
 * ArrayBuffer, SharedArrayBuffer and Buffer. Installed only inside the fuzzing child process,
 * where it proves that no reader allocates from an untrusted size.
 */
export class AllocationLimitExceeded extends Error {
  constructor(what: string, bytes: number) {
    super(`allocation of ${bytes} bytes (${what}) exceeds the fuzzing limit`);
    this.name = 'AllocationLimitExceeded';
  }
}

type Constructor = new (...args: never[]) => object;

function guardConstructor<T extends Constructor>(
  name: string,
  Ctor: T,
  bytesOf: (args: unknown[]) => number,
  limit: number,
): T {
  return new Proxy(Ctor, {
    construct(target, args, newTarget) {
      const bytes = bytesOf(args);
      if (bytes > limit) throw new AllocationLimitExceeded(name, bytes);
      return Reflect.construct(target, args, newTarget);
    },
  });
}

export function installAllocationGuard(limitBytes: number): void {
  const globals = globalThis as unknown as Record<string, Constructor & { BYTES_PER_ELEMENT?: number }>;
  for (const name of [
    'Int8Array',
    'Uint8Array',
    'Uint8ClampedArray',
    'Int16Array',
    'Uint16Array',
    'Int32Array',
    'Uint32Array',
    'Float32Array',
    'Float64Array',
    'BigInt64Array',
    'BigUint64Array',
  ]) {
    const Ctor = globals[name];
    const size = Ctor.BYTES_PER_ELEMENT ?? 1;
    globals[name] = guardConstructor(
      name,
      Ctor,
      (args) => (typeof args[0] === 'number' ? args[0] * size : 0),
      limitBytes,
    );
  }
  for (const name of ['ArrayBuffer', 'SharedArrayBuffer']) {
    globals[name] = guardConstructor(
      name,
      globals[name],
      (args) => (typeof args[0] === 'number' ? args[0] : 0),
      limitBytes,
    );
  }
  for (const method of ['alloc', 'allocUnsafe', 'allocUnsafeSlow'] as const) {
    const original = Buffer[method].bind(Buffer) as (size: number, ...rest: unknown[]) => Buffer;
    (Buffer as unknown as Record<string, unknown>)[method] = (size: number, ...rest: unknown[]) => {
      if (size > limitBytes) throw new AllocationLimitExceeded(`Buffer.${method}`, size);
      return original(size, ...rest);
    };
  }
}
