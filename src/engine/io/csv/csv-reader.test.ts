import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ReadError } from '../../../errors.js';
import { type DataArray, StringArray } from '../../data/index.js';
import { csvReader, detectDialect, parseDelimitedText, readCsv, sniffDelimitedNumbers } from './index.js';

const dataDir = fileURLToPath(new URL('../../../../../shared/data/', import.meta.url));

// Facts from shared/data/MANIFEST.md ("Delimited point tables — csv/": own parser delimiter and
// header lines, ParaView 5.11 CSVReader column types and ranges). IntArray → Int32, DoubleArray → Float64.
const MANIFEST = [
  {
    file: 'csv/utm17_1.txt',
    delimiter: ',',
    rows: 10,
    columns: [
      ['X', 'Float64', 289814.15, 289818.5],
      ['Y', 'Float64', 4320978.6, 4320980.6],
      ['Z', 'Float64', 170.58, 170.76],
    ],
  },
  {
    file: 'csv/with_edgeofflightline.txt',
    delimiter: ',',
    rows: 10000,
    columns: [
      ['X', 'Float64', 0.026, 999.66],
      ['Y', 'Float64', 0.047, 999.992],
      ['Z', 'Float64', 0.004, 99.999],
      ['OffsetTime', 'Float64', 0, 9999],
      ['EdgeOfFlightLine', 'Int32', 0, 1],
    ],
  },
  {
    file: 'csv/sparsePoints.txt',
    delimiter: '\t',
    rows: 16,
    columns: [
      ['x', 'Int32', -15, 15],
      ['y', 'Int32', 5, 35],
      ['z', 'Float64', 2.3266877, 11.023824],
      ['val', 'Float64', 1.1, 9.1],
    ],
  },
] as const;

function close(actual: number, expected: number): boolean {
  // MANIFEST prints 8 significant digits.
  return Math.abs(actual - expected) <= 1e-6 * Math.max(1, Math.abs(expected));
}

describe('CSV reader on shared data', () => {
  for (const fact of MANIFEST) {
    test(fact.file, async () => {
      const path = join(dataDir, fact.file);
      const table = await readCsv(path);
      assert.equal(table.type, 'Table');
      assert.deepEqual(
        table.rowData.names,
        fact.columns.map((c) => c[0]),
      );
      for (const [name, type, min, max] of fact.columns) {
        const column = table.rowData.getDataArray(name);
        assert.ok(column, name);
        assert.equal(column.dataType, type, name);
        assert.equal(column.numberOfTuples, fact.rows, name);
        const [lo, hi] = column.getRange();
        assert.ok(close(lo, min) && close(hi, max), `${name}: [${lo}, ${hi}] vs [${min}, ${max}]`);
      }
      const text = (await readFile(path)).toString('utf8');
      assert.deepEqual(detectDialect(text), { delimiter: fact.delimiter, hasHeader: true });
      assert.ok(
        sniffDelimitedNumbers((await readFile(path)).subarray(0, 1024)),
        'sniffed as delimited numbers',
      );
    });
  }

  test('sniffing rejects other text formats that may share .txt', async () => {
    for (const other of [
      'obj/box.obj',
      'stl/HalfDonut.stl',
      'ply/shark.ply',
      'legacy_vtk/uGridEx.vtk',
      'MANIFEST.md',
    ]) {
      const head = (await readFile(join(dataDir, other))).subarray(0, 1024);
      assert.equal(sniffDelimitedNumbers(head), false, other);
    }
    assert.equal(sniffDelimitedNumbers(new Uint8Array([1, 2, 0, 4, 44, 10])), false, 'binary');
  });

  test('registry metadata', () => {
    assert.equal(csvReader.format, 'csv');
    assert.deepEqual(csvReader.extensions, ['.csv', '.tsv', '.txt']);
  });
});

describe('CSV dialects, typing and bad input', () => {
  const parse = (text: string) => parseDelimitedText('memory.csv', text);

  test('semicolons, quoted fields with delimiters, newlines and "" escapes', () => {
    const { table, delimiter, hasHeader } = parse('name;"a;b";n\n"x ""1""";"line\nbreak";1\ny;plain;2\n');
    assert.equal(delimiter, ';');
    assert.equal(hasHeader, true);
    assert.deepEqual(table.rowData.names, ['name', 'a;b', 'n']);
    assert.deepEqual((table.rowData.get('name') as StringArray).values, ['x "1"', 'y']);
    assert.deepEqual((table.rowData.get('a;b') as StringArray).values, ['line\nbreak', 'plain']);
    assert.deepEqual([...(table.rowData.get('n') as DataArray).values], [1, 2]);
  });

  test('whitespace-separated without header: columns named "Field i"', () => {
    const { table, delimiter, hasHeader } = parse('  1.5   2  3\n4 5e2\t-6\n');
    assert.equal(delimiter, 'whitespace');
    assert.equal(hasHeader, false);
    assert.deepEqual(table.rowData.names, ['Field 0', 'Field 1', 'Field 2']);
    assert.deepEqual([...(table.rowData.get('Field 1') as DataArray).values], [2, 500]);
    assert.equal((table.rowData.get('Field 2') as DataArray).dataType, 'Int32');
  });

  test('a header whose names look numeric in places is still found; mixed columns become strings', () => {
    const { table } = parse('id,2010,label\n1,3.5,a\n2,4,7\n');
    assert.deepEqual(table.rowData.names, ['id', '2010', 'label']);
    assert.equal((table.rowData.get('2010') as DataArray).dataType, 'Float64');
    assert.ok(table.rowData.get('label') instanceof StringArray);
  });

  test('empty fields read as NaN and turn an integer column into Float64; trailing delimiters are allowed', () => {
    const { table } = parse('a,b,\n1,,\n2,3,\n');
    assert.deepEqual(table.rowData.names, ['a', 'b']);
    const b = table.rowData.get('b') as DataArray;
    assert.equal(b.dataType, 'Float64');
    assert.ok(Number.isNaN(b.values[0]));
    assert.equal(b.values[1], 3);
    assert.equal((table.rowData.get('a') as DataArray).dataType, 'Int32');
  });

  test('CR-only line ends (classic Mac)', () => {
    const { table } = parse('a,b\r1,2\r3,4\r');
    assert.deepEqual(table.rowData.names, ['a', 'b']);
    assert.deepEqual([...(table.rowData.get('b') as DataArray).values], [2, 4]);
  });

  test('integers beyond 32 bits are Float64', () => {
    const { table } = parse('big\n4294967296\n1\n');
    assert.equal((table.rowData.get('big') as DataArray).dataType, 'Float64');
  });

  test('ragged row names the line', () => {
    assert.throws(
      () => parse('x,y,z\n1,2,3\n\n4,5\n'),
      (error: unknown) => {
        assert.ok(error instanceof ReadError);
        assert.equal(error.format, 'csv');
        assert.equal(error.line, 4);
        assert.match(error.detail, /2 fields but the table has 3 columns/);
        return true;
      },
    );
  });

  test('ragged row in a file on disk, with a BOM and CRLF', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'periscope-csv-'));
    try {
      const path = join(dir, 'ragged.csv');
      await writeFile(path, '\ufeffx,y\r\n1,2\r\n3,4,5,6\r\n');
      await assert.rejects(readCsv(path), (error: unknown) => error instanceof ReadError && error.line === 3);
      const good = join(dir, 'good.csv');
      await writeFile(good, '\ufeffx,y\r\n1,2\r\n3,4\r\n');
      assert.deepEqual((await readCsv(good)).rowData.names, ['x', 'y']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'periscope-csv-opts-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('explicit delimiter and header options override detection', async () => {
    const path = join(dir, 'explicit.txt');
    await writeFile(path, '1;2\n3;4\n');
    const table = await readCsv(path, { delimiter: ';', hasHeader: true });
    assert.deepEqual(table.rowData.names, ['1', '2']);
    assert.equal(table.rowData.getDataArray('1')?.numberOfTuples, 1);
  });
});
