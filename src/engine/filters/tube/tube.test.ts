import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellArrayFromLists } from '../../data/cell-array.js';
import { dataArrayFrom } from '../../data/data-array.js';
import { createPolyData, type PolyData } from '../../data/dataset.js';
import { integrateVariables } from '../integrate-variables/index.js';
import { tube, tubeDefinition } from './index.js';

function polyline(points: number[]): PolyData {
  const data = createPolyData({
    points: dataArrayFrom('Points', 'Float64', points, 3),
    lines: cellArrayFromLists([Array.from({ length: points.length / 3 }, (_, i) => i)]),
  });
  data.cellData.add(dataArrayFrom('line', 'Int32', [7]));
  return data;
}

test('a straight line becomes a capped hexagonal prism', () => {
  const out = tube(polyline([0, 0, 0, 5, 0, 0, 10, 0, 0]), { radius: 1, numberOfSides: 6 });
  assert.equal(out.points.numberOfTuples, 3 * 6 + 2 * 6);
  assert.equal(out.strips.offsets.length - 1, 6 + 2);
  // Lateral area: six sides of width 1 (hexagon of circumradius 1) and length 10; caps 3√3/2 each.
  const area = integrateVariables(out).Area!;
  assert.ok(Math.abs(area - (60 + 3 * Math.sqrt(3))) < 1e-9, `area ${area}`);
  for (let p = 0; p < 18; p++) {
    const [, y, z] = out.points.getTuple(p);
    assert.ok(Math.abs(Math.hypot(y, z) - 1) < 1e-12);
  }
  assert.deepEqual(Array.from(out.cellData.getDataArray('line')!.values as Int32Array), Array(8).fill(7));
  const normals = out.pointData.getDataArray('TubeNormals')!;
  assert.ok(Math.abs(normals.getComponent(0, 0)) < 1e-12, 'side normals are radial');
  assert.deepEqual(
    normals.getTuple(18).map((v) => v + 0),
    [-1, 0, 0],
    'the start cap faces backwards',
  );
});

test('rings widen at bends and the radius varies with a scalar', async () => {
  const bent = tube(polyline([0, 0, 0, 1, 0, 0, 1, 1, 0]), { radius: 0.1, numberOfSides: 8, capping: false });
  for (let k = 0; k < 8; k++) {
    const [x, y, z] = bent.points.getTuple(8 + k);
    assert.ok(Math.abs(Math.hypot(x - 1, y, z) - 0.1 * Math.SQRT2) < 1e-12);
  }
  const data = polyline([0, 0, 0, 1, 0, 0, 2, 0, 0]);
  data.pointData.setAttribute('scalars', dataArrayFrom('s', 'Float32', [0, 0.5, 1]));
  const varied = (await tubeDefinition.execute(
    [data],
    { Radius: 0.1, VaryRadius: 'By Scalar', RadiusFactor: 3, NumberOfSides: 4, Capping: false },
    {},
  )) as PolyData;
  const radiusAt = (ring: number) => {
    const [, y, z] = varied.points.getTuple(4 * ring);
    return Math.hypot(y, z);
  };
  assert.ok(
    Math.abs(radiusAt(0) - 0.1) < 1e-9 &&
      Math.abs(radiusAt(1) - 0.2) < 1e-7 &&
      Math.abs(radiusAt(2) - 0.3) < 1e-7,
  );
  assert.ok(varied.pointData.has('s'));
});
