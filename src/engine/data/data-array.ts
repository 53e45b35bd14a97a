/**
 * DataArray: a named, typed, multi-component array with VTK semantics.
 *
 * Values live in one flat typed array (tuple-major: x0 y0 z0 x1 y1 z1 …), which may sit on a
 * SharedArrayBuffer so worker threads can read it without copying. Ranges are computed lazily
 * and cached; call `modified()` after writing into `values` in place.
 */

/** VTK's numeric type names, as written in VTK XML `type=` attributes. */
export type DataType =
  | 'Int8'
  | 'UInt8'
  | 'Int16'
  | 'UInt16'
  | 'Int32'
  | 'UInt32'
  | 'Int64'
  | 'UInt64'
  | 'Float32'
  | 'Float64';

export type TypedArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array
  | Float32Array
  | Float64Array;

/** Typed arrays whose elements are JavaScript numbers (everything but the 64-bit integer arrays). */
export type NumberArray = Exclude<TypedArray, BigInt64Array | BigUint64Array>;

type TypedArrayConstructor = {
  new (length: number): TypedArray;
  new (buffer: ArrayBufferLike, byteOffset?: number, length?: number): TypedArray;
  readonly BYTES_PER_ELEMENT: number;
};

const constructors: Record<DataType, TypedArrayConstructor> = {
  Int8: Int8Array,
  UInt8: Uint8Array,
  Int16: Int16Array,
  UInt16: Uint16Array,
  Int32: Int32Array,
  UInt32: Uint32Array,
  Int64: BigInt64Array,
  UInt64: BigUint64Array,
  Float32: Float32Array,
  Float64: Float64Array,
};

export const DATA_TYPES: readonly DataType[] = Object.keys(constructors) as DataType[];

export function isDataType(name: string): name is DataType {
  return Object.hasOwn(constructors, name);
}

export function bytesPerElement(type: DataType): number {
  return constructors[type].BYTES_PER_ELEMENT;
}

export function dataTypeOf(values: TypedArray): DataType {
  if (values instanceof Float32Array) return 'Float32';
  if (values instanceof Float64Array) return 'Float64';
  if (values instanceof Int32Array) return 'Int32';
  if (values instanceof Uint8Array) return 'UInt8';
  if (values instanceof Uint32Array) return 'UInt32';
  if (values instanceof Int8Array) return 'Int8';
  if (values instanceof Int16Array) return 'Int16';
  if (values instanceof Uint16Array) return 'UInt16';
  if (values instanceof BigInt64Array) return 'Int64';
  return 'UInt64';
}

/**
 * Allocates a zeroed typed array. With `shared`, the memory is a SharedArrayBuffer so the array
 * can be posted to worker threads without a copy.
 */
export function allocateTypedArray(type: DataType, length: number, shared = false): TypedArray {
  const Ctor = constructors[type];
  if (!shared) return new Ctor(length);
  return new Ctor(new SharedArrayBuffer(length * Ctor.BYTES_PER_ELEMENT), 0, length);
}

/** Views `bytes` (which must be aligned for `type`) as a typed array without copying. */
export function viewTypedArray(type: DataType, buffer: ArrayBufferLike, byteOffset: number, length: number) {
  return new constructors[type](buffer, byteOffset, length);
}

/** Copies `values` into a SharedArrayBuffer-backed array of the same type (no-op if already shared). */
export function toSharedTypedArray<T extends TypedArray>(values: T): T {
  if (values.buffer instanceof SharedArrayBuffer) return values;
  const copy = allocateTypedArray(dataTypeOf(values), values.length, true) as T;
  (copy as unknown as { set(a: T): void }).set(values);
  return copy;
}

export type Range = [min: number, max: number];

/** Component index meaning "the Euclidean norm of each tuple" (ParaView's Magnitude). */
export const MAGNITUDE = -1;

export interface DataArrayProps {
  /** Array name as it appears in files and in the UI. */
  name: string;
  /** Flat tuple-major values. */
  values: TypedArray;
  /** Components per tuple (1 for scalars, 3 for vectors, 9 for tensors…). */
  numberOfComponents?: number;
  /** Optional component names (VTK `ComponentName0…`). */
  componentNames?: string[];
}

export class DataArray {
  name: string;
  values: TypedArray;
  readonly numberOfComponents: number;
  componentNames: string[] | undefined;
  #ranges = new Map<number, Range>();

  constructor(props: DataArrayProps) {
    const components = props.numberOfComponents ?? 1;
    if (!Number.isInteger(components) || components < 1) {
      throw new RangeError(`DataArray '${props.name}': numberOfComponents must be a positive integer`);
    }
    if (props.values.length % components !== 0) {
      throw new RangeError(
        `DataArray '${props.name}': ${props.values.length} values is not a multiple of ${components} components`,
      );
    }
    this.name = props.name;
    this.values = props.values;
    this.numberOfComponents = components;
    this.componentNames = props.componentNames;
  }

  /** Convenience: a zeroed array of `tuples` × `components` of the given type. */
  static allocate(name: string, type: DataType, tuples: number, components = 1, shared = false): DataArray {
    return new DataArray({
      name,
      values: allocateTypedArray(type, tuples * components, shared),
      numberOfComponents: components,
    });
  }

  get dataType(): DataType {
    return dataTypeOf(this.values);
  }

  get numberOfTuples(): number {
    return this.values.length / this.numberOfComponents;
  }

  get byteLength(): number {
    return this.values.byteLength;
  }

  /** Reads one component of one tuple as a number (64-bit integers are converted). */
  getComponent(tuple: number, component: number): number {
    return Number(this.values[tuple * this.numberOfComponents + component]);
  }

  setComponent(tuple: number, component: number, value: number): void {
    const index = tuple * this.numberOfComponents + component;
    if (this.values instanceof BigInt64Array || this.values instanceof BigUint64Array) {
      this.values[index] = BigInt(Math.trunc(value));
    } else {
      this.values[index] = value;
    }
  }

  getTuple(tuple: number, out: number[] = []): number[] {
    const n = this.numberOfComponents;
    for (let c = 0; c < n; c++) out[c] = Number(this.values[tuple * n + c]);
    out.length = n;
    return out;
  }

  /** Marks the values as changed so cached ranges are recomputed. */
  modified(): void {
    this.#ranges.clear();
  }

  /**
   * Range of one component, or of the tuple magnitude with `MAGNITUDE` (the default for
   * multi-component arrays, as ParaView shows them). NaN values are ignored, as VTK does;
   * an array with no finite value has range [NaN, NaN].
   */
  getRange(component: number = this.numberOfComponents === 1 ? 0 : MAGNITUDE): Range {
    const cached = this.#ranges.get(component);
    if (cached) return [cached[0], cached[1]];
    if (component !== MAGNITUDE && (component < 0 || component >= this.numberOfComponents)) {
      throw new RangeError(`DataArray '${this.name}' has no component ${component}`);
    }
    const range = component === MAGNITUDE ? this.#magnitudeRange() : this.#componentRange(component);
    this.#ranges.set(component, range);
    return [range[0], range[1]];
  }

  /** Ranges computed so far, by component (`MAGNITUDE` included): to carry them across threads. */
  cachedRanges(): [component: number, range: Range][] {
    return [...this.#ranges].map(([component, range]) => [component, [range[0], range[1]]]);
  }

  /** Restores ranges `cachedRanges` returned for these same values. */
  restoreRanges(ranges: readonly (readonly [number, Range])[]): void {
    for (const [component, range] of ranges) this.#ranges.set(component, [range[0], range[1]]);
  }

  /** Ranges of every component, in order. */
  getComponentRanges(): Range[] {
    const ranges: Range[] = [];
    for (let c = 0; c < this.numberOfComponents; c++) ranges.push(this.getRange(c));
    return ranges;
  }

  #componentRange(component: number): Range {
    const n = this.numberOfComponents;
    const v = this.values;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    if (v instanceof BigInt64Array || v instanceof BigUint64Array) {
      for (let i = component; i < v.length; i += n) {
        const x = Number(v[i]);
        if (x < min) min = x;
        if (x > max) max = x;
      }
    } else {
      for (let i = component; i < v.length; i += n) {
        const x = v[i];
        if (x < min) min = x;
        if (x > max) max = x;
      }
    }
    return min > max ? [Number.NaN, Number.NaN] : [min, max];
  }

  #magnitudeRange(): Range {
    const n = this.numberOfComponents;
    const tuples = this.numberOfTuples;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    const v = this.values;
    const big = v instanceof BigInt64Array || v instanceof BigUint64Array;
    for (let t = 0; t < tuples; t++) {
      let sum = 0;
      for (let c = 0; c < n; c++) {
        const x = big ? Number(v[t * n + c]) : (v[t * n + c] as number);
        sum += x * x;
      }
      if (sum < min) min = sum;
      if (sum > max) max = sum;
    }
    return min > max ? [Number.NaN, Number.NaN] : [Math.sqrt(min), Math.sqrt(max)];
  }

  /** A copy with its own memory (optionally shared). */
  clone(shared = false): DataArray {
    const values = allocateTypedArray(this.dataType, this.values.length, shared);
    (values as unknown as { set(a: TypedArray): void }).set(this.values);
    return new DataArray({
      name: this.name,
      values,
      numberOfComponents: this.numberOfComponents,
      componentNames: this.componentNames ? [...this.componentNames] : undefined,
    });
  }
}

/** Wraps a plain number list; handy in tests and sources. */
export function dataArrayFrom(name: string, type: DataType, values: ArrayLike<number>, components = 1) {
  const array = DataArray.allocate(name, type, values.length / components, components);
  for (let i = 0; i < values.length; i++)
    array.setComponent(Math.floor(i / components), i % components, values[i]);
  return array;
}
