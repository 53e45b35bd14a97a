/** `periscope session`'s byte-size options (`--local-threshold`, `--geometry-limit`). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseByteSize } from './session.js';

test('byte sizes take plain integers and binary K, M, G suffixes', () => {
  assert.equal(parseByteSize('--local-threshold', '1048576'), 1_048_576);
  assert.equal(parseByteSize('--local-threshold', '512K'), 512 * 1024);
  assert.equal(parseByteSize('--local-threshold', '20M'), 20 * 1024 * 1024);
  assert.equal(parseByteSize('--local-threshold', '20MiB'), 20 * 1024 * 1024);
  assert.equal(parseByteSize('--geometry-limit', '1g'), 1024 ** 3);
  assert.equal(parseByteSize('--geometry-limit', '0'), 0);
});

test('anything else is refused with PERISCOPE_E_PROPERTY naming the option', () => {
  for (const value of ['', '-1', '1.5M', '20T', 'lots'])
    assert.throws(
      () => parseByteSize('--geometry-limit', value),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'PERISCOPE_E_PROPERTY');
        assert.match(error.message, /--geometry-limit/);
        return true;
      },
      value,
    );
});
