/**
 * Content hashes of delivered arrays: SHA-256 of the element type and the bytes, truncated to
 * 128 bits (32 hex digits). The type takes part so equal bytes of different types never share a
 * name. Hashes are computed once per array object and remembered beside it (a WeakMap: the hash
 * lives exactly as long as the array), so a scene delivered again costs no hashing.
 */
import { createHash } from 'node:crypto';
import type { WireArrayType } from './messages.js';

export type DeliverableArray = Float32Array | Uint32Array | Uint8Array;

const hashes = new WeakMap<DeliverableArray, string>();

export function wireTypeOf(array: DeliverableArray): WireArrayType {
  if (array instanceof Float32Array) return 'Float32Array';
  if (array instanceof Uint32Array) return 'Uint32Array';
  return 'Uint8Array';
}

/** The array's content hash (computed on first use, then cached). Arrays must not change afterwards. */
export function contentHash(array: DeliverableArray): string {
  const cached = hashes.get(array);
  if (cached) return cached;
  const hash = createHash('sha256')
    .update(wireTypeOf(array))
    .update(new Uint8Array(array.buffer, array.byteOffset, array.byteLength))
    .digest('hex')
    .slice(0, 32);
  hashes.set(array, hash);
  return hash;
}
