import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDecimal } from './decimal.js';

const parse = (token: string) => parseDecimal(`  ${token}  `, 2, 2 + token.length);

test('agrees with Number() bit for bit on decimal spellings', () => {
  const tokens = [
    '0',
    '-0',
    '+7',
    '1.',
    '.5',
    '-.5',
    '9.804816',
    '-554.003418',
    '1e5',
    '1E-5',
    '2.5e+3',
    '123456789012345',
  ];
  // Random doubles and float32 values in many notations, including ones past the fast path.
  let seed = 12345;
  const random = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  for (let i = 0; i < 20000; i++) {
    const value = (random() - 0.5) * 10 ** Math.floor(random() * 40 - 20);
    tokens.push(
      String(value),
      value.toFixed(6),
      value.toPrecision(7),
      value.toExponential(3),
      String(Math.fround(value)),
    );
  }
  for (const token of tokens) {
    assert.ok(Object.is(parse(token), Number(token)), `${token}: ${parse(token)} vs ${Number(token)}`);
  }
});

test('rejects what is not a number', () => {
  for (const token of ['', '-', '.', 'e5', '1e', '1.2.3', '12a', 'x'])
    assert.ok(Number.isNaN(parse(token)), token);
});
