/**
 * Edges (pairs of point ids) → dense indices in order of first insertion: an open-addressing
 * hash on two Int32Arrays. Exact for any ids (no a·n + b keys that lose bits past 2^53) and
 * without the boxed number keys a Map of large integers allocates.
 */
export class EdgeTable {
  #a: Int32Array;
  #b: Int32Array;
  #index: Int32Array;
  #mask: number;
  #size = 0;

  constructor(capacity = 1024) {
    let slots = 16;
    while (slots < 2 * capacity) slots *= 2;
    this.#a = new Int32Array(slots);
    this.#b = new Int32Array(slots);
    this.#index = new Int32Array(slots).fill(-1);
    this.#mask = slots - 1;
  }

  /** Entries so far. */
  get size(): number {
    return this.#size;
  }

  #slot(a: number, b: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    let slot = h & this.#mask;
    while (this.#index[slot] >= 0 && (this.#a[slot] !== a || this.#b[slot] !== b)) {
      slot = (slot + 1) & this.#mask;
    }
    return slot;
  }

  /** The index of edge (a, b), or `index` after inserting it with that index when absent. */
  lookupOrInsert(a: number, b: number, index: number): number {
    let slot = this.#slot(a, b);
    const found = this.#index[slot];
    if (found >= 0) return found;
    if (2 * (this.#size + 1) > this.#index.length) {
      this.#grow();
      slot = this.#slot(a, b);
    }
    this.#a[slot] = a;
    this.#b[slot] = b;
    this.#index[slot] = index;
    this.#size++;
    return index;
  }

  #grow(): void {
    const a = this.#a;
    const b = this.#b;
    const index = this.#index;
    const slots = index.length * 2;
    this.#a = new Int32Array(slots);
    this.#b = new Int32Array(slots);
    this.#index = new Int32Array(slots).fill(-1);
    this.#mask = slots - 1;
    for (let s = 0; s < index.length; s++) {
      if (index[s] < 0) continue;
      const slot = this.#slot(a[s], b[s]);
      this.#a[slot] = a[s];
      this.#b[slot] = b[s];
      this.#index[slot] = index[s];
    }
  }
}
