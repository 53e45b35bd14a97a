import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as periscope from './index.js';

test('the package entry exposes the engine API', async () => {
  for (const name of [
    'readDataFile',
    'writeDataFile',
    'describeDataObject',
    'getFilter',
    'Pipeline',
    'DataArray',
  ]) {
    assert.equal(typeof (periscope as Record<string, unknown>)[name], 'function', name);
  }
  assert.ok(periscope.listFilters().some((filter) => filter.name === 'Contour'));
  assert.equal(new periscope.ReadError('a.vtk', 'vtk-legacy', 'bad').code, 'PERISCOPE_E_READ');
});
