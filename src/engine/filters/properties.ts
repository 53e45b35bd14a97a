/**
 * Schema-driven property validation shared by every filter: fills defaults, rejects unknown
 * names and bad values with a PropertyError naming the property.
 */
import { PropertyError } from '../../errors.js';
import type { DataSetAttributes } from '../data/attributes.js';
import type { DataArray } from '../data/data-array.js';
import type { DataSet } from '../data/dataset.js';
import type { ArraySelection, PropertySchema, TypedObject } from './types.js';

/** Longest list a `numbers` property accepts unless its schema says otherwise. */
export const DEFAULT_MAX_LIST_LENGTH = 10_000;

export type ResolvedProperties = Record<string, unknown>;

function fail(owner: string, property: string, detail: string): never {
  throw new PropertyError(owner, property, detail);
}

function resolveNumber(
  owner: string,
  s: Extract<PropertySchema, { type: 'number' }>,
  value: unknown,
): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    fail(owner, s.name, `expected a finite number, got ${JSON.stringify(value)}`);
  }
  if (s.integer && !Number.isInteger(value)) fail(owner, s.name, `expected an integer, got ${value}`);
  if (s.min !== undefined && value < s.min) fail(owner, s.name, `must be ≥ ${s.min}, got ${value}`);
  if (s.max !== undefined && value > s.max) fail(owner, s.name, `must be ≤ ${s.max}, got ${value}`);
  return value;
}

function resolveNumbers(
  owner: string,
  s: Extract<PropertySchema, { type: 'numbers' }>,
  value: unknown,
): number[] {
  const list = typeof value === 'number' ? [value] : value;
  if (!Array.isArray(list)) fail(owner, s.name, `expected a list of numbers, got ${JSON.stringify(value)}`);
  const max = s.maxLength ?? DEFAULT_MAX_LIST_LENGTH;
  if (list.length > max) fail(owner, s.name, `has ${list.length} values; at most ${max} are allowed`);
  if (s.size !== undefined && list.length !== s.size) {
    fail(owner, s.name, `expected ${s.size} numbers, got ${list.length}`);
  }
  list.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      fail(owner, s.name, `value ${i} is not a finite number: ${JSON.stringify(x)}`);
    }
  });
  return list as number[];
}

function resolveArraySelection(owner: string, name: string, value: unknown): ArraySelection | null {
  if (value === null) return null;
  if (typeof value === 'string') return ['POINTS', value];
  if (
    Array.isArray(value) &&
    value.length === 2 &&
    (value[0] === 'POINTS' || value[0] === 'CELLS') &&
    typeof value[1] === 'string'
  ) {
    return [value[0], value[1]];
  }
  fail(owner, name, `expected ["POINTS"|"CELLS", name], got ${JSON.stringify(value)}`);
}

function resolveOne(owner: string, schema: PropertySchema, value: unknown): unknown {
  switch (schema.type) {
    case 'number':
      return resolveNumber(owner, schema, value);
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 0 || value === 1) return value === 1;
      return fail(owner, schema.name, `expected true/false, got ${JSON.stringify(value)}`);
    case 'string':
      if (typeof value !== 'string')
        fail(owner, schema.name, `expected a string, got ${JSON.stringify(value)}`);
      return value;
    case 'enum':
      if (typeof value !== 'string' || !schema.values.includes(value)) {
        fail(owner, schema.name, `expected one of ${schema.values.join(', ')}; got ${JSON.stringify(value)}`);
      }
      return value;
    case 'numbers':
      return resolveNumbers(owner, schema, value);
    case 'strings': {
      const list = typeof value === 'string' ? [value] : value;
      if (!Array.isArray(list) || !list.every((x) => typeof x === 'string')) {
        fail(owner, schema.name, `expected a list of strings, got ${JSON.stringify(value)}`);
      }
      const max = schema.maxLength ?? DEFAULT_MAX_LIST_LENGTH;
      if (list.length > max)
        fail(owner, schema.name, `has ${list.length} values; at most ${max} are allowed`);
      return [...list];
    }
    case 'array':
      return resolveArraySelection(owner, schema.name, value);
    case 'object': {
      const object =
        typeof value === 'string' ? { Type: value } : (value as Partial<TypedObject> | null | undefined);
      if (!object || typeof object !== 'object' || typeof object.Type !== 'string') {
        fail(
          owner,
          schema.name,
          `expected an object with a "Type" (${Object.keys(schema.kinds).join(', ')})`,
        );
      }
      const kind = schema.kinds[object.Type];
      if (!kind) {
        fail(
          owner,
          schema.name,
          `unknown Type '${object.Type}'; expected ${Object.keys(schema.kinds).join(', ')}`,
        );
      }
      const { Type, ...rest } = object;
      return { Type, ...resolveProperties(`${owner}.${schema.name}[${Type}]`, kind, rest) };
    }
  }
}

/**
 * Validates `values` against `schema` and returns every property with defaults filled in.
 * Unknown property names are errors (they are usually typos of ParaView names).
 */
export function resolveProperties(
  owner: string,
  schema: readonly PropertySchema[],
  values: Readonly<Record<string, unknown>> = {},
): ResolvedProperties {
  const byName = new Map(schema.map((s) => [s.name, s]));
  for (const name of Object.keys(values)) {
    if (!byName.has(name)) {
      fail(owner, name, `unknown property; known: ${schema.map((s) => s.name).join(', ') || '(none)'}`);
    }
  }
  const out: ResolvedProperties = {};
  for (const s of schema) {
    const value = values[s.name];
    out[s.name] = value === undefined ? structuredClone(s.default) : resolveOne(owner, s, value);
  }
  return out;
}

/**
 * Finds the array an ArraySelection names on `input`, checking its component count.
 * `components: 0` accepts any count.
 */
export function requireArray(
  owner: string,
  property: string,
  input: DataSet,
  selection: ArraySelection | null,
  components = 0,
): { array: DataArray; association: 'POINTS' | 'CELLS' } {
  if (!selection) fail(owner, property, 'no array selected');
  const [association, name] = selection;
  const attributes: DataSetAttributes = association === 'POINTS' ? input.pointData : input.cellData;
  const array = attributes.getDataArray(name);
  if (!array) {
    const known = attributes.dataArrays.map((a) => a.name).join(', ') || '(none)';
    fail(
      owner,
      property,
      `no ${association === 'POINTS' ? 'point' : 'cell'} array '${name}'; available: ${known}`,
    );
  }
  if (components > 0 && array.numberOfComponents !== components) {
    fail(owner, property, `array '${name}' has ${array.numberOfComponents} components; ${components} needed`);
  }
  return { array, association };
}
