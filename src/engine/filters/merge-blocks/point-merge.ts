/**
 * Exact-coordinate point merging (VTK's MergePoints with zero tolerance): an open-addressing
 * hash table over the bits of the three coordinates, no string keys.
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
    let h = 0x811c9dc5;
    for (let k = 0; k < 6; k++) h = Math.imul(h ^ bits[k], 0x01000193);
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
