/**
 * LocalRenderer in headless Chromium (vtk.js on WebGL/SwiftShader): the torus example coloured
 * by curvature is delivered as geometry and drawn in the browser with the server's camera and
 * colour map — warm outer rim, cool inner rim, in the Cool to Warm end colours of the server's
 * own lookup table — then follows a pipeline change (refetching only changed arrays), a camera
 * moved by another client, and sends its own drag back to the server. createViewRenderer renders
 * the torus's outline locally and switches to remote frames when the surface grows past the
 * session's threshold, and back when the view is set to local.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { WebSocket as WsWebSocket } from 'ws';
import { type Connection, connect } from '../../src/client/connection.js';
import { EXAMPLES } from '../../src/engine/examples/write-examples.js';
import { writeDataFile } from '../../src/engine/io/index.js';
import { LookupTable } from '../../src/engine/render/color/lookup-table.js';
import type { GeometryScene, ViewCameraState } from '../../src/server/geometry-delivery/messages.js';
import { type SessionServer, startSessionServer } from '../../src/server/session-server.js';
import { browserUnavailable, launchChromium, type ServedPage, servePage } from '../support/browser.js';
import type { LocalPage, LocalPagePixels } from './local-renderer.page.js';

const skip = browserUnavailable();
const secret = 'local-renderer-secret';
const RANGE: [number, number] = [-0.5, 0.5];
let directory: string;
let server: SessionServer;
let served: ServedPage;
let browser: Browser;
let client: Connection;
let torusId: string;

before(async () => {
  if (skip) return;
  directory = await mkdtemp(join(tmpdir(), 'periscope-local-renderer-'));
  const torus = EXAMPLES.find((example) => example.file === 'torus.vtp');
  assert.ok(torus, 'the torus example exists');
  await writeDataFile(join(directory, torus.file), torus.build(), { compress: true });
  [server, served, browser] = await Promise.all([
    // The coloured torus (about 270 kB of arrays) is over this threshold; its outline is not.
    startSessionServer({ dataDirectory: directory, secret, localRenderThreshold: 64 * 1024 }),
    servePage({ entry: new URL('./local-renderer.page.ts', import.meta.url), title: 'LocalRenderer' }),
    launchChromium(),
  ]);
  client = await connect({ url: server.url, secret, WebSocket: WsWebSocket });
  const opened = await client.call<{ node: { id: string } }>('periscope.file.open', ['torus.vtp']);
  torusId = opened.node.id;
  // Curvature spans about [-4.4, 2.1]; a narrower range paints both rims in the map's end colours.
  await client.call('periscope.pipeline.update', [
    torusId,
    { representation: { ColorArrayName: ['POINTS', 'curvature'], ScalarRange: RANGE } },
  ]);
});

after(async () => {
  await client?.close();
  await browser?.close();
  await served?.close();
  await server?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
});

type Rgb = [number, number, number];

interface Picture {
  width: number;
  height: number;
  at(x: number, y: number): Rgb;
}

function decode(pixels: LocalPagePixels): Picture {
  const data = Buffer.from(pixels.base64, 'base64');
  assert.equal(data.length, pixels.width * pixels.height * 4);
  return {
    width: pixels.width,
    height: pixels.height,
    at: (x, y) => {
      const i = 4 * (y * pixels.width + x);
      return [data[i], data[i + 1], data[i + 2]];
    },
  };
}

const pagePixels = async (tab: Page) =>
  decode(await tab.evaluate(() => (window as unknown as { local: LocalPage }).local.pixels()));

/** Within a few levels of the view's background (the top-left corner, which the torus never reaches). */
const isBackground = (picture: Picture, pixel: Rgb) => {
  const corner = picture.at(0, 0);
  return pixel.every((value, k) => Math.abs(value - corner[k]) <= 8);
};

/** Hue of a lit colour: each channel over the brightest one (shading scales all three alike). */
function chroma([r, g, b]: readonly number[]): Rgb {
  const max = Math.max(r, g, b, 1e-9);
  return [r / max, g / max, b / max];
}

function matches(pixel: Rgb, colour: readonly number[], tolerance = 0.12): boolean {
  if (Math.max(...pixel) < 50) return false; // too dark (grazing light) to judge
  const a = chroma(pixel);
  const b = chroma(colour);
  return a.every((value, k) => Math.abs(value - b[k]) <= tolerance);
}

/** Object pixels in the middle row: [start, end) runs left to right. */
function middleRowRuns(picture: Picture): [number, number][] {
  const y = Math.floor(picture.height / 2);
  const runs: [number, number][] = [];
  let start = -1;
  for (let x = 0; x <= picture.width; x++) {
    const object = x < picture.width && !isBackground(picture, picture.at(x, y));
    if (object && start < 0) start = x;
    if (!object && start >= 0) {
      runs.push([start, x]);
      start = -1;
    }
  }
  return runs.filter(([a, b]) => b - a > 2);
}

function objectFraction(picture: Picture): number {
  let count = 0;
  for (let y = 0; y < picture.height; y++)
    for (let x = 0; x < picture.width; x++) if (!isBackground(picture, picture.at(x, y))) count++;
  return count / (picture.width * picture.height);
}

/**
 * The ring seen face-on: two object runs across the middle row, each warm (the Cool to Warm
 * map's last colour, from the server's lookup table) at its outer rim and cool (the first) at
 * its inner rim. Returns the runs.
 */
function assertRimColours(picture: Picture, what: string): [number, number][] {
  const runs = middleRowRuns(picture);
  assert.equal(runs.length, 2, `${what}: middle row runs ${JSON.stringify(runs)}`);
  // Below and above the range are the first and last colours.
  const lookupTable = new LookupTable({ preset: 'Cool to Warm', range: RANGE });
  const cool = lookupTable
    .mapValue(-10)
    .slice(0, 3)
    .map((v) => v * 255);
  const warm = lookupTable
    .mapValue(10)
    .slice(0, 3)
    .map((v) => v * 255);
  const y = Math.floor(picture.height / 2);
  for (const [start, end] of runs) {
    const width = end - start;
    const left = start < picture.width / 2;
    // A band an eighth to a quarter of the run in from each edge, where the light falls well.
    const band = (fromOuter: boolean) => {
      const pixels: Rgb[] = [];
      for (let k = Math.floor(width / 8); k < Math.floor(width / 4); k++) {
        const fromStart = left === fromOuter;
        pixels.push(picture.at(fromStart ? start + k : end - 1 - k, y));
      }
      return pixels;
    };
    const warmBand = band(true);
    const coolBand = band(false);
    const warmHits = warmBand.filter((pixel) => matches(pixel, warm)).length;
    const coolHits = coolBand.filter((pixel) => matches(pixel, cool)).length;
    assert.ok(
      warmHits >= warmBand.length * 0.6,
      `${what}: outer rim ${JSON.stringify(warmBand)} vs warm ${warm}`,
    );
    assert.ok(
      coolHits >= coolBand.length * 0.6,
      `${what}: inner rim ${JSON.stringify(coolBand)} vs cool ${cool}`,
    );
  }
  return runs;
}

async function openPage(query = ''): Promise<Page> {
  const tab = await browser.newPage({ viewport: { width: 420, height: 320 } });
  const errors: string[] = [];
  tab.on('pageerror', (error) => errors.push(error.message));
  await tab.goto(`${served.url}?ws=${encodeURIComponent(server.url)}&secret=${secret}${query}`);
  await tab
    .waitForFunction(
      () => {
        const local = (window as unknown as { local?: LocalPage }).local;
        return local?.ready || local?.error !== undefined;
      },
      undefined,
      { timeout: 15_000, polling: 50 },
    )
    .catch(() => {});
  const error = await tab.evaluate(() => (window as unknown as { local?: LocalPage }).local?.error);
  assert.equal(error, undefined, `page error: ${error} ${errors.join('; ')}`);
  return tab;
}

test('LocalRenderer draws the delivered torus in the server’s colours, follows changes and shares its camera', {
  skip,
  timeout: 60_000,
}, async () => {
  const tab = await openPage();
  try {
    const picture = await pagePixels(tab);
    assert.equal(picture.width, 400);
    assert.equal(picture.height, 300);
    const fraction = objectFraction(picture);
    assert.ok(fraction > 0.1 && fraction < 0.8, `the torus covers ${fraction} of the view`);
    // Seen face-on (the server's camera looks down z at it): the hole shows the background.
    assert.ok(isBackground(picture, picture.at(200, 150)), `centre ${picture.at(200, 150)}`);
    // The background is the server view's.
    const shown = await tab.evaluate(() => (window as unknown as { local: LocalPage }).local.renderer?.scene);
    assert.ok(shown);
    assert.deepEqual(
      picture.at(0, 0),
      shown.background.map((value) => Math.round(value * 255)),
    );
    const runs = assertRimColours(picture, 'LocalRenderer');

    // The server's own CPU rendering of the same view: the same rims in the same colours, at
    // the same places (same camera), up to shading.
    const shot = await client.call<{ image: Uint8Array }>('periscope.screenshot', [
      { view: -1, width: 400, height: 300, format: 'png' },
    ]);
    const { data, info } = await sharp(shot.image).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const serverPicture = decode({ width: info.width, height: info.height, base64: data.toString('base64') });
    const serverRuns = assertRimColours(serverPicture, 'server CPU renderer');
    runs.forEach(([start, end], k) => {
      assert.ok(
        Math.abs(start - serverRuns[k][0]) <= 3 && Math.abs(end - serverRuns[k][1]) <= 3,
        `local runs ${JSON.stringify(runs)} vs server runs ${JSON.stringify(serverRuns)}`,
      );
    });

    // A pipeline change: solid green. The page refetches; the points were not sent again.
    const before = await tab.evaluate(
      () => (window as unknown as { local: LocalPage }).local.renderer?.scene,
    );
    assert.ok(before);
    await client.call('periscope.pipeline.update', [
      torusId,
      { representation: { ColorArrayName: null, DiffuseColor: [0, 1, 0] } },
    ]);
    await tab.waitForFunction(
      () =>
        (window as unknown as { local: LocalPage }).local.renderer?.scene?.actors[0]?.pieces[0]?.coloring
          .kind === 'solid',
      undefined,
      { timeout: 10_000, polling: 50 },
    );
    const after = (await tab.evaluate(
      () => (window as unknown as { local: LocalPage }).local.renderer?.scene,
    )) as GeometryScene;
    assert.equal(after.actors[0].pieces[0].points, before.actors[0].pieces[0].points);
    assert.equal(after.sentBytes, 0, 'solid colour needs no new array');
    const green = await pagePixels(tab);
    const [left] = middleRowRuns(green);
    const middle = green.at(Math.floor((left[0] + left[1]) / 2), Math.floor(green.height / 2));
    assert.ok(matches(middle, [0, 255, 0], 0.05), `solid green surface, got ${middle}`);

    // Another client moves the camera closer: the page follows and the torus grows.
    const smallFraction = objectFraction(green);
    const camera = await client.call<{ position: number[]; focal: number[] }>('viewport.camera.get', [-1]);
    const closer = camera.position.map((p, k) => camera.focal[k] + (p - camera.focal[k]) * 0.6);
    await client.call('viewport.camera.update.params', [-1, { position: closer }]);
    let grown = 0;
    for (let attempt = 0; attempt < 40 && grown <= smallFraction * 1.5; attempt++) {
      grown = objectFraction(await pagePixels(tab));
      if (grown <= smallFraction * 1.5) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(grown > smallFraction * 1.5, `closer camera: ${smallFraction} → ${grown}`);

    // A drag in the page rotates the local camera and sends it to the server.
    const box = await tab.locator('canvas').boundingBox();
    assert.ok(box);
    await tab.mouse.move(box.x + 200, box.y + 150);
    await tab.mouse.down();
    for (let step = 1; step <= 5; step++) await tab.mouse.move(box.x + 200 + step * 20, box.y + 150);
    await tab.mouse.up();
    let moved: ViewCameraState | undefined;
    for (let attempt = 0; attempt < 50; attempt++) {
      const now = await client.call<{ position: number[] }>('viewport.camera.get', [-1]);
      if (Math.abs(now.position[0] - closer[0]) > 1e-3) {
        moved = now as unknown as ViewCameraState;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(moved, 'the server camera follows the drag in the page');
  } finally {
    await tab.close();
  }
});

test('createViewRenderer: local for the small outline, remote frames past the threshold, local again when the view is set so', {
  skip,
  timeout: 60_000,
}, async () => {
  const update = (representation: Record<string, unknown>) =>
    client.call('periscope.pipeline.update', [torusId, { representation }]);
  await update({ Representation: 'Outline' });
  const tab = await openPage('&auto=1');
  const state = () =>
    tab.evaluate(() => {
      const local = (window as unknown as { local: LocalPage }).local;
      return {
        mode: local.auto?.mode,
        choices: local.choices,
        canvases: local.canvases(),
        error: local.error ?? '',
      };
    });
  /** Waits for the AutoRenderer to switch to `mode` and for that renderer's first picture. */
  const settle = async (mode: string) => {
    await tab.waitForFunction(
      (mode) => (window as unknown as { local: LocalPage }).local.auto?.mode === mode,
      mode,
      { timeout: 15_000, polling: 50 },
    );
    await tab.evaluate(() => (window as unknown as { local: LocalPage }).local.auto?.current?.ready());
  };
  try {
    assert.deepEqual(await state(), { mode: 'local', choices: ['local'], canvases: 1, error: '' });
    await update({ Representation: 'Surface' });
    await settle('remote');
    assert.deepEqual(await state(), { mode: 'remote', choices: ['local', 'remote'], canvases: 1, error: '' });
    await client.call('periscope.view.delivery.set', [-1, 'local']);
    await settle('local');
    assert.deepEqual(await state(), {
      mode: 'local',
      choices: ['local', 'remote', 'local'],
      canvases: 1,
      error: '',
    });
  } finally {
    await client.call('periscope.view.delivery.set', [-1, 'auto']);
    await tab.close();
  }
});
