/**
 * Deep comparison of data objects for tests and round-trip checks. Numeric arrays are compared
 * value for value with their types (NaN equals NaN); index arrays by value whatever their storage.
 */
import { type AnyArray, DataSetAttributes, type FieldData, StringArray } from './attributes.js';
import type { CellArray } from './cell-array.js';
import { DataArray } from './data-array.js';
import type { DataObject } from './dataset.js';

export interface CompareOptions {
  /** Absolute tolerance for floating-point values (default 0: bit for bit). */
  tolerance?: number;
  /** Also require the same numeric types (default true). */
  sameTypes?: boolean;
}

function sameNumber(a: number, b: number, tolerance: number): boolean {
  if (a === b) return true;
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  return tolerance > 0 && Math.abs(a - b) <= tolerance;
}

function compareValues(
  where: string,
  a: ArrayLike<number | bigint>,
  b: ArrayLike<number | bigint>,
  tolerance: number,
): string | undefined {
  if (a.length !== b.length) return `${where}: length ${a.length} ≠ ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (typeof x === 'bigint' || typeof y === 'bigint') {
      if (BigInt(x) !== BigInt(y)) return `${where}[${i}]: ${x} ≠ ${y}`;
    } else if (!sameNumber(x, y, tolerance)) {
      return `${where}[${i}]: ${x} ≠ ${y}`;
    }
  }
  return undefined;
}

function compareArray(where: string, a: AnyArray, b: AnyArray, options: Required<CompareOptions>) {
  if (a instanceof StringArray || b instanceof StringArray) {
    if (!(a instanceof StringArray && b instanceof StringArray)) return `${where}: string vs numeric array`;
    return a.values.join('\u0000') === b.values.join('\u0000') ? undefined : `${where}: strings differ`;
  }
  if (!(a instanceof DataArray && b instanceof DataArray)) return `${where}: unexpected array kind`;
  if (a.numberOfComponents !== b.numberOfComponents) {
    return `${where}: ${a.numberOfComponents} ≠ ${b.numberOfComponents} components`;
  }
  if (options.sameTypes && a.dataType !== b.dataType) return `${where}: type ${a.dataType} ≠ ${b.dataType}`;
  return compareValues(where, a.values, b.values, options.tolerance);
}

function compareFields(where: string, a: FieldData, b: FieldData, options: Required<CompareOptions>) {
  const names = a.names.join(', ');
  if (names !== b.names.join(', ')) return `${where}: arrays [${names}] ≠ [${b.names.join(', ')}]`;
  for (const array of a.arrays) {
    const diff = compareArray(`${where}.${array.name}`, array, b.get(array.name)!, options);
    if (diff) return diff;
  }
  if (a instanceof DataSetAttributes && b instanceof DataSetAttributes) {
    const x = JSON.stringify(a.activeAttributes);
    const y = JSON.stringify(b.activeAttributes);
    if (x !== y) return `${where}: active attributes ${x} ≠ ${y}`;
  }
  return undefined;
}

function compareCells(where: string, a: CellArray, b: CellArray) {
  return (
    compareValues(`${where}.offsets`, a.offsets, b.offsets, 0) ??
    compareValues(`${where}.connectivity`, a.connectivity, b.connectivity, 0)
  );
}

/**
 * Returns a description of the first difference between `a` and `b`, or undefined when they are
 * equal. Time series compare their time values only (their steps load lazily).
 */
export function describeDifference(
  a: DataObject,
  b: DataObject,
  options: CompareOptions = {},
  where = 'data',
): string | undefined {
  const opts: Required<CompareOptions> = {
    tolerance: options.tolerance ?? 0,
    sameTypes: options.sameTypes ?? true,
  };
  if (a.type !== b.type) return `${where}: type ${a.type} ≠ ${b.type}`;
  switch (a.type) {
    case 'TimeSeries': {
      const bt = (b as typeof a).steps.map((s) => s.time);
      return compareValues(
        `${where}.times`,
        a.steps.map((s) => s.time),
        bt,
        0,
      );
    }
    case 'MultiBlock': {
      const other = b as typeof a;
      if (a.blocks.length !== other.blocks.length) {
        return `${where}: ${a.blocks.length} ≠ ${other.blocks.length} blocks`;
      }
      for (let i = 0; i < a.blocks.length; i++) {
        const x = a.blocks[i];
        const y = other.blocks[i];
        const at = `${where}.blocks[${i}]`;
        if (x.name !== y.name) return `${at}: name '${x.name}' ≠ '${y.name}'`;
        if (!x.data || !y.data) {
          if (x.data !== y.data) return `${at}: one block is empty`;
          continue;
        }
        const diff = describeDifference(x.data, y.data, opts, at);
        if (diff) return diff;
      }
      return compareFields(`${where}.fieldData`, a.fieldData, other.fieldData, opts);
    }
    case 'Table': {
      const other = b as typeof a;
      return (
        compareFields(`${where}.rowData`, a.rowData, other.rowData, opts) ??
        compareFields(`${where}.fieldData`, a.fieldData, other.fieldData, opts)
      );
    }
    default:
      break;
  }
  const x = a;
  const y = b as typeof a;
  let diff: string | undefined;
  switch (x.type) {
    case 'ImageData': {
      const o = y as typeof x;
      diff =
        compareValues(`${where}.extent`, x.extent, o.extent, 0) ??
        compareValues(`${where}.origin`, x.origin, o.origin, opts.tolerance) ??
        compareValues(`${where}.spacing`, x.spacing, o.spacing, opts.tolerance) ??
        compareValues(`${where}.direction`, x.direction, o.direction, opts.tolerance);
      break;
    }
    case 'RectilinearGrid': {
      const o = y as typeof x;
      diff =
        compareValues(`${where}.extent`, x.extent, o.extent, 0) ??
        compareArray(`${where}.xCoordinates`, x.xCoordinates, o.xCoordinates, opts) ??
        compareArray(`${where}.yCoordinates`, x.yCoordinates, o.yCoordinates, opts) ??
        compareArray(`${where}.zCoordinates`, x.zCoordinates, o.zCoordinates, opts);
      break;
    }
    case 'StructuredGrid': {
      const o = y as typeof x;
      diff =
        compareValues(`${where}.extent`, x.extent, o.extent, 0) ??
        compareArray(`${where}.points`, x.points, o.points, opts);
      break;
    }
    case 'PolyData': {
      const o = y as typeof x;
      diff =
        compareArray(`${where}.points`, x.points, o.points, opts) ??
        compareCells(`${where}.verts`, x.verts, o.verts) ??
        compareCells(`${where}.lines`, x.lines, o.lines) ??
        compareCells(`${where}.polys`, x.polys, o.polys) ??
        compareCells(`${where}.strips`, x.strips, o.strips);
      break;
    }
    case 'UnstructuredGrid': {
      const o = y as typeof x;
      diff =
        compareArray(`${where}.points`, x.points, o.points, opts) ??
        compareCells(`${where}.cells`, x.cells, o.cells) ??
        compareValues(`${where}.cellTypes`, x.cellTypes, o.cellTypes, 0);
      if (!diff && (x.polyhedronFaces || o.polyhedronFaces)) {
        if (!x.polyhedronFaces || !o.polyhedronFaces) diff = `${where}: polyhedron faces on one side only`;
        else
          diff =
            compareValues(`${where}.faces`, x.polyhedronFaces.faces, o.polyhedronFaces.faces, 0) ??
            compareValues(
              `${where}.faceOffsets`,
              x.polyhedronFaces.faceOffsets,
              o.polyhedronFaces.faceOffsets,
              0,
            );
      }
      break;
    }
  }
  return (
    diff ??
    compareFields(`${where}.pointData`, x.pointData, y.pointData, opts) ??
    compareFields(`${where}.cellData`, x.cellData, y.cellData, opts) ??
    compareFields(`${where}.fieldData`, x.fieldData, y.fieldData, opts)
  );
}

export function dataObjectsEqual(a: DataObject, b: DataObject, options?: CompareOptions): boolean {
  return describeDifference(a, b, options) === undefined;
}
