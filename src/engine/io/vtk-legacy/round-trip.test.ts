/**
 * Writing then reading gives back the same dataset, bit for bit: every shared legacy file in
 * binary and ASCII, and synthetic datasets of every kind with 64-bit, 8-bit and float64 arrays,
 * special float values, names needing escapes, string arrays and mixed cell types.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { StringArray } from '../../data/attributes.js';
import { cellArrayFromLists, toIndexArray } from '../../data/cell-array.js';
import { CellType } from '../../data/cell-types.js';
import { describeDifference } from '../../data/compare.js';
import { DataArray, type DataType, dataArrayFrom } from '../../data/data-array.js';
import {
  createImageData,
  createPolyData,
  createRectilinearGrid,
  createStructuredGrid,
  createUnstructuredGrid,
  type DataSet,
} from '../../data/dataset.js';
import { readVtkLegacy } from './reader.js';
import { vtkLegacyWriter, writeVtkLegacy } from './writer.js';

const dataDir = fileURLToPath(new URL('../../../../../shared/data/legacy_vtk/', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'periscope-vtk-legacy-'));
after(() => rmSync(work, { recursive: true, force: true }));

let counter = 0;
async function roundTrip(data: DataSet, ascii: boolean): Promise<{ back: DataSet; path: string }> {
  const path = join(work, `out-${counter++}.vtk`);
  await writeVtkLegacy(path, data, { ascii });
  return { back: await readVtkLegacy(path), path };
}

async function assertRoundTrips(data: DataSet): Promise<DataSet[]> {
  const results: DataSet[] = [];
  for (const ascii of [false, true]) {
    const { back } = await roundTrip(data, ascii);
    assert.equal(describeDifference(data, back), undefined, ascii ? 'ASCII' : 'binary');
    results.push(back);
  }
  return results;
}

const sharedFiles = readdirSync(dataDir).filter((name) => name.endsWith('.vtk'));

test('the shared data folder has the 13 legacy files MANIFEST.md lists', () => {
  assert.equal(sharedFiles.length, 13);
});

for (const name of sharedFiles) {
  test(`${name} survives writing (binary and ASCII) and reading back`, async () => {
    await assertRoundTrips(await readVtkLegacy(join(dataDir, name)));
  });
}

function typed(name: string, type: DataType, values: number[], components = 1): DataArray {
  return dataArrayFrom(name, type, values, components);
}

/** Values at the edges of what each representation holds exactly. */
const FLOAT64_SPECIALS = [
  0,
  -0,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  0.1,
  Math.PI,
  1e-300,
  5e-324,
  Number.MAX_VALUE,
  -1234567.891,
  2 ** 53 + 2,
];
const FLOAT32_SPECIALS = FLOAT64_SPECIALS.map(Math.fround);

test('ImageData with a shifted extent, 64-bit, 8-bit and float64 arrays, strings and escaped names', async () => {
  const image = createImageData({
    extent: [2, 5, -1, 1, 3, 3],
    spacing: [0.5, 0.25, 1e-3],
    origin: [-1, 2.5, 1e-7],
  });
  const points = 4 * 3;
  const cells = 3 * 2;
  const big = new DataArray({
    name: 'big ids',
    values: BigInt64Array.from({ length: points }, (_, i) =>
      i % 2 ? -(2n ** 63n) + BigInt(i) : 2n ** 62n + BigInt(i),
    ),
  });
  const colors = typed(
    'rgb colours',
    'UInt8',
    Array.from({ length: points * 3 }, (_, i) => (i * 37) % 256),
    3,
  );
  colors.componentNames = ['red channel', 'green%', 'blue'];
  image.pointData.setAttribute('scalars', colors);
  image.pointData.add(big);
  image.pointData.add(typed('doubles', 'Float64', FLOAT64_SPECIALS));
  image.pointData.setAttribute(
    'vectors',
    typed('floats', 'Float32', FLOAT32_SPECIALS.concat(FLOAT32_SPECIALS, FLOAT32_SPECIALS), 3),
  );
  image.cellData.add(typed('int8', 'Int8', [-128, -1, 0, 1, 127, 5]));
  image.cellData.add(typed('uint16', 'UInt16', [0, 1, 2, 65535, 4, 5]));
  image.cellData.add(typed('int16', 'Int16', [-32768, 32767, 0, 1, 2, 3]));
  image.cellData.add(typed('uint32', 'UInt32', [0, 4294967295, 1, 2, 3, 4]));
  image.cellData.add(
    new DataArray({
      name: 'uint64',
      values: BigUint64Array.from({ length: cells }, (_, i) => 2n ** 64n - 1n - BigInt(i)),
    }),
  );
  image.fieldData.add(
    new StringArray('notes & remarks', [
      'plain',
      'with space',
      '',
      'per%cent',
      'new\nline',
      'ünïcødé ✓',
      'x'.repeat(70),
    ]),
  );
  image.fieldData.add(typed('time value', 'Float64', [0.125]));
  const [binary, ascii] = await assertRoundTrips(image);
  for (const back of [binary, ascii]) {
    // describeDifference treats 0 and -0 as equal; the sign must survive too.
    assert.ok(Object.is(back.pointData.getDataArray('doubles')?.values[1], -0));
    assert.deepEqual(back.pointData.getDataArray('rgb colours')?.componentNames, [
      'red channel',
      'green%',
      'blue',
    ]);
    assert.deepEqual(back.pointData.activeAttributes, { scalars: 'rgb colours', vectors: 'floats' });
  }
});

test('RectilinearGrid with float64 and int32 coordinates', async () => {
  const grid = createRectilinearGrid({
    extent: [0, 2, 0, 1, 0, 3],
    xCoordinates: typed('x', 'Float64', [-1.5, 0.1, 1e10]),
    yCoordinates: typed('y', 'Int32', [-7, 9]),
    zCoordinates: typed('z', 'Float32', [0, 0.1, 0.2, 0.3].map(Math.fround)),
  });
  grid.cellData.setAttribute('scalars', typed('cell value', 'Float64', [1, 2, 3, 4, 5, 6]));
  grid.pointData.setAttribute(
    'globalIds',
    new DataArray({
      name: 'ids',
      values: BigInt64Array.from({ length: 24 }, (_, i) => BigInt(i) * 10n ** 12n),
    }),
  );
  await assertRoundTrips(grid);
});

test('StructuredGrid with vectors, normals, 2-component tcoords, 9- and 6-component tensors', async () => {
  const n = 2 * 2 * 2;
  const grid = createStructuredGrid({
    extent: [0, 1, 0, 1, 0, 1],
    points: typed(
      'Points',
      'Float64',
      Array.from({ length: n * 3 }, (_, i) => Math.sin(i) * 1e3),
      3,
    ),
  });
  const series = (count: number) => Array.from({ length: count }, (_, i) => Math.fround(Math.cos(i) / 3));
  grid.pointData.setAttribute('vectors', typed('velocity', 'Float32', series(n * 3), 3));
  grid.pointData.setAttribute('normals', typed('normals', 'Float64', series(n * 3), 3));
  grid.pointData.setAttribute('tcoords', typed('uv', 'Float32', series(n * 2), 2));
  grid.pointData.setAttribute('tensors', typed('stress', 'Float64', series(n * 9), 9));
  grid.pointData.add(typed('strain6', 'Float32', series(n * 6), 6));
  grid.cellData.setAttribute('tensors', typed('sym', 'Float32', series(6), 6));
  await assertRoundTrips(grid);
});

test('PolyData with vertices, lines, polygons and strips', async () => {
  const poly = createPolyData({
    points: typed(
      'Points',
      'Float32',
      Array.from({ length: 10 * 3 }, (_, i) => Math.fround(i / 7)),
      3,
    ),
    verts: cellArrayFromLists([[0], [9, 8]]),
    lines: cellArrayFromLists([[0, 1, 2, 3]]),
    polys: cellArrayFromLists([
      [0, 1, 2],
      [3, 4, 5, 6, 7],
    ]),
    strips: cellArrayFromLists([[4, 5, 6, 7, 8, 9]]),
  });
  poly.cellData.setAttribute(
    'normals',
    typed(
      'face normals',
      'Float32',
      Array.from({ length: 18 }, (_, i) => i),
      3,
    ),
  );
  poly.pointData.add(
    typed(
      'weights',
      'Float64',
      Array.from({ length: 10 }, (_, i) => 1 / (i + 1)),
    ),
  );
  await assertRoundTrips(poly);
});

test('UnstructuredGrid with mixed linear, quadratic, variable-size and polyhedron cells', async () => {
  const lists = [
    [0, 1, 2, 3], // tetra
    [0, 1, 2, 3, 4, 5, 6, 7], // hexahedron
    [0, 1, 2, 3, 4, 5], // wedge
    [0, 1, 2, 3, 4], // pyramid
    [5, 6, 7], // triangle
    [4, 5, 6, 7], // quad
    [0, 2, 4, 6, 8], // polygon
    [8, 9, 10, 11], // poly-line
    [11], // vertex
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], // quadratic tetra
    [0, 1, 2, 3, 4, 5, 6, 7], // polyhedron (a cube); sorted ids, as reading rebuilds them
  ];
  const types = [
    CellType.TETRA,
    CellType.HEXAHEDRON,
    CellType.WEDGE,
    CellType.PYRAMID,
    CellType.TRIANGLE,
    CellType.QUAD,
    CellType.POLYGON,
    CellType.POLY_LINE,
    CellType.VERTEX,
    CellType.QUADRATIC_TETRA,
    CellType.POLYHEDRON,
  ];
  const cubeFaces = [
    6, 4, 0, 3, 2, 1, 4, 0, 4, 7, 3, 4, 4, 5, 6, 7, 4, 5, 1, 2, 6, 4, 0, 1, 5, 4, 4, 2, 3, 7, 6,
  ];
  const grid = createUnstructuredGrid({
    points: typed(
      'Points',
      'Float64',
      Array.from({ length: 12 * 3 }, (_, i) => i * 0.5),
      3,
    ),
    cells: cellArrayFromLists(lists),
    cellTypes: Uint8Array.from(types),
    polyhedronFaces: {
      faces: toIndexArray(cubeFaces),
      faceOffsets: toIndexArray(types.map((t) => (t === CellType.POLYHEDRON ? 0 : -1))),
    },
  });
  grid.cellData.setAttribute(
    'scalars',
    typed(
      'material id',
      'UInt8',
      types.map((_, i) => i),
    ),
  );
  grid.pointData.setAttribute(
    'scalars',
    typed(
      'temperature',
      'Float64',
      Array.from({ length: 12 }, (_, i) => 273.15 + i),
    ),
  );
  await assertRoundTrips(grid);
});

test('empty datasets round-trip', async () => {
  await assertRoundTrips(createPolyData({ points: typed('Points', 'Float32', [], 3) }));
  await assertRoundTrips(
    createUnstructuredGrid({
      points: typed('Points', 'Float32', [1, 2, 3], 3),
      cells: cellArrayFromLists([]),
      cellTypes: new Uint8Array(0),
    }),
  );
});

test('the writer emits version 5.1 with 64-bit OFFSETS/CONNECTIVITY, binary unless asked for ASCII', async () => {
  const poly = createPolyData({
    points: typed('Points', 'Float32', [0, 0, 0, 1, 0, 0, 0, 1, 0], 3),
    polys: cellArrayFromLists([[0, 1, 2]]),
  });
  const { path: binaryPath } = await roundTrip(poly, false);
  const binaryText = readFileSync(binaryPath, 'latin1');
  assert.ok(binaryText.startsWith('# vtk DataFile Version 5.1\nvtk output\nBINARY\nDATASET POLYDATA\n'));
  assert.match(binaryText, /POLYGONS 2 3\nOFFSETS vtktypeint64\n/);
  // Two offsets and three ids of 8 bytes each, big-endian.
  const offsetsAt = binaryText.indexOf('OFFSETS vtktypeint64\n') + 'OFFSETS vtktypeint64\n'.length;
  const bytes = readFileSync(binaryPath);
  assert.deepEqual(
    [...bytes.subarray(offsetsAt, offsetsAt + 16)],
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3],
  );
  const { path: asciiPath } = await roundTrip(poly, true);
  assert.match(readFileSync(asciiPath, 'latin1'), /^# vtk DataFile Version 5\.1\nvtk output\nASCII\n/);
  assert.equal(vtkLegacyWriter.accepts(poly), true);
  assert.deepEqual(vtkLegacyWriter.extensions, ['.vtk']);
});

test('an aborted write raises CancelledError and leaves no partial file', async () => {
  const path = join(work, 'aborted.vtk');
  const poly = createPolyData({ points: typed('Points', 'Float32', [0, 0, 0], 3) });
  await assert.rejects(writeVtkLegacy(path, poly, { signal: AbortSignal.abort() }), {
    code: 'PERISCOPE_E_CANCELLED',
  });
  assert.equal(existsSync(path), false);
});

test('what legacy files cannot hold is refused with a WriteError before writing', async () => {
  const path = join(work, 'refused.vtk');
  const rotated = createImageData({ extent: [0, 1, 0, 1, 0, 0], direction: [0, -1, 0, 1, 0, 0, 0, 0, 1] });
  await assert.rejects(writeVtkLegacy(path, rotated), { code: 'PERISCOPE_E_WRITE', message: /direction/ });
  const poly = createPolyData({ points: typed('Points', 'Float32', [0, 0, 0], 3) });
  poly.pointData.add(typed('wrong length', 'Float32', [1, 2]));
  await assert.rejects(writeVtkLegacy(path, poly), {
    code: 'PERISCOPE_E_WRITE',
    message: /'wrong length' has 2 tuples/,
  });
  assert.equal(existsSync(path), false);
});
