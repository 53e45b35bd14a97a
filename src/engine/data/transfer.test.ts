import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sharedDataPath } from '../../../test/support/assertions.js';
import { readDataFile } from '../io/index.js';
import { isDataArray } from './attributes.js';
import { describeDifference } from './compare.js';
import { MAGNITUDE } from './data-array.js';
import type { DataObject } from './dataset.js';
import { leaves } from './queries.js';
import { packDataObject, unpackDataObject } from './transfer.js';

const FILES = [
  'vtk_xml/hydrogen.vti',
  'vtk_xml/RectilinearGrid_ascii.vtr',
  'vtk_xml/StructuredGrid.vts',
  'vtk_xml/SuperQuadric.vtp',
  'vtk_xml/can.vtu',
  'vtk_xml/polyhedron2pieces.vtu',
];

/** Sends `data` through a real structured clone, moving the buffers packDataObject lists. */
function roundTrip(data: DataObject): DataObject {
  const { value, transfer } = packDataObject(data);
  return unpackDataObject(structuredClone(value, { transfer }));
}

for (const file of FILES)
  test(`${file} survives the trip to another thread: arrays, active attributes, cached ranges`, async () => {
    const { data } = await readDataFile(sharedDataPath(file));
    const expected = (await readDataFile(sharedDataPath(file))).data;
    // Ranges computed before the trip must arrive with the arrays.
    for (const leaf of leaves(data))
      for (const array of leaf.data.pointData.arrays.filter(isDataArray))
        array.getRange(array.numberOfComponents > 1 ? MAGNITUDE : 0);
    const copy = roundTrip(data);
    assert.equal(describeDifference(copy, expected), undefined);
    const pairs = [...leaves(copy)].map((leaf, i) => [leaf.data, [...leaves(expected)][i].data] as const);
    for (const [received, original] of pairs) {
      assert.deepEqual(received.pointData.activeAttributes, original.pointData.activeAttributes);
      assert.deepEqual(received.cellData.activeAttributes, original.cellData.activeAttributes);
      for (const array of received.pointData.arrays.filter(isDataArray))
        assert.ok(array.cachedRanges().length > 0, `${array.name} arrived with its range`);
    }
  });

test('multiblocks keep their blocks and names; time series are refused with a clear error', async () => {
  const file = sharedDataPath('multiblock/ex-blow_5.vtm');
  const { data } = await readDataFile(file);
  assert.equal(data.type, 'MultiBlock');
  assert.equal(describeDifference(roundTrip(data), (await readDataFile(file)).data), undefined);
  assert.throws(() => packDataObject({ type: 'TimeSeries', steps: [] }), /time series cannot be sent/);
});
