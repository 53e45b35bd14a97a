import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { WriteError } from '../../../errors.js';
import { cellArrayFromLists, createPolyData, createTable, dataArrayFrom } from '../../data/index.js';
import { formatFloat32, readStl, stlWriter, triangulatePolyData, writeStl } from './index.js';

const dataDir = fileURLToPath(new URL('../../../../../shared/data/stl/', import.meta.url));

function bitsOf(values: ArrayLike<number>): Uint32Array {
  return new Uint32Array(Float32Array.from(values).buffer);
}

describe('STL writer', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'periscope-stl-writer-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  for (const file of ['HalfDonut.stl', 'spherewithholes.stl', '42400-IDGH.stl']) {
    for (const ascii of [false, true]) {
      test(`${file} round trip, ${ascii ? 'ascii' : 'binary'}: every point and triangle bit for bit`, async () => {
        const original = await readStl(join(dataDir, file));
        const path = join(dir, `${ascii ? 'a' : 'b'}-${file}`);
        await writeStl(path, original, { ascii });
        const copy = await readStl(path);
        assert.deepEqual(
          bitsOf(copy.points.values as Float32Array),
          bitsOf(original.points.values as Float32Array),
        );
        assert.deepEqual(copy.polys.connectivity, original.polys.connectivity);
        assert.deepEqual(copy.polys.offsets, original.polys.offsets);
        const triangles = original.polys.offsets.length - 1;
        if (!ascii) assert.equal((await stat(path)).size, 84 + 50 * triangles, 'binary size formula');
      });
    }
  }

  test('binary layout: header, count, unit normal by the right-hand rule, zero attribute', async () => {
    const square = createPolyData({
      points: dataArrayFrom('Points', 'Float64', [0, 0, 0, 2, 0, 0, 2, 2, 0, 0, 2, 0], 3),
      polys: cellArrayFromLists([[0, 1, 2, 3]]),
    });
    const path = join(dir, 'square.stl');
    await writeStl(path, square);
    const bytes = await readFile(path);
    assert.equal(bytes.length, 84 + 2 * 50);
    assert.notEqual(
      bytes.subarray(0, 5).toString('latin1'),
      'solid',
      'binary header must not look like ASCII',
    );
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    assert.equal(view.getUint32(80, true), 2);
    for (let t = 0; t < 2; t++) {
      const base = 84 + 50 * t;
      assert.deepEqual(
        [0, 1, 2].map((a) => view.getFloat32(base + 4 * a, true)),
        [0, 0, 1],
      );
      assert.equal(view.getUint16(base + 48, true), 0);
    }
  });

  test('polygons are split by ear clipping: a concave L keeps its area', () => {
    // L-shaped hexagon with area 3 (a 2×2 square minus a unit corner).
    const lShape = createPolyData({
      points: dataArrayFrom('Points', 'Float32', [0, 0, 0, 2, 0, 0, 2, 1, 0, 1, 1, 0, 1, 2, 0, 0, 2, 0], 3),
      polys: cellArrayFromLists([[0, 1, 2, 3, 4, 5]]),
    });
    const triangles = triangulatePolyData(lShape);
    assert.equal(triangles.length / 3, 4);
    let area = 0;
    const p = (id: number) => lShape.points.getTuple(id);
    for (let t = 0; t < triangles.length; t += 3) {
      const [a, b, c] = [p(triangles[t]), p(triangles[t + 1]), p(triangles[t + 2])];
      const signed = ((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])) / 2;
      assert.ok(signed > 0, 'every triangle keeps the polygon orientation');
      area += signed;
    }
    assert.equal(area, 3);
  });

  test('strips alternate orientation and skip repeated-id triangles', () => {
    const strip = createPolyData({
      points: dataArrayFrom('Points', 'Float32', [0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 1, 0, 2, 0, 0], 3),
      strips: { offsets: Int32Array.from([0, 6]), connectivity: Int32Array.from([0, 1, 2, 3, 4, 4]) },
    });
    assert.deepEqual([...triangulatePolyData(strip)], [0, 1, 2, 2, 1, 3, 2, 3, 4]);
  });

  test('float32 text is short for decimal-looking values and always reads back exactly', () => {
    assert.equal(formatFloat32(0.5), '0.5');
    assert.equal(formatFloat32(Math.fround(0.1)), '0.1');
    assert.equal(formatFloat32(-0), '-0');
    for (const value of [
      Math.fround(Math.PI),
      1.401298464324817e-45,
      3.4028234663852886e38,
      Math.fround(1 / 3),
    ]) {
      assert.equal(Math.fround(Number(formatFloat32(value))), value);
    }
  });

  test('bad input: point ids out of range, and a non-PolyData object', async () => {
    const broken = createPolyData({
      points: dataArrayFrom('Points', 'Float32', [0, 0, 0, 1, 0, 0, 0, 1, 0], 3),
      polys: cellArrayFromLists([[0, 1, 7]]),
    });
    await assert.rejects(writeStl(join(dir, 'broken.stl'), broken), (error: unknown) => {
      assert.ok(error instanceof WriteError);
      assert.match(error.message, /point 7/);
      return true;
    });
    assert.equal(stlWriter.accepts(createTable()), false);
    await assert.rejects(stlWriter.write(join(dir, 'table.stl'), createTable()), WriteError);
  });
});
