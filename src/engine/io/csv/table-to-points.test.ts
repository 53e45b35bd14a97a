import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PropertyError } from '../../../errors.js';
import { boundsOf, numberOfCells, StringArray } from '../../data/index.js';
import { parseDelimitedText, readCsv, tableToPoints } from './index.js';

const dataDir = fileURLToPath(new URL('../../../../../shared/data/csv/', import.meta.url));

// Bounds are the X/Y/Z column ranges from shared/data/MANIFEST.md (ParaView CSVReader lines).
const MANIFEST = [
  {
    file: 'utm17_1.txt',
    rows: 10,
    bounds: [289814.15, 289818.5, 4320978.6, 4320980.6, 170.58, 170.76],
    arrays: [] as string[],
  },
  {
    file: 'with_edgeofflightline.txt',
    rows: 10000,
    bounds: [0.026, 999.66, 0.047, 999.992, 0.004, 99.999],
    arrays: ['OffsetTime', 'EdgeOfFlightLine'],
  },
  {
    file: 'sparsePoints.txt',
    rows: 16,
    bounds: [-15, 15, 5, 35, 2.3266877, 11.023824],
    arrays: ['val'],
  },
];

describe('TableToPoints on shared data', () => {
  for (const fact of MANIFEST) {
    test(fact.file, async () => {
      const points = tableToPoints(await readCsv(join(dataDir, fact.file)));
      assert.equal(points.type, 'PolyData');
      assert.equal(points.points.numberOfTuples, fact.rows);
      assert.equal(points.points.dataType, 'Float64');
      // vtkTableToPolyData makes one poly-vertex cell holding every point.
      assert.equal(numberOfCells(points), 1);
      assert.deepEqual([...points.verts.offsets], [0, fact.rows]);
      const bounds = boundsOf(points);
      for (let i = 0; i < 6; i++) {
        const tolerance = 1e-6 * Math.max(1, Math.abs(fact.bounds[i]));
        assert.ok(Math.abs(bounds[i] - fact.bounds[i]) <= tolerance, `bounds[${i}] ${bounds[i]}`);
      }
      assert.deepEqual(points.pointData.names, fact.arrays);
    });
  }
});

describe('TableToPoints options', () => {
  const table = () =>
    parseDelimitedText('memory.csv', 'Points:0,Points:1,temperature,site\n0,1,20.5,a\n2,3,21,b\n4,5,19,c\n')
      .table;

  test('2D table: Points:0/Points:1 found case-insensitively, z = 0, string columns kept', () => {
    const points = tableToPoints(table());
    assert.deepEqual([...points.points.values], [0, 1, 0, 2, 3, 0, 4, 5, 0]);
    assert.deepEqual(points.pointData.names, ['temperature', 'site']);
    assert.ok(points.pointData.get('site') instanceof StringArray);
  });

  test('explicit columns, keepAllDataArrays and one vertex per row', () => {
    const points = tableToPoints(table(), {
      xColumn: 'temperature',
      yColumn: 'points:0',
      zColumn: 'Points:1',
      keepAllDataArrays: true,
      vertexPerRow: true,
    });
    assert.deepEqual([...points.points.values], [20.5, 0, 1, 21, 2, 3, 19, 4, 5]);
    assert.equal(numberOfCells(points), 3);
    assert.deepEqual([...points.verts.offsets], [0, 1, 2, 3]);
    assert.deepEqual(points.pointData.names, ['Points:0', 'Points:1', 'temperature', 'site']);
  });

  test('missing or non-numeric columns are property errors', () => {
    const noCoordinates = parseDelimitedText('memory.csv', 'a,b\n1,2\n').table;
    assert.throws(
      () => tableToPoints(noCoordinates),
      (error: unknown) => {
        assert.ok(error instanceof PropertyError);
        assert.equal(error.property, 'XColumn');
        return true;
      },
    );
    assert.throws(() => tableToPoints(table(), { xColumn: 'site', yColumn: 'temperature' }), PropertyError);
    assert.throws(
      () => tableToPoints(table(), { xColumn: 'nope', yColumn: 'temperature' }),
      /no column named 'nope'/,
    );
  });
});
