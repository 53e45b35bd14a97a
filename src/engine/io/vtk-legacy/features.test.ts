/**
 * Legacy-format features the shared files do not exercise, on small hand-written files whose
 * expected contents follow from their text: COLOR_SCALARS, LOOKUP_TABLE blocks, bit arrays,
 * METADATA with INFORMATION keys, optional LOOKUP_TABLE, TENSORS6, GLOBAL_IDS, string
 * PEDIGREE_IDS, NULL_ARRAY, EXTENT, vtkIdType, legacy polyhedra, version-5 ASCII cells, and
 * CRLF line ends in ASCII and binary files.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { StringArray } from '../../data/attributes.js';
import { cellPointIds } from '../../data/cell-array.js';
import { CellType } from '../../data/cell-types.js';
import { describeDifference } from '../../data/compare.js';
import { DataArray } from '../../data/data-array.js';
import type { DataSet } from '../../data/dataset.js';
import { parseVtkLegacy } from './parse.js';

const dataDir = fileURLToPath(new URL('../../../../../shared/data/legacy_vtk/', import.meta.url));
const encoder = new TextEncoder();

/** Concatenates text (as bytes) and binary parts into one file image. */
function bytesOf(...parts: (string | Uint8Array)[]): Uint8Array {
  const chunks = parts.map((p) => (typeof p === 'string' ? encoder.encode(p) : p));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function bigEndian(kind: 'int32' | 'float32' | 'float64', values: number[]): Uint8Array {
  const size = kind === 'float64' ? 8 : 4;
  const view = new DataView(new ArrayBuffer(values.length * size));
  values.forEach((v, i) => {
    if (kind === 'int32') view.setInt32(i * size, v);
    else if (kind === 'float32') view.setFloat32(i * size, v);
    else view.setFloat64(i * size, v);
  });
  return new Uint8Array(view.buffer);
}

function parse(...parts: (string | Uint8Array)[]): DataSet {
  return parseVtkLegacy(bytesOf(...parts), 'test.vtk');
}

function values(data: DataSet, where: 'pointData' | 'cellData' | 'fieldData', name: string): number[] {
  const array = data[where].get(name);
  assert.ok(array instanceof DataArray, `${where}.${name} exists`);
  return Array.from(array.values, Number);
}

const TRIANGLE = '# vtk DataFile Version 3.0\ntriangle\n';

test('ASCII COLOR_SCALARS become unsigned chars (round(255·v)) and active scalars; LOOKUP_TABLE blocks are skipped', () => {
  const data = parse(
    TRIANGLE,
    'ASCII\nDATASET POLYDATA\nPOINTS 3 float\n0 0 0 1 0 0 0 1 0\nPOLYGONS 1 4\n3 0 1 2\n',
    'POINT_DATA 3\nCOLOR_SCALARS rgba 4\n0 0.5 1 1\n1 0 0 0.2\n0.25 0.75 0.1 1\n',
    'LOOKUP_TABLE table 2\n0 0 0 1\n1 1 1 1\n',
    'SCALARS s float\nLOOKUP_TABLE table\n1 2 3\n',
  );
  const rgba = data.pointData.getDataArray('rgba')!;
  assert.equal(rgba.dataType, 'UInt8');
  assert.equal(rgba.numberOfComponents, 4);
  // 255·0.5 + 0.5 = 128, 255·0.2 + 0.5 = 51.5 → 51, 255·0.25 + 0.5 = 64.25 → 64, 255·0.75 + 0.5 → 191, 255·0.1 + 0.5 → 26
  assert.deepEqual(Array.from(rgba.values, Number), [0, 128, 255, 255, 255, 0, 0, 51, 64, 191, 26, 255]);
  assert.equal(data.pointData.getActiveName('scalars'), 'rgba');
  assert.deepEqual(values(data, 'pointData', 's'), [1, 2, 3]);
});

test('binary COLOR_SCALARS, LOOKUP_TABLE, bit arrays, strings and doubles', () => {
  const data = parse(
    TRIANGLE,
    'BINARY\nDATASET POLYDATA\nPOINTS 3 double\n',
    bigEndian('float64', [0, 0, 0, 1, 0, 0, 0, 1, 0.5]),
    '\nVERTICES 1 4\n',
    bigEndian('int32', [3, 0, 1, 2]),
    '\nPOINT_DATA 3\nCOLOR_SCALARS rgb 3\n',
    Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9),
    '\nLOOKUP_TABLE default 2\n',
    Uint8Array.of(0, 0, 0, 255, 255, 255, 255, 255),
    '\nFIELD FieldData 2\nflags 4 3 bit\n',
    // 12 bits, most significant first: 1011 0000 1111 → then padding
    Uint8Array.of(0b10110000, 0b11110000),
    '\nnames 1 3 string\n',
    Uint8Array.of(0xc0 | 1, 0x61, 0xc0 | 0, 0xc0 | 3, 0x62, 0x20, 0x63),
    '\n',
  );
  assert.ok('points' in data);
  assert.deepEqual(Array.from(data.points.values, Number), [0, 0, 0, 1, 0, 0, 0, 1, 0.5]);
  assert.equal(data.points.dataType, 'Float64');
  assert.deepEqual(values(data, 'pointData', 'rgb'), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(data.pointData.getDataArray('rgb')?.dataType, 'UInt8');
  const flags = data.pointData.getDataArray('flags')!;
  assert.equal(flags.dataType, 'UInt8');
  assert.equal(flags.numberOfComponents, 4);
  assert.deepEqual(Array.from(flags.values, Number), [1, 0, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1]);
  const names = data.pointData.get('names');
  assert.ok(names instanceof StringArray);
  assert.deepEqual(names.values, ['a', '', 'b c']);
});

test('METADATA blocks: component names are kept, INFORMATION keys (string vectors included) are skipped', () => {
  const data = parse(
    '# vtk DataFile Version 4.1\nmetadata\nASCII\nDATASET UNSTRUCTURED_GRID\n',
    'POINTS 4 float\n0 0 0 1 0 0 0 1 0 0 0 1\n\n',
    'METADATA\nCOMPONENT_NAMES\nX%20position\nY\nZ\n',
    'INFORMATION 4\nNAME Scale LOCATION Test\nDATA 2.5\nNAME Labels LOCATION Test\nDATA 3\nfirst\nsecond%20one\nthird\n',
    'NAME Sizes LOCATION Test\nDATA 3 1 2 3\nNAME Count LOCATION Test\nDATA 9\n\n',
    'CELLS 1 5\n4 0 1 2 3\nCELL_TYPES 1\n10\n',
    'CELL_DATA 1\nFIELD FieldData 1\nghosts 1 1 unsigned_char\n1\nMETADATA\nCOMPONENT_NAMES\nGhost%20level\nINFORMATION 1\nNAME UNITS_LABEL LOCATION vtkDataArray\nDATA radians\n\n',
  );
  assert.ok('points' in data);
  assert.deepEqual(data.points.componentNames, ['X position', 'Y', 'Z']);
  assert.deepEqual(values(data, 'cellData', 'ghosts'), [1]);
  assert.deepEqual(data.cellData.getDataArray('ghosts')?.componentNames, ['Ghost level']);
  assert.equal(data.type, 'UnstructuredGrid');
  assert.deepEqual(Array.from(data.cellTypes), [CellType.TETRA]);
});

test('SCALARS without LOOKUP_TABLE, multi-component SCALARS, TENSORS6, GLOBAL_IDS, string PEDIGREE_IDS, NULL_ARRAY', () => {
  const data = parse(
    '# vtk DataFile Version 2.0\nattributes\nASCII\nDATASET STRUCTURED_POINTS\nDIMENSIONS 2 1 1\n',
    'POINT_DATA 2\nSCALARS pair double 2\n1.5 -2.5 3e-3 4\n',
    'SCALARS second int\nLOOKUP_TABLE default\n7 8\n',
    'TENSORS6 sym float\n1 2 3 4 5 6 7 8 9 10 11 12\n',
    'GLOBAL_IDS gid vtkIdType\n100 200\n',
    'PEDIGREE_IDS pid string\nalpha\nbeta%20gamma\n',
    'FIELD FieldData 2\nNULL_ARRAY\nextra 1 2 short\n-3 4\n',
  );
  assert.deepEqual(values(data, 'pointData', 'pair'), [1.5, -2.5, 3e-3, 4]);
  assert.equal(data.pointData.getDataArray('pair')?.numberOfComponents, 2);
  assert.deepEqual(values(data, 'pointData', 'second'), [7, 8]);
  assert.deepEqual(values(data, 'pointData', 'sym'), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  assert.equal(data.pointData.getDataArray('gid')?.dataType, 'Int64');
  assert.deepEqual(values(data, 'pointData', 'gid'), [100, 200]);
  assert.deepEqual((data.pointData.get('pid') as StringArray).values, ['alpha', 'beta gamma']);
  assert.deepEqual(values(data, 'pointData', 'extra'), [-3, 4]);
  assert.deepEqual(data.pointData.activeAttributes, { scalars: 'pair', tensors: 'sym', globalIds: 'gid' });
});

test('EXTENT, ORIGIN and SPACING place an image; ASPECT_RATIO is the legacy spelling of SPACING', () => {
  const image = parse(
    '# vtk DataFile Version 3.0\nx\nASCII\nDATASET STRUCTURED_POINTS\nEXTENT -1 1 2 3 0 0\nSPACING 0.5 2 1\nORIGIN 1 2 3\n',
  );
  assert.equal(image.type, 'ImageData');
  assert.deepEqual(image.extent, [-1, 1, 2, 3, 0, 0]);
  assert.deepEqual(image.spacing, [0.5, 2, 1]);
  assert.deepEqual(image.origin, [1, 2, 3]);
  const old = parse(
    '# vtk DataFile Version 1.0\nx\nASCII\nDATASET STRUCTURED_POINTS\nDIMENSIONS 3 2 1\nASPECT_RATIO 4 5 6\n',
  );
  assert.equal(old.type, 'ImageData');
  assert.deepEqual(old.spacing, [4, 5, 6]);
  assert.deepEqual(old.extent, [0, 2, 0, 1, 0, 0]);
});

test('a polyhedron in the classic CELLS layout keeps its faces and gets its sorted point set', () => {
  const faces = [6, 4, 0, 3, 2, 1, 4, 0, 4, 7, 3, 4, 4, 5, 6, 7, 4, 5, 1, 2, 6, 4, 0, 1, 5, 4, 4, 2, 3, 7, 6];
  const data = parse(
    '# vtk DataFile Version 4.2\ncube polyhedron\nASCII\nDATASET UNSTRUCTURED_GRID\nPOINTS 9 float\n',
    '0 0 0 1 0 0 1 1 0 0 1 0 0 0 1 1 0 1 1 1 1 0 1 1 9 9 9\n',
    `CELLS 2 ${faces.length + 1 + 2}\n${faces.length} ${faces.join(' ')}\n1 8\nCELL_TYPES 2\n42\n1\n`,
  );
  assert.equal(data.type, 'UnstructuredGrid');
  assert.deepEqual(cellPointIds(data.cells, 0), [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(cellPointIds(data.cells, 1), [8]);
  assert.deepEqual(Array.from(data.polyhedronFaces!.faces), faces);
  assert.deepEqual(Array.from(data.polyhedronFaces!.faceOffsets), [0, -1]);
});

test('version 5 ASCII cells (OFFSETS/CONNECTIVITY vtktypeint64) read like the classic layout', () => {
  const classic = parse(
    TRIANGLE,
    'ASCII\nDATASET POLYDATA\nPOINTS 4 float\n0 0 0 1 0 0 0 1 0 1 1 0\nLINES 2 7\n2 0 1\n3 1 2 3\n',
  );
  const modern = parse(
    '# vtk DataFile Version 5.1\ntriangle\nASCII\nDATASET POLYDATA\nPOINTS 4 float\n0 0 0 1 0 0 0 1 0 1 1 0\n',
    'LINES 3 5\nOFFSETS vtktypeint64\n0 2 5\nCONNECTIVITY vtktypeint64\n0 1 1 2 3\n',
  );
  assert.equal(describeDifference(classic, modern), undefined);
});

test('CRLF line ends are accepted in ASCII files and in the headers of binary files', () => {
  const original = readFileSync(`${dataDir}uGridEx.vtk`);
  const crlf = Buffer.from(original.toString('latin1').replace(/\n/g, '\r\n'), 'latin1');
  assert.equal(
    describeDifference(parseVtkLegacy(original, 'a.vtk'), parseVtkLegacy(crlf, 'b.vtk')),
    undefined,
  );
  const lf = parse(
    TRIANGLE,
    'BINARY\nDATASET POLYDATA\nPOINTS 1 float\n',
    bigEndian('float32', [1, 2, 3]),
    '\n',
  );
  const withCr = parse(
    '# vtk DataFile Version 3.0\r\ntriangle\r\n',
    'BINARY\r\nDATASET POLYDATA\r\nPOINTS 1 float\r\n',
    bigEndian('float32', [1, 2, 3]),
    '\r\n',
  );
  assert.equal(describeDifference(lf, withCr), undefined);
  assert.ok('points' in withCr);
  assert.deepEqual(Array.from(withCr.points.values, Number), [1, 2, 3]);
});

test('binary short, long, unsigned_long and vtkIdType arrays; SCALARS without LOOKUP_TABLE before binary data', () => {
  const view = new DataView(new ArrayBuffer(4 + 16 + 16 + 8));
  view.setInt16(0, -2);
  view.setInt16(2, 300);
  view.setBigInt64(4, -5n);
  view.setBigInt64(12, 2n ** 40n);
  view.setBigUint64(20, 2n ** 64n - 1n);
  view.setBigUint64(28, 1n);
  view.setInt32(36, 7);
  view.setInt32(40, -1);
  const raw = new Uint8Array(view.buffer);
  const data = parse(
    TRIANGLE,
    'BINARY\nDATASET STRUCTURED_POINTS\nDIMENSIONS 2 1 1\nPOINT_DATA 2\nSCALARS s short\n',
    raw.subarray(0, 4),
    '\nFIELD FieldData 3\nl 1 2 long\n',
    raw.subarray(4, 20),
    '\nul 1 2 unsigned_long\n',
    raw.subarray(20, 36),
    '\nid 1 2 vtkIdType\n',
    raw.subarray(36, 44),
    '\n',
  );
  const types = data.pointData.dataArrays.map((a) => [a.name, a.dataType]);
  assert.deepEqual(types, [
    ['s', 'Int16'],
    ['l', 'Int64'],
    ['ul', 'UInt64'],
    ['id', 'Int64'],
  ]);
  assert.deepEqual(values(data, 'pointData', 's'), [-2, 300]);
  assert.deepEqual(
    [...(data.pointData.getDataArray('l')!.values as BigInt64Array | BigUint64Array)],
    [-5n, 2n ** 40n],
  );
  assert.deepEqual(
    [...(data.pointData.getDataArray('ul')!.values as BigInt64Array | BigUint64Array)],
    [2n ** 64n - 1n, 1n],
  );
  assert.deepEqual(
    [...(data.pointData.getDataArray('id')!.values as BigInt64Array | BigUint64Array)],
    [7n, -1n],
  );
  assert.equal(data.pointData.getActiveName('scalars'), 's');
});

test('an aborted signal stops reading with CancelledError', () => {
  const bytes = readFileSync(`${dataDir}uGridEx.vtk`);
  assert.throws(
    () => parseVtkLegacy(bytes, 'uGridEx.vtk', { signal: AbortSignal.abort() }),
    (error: unknown) => (error as { code?: string }).code === 'PERISCOPE_E_CANCELLED',
  );
});
