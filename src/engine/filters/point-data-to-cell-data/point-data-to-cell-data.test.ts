import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hexBlock, image } from '../test-support/grids.js';
import { pointDataToCellData, pointDataToCellDataDefinition } from './index.js';

test('each cell averages its points', async () => {
  const out = pointDataToCellData(hexBlock(2));
  const x = out.cellData.getDataArray('x')!;
  // Cell (i, j, k) spans x ∈ [i, i + 1]: mean of the eight corner x values is i + 0.5.
  for (let c = 0; c < 8; c++) assert.equal(x.getComponent(c, 0), (c % 2) + 0.5);
  assert.equal(out.cellData.getActiveName('scalars'), 'x');
  assert.ok(out.cellData.has('id'), 'cell arrays are kept');
  assert.equal(out.pointData.size, 0);
  const kept = await pointDataToCellDataDefinition.execute([image([2, 2, 2])], { PassPointData: true }, {});
  assert.ok(
    kept.type === 'ImageData' &&
      kept.pointData.has('x') &&
      kept.cellData.getDataArray('x')!.getComponent(0, 0) === 0.5,
  );
});
