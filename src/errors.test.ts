import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ERROR_CATALOGUE, PropertyError, ReadError } from './errors.js';

test('docs/errors.md lists every error code of the catalogue', () => {
  const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
  for (const entry of Object.values(ERROR_CATALOGUE))
    assert.ok(doc.includes(`\`${entry.code}\``), entry.code);
});

test('codes, RPC codes and messages are stable and informative', () => {
  const codes = Object.values(ERROR_CATALOGUE).map((e) => e.code);
  assert.equal(new Set(codes).size, codes.length);
  const read = new ReadError('a.vtu', 'vtk-xml', 'offsets past the end', { offset: 1234, line: 7 });
  assert.equal(read.code, 'PERISCOPE_E_READ');
  assert.equal(read.offset, 1234);
  assert.equal(read.message, 'a.vtu: vtk-xml: offsets past the end (at line 7, byte 1234)');
  const property = new PropertyError('Contour', 'Isosurfaces', 'must be finite');
  assert.equal(property.httpStatus, 400);
  assert.equal(property.message, 'Contour.Isosurfaces: must be finite');
});
