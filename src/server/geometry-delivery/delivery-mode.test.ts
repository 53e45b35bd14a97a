/**
 * The remote/local choice: the threshold is inclusive, a view's setting overrides it, and the
 * delivery limit overrides everything.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseDelivery, DeliverySettings } from './delivery-mode.js';
import type { DeliveryMode } from './messages.js';

const size = (bytes: number) => ({ bytes, triangles: bytes / 16, lines: 0, points: 0 });
const choose = (bytes: number, mode: DeliveryMode = 'auto') =>
  chooseDelivery({ view: 'v1', mode, size: size(bytes), localThreshold: 1000, maxBytes: 5000 });

test('auto: local up to and including the threshold, remote above it', () => {
  assert.equal(choose(0).use, 'local');
  assert.equal(choose(1000).use, 'local');
  assert.equal(choose(1001).use, 'remote');
  assert.match(choose(1001).reason, /exceeds the local threshold/);
  assert.match(choose(10).reason, /within the local threshold/);
});

test('a view set to local or remote keeps it whatever the size, within the delivery limit', () => {
  assert.equal(choose(10, 'remote').use, 'remote');
  assert.equal(choose(4000, 'local').use, 'local');
  assert.equal(choose(4000, 'local').reason, 'view v1 is set to local');
  assert.equal(choose(5001, 'local').use, 'remote');
  assert.match(choose(5001, 'local').reason, /exceeds the delivery limit/);
});

test('settings default to auto, accept the three modes and refuse others', () => {
  const settings = new DeliverySettings();
  assert.equal(settings.get('-1'), 'auto');
  settings.set('-1', 'local');
  assert.equal(settings.get('-1'), 'local');
  assert.equal(settings.get('v1'), 'auto');
  settings.set('-1', 'auto');
  assert.equal(settings.get('-1'), 'auto');
  assert.throws(() => settings.set('-1', 'gpu'), { code: 'PERISCOPE_E_PROPERTY' });
});
