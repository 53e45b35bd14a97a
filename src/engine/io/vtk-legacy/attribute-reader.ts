/**
 * POINT_DATA / CELL_DATA sections and FIELD blocks. As in VTK, the first array of each attribute
 * kind becomes the active one (scalars, vectors, normals, texture coordinates, tensors, global
 * ids); later ones of the same kind are kept as ordinary arrays, as ParaView's reader does.
 */
import { throwIfAborted } from '../../../errors.js';
import type { AttributeRole, DataSetAttributes, FieldData } from '../../data/attributes.js';
import { DataArray } from '../../data/data-array.js';
import type { DataSet } from '../../data/dataset.js';
import { numberOfCells, numberOfPoints } from '../../data/queries.js';
import { type LegacyArray, readLegacyArray, readValues, readValueType } from './array-reader.js';
import { type LegacyValueType, legacyValueType } from './data-types.js';
import { decodeName } from './names.js';
import type { LegacyScanner } from './scanner.js';

export interface SectionContext {
  scanner: LegacyScanner;
  binary: boolean;
  signal?: AbortSignal;
}

/**
 * Reads a FIELD block whose keyword token has just been read: `FIELD name n`, then n arrays
 * `name components tuples type` (or NULL_ARRAY placeholders, which count but hold nothing).
 */
export function readFieldBlock(context: SectionContext, where: string): LegacyArray[] {
  const { scanner, binary } = context;
  scanner.expectWord(`the name of a FIELD block in ${where}`);
  const count = scanner.readCount(`FIELD in ${where}: number of arrays`);
  const arrays: LegacyArray[] = [];
  for (let i = 0; i < count; i++) {
    throwIfAborted(context.signal, 'reading a legacy VTK file');
    const token = scanner.expectWord(`array ${i} of a FIELD block in ${where}`);
    if (token === 'NULL_ARRAY') continue;
    const name = decodeName(token);
    const what = `FIELD array '${name}' in ${where}`;
    const components = scanner.readCount(`${what}: number of components`);
    const tuples = scanner.readCount(`${what}: number of tuples`);
    const type = readValueType(scanner, what);
    arrays.push(readLegacyArray(scanner, binary, type, { name, tuples, components, what }));
  }
  return arrays;
}

/** Adds arrays of a dataset-level FIELD block to `fieldData`. */
export function addFieldArrays(fieldData: FieldData, arrays: LegacyArray[]): void {
  for (const array of arrays) fieldData.add(array);
}

/** Adds `array`, making it the active `role` unless that role already has an array. */
function addAttribute(attributes: DataSetAttributes, role: AttributeRole | undefined, array: LegacyArray) {
  if (role && array instanceof DataArray && attributes.getActiveName(role) === undefined) {
    attributes.setAttribute(role, array);
  } else {
    attributes.add(array);
  }
}

/** Fixed component counts of the attribute keywords that imply them. */
const ATTRIBUTE_KEYWORDS: Record<string, { role?: AttributeRole; components: number }> = {
  vectors: { role: 'vectors', components: 3 },
  normals: { role: 'normals', components: 3 },
  tensors: { role: 'tensors', components: 9 },
  tensors6: { role: 'tensors', components: 6 },
  global_ids: { role: 'globalIds', components: 1 },
  pedigree_ids: { components: 1 },
  edge_flags: { components: 1 },
};

/**
 * Reads attribute sections until the end of the file; `first` is the POINT_DATA or CELL_DATA
 * keyword that has just been read. Counts must match the dataset's points or cells.
 */
export function readAttributeSections(context: SectionContext, data: DataSet, first: string): void {
  const { scanner } = context;
  let keyword: string | undefined = first;
  let attributes = data.pointData;
  let section = 'POINT_DATA';
  let tuples = 0;
  while (keyword !== undefined) {
    throwIfAborted(context.signal, 'reading a legacy VTK file');
    const key = keyword.toLowerCase();
    if (key === 'point_data' || key === 'cell_data') {
      section = key === 'point_data' ? 'POINT_DATA' : 'CELL_DATA';
      tuples = scanner.readCount(`${section}: count`);
      const expected = key === 'point_data' ? numberOfPoints(data) : numberOfCells(data);
      if (tuples !== expected) {
        throw scanner.errorAtToken(
          `${section} declares ${tuples} ${key === 'point_data' ? 'points' : 'cells'} but the dataset has ${expected}`,
        );
      }
      attributes = key === 'point_data' ? data.pointData : data.cellData;
    } else if (key === 'field') {
      for (const array of readFieldBlock(context, section)) {
        if (array.numberOfTuples !== tuples) {
          throw scanner.error(
            `FIELD array '${array.name}' in ${section} has ${array.numberOfTuples} tuples; ${section} has ${tuples}`,
          );
        }
        attributes.add(array);
      }
    } else if (key === 'lookup_table') {
      skipLookupTable(context, section);
    } else {
      readAttribute(context, attributes, key, section, tuples);
    }
    keyword = scanner.nextWord();
  }
}

function readAttribute(
  context: SectionContext,
  attributes: DataSetAttributes,
  key: string,
  section: string,
  tuples: number,
): void {
  const { scanner, binary } = context;
  const keywordMark = scanner.tokenMark;
  const upper = key.toUpperCase();
  if (!['scalars', 'color_scalars', 'texture_coordinates'].includes(key) && !ATTRIBUTE_KEYWORDS[key]) {
    throw scanner.error(`unknown keyword '${upper}' in ${section}`, keywordMark);
  }
  const name = decodeName(scanner.expectWord(`the array name of ${section} ${upper}`));
  const what = `${section} ${upper} '${name}'`;
  if (key === 'scalars') {
    const type = readValueType(scanner, what);
    // The optional component count sits on the SCALARS line; binary data may follow the next line.
    const componentsWord = scanner.nextWordOnLine();
    let components = 1;
    let tableNamed = false;
    if (componentsWord?.toLowerCase() === 'lookup_table') {
      scanner.expectWord(`${what}: lookup table name`);
      tableNamed = true;
    } else if (componentsWord !== undefined) {
      if (!/^\d+$/.test(componentsWord) || Number(componentsWord) < 1) {
        throw scanner.errorAtToken(`${what}: invalid number of components '${componentsWord}'`);
      }
      components = Number(componentsWord);
    }
    // VTK requires LOOKUP_TABLE here; other writers omit it, so it is optional.
    if (!tableNamed && scanner.atKeyword('LOOKUP_TABLE')) {
      scanner.nextWord();
      scanner.expectWord(`${what}: lookup table name`);
    }
    addAttribute(
      attributes,
      'scalars',
      readLegacyArray(scanner, binary, type, { name, tuples, components, what }),
    );
    return;
  }
  if (key === 'color_scalars') {
    const components = scanner.readCount(`${what}: number of values`);
    addAttribute(attributes, 'scalars', readColorScalars(context, name, tuples, components, what));
    return;
  }
  if (key === 'texture_coordinates') {
    const components = scanner.readCount(`${what}: dimension`);
    if (components < 1 || components > 3) throw scanner.errorAtToken(`${what}: dimension must be 1, 2 or 3`);
    const type = readValueType(scanner, what);
    addAttribute(
      attributes,
      'tcoords',
      readLegacyArray(scanner, binary, type, { name, tuples, components, what }),
    );
    return;
  }
  const { role, components } = ATTRIBUTE_KEYWORDS[key];
  const type = readValueType(scanner, what);
  addAttribute(attributes, role, readLegacyArray(scanner, binary, type, { name, tuples, components, what }));
}

/**
 * COLOR_SCALARS are unsigned chars in binary files and floats in [0, 1] in ASCII ones; VTK turns
 * the floats into unsigned chars (round(255·v)), so both read as UInt8.
 */
function readColorScalars(
  context: SectionContext,
  name: string,
  tuples: number,
  components: number,
  what: string,
) {
  const { scanner, binary } = context;
  if (binary) {
    const type = legacyValueType('unsigned_char')!;
    return readLegacyArray(scanner, binary, type, { name, tuples, components, what });
  }
  const floats = readLegacyArray(scanner, binary, legacyValueType('float')!, {
    name,
    tuples,
    components,
    what,
  }) as DataArray;
  const values = new Uint8Array(floats.values.length);
  const source = floats.values as Float32Array;
  for (let i = 0; i < values.length; i++)
    values[i] = Math.min(255, Math.max(0, Math.trunc(255 * source[i] + 0.5)));
  return new DataArray({
    name,
    values,
    numberOfComponents: components,
    componentNames: floats.componentNames,
  });
}

/** LOOKUP_TABLE name n: n RGBA entries (unsigned chars in binary, floats in ASCII), not kept. */
function skipLookupTable(context: SectionContext, section: string): void {
  const { scanner, binary } = context;
  const name = scanner.expectWord(`${section} LOOKUP_TABLE name`);
  const entries = scanner.readCount(`${section} LOOKUP_TABLE '${name}': number of entries`);
  const what = `${section} LOOKUP_TABLE '${name}'`;
  const type = legacyValueType(binary ? 'unsigned_char' : 'float') as LegacyValueType & { kind: 'numeric' };
  readValues(scanner, binary, type, entries * 4, what);
}
