/**
 * Assertions shared by the tests that check readers and filters against MANIFEST.md and
 * ParaView's reference outputs (which print 8 significant digits).
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';

/** Absolute path of a file under ../shared/data (the shared datasets beside the checkout). */
export function sharedDataPath(relative = ''): string {
  return fileURLToPath(new URL(`../../../shared/data/${relative}`, import.meta.url));
}

/**
 * Asserts `actual` equals `expected` to a relative tolerance (of the larger magnitude, so an
 * expected 0 needs an exact 0), element by element for lists.
 */
export function assertClose(
  actual: number | readonly number[],
  expected: number | readonly number[],
  what: string,
  relative = 1e-6,
): void {
  if (typeof actual === 'number' || typeof expected === 'number') {
    assert.ok(typeof actual === 'number' && typeof expected === 'number', `${what}: number vs list`);
    const scale = Math.max(Math.abs(actual), Math.abs(expected));
    assert.ok(Math.abs(actual - expected) <= relative * scale, `${what}: ${actual} is not ${expected}`);
    return;
  }
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) assertClose(actual[i], expected[i], `${what}[${i}]`, relative);
}
