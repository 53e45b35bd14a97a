/**
 * Moving point and cell data from an input to an output the way VTK's `CopyData`,
 * `InterpolateTuple` and `InterpolateEdge` do: arrays keep their type and component count,
 * integer arrays are rounded after interpolation, and active attributes (scalars, vectors…)
 * stay active. The array that is the active global-ids attribute is copied only when asked
 * (VTK drops it unless a filter turns `CopyGlobalIds` on) and is never interpolated.
 */
import { PropertyError } from '../../../errors.js';
import { type AttributeRole, DataSetAttributes } from '../../data/attributes.js';
import { allocateTypedArray, DataArray, type TypedArray } from '../../data/data-array.js';
import type { DataSet } from '../../data/dataset.js';
import { requireArray } from '../properties.js';
import type { ArraySelection } from '../types.js';

export interface AttributeCopyOptions {
  /** Keep the active global-ids array (VTK's CopyGlobalIdsOn). Default false. */
  globalIds?: boolean;
  /** Arrays to leave out, by name. */
  exclude?: readonly string[];
}

function selectedArrays(source: DataSetAttributes, options: AttributeCopyOptions): DataArray[] {
  const globalIds = source.getActiveName('globalIds');
  return source.dataArrays.filter(
    (array) => !options.exclude?.includes(array.name) && (options.globalIds || array.name !== globalIds),
  );
}

function isBig(values: TypedArray): values is BigInt64Array | BigUint64Array {
  return values instanceof BigInt64Array || values instanceof BigUint64Array;
}

function isInteger(values: TypedArray): boolean {
  return !(values instanceof Float32Array || values instanceof Float64Array);
}

function like(array: DataArray, tuples: number): DataArray {
  return new DataArray({
    name: array.name,
    values: allocateTypedArray(array.dataType, tuples * array.numberOfComponents),
    numberOfComponents: array.numberOfComponents,
    componentNames: array.componentNames ? [...array.componentNames] : undefined,
  });
}

function finishAttributes(source: DataSetAttributes, arrays: DataArray[]): DataSetAttributes {
  const out = new DataSetAttributes();
  for (const array of arrays) out.add(array);
  out.copyActiveFrom(source);
  return out;
}

/** out tuple i = source tuple ids[i], for i < count (VTK's CopyData over an id map). */
export function gatherAttributes(
  source: DataSetAttributes,
  ids: ArrayLike<number>,
  count: number = ids.length,
  options: AttributeCopyOptions = {},
): DataSetAttributes {
  const arrays = selectedArrays(source, options).map((array) => {
    const out = like(array, count);
    const n = array.numberOfComponents;
    const from = array.values as unknown as ArrayLike<number> & { [i: number]: number };
    const to = out.values as unknown as { [i: number]: number };
    if (n === 1) {
      for (let i = 0; i < count; i++) to[i] = from[ids[i]];
    } else {
      for (let i = 0; i < count; i++) {
        const s = ids[i] * n;
        const d = i * n;
        for (let c = 0; c < n; c++) to[d + c] = from[s + c];
      }
    }
    return out;
  });
  return finishAttributes(source, arrays);
}

/**
 * For callers that copy tuples themselves: the selected source arrays, new arrays like them of
 * `count` tuples, and `attributes()` wrapping the new arrays with the source's active roles (what
 * `gatherAttributes` gives once the tuples are in).
 */
export function gatherTargets(
  source: DataSetAttributes,
  count: number,
  options: AttributeCopyOptions = {},
): { inputs: DataArray[]; outputs: DataArray[]; attributes: () => DataSetAttributes } {
  const inputs = selectedArrays(source, options);
  const outputs = inputs.map((array) => like(array, count));
  return { inputs, outputs, attributes: () => finishAttributes(source, outputs) };
}

/** Every array repeated: out tuple i = source tuple `index` (used for one-valued outputs). */
export function constantAttributes(
  source: DataSetAttributes,
  index: number,
  count: number,
  options: AttributeCopyOptions = {},
): DataSetAttributes {
  return gatherAttributes(source, new Int32Array(count).fill(index), count, options);
}

/** A copy of the container that shares the arrays (a shallow pass-through). */
export function passAttributes(source: DataSetAttributes): DataSetAttributes {
  return finishAttributes(source, source.dataArrays);
}

interface Channel {
  source: DataArray;
  from: Float64Array | Float32Array | Int32Array | ArrayLike<number>;
  big: boolean;
  integer: boolean;
  components: number;
  values: TypedArray;
}

/**
 * Builds output attributes tuple by tuple from weighted combinations of input tuples
 * (probing, edge intersections, subdivisions). The output grows as needed; `finish(n)` trims.
 */
export class AttributeInterpolator {
  readonly #source: DataSetAttributes;
  readonly #channels: Channel[];
  #capacity: number;
  #scratch = new Float64Array(16);

  constructor(source: DataSetAttributes, initialCapacity = 1024, options: AttributeCopyOptions = {}) {
    this.#source = source;
    this.#capacity = Math.max(1, initialCapacity);
    this.#channels = selectedArrays(source, { ...options, globalIds: false }).map((array) => {
      const big = isBig(array.values);
      return {
        source: array,
        from: big ? Float64Array.from(array.values as BigInt64Array, Number) : (array.values as Float64Array),
        big,
        integer: isInteger(array.values),
        components: array.numberOfComponents,
        values: allocateTypedArray(array.dataType, this.#capacity * array.numberOfComponents),
      };
    });
  }

  get numberOfArrays(): number {
    return this.#channels.length;
  }

  #ensure(target: number): void {
    if (target < this.#capacity) return;
    let capacity = this.#capacity;
    while (capacity <= target) capacity *= 2;
    for (const channel of this.#channels) {
      const grown = allocateTypedArray(channel.source.dataType, capacity * channel.components);
      (grown as unknown as { set(a: TypedArray): void }).set(channel.values);
      channel.values = grown;
    }
    this.#capacity = capacity;
  }

  #store(channel: Channel, index: number, value: number): void {
    if (channel.big) {
      (channel.values as BigInt64Array)[index] = BigInt(Math.round(value));
    } else {
      (channel.values as Float64Array)[index] = channel.integer ? Math.round(value) : value;
    }
  }

  /** out[target] = Σ weights[k] · in[ids[k]] for k < count. */
  interpolate(target: number, ids: ArrayLike<number>, weights: ArrayLike<number>, count: number): void {
    this.#ensure(target);
    for (const channel of this.#channels) {
      const n = channel.components;
      const from = channel.from;
      if (this.#scratch.length < n) this.#scratch = new Float64Array(n);
      const sum = this.#scratch;
      sum.fill(0, 0, n);
      for (let k = 0; k < count; k++) {
        const w = weights[k];
        const base = ids[k] * n;
        for (let c = 0; c < n; c++) sum[c] += w * from[base + c];
      }
      for (let c = 0; c < n; c++) this.#store(channel, target * n + c, sum[c]);
    }
  }

  /** out[target] = (1 − t) · in[a] + t · in[b]. */
  interpolateEdge(target: number, a: number, b: number, t: number): void {
    this.#ensure(target);
    for (const channel of this.#channels) {
      const n = channel.components;
      const from = channel.from;
      for (let c = 0; c < n; c++) {
        this.#store(channel, target * n + c, (1 - t) * from[a * n + c] + t * from[b * n + c]);
      }
    }
  }

  /** out[target] = in[sourceId]. */
  copy(target: number, sourceId: number): void {
    this.#ensure(target);
    for (const channel of this.#channels) {
      const n = channel.components;
      const to = channel.values as unknown as { [i: number]: number };
      const from = channel.source.values as unknown as { [i: number]: number };
      for (let c = 0; c < n; c++) to[target * n + c] = from[sourceId * n + c];
    }
  }

  /** out[target] = 0 in every component (VTK's NullData for points outside the input). */
  zero(target: number): void {
    this.#ensure(target);
    for (const channel of this.#channels) {
      const n = channel.components;
      for (let c = 0; c < n; c++) this.#store(channel, target * n + c, 0);
    }
  }

  /** The output arrays holding `count` tuples. */
  finish(count: number): DataSetAttributes {
    const arrays = this.#channels.map((channel) => {
      const n = channel.components;
      const values =
        channel.values.length === count * n
          ? channel.values
          : (channel.values.slice(0, count * n) as TypedArray);
      return new DataArray({
        name: channel.source.name,
        values,
        numberOfComponents: n,
        componentNames: channel.source.componentNames ? [...channel.source.componentNames] : undefined,
      });
    });
    return finishAttributes(this.#source, arrays);
  }
}

/**
 * The point array a filter works on: the one selected, else (as ParaView's default) the active
 * array for `role`, else the first point array with `components` components.
 */
export function pickPointArray(
  owner: string,
  property: string,
  data: DataSet,
  selection: ArraySelection | null,
  components: number,
  role: AttributeRole,
): DataArray {
  if (selection) {
    if (selection[0] !== 'POINTS') throw new PropertyError(owner, property, 'a point array is needed');
    return requireArray(owner, property, data, selection, components).array;
  }
  const active = data.pointData.getActive(role);
  if (active && active.numberOfComponents === components) return active;
  const first = data.pointData.dataArrays.find((a) => a.numberOfComponents === components);
  if (!first)
    throw new PropertyError(owner, property, `no point array with ${components} component(s) to use`);
  return first;
}
