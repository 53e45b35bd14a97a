import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellArrayFromLegacy, cellArrayFromLists, toIndexArray } from './cell-array.js';
import { CellType, cellTypeInfo, isKnownCellType, isValidPointCount } from './cell-types.js';
import { describeDifference } from './compare.js';
import { dataArrayFrom } from './data-array.js';
import {
  createImageData,
  createLazyTimeSeries,
  createMultiBlock,
  createPolyData,
  createRectilinearGrid,
  createUnstructuredGrid,
} from './dataset.js';
import { boundsOf, getPoint, leaves, memorySize, numberOfCells, numberOfPoints } from './queries.js';
import { toSharedDataSet } from './shared-memory.js';

test('image data: VTK cell counts ignore flat axes (matrix.vtk: 10×5×1 → 50 points, 36 cells)', () => {
  // MANIFEST.md, legacy_vtk/matrix.vtk: DIMENSIONS [10, 5, 1], points 50, cells 36.
  const image = createImageData({ extent: [0, 9, 0, 4, 0, 0] });
  assert.equal(numberOfPoints(image), 50);
  assert.equal(numberOfCells(image), 36);
  assert.deepEqual(boundsOf(image), [0, 9, 0, 4, 0, 0]);
});

test('image bounds follow origin, spacing and a rotating Direction matrix', () => {
  // A 90° rotation about z maps index axis i onto -y... bounds are those of the rotated box.
  const image = createImageData({
    extent: [0, 2, 0, 4, 0, 1],
    origin: [1, 1, 1],
    spacing: [0.5, 1, 2],
    direction: [0, -1, 0, 1, 0, 0, 0, 0, 1],
  });
  assert.deepEqual(boundsOf(image), [-3, 1, 1, 2, 1, 3]);
  assert.deepEqual(getPoint(image, 1), [1, 1.5, 1]);
});

test('rectilinear grid points and bounds come from its coordinate arrays', () => {
  const grid = createRectilinearGrid({
    extent: [0, 2, 0, 1, 0, 0],
    xCoordinates: dataArrayFrom('x', 'Float64', [0, 1, 4]),
    yCoordinates: dataArrayFrom('y', 'Float64', [-1, 1]),
    zCoordinates: dataArrayFrom('z', 'Float64', [5]),
  });
  assert.equal(numberOfPoints(grid), 6);
  assert.equal(numberOfCells(grid), 2);
  assert.deepEqual(getPoint(grid, 5), [4, 1, 5]);
  assert.deepEqual(boundsOf(grid), [0, 4, -1, 1, 5, 5]);
});

test('polydata counts all four cell arrays', () => {
  const poly = createPolyData({
    points: dataArrayFrom('Points', 'Float32', [0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0], 3),
    verts: cellArrayFromLists([[0]]),
    lines: cellArrayFromLists([[0, 1]]),
    polys: cellArrayFromLists([[0, 1, 2]]),
    strips: cellArrayFromLists([[0, 1, 2, 3]]),
  });
  assert.equal(numberOfCells(poly), 4);
  assert.deepEqual(boundsOf(poly), [0, 1, 0, 1, 0, 0]);
});

test('legacy cell layout converts to offsets + connectivity', () => {
  const cells = cellArrayFromLegacy([3, 0, 1, 2, 2, 4, 5, 1, 7], 3);
  assert.deepEqual([...cells.offsets], [0, 3, 5, 6]);
  assert.deepEqual([...cells.connectivity], [0, 1, 2, 4, 5, 7]);
});

test('index arrays stay Int32 when they fit and widen to Float64 when not', () => {
  assert.ok(toIndexArray(BigInt64Array.from([1n, 2n])) instanceof Int32Array);
  const wide = toIndexArray(BigInt64Array.from([1n, 2n ** 33n]));
  assert.ok(wide instanceof Float64Array);
  assert.equal(wide[1], 2 ** 33);
});

test('cell type table knows VTK ids, dimensions and fixed sizes', () => {
  assert.equal(cellTypeInfo(CellType.HEXAHEDRON)?.points, 8);
  assert.equal(cellTypeInfo(CellType.QUADRATIC_TETRA)?.points, 10);
  assert.equal(cellTypeInfo(CellType.TRIQUADRATIC_HEXAHEDRON)?.points, 27);
  assert.equal(cellTypeInfo(CellType.WEDGE)?.dimension, 3);
  assert.equal(isKnownCellType(17), false, '17 is not a VTK cell type');
  assert.equal(isKnownCellType(42), true);
  assert.equal(isValidPointCount(CellType.TETRA, 4), true);
  assert.equal(isValidPointCount(CellType.TETRA, 5), false);
  assert.equal(isValidPointCount(CellType.POLYGON, 7), true);
});

test('deep comparison finds the first differing value and respects types', () => {
  const make = (z: number) => {
    const grid = createUnstructuredGrid({
      points: dataArrayFrom('Points', 'Float32', [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, z], 3),
      cells: cellArrayFromLists([[0, 1, 2, 3]]),
      cellTypes: Uint8Array.of(CellType.TETRA),
    });
    grid.pointData.setAttribute('scalars', dataArrayFrom('s', 'Float64', [1, 2, 3, 4]));
    return grid;
  };
  assert.equal(describeDifference(make(1), make(1)), undefined);
  assert.match(describeDifference(make(1), make(2)) ?? '', /points\[11\]: 1 ≠ 2/);
  const other = make(1);
  other.pointData.setAttribute('scalars', dataArrayFrom('s', 'Float32', [1, 2, 3, 4]));
  assert.match(describeDifference(make(1), other) ?? '', /type Float64 ≠ Float32/);
});

test('multiblock leaves, memory size, and sharing arrays for workers', () => {
  const image = createImageData({ extent: [0, 1, 0, 1, 0, 1] });
  image.pointData.setAttribute('scalars', dataArrayFrom('s', 'Float32', [1, 2, 3, 4, 5, 6, 7, 8]));
  const tree = createMultiBlock([
    { name: 'a', data: image },
    { name: 'empty', data: null },
    { name: 'group', data: createMultiBlock([{ name: 'b', data: image }]) },
  ]);
  assert.deepEqual(
    [...leaves(tree)].map((l) => l.path.join('/')),
    ['a', 'group/b'],
  );
  assert.equal(memorySize(tree), 2 * 32);
  const shared = toSharedDataSet(image);
  assert.ok(shared.pointData.getDataArray('s')!.values.buffer instanceof SharedArrayBuffer);
  assert.equal(shared.pointData.getActiveName('scalars'), 's');
  assert.equal(describeDifference(image, shared), undefined);
});

test('lazy time series load each step once and retry after a failure', async () => {
  let loads = 0;
  let fail = true;
  const series = createLazyTimeSeries([{ time: 0 }, { time: 2.5 }], async (index) => {
    loads++;
    if (index === 1 && fail) {
      fail = false;
      throw new Error('transient');
    }
    return createImageData({ extent: [0, index, 0, 0, 0, 0] });
  });
  await series.steps[0].load();
  await series.steps[0].load();
  assert.equal(loads, 1);
  await assert.rejects(series.steps[1].load(), /transient/);
  const second = await series.steps[1].load();
  assert.equal(second.type, 'ImageData');
  assert.equal(loads, 3);
});
