/**
 * Bad input gives typed errors that name the file and where in it things went wrong: truncated
 * binary and ASCII files, unknown cell types, point ids out of range, counts larger than the
 * file, non-numeric tokens, missing DATASET, unknown keywords, wrong cell sizes, missing files.
 * A sweep of truncations and bit flips checks that nothing else escapes and nothing hangs.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FileNotFoundError, isPeriscopeError, ReadError } from '../../../errors.js';
import { cellArrayFromLists } from '../../data/cell-array.js';
import { CellType } from '../../data/cell-types.js';
import { dataArrayFrom } from '../../data/data-array.js';
import { createUnstructuredGrid } from '../../data/dataset.js';
import { parseVtkLegacy } from './parse.js';
import { readVtkLegacy } from './reader.js';
import { writeVtkLegacy } from './writer.js';

const dataDir = fileURLToPath(new URL('../../../../../shared/data/legacy_vtk/', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'periscope-vtk-legacy-bad-'));
after(() => rmSync(work, { recursive: true, force: true }));

const uGridEx = readFileSync(join(dataDir, 'uGridEx.vtk'), 'latin1');
const post = readFileSync(join(dataDir, 'post.vtk'));

let counter = 0;
function fileWith(content: string | Uint8Array): string {
  const path = join(work, `bad-${counter++}.vtk`);
  writeFileSync(path, typeof content === 'string' ? Buffer.from(content, 'latin1') : content);
  return path;
}

/** Reads `path`, expecting a ReadError about that file; returns it for further checks. */
async function readError(path: string, detail: RegExp): Promise<ReadError> {
  const error = await readVtkLegacy(path).then(
    () => assert.fail(`${path} was read without error`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof ReadError, `a ReadError, not ${String(error)}`);
  assert.equal(error.code, 'PERISCOPE_E_READ');
  assert.equal(error.file, path);
  assert.equal(error.format, 'vtk-legacy');
  assert.match(error.detail, detail);
  assert.ok(error.message.includes(path), 'the message names the file');
  assert.ok(error.offset !== undefined || error.line !== undefined, 'the error is located');
  return error;
}

/** 1-based line of the first line of `text` containing `needle`. */
function lineOf(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split('\n').length;
}

test('a truncated binary file names the block it cut and its byte offset', async () => {
  const cut = post.subarray(0, Math.floor(post.length / 2));
  const error = await readError(fileWith(cut), /needs \d+ bytes but only \d+ remain/);
  assert.ok(error.offset! > 0 && error.offset! <= cut.length);
  assert.equal(error.line, undefined, 'lines mean nothing inside binary data');
});

test('a truncated ASCII file names the line where it ends', async () => {
  // 15 of the 27 point lines: enough bytes for the size check, too few values.
  const pointsStart = uGridEx.indexOf('POINTS 27 float\n') + 'POINTS 27 float\n'.length;
  const cut = uGridEx.slice(0, pointsStart + 15 * '0.0 0.0 0.0\n'.length);
  const error = await readError(
    fileWith(cut),
    /expected 81 values but the file ends after 45 \(truncated\?\)/,
  );
  assert.equal(error.line, cut.split('\n').length);
  assert.equal(error.offset, cut.length);
  // Cut inside CELLS: too few bytes left for the 63 declared values.
  const short = uGridEx.slice(0, uGridEx.indexOf('CELLS 12 63') + 'CELLS 12 63\n8 0 1 4'.length);
  const sizeError = await readError(fileWith(short), /declares 63 values but only 8 bytes remain/);
  assert.equal(sizeError.line, lineOf(short, 'CELLS 12 63'));
});

test('an unknown cell type is reported with the CELL_TYPES line', async () => {
  const text = uGridEx.replace('CELL_TYPES 12\n12\n12\n10\n', 'CELL_TYPES 12\n12\n12\n99\n');
  const error = await readError(fileWith(text), /cell 2 has unknown cell type 99/);
  assert.equal(error.line, lineOf(text, 'CELL_TYPES'));
});

test('an unknown cell type in a binary file is located to its exact byte', async () => {
  const grid = createUnstructuredGrid({
    points: dataArrayFrom('Points', 'Float32', [0, 0, 0, 1, 0, 0, 0, 1, 0], 3),
    cells: cellArrayFromLists([
      [0, 1, 2],
      [0, 1],
    ]),
    cellTypes: Uint8Array.of(CellType.TRIANGLE, CellType.LINE),
  });
  const path = join(work, 'binary-types.vtk');
  await writeVtkLegacy(path, grid);
  const bytes = readFileSync(path);
  const at = bytes.indexOf('CELL_TYPES 2\n') + 'CELL_TYPES 2\n'.length + 4;
  bytes.writeInt32BE(99, at);
  const error = await readError(fileWith(bytes), /cell 1 has unknown cell type 99/);
  assert.equal(error.offset, at);
});

test('a point id out of range names the cell and the number of points', async () => {
  const text = uGridEx.replace('1 25\n', '1 27\n');
  const error = await readError(fileWith(text), /cell 11 uses point 27 but there are only 27 points/);
  assert.equal(error.line, lineOf(text, 'CELLS 12 63'));
});

test('a fixed-size cell with the wrong number of points is rejected', async () => {
  const text = uGridEx.replace('CELLS 12 63\n8 0 1 4 3 6 7 10 9', 'CELLS 12 62\n7 0 1 4 3 6 7 10');
  await readError(fileWith(text), /cell 0 is a HEXAHEDRON with 7 points; it needs 8/);
});

test('counts larger than the file are refused before anything is allocated', async () => {
  const ascii = uGridEx.replace('POINTS 27 float', 'POINTS 2000000000 float');
  const asciiError = await readError(fileWith(ascii), /declares 6000000000 values but only \d+ bytes remain/);
  assert.equal(asciiError.line, lineOf(ascii, 'POINTS'));
  const header = post.indexOf('POINTS 2288 float');
  const binary = Buffer.concat([
    post.subarray(0, header),
    Buffer.from('POINTS 99999999 float', 'latin1'),
    post.subarray(header + 'POINTS 2288 float'.length),
  ]);
  const binaryError = await readError(fileWith(binary), /needs 1199999988 bytes but only \d+ remain/);
  assert.equal(binaryError.offset, header + 'POINTS 99999999 float\n'.length);
});

test('a non-numeric token is reported with its line', async () => {
  const text = uGridEx.replace('2.0 1.0 6.0', '2.0 abc 6.0');
  const error = await readError(fileWith(text), /value \d+ 'abc' is not a number/);
  assert.equal(error.line, lineOf(text, '2.0 abc 6.0'));
});

test('a file without DATASET, with an unknown keyword, or that is not VTK at all', async () => {
  await readError(fileWith('# vtk DataFile Version 3.0\nx\nASCII\nPOINT_DATA 3\n'), /missing DATASET/);
  await readError(fileWith('# vtk DataFile Version 3.0\nx\nASCII\n'), /missing DATASET/);
  const unknown = uGridEx.replace('CELL_TYPES 12', 'CELL_KINDS 12');
  const error = await readError(
    fileWith(unknown),
    /unknown keyword 'CELL_KINDS' in DATASET UNSTRUCTURED_GRID/,
  );
  assert.equal(error.line, lineOf(unknown, 'CELL_KINDS'));
  await readError(fileWith('solid cube\nfacet normal 0 0 1\n'), /not a legacy VTK file/);
  await readError(fileWith('# vtk DataFile Version 3.0\nx\nTEXT\n'), /expected ASCII or BINARY/);
  await readError(
    fileWith(uGridEx.replace('POINT_DATA 27', 'POINT_DATA 26')),
    /declares 26 points but the dataset has 27/,
  );
});

test('a missing file is a FileNotFoundError naming it', async () => {
  const path = join(work, 'does-not-exist.vtk');
  const error = await readVtkLegacy(path).then(
    () => assert.fail('read a missing file'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof FileNotFoundError);
  assert.equal(error.code, 'PERISCOPE_E_FILE_NOT_FOUND');
  assert.equal(error.file, path);
});

/** Small deterministic PRNG (mulberry32) so a failure reproduces. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('every truncation and many bit flips of small files end in a result or a ReadError', () => {
  const rand = random(7);
  for (const name of ['rectilinear_grid_binary.vtk', 'cube_complex.vtk', 'tensors.vtk', 'uGridEx.vtk']) {
    const bytes = readFileSync(join(dataDir, name));
    const variants: Uint8Array[] = [];
    for (let cut = 0; cut < bytes.length; cut++) variants.push(bytes.subarray(0, cut));
    for (let k = 0; k < 300; k++) {
      const copy = Uint8Array.from(bytes);
      for (let f = 0; f < 3; f++) copy[Math.floor(rand() * copy.length)] ^= 1 << Math.floor(rand() * 8);
      variants.push(copy);
    }
    for (const [index, variant] of variants.entries()) {
      try {
        parseVtkLegacy(variant, name);
      } catch (error) {
        if (!(isPeriscopeError(error) && error.code === 'PERISCOPE_E_READ')) {
          assert.fail(`${name} variant ${index}: ${String(error)}`);
        }
      }
    }
  }
});
