import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { CancelledError } from '../../errors.js';
import { taskReference, WorkerPool } from './pool.js';

const tasks = new URL('./pool.fixture-tasks.js', import.meta.url);
const pool = new WorkerPool(2);
after(() => pool.close());

test('a task writes into a SharedArrayBuffer the caller sees, and reports progress', async () => {
  const values = new Float64Array(new SharedArrayBuffer(8 * 1000)).fill(3);
  const progress: number[] = [];
  const count = await pool.run<number>(
    taskReference(tasks, 'doubleInPlace'),
    { values },
    {
      onProgress: (f) => progress.push(f),
    },
  );
  assert.equal(count, 1000);
  assert.equal(values[999], 6);
  assert.deepEqual(progress, [1]);
});

test('results can be transferred back', async () => {
  const out = await pool.run<Float32Array>(taskReference(tasks, 'makeArray'), 16);
  assert.ok(out instanceof Float32Array);
  assert.equal(out.length, 16);
  assert.equal(out[15], 1.5);
});

test('errors keep their catalogue code and fields across the thread boundary', async () => {
  await assert.rejects(pool.run(taskReference(tasks, 'failWithPropertyError'), null), (error: unknown) => {
    const e = error as { code: string; property: string };
    assert.equal(e.code, 'PERISCOPE_E_PROPERTY');
    assert.equal(e.property, 'Isosurfaces');
    return true;
  });
});

test('cancellation rejects at once and the worker is reused afterwards', async () => {
  const controller = new AbortController();
  const running = pool.run(taskReference(tasks, 'spinUntilCancelled'), null, { signal: controller.signal });
  setTimeout(() => controller.abort(), 20);
  await assert.rejects(running, CancelledError);
  const values = new Float64Array(new SharedArrayBuffer(8)).fill(1);
  assert.equal(await pool.run(taskReference(tasks, 'doubleInPlace'), { values }), 1);
});

test('a crashing worker fails its task and is replaced', async () => {
  await assert.rejects(pool.run(taskReference(tasks, 'crash'), null), /worker crashed|exited/);
  const values = new Float64Array(new SharedArrayBuffer(16)).fill(1);
  assert.equal(await pool.run(taskReference(tasks, 'doubleInPlace'), { values }), 2);
});

test('more tasks than workers are queued and all complete', async () => {
  const arrays = Array.from({ length: 7 }, () => new Float64Array(new SharedArrayBuffer(8 * 10)).fill(1));
  const counts = await Promise.all(
    arrays.map((values) => pool.run<number>(taskReference(tasks, 'doubleInPlace'), { values })),
  );
  assert.deepEqual(counts, Array(7).fill(10));
  assert.ok(arrays.every((a) => a[9] === 2));
});
