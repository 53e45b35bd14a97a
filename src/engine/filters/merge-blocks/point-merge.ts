/**
 * Exact-coordinate point merging (VTK's MergePoints with zero tolerance), without string keys
 * and without a table the size of the input: points are hashed (MurmurHash3 mixing of the
 * coordinate bits), split by the hash's top bits into chunks whose hash tables stay in cache,
 * and deduplicated chunk by chunk; a last pass in input order numbers the first occurrences.
 * One table over millions of points would make every lookup a cache miss.
 */

export interface MergedPoints {
  /** Output point index of every input point. */
  map: Int32Array;
  /** Input point that each output point comes from (its first occurrence). */
  firsts: Int32Array;
}

/** Points per chunk, about: a chunk's table (two slots per point) stays within a few hundred KB. */
const CHUNK_POINTS = 1 << 15;

/**
 * The hash of every point's coordinates, from the bits of the stored numbers (64- or 32-bit);
 * −0 is hashed as +0, which it equals. Points that compare equal hash alike, which is all the
 * merge needs: the hash only decides where a point is looked for.
 */
function hashPoints(xyz: Float64Array | Float32Array, n: number): Int32Array {
  const hashes = new Int32Array(n);
  const wide = xyz instanceof Float64Array;
  const perPoint = wide ? 6 : 3;
  const words = new Uint32Array(xyz.buffer, xyz.byteOffset, perPoint * n);
  for (let p = 0; p < n; p++) {
    // MurmurHash3's word mixing: grid coordinates differ only in a few high mantissa bits,
    // which a multiply-xor hash leaves clustered (long probe runs, quadratic time).
    let h = 0x9747b28c;
    const at = perPoint * p;
    for (let k = 0; k < perPoint; k++) {
      let w = words[at + k];
      // −0 is the sign bit alone: the whole 32-bit number, or a 64-bit number's high word
      // (odd k, little-endian) over a zero low word.
      if (w === 0x80000000 && (!wide || ((k & 1) === 1 && words[at + k - 1] === 0))) w = 0;
      w = Math.imul(w, 0xcc9e2d51);
      w = (w << 15) | (w >>> 17);
      h ^= Math.imul(w, 0x1b873593);
      h = (h << 13) | (h >>> 19);
      h = (Math.imul(h, 5) + 0xe6546b64) | 0;
    }
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    hashes[p] = h;
  }
  return hashes;
}

export function mergeCoincidentPoints(xyz: Float64Array | Float32Array): MergedPoints {
  const n = xyz.length / 3;
  const hashes = hashPoints(xyz, n);
  let chunkBits = 0;
  while (chunkBits < 16 && n >> chunkBits > CHUNK_POINTS) chunkBits++;
  const chunks = 1 << chunkBits;
  const chunkOf = (h: number) => (chunkBits === 0 ? 0 : h >>> (32 - chunkBits));
  // Points grouped by chunk, in input order within each (a stable counting sort), with their
  // hashes beside them so that the chunk loop reads sequentially.
  const starts = new Int32Array(chunks + 1);
  for (let p = 0; p < n; p++) starts[chunkOf(hashes[p]) + 1]++;
  for (let c = 0; c < chunks; c++) starts[c + 1] += starts[c];
  const orderPoint = new Int32Array(n);
  const orderHash = new Int32Array(n);
  const next = starts.slice(0, chunks);
  for (let p = 0; p < n; p++) {
    const h = hashes[p];
    const at = next[chunkOf(h)]++;
    orderPoint[at] = p;
    orderHash[at] = h;
  }
  // duplicateOf[p] − 1 is the first occurrence of p's coordinates when p repeats them (0
  // otherwise): within a chunk the earlier input point is met first.
  const duplicateOf = new Int32Array(n);
  let largest = 0;
  for (let c = 0; c < chunks; c++) largest = Math.max(largest, starts[c + 1] - starts[c]);
  let size = 16;
  while (size < 2 * largest) size *= 2;
  const tablePoint = new Int32Array(size);
  const tableHash = new Int32Array(size);
  for (let c = 0; c < chunks; c++) {
    const begin = starts[c];
    const end = starts[c + 1];
    let slots = 16;
    while (slots < 2 * (end - begin)) slots *= 2;
    const mask = slots - 1;
    tablePoint.fill(-1, 0, slots);
    for (let at = begin; at < end; at++) {
      const p = orderPoint[at];
      const h = orderHash[at];
      let slot = h & mask;
      for (;;) {
        const q = tablePoint[slot];
        if (q < 0) {
          tablePoint[slot] = p;
          tableHash[slot] = h;
          break;
        }
        if (
          tableHash[slot] === h &&
          xyz[3 * q] === xyz[3 * p] &&
          xyz[3 * q + 1] === xyz[3 * p + 1] &&
          xyz[3 * q + 2] === xyz[3 * p + 2]
        ) {
          duplicateOf[p] = q + 1;
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
  }
  // Output ids in order of first occurrence.
  const map = new Int32Array(n);
  const firsts = new Int32Array(n);
  let count = 0;
  for (let p = 0; p < n; p++) {
    const d = duplicateOf[p];
    if (d === 0) {
      firsts[count] = p;
      map[p] = count++;
    } else {
      map[p] = map[d - 1];
    }
  }
  return { map, firsts: firsts.slice(0, count) };
}
