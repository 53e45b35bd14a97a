import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getFilter, listFilters } from './catalogue.js';
import { resolveProperties } from './properties.js';

test('the catalogue lists every source and filter once, sorted, by ParaView name', () => {
  const names = listFilters().map((f) => f.name);
  assert.deepEqual(
    names,
    [...names].sort((a, b) => a.localeCompare(b)),
  );
  assert.equal(new Set(names).size, names.length);
  for (const name of ['Wavelet', 'Sphere', 'Cone', 'Cylinder', 'Box', 'Plane', 'Line', 'PointSource']) {
    assert.equal(getFilter(name)?.kind, 'source', name);
  }
  for (const name of ['Contour', 'Slice', 'Clip', 'Threshold', 'Calculator']) {
    assert.equal(getFilter(name)?.kind, 'filter', name);
  }
  assert.equal(getFilter('Frobnicate'), undefined);
});

test('every definition accepts its own defaults and declares its inputs', () => {
  for (const definition of listFilters()) {
    assert.doesNotThrow(() => resolveProperties(definition.name, definition.properties, {}), definition.name);
    assert.ok(definition.inputs.min <= definition.inputs.max, definition.name);
    assert.equal(definition.kind === 'source', definition.inputs.max === 0, definition.name);
    assert.ok(definition.description.length > 20, definition.name);
  }
});
