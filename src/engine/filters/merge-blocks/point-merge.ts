/**
 * Exact-coordinate point merging (VTK's MergePoints with zero tolerance): an open-addressing
 * hash table over the bits of the three coordinates (MurmurHash3 mixing), no string keys.
 */

export interface MergedPoints {
  /** Output point index of every input point. */
  map: Int32Array;
  /** Input point that each output point comes from (its first occurrence). */
  firsts: Int32Array;
}

export function mergeCoincidentPoints(xyz: Float64Array | Float32Array): MergedPoints {
  const n = xyz.length / 3;
  let size = 16;
  while (size < 2 * n) size *= 2;
  const table = new Int32Array(size).fill(-1);
  const mask = size - 1;
  const map = new Int32Array(n);
  const firsts = new Int32Array(n);
  const scratch = new Float64Array(3);
  const bits = new Uint32Array(scratch.buffer);
  let count = 0;
  for (let p = 0; p < n; p++) {
    // +0 normalises −0 so that both zeros hash alike (they compare equal below).
    scratch[0] = xyz[3 * p] + 0;
    scratch[1] = xyz[3 * p + 1] + 0;
    scratch[2] = xyz[3 * p + 2] + 0;
    // MurmurHash3's word mixing: grid coordinates differ only in a few high mantissa bits,
    // which a multiply-xor hash leaves clustered (long probe runs, quadratic time).
    let h = 0x9747b28c;
    for (let k = 0; k < 6; k++) {
      let w = Math.imul(bits[k], 0xcc9e2d51);
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
    let slot = (h >>> 0) & mask;
    for (;;) {
      const q = table[slot];
      if (q < 0) {
        table[slot] = count;
        firsts[count] = p;
        map[p] = count++;
        break;
      }
      const f = 3 * firsts[q];
      if (xyz[f] === xyz[3 * p] && xyz[f + 1] === xyz[3 * p + 1] && xyz[f + 2] === xyz[3 * p + 2]) {
        map[p] = q;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return { map, firsts: firsts.slice(0, count) };
}
