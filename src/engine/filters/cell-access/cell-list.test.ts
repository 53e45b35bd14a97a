import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellArrayFromLists } from '../../data/cell-array.js';
import { CellType } from '../../data/cell-types.js';
import { dataArrayFrom } from '../../data/data-array.js';
import { createPolyData, createStructuredGrid, type DataSet } from '../../data/dataset.js';
import { hexBlock, image } from '../test-support/grids.js';
import { CellCursor, cellListOf, cellPoints, cellSize } from './cell-list.js';
import { cellSourceOf } from './cells.js';

/** Both views of a dataset's cells: the worker kernels' list and the calling thread's walker. */
function assertSameCells(data: DataSet): void {
  const walker = cellSourceOf(data);
  const list = cellListOf(data, false);
  assert.equal(list.cells, walker.numberOfCells);
  const fromWalker = new Int32Array(walker.maxCellSize);
  const fromList = new Int32Array(Math.max(8, walker.maxCellSize));
  const cursor = new CellCursor(list, 0, list.cells);
  for (let c = 0; c < walker.numberOfCells; c++) {
    const n = walker.cellPointIds(c, fromWalker);
    const type = cellPoints(list, c, fromList);
    assert.equal(type, walker.cellType(c), `type of cell ${c}`);
    assert.equal(cellSize(list, c), n, `size of cell ${c}`);
    assert.deepEqual([...fromList.subarray(0, n)], [...fromWalker.subarray(0, n)], `points of cell ${c}`);
    assert.ok(cursor.next());
    assert.equal(cursor.cell, c);
    assert.equal(cursor.type, type);
    assert.deepEqual([...cursor.ids.subarray(0, n)], [...fromWalker.subarray(0, n)], `cursor at cell ${c}`);
  }
  assert.ok(!cursor.next());
}

test('images of every dimension: the list and the walker give the same cells', () => {
  for (const dims of [
    [4, 3, 2],
    [4, 3, 1],
    [4, 1, 3],
    [1, 3, 2],
    [5, 1, 1],
    [1, 1, 1],
  ] as [number, number, number][]) {
    assertSameCells(image(dims));
  }
});

test('structured grids (hexahedra and quads) and unstructured grids agree too', () => {
  const points = (count: number) =>
    dataArrayFrom(
      'Points',
      'Float64',
      Array.from({ length: 3 * count }, (_, i) => i),
      3,
    );
  assertSameCells(createStructuredGrid({ extent: [0, 2, 0, 1, 0, 2], points: points(18) }));
  assertSameCells(createStructuredGrid({ extent: [0, 2, 0, 2, 0, 0], points: points(9) }));
  assertSameCells(hexBlock(2));
});

test('poly data: verts, lines, polys and strips in that order', () => {
  const poly = createPolyData({
    points: dataArrayFrom(
      'Points',
      'Float64',
      Array.from({ length: 30 }, (_, i) => i),
      3,
    ),
    verts: cellArrayFromLists([[0], [1, 2]]),
    lines: cellArrayFromLists([
      [3, 4],
      [4, 5, 6],
    ]),
    polys: cellArrayFromLists([
      [0, 1, 2],
      [2, 3, 4, 5],
      [5, 6, 7, 8, 9],
    ]),
    strips: cellArrayFromLists([[0, 1, 2, 3, 4]]),
  });
  assertSameCells(poly);
  assert.equal(cellPoints(cellListOf(poly, false), 7, new Int32Array(8)), CellType.TRIANGLE_STRIP);
});
