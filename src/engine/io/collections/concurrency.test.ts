import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { CancelledError } from '../../../errors.js';
import { mapWithConcurrency } from './concurrency.js';

describe('mapWithConcurrency', () => {
  it('keeps item order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const items = Array.from({ length: 20 }, (_, i) => i);
    const results = await mapWithConcurrency(items, 3, async (item) => {
      running++;
      peak = Math.max(peak, running);
      // Later items finish first, so order must come from the index, not completion.
      await sleep(20 - item);
      running--;
      return item * item;
    });
    assert.deepEqual(
      results,
      items.map((i) => i * i),
    );
    assert.equal(peak, 3);
  });

  it('stops starting tasks after a failure and rethrows it once running tasks settle', async () => {
    const started: number[] = [];
    let settled = 0;
    await assert.rejects(
      mapWithConcurrency(
        Array.from({ length: 10 }, (_, i) => i),
        2,
        async (item) => {
          started.push(item);
          await sleep(5);
          settled++;
          if (item === 1) throw new Error('piece 1 failed');
          return item;
        },
      ),
      /piece 1 failed/,
    );
    assert.ok(started.length <= 3, `started ${started.length} tasks`);
    assert.equal(settled, started.length);
  });

  it('honours an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      mapWithConcurrency([1, 2], 2, async (x) => x, controller.signal),
      (error: unknown) => error instanceof CancelledError,
    );
  });

  it('handles an empty list', async () => {
    assert.deepEqual(await mapWithConcurrency([], 4, async (x: number) => x), []);
  });
});
