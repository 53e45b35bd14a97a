/**
 * The value type names of legacy VTK files and how each maps onto the data model. VTK writes
 * `long` with the platform's 8 bytes, `vtkIdType` as 4-byte ints, and `bit` arrays packed eight
 * values per byte (most significant bit first); strings have their own length-prefixed layout.
 */
import type { DataType } from '../../data/data-array.js';

export type LegacyValueType =
  | {
      kind: 'numeric';
      /** Type of the array the values are stored in. */
      dataType: DataType;
      /** How the values are laid out in binary files. */
      layout: 'plain' | 'bits' | 'int32';
    }
  | { kind: 'string' };

const numeric = (dataType: DataType, layout: 'plain' | 'bits' | 'int32' = 'plain'): LegacyValueType => ({
  kind: 'numeric',
  dataType,
  layout,
});

const TYPES: Record<string, LegacyValueType> = {
  bit: numeric('UInt8', 'bits'),
  char: numeric('Int8'),
  signed_char: numeric('Int8'),
  unsigned_char: numeric('UInt8'),
  short: numeric('Int16'),
  unsigned_short: numeric('UInt16'),
  int: numeric('Int32'),
  unsigned_int: numeric('UInt32'),
  long: numeric('Int64'),
  unsigned_long: numeric('UInt64'),
  long_long: numeric('Int64'),
  unsigned_long_long: numeric('UInt64'),
  vtktypeint8: numeric('Int8'),
  vtktypeuint8: numeric('UInt8'),
  vtktypeint16: numeric('Int16'),
  vtktypeuint16: numeric('UInt16'),
  vtktypeint32: numeric('Int32'),
  vtktypeuint32: numeric('UInt32'),
  vtktypeint64: numeric('Int64'),
  vtktypeuint64: numeric('UInt64'),
  vtkidtype: numeric('Int64', 'int32'),
  float: numeric('Float32'),
  double: numeric('Float64'),
  string: { kind: 'string' },
  utf8_string: { kind: 'string' },
};

/** The value type for a type name as written in the file (any case), or undefined. */
export function legacyValueType(name: string): LegacyValueType | undefined {
  const key = name.toLowerCase();
  return Object.hasOwn(TYPES, key) ? TYPES[key] : undefined;
}

const WRITE_NAMES: Record<DataType, string> = {
  Int8: 'char',
  UInt8: 'unsigned_char',
  Int16: 'short',
  UInt16: 'unsigned_short',
  Int32: 'int',
  UInt32: 'unsigned_int',
  Int64: 'vtktypeint64',
  UInt64: 'vtktypeuint64',
  Float32: 'float',
  Float64: 'double',
};

/** The type name the writer uses for a data type (the names VTK 9 writes). */
export function legacyTypeName(type: DataType): string {
  return WRITE_NAMES[type];
}

/** Inclusive value bounds of the integer types narrower than 64 bits. */
export const INTEGER_BOUNDS: Partial<Record<DataType, readonly [number, number]>> = {
  Int8: [-128, 127],
  UInt8: [0, 255],
  Int16: [-32768, 32767],
  UInt16: [0, 65535],
  Int32: [-2147483648, 2147483647],
  UInt32: [0, 4294967295],
};
