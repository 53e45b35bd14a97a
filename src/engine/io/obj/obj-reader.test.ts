import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { assertClose } from '../../../../test/support/assertions.js';
import { ReadError } from '../../../errors.js';
import { boundsOf, numberOfCells, StringArray } from '../../data/index.js';
import { objReader, readObj } from './index.js';

const dataDir = fileURLToPath(new URL('../../../../../shared/data/obj/', import.meta.url));

// Facts from shared/data/MANIFEST.md ("Wavefront OBJ — obj/": ParaView 5.11 objreader lines, the
// "ParaView arrays" lines, and the own-parser face size histogram).
const MANIFEST = [
  {
    file: 'trumpet.obj',
    points: 11908,
    cells: 11362,
    bounds: [-63.052185, 153.46538, -597.59082, -270.00342, -315.29544, 373.8168],
    groupIds: [1, 24],
    materialIds: [0, 2],
    faceSizes: { 3: 315, 4: 10954, 5: 36, 10: 2, 13: 3, 16: 1, 20: 12, 24: 18, 32: 6, 36: 15 } as Record<
      number,
      number
    >,
  },
  {
    file: 'box.obj',
    points: 8,
    cells: 6,
    bounds: [-0.5, 0.5, -0.5, 0.5, -0.5, 0.5],
    groupIds: [0, 0],
    materialIds: [1, 1],
    faceSizes: { 4: 6 } as Record<number, number>,
  },
];

describe('OBJ reader on shared data', () => {
  for (const fact of MANIFEST) {
    test(fact.file, async () => {
      const data = await readObj(join(dataDir, fact.file));
      assert.equal(data.type, 'PolyData');
      assert.equal(data.points.numberOfTuples, fact.points);
      assert.equal(numberOfCells(data), fact.cells);
      assertClose(boundsOf(data), fact.bounds, 'bounds');
      const sizes: Record<number, number> = {};
      for (let c = 0; c < fact.cells; c++) {
        const n = data.polys.offsets[c + 1] - data.polys.offsets[c];
        sizes[n] = (sizes[n] ?? 0) + 1;
      }
      assert.deepEqual(sizes, fact.faceSizes);
      assert.deepEqual(data.cellData.getDataArray('GroupIds')?.getRange(), fact.groupIds);
      assert.deepEqual(data.cellData.getDataArray('MaterialIds')?.getRange(), fact.materialIds);
      assert.ok(data.fieldData.get('MaterialNames') instanceof StringArray);
      assert.equal(data.pointData.size, 0, 'no vn, no vt, no vertex colors');
    });
  }

  test('registry metadata and sniffing', () => {
    assert.equal(objReader.format, 'obj');
    assert.ok(objReader.sniff?.(new TextEncoder().encode('# comment\nv 1 2 3\nf 1 1 1\n')));
    assert.ok(!objReader.sniff?.(new TextEncoder().encode('X,Y,Z\n1,2,3\n')));
  });
});

describe('OBJ reader features and bad input', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'periscope-obj-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function read(name: string, content: string) {
    const path = join(dir, name);
    await writeFile(path, content);
    return readObj(path);
  }

  test('separately indexed vn/vt duplicate points per face corner, like vtkOBJReader', async () => {
    // Two triangles of a unit square sharing an edge, with one normal and one uv per corner.
    const data = await read(
      'split.obj',
      [
        'mtllib scene.mtl',
        'v 0 0 0',
        'v 1 0 0',
        'v 1 1 0',
        'v 0 1 0',
        'vt 0 0',
        'vt 1 0',
        'vt 1 1',
        'vt 0 1',
        'vn 0 0 1',
        'usemtl wood',
        'f 1/1/1 2/2/1 3/3/1',
        'f -4/-4/-1 -2/-2/-1 -1/-1/-1',
        'l 1 3',
        'p 2',
      ].join('\n'),
    );
    // 6 face corners + 2 line points + 1 vertex point.
    assert.equal(data.points.numberOfTuples, 9);
    assert.deepEqual([...data.polys.connectivity], [0, 1, 2, 3, 4, 5]);
    assert.deepEqual([...data.lines.connectivity], [6, 7]);
    assert.deepEqual([...data.verts.connectivity], [8]);
    assert.deepEqual(
      [...data.points.values],
      [0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0, 1, 0, 0],
    );
    const normals = data.pointData.getActive('normals')!;
    assert.equal(normals.name, 'Normals');
    assert.deepEqual(
      [...normals.values.subarray(0, 18)],
      [0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1],
    );
    assert.deepEqual(
      [...normals.values.subarray(18)],
      [0, 0, 0, 0, 0, 0, 0, 0, 0],
      'line/vertex points have none',
    );
    const tcoords = data.pointData.getActive('tcoords')!;
    assert.equal(tcoords.name, 'wood', 'texture set named after the material, as VTK does');
    assert.deepEqual([...tcoords.values], [0, 0, 1, 0, 1, 1, 0, 0, 1, 1, 0, 1, -1, -1, -1, -1, -1, -1]);
    // Cells: vertex, line, then the two faces; first face filed under NO_MATERIAL (VTK quirk).
    assert.deepEqual(data.fieldData.get('MaterialNames')?.values, ['wood', 'NO_MATERIAL']);
    assert.deepEqual([...data.cellData.getDataArray('MaterialIds')!.values], [1, 1, 1, 1]);
    assert.deepEqual(data.fieldData.get('MaterialLibraries')?.values, ['scene.mtl']);
    assert.deepEqual([...data.cellData.getDataArray('GroupIds')!.values], [0, 0, 0, 0]);
  });

  test('v//vn indexed like v keeps the points; vertex colors become RGB; continuation and comments', async () => {
    const data = await read(
      'colors.obj',
      [
        'v 0 0 0 1 0 0',
        'v 1 0 0 0 0.5 0 # trailing comment',
        'v 0 1 0 0 0 2',
        'vn 0 0 1',
        'vn 0 0 1',
        'vn 0 0 -1',
        'g first',
        'f 1//1 \\',
        '  2//2 3//3',
        'g second',
        'f 3 2 1',
      ].join('\r\n'),
    );
    assert.equal(data.points.numberOfTuples, 3);
    assert.deepEqual([...data.polys.connectivity], [0, 1, 2, 2, 1, 0]);
    assert.deepEqual([...data.pointData.getDataArray('Normals')!.values], [0, 0, 1, 0, 0, 1, 0, 0, -1]);
    const rgb = data.pointData.getActive('scalars')!;
    assert.equal(rgb.name, 'RGB');
    // clamp(c, 0, 1) × 255, truncated.
    assert.deepEqual([...rgb.values], [255, 0, 0, 0, 127, 0, 0, 0, 255]);
    assert.deepEqual([...data.cellData.getDataArray('GroupIds')!.values], [0, 1]);
    assert.equal(data.cellData.has('MaterialIds'), false, 'only NO_MATERIAL: no material arrays');
  });

  test('a file with only points and lines has no GroupIds', async () => {
    const data = await read('lines.obj', 'v 0 0 0\nv 1 0 0\nv 2 0 0\nl 1 2 3\np 1 3\n');
    assert.equal(numberOfCells(data), 2);
    assert.deepEqual([...data.verts.offsets], [0, 2]);
    assert.equal(data.cellData.size, 0);
  });

  async function rejects(name: string, content: string, line: number, pattern: RegExp) {
    const path = join(dir, name);
    await writeFile(path, content);
    await assert.rejects(readObj(path), (error: unknown) => {
      assert.ok(error instanceof ReadError, String(error));
      assert.equal(error.format, 'obj');
      assert.equal(error.line, line);
      assert.match(error.detail, pattern);
      return true;
    });
  }

  test('bad input: face referencing a missing vertex', () =>
    rejects(
      'missing.obj',
      'v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\nf 1 2 4\n',
      5,
      /v index 4 refers past the last v/,
    ));

  test('bad input: relative index before the first vertex, and index 0', async () => {
    await rejects('before.obj', 'v 0 0 0\nf -1 -2 -3\n', 2, /before the first v/);
    await rejects('zero.obj', 'v 0 0 0\nv 1 0 0\nv 0 1 0\nf 0 1 2\n', 4, /index 0 is invalid/);
  });

  test('bad input: non-numeric coordinate names the line', () =>
    rejects('nan.obj', 'v 0 0 0\nv 1 zero 0\n', 2, /'zero' is not a number/));

  test('bad input: short face, mixed corner forms, bad reference', async () => {
    await rejects('short.obj', 'v 0 0 0\nv 1 0 0\nf 1 2\n', 3, /at least 3 vertices/);
    await rejects('mixed.obj', 'v 0 0 0\nv 1 0 0\nv 0 1 0\nvt 0 0\nf 1/1 2 3\n', 5, /same form/);
    await rejects('ref.obj', 'v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 x\n', 4, /'x' is not a vertex reference/);
  });

  test('bad input: RGB then RGBA vertex colors', () =>
    rejects('colors.obj', 'v 0 0 0 1 1 1\nv 1 0 0 1 1 1 1\n', 2, /4 components but earlier ones have 3/));
});
