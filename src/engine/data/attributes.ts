/**
 * Attribute containers: FieldData (any arrays, any length) and DataSetAttributes (point or cell
 * arrays, one tuple per point or cell, with VTK's "active" scalars/vectors/normals/tcoords/tensors).
 */
import { DataArray } from './data-array.js';

/** VTK string arrays (found in field data, e.g. QA records in Exodus-derived files). */
export class StringArray {
  readonly kind = 'string';
  constructor(
    public name: string,
    public values: string[],
  ) {}

  get numberOfTuples(): number {
    return this.values.length;
  }
}

export type AnyArray = DataArray | StringArray;

export function isDataArray(array: AnyArray): array is DataArray {
  return array instanceof DataArray;
}

/** An ordered, name-addressed list of arrays. */
export class FieldData {
  #arrays: AnyArray[] = [];

  get arrays(): readonly AnyArray[] {
    return this.#arrays;
  }

  /** Numeric arrays only. */
  get dataArrays(): DataArray[] {
    return this.#arrays.filter(isDataArray);
  }

  get names(): string[] {
    return this.#arrays.map((a) => a.name);
  }

  get size(): number {
    return this.#arrays.length;
  }

  /** Adds an array, replacing one of the same name (keeping its position), as VTK does. */
  add(array: AnyArray): this {
    const index = this.#arrays.findIndex((a) => a.name === array.name);
    if (index >= 0) this.#arrays[index] = array;
    else this.#arrays.push(array);
    return this;
  }

  get(name: string): AnyArray | undefined {
    return this.#arrays.find((a) => a.name === name);
  }

  /** The numeric array called `name`, if there is one. */
  getDataArray(name: string): DataArray | undefined {
    const array = this.get(name);
    return array instanceof DataArray ? array : undefined;
  }

  has(name: string): boolean {
    return this.#arrays.some((a) => a.name === name);
  }

  remove(name: string): boolean {
    const index = this.#arrays.findIndex((a) => a.name === name);
    if (index < 0) return false;
    this.#arrays.splice(index, 1);
    return true;
  }

  /** Memory held by the numeric arrays, in bytes (string arrays counted as UTF-16). */
  get byteLength(): number {
    let bytes = 0;
    for (const a of this.#arrays) {
      bytes += a instanceof DataArray ? a.byteLength : a.values.reduce((sum, s) => sum + 2 * s.length, 0);
    }
    return bytes;
  }
}

/** The roles an array can play in point or cell data. */
export type AttributeRole = 'scalars' | 'vectors' | 'normals' | 'tcoords' | 'tensors' | 'globalIds';

export const ATTRIBUTE_ROLES: readonly AttributeRole[] = [
  'scalars',
  'vectors',
  'normals',
  'tcoords',
  'tensors',
  'globalIds',
];

/** Point data or cell data: FieldData plus the names of the active attributes. */
export class DataSetAttributes extends FieldData {
  #active = new Map<AttributeRole, string>();

  /** Adds `array` and makes it the active array for `role`. */
  setAttribute(role: AttributeRole, array: DataArray): this {
    this.add(array);
    this.#active.set(role, array.name);
    return this;
  }

  /** Makes the existing array `name` active for `role` (or clears the role with undefined). */
  setActive(role: AttributeRole, name: string | undefined): void {
    if (name === undefined) {
      this.#active.delete(role);
      return;
    }
    if (!this.has(name)) throw new RangeError(`no array '${name}' to make active ${role}`);
    this.#active.set(role, name);
  }

  getActiveName(role: AttributeRole): string | undefined {
    const name = this.#active.get(role);
    return name !== undefined && this.has(name) ? name : undefined;
  }

  getActive(role: AttributeRole): DataArray | undefined {
    const name = this.getActiveName(role);
    return name === undefined ? undefined : this.getDataArray(name);
  }

  /** Role → name of every active attribute whose array still exists. */
  get activeAttributes(): Partial<Record<AttributeRole, string>> {
    const out: Partial<Record<AttributeRole, string>> = {};
    for (const role of ATTRIBUTE_ROLES) {
      const name = this.getActiveName(role);
      if (name !== undefined) out[role] = name;
    }
    return out;
  }

  /** Copies the active-role assignments of `other` where the named arrays exist here. */
  copyActiveFrom(other: DataSetAttributes): void {
    for (const [role, name] of Object.entries(other.activeAttributes) as [AttributeRole, string][]) {
      if (this.has(name)) this.#active.set(role, name);
    }
  }
}
