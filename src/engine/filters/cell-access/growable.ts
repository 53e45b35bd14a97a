/** Append-only typed buffers for outputs whose size is known only at the end. */

export class Int32Buffer {
  data: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Int32Array(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) this.#grow(this.length + 1);
    this.data[this.length++] = value;
  }

  /** Makes room for `count` more values (for loops that write `data` directly). */
  reserve(count: number): void {
    if (this.length + count > this.data.length) this.#grow(this.length + count);
  }

  #grow(needed: number): void {
    let capacity = this.data.length * 2;
    while (capacity < needed) capacity *= 2;
    const next = new Int32Array(capacity);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }

  /** A right-sized copy of the values. */
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }

  /**
   * The values, without a copy when the buffer is exactly full (sized up front); the buffer
   * must not be written afterwards.
   */
  take(): Int32Array {
    return this.length === this.data.length ? this.data : this.toArray();
  }
}

export class Float64Buffer {
  data: Float64Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Float64Array(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) this.reserve(1);
    this.data[this.length++] = value;
  }

  push3(x: number, y: number, z: number): void {
    if (this.length + 3 > this.data.length) this.reserve(3);
    const d = this.data;
    d[this.length] = x;
    d[this.length + 1] = y;
    d[this.length + 2] = z;
    this.length += 3;
  }

  reserve(count: number): void {
    if (this.length + count <= this.data.length) return;
    let capacity = this.data.length * 2;
    while (capacity < this.length + count) capacity *= 2;
    const next = new Float64Array(capacity);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }

  toArray(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

/** Offsets + connectivity under construction (one CellArray). */
export class CellArrayBuilder {
  readonly offsets = new Int32Buffer();
  readonly connectivity = new Int32Buffer();

  constructor() {
    this.offsets.push(0);
  }

  get numberOfCells(): number {
    return this.offsets.length - 1;
  }

  /** Closes the cell whose ids were pushed to `connectivity` since the last call. */
  endCell(): void {
    this.offsets.push(this.connectivity.length);
  }

  add(ids: ArrayLike<number>, count: number = ids.length): void {
    const c = this.connectivity;
    c.reserve(count);
    for (let i = 0; i < count; i++) c.data[c.length++] = ids[i];
    this.offsets.push(c.length);
  }

  build(): { offsets: Int32Array; connectivity: Int32Array } {
    return { offsets: this.offsets.toArray(), connectivity: this.connectivity.toArray() };
  }
}
