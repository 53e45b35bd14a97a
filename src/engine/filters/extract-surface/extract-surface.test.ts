import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellArrayFromLists } from '../../data/cell-array.js';
import { CellType } from '../../data/cell-types.js';
import { dataArrayFrom } from '../../data/data-array.js';
import { createMultiBlock, createUnstructuredGrid, type PolyData } from '../../data/dataset.js';
import { boundsOf, numberOfCells } from '../../data/queries.js';
import { hexBlock, image, singleCell } from '../test-support/grids.js';
import { extractSurface, extractSurfaceDefinition } from './index.js';

function polygonSizes(surface: PolyData): number[] {
  const sizes: number[] = [];
  const o = surface.polys.offsets;
  for (let c = 0; c + 1 < o.length; c++) sizes.push(o[c + 1] - o[c]);
  return sizes;
}

test('a 3×3×3 block of hexahedra has 54 boundary quads on 56 boundary points', () => {
  const surface = extractSurface(hexBlock(3));
  // 4³ points minus the 2³ interior ones; 6 faces × 9 quads.
  assert.equal(surface.points.numberOfTuples, 64 - 8);
  assert.equal(numberOfCells(surface), 54);
  assert.ok(polygonSizes(surface).every((n) => n === 4));
  assert.deepEqual(boundsOf(surface), [0, 3, 0, 3, 0, 3]);
  // Point data follows the points; cell data follows the source cells.
  const x = surface.pointData.getDataArray('x')!;
  for (let p = 0; p < surface.points.numberOfTuples; p++) {
    assert.equal(x.getComponent(p, 0), surface.points.getComponent(p, 0));
  }
  const ids = surface.cellData.getDataArray('id')!;
  assert.equal(ids.numberOfTuples, 54);
  assert.ok(!Array.from(ids.values as Int32Array).includes(13), 'the centre cell has no boundary face');
  assert.equal(surface.pointData.getActiveName('scalars'), 'x');
});

test('boundary faces are oriented outward (signed volume of the closed surface is positive)', () => {
  const surface = extractSurface(hexBlock(2));
  let volume = 0;
  const p = surface.points;
  const { offsets, connectivity } = surface.polys;
  for (let c = 0; c + 1 < offsets.length; c++) {
    const a = connectivity[offsets[c]];
    for (let k = offsets[c] + 1; k + 1 < offsets[c + 1]; k++) {
      const b = connectivity[k];
      const d = connectivity[k + 1];
      const [ax, ay, az] = p.getTuple(a);
      const [bx, by, bz] = p.getTuple(b);
      const [dx, dy, dz] = p.getTuple(d);
      volume += (ax * (by * dz - bz * dy) - ay * (bx * dz - bz * dx) + az * (bx * dy - by * dx)) / 6;
    }
  }
  assert.ok(Math.abs(volume - 8) < 1e-12, `enclosed volume ${volume}`);
});

test('every linear 3D cell type gives its own faces', () => {
  const tetra = extractSurface(singleCell(CellType.TETRA, [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]));
  assert.deepEqual(polygonSizes(tetra), [3, 3, 3, 3]);
  const wedge = extractSurface(
    singleCell(CellType.WEDGE, [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1, 0, 1, 1]),
  );
  assert.deepEqual(polygonSizes(wedge).sort(), [3, 3, 4, 4, 4]);
  const pyramid = extractSurface(
    singleCell(CellType.PYRAMID, [0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0.5, 0.5, 1]),
  );
  assert.deepEqual(polygonSizes(pyramid).sort(), [3, 3, 3, 3, 4]);
  const voxel = extractSurface(
    singleCell(CellType.VOXEL, [0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0, 0, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1]),
  );
  assert.deepEqual(polygonSizes(voxel), [4, 4, 4, 4, 4, 4]);
  const pentagon: number[] = [];
  for (const z of [0, 1])
    for (let i = 0; i < 5; i++)
      pentagon.push(Math.cos((2 * Math.PI * i) / 5), Math.sin((2 * Math.PI * i) / 5), z);
  const prism = extractSurface(singleCell(CellType.PENTAGONAL_PRISM, pentagon));
  assert.deepEqual(polygonSizes(prism).sort(), [4, 4, 4, 4, 4, 5, 5]);
});

test('two tetrahedra sharing a face expose six triangles', () => {
  const grid = createUnstructuredGrid({
    points: dataArrayFrom('Points', 'Float32', [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1], 3),
    cells: cellArrayFromLists([
      [0, 1, 2, 3],
      [1, 2, 3, 4],
    ]),
    cellTypes: Uint8Array.of(CellType.TETRA, CellType.TETRA),
  });
  const surface = extractSurface(grid);
  assert.equal(numberOfCells(surface), 6);
  assert.equal(surface.points.numberOfTuples, 5);
  assert.ok(surface.points.values instanceof Float32Array, 'points keep their type');
});

test('a polyhedron cube gives six quads; a quadratic tetra gives sixteen triangles at level 1', () => {
  const cube = [0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1];
  const faces = [6, 4, 0, 3, 2, 1, 4, 4, 5, 6, 7, 4, 0, 1, 5, 4, 4, 1, 2, 6, 5, 4, 2, 3, 7, 6, 4, 3, 0, 4, 7];
  const polyhedron = createUnstructuredGrid({
    points: dataArrayFrom('Points', 'Float64', cube, 3),
    cells: cellArrayFromLists([[0, 1, 2, 3, 4, 5, 6, 7]]),
    cellTypes: Uint8Array.of(CellType.POLYHEDRON),
    polyhedronFaces: { faces: Int32Array.from(faces), faceOffsets: Int32Array.of(0) },
  });
  assert.deepEqual(polygonSizes(extractSurface(polyhedron)), [4, 4, 4, 4, 4, 4]);

  const corners = [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1];
  const mid = (a: number, b: number) => [0, 1, 2].map((c) => (corners[3 * a + c] + corners[3 * b + c]) / 2);
  const edges = [mid(0, 1), mid(1, 2), mid(2, 0), mid(0, 3), mid(1, 3), mid(2, 3)].flat();
  const quadratic = singleCell(CellType.QUADRATIC_TETRA, [...corners, ...edges]);
  const level1 = extractSurface(quadratic);
  assert.deepEqual(polygonSizes(level1), Array(16).fill(3));
  assert.equal(level1.points.numberOfTuples, 10);
  const level0 = extractSurface(quadratic, { nonlinearSubdivisionLevel: 0 });
  assert.deepEqual(polygonSizes(level0), [3, 3, 3, 3]);
  assert.equal(level0.points.numberOfTuples, 4);
});

test('2D, 1D and 0D cells of an unstructured grid are kept in verts, lines, polys order', () => {
  const grid = createUnstructuredGrid({
    points: dataArrayFrom('Points', 'Float64', [0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 2, 0, 0], 3),
    cells: cellArrayFromLists([[0, 1, 2, 3], [1, 4], [4], [0, 1, 3, 2]]),
    cellTypes: Uint8Array.of(CellType.QUAD, CellType.LINE, CellType.VERTEX, CellType.PIXEL),
  });
  grid.cellData.add(dataArrayFrom('id', 'Int32', [0, 1, 2, 3]));
  const surface = extractSurface(grid);
  assert.equal(surface.verts.offsets.length - 1, 1);
  assert.equal(surface.lines.offsets.length - 1, 1);
  assert.deepEqual(polygonSizes(surface), [4, 4]);
  assert.deepEqual(Array.from(surface.cellData.getDataArray('id')!.values as Int32Array), [2, 1, 0, 3]);
  // The pixel (0,1,3,2) becomes the quad (0,1,2,3) in output numbering order of first use.
  const { connectivity } = surface.polys;
  const pixel = Array.from(connectivity.subarray(4, 8)).map((p) => surface.points.getTuple(p));
  assert.deepEqual(pixel, [
    [0, 0, 0],
    [1, 0, 0],
    [1, 1, 0],
    [0, 1, 0],
  ]);
});

test('image data: six faces with their own points, as VTK makes them', () => {
  const surface = extractSurface(image([3, 4, 5]));
  assert.equal(surface.points.numberOfTuples, 2 * (4 * 5) + 2 * (3 * 5) + 2 * (3 * 4));
  assert.equal(numberOfCells(surface), 2 * (3 * 4) + 2 * (2 * 4) + 2 * (2 * 3));
  assert.deepEqual(boundsOf(surface), [0, 2, 0, 3, 0, 4]);
  const x = surface.pointData.getDataArray('x')!;
  for (let p = 0; p < surface.points.numberOfTuples; p += 7) {
    assert.equal(x.getComponent(p, 0), surface.points.getComponent(p, 0));
  }
  const flat = extractSurface(image([4, 3, 1]));
  assert.equal(numberOfCells(flat), 6);
  assert.equal(flat.points.numberOfTuples, 12);
  const line = extractSurface(image([5, 1, 1]));
  assert.equal(line.lines.offsets.length - 1, 4);
});

test('the definition validates properties and maps over multiblocks', async () => {
  await assert.rejects(
    extractSurfaceDefinition.execute([hexBlock(1)], { NonlinearSubdivisionLevel: 9 }, {}),
    (e: { code: string; property: string }) =>
      e.code === 'PERISCOPE_E_PROPERTY' && e.property === 'NonlinearSubdivisionLevel',
  );
  const blocks = createMultiBlock([
    { name: 'a', data: hexBlock(1) },
    { name: 'empty', data: null },
    { name: 'b', data: hexBlock(2) },
  ]);
  const out = await extractSurfaceDefinition.execute([blocks], {}, {});
  assert.equal(out.type, 'MultiBlock');
  if (out.type !== 'MultiBlock') return;
  assert.deepEqual(
    out.blocks.map((b) => b.name),
    ['a', 'empty', 'b'],
  );
  assert.equal(out.blocks[1].data, null);
  assert.equal(numberOfCells(out.blocks[2].data as PolyData), 24);
});
