/**
 * Our `RemoteRenderer` in headless Chromium against our session server: frames of the torus
 * example appear, a mouse drag, the wheel and a two-finger pinch change them, every frame is
 * acknowledged (the server's own count of `periscope.image.ack` calls and of frames published),
 * resizing the element changes the frame size the server renders, and `dispose()` undoes it all.
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
import type { PublicationDroppedMessage, RpcInMessage } from '../../src/protocol/diagnostics.js';
import { type SessionServer, startSessionServer } from '../../src/server/session-server.js';
import { browserUnavailable, launchChromium, type ServedPage, servePage } from '../support/browser.js';
import { colourDistance, type FrameSample, thumbnailDifference, torusProblems } from './frame-sample.js';
import type { RemotePage, RemotePageState } from './remote-renderer.page.js';

const skip = browserUnavailable();
const secret = 'remote-renderer-secret';
let directory: string;
let server: SessionServer;
let served: ServedPage;
let browser: Browser;

/** The server's record: `periscope.image.ack` calls and dropped frame publications per client. */
const acknowledgements = new Map<string, number>();
const dropped = new Map<string, number>();
const onRpc = (message: unknown) => {
  const { clientId, method } = message as RpcInMessage;
  if (method === 'periscope.image.ack')
    acknowledgements.set(clientId, (acknowledgements.get(clientId) ?? 0) + 1);
};
const onDropped = (message: unknown) => {
  const { clientId, topic } = message as PublicationDroppedMessage;
  if (topic === 'viewport.image.push.subscription') dropped.set(clientId, (dropped.get(clientId) ?? 0) + 1);
};

before(async () => {
  if (skip) return;
  diagnosticsChannel.subscribe('periscope:protocol:rpc:in', onRpc);
  diagnosticsChannel.subscribe('periscope:protocol:publication:dropped', onDropped);
  directory = await mkdtemp(join(tmpdir(), 'periscope-remote-renderer-'));
  const torus = EXAMPLES.find((example) => example.file === 'torus.vtp');
  assert.ok(torus, 'the torus example exists');
  await writeDataFile(join(directory, torus.file), torus.build(), { compress: true });
  [server, served, browser] = await Promise.all([
    startSessionServer({ dataDirectory: directory, secret }),
    servePage({ entry: new URL('./remote-renderer.page.ts', import.meta.url), title: 'RemoteRenderer' }),
    launchChromium(),
  ]);
});

after(async () => {
  diagnosticsChannel.unsubscribe('periscope:protocol:rpc:in', onRpc);
  diagnosticsChannel.unsubscribe('periscope:protocol:publication:dropped', onDropped);
  await browser?.close();
  await served?.close();
  await server?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
});

type Remote = { remote: RemotePage };
const pageState = (tab: Page) =>
  tab.evaluate(() => (window as unknown as Remote).remote.state) as Promise<RemotePageState>;
const sample = (tab: Page) =>
  tab.evaluate(() => (window as unknown as Remote).remote.sample()) as Promise<FrameSample>;
const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Waits for a still frame of `width`×`height` after the first `after` frames, with 400 ms of quiet after it. */
async function settled(tab: Page, after: number, width: number, height: number): Promise<RemotePageState> {
  await tab.waitForFunction(
    ({ after, width, height }) => {
      const { state } = (window as unknown as Remote).remote;
      const last = state.frames.at(-1);
      return (
        state.frames.length > after &&
        last?.interactive === false &&
        last.width === width &&
        last.height === height &&
        performance.now() - state.lastFrameAt > 400
      );
    },
    { after, width, height },
    { timeout: 15_000, polling: 50 },
  );
  return pageState(tab);
}

test('RemoteRenderer shows the torus, follows drag, wheel, pinch and resize, acknowledges every frame, and disposes', {
  skip,
  timeout: 60_000,
}, async (t) => {
  const context = await browser.newContext({
    viewport: { width: 480, height: 360 },
    deviceScaleFactor: 1,
    hasTouch: true,
  });
  const tab = await context.newPage();
  const pageErrors: string[] = [];
  tab.on('pageerror', (error) => pageErrors.push(error.message));
  tab.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') pageErrors.push(message.text());
  });
  const query = new URLSearchParams({ ws: server.url, secret, file: 'torus.vtp' });
  await tab.goto(`${served.url}?${query}`);

  // First frames: the element's size, the torus face-on (the hole at the centre).
  const first = await settled(tab, 0, 400, 300);
  assert.equal(first.status, 'ready', first.error);
  const initial = await sample(tab);
  assert.deepEqual([initial.width, initial.height], [400, 300]);
  assert.deepEqual(torusProblems(initial), []);
  assert.ok(colourDistance(initial.centre, initial.background) < 30, `centre ${initial.centre} is the hole`);
  assert.equal(initial.middleRowRuns, 2);

  // A left drag: interactive half-size frames while it lasts, then a still frame of a turned torus.
  const box = await tab.locator('#view').boundingBox();
  assert.ok(box);
  const y = box.y + box.height / 2;
  await tab.mouse.move(box.x + 100, y);
  await tab.mouse.down();
  for (let step = 1; step <= 10; step++) {
    await tab.mouse.move(box.x + 100 + 20 * step, y);
    await pause(40);
  }
  await tab.mouse.up();
  const dragged = await settled(tab, first.frames.length, 400, 300);
  const during = dragged.frames.slice(first.frames.length);
  assert.ok(
    during.some((frame) => frame.interactive && frame.width === 200 && frame.height === 150),
    `interactive frames: ${JSON.stringify(during.map((frame) => [frame.width, frame.interactive]))}`,
  );
  const turned = await sample(tab);
  assert.deepEqual(torusProblems(turned), []);
  const dragDifference = thumbnailDifference(initial, turned);
  assert.ok(dragDifference > 5, `the drag changed the picture by ${dragDifference} grey levels`);
  assert.ok(
    turned.objectPixels < 0.8 * initial.objectPixels,
    `${initial.objectPixels} → ${turned.objectPixels}`,
  );

  // The wheel zooms in (scrolling down, as vtk.js and ParaViewWeb).
  await tab.mouse.move(box.x + box.width / 2, y);
  for (let notch = 0; notch < 3; notch++) {
    await tab.mouse.wheel(0, 100);
    await pause(50);
  }
  const wheeled = await settled(tab, dragged.frames.length, 400, 300);
  const zoomed = await sample(tab);
  assert.ok(
    zoomed.objectPixels > 1.2 * turned.objectPixels,
    `${turned.objectPixels} → ${zoomed.objectPixels}`,
  );

  // Two fingers spreading apart (real touch input through the DevTools protocol) zoom out again
  // when they pinch together.
  const cdp = await context.newCDPSession(tab);
  const cx = box.x + box.width / 2;
  const touches = (spread: number) => [
    { x: cx - spread, y, id: 1 },
    { x: cx + spread, y, id: 2 },
  ];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: touches(120) });
  for (let spread = 110; spread >= 70; spread -= 10) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: touches(spread) });
    await pause(30);
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  const pinched = await settled(tab, wheeled.frames.length, 400, 300);
  const shrunk = await sample(tab);
  assert.ok(
    shrunk.objectPixels < 0.6 * zoomed.objectPixels,
    `${zoomed.objectPixels} → ${shrunk.objectPixels}`,
  );

  // Resizing the element: the server renders at the new size and the canvas follows.
  await tab.evaluate(() => (window as unknown as Remote).remote.resize(300, 200));
  const resized = await settled(tab, pinched.frames.length, 300, 200);
  const small = await sample(tab);
  assert.deepEqual([small.width, small.height], [300, 200]);
  assert.deepEqual(torusProblems(small), []);

  // Every frame the server published reached the renderer (or was dropped by the server, which
  // it counts) and was acknowledged: the server's count of acks equals the frames received.
  await tab.waitForFunction(
    () => {
      const { remote } = window as unknown as Remote;
      const stats = remote.stats();
      return stats.framesAcknowledged === stats.framesReceived;
    },
    undefined,
    { timeout: 5_000, polling: 50 },
  );
  // Frames and acks still on the wire settle within moments: read both ends until they agree.
  const clientId = first.clientId;
  const readBothEnds = async () => {
    const stats = await tab.evaluate(() => (window as unknown as Remote).remote.stats());
    const info = (await tab.evaluate(() =>
      (window as unknown as Remote).remote.call('periscope.session.info'),
    )) as { delivery: { framesPublished: number } };
    return { stats, info };
  };
  let { stats, info } = await readBothEnds();
  for (
    let attempt = 0;
    attempt < 50 &&
    (acknowledgements.get(clientId) !== stats.framesReceived ||
      stats.framesReceived + (dropped.get(clientId) ?? 0) !== info.delivery.framesPublished ||
      stats.framesAcknowledged !== stats.framesReceived);
    attempt++
  ) {
    await pause(100);
    ({ stats, info } = await readBothEnds());
  }
  assert.equal(acknowledgements.get(clientId), stats.framesReceived, 'server-side ack count');
  assert.equal(stats.framesReceived + (dropped.get(clientId) ?? 0), info.delivery.framesPublished);
  assert.equal(stats.framesDrawn + stats.framesSkipped, stats.framesReceived);
  assert.equal(stats.decodeFailures, 0);
  assert.equal(resized.frames.length, stats.framesDrawn);
  t.diagnostic(
    `frames ${JSON.stringify(stats)}; torus pixels ${initial.objectPixels} → drag ${turned.objectPixels} → wheel ${zoomed.objectPixels} → pinch ${shrunk.objectPixels}`,
  );

  // refresh() resolves once a frame asked for after it is on screen.
  const drawnBefore = stats.framesDrawn;
  await tab.evaluate(() => (window as unknown as Remote).remote.refresh());
  const refreshed = await tab.evaluate(() => (window as unknown as Remote).remote.stats());
  assert.ok(refreshed.framesDrawn > drawnBefore, `${drawnBefore} → ${refreshed.framesDrawn} frames drawn`);

  // dispose(): the canvas goes, the server stops rendering for this client, refresh() is refused.
  await tab.evaluate(() => (window as unknown as Remote).remote.dispose());
  assert.equal(await tab.evaluate(() => (window as unknown as Remote).remote.canvases()), 0);
  const publishedBefore = (
    (await tab.evaluate(() => (window as unknown as Remote).remote.call('periscope.session.info'))) as {
      delivery: { framesPublished: number };
    }
  ).delivery.framesPublished;
  await tab.evaluate(() => (window as unknown as Remote).remote.call('viewport.camera.reset', [-1]));
  await pause(500);
  const later = (await tab.evaluate(() =>
    (window as unknown as Remote).remote.call('periscope.session.info'),
  )) as {
    delivery: { framesPublished: number };
  };
  assert.equal(later.delivery.framesPublished, publishedBefore, 'no frames for a disposed renderer');
  await assert.rejects(
    tab.evaluate(() => (window as unknown as Remote).remote.refresh()),
    /cancelled/,
  );
  assert.deepEqual((await pageState(tab)).errors, []);
  assert.deepEqual(pageErrors, []);
  await context.close();
});
