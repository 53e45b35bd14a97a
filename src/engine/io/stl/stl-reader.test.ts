import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { assertClose } from '../../../../test/support/assertions.js';
import { FileNotFoundError, ReadError } from '../../../errors.js';
import { boundsOf, numberOfCells } from '../../data/index.js';
import { detectStlEncoding, readStl, stlReader } from './index.js';

const dataDir = fileURLToPath(new URL('../../../../../shared/data/stl/', import.meta.url));

// Facts from shared/data/MANIFEST.md ("STL — stl/", ParaView 5.11 stlreader lines).
const MANIFEST = [
  { file: 'HalfDonut.stl', encoding: 'ascii', points: 144, cells: 288, bounds: [0, 3, 0, 0.5, 0, 3] },
  {
    file: 'spherewithholes.stl',
    encoding: 'binary',
    points: 593,
    cells: 1146,
    bounds: [-1, 1, -1, 1, -0.9243046, 0.96639264],
  },
  {
    file: '42400-IDGH.stl',
    encoding: 'binary',
    points: 5500,
    cells: 11036,
    bounds: [122.379, 134.439, 80.781601, 92.234398, 220.543, 226.431],
  },
] as const;

describe('STL reader on shared data', () => {
  for (const fact of MANIFEST) {
    test(fact.file, async () => {
      const path = join(dataDir, fact.file);
      const data = await readStl(path);
      assert.equal(data.type, 'PolyData');
      assert.equal(data.points.numberOfTuples, fact.points);
      assert.equal(data.points.dataType, 'Float32');
      assert.equal(numberOfCells(data), fact.cells);
      assert.equal(data.polys.offsets.length - 1, fact.cells, 'all cells are polys');
      for (let c = 0; c < fact.cells; c++) assert.equal(data.polys.offsets[c + 1] - data.polys.offsets[c], 3);
      assertClose(boundsOf(data), fact.bounds, 'bounds');
      // MANIFEST: "no arrays" (ParaView keeps neither facet normals nor solid attributes).
      assert.equal(data.pointData.size + data.cellData.size + data.fieldData.size, 0);
      const bytes = await readFile(path);
      assert.equal(detectStlEncoding(bytes.subarray(0, 1024), bytes.length), fact.encoding);
    });
  }

  test('every point is used and no two points coincide', async () => {
    const data = await readStl(join(dataDir, '42400-IDGH.stl'));
    const used = new Uint8Array(data.points.numberOfTuples);
    for (const id of data.polys.connectivity) used[id] = 1;
    assert.ok(used.every((u) => u === 1));
    const keys = new Set<string>();
    for (let i = 0; i < data.points.numberOfTuples; i++) keys.add(data.points.getTuple(i).join(','));
    assert.equal(keys.size, data.points.numberOfTuples);
  });

  test('registry metadata', () => {
    assert.equal(stlReader.format, 'stl');
    assert.deepEqual(stlReader.extensions, ['.stl']);
    assert.ok(stlReader.sniff?.(new TextEncoder().encode('solid x\n facet normal 0 0 1\n')));
    assert.ok(!stlReader.sniff?.(new TextEncoder().encode('ply\nformat ascii 1.0\n')));
  });
});

describe('STL reader edge cases and bad input', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'periscope-stl-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function binaryStl(header: string, triangles: number[][], declared = triangles.length): Uint8Array {
    const bytes = new Uint8Array(84 + 50 * triangles.length);
    for (let i = 0; i < Math.min(80, header.length); i++) bytes[i] = header.charCodeAt(i);
    const view = new DataView(bytes.buffer);
    view.setUint32(80, declared, true);
    for (let t = 0; t < triangles.length; t++) {
      for (let k = 0; k < 9; k++) view.setFloat32(84 + 50 * t + 12 + 4 * k, triangles[t][k], true);
    }
    return bytes;
  }

  test('binary file whose header starts with "solid" is read as binary', async () => {
    const path = join(dir, 'solid-header.stl');
    const square = [
      [0, 0, 0, 1, 0, 0, 1, 1, 0],
      [0, 0, 0, 1, 1, 0, 0, 1, 0],
    ];
    await writeFile(path, binaryStl('solid but binary', square));
    const data = await readStl(path);
    assert.equal(data.points.numberOfTuples, 4, 'two triangles sharing an edge have 4 distinct corners');
    assert.deepEqual([...data.polys.connectivity], [0, 1, 2, 0, 2, 3]);
  });

  test('binary file with a "solid" header and trailing bytes is still binary', async () => {
    const path = join(dir, 'trailing.stl');
    const bytes = binaryStl('solid exported by some tool', [[0, 0, 0, 1, 0, 0, 0, 1, 0]]);
    await writeFile(path, Buffer.concat([bytes, Buffer.from('trailing junk')]));
    const data = await readStl(path);
    assert.equal(data.points.numberOfTuples, 3);
    assert.equal(numberOfCells(data), 1);
  });

  test('-0 and +0 merge into one point, as vtkMergePoints compares values', async () => {
    const path = join(dir, 'signed-zero.stl');
    await writeFile(
      path,
      binaryStl('zeros', [
        [0, 0, 0, 1, 0, 0, 0, 1, 0],
        [-0, -0, -0, 0, 1, 0, 0, 0, 1],
      ]),
    );
    const data = await readStl(path);
    assert.equal(data.points.numberOfTuples, 4);
    assert.equal(numberOfCells(data), 2);
  });

  test('a triangle made degenerate by merging is dropped, like vtkSTLReader', async () => {
    const path = join(dir, 'degenerate.stl');
    await writeFile(
      path,
      binaryStl('degenerate', [
        [0, 0, 0, 1, 0, 0, 0, 1, 0],
        [2, 2, 2, 2, 2, 2, 3, 3, 3],
      ]),
    );
    const data = await readStl(path);
    assert.equal(numberOfCells(data), 1);
  });

  test('truncated binary file is reported before allocating', async () => {
    const path = join(dir, 'truncated.stl');
    // Declares 4 billion triangles in an 84 + 50 byte file.
    await writeFile(path, binaryStl('truncated', [[0, 0, 0, 1, 0, 0, 0, 1, 0]], 0xffffffff));
    await assert.rejects(readStl(path), (error: unknown) => {
      assert.ok(error instanceof ReadError);
      assert.equal(error.code, 'PERISCOPE_E_READ');
      assert.equal(error.format, 'stl');
      assert.equal(error.offset, 80);
      assert.match(error.detail, /4294967295 triangles/);
      return true;
    });
  });

  test('file shorter than a binary header', async () => {
    const path = join(dir, 'tiny.stl');
    await writeFile(path, new Uint8Array([1, 2, 3]));
    await assert.rejects(readStl(path), (error: unknown) => error instanceof ReadError && error.offset === 0);
  });

  test('ASCII with a bad number names the line', async () => {
    const path = join(dir, 'bad-number.stl');
    await writeFile(
      path,
      'solid t\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 1 0 zero\nvertex 0 1 0\nendloop\nendfacet\nendsolid t\n',
    );
    await assert.rejects(readStl(path), (error: unknown) => {
      assert.ok(error instanceof ReadError);
      assert.equal(error.line, 5);
      assert.match(error.detail, /'zero' is not a number/);
      return true;
    });
  });

  test('ASCII missing endsolid and ASCII with a misplaced keyword', async () => {
    const unterminated = join(dir, 'unterminated.stl');
    await writeFile(unterminated, 'solid t\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 1 0 0\n');
    await assert.rejects(readStl(unterminated), ReadError);
    const misplaced = join(dir, 'misplaced.stl');
    await writeFile(misplaced, 'solid t\nfacet normal 0 0 1\nvertex 0 0 0\n');
    await assert.rejects(
      readStl(misplaced),
      (error: unknown) => error instanceof ReadError && error.line === 3,
    );
  });

  test('ASCII with two solids and CRLF line ends', async () => {
    const path = join(dir, 'two-solids.stl');
    const facet = (z: number) =>
      `facet normal 0 0 1\r\n outer loop\r\n  vertex 0 0 ${z}\r\n  vertex 1 0 ${z}\r\n  vertex 0 1 ${z}\r\n endloop\r\nendfacet\r\n`;
    await writeFile(path, `solid a b c\r\n${facet(0)}endsolid a b c\r\nsolid\r\n${facet(1)}endsolid\r\n`);
    const data = await readStl(path);
    assert.equal(data.points.numberOfTuples, 6);
    assert.equal(numberOfCells(data), 2);
    assert.deepEqual(boundsOf(data), [0, 1, 0, 1, 0, 1]);
  });

  test('missing file', async () => {
    await assert.rejects(readStl(join(dir, 'nope.stl')), FileNotFoundError);
  });

  test('cancellation', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(readStl(join(dataDir, 'spherewithholes.stl'), { signal: controller.signal }), {
      code: 'PERISCOPE_E_CANCELLED',
    });
  });
});
