import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dataArrayFrom } from '../../data/data-array.js';
import { hexBlock, image } from '../test-support/grids.js';
import { cellDataToPointData, cellDataToPointDataDefinition } from './index.js';

test('each point averages the cells around it; integers truncate like VTK', async () => {
  const grid = hexBlock(2);
  grid.cellData.setAttribute('scalars', dataArrayFrom('f', 'Float32', [0, 1, 2, 3, 4, 5, 6, 7]));
  const out = cellDataToPointData(grid);
  const f = out.pointData.getDataArray('f')!;
  assert.equal(f.getComponent(13, 0), 3.5, 'the centre point is used by all eight cells');
  assert.equal(f.getComponent(0, 0), 0, 'a corner point belongs to cell 0 only');
  assert.equal(f.getComponent(1, 0), 0.5, 'an edge midpoint is shared by cells 0 and 1');
  assert.equal(out.pointData.getDataArray('id')!.getComponent(13, 0), 3, 'Int32 mean 3.5 truncated');
  assert.equal(out.pointData.getActiveName('scalars'), 'f');
  assert.equal(out.cellData.size, 0);
  assert.ok(out.pointData.has('x'), 'point arrays are kept');
  const passed = await cellDataToPointDataDefinition.execute([grid], { PassCellData: true }, {});
  assert.ok(passed.type === 'UnstructuredGrid' && passed.cellData.has('f'));
});

test('works on image data and only on the listed arrays when asked', async () => {
  const data = image([3, 3, 1]);
  data.cellData.add(dataArrayFrom('a', 'Float64', [1, 2, 3, 4]));
  data.cellData.add(dataArrayFrom('b', 'Float64', [1, 1, 1, 1]));
  const out = await cellDataToPointDataDefinition.execute(
    [data],
    { ProcessAllArrays: false, CellDataArraytoprocess: ['a'] },
    {},
  );
  assert.equal(out.type, 'ImageData');
  if (out.type !== 'ImageData') return;
  assert.equal(out.pointData.getDataArray('a')!.getComponent(4, 0), 2.5);
  assert.equal(out.pointData.getDataArray('b'), undefined);
});
