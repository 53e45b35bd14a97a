/**
 * Data objects across threads. Structured cloning keeps typed arrays but drops classes and their
 * private state (DataArray's cached ranges, DataSetAttributes' active roles), so datasets travel
 * as a packed tree — plain objects, tagged class records and typed arrays — and are rebuilt on
 * the other side. `packDataObject` also lists the buffers that can be moved instead of copied.
 *
 * Time series cannot travel (their steps load lazily through closures): callers send a step.
 */
import { DataSetAttributes, FieldData, isDataArray, StringArray } from './attributes.js';
import { DataArray, MAGNITUDE } from './data-array.js';
import type { DataObject } from './dataset.js';
import { leaves } from './queries.js';

type Packed =
  | null
  | undefined
  | boolean
  | number
  | string
  | ArrayBufferView
  | Packed[]
  | {
      $: 'DataArray';
      name: string;
      values: ArrayBufferView;
      numberOfComponents: number;
      componentNames?: string[];
    }
  | { $: 'StringArray'; name: string; values: string[] }
  | { $: 'FieldData'; arrays: Packed[] }
  | { $: 'DataSetAttributes'; arrays: Packed[]; active: Record<string, string> }
  | { [key: string]: Packed };

/** A data object in its thread-crossing form (opaque: pass it to `unpackDataObject`). */
export interface PackedDataObject {
  readonly packed: unknown;
}

export interface PackResult {
  value: PackedDataObject;
  /** Buffers not shared between threads: moving them saves a copy (the sender loses them). */
  transfer: ArrayBuffer[];
}

export interface PackOptions {
  /**
   * Compute every array's component ranges (and magnitude range) before packing, so the
   * receiving thread need not make a pass over the values for dataset information or colouring.
   */
  computeRanges?: boolean;
}

function computeRanges(data: DataObject): void {
  for (const leaf of leaves(data)) {
    const fields = [leaf.data.pointData, leaf.data.cellData, leaf.data.fieldData];
    const arrays = fields.flatMap((field) => field.arrays.filter(isDataArray));
    if ('points' in leaf.data) arrays.push(leaf.data.points);
    for (const array of arrays) {
      array.getComponentRanges();
      if (array.numberOfComponents > 1) array.getRange(MAGNITUDE);
    }
  }
}

export function packDataObject(data: DataObject, options: PackOptions = {}): PackResult {
  if (data.type === 'TimeSeries')
    throw new TypeError('a time series cannot be sent to another thread: send one of its steps');
  if (options.computeRanges) computeRanges(data);
  const buffers = new Set<ArrayBuffer>();
  const pack = (value: unknown): Packed => {
    if (value === null || value === undefined) return value;
    if (typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value;
    if (ArrayBuffer.isView(value)) {
      if (value.buffer instanceof ArrayBuffer) buffers.add(value.buffer);
      return value;
    }
    if (Array.isArray(value)) return value.map(pack);
    if (value instanceof DataArray)
      return {
        $: 'DataArray',
        name: value.name,
        values: pack(value.values) as ArrayBufferView,
        numberOfComponents: value.numberOfComponents,
        ...(value.componentNames && { componentNames: [...value.componentNames] }),
        // Ranges already known travel too: recomputing them is a full pass over the values.
        ranges: value.cachedRanges(),
      };
    if (value instanceof StringArray)
      return { $: 'StringArray', name: value.name, values: [...value.values] };
    if (value instanceof DataSetAttributes)
      return {
        $: 'DataSetAttributes',
        arrays: value.arrays.map(pack),
        active: { ...value.activeAttributes } as Record<string, string>,
      };
    if (value instanceof FieldData) return { $: 'FieldData', arrays: value.arrays.map(pack) };
    if (typeof value === 'object') {
      const out: Record<string, Packed> = {};
      for (const [key, item] of Object.entries(value)) {
        if (typeof item === 'function')
          throw new TypeError(`cannot send '${key}' to another thread: it is a function`);
        out[key] = pack(item);
      }
      return out;
    }
    throw new TypeError(`cannot send a ${typeof value} to another thread`);
  };
  const packed = pack(data);
  return { value: { packed }, transfer: [...buffers] };
}

export function unpackDataObject(value: PackedDataObject): DataObject {
  const unpack = (item: unknown): unknown => {
    if (item === null || typeof item !== 'object' || ArrayBuffer.isView(item)) return item;
    if (Array.isArray(item)) return item.map(unpack);
    const record = item as Record<string, unknown>;
    switch (record.$) {
      case 'DataArray': {
        const array = new DataArray({
          name: record.name as string,
          values: record.values as DataArray['values'],
          numberOfComponents: record.numberOfComponents as number,
          ...(record.componentNames !== undefined && { componentNames: record.componentNames as string[] }),
        });
        array.restoreRanges(record.ranges as [number, [number, number]][]);
        return array;
      }
      case 'StringArray':
        return new StringArray(record.name as string, record.values as string[]);
      case 'FieldData': {
        const fields = new FieldData();
        for (const array of record.arrays as unknown[]) fields.add(unpack(array) as DataArray | StringArray);
        return fields;
      }
      case 'DataSetAttributes': {
        const attributes = new DataSetAttributes();
        for (const array of record.arrays as unknown[])
          attributes.add(unpack(array) as DataArray | StringArray);
        for (const [role, name] of Object.entries(record.active as Record<string, string>))
          attributes.setActive(role as Parameters<DataSetAttributes['setActive']>[0], name);
        return attributes;
      }
      default: {
        const out: Record<string, unknown> = {};
        for (const [key, entry] of Object.entries(record)) out[key] = unpack(entry);
        return out;
      }
    }
  };
  return unpack(value.packed) as DataObject;
}
