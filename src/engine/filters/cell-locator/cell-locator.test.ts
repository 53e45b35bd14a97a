import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellArrayFromLists } from '../../data/cell-array.js';
import { CellType } from '../../data/cell-types.js';
import { dataArrayFrom } from '../../data/data-array.js';
import { createImageData, createUnstructuredGrid } from '../../data/dataset.js';
import { hexBlock, singleCell } from '../test-support/grids.js';
import { CellLocation, derivatives, evaluatePosition } from './cell-interpolation.js';
import { CellFinder, ProbeHit, probeGeometry } from './cell-locator.js';

/** A linear field f(x,y,z) = 1 + 2x − 3y + 0.5z, which every linear cell reproduces exactly. */
const f = (x: number, y: number, z: number) => 1 + 2 * x - 3 * y + 0.5 * z;

function interpolate(hit: ProbeHit, values: ArrayLike<number>): number {
  let sum = 0;
  for (let k = 0; k < hit.count; k++) sum += hit.location.weights[k] * values[hit.ids[k]];
  return sum;
}

test('every 3D cell type reproduces a linear field and its gradient', () => {
  // Distorted cells so that Newton iteration has work to do.
  const cells: [string, number, number[], number[]][] = [
    ['tetra', CellType.TETRA, [0, 0, 0, 1, 0.1, 0, 0.2, 1, 0, 0.1, 0.2, 1], [0.3, 0.3, 0.2]],
    ['wedge', CellType.WEDGE, [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1.2, 1.1, 0, 1, 0, 1, 1.1], [0.3, 0.3, 0.5]],
    ['pyramid', CellType.PYRAMID, [0, 0, 0, 1, 0, 0, 1.1, 1, 0, 0, 1, 0.1, 0.4, 0.5, 1], [0.5, 0.5, 0.3]],
    [
      'hexahedron',
      CellType.HEXAHEDRON,
      [0, 0, 0, 1, 0, 0, 1.2, 1.1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1.1, 1, 1.2, 1, 0, 1, 1],
      [0.6, 0.5, 0.5],
    ],
    [
      'voxel',
      CellType.VOXEL,
      [0, 0, 0, 2, 0, 0, 0, 1, 0, 2, 1, 0, 0, 0, 3, 2, 0, 3, 0, 1, 3, 2, 1, 3],
      [1.5, 0.2, 2],
    ],
  ];
  for (const [name, type, points, [x, y, z]] of cells) {
    const grid = singleCell(type, points);
    const n = points.length / 3;
    const values = Array.from({ length: n }, (_, i) =>
      f(points[3 * i], points[3 * i + 1], points[3 * i + 2]),
    );
    const finder = new CellFinder(probeGeometry(grid));
    const hit = new ProbeHit();
    assert.ok(finder.find(x, y, z, hit), `${name}: point not found`);
    assert.ok(Math.abs(interpolate(hit, values) - f(x, y, z)) < 1e-9, `${name}: ${interpolate(hit, values)}`);
    // Gradient of a vector field (f, 2f, 0): rows (2, −3, 0.5) and twice that.
    const vectors = values.flatMap((v) => [v, 2 * v, 0]);
    const gradient = new Float64Array(9);
    derivatives(hit.location, vectors, hit.ids, gradient);
    const expected = [2, -3, 0.5, 4, -6, 1, 0, 0, 0];
    gradient.forEach((g, i) => {
      assert.ok(Math.abs(g - expected[i]) < 1e-8, `${name}: ∇[${i}] = ${g}`);
    });
    assert.equal(finder.find(x + 5, y, z, hit), false, `${name}: outside point found`);
  }
});

test('the bucket locator finds the right cell of a block and image data needs no search', () => {
  const grid = hexBlock(5, 0.5);
  const finder = new CellFinder(probeGeometry(grid));
  const hit = new ProbeHit();
  assert.ok(finder.find(1.3, 0.2, 2.4, hit));
  // Cell (i, j, k) = (2, 0, 4) in a 5×5×5 block.
  assert.equal(hit.cell, 2 + 5 * (0 + 5 * 4));
  assert.ok(!finder.find(2.6, 0.2, 0.2, hit));
  const image = createImageData({ extent: [0, 4, 0, 3, 0, 2], origin: [1, 1, 1], spacing: [0.5, 1, 2] });
  const values = Float64Array.from({ length: 60 }, (_, p) => {
    const [i, j, k] = [p % 5, Math.floor(p / 5) % 4, Math.floor(p / 20)];
    return f(1 + 0.5 * i, 1 + j, 1 + 2 * k);
  });
  const imageFinder = new CellFinder(probeGeometry(image));
  assert.ok(imageFinder.find(2.2, 3.5, 4.1, hit));
  assert.ok(Math.abs(interpolate(hit, values) - f(2.2, 3.5, 4.1)) < 1e-12);
  const vectors = Array.from(values).flatMap((v) => [v, 0, -v]);
  const gradient = new Float64Array(9);
  derivatives(hit.location, vectors, hit.ids, gradient);
  [2, -3, 0.5, 0, 0, 0, -2, 3, -0.5].forEach((e, i) => {
    assert.ok(Math.abs(gradient[i] - e) < 1e-12);
  });
  assert.ok(!imageFinder.find(0.9, 2, 2, hit));
});

test('mixed grids: only 3D cells are located; points on shared faces go to the cell holding them strictly', () => {
  const grid = createUnstructuredGrid({
    points: dataArrayFrom('Points', 'Float64', [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1], 3),
    cells: cellArrayFromLists([
      [0, 1, 2, 3],
      [1, 2, 3, 4],
      [0, 1, 2],
    ]),
    cellTypes: Uint8Array.of(CellType.TETRA, CellType.TETRA, CellType.TRIANGLE),
  });
  const finder = new CellFinder(probeGeometry(grid));
  const hit = new ProbeHit();
  assert.ok(finder.find(0.6, 0.6, 0.6, hit));
  assert.equal(hit.cell, 1);
  assert.ok(finder.find(0.1, 0.1, 0.1, hit));
  assert.equal(hit.cell, 0);
});

test("VTK's walking search finds the same cells as the buckets, and face points go to the lower cell", () => {
  const grid = hexBlock(6, 0.5);
  const walking = new CellFinder(probeGeometry(grid, { walk: true }));
  const buckets = new CellFinder(probeGeometry(grid));
  const a = new ProbeHit();
  const b = new ProbeHit();
  for (let s = 0; s < 200; s++) {
    // A path through the block, so each search starts from the previous cell.
    const x = 0.1 + (2.8 * s) / 200;
    const y = 1.5 + Math.sin(s / 10);
    const z = 1.5 + Math.cos(s / 13);
    assert.ok(walking.find(x, y, z, a) && buckets.find(x, y, z, b));
    assert.equal(a.cell, b.cell, `step ${s}`);
  }
  // x = 1 is the face between cells i = 1 and i = 2: from nothing cached, VTK's search takes the
  // lower-numbered cell of the closest point.
  walking.clearCache();
  assert.ok(walking.find(1, 0.2, 0.2, a));
  assert.equal(a.cell, 1);
});

test("a hexahedron's faces are sharp to 1e-6 (vtkHexahedron), other cells keep VTK's 0.001", () => {
  const unit = [0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1];
  const ids = Int32Array.from({ length: 8 }, (_, i) => i);
  const location = new CellLocation();
  assert.equal(evaluatePosition(CellType.HEXAHEDRON, unit, ids, 0.5, 0.5, 1 + 1e-7, location), 1);
  assert.equal(evaluatePosition(CellType.HEXAHEDRON, unit, ids, 0.5, 0.5, 1 + 1e-4, location), 0);
  assert.ok(Math.abs(location.pcoords[2] - (1 + 1e-4)) < 1e-12);
  const tetra = [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1];
  assert.equal(evaluatePosition(CellType.TETRA, tetra, ids, 0.2, 0.2, -1e-4, location), 1);
});
