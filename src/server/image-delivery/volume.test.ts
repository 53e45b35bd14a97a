/**
 * The Volume and Slice representations in a session: ImageData is ray cast on the server (colour by the
 * colour map, opacity by ScalarOpacityFunction), its geometry is never shipped for local
 * rendering, and non-image data asked for a volume shows its outline.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { WebSocket } from 'ws';
import { type Connection, connect, type WebSocketConstructor } from '../../client/connection.js';
import { type SessionServer, startSessionServer } from '../session-server.js';

let directory: string;
let server: SessionServer;
let client: Connection;

before(async () => {
  directory = await mkdtemp(join(tmpdir(), 'periscope-volume-'));
  server = await startSessionServer({ dataDirectory: directory, secret: 's' });
  client = await connect({
    url: server.url,
    secret: 's',
    WebSocket: WebSocket as unknown as WebSocketConstructor,
  });
});

after(async () => {
  await client?.close();
  await server?.close();
  await rm(directory, { recursive: true, force: true });
});

async function screenshot(): Promise<Buffer> {
  const { image } = (await client.call('periscope.screenshot', [
    { width: 200, height: 200, format: 'png' },
  ])) as {
    image: Uint8Array;
  };
  return sharp(image).ensureAlpha().raw().toBuffer();
}

const BACKGROUND = [82, 87, 110]; // ParaView's (0.32, 0.34, 0.43)
const isBackground = (pixels: Buffer, index: number) =>
  Math.hypot(...BACKGROUND.map((c, k) => pixels[4 * index + k] - c)) < 6;

test('a wavelet shown as Volume is ray cast: coloured in the middle, background outside, transparent with a zero opacity function', {
  timeout: 60_000,
}, async () => {
  await client.call('periscope.pipeline.add', [
    {
      id: 'vol',
      type: 'Wavelet',
      properties: { WholeExtent: [-16, 16, -16, 16, -16, 16] },
      representation: { Representation: 'Volume' },
    },
  ]);
  await client.call('viewport.camera.reset', [-1]);
  const shown = await screenshot();
  assert.ok(!isBackground(shown, 100 * 200 + 100), 'the middle shows the volume');
  assert.ok(isBackground(shown, 2 * 200 + 2), 'the corner is background');
  let coloured = 0;
  for (let i = 0; i < 200 * 200; i++) if (!isBackground(shown, i)) coloured++;
  // The cube's projection covers a good part of the view, not all of it.
  assert.ok(coloured > 4000 && coloured < 36_000, `${coloured} pixels show the volume`);

  // Opacity 0 everywhere: nothing but background.
  await client.call('periscope.pipeline.update', [
    'vol',
    { representation: { ScalarOpacityFunction: [0, 0, 1000, 0] } },
  ]);
  const clear = await screenshot();
  let visible = 0;
  for (let i = 0; i < 200 * 200; i++) if (!isBackground(clear, i)) visible++;
  assert.equal(visible, 0);

  // Only the server can draw it: the view renders remotely whatever its setting.
  await client.call('periscope.view.delivery.set', [-1, 'local']);
  const choice = (await client.call('periscope.view.delivery.get', [-1])) as { use: string; reason: string };
  assert.equal(choice.use, 'remote');
  assert.match(choice.reason, /volume-rendered/);
  await client.call('periscope.view.delivery.set', [-1, 'auto']);
  await client.call('periscope.pipeline.remove', ['vol']);
});

test('data that is not ImageData asked for a Volume shows its outline', async () => {
  await client.call('periscope.pipeline.add', [
    { id: 'ball', type: 'Sphere', representation: { Representation: 'Volume' } },
  ]);
  await client.call('viewport.camera.reset', [-1]);
  const outline = await screenshot();
  await client.call('periscope.pipeline.update', ['ball', { representation: { Representation: 'Outline' } }]);
  assert.deepEqual(await screenshot(), outline);
  await client.call('periscope.pipeline.remove', ['ball']);
});

test('the Slice representation shows one layer of the image: picking finds its plane, which follows Slice', {
  timeout: 60_000,
}, async () => {
  await client.call('periscope.pipeline.add', [
    {
      id: 'layer',
      type: 'Wavelet',
      properties: { WholeExtent: [-16, 16, -16, 16, -16, 16] },
      representation: { Representation: 'Slice', ColorArrayName: ['POINTS', 'RTData'] },
    },
  ]);
  await client.call('viewport.size.update', [-1, 200, 200]);
  await client.call('viewport.camera.reset', [-1]);
  type Pick = { worldPosition: number[]; probe: { values: { RTData: number[] } } };
  // The middle layer by default: k = 16, z = 0; the camera looks down −Z at it.
  const middle = (await client.call('periscope.pick', [{ x: 0.5, y: 0.5 }])) as Pick;
  assert.ok(Math.abs(middle.worldPosition[2]) < 1e-3, `${middle.worldPosition}`);
  await client.call('periscope.pipeline.update', ['layer', { representation: { Slice: 24 } }]);
  const upper = (await client.call('periscope.pick', [{ x: 0.5, y: 0.5 }])) as Pick;
  assert.ok(Math.abs(upper.worldPosition[2] - 8) < 1e-3, `${upper.worldPosition}`);
  // Coloured over the whole image's range, as ParaView does, not the shown layer's.
  const info = (await client.call('periscope.pipeline.info', ['layer'])) as {
    pointData: { name: string; range: number[] }[];
  };
  const whole = info.pointData.find((array) => array.name === 'RTData')!.range;
  const scene = (await client.call('periscope.geometry.get', [{ view: -1 }])) as {
    actors: { node: string; colorMap?: { range: number[] } }[];
  };
  assert.deepEqual(scene.actors.find((actor) => actor.node === 'layer')?.colorMap?.range, whole);
  // Not a volume: the view's geometry can be shipped for local rendering again.
  const choice = (await client.call('periscope.view.delivery.get', [-1])) as { use: string };
  assert.equal(choice.use, 'local');
  await client.call('periscope.pipeline.remove', ['layer']);
});
