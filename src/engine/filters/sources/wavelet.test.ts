import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { ImageData } from '../../data/dataset.js';
import { numberOfPoints } from '../../data/queries.js';
import { getDefaultPool } from '../../workers/pool.js';
import { waveletSource } from './wavelet.js';

after(() => getDefaultPool().close());

async function wavelet(properties: Record<string, unknown>, workers?: number): Promise<ImageData> {
  return (await waveletSource.execute([], properties, { workers })) as ImageData;
}

test('default Wavelet: 21³ points, RTData on the shared heap', async () => {
  const image = await wavelet({});
  assert.deepEqual(image.extent, [-10, 10, -10, 10, -10, 10]);
  assert.equal(numberOfPoints(image), 9261);
  const rt = image.pointData.getDataArray('RTData')!;
  assert.equal(rt.dataType, 'Float32');
  assert.ok(rt.values.buffer instanceof SharedArrayBuffer);
  assert.equal(image.pointData.getActiveName('scalars'), 'RTData');
});

test('value at the centre is Maximum plus the constant cosine term (formula check)', async () => {
  const image = await wavelet({});
  const rt = image.pointData.getDataArray('RTData')!;
  // (0,0,0) is point (10,10,10): exp(0)=1, sin(0)=0, cos(0)=1 → 255 + 5.
  assert.equal(rt.values[10 + 21 * 10 + 441 * 10], 260);
});

test('128³ range matches ParaView (reference README) to 4 decimals, in parallel', async () => {
  const image = await wavelet({ WholeExtent: [-63, 64, -63, 64, -63, 64] }, 2);
  const [min, max] = image.pointData.getDataArray('RTData')!.getRange();
  assert.equal(min.toFixed(4), '33.1289');
  assert.equal(max.toFixed(4), '286.2520');
  // expected.jsonl prints ParaView's float range exactly.
  assert.equal(min, 33.12891387939453);
  assert.equal(max, 286.251953125);
});

test('one worker and two workers give identical values', async () => {
  const extent = [-63, 64, -63, 64, -20, 20];
  const a = (await wavelet({ WholeExtent: extent }, 1)).pointData.getDataArray('RTData')!.values;
  const b = (await wavelet({ WholeExtent: extent }, 2)).pointData.getDataArray('RTData')!.values;
  assert.deepEqual(Buffer.from(a.buffer), Buffer.from(b.buffer));
});

test('SubsampleRate keeps every n-th point with spacing n', async () => {
  const image = await wavelet({ SubsampleRate: 2 });
  assert.deepEqual(image.extent, [-5, 5, -5, 5, -5, 5]);
  assert.deepEqual(image.spacing, [2, 2, 2]);
  const full = (await wavelet({})).pointData.getDataArray('RTData')!;
  const sub = image.pointData.getDataArray('RTData')!;
  // Sub point (i,j,k) = full point (2i,2j,2k), both indexed from their extent minimum.
  assert.equal(sub.values[1 + 11 * 2 + 121 * 3], full.values[2 + 21 * 4 + 441 * 6]);
});

test('bad properties name the property', async () => {
  await assert.rejects(wavelet({ WholeExtent: [0, 1, 0] }), /Wavelet\.WholeExtent/);
  await assert.rejects(wavelet({ Maximum: Number.NaN }), /Wavelet\.Maximum/);
  await assert.rejects(wavelet({ Maximun: 3 }), /Wavelet\.Maximun: unknown property/);
});
