/**
 * Helpers filters share for carrying attributes from input to output: allocating an output
 * array like an input one, interpolating along edges, copying tuples by id.
 */
import { DataSetAttributes, FieldData } from '../data/attributes.js';
import { allocateTypedArray, DataArray, type DataType, type NumberArray } from '../data/data-array.js';
import type { DataSet } from '../data/dataset.js';

export function isIntegerType(type: DataType): boolean {
  return type !== 'Float32' && type !== 'Float64';
}

/** The values as numbers: 64-bit integer arrays are converted to Float64 (exact to 2^53). */
export function numericValues(array: DataArray, shared = false): NumberArray {
  const v = array.values;
  if (v instanceof BigInt64Array || v instanceof BigUint64Array) {
    const out = allocateTypedArray('Float64', v.length, shared) as Float64Array;
    for (let i = 0; i < v.length; i++) out[i] = Number(v[i]);
    return out;
  }
  return v;
}

/** Output type for an array derived from `array` (64-bit integers become Float64). */
export function outputTypeFor(array: DataArray): DataType {
  const type = array.dataType;
  return type === 'Int64' || type === 'UInt64' ? 'Float64' : type;
}

/** A new zeroed array with the name, components and (number) type of `like`. */
export function allocateLike(like: DataArray, tuples: number, shared = false): DataArray {
  return new DataArray({
    name: like.name,
    values: allocateTypedArray(outputTypeFor(like), tuples * like.numberOfComponents, shared),
    numberOfComponents: like.numberOfComponents,
    componentNames: like.componentNames,
  });
}

/** Copies tuple ids[t] of every array of `from` to tuple t of a new array in `to`. */
export function copyTuplesById(from: DataSetAttributes, to: DataSetAttributes, ids: ArrayLike<number>): void {
  for (const array of from.dataArrays) {
    const out = allocateLike(array, ids.length);
    const n = array.numberOfComponents;
    const src = numericValues(array);
    const dst = out.values as NumberArray;
    for (let t = 0; t < ids.length; t++) {
      const s = ids[t] * n;
      const d = t * n;
      for (let c = 0; c < n; c++) dst[d + c] = src[s + c];
    }
    to.add(out);
  }
  to.copyActiveFrom(from);
}

/**
 * The point arrays a filter interpolates: all numeric arrays but `skip` and the active global
 * ids, which VTK never interpolates (an id halfway between two ids means nothing).
 */
export function interpolatedArrays(
  attributes: DataSetAttributes,
  skip: DataArray | null = null,
): DataArray[] {
  const globalIds = attributes.getActiveName('globalIds');
  return attributes.dataArrays.filter((a) => a !== skip && a.name !== globalIds);
}

function copyAttributes<T extends DataSetAttributes>(from: T, to: T): T {
  for (const array of from.arrays) to.add(array);
  to.copyActiveFrom(from);
  return to;
}

/** A new dataset object sharing `data`'s geometry and arrays (so arrays can be added or replaced). */
export function shallowCopyDataSet<T extends DataSet>(data: T): T {
  const fieldData = new FieldData();
  for (const array of data.fieldData.arrays) fieldData.add(array);
  return {
    ...data,
    pointData: copyAttributes(data.pointData, new DataSetAttributes()),
    cellData: copyAttributes(data.cellData, new DataSetAttributes()),
    fieldData,
  };
}
