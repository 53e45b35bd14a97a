/**
 * Files written by VTK 9.1's own XML writers (fixtures/make-fixtures.py) in the encodings no
 * shared file uses: LZ4 and LZMA compression, big-endian data, UInt32 headers, appended base64,
 * ascii string arrays, polyhedra. Every value is a formula of its index (see the script), so the
 * expectations are recomputed here, not taken from our own output.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { StringArray } from '../../data/attributes.js';
import { CellType } from '../../data/cell-types.js';
import type { DataSet } from '../../data/dataset.js';
import { numberOfCells, numberOfPoints } from '../../data/queries.js';
import { readVtkXml } from './index.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const N = 600;

function checkAttributes(data: DataSet): void {
  const f64 = data.pointData.getDataArray('f64');
  const i64 = data.pointData.getDataArray('i64');
  const u8 = data.pointData.getDataArray('u8');
  const vec = data.pointData.getDataArray('vec');
  assert.ok(f64 && i64 && u8 && vec);
  assert.equal(f64.dataType, 'Float64');
  assert.equal(i64.dataType, 'Int64');
  assert.equal(u8.dataType, 'UInt8');
  assert.equal(vec.dataType, 'Float32');
  assert.equal(vec.numberOfComponents, 3);
  for (let i = 0; i < N; i++) {
    assert.equal(f64.values[i], i * 0.25);
    assert.equal(i64.values[i], BigInt(i * 1000003 - 500000000000));
    assert.equal(u8.values[i], i % 251);
    assert.deepEqual(vec.getTuple(i), [i, 0 - i, Math.fround(i / 8)]);
  }
  const cid = data.cellData.getDataArray('cid');
  assert.ok(cid);
  assert.equal(cid.numberOfTuples, numberOfCells(data));
  for (let c = 0; c < cid.numberOfTuples; c++) assert.equal(cid.values[c], c * 3 - 7);
  assert.deepEqual(data.pointData.activeAttributes, { scalars: 'f64', vectors: 'vec' });
  assert.deepEqual(data.cellData.activeAttributes, { scalars: 'cid' });
  const names = data.fieldData.get('names');
  assert.ok(names instanceof StringArray);
  assert.deepEqual(names.values, ['alpha', 'beta gamma', 'δ']);
  assert.deepEqual([...(data.fieldData.getDataArray('time')?.values ?? [])], [0.5]);
}

function checkPoints(data: DataSet & { points: { getTuple(i: number): number[] } }): void {
  for (let i = 0; i < N; i++) assert.deepEqual(data.points.getTuple(i), [i * 0.25, (i % 7) * 0.5, i % 3]);
}

async function checkUnstructured(file: string): Promise<void> {
  const data = await readVtkXml(FIXTURES + file);
  assert.equal(data.type, 'UnstructuredGrid');
  if (data.type !== 'UnstructuredGrid') return;
  assert.equal(numberOfPoints(data), N);
  // N − 3 tetras over consecutive points, one hexahedron, one cube polyhedron.
  assert.equal(numberOfCells(data), N - 1);
  checkPoints(data);
  checkAttributes(data);
  for (let c = 0; c < N - 3; c++) {
    assert.equal(data.cellTypes[c], CellType.TETRA);
    assert.deepEqual([...data.cells.connectivity.subarray(4 * c, 4 * c + 4)], [c, c + 1, c + 2, c + 3]);
  }
  assert.equal(data.cellTypes[N - 3], CellType.HEXAHEDRON);
  assert.equal(data.cellTypes[N - 2], CellType.POLYHEDRON);
  const faces = data.polyhedronFaces;
  assert.ok(faces);
  assert.equal(faces.faceOffsets[N - 3], -1);
  const start = faces.faceOffsets[N - 2];
  assert.deepEqual(
    [...faces.faces.subarray(start, start + 31)],
    [6, 4, 0, 3, 2, 1, 4, 4, 5, 6, 7, 4, 0, 1, 5, 4, 4, 1, 2, 6, 5, 4, 2, 3, 7, 6, 4, 3, 0, 4, 7],
  );
}

test('LZ4-compressed appended raw data (vtkLZ4DataCompressor, UInt64 headers)', async () => {
  await checkUnstructured('vtk91-lz4-appended-raw.vtu');
});

test('ascii data, including a string array written as signed char codes', async () => {
  await checkUnstructured('vtk91-ascii.vtu');
});

test('LZMA-compressed inline base64 with UInt32 headers (PolyData)', async () => {
  const data = await readVtkXml(`${FIXTURES}vtk91-lzma-inline-uint32.vtp`);
  assert.equal(data.type, 'PolyData');
  if (data.type !== 'PolyData') return;
  checkPoints(data);
  checkAttributes(data);
  // Verts every 10th point, lines over pairs, triangles over triples.
  assert.equal(data.verts.offsets.length - 1, N / 10);
  assert.equal(data.lines.offsets.length - 1, N / 2);
  assert.equal(data.polys.offsets.length - 1, N / 3);
  assert.deepEqual([...data.polys.connectivity.subarray(0, 6)], [0, 1, 2, 3, 4, 5]);
  assert.equal(data.verts.connectivity[7], 70);
});

test('big-endian appended base64 with UInt32 headers (StructuredGrid)', async () => {
  const data = await readVtkXml(`${FIXTURES}vtk91-bigendian-appended-base64.vts`);
  assert.equal(data.type, 'StructuredGrid');
  if (data.type !== 'StructuredGrid') return;
  assert.deepEqual(data.extent, [0, 19, 0, 9, 0, 2]);
  checkPoints(data);
  checkAttributes(data);
});

test('big-endian zlib-compressed appended raw data (ImageData with Direction)', async () => {
  const data = await readVtkXml(`${FIXTURES}vtk91-bigendian-zlib-appended-raw.vti`);
  assert.equal(data.type, 'ImageData');
  if (data.type !== 'ImageData') return;
  assert.deepEqual(data.extent, [0, 19, 0, 9, 0, 2]);
  assert.deepEqual(data.origin, [-1.5, 2, 0.25]);
  assert.deepEqual(data.spacing, [0.5, 0.25, 2]);
  assert.deepEqual(data.direction, [0, -1, 0, 1, 0, 0, 0, 0, 1]);
  assert.equal(numberOfCells(data), 19 * 9 * 2);
  checkAttributes(data);
});
