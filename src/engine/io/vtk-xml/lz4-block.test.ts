import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { decodeLz4Block, Lz4FormatError } from './lz4-block.js';

const lz4js = createRequire(import.meta.url)('lz4js') as {
  compressBlock(
    src: Uint8Array,
    dst: Uint8Array,
    sIndex: number,
    sLength: number,
    hashTable: Uint32Array,
  ): number;
};

test('a hand-assembled block: literal, overlapping match, final literal', () => {
  // token 0x1F: 1 literal, match length code 15; 'a'; offset 1; extension 5 → match of 24;
  // then a final token with 1 literal 'b'. Output: 25 × 'a' then 'b'.
  const block = new Uint8Array([0x1f, 0x61, 0x01, 0x00, 0x05, 0x10, 0x62]);
  const out = new Uint8Array(26);
  assert.equal(decodeLz4Block(block, out), 26);
  assert.equal(new TextDecoder().decode(out), `${'a'.repeat(25)}b`);
});

test('decodes what lz4js encodes', () => {
  const source = Uint8Array.from({ length: 100000 }, (_, i) => (i % 251 < 120 ? i % 7 : (i * 31) & 0xff));
  const compressed = new Uint8Array(110000);
  const size = lz4js.compressBlock(source, compressed, 0, source.length, new Uint32Array(1 << 16));
  assert.ok(size > 0 && size < source.length);
  const out = new Uint8Array(source.length);
  decodeLz4Block(compressed.subarray(0, size), out);
  assert.deepEqual(out, source);
});

test('corrupt blocks are rejected, never written out of bounds', () => {
  const cases: [number[], number, RegExp][] = [
    [[0x10, 0x61, 0x00, 0x00], 10, /invalid match offset 0/],
    [[0x10, 0x61, 0x05, 0x00], 10, /invalid match offset 5/],
    [[0x10, 0x61, 0x01, 0x00, 0x00], 3, /match overflows/],
    [[0x30, 0x61], 3, /literals run past the end/],
    [[0x20, 0x61, 0x62], 1, /literals overflow/],
    [[0xf0, 0xff], 400, /ends inside a literal length/],
    [[0x10, 0x61, 0x01], 10, /ends inside a match offset/],
    [[0x10, 0x61], 2, /decodes to 1 bytes, 2 expected/],
    [[], 0, /ends before its last literals/],
  ];
  for (const [bytes, size, message] of cases) {
    assert.throws(
      () => decodeLz4Block(new Uint8Array(bytes), new Uint8Array(size)),
      (error: unknown) => {
        assert.ok(error instanceof Lz4FormatError);
        assert.match(error.message, message);
        return true;
      },
    );
  }
});
