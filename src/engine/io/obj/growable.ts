/** Append-only typed arrays for parsers that learn sizes as they go (amortised doubling). */

export class GrowableFloat64 {
  values = new Float64Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) this.grow();
    this.values[this.length++] = value;
  }

  private grow(): void {
    const grown = new Float64Array(this.values.length * 2);
    grown.set(this.values);
    this.values = grown;
  }

  /** A trimmed copy. */
  toArray(): Float64Array {
    return this.values.slice(0, this.length);
  }
}

export class GrowableInt32 {
  values = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) this.grow();
    this.values[this.length++] = value;
  }

  private grow(): void {
    const grown = new Int32Array(this.values.length * 2);
    grown.set(this.values);
    this.values = grown;
  }

  toArray(): Int32Array {
    return this.values.slice(0, this.length);
  }
}

/** Cells built one at a time: offsets (starting at 0) and point ids. */
export class CellBuilder {
  readonly offsets = new GrowableInt32();
  readonly ids = new GrowableInt32();

  constructor() {
    this.offsets.push(0);
  }

  get cellCount(): number {
    return this.offsets.length - 1;
  }

  /** Closes the cell whose ids were pushed since the last call. */
  endCell(): void {
    this.offsets.push(this.ids.length);
  }
}
