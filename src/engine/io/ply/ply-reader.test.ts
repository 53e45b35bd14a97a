import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { assertClose } from '../../../../test/support/assertions.js';
import { ReadError } from '../../../errors.js';
import { boundsOf, numberOfCells } from '../../data/index.js';
import { plyReader, readPly, readPlyHeader } from './index.js';

const dataDir = fileURLToPath(new URL('../../../../../shared/data/ply/', import.meta.url));

// Facts from shared/data/MANIFEST.md ("PLY — ply/", ParaView 5.11 PLYReader lines and own-parser
// face size histogram for shark.ply).
const MANIFEST = [
  {
    file: 'shark.ply',
    points: 2560,
    cells: 2562,
    bounds: [-75.035004, 75.035004, -31.0445, 31.0445, -19.319201, 19.319201],
    faceSizes: { 3: 188, 4: 2253, 5: 83, 6: 29, 7: 1, 8: 6, 10: 2 } as Record<number, number>,
  },
  { file: 'simple_binary.ply', points: 3, cells: 0, bounds: [-1, 1, 0, 1, 0, 0], faceSizes: {} },
  { file: 'simple_text.ply', points: 3, cells: 0, bounds: [-1, 1, 0, 1, 0, 0], faceSizes: {} },
];

describe('PLY reader on shared data', () => {
  for (const fact of MANIFEST) {
    test(fact.file, async () => {
      const data = await readPly(join(dataDir, fact.file));
      assert.equal(data.type, 'PolyData');
      assert.equal(data.points.numberOfTuples, fact.points);
      assert.equal(numberOfCells(data), fact.cells);
      assert.equal(data.polys.offsets.length - 1, fact.cells);
      assertClose(boundsOf(data), fact.bounds, 'bounds');
      const sizes: Record<number, number> = {};
      for (let c = 0; c < fact.cells; c++) {
        const n = data.polys.offsets[c + 1] - data.polys.offsets[c];
        sizes[n] = (sizes[n] ?? 0) + 1;
      }
      assert.deepEqual(sizes, fact.faceSizes);
      assert.equal(data.pointData.size + data.cellData.size, 0, 'x y z and vertex_indices only: no arrays');
    });
  }

  test('header: comments and elements of simple_binary.ply', async () => {
    const header = await readPlyHeader(join(dataDir, 'simple_binary.ply'));
    assert.equal(header.encoding, 'binary_little_endian');
    assert.deepEqual(header.comments, ['Author: CloudCompare (TELECOM PARISTECH/EDF R&D)']);
    assert.deepEqual(
      header.elements.map((e) => [e.name, e.count, e.properties.map((p) => `${p.type} ${p.name}`)]),
      [['vertex', 3, ['Float32 x', 'Float32 y', 'Float32 z']]],
    );
  });

  test('registry metadata and sniffing', () => {
    assert.equal(plyReader.format, 'ply');
    assert.deepEqual(plyReader.extensions, ['.ply']);
    assert.ok(plyReader.sniff?.(new TextEncoder().encode('ply\nformat ascii 1.0\n')));
    assert.ok(!plyReader.sniff?.(new TextEncoder().encode('solid x\n')));
  });
});

/** Little helper to build binary bodies field by field. */
class Bytes {
  parts: number[] = [];
  constructor(readonly littleEndian: boolean) {}
  add(type: 'u8' | 'i8' | 'i16' | 'u16' | 'i32' | 'u32' | 'f32' | 'f64', ...values: number[]): this {
    const size = { u8: 1, i8: 1, i16: 2, u16: 2, i32: 4, u32: 4, f32: 4, f64: 8 }[type];
    for (const value of values) {
      const view = new DataView(new ArrayBuffer(size));
      const le = this.littleEndian;
      if (type === 'u8') view.setUint8(0, value);
      if (type === 'i8') view.setInt8(0, value);
      if (type === 'i16') view.setInt16(0, value, le);
      if (type === 'u16') view.setUint16(0, value, le);
      if (type === 'i32') view.setInt32(0, value, le);
      if (type === 'u32') view.setUint32(0, value, le);
      if (type === 'f32') view.setFloat32(0, value, le);
      if (type === 'f64') view.setFloat64(0, value, le);
      this.parts.push(...new Uint8Array(view.buffer));
    }
    return this;
  }
}

describe('PLY reader features and bad input', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'periscope-ply-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const richHeader = (format: string) =>
    [
      'ply',
      `format ${format} 1.0`,
      'comment rich test file',
      'element vertex 3',
      'property double x',
      'property double y',
      'property double z',
      'property float nx',
      'property float ny',
      'property float nz',
      'property uchar red',
      'property uchar green',
      'property uchar blue',
      'property uchar alpha',
      'property float texture_u',
      'property float texture_v',
      'property int16 confidence',
      'property list uchar float32 pair',
      'element material 2',
      'property list ushort uchar name',
      'property float shininess',
      'element face 1',
      'property list uchar uint vertex_index',
      'property uchar intensity',
      'property uchar red',
      'property uchar green',
      'property uchar blue',
      'element edge 2',
      'property int vertex1',
      'property int vertex2',
      'property uchar red',
      'property uchar green',
      'property uchar blue',
      'end_header',
      '',
    ].join('\n');

  async function checkRich(path: string) {
    const data = await readPly(path);
    assert.equal(data.points.dataType, 'Float64', 'double coordinates stay double');
    assert.deepEqual([...data.points.values], [0, 0, 0, 1.5, 0, 0, 0, 2.25, 0]);
    assert.deepEqual(data.pointData.activeAttributes, {
      scalars: 'RGBA',
      normals: 'Normals',
      tcoords: 'TCoords',
    });
    const rgba = data.pointData.getDataArray('RGBA')!;
    assert.equal(rgba.dataType, 'UInt8');
    assert.deepEqual([...rgba.values], [255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0]);
    assert.deepEqual([...data.pointData.getDataArray('Normals')!.values], [0, 0, 1, 0, 0, 1, 0, 0, 1]);
    assert.deepEqual([...data.pointData.getDataArray('TCoords')!.values], [0, 0, 1, 0, 0, 1]);
    const confidence = data.pointData.getDataArray('confidence')!;
    assert.equal(confidence.dataType, 'Int16');
    assert.deepEqual([...confidence.values], [-7, 0, 300]);
    const pair = data.pointData.getDataArray('pair')!;
    assert.equal(pair.numberOfComponents, 2);
    assert.deepEqual([...pair.values], [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(data.pointData.names.sort(), ['Normals', 'RGBA', 'TCoords', 'confidence', 'pair']);
    // Cells: 2 edge lines first, then 1 triangle.
    assert.deepEqual([...data.lines.connectivity], [0, 1, 1, 2]);
    assert.deepEqual([...data.polys.connectivity], [0, 1, 2]);
    assert.equal(numberOfCells(data), 3);
    assert.deepEqual(data.cellData.names.sort(), ['RGB', 'intensity']);
    assert.deepEqual([...data.cellData.getDataArray('RGB')!.values], [10, 20, 30, 40, 50, 60, 7, 8, 9]);
    assert.deepEqual([...data.cellData.getDataArray('intensity')!.values], [0, 0, 200]);
    assert.equal(data.cellData.getActiveName('scalars'), 'RGB');
  }

  test('ascii: normals, RGBA, texture_u/v, typed extras, skipped element, faces and edges', async () => {
    const path = join(dir, 'rich-ascii.ply');
    const body = [
      '0 0 0 0 0 1 255 0 0 255 0 0 -7 2 1 2',
      '1.5 0 0 0 0 1 0 255 0 128 1 0 0 2 3 4',
      '0 2.25 0 0 0 1 0 0 255 0 0 1 300 2 5 6',
      '3 65 66 67 0.5',
      '0 0.25',
      '3 0 1 2 200 7 8 9',
      '0 1 10 20 30',
      '1 2 40 50 60',
      '',
    ].join('\n');
    await writeFile(path, richHeader('ascii') + body);
    await checkRich(path);
  });

  for (const littleEndian of [true, false]) {
    test(`binary ${littleEndian ? 'little' : 'big'} endian: same content as the ascii file`, async () => {
      const path = join(dir, `rich-${littleEndian}.ply`);
      const b = new Bytes(littleEndian);
      const vertex = (x: number[], rgba: number[], uv: number[], c: number, pair: number[]) =>
        b
          .add('f64', ...x)
          .add('f32', 0, 0, 1)
          .add('u8', ...rgba)
          .add('f32', ...uv)
          .add('i16', c)
          .add('u8', 2)
          .add('f32', ...pair);
      vertex([0, 0, 0], [255, 0, 0, 255], [0, 0], -7, [1, 2]);
      vertex([1.5, 0, 0], [0, 255, 0, 128], [1, 0], 0, [3, 4]);
      vertex([0, 2.25, 0], [0, 0, 255, 0], [0, 1], 300, [5, 6]);
      b.add('u16', 3).add('u8', 65, 66, 67).add('f32', 0.5);
      b.add('u16', 0).add('f32', 0.25);
      b.add('u8', 3).add('u32', 0, 1, 2).add('u8', 200, 7, 8, 9);
      b.add('i32', 0, 1).add('u8', 10, 20, 30);
      b.add('i32', 1, 2).add('u8', 40, 50, 60);
      const format = littleEndian ? 'binary_little_endian' : 'binary_big_endian';
      await writeFile(path, Buffer.concat([Buffer.from(richHeader(format), 'latin1'), Buffer.from(b.parts)]));
      await checkRich(path);
    });
  }

  test('float colors in 0…1 are scaled to UInt8 RGB', async () => {
    const path = join(dir, 'float-colors.ply');
    await writeFile(
      path,
      'ply\nformat ascii 1.0\nelement vertex 2\nproperty float x\nproperty float y\nproperty float z\n' +
        'property float red\nproperty float green\nproperty float blue\nend_header\n0 0 0 1 0.5 0\n1 1 1 0 0 2\n',
    );
    const data = await readPly(path);
    assert.deepEqual([...data.pointData.getDataArray('RGB')!.values], [255, 128, 0, 0, 0, 255]);
  });

  async function rejects(name: string, content: string | Uint8Array, check: (error: ReadError) => void) {
    const path = join(dir, name);
    await writeFile(path, content);
    await assert.rejects(readPly(path), (error: unknown) => {
      assert.ok(error instanceof ReadError, String(error));
      assert.equal(error.format, 'ply');
      check(error);
      return true;
    });
  }

  const header3 =
    'ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\n';

  test('bad input: header without end_header', () =>
    rejects('no-end.ply', header3 + '0 0 0\n', (e) => {
      assert.match(e.detail, /end_header/);
      assert.equal(e.line, 7);
    }));

  test('bad input: unknown property type names the line', () =>
    rejects(
      'bad-type.ply',
      'ply\nformat ascii 1.0\nelement vertex 1\nproperty float128 x\nend_header\n',
      (e) => {
        assert.equal(e.line, 4);
        assert.match(e.detail, /unknown property type 'float128'/);
      },
    ));

  test('bad input: non-numeric token names the line', () =>
    rejects('bad-token.ply', header3 + 'end_header\n0 0 0\n1 one 0\n0 1 0\n', (e) => {
      assert.equal(e.line, 9);
      assert.match(e.detail, /'one' is not a number/);
    }));

  test('bad input: face index out of range', () =>
    rejects(
      'bad-index.ply',
      header3 +
        'element face 1\nproperty list uchar int vertex_indices\nend_header\n0 0 0\n1 0 0\n0 1 0\n3 0 1 3\n',
      (e) => assert.match(e.detail, /face 0 refers to vertex 3, but there are 3 vertices/),
    ));

  test('bad input: truncated binary body is reported before allocating', () => {
    const header =
      'ply\nformat binary_little_endian 1.0\nelement vertex 1000000000\nproperty float x\nproperty float y\nproperty float z\nend_header\n';
    return rejects('truncated.ply', Buffer.concat([Buffer.from(header), Buffer.alloc(24)]), (e) => {
      assert.equal(e.offset, header.length);
      assert.match(e.detail, /1000000000 instances/);
    });
  });

  test('bad input: truncated ascii body', async () => {
    await rejects('short.ply', header3 + 'end_header\n0 0 0\n1 0', (e) =>
      assert.match(e.detail, /truncated/),
    );
    await rejects('short2.ply', header3 + 'end_header\n0.000000 0.000000 0.000000\n1.000000 0', (e) => {
      assert.match(e.detail, /unexpected end of file reading 'vertex' 1 property 'z'/);
      assert.equal(e.line, 9);
    });
  });

  test('bad input: no vertex element, and missing z', async () => {
    await rejects('no-vertex.ply', 'ply\nformat ascii 1.0\nelement point 0\nend_header\n', (e) =>
      assert.match(e.detail, /no 'vertex' element/),
    );
    await rejects(
      'no-z.ply',
      'ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\nend_header\n0 0\n',
      (e) => assert.match(e.detail, /x, y and z/),
    );
  });

  test('an element without properties takes no bytes, even with a huge count', async () => {
    const path = join(dir, 'empty-element.ply');
    const header =
      'ply\nformat binary_little_endian 1.0\nelement nothing 9000000000000\nelement vertex 1\nproperty float x\nproperty float y\nproperty float z\nend_header\n';
    await writeFile(
      path,
      Buffer.concat([Buffer.from(header), Buffer.from(new Float32Array([1, 2, 3]).buffer)]),
    );
    const started = performance.now();
    const data = await readPly(path);
    assert.ok(performance.now() - started < 1000, 'no loop over the empty instances');
    assert.deepEqual([...data.points.values], [1, 2, 3]);
  });

  test('bad input: not PLY at all', () =>
    rejects('not.ply', 'solid x\n', (e) => assert.match(e.detail, /first line must be 'ply'/)));
});
