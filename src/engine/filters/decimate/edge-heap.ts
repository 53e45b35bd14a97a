/**
 * A binary min-heap of candidate edge collapses. Entries (cost, endpoints and the endpoints'
 * version stamps when the entry was made) live in parallel typed arrays; the heap orders entry
 * indices, so sifting moves one integer per level. Entries go stale when an endpoint changes;
 * the decimator skips them when they surface (lazy deletion): O(log n) updates, no decrease-key.
 */
/**
 * Heap order: cheaper first, and among equal costs the older entry (smaller index) first, so
 * that on flat regions (many zero-cost collapses) the collapses spread over the surface in
 * the order their edges were found instead of piling onto one vertex, whose growing fan makes
 * every later test on it slower.
 */
function before(costs: Float64Array, e: number, f: number): boolean {
  return costs[e] < costs[f] || (costs[e] === costs[f] && e < f);
}

export class EdgeHeap {
  #cost = new Float64Array(1024);
  #a = new Int32Array(1024);
  #b = new Int32Array(1024);
  #stampA = new Int32Array(1024);
  #stampB = new Int32Array(1024);
  #heap = new Int32Array(1024);
  #entries = 0;
  #size = 0;

  get size(): number {
    return this.#size;
  }

  #grow(): void {
    const capacity = this.#cost.length * 2;
    const cost = new Float64Array(capacity);
    cost.set(this.#cost);
    this.#cost = cost;
    const ints = (old: Int32Array) => {
      const next = new Int32Array(capacity);
      next.set(old);
      return next;
    };
    this.#a = ints(this.#a);
    this.#b = ints(this.#b);
    this.#stampA = ints(this.#stampA);
    this.#stampB = ints(this.#stampB);
    this.#heap = ints(this.#heap);
  }

  push(cost: number, a: number, b: number, stampA: number, stampB: number): void {
    if (this.#entries === this.#cost.length) this.#grow();
    const e = this.#entries++;
    this.#cost[e] = cost;
    this.#a[e] = a;
    this.#b[e] = b;
    this.#stampA[e] = stampA;
    this.#stampB[e] = stampB;
    const heap = this.#heap;
    const costs = this.#cost;
    let i = this.#size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      // Ties go to the older entry (every newer one has a larger index).
      if (costs[heap[parent]] <= cost) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = e;
  }

  /** Removes the cheapest entry into `out` = [a, b, stampA, stampB]; returns its cost. */
  pop(out: Int32Array): number {
    const heap = this.#heap;
    const costs = this.#cost;
    const top = heap[0];
    out[0] = this.#a[top];
    out[1] = this.#b[top];
    out[2] = this.#stampA[top];
    out[3] = this.#stampB[top];
    const size = --this.#size;
    if (size > 0) {
      const last = heap[size];
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= size) break;
        if (child + 1 < size && before(costs, heap[child + 1], heap[child])) child++;
        if (!before(costs, heap[child], last)) break;
        heap[i] = heap[child];
        i = child;
      }
      heap[i] = last;
    }
    // Once everything has been popped, entry storage can be reused.
    if (size === 0) this.#entries = 0;
    return costs[top];
  }
}
