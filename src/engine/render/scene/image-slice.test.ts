import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DataArray } from '../../data/data-array.js';
import { createImageData } from '../../data/dataset.js';
import { numberOfCells, numberOfPoints } from '../../data/queries.js';
import { imageSlice, sliceIndex } from './image-slice.js';

/** A 4 × 5 × 6 image whose point value is i + 10 j + 100 k and cell value i + 10 j + 100 k of its lower corner. */
function image() {
  const data = createImageData({ extent: [0, 3, 0, 4, 0, 5], origin: [1, 2, 3], spacing: [0.5, 1, 2] });
  const points = new Float32Array(4 * 5 * 6);
  for (let k = 0, n = 0; k < 6; k++)
    for (let j = 0; j < 5; j++) for (let i = 0; i < 4; i++) points[n++] = i + 10 * j + 100 * k;
  const cells = new Float32Array(3 * 4 * 5);
  for (let k = 0, n = 0; k < 5; k++)
    for (let j = 0; j < 4; j++) for (let i = 0; i < 3; i++) cells[n++] = i + 10 * j + 100 * k;
  data.pointData.setAttribute('scalars', new DataArray({ name: 'ijk', values: points }));
  data.cellData.add(new DataArray({ name: 'cell', values: cells }));
  return data;
}

test('an XY slice keeps the layer k: its extent, geometry and point values', () => {
  const slice = imageSlice(image(), 'XY Plane', 2);
  assert.deepEqual(slice.extent, [0, 3, 0, 4, 2, 2]);
  assert.deepEqual(
    [slice.origin, slice.spacing],
    [
      [1, 2, 3],
      [0.5, 1, 2],
    ],
  );
  assert.equal(numberOfPoints(slice), 20);
  assert.equal(numberOfCells(slice), 12);
  const values = slice.pointData.getDataArray('ijk')!.values;
  assert.deepEqual([values[0], values[1], values[4], values[19]], [200, 201, 210, 243]);
  assert.equal(slice.pointData.getActiveName('scalars'), 'ijk');
  const cells = slice.cellData.getDataArray('cell')!.values;
  assert.deepEqual([cells[0], cells[11]], [200, 232]);
});

test('YZ and XZ slices; the last layer takes the cells below it; negative means the middle', () => {
  const yz = imageSlice(image(), 'YZ Plane', 3);
  assert.deepEqual(yz.extent, [3, 3, 0, 4, 0, 5]);
  const ijk = yz.pointData.getDataArray('ijk')!.values;
  assert.deepEqual([ijk[0], ijk[1], ijk[5]], [3, 13, 103]);
  assert.equal(yz.cellData.getDataArray('cell')!.values[0], 2, 'cells of i = 2, the last layer');
  const xz = imageSlice(image(), 'XZ Plane', -1);
  assert.deepEqual(xz.extent, [0, 3, 2, 2, 0, 5]);
  assert.equal(sliceIndex(image(), 'XY Plane', -1), 2);
  assert.equal(sliceIndex(image(), 'XY Plane', 99), 5);
});
