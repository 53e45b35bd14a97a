import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boundsOf, numberOfCells } from '../../data/queries.js';
import { readVtkXml } from '../../io/vtk-xml/index.js';
import { integrateVariables } from '../integrate-variables/index.js';
import { referenceResult, relativeError, sharedPath } from '../test-support/grids.js';
import { extractSurface } from './index.js';

test('can.vtu: the same surface as ParaView (can-extractsurface.json)', async () => {
  const expected = referenceResult('can-extractsurface.json');
  const can = await readVtkXml(sharedPath('data/vtk_xml/can.vtu'));
  const surface = extractSurface(can);
  assert.equal(surface.points.numberOfTuples, expected.points);
  assert.equal(numberOfCells(surface), expected.cells);
  boundsOf(surface).forEach((b, i) => {
    assert.ok(relativeError(b, expected.bounds[i]) < 1e-6);
  });
  for (const { name, components, range } of [...expected.pointData, ...expected.cellData]) {
    const array = surface.pointData.getDataArray(name) ?? surface.cellData.getDataArray(name);
    assert.ok(array, name);
    assert.equal(array.numberOfComponents, components);
    const [min, max] = array.getRange();
    assert.ok(
      relativeError(min, range[0]) < 1e-6 && relativeError(max, range[1]) < 1e-6,
      `${name} ${min} ${max}`,
    );
  }
  const integrals = integrateVariables(surface);
  const reference = expected.integrated;
  assert.ok(relativeError(integrals.Area!, reference.Area as number) < 1e-6, `Area ${integrals.Area}`);
  for (const [name, values] of Object.entries({ ...integrals.point, ...integrals.cell })) {
    const want = reference[name];
    assert.ok(want !== undefined, `ParaView does not integrate ${name}`);
    const list = Array.isArray(want) ? want : [want];
    values.forEach((v, c) => {
      assert.ok(relativeError(v, list[c]) < 1e-5, `${name}[${c}] ${v} vs ${list[c]}`);
    });
  }
  assert.deepEqual(
    Object.keys({ ...integrals.point, ...integrals.cell }).sort(),
    Object.keys(reference)
      .filter((k) => k !== 'Area')
      .sort(),
  );
});
