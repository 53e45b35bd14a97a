/**
 * Kitware's own browser client against our session server: `wslink`'s SmartConnect and
 * vtk.js's RemoteView, unmodified, in headless Chromium. It opens the torus example with
 * `pv.proxy.manager.create.reader`, shows our streamed frames, follows a real mouse drag and
 * wheel (playwright input → vtk.js's InteractorStyleRemoteMouse → `viewport.mouse.interaction`),
 * and a wrong secret fails with wslink's documented hello error.
 */
import assert from 'node:assert/strict';
import diagnosticsChannel from 'node:diagnostics_channel';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { EXAMPLES } from '../../src/engine/examples/write-examples.js';
import { writeDataFile } from '../../src/engine/io/index.js';
import type { RpcOutMessage } from '../../src/protocol/diagnostics.js';
import { type SessionServer, startSessionServer } from '../../src/server/session-server.js';
import { browserUnavailable, launchChromium, type ServedPage, servePage } from '../support/browser.js';
import { colourDistance, type FrameSample, thumbnailDifference, torusProblems } from './frame-sample.js';
import type { KitwarePage, KitwarePageState } from './kitware-remote-view.page.js';

const skip = browserUnavailable();
const secret = 'kitware-remote-view-secret';
let directory: string;
let server: SessionServer;
let served: ServedPage;
let browser: Browser;

/** Every reply our server sent to the Kitware client: method → error code (0 = success). */
const replies: { method: string; errorCode: number }[] = [];
const onReply = (message: unknown) => {
  const { method, errorCode } = message as RpcOutMessage;
  replies.push({ method, errorCode: errorCode ?? 0 });
};

before(async () => {
  if (skip) return;
  diagnosticsChannel.subscribe('periscope:protocol:rpc:out', onReply);
  directory = await mkdtemp(join(tmpdir(), 'periscope-kitware-view-'));
  const torus = EXAMPLES.find((example) => example.file === 'torus.vtp');
  assert.ok(torus, 'the torus example exists');
  await writeDataFile(join(directory, torus.file), torus.build(), { compress: true });
  [server, served, browser] = await Promise.all([
    startSessionServer({ dataDirectory: directory, secret }),
    servePage({
      entry: new URL('./kitware-remote-view.page.ts', import.meta.url),
      title: 'vtk.js RemoteView',
    }),
    launchChromium(),
  ]);
});

after(async () => {
  diagnosticsChannel.unsubscribe('periscope:protocol:rpc:out', onReply);
  await browser?.close();
  await served?.close();
  await server?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
});

const pageState = (tab: Page) =>
  tab.evaluate(
    () => (window as unknown as { kitware: KitwarePage }).kitware.state,
  ) as Promise<KitwarePageState>;
const sample = (tab: Page) =>
  tab.evaluate(() =>
    (window as unknown as { kitware: KitwarePage }).kitware.sample(),
  ) as Promise<FrameSample>;

/** Waits until a full-size frame newer than `after` frames has been shown and nothing followed for 400 ms. */
async function settled(tab: Page, after: number): Promise<KitwarePageState> {
  await tab.waitForFunction(
    ({ after }) => {
      const { state } = (window as unknown as { kitware: KitwarePage }).kitware;
      const last = state.frameSizes.at(-1);
      return (
        state.frames > after &&
        last?.[0] === 400 &&
        last?.[1] === 300 &&
        performance.now() - state.lastFrameAt > 400
      );
    },
    { after },
    { timeout: 15_000, polling: 50 },
  );
  return pageState(tab);
}

test('vtk.js RemoteView over wslink shows our frames of the torus and follows a mouse drag and the wheel', {
  skip,
  timeout: 60_000,
}, async (t) => {
  const tab = await browser.newPage({ viewport: { width: 480, height: 360 } });
  const consoleErrors: string[] = [];
  tab.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  tab.on('pageerror', (error) => consoleErrors.push(error.message));
  const query = new URLSearchParams({ ws: server.url, secret, file: 'torus.vtp' });
  await tab.goto(`${served.url}?${query}`);

  const first = await settled(tab, 0);
  assert.equal(first.status, 'ready');
  assert.deepEqual(first.error, undefined);
  assert.equal((first.opened as { success: boolean }).success, true);
  const before = await sample(tab);
  assert.deepEqual([before.width, before.height], [400, 300]);
  assert.deepEqual(torusProblems(before), [], 'before the drag');
  // Face-on, as ParaView's reset camera shows it: the hole at the centre, the ring either side.
  assert.ok(colourDistance(before.centre, before.background) < 30, `centre ${before.centre} is the hole`);
  assert.equal(before.middleRowRuns, 2, 'the middle row crosses the ring twice');

  // A horizontal left drag across half the view: vtk.js sends `down` moves, the server turns the
  // camera (≈100° azimuth), streams interactive frames at half size, then a still frame.
  const box = await tab.locator('#view').boundingBox();
  assert.ok(box);
  const y = box.y + box.height / 2;
  await tab.mouse.move(box.x + 100, y);
  await tab.mouse.down();
  for (let step = 1; step <= 10; step++) {
    await tab.mouse.move(box.x + 100 + 20 * step, y);
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
  await tab.mouse.up();
  const dragged = await settled(tab, first.frames);
  const interactiveSizes = dragged.frameSizes.slice(first.frames).filter(([w, h]) => w === 200 && h === 150);
  assert.ok(
    interactiveSizes.length > 0,
    `interactive frames during the drag: ${JSON.stringify(dragged.frameSizes)}`,
  );
  const turned = await sample(tab);
  assert.deepEqual(torusProblems(turned), [], 'after the drag');
  const difference = thumbnailDifference(before, turned);
  assert.ok(difference > 5, `the picture changed by ${difference} grey levels on average`);
  assert.ok(
    Math.abs(turned.objectPixels - before.objectPixels) > 0.2 * before.objectPixels,
    `seen from the side the torus covers less: ${before.objectPixels} → ${turned.objectPixels} pixels`,
  );

  // The wheel (rpcWheelEvent = viewport.mouse.zoom.wheel): scrolling down zooms in on ParaView.
  await tab.mouse.move(box.x + box.width / 2, y);
  for (let notch = 0; notch < 3; notch++) {
    await tab.mouse.wheel(0, 100);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const wheeled = await settled(tab, dragged.frames);
  const zoomed = await sample(tab);
  assert.ok(
    zoomed.objectPixels > 1.2 * turned.objectPixels,
    `zooming in enlarges the torus: ${turned.objectPixels} → ${zoomed.objectPixels} pixels`,
  );
  assert.ok(wheeled.frames > dragged.frames);
  t.diagnostic(
    `frames ${first.frames}/${dragged.frames}/${wheeled.frames}; torus pixels ${before.objectPixels} → ${turned.objectPixels} → ${zoomed.objectPixels}; drag changed ${difference.toFixed(1)} grey levels`,
  );
  assert.deepEqual(consoleErrors, []);
  // Every call vtk.js and wslink made was one our server knows and answered without error.
  const methods = new Set(replies.map((reply) => reply.method));
  for (const method of [
    'pv.proxy.manager.create.reader',
    'viewport.image.push.observer.add',
    'viewport.image.push.original.size',
    'viewport.image.push.invalidate.cache',
    'viewport.image.push',
    'viewport.image.push.quality',
    'viewport.mouse.interaction',
    'viewport.mouse.zoom.wheel',
  ])
    assert.ok(methods.has(method), `vtk.js called ${method}: ${[...methods]}`);
  assert.deepEqual(
    replies.filter((reply) => reply.errorCode !== 0),
    [],
  );
  await tab.close();
});

test('a wrong secret fails the connection with wslink’s hello error {code: -32000, message}', {
  skip,
  timeout: 30_000,
}, async () => {
  const tab = await browser.newPage();
  const query = new URLSearchParams({ ws: server.url, secret: 'not-the-secret', file: 'torus.vtp' });
  await tab.goto(`${served.url}?${query}`);
  await tab.waitForFunction(
    () => (window as unknown as { kitware: KitwarePage }).kitware.state.status !== 'connecting',
    undefined,
    { timeout: 10_000, polling: 50 },
  );
  const state = await pageState(tab);
  assert.equal(state.status, 'failed');
  assert.deepEqual(state.error, { code: -32000, message: 'Authentication failed', type: undefined });
  assert.equal(state.opened, undefined);
  assert.equal(state.frames, 0);
  await tab.close();
});
