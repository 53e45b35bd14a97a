/**
 * The JSON file-series reader. The step list of the shared dualSphereAnimation.vtp.series is
 * checked against MANIFEST.md (its times are non-uniform: 0,3,6,9,11,12,13,16,20,21,25).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FileNotFoundError, ReadError } from '../../../errors.js';
import { parseSeriesJson, readSeriesFile } from './series-reader.js';

const SERIES = fileURLToPath(
  new URL(
    '../../../../../shared/data/time_series/dualSphereAnimation/dualSphereAnimation.vtp.series',
    import.meta.url,
  ),
);
// MANIFEST.md, time_series/dualSphereAnimation.pvd note.
const SERIES_TIMES = [0, 3, 6, 9, 11, 12, 13, 16, 20, 21, 25];

describe('readSeriesFile', () => {
  let scratch = '';
  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'periscope-series-'));
  });
  after(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('lists the P00 files of dualSphereAnimation with their non-uniform times', async () => {
    const series = await readSeriesFile(SERIES);
    assert.equal(series.type, 'TimeSeries');
    assert.deepEqual(
      series.steps.map((s) => s.time),
      SERIES_TIMES,
    );
    assert.deepEqual(
      series.steps.map((s) => s.source?.split('/').pop()),
      SERIES_TIMES.map((_, i) => `dualSphereAnimation_P00T${String(i).padStart(4, '0')}.vtp`),
    );
    assert.ok(series.steps[0].source?.includes('time_series/dualSphereAnimation/'));
  });

  it('sorts by time, uses 0, 1, 2 … when an entry has no time, and names missing step files', async () => {
    const sorted = join(scratch, 'sorted.vtk.series');
    await writeFile(
      sorted,
      JSON.stringify({
        'file-series-version': '1.0',
        files: [
          { name: 'late.vtk', time: 5 },
          { name: 'early.vtk', time: -1.5 },
        ],
      }),
    );
    const series = await readSeriesFile(sorted);
    assert.deepEqual(
      series.steps.map((s) => [s.time, s.source]),
      [
        [-1.5, join(scratch, 'early.vtk')],
        [5, join(scratch, 'late.vtk')],
      ],
    );
    await assert.rejects(series.steps[0].load(), (error: unknown) => {
      assert.ok(error instanceof FileNotFoundError);
      assert.equal(error.file, join(scratch, 'early.vtk'));
      assert.match(error.message, /referenced by .*sorted\.vtk\.series/);
      return true;
    });

    const untimed = join(scratch, 'untimed.vtk.series');
    await writeFile(
      untimed,
      '{"file-series-version": "1.0", "files": ["b.vtk", {"name": "a.vtk", "time": 7}]}',
    );
    assert.deepEqual(
      (await readSeriesFile(untimed)).steps.map((s) => s.time),
      [0, 1],
    );
  });

  it('rejects malformed JSON and wrong shapes, naming the file and the entry', () => {
    const cases: [string, RegExp][] = [
      [
        '{\n  "file-series-version": "1.0",\n  "files": [\n    {"name": "a.vtk", "time": 0},\n  ]\n}',
        /malformed JSON/,
      ],
      ['[]', /expected a JSON object/],
      ['{"files": []}', /missing "file-series-version"/],
      ['{"file-series-version": "1.0", "files": {}}', /"files" must be an array/],
      ['{"file-series-version": "1.0", "files": [{"time": 1}]}', /files\[0\] has no "name"/],
      [
        '{"file-series-version": "1.0", "files": [{"name": "a", "time": "soon"}]}',
        /files\[0\] \("a"\) has no numeric "time"/,
      ],
      ['{"file-series-version": "1.0", "files": [3]}', /files\[0\] must be a file name or an object/],
    ];
    for (const [text, pattern] of cases) {
      assert.throws(
        () => parseSeriesJson(text, 'bad.vtk.series'),
        (error: unknown) =>
          error instanceof ReadError &&
          error.file === 'bad.vtk.series' &&
          error.format === 'vtk-series' &&
          pattern.test(error.message),
        `expected ${pattern}`,
      );
    }
  });
});
