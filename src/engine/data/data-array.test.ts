import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DataArray, dataArrayFrom, MAGNITUDE, toSharedTypedArray } from './data-array.js';

test('ranges per component and of the magnitude (3-4-5 and 0-0-0 vectors)', () => {
  const v = dataArrayFrom('v', 'Float32', [3, 4, 0, 0, 0, 0, -1, 2, 2], 3);
  assert.deepEqual(v.getRange(0), [-1, 3]);
  assert.deepEqual(v.getRange(1), [0, 4]);
  assert.deepEqual(v.getRange(2), [0, 2]);
  assert.deepEqual(v.getRange(MAGNITUDE), [0, 5]);
  assert.deepEqual(v.getRange(), [0, 5], 'multi-component arrays default to the magnitude');
});

test('NaN is ignored in ranges; all-NaN gives [NaN, NaN]', () => {
  assert.deepEqual(dataArrayFrom('a', 'Float64', [Number.NaN, 2, -7]).getRange(), [-7, 2]);
  const empty = dataArrayFrom('b', 'Float64', [Number.NaN]).getRange();
  assert.ok(Number.isNaN(empty[0]) && Number.isNaN(empty[1]));
});

test('64-bit integer arrays keep exact values and report numeric ranges', () => {
  const big = new DataArray({ name: 'ids', values: BigInt64Array.from([2n ** 40n, -5n, 7n]) });
  assert.equal(big.dataType, 'Int64');
  assert.deepEqual(big.getRange(), [-5, 2 ** 40]);
  big.setComponent(1, 0, 9);
  big.modified();
  assert.deepEqual(big.getRange(), [7, 2 ** 40]);
});

test('ranges are cached until modified()', () => {
  const a = dataArrayFrom('a', 'Int32', [1, 2, 3]);
  assert.deepEqual(a.getRange(), [1, 3]);
  (a.values as Int32Array)[0] = 10;
  assert.deepEqual(a.getRange(), [1, 3], 'stale until told');
  a.modified();
  assert.deepEqual(a.getRange(), [2, 10]);
});

test('invalid shapes are rejected', () => {
  assert.throws(
    () => new DataArray({ name: 'x', values: new Float32Array(5), numberOfComponents: 3 }),
    /multiple/,
  );
  assert.throws(
    () => new DataArray({ name: 'x', values: new Float32Array(3), numberOfComponents: 0 }),
    /positive/,
  );
  assert.throws(() => dataArrayFrom('x', 'Float32', [1]).getRange(1), /no component 1/);
});

test('arrays can live on a SharedArrayBuffer', () => {
  const shared = DataArray.allocate('s', 'Float64', 4, 1, true);
  assert.ok(shared.values.buffer instanceof SharedArrayBuffer);
  const moved = toSharedTypedArray(new Uint16Array([1, 2, 3]));
  assert.ok(moved.buffer instanceof SharedArrayBuffer);
  assert.deepEqual([...moved], [1, 2, 3]);
  assert.equal(shared.clone(true).values.buffer instanceof SharedArrayBuffer, true);
});
