import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Base64Reader } from './base64.js';

const ascii = (s: string) => new TextEncoder().encode(s);
const failing = (detail: string, index: number): never => {
  throw new Error(`${detail} @${index}`);
};

function decodeAll(text: string, length: number): number[] {
  const bytes = ascii(text);
  return [...new Base64Reader(bytes, 0, bytes.length, failing).decode(length)];
}

test('decodes what Buffer encodes, for every length and any content', () => {
  for (let n = 0; n < 64; n++) {
    const data = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n * 13) & 0xff);
    assert.deepEqual(decodeAll(Buffer.from(data).toString('base64'), n), [...data], `length ${n}`);
  }
});

test('whitespace anywhere is skipped', () => {
  assert.deepEqual(decodeAll(' AQ\nI D\tBA \r\n', 4), [1, 2, 3, 4]);
});

test('padding ends one stream and the next one follows (VTK writes header and data separately)', () => {
  // base64([1]) + base64([2, 3]) + base64([4, 5, 6])
  assert.deepEqual(decodeAll('AQ==AgM=BAUG', 6), [1, 2, 3, 4, 5, 6]);
});

test('a target that ends inside a group keeps the rest for the next call', () => {
  const bytes = ascii(Buffer.from([10, 20, 30, 40, 50, 60, 70, 80]).toString('base64'));
  const reader = new Base64Reader(bytes, 0, bytes.length, failing);
  assert.deepEqual([...reader.decode(2)], [10, 20]);
  assert.deepEqual([...reader.decode(5)], [30, 40, 50, 60, 70]);
  assert.deepEqual([...reader.decode(1)], [80]);
});

test('invalid characters and missing data are reported with their index', () => {
  assert.throws(() => decodeAll('AQI*', 3), /invalid base64 character 0x2a @3/);
  assert.throws(() => decodeAll('AQID', 4), /base64 data ends 1 bytes early @4/);
  assert.throws(() => decodeAll('A===', 1), /single character/);
});

test('available is an upper bound of what can still be decoded', () => {
  const bytes = ascii('AQIDBAUG');
  const reader = new Base64Reader(bytes, 0, bytes.length, failing);
  assert.equal(reader.available, 6);
  reader.decode(4);
  assert.ok(reader.available >= 2);
});
