/** Tasks used by pool.test.ts (loaded inside worker threads). */
import { PropertyError } from '../../errors.js';
import type { TaskContext } from './protocol.js';

export function doubleInPlace(input: { values: Float64Array }, context: TaskContext): number {
  for (let i = 0; i < input.values.length; i++) input.values[i] *= 2;
  context.progress(1);
  return input.values.length;
}

export async function spinUntilCancelled(_input: null, context: TaskContext): Promise<string> {
  for (;;) {
    context.throwIfCancelled();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function failWithPropertyError(): never {
  throw new PropertyError('Contour', 'Isosurfaces', 'must be finite');
}

export function crash(): never {
  process.exit(3);
}

export function makeArray(length: number, context: TaskContext): Float32Array {
  const out = new Float32Array(length).fill(1.5);
  context.transfer(out.buffer);
  return out;
}
