/**
 * read → write → read must give back exactly the same dataset (bit for bit, types included),
 * for every shared file and for synthetic datasets of every kind, in all three encodings.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CancelledError, WriteError } from '../../../errors.js';
import { StringArray } from '../../data/attributes.js';
import { cellArrayFromLists } from '../../data/cell-array.js';
import { CellType } from '../../data/cell-types.js';
import { describeDifference } from '../../data/compare.js';
import { DataArray, dataArrayFrom } from '../../data/data-array.js';
import {
  createImageData,
  createPolyData,
  createRectilinearGrid,
  createStructuredGrid,
  createUnstructuredGrid,
  type DataSet,
} from '../../data/dataset.js';
import type { WriteOptions } from '../types.js';
import { readVtkXml, SERIAL_TYPES, writeVtkXml } from './index.js';

const DATA_DIR = fileURLToPath(new URL('../../../../../shared/data/vtk_xml/', import.meta.url));
const MODES: [string, WriteOptions][] = [
  ['appended raw', {}],
  ['appended zlib', { compress: true }],
  ['ascii', { ascii: true }],
];

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'periscope-vtkxml-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function roundTrip(data: DataSet, name: string, options: WriteOptions): Promise<DataSet> {
  const path = join(dir, `${name}${SERIAL_TYPES[data.type]}`);
  await writeVtkXml(path, data, options);
  return readVtkXml(path);
}

for (const file of [
  'vase.vti',
  'hydrogen.vti',
  'volume_complex.vti',
  'SemiDisk-0.vtp',
  'SuperQuadric.vtp',
  'probes.vtp',
  'can.vtu',
  'polyhedron2pieces.vtu',
  'celldata_appended_binary_compressed.vtu',
  'hexahedron.vtu',
  'StructuredGrid.vts',
  'RectilinearGrid_ascii.vtr',
  'RectilinearGridInlineBinary.vtr',
  'notch_disp.vtu',
]) {
  test(`round trip of ${file} (raw, zlib, ascii)`, async () => {
    const original = await readVtkXml(DATA_DIR + file);
    for (const [mode, options] of MODES) {
      const back = await roundTrip(original, `${file}-${mode.replace(' ', '-')}`, options);
      assert.equal(describeDifference(original, back), undefined, `${file} ${mode}`);
    }
  });
}

/** Awkward names: spaces, the XML specials, quotes, a tab, non-ASCII. */
const ODD_NAMES = ['with spaces', 'a&b<c>d"e\'f', 'tab\there', 'δ-ünïcode'];

function decorate<T extends DataSet>(data: T, points: number, cells: number): T {
  const i64 = DataArray.allocate(ODD_NAMES[0], 'Int64', points);
  const extremes = [-(2n ** 63n), 2n ** 63n - 1n, 0n, -1n];
  for (let i = 0; i < points; i++)
    (i64.values as BigInt64Array)[i] = extremes[i % 4] + BigInt(i % 4 === 1 ? -i : i);
  const u8 = DataArray.allocate(ODD_NAMES[1], 'UInt8', points, 2);
  u8.values.forEach((_, i) => {
    (u8.values as Uint8Array)[i] = (i * 37) % 256;
  });
  const f32 = DataArray.allocate('specials', 'Float32', points, 3);
  const specials = [Number.NaN, -0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0.1, 1e-40, 3.4e38];
  for (let i = 0; i < f32.values.length; i++)
    (f32.values as Float32Array)[i] = specials[i % specials.length] * (i + 1);
  f32.componentNames = ['x', 'y axis', 'z&'];
  const u64 = DataArray.allocate('u64', 'UInt64', points);
  for (let i = 0; i < points; i++) (u64.values as BigUint64Array)[i] = 2n ** 64n - 1n - BigInt(i);
  data.pointData.add(i64).add(u8).add(u64).setAttribute('vectors', f32);
  data.pointData.setActive('scalars', ODD_NAMES[0]);
  const f64 = DataArray.allocate(ODD_NAMES[2], 'Float64', cells);
  for (let i = 0; i < cells; i++)
    (f64.values as Float64Array)[i] = Math.PI * (i - 3) ** 3 * 1e-300 + 1 / (i + 3);
  const i16 = dataArrayFrom(
    ODD_NAMES[3],
    'Int16',
    Array.from({ length: cells }, (_, i) => -32768 + i * 7),
  );
  data.cellData.add(f64).setAttribute('scalars', i16);
  data.fieldData
    .add(new StringArray('strings', ['', 'plain', 'a "quoted" <tag> & more', 'naïve ✓', ' spaced ']))
    .add(dataArrayFrom('time', 'Float64', [1.5, -2.25]))
    .add(dataArrayFrom('chars', 'Int8', [72, 105, 0, -5], 2));
  return data;
}

function points(n: number, type: 'Float32' | 'Float64' = 'Float32'): DataArray {
  return dataArrayFrom(
    'Points',
    type,
    Array.from({ length: 3 * n }, (_, i) => Math.sin(i) * 10 + i / 7),
    3,
  );
}

function synthetic(): [string, DataSet][] {
  const image = createImageData({
    extent: [-2, 3, 1, 4, 0, 2],
    origin: [0.1, -2.5, 1e-3],
    spacing: [0.3, 0.7, 2],
    direction: [0, 0, 1, 0, 1, 0, -1, 0, 0],
  });
  const rectilinear = createRectilinearGrid({
    extent: [0, 4, 0, 2, 0, 0],
    xCoordinates: dataArrayFrom('x', 'Float64', [-1, 0.5, 1, 2.5, 9]),
    yCoordinates: dataArrayFrom('y', 'Float64', [0, 1 / 3, 2]),
    zCoordinates: dataArrayFrom('', 'Float64', [0.25]),
  });
  const structured = createStructuredGrid({ extent: [0, 2, 0, 3, 0, 1], points: points(24, 'Float64') });
  const poly = createPolyData({
    points: points(9),
    verts: cellArrayFromLists([[0], [8, 7]]),
    lines: cellArrayFromLists([[0, 1, 2]]),
    polys: cellArrayFromLists([
      [0, 1, 2],
      [3, 4, 5, 6],
    ]),
    strips: cellArrayFromLists([[2, 3, 4, 5, 6]]),
  });
  const cube = [6, 4, 0, 3, 2, 1, 4, 4, 5, 6, 7, 4, 0, 1, 5, 4, 4, 1, 2, 6, 5, 4, 2, 3, 7, 6, 4, 3, 0, 4, 7];
  const unstructured = createUnstructuredGrid({
    points: points(12, 'Float64'),
    cells: cellArrayFromLists([
      [0, 1, 2, 3],
      [0, 1, 2, 3, 4, 5, 6, 7],
      [8, 9, 10, 11],
      [0, 1, 2, 3, 4, 5, 6, 7],
      [],
    ]),
    cellTypes: new Uint8Array([
      CellType.TETRA,
      CellType.POLYHEDRON,
      CellType.QUAD,
      CellType.POLYHEDRON,
      CellType.EMPTY_CELL,
    ]),
    polyhedronFaces: {
      faces: new Int32Array([...cube, ...cube]),
      faceOffsets: new Int32Array([-1, 0, -1, 31, -1]),
    },
  });
  // Enough cells that ids cross the 1 MiB conversion window and zlib writes many blocks.
  const tetras = 60000;
  const bigPoints = tetras + 3;
  const bigCells = Array.from({ length: tetras }, (_, c) => [c, c + 1, c + 2, c + 3]);
  const big = createUnstructuredGrid({
    points: points(bigPoints),
    cells: cellArrayFromLists(bigCells),
    cellTypes: new Uint8Array(tetras).fill(CellType.TETRA),
  });
  const empty = createUnstructuredGrid({
    points: DataArray.allocate('Points', 'Float32', 0, 3),
    cells: cellArrayFromLists([]),
    cellTypes: new Uint8Array(0),
  });
  return [
    ['image', decorate(image, 6 * 4 * 3, 5 * 3 * 2)],
    ['rectilinear', decorate(rectilinear, 15, 8)],
    ['structured', decorate(structured, 24, 6)],
    ['poly', decorate(poly, 9, 6)],
    ['unstructured', decorate(unstructured, 12, 5)],
    ['big', decorate(big, bigPoints, tetras)],
    ['empty', empty],
  ];
}

for (const [name, data] of synthetic()) {
  test(`round trip of a synthetic ${name} ${data.type} (raw, zlib, ascii)`, async () => {
    for (const [mode, options] of MODES) {
      const back = await roundTrip(data, `${name}-${mode.replace(' ', '-')}`, options);
      assert.equal(describeDifference(data, back), undefined, `${name} ${mode}`);
      if (name === 'empty') continue;
      assert.deepEqual(back.pointData.getDataArray('specials')?.componentNames, ['x', 'y axis', 'z&']);
      assert.equal(back.pointData.getDataArray(ODD_NAMES[0])?.dataType, 'Int64');
    }
  });
}

test('appended raw output is VTK 9 style: UInt64 headers, Int64 ids, one <AppendedData>', async () => {
  const [, data] = synthetic()[4];
  const path = join(dir, 'layout.vtu');
  await writeVtkXml(path, data);
  const text = (await readFile(path)).toString('latin1');
  assert.match(
    text,
    /<VTKFile type="UnstructuredGrid" version="1.0" byte_order="LittleEndian" header_type="UInt64">/,
  );
  assert.match(text, /<DataArray type="Int64" Name="connectivity" format="appended" offset="\d+"/);
  assert.match(text, /<DataArray type="Int64" Name="faceoffsets" format="appended"/);
  assert.match(text, /Name="a&amp;b&lt;c&gt;d&quot;e'f"/);
  assert.match(text, /<PointData Scalars="with spaces" Vectors="specials">/);
  assert.equal(text.split('<AppendedData encoding="raw">').length, 2);
  assert.ok(text.endsWith('</AppendedData>\n</VTKFile>\n'));
});

test('the extension must match the dataset type', async () => {
  const [, image] = synthetic()[0];
  await assert.rejects(writeVtkXml(join(dir, 'wrong.vtu'), image), (error: unknown) => {
    assert.ok(error instanceof WriteError);
    assert.equal(error.code, 'PERISCOPE_E_WRITE');
    assert.match(error.message, /ImageData is written as '\.vti', not '\.vtu'/);
    return true;
  });
});

test('a cancelled write leaves no file behind', async () => {
  const [, big] = synthetic()[5];
  let checks = 0;
  const signal = {
    get aborted() {
      return ++checks > 3;
    },
  } as AbortSignal;
  const path = join(dir, 'cancelled.vtu');
  await assert.rejects(writeVtkXml(path, big, { signal }), CancelledError);
  const left = (await readdir(dir)).filter((f) => f.startsWith('cancelled'));
  assert.deepEqual(left, []);
});

test('a cancelled read stops with CancelledError, also inside a large array', async () => {
  const [, big] = synthetic()[5];
  const path = join(dir, 'cancel-read.vtu');
  await writeVtkXml(path, big, { compress: true });
  for (const after of [0, 1, 6]) {
    let checks = 0;
    const signal = {
      get aborted() {
        return checks++ >= after;
      },
    } as AbortSignal;
    await assert.rejects(readVtkXml(path, { signal }), CancelledError, `after ${after} checks`);
  }
});
