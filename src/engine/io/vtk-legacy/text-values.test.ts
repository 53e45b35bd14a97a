/**
 * The text layer: ASCII number parsing must equal JavaScript's own `Number(text)` bit for bit
 * (the reference for correctly rounded decimal conversion), number formatting must round-trip and
 * be shortest, integer types must reject what they cannot hold, and name escaping must invert.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReadError } from '../../../errors.js';
import type { TypedArray } from '../../data/data-array.js';
import { type AsciiTarget, readAsciiValues } from './ascii-values.js';
import { decodeName, encodeName } from './names.js';
import { formatFloat32, formatFloat64 } from './number-format.js';
import { LegacyScanner } from './scanner.js';

function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function parseInto(
  text: string,
  target: TypedArray,
  mode: AsciiTarget,
  type: 'Float32' | 'Float64' | 'Int32' | 'UInt8' | 'UInt64',
): void {
  const scanner = new LegacyScanner(new TextEncoder().encode(text), 'values.vtk');
  readAsciiValues(scanner, target, target.length, 'test values', mode, type);
}

test('ASCII reals parse exactly as Number() does, on the fast path and off it', () => {
  const rand = random(11);
  const tokens = [
    '0',
    '-0',
    '1.',
    '.5',
    '+3',
    '1e5',
    '1E-5',
    '-2.5e+10',
    '0.000001234',
    '123456789012345678',
  ];
  tokens.push('9007199254740993', '1e-320', '1e308', '2e308', '0.1', '0.30000000000000004');
  for (let i = 0; i < 5000; i++) {
    const digits = 1 + Math.floor(rand() * 19);
    let mantissa = '';
    for (let d = 0; d < digits; d++) mantissa += Math.floor(rand() * 10);
    const point = Math.floor(rand() * (digits + 1));
    const sign = rand() < 0.3 ? '-' : '';
    const exponent = rand() < 0.5 ? `e${Math.floor(rand() * 80) - 40}` : '';
    tokens.push(`${sign}${mantissa.slice(0, point) || '0'}.${mantissa.slice(point)}${exponent}`);
  }
  const out = new Float64Array(tokens.length);
  parseInto(tokens.join(' \n\t'), out, 'real', 'Float64');
  for (const [i, token] of tokens.entries()) {
    assert.ok(Object.is(out[i], Number(token)), `${token}: ${out[i]} ≠ ${Number(token)}`);
  }
  const specials = new Float64Array(4);
  parseInto('nan -inf INF +Infinity', specials, 'real', 'Float64');
  assert.deepEqual(Array.from(specials), [Number.NaN, -Infinity, Infinity, Infinity]);
});

test('float32 text is the shortest that reads back to the same float32', () => {
  const rand = random(3);
  const bits = new Uint32Array(1);
  const asFloat = new Float32Array(bits.buffer);
  // Random bit patterns, plus subnormals, whose precision is lower.
  for (let i = 0; i < 22000; i++) {
    bits[0] =
      i < 20000 ? Math.floor(rand() * 2 ** 32) : Math.floor(rand() * 2 ** 23) | (rand() < 0.5 ? 2 ** 31 : 0);
    const v = asFloat[0];
    if (!Number.isFinite(v)) continue;
    const text = formatFloat32(v);
    assert.ok(Object.is(Math.fround(Number(text)), v), `${v} → ${text}`);
    const digits = text
      .replace(/^-/, '')
      .replace(/e.*$/, '')
      .replace('.', '')
      .replace(/^0+/, '')
      .replace(/0+$/, '').length;
    if (digits > 1) {
      assert.notEqual(
        Math.fround(Number(v.toPrecision(digits - 1))),
        v,
        `${text} is not the shortest for ${v}`,
      );
    }
  }
  assert.equal(formatFloat32(Math.fround(0.1)), '0.1');
  assert.equal(formatFloat32(-0), '-0');
  assert.equal(formatFloat32(Number.NaN), 'nan');
});

test('float64 text round-trips, including -0, subnormals and infinities', () => {
  const rand = random(5);
  const view = new DataView(new ArrayBuffer(8));
  for (let i = 0; i < 20000; i++) {
    view.setUint32(0, Math.floor(rand() * 2 ** 32));
    view.setUint32(4, Math.floor(rand() * 2 ** 32));
    const v = view.getFloat64(0);
    if (Number.isNaN(v)) continue;
    const text = formatFloat64(v);
    const back = new Float64Array(1);
    parseInto(text, back, 'real', 'Float64');
    assert.ok(Object.is(back[0], v), `${v} → ${text} → ${back[0]}`);
  }
  assert.deepEqual([-0, 5e-324, -Infinity].map(formatFloat64), ['-0', '5e-324', '-inf']);
});

test('integer types reject values they cannot hold, fractions and words, naming the value', () => {
  const u8 = new Uint8Array(3);
  parseInto('0 +255 7', u8, 'integer', 'UInt8');
  assert.deepEqual(Array.from(u8), [0, 255, 7]);
  assert.throws(
    () => parseInto('1 256 3', new Uint8Array(3), 'integer', 'UInt8'),
    (error: unknown) => {
      assert.ok(error instanceof ReadError);
      assert.match(error.detail, /value 1 \(256\) is out of range for UInt8/);
      assert.equal(error.offset, 2);
      assert.equal(error.line, 1);
      return true;
    },
  );
  assert.throws(
    () => parseInto('1\n2.5', new Int32Array(2), 'integer', 'Int32'),
    /value 1 '2\.5' is not an integer/,
  );
  assert.throws(
    () => parseInto('1\n2', new Int32Array(3), 'integer', 'Int32'),
    /expected 3 values but the file ends after 2/,
  );
  const u64 = new BigUint64Array(2);
  parseInto('18446744073709551615 0', u64, 'bigint', 'UInt64');
  assert.deepEqual(Array.from(u64), [2n ** 64n - 1n, 0n]);
  assert.throws(
    () => parseInto('18446744073709551616 0', new BigUint64Array(2), 'bigint', 'UInt64'),
    /out of range for UInt64/,
  );
  const bits = new Uint8Array(4);
  parseInto('0 1 5 0', bits, 'bit', 'UInt8');
  assert.deepEqual(Array.from(bits), [0, 1, 1, 0]);
});

test('names escape to one token and decode back; raw UTF-8 names decode too', () => {
  const names = ['plain', 'with space', 'per%cent', 'quote"d', 'tab\tand\nnewline', 'ünïcødé ✓', ''];
  for (const name of names) {
    const token = encodeName(name);
    assert.doesNotMatch(token, /[\s"]/);
    const latin1 = Buffer.from(token, 'utf8').toString('latin1');
    assert.equal(decodeName(latin1), name);
  }
  assert.equal(encodeName('a b%'), 'a%20b%25');
  assert.equal(decodeName('bad%zz%4'), 'bad%zz%4');
  assert.equal(decodeName(Buffer.from('température', 'utf8').toString('latin1')), 'température');
});
