import assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { test } from 'node:test';
import { describeDifference } from '../data/compare.js';
import type { DataObject } from '../data/dataset.js';
import { getFilter } from './catalogue.js';
import { executeFilter, OFF_THREAD_MIN_ELEMENTS, runsOffThread } from './off-thread.js';

const filter = (name: string) => {
  const definition = getFilter(name);
  assert.ok(definition, name);
  return definition;
};

async function wavelet(half: number): Promise<DataObject> {
  return filter('Wavelet').execute(
    [],
    { WholeExtent: [-half, half - 1, -half, half - 1, -half, half - 1] },
    {},
  );
}

test('only large inputs of filters that do not use the pool themselves leave the calling thread', async () => {
  const big = await wavelet(32); // 64³ points + 63³ cells > OFF_THREAD_MIN_ELEMENTS
  const small = await wavelet(8);
  assert.ok(64 ** 3 + 63 ** 3 > OFF_THREAD_MIN_ELEMENTS && 16 ** 3 + 15 ** 3 < OFF_THREAD_MIN_ELEMENTS);
  assert.equal(runsOffThread(filter('Shrink'), [big]), true);
  assert.equal(runsOffThread(filter('Shrink'), [small]), false);
  assert.equal(
    runsOffThread(filter('Contour'), [big]),
    false,
    'Contour splits its work over the pool itself',
  );
  assert.equal(runsOffThread(filter('Wavelet'), []), false);
});

test('a filter run in a worker gives exactly the output it gives in place', {
  timeout: 120_000,
}, async () => {
  const input = await wavelet(32);
  for (const [name, properties] of [
    ['Shrink', { ShrinkFactor: 0.5 }],
    ['ExtractSurface', {}],
    ['PointDatatoCellData', {}],
  ] as const) {
    const definition = filter(name);
    assert.ok(runsOffThread(definition, [input]));
    const inPlace = await definition.execute([input], properties, {});
    const offThread = await executeFilter(definition, [input], properties, {});
    assert.equal(describeDifference(offThread, inPlace), undefined, name);
  }
});

test('the event loop keeps turning while a long filter runs in a worker; cancelling stops it', {
  timeout: 120_000,
}, async () => {
  const input = await wavelet(64); // 128³: Shrink writes 2M cells × 8 points
  const definition = filter('Shrink');
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const started = performance.now();
  await executeFilter(definition, [input], {}, {});
  const seconds = (performance.now() - started) / 1000;
  delay.disable();
  const maxLagSeconds = delay.max / 1e9;
  // In place the loop would stall for the whole run; in the worker only for packing and unpacking.
  assert.ok(
    maxLagSeconds < seconds / 2,
    `longest stall ${maxLagSeconds.toFixed(3)} s of a ${seconds.toFixed(3)} s run`,
  );

  const controller = new AbortController();
  const pending = executeFilter(definition, [input], {}, { signal: controller.signal });
  setTimeout(() => controller.abort(), 50);
  await assert.rejects(pending, (error: Error & { code: string }) => error.code === 'PERISCOPE_E_CANCELLED');
});
