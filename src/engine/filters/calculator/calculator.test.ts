import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { cellArrayFromLists } from '../../data/cell-array.js';
import { DataArray, dataArrayFrom } from '../../data/data-array.js';
import { createImageData, createPolyData, type DataSet, type ImageData } from '../../data/dataset.js';
import { getDefaultPool } from '../../workers/pool.js';
import { calculatorFilter } from './calculator.js';

after(() => getDefaultPool().close());

function grid(): ImageData {
  // 3 × 2 × 1 points at x = 10, 11, 12; y = 20, 21 (origin 10, 20, 30).
  const image = createImageData({ extent: [0, 2, 0, 1, 0, 0], origin: [10, 20, 30] });
  image.pointData.add(dataArrayFrom('s', 'Float32', [1, 2, 3, 4, 5, 6]));
  image.pointData.add(
    dataArrayFrom('V', 'Float64', [1, 0, 0, 0, 2, 0, 0, 0, 3, 1, 1, 1, 3, 4, 0, 0, 0, 0], 3),
  );
  image.pointData.add(dataArrayFrom('my array', 'Int32', [6, 5, 4, 3, 2, 1]));
  image.cellData.add(dataArrayFrom('c', 'Float64', [7, 8]));
  return image;
}

async function calculate(
  data: DataSet,
  properties: Record<string, unknown>,
  workers?: number,
): Promise<DataSet> {
  return (await calculatorFilter.execute([data], properties, { workers })) as DataSet;
}

async function result(properties: Record<string, unknown>, name = 'Result'): Promise<number[]> {
  const out = await calculate(grid(), properties);
  const attributes = properties.AttributeType === 'Cell Data' ? out.cellData : out.pointData;
  return [...attributes.getDataArray(name)!.values].map(Number);
}

test('coordinates, precedence, unary minus and power', async () => {
  assert.deepEqual(await result({ Function: 'coordsX' }), [10, 11, 12, 10, 11, 12]);
  assert.deepEqual(await result({ Function: 'coordsY*2 - coordsZ' }), [10, 10, 10, 12, 12, 12]);
  assert.deepEqual(await result({ Function: '-2^2 + s' }), [-3, -2, -1, 0, 1, 2]);
  assert.deepEqual(await result({ Function: '2^3^2' }), Array(6).fill(512));
  assert.deepEqual(await result({ Function: '(1 + s) / 2' }), [1, 1.5, 2, 2.5, 3, 3.5]);
});

test('functions, quoted names and components', async () => {
  assert.deepEqual(await result({ Function: 'mag(V)' }), [1, 2, 3, Math.sqrt(3), 5, 0]);
  assert.deepEqual(await result({ Function: 'V_Y + "my array"' }), [6, 7, 4, 4, 6, 1]);
  assert.deepEqual(
    await result({ Function: 'max(s, 3) + min(s, 2) + abs(-1) + floor(2.7) + ceil(0.2) + sqrt(4)' }),
    [1 + 3 + 1 + 2 + 1 + 2, 2 + 3 + 6, 3 + 2 + 6, 4 + 2 + 6, 5 + 2 + 6, 6 + 2 + 6],
  );
  const [a] = await result({ Function: 'ln(exp(2)) + log10(100) + sin(0) + cos(0) + tanh(0)' });
  assert.ok(Math.abs(a - 5) < 1e-12);
});

test('vector results: iHat/jHat/kHat, cross, dot, norm, scaling', async () => {
  const out = await calculate(grid(), { Function: 'coordsX*iHat + s*jHat + 2*kHat', ResultArrayName: 'w' });
  const w = out.pointData.getDataArray('w')!;
  assert.equal(w.numberOfComponents, 3);
  assert.deepEqual(w.getTuple(1), [11, 2, 2]);
  assert.equal(out.pointData.getActiveName('vectors'), 'w');
  const cross = await calculate(grid(), { Function: 'cross(iHat, V) / 2' });
  assert.deepEqual(cross.pointData.getDataArray('Result')!.getTuple(4), [0, 0, 2]);
  assert.deepEqual(await result({ Function: 'dot(V, coords)' }), [10, 40, 90, 10 + 21 + 30, 33 + 84, 0]);
  const normalised = await calculate(grid(), { Function: 'norm(V)' });
  assert.deepEqual(normalised.pointData.getDataArray('Result')!.getTuple(4), [0.6, 0.8, 0]);
});

test('cell data, result types, invalid results, input untouched', async () => {
  const input = grid();
  assert.deepEqual(await result({ AttributeType: 'Cell Data', Function: 'c*2' }), [14, 16]);
  const out = await calculate(input, { Function: 's/2', ResultArrayType: 'Int' });
  assert.equal(out.pointData.getDataArray('Result')!.dataType, 'Int32');
  assert.deepEqual([...out.pointData.getDataArray('Result')!.values], [1, 1, 2, 2, 3, 3]);
  assert.deepEqual(await result({ Function: '1/(s-1)' }), [0, 1, 0.5, 1 / 3, 0.25, 0.2]);
  assert.equal(input.pointData.getDataArray('Result'), undefined);
});

test('CoordinateResults moves the points of a point set', async () => {
  const poly = createPolyData({
    points: dataArrayFrom('Points', 'Float32', [0, 0, 0, 1, 0, 0, 0, 1, 0], 3),
    polys: cellArrayFromLists([[0, 1, 2]]),
  });
  const out = await calculate(poly, { Function: 'coords*2 + kHat', CoordinateResults: 1 });
  assert.ok(out.type === 'PolyData');
  assert.deepEqual(out.type === 'PolyData' && out.points.getTuple(1), [2, 0, 1]);
});

test('large inputs run in parallel and match the sequential result', async () => {
  const n = 128;
  const image = createImageData({ extent: [0, n - 1, 0, n - 1, 0, n - 1] });
  const values = new Float32Array(n * n * n).map((_, i) => (i % 97) / 7);
  image.pointData.add(new DataArray({ name: 'a', values }));
  const one = await calculate(image, { Function: 'a*coordsX - sqrt(a)' }, 1);
  const two = await calculate(image, { Function: 'a*coordsX - sqrt(a)' }, 2);
  assert.deepEqual(
    two.pointData.getDataArray('Result')!.values,
    one.pointData.getDataArray('Result')!.values,
  );
  const v = one.pointData.getDataArray('Result')!.values;
  const p = 5 + n * 7 + n * n * 9;
  assert.equal(v[p], values[p] * 5 - Math.sqrt(values[p]));
});

test('syntax errors name the character; unknown names list the known ones', async () => {
  await assert.rejects(
    calculate(grid(), { Function: 's + * 2' }),
    /Calculator\.Function: unexpected '\*' at character 5/,
  );
  await assert.rejects(calculate(grid(), { Function: '(s + 2' }), /expected '\)' at character 7/);
  await assert.rejects(calculate(grid(), { Function: 's # 2' }), /unexpected character '#' at character 3/);
  await assert.rejects(
    calculate(grid(), { Function: 'foo + 1' }),
    /unknown array 'foo'; known: s, V, my array, coordsX, coordsY, coordsZ, coords, iHat, jHat, kHat at character 1/,
  );
  await assert.rejects(calculate(grid(), { Function: 'V * V' }), /cannot multiply two vectors/);
  await assert.rejects(calculate(grid(), { Function: 'V_W' }), /unknown array 'V_W'/);
  await assert.rejects(calculate(grid(), { Function: 'mag(s)' }), /mag\(\) argument 1 must be a vector/);
  await assert.rejects(
    calculate(grid(), { Function: 'coordsX', AttributeType: 'Cell Data' }),
    /only available for point data/,
  );
  await assert.rejects(calculate(grid(), { Function: '' }), /Calculator\.Function: is empty/);
});
