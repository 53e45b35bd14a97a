/**
 * The client's store of delivered geometry arrays, by content hash (browser-safe, no vtk.js).
 * `periscope.geometry.get` sends only arrays whose hashes the client listed in `have`; this
 * cache supplies that list, decodes what arrives (raw little-endian bytes → typed arrays, copied
 * so every array is aligned and owns its buffer) and forgets arrays the latest scene no longer
 * uses, so memory and the `have` list follow the scene.
 */
import { ProtocolError } from '../protocol/errors.js';
import {
  ARRAY_TYPES,
  type GeometryPiece,
  type GeometryScene,
  type WireArray,
  type WireArrayType,
} from '../server/geometry-delivery/messages.js';

export type GeometryArray = Float32Array | Uint32Array | Uint8Array;

const BYTES_PER_ELEMENT: Record<WireArrayType, number> = {
  Float32Array: 4,
  Uint32Array: 4,
  Uint8Array: 1,
};

/** Turns one wire array (type, length, bytes) into its typed array; throws ProtocolError when inconsistent. */
export function decodeWireArray(hash: string, wire: unknown): GeometryArray {
  const entry = wire as Partial<WireArray<unknown>> | null;
  const type = entry?.type;
  if (!type || !(ARRAY_TYPES as readonly string[]).includes(type))
    throw new ProtocolError(`geometry array ${hash}: unknown type ${JSON.stringify(type)}`);
  const length = entry.length;
  const data = entry.data;
  if (!(data instanceof Uint8Array) || typeof length !== 'number')
    throw new ProtocolError(`geometry array ${hash}: data must be bytes and length a number`);
  const bytes = length * BYTES_PER_ELEMENT[type];
  if (data.byteLength !== bytes)
    throw new ProtocolError(`geometry array ${hash}: ${data.byteLength} bytes for ${length} × ${type}`);
  // A copy: the received bytes sit at any offset of the message buffer, unaligned for floats.
  const buffer = new ArrayBuffer(bytes);
  new Uint8Array(buffer).set(data);
  if (type === 'Float32Array') return new Float32Array(buffer);
  if (type === 'Uint32Array') return new Uint32Array(buffer);
  return new Uint8Array(buffer);
}

/** Hashes a piece refers to. */
export function pieceHashes(piece: GeometryPiece): string[] {
  const hashes = [piece.points];
  for (const hash of [piece.normals, piece.verts, piece.lines, piece.polys]) if (hash) hashes.push(hash);
  if (piece.coloring.kind === 'point-texture')
    hashes.push(piece.coloring.coordinates, piece.coloring.texture);
  if (piece.coloring.kind === 'cell-rgba') hashes.push(piece.coloring.colors);
  return hashes;
}

export class GeometryCache {
  readonly #arrays = new Map<string, GeometryArray>();

  /** Hashes held: what to send as `have`. */
  hashes(): string[] {
    return [...this.#arrays.keys()];
  }

  has(hash: string): boolean {
    return this.#arrays.has(hash);
  }

  get size(): number {
    return this.#arrays.size;
  }

  /** Bytes held. */
  get bytes(): number {
    let total = 0;
    for (const array of this.#arrays.values()) total += array.byteLength;
    return total;
  }

  /**
   * Stores the arrays of a scene reply, drops those the scene no longer uses, and checks that
   * every array its pieces name is now held. Returns the number of arrays received.
   */
  receive(scene: GeometryScene<unknown>): number {
    const arrays = scene.arrays ?? {};
    const received = Object.entries(arrays).map(
      ([hash, wire]) => [hash, decodeWireArray(hash, wire)] as const,
    );
    for (const [hash, array] of received) this.#arrays.set(hash, array);
    const used = new Set(scene.hashes);
    for (const hash of [...this.#arrays.keys()]) if (!used.has(hash)) this.#arrays.delete(hash);
    for (const actor of scene.actors)
      for (const piece of actor.pieces)
        for (const hash of pieceHashes(piece))
          if (!this.#arrays.has(hash))
            throw new ProtocolError(`node ${actor.node}: geometry array ${hash} was neither held nor sent`);
    return received.length;
  }

  float32(hash: string): Float32Array {
    return this.#typed(hash, Float32Array);
  }

  uint32(hash: string): Uint32Array {
    return this.#typed(hash, Uint32Array);
  }

  uint8(hash: string): Uint8Array {
    return this.#typed(hash, Uint8Array);
  }

  clear(): void {
    this.#arrays.clear();
  }

  #typed<T extends GeometryArray>(hash: string, type: new (length: number) => T): T {
    const array = this.#arrays.get(hash);
    if (!array) throw new ProtocolError(`geometry array ${hash} is not held`);
    if (!(array instanceof type))
      throw new ProtocolError(`geometry array ${hash} is a ${array.constructor.name}, not a ${type.name}`);
    return array;
  }
}
