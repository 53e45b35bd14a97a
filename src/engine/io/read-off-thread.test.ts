import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { describeDifference } from '../data/compare.js';
import { getFilter } from '../filters/catalogue.js';
import { readDataFile, writeDataFile } from './index.js';
import { OFF_THREAD_MIN_BYTES, readDataFileOffThread } from './read-off-thread.js';

let directory: string;
let large: string;

before(async () => {
  directory = await mkdtemp(join(tmpdir(), 'periscope-read-off-thread-'));
  large = join(directory, 'wavelet.vti');
  const wavelet = await getFilter('Wavelet')!.execute([], { WholeExtent: [-64, 63, -64, 63, -64, 63] }, {});
  await writeDataFile(large, wavelet, { compress: false });
});

after(() => rm(directory, { recursive: true, force: true }));

test('a large file read in a worker equals the same file read in place, ranges included', async () => {
  assert.ok((await stat(large)).size >= OFF_THREAD_MIN_BYTES);
  const offThread = await readDataFileOffThread(large);
  const inPlace = await readDataFile(large);
  assert.equal(offThread.format, 'vtk-xml');
  assert.equal(describeDifference(offThread.data, inPlace.data), undefined);
  assert.equal(offThread.data.type, 'ImageData');
  if (offThread.data.type !== 'ImageData') return;
  const rtData = offThread.data.pointData.getDataArray('RTData');
  assert.ok(rtData && rtData.cachedRanges().length === 1, 'the range was computed in the worker');
  assert.deepEqual(
    rtData.getRange(),
    inPlace.data.type === 'ImageData' && inPlace.data.pointData.getDataArray('RTData')!.getRange(),
  );
});

test('cancelling a read in a worker rejects with PERISCOPE_E_CANCELLED', async () => {
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(readDataFileOffThread(large, { signal: controller.signal }), {
    code: 'PERISCOPE_E_CANCELLED',
  });
});
