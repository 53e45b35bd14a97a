/**
 * The contract every source and filter implements, with ParaView's names (`paraview.simple`):
 * a pure function of (inputs, properties) → output, with progress and cancellation.
 */
import type { DataObject } from '../data/dataset.js';

/** `["POINTS" | "CELLS", arrayName]`, as ParaView writes array selections. */
export type ArraySelection = [association: 'POINTS' | 'CELLS', name: string];

/** A nested object that picks an implicit function or sub-object by `Type`. */
export interface TypedObject {
  Type: string;
  [property: string]: unknown;
}

/** Describes one property so clients can build forms and validate values. */
export type PropertySchema = {
  /** ParaView's property name (`Isosurfaces`, `SliceType`, …). */
  name: string;
  /** One line for the UI. */
  doc: string;
} & (
  | { type: 'number'; default: number; min?: number; max?: number; integer?: boolean }
  | { type: 'boolean'; default: boolean }
  | { type: 'string'; default: string }
  | { type: 'enum'; default: string; values: readonly string[] }
  /** A fixed-size (`size`) or variable-size list of numbers (`Isosurfaces`, `Origin`). */
  | { type: 'numbers'; default: readonly number[]; size?: number; maxLength?: number }
  /** A list of names (`Selectors` block paths, array names); a single string is a list of one. */
  | { type: 'strings'; default: readonly string[]; maxLength?: number }
  /** An input array; `association` limits which ones; `components` the count it needs. */
  | {
      type: 'array';
      default: ArraySelection | null;
      association?: 'POINTS' | 'CELLS' | 'ANY';
      components?: number;
    }
  /** A choice of sub-object (`SliceType`), each kind with its own properties. */
  | { type: 'object'; default: TypedObject; kinds: Record<string, readonly PropertySchema[]> }
);

export type PropertyValues = Readonly<Record<string, unknown>>;

export interface FilterContext {
  signal?: AbortSignal;
  /** Progress in [0, 1]. */
  onProgress?: (fraction: number) => void;
  /**
   * How many pieces a parallel filter splits its work into (default: `PERISCOPE_WORKERS`, else one
   * per core). The output does not depend on it; 1 is the sequential baseline benchmarks compare to.
   */
  workers?: number;
}

export interface FilterDefinition {
  /** ParaView's proxy name: `Contour`, `Slice`, `Wavelet`. */
  name: string;
  kind: 'source' | 'filter';
  /** One paragraph: what it does, with what input types, and how it treats point/cell data. */
  description: string;
  /** Number of inputs it takes. Sources take none. */
  inputs: { min: number; max: number };
  properties: readonly PropertySchema[];
  /**
   * Validates `properties` (unknown names and bad values raise PropertyError naming the property)
   * and computes the output. Must not mutate its inputs.
   */
  execute(
    inputs: readonly DataObject[],
    properties: PropertyValues,
    context: FilterContext,
  ): Promise<DataObject>;
}
