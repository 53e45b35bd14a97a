/**
 * Image delivery over the wire with Kitware's wslink client. The renderer here is a small real
 * one (sharp-encoded JPEG whose grey level follows the camera azimuth, after a fixed render
 * time), so the scheduling — fields, interactive/still quality, coalescing — is what is tested.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { type SessionServer, startSessionServer } from '../session-server.js';
import { connectWslink, type WslinkClient } from '../wslink-client.fixture.js';
import type { SceneRenderRequest } from './scene.js';

const secret = 'delivery-secret';
const RENDER_MS = 40;
let directory: string;
let server: SessionServer;
let client: WslinkClient;
const requests: SceneRenderRequest[] = [];

async function renderGrey(request: SceneRenderRequest) {
  requests.push(request);
  await new Promise((resolve) => setTimeout(resolve, RENDER_MS));
  const [x, , z] = request.view.camera.position;
  const grey = Math.round(((Math.atan2(x, z) + Math.PI) / (2 * Math.PI)) * 255);
  const image = await sharp({
    create: {
      width: request.width,
      height: request.height,
      channels: 3,
      background: { r: grey, g: grey, b: grey },
    },
  })
    .jpeg({ quality: request.quality })
    .toBuffer();
  return {
    image: new Uint8Array(image),
    format: 'jpeg' as const,
    width: request.width,
    height: request.height,
  };
}

interface Frame {
  image: Uint8Array;
  id: string;
  size: [number, number];
  memsize: number;
  workTime: number;
  format: string;
  mtime: number;
  stale: boolean;
  global_id: string;
  localTime: number;
  interactive: boolean;
}

before(async () => {
  directory = await mkdtemp(join(tmpdir(), 'periscope-delivery-'));
  server = await startSessionServer({
    dataDirectory: directory,
    secret,
    renderer: renderGrey,
    stillDelayMs: 150,
  });
  client = await connectWslink(server.url, secret);
  await client.session.call('periscope.pipeline.add', [{ id: 's', type: 'Sphere' }]);
});

after(async () => {
  client?.close();
  await server?.close();
  await rm(directory, { recursive: true, force: true });
});

const frames = () => client.collect('viewport.image.push.subscription') as Frame[];
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('RemoteView start-up: observer.add echoes "-1", frames carry §4.3’s fields', async () => {
  frames();
  const added = await client.session.call('viewport.image.push.observer.add', ['-1']);
  assert.deepEqual(added, { success: true, viewId: '-1' });
  await client.session.call('viewport.image.push.original.size', ['-1', 320, 200]);
  const first = client.next('viewport.image.push.subscription', (f) => (f as Frame).size[0] === 320);
  await client.session.call('viewport.image.push', [{ view: '-1', size: [320, 200] }]);
  const frame = (await first) as Frame;
  assert.deepEqual([frame.image[0], frame.image[1], frame.image[2]], [0xff, 0xd8, 0xff]);
  assert.equal(frame.id, '-1');
  assert.equal(frame.global_id, '-1');
  assert.deepEqual(frame.size, [320, 200]);
  assert.equal(frame.memsize, frame.image.byteLength);
  assert.equal(frame.format, 'jpeg');
  assert.equal(frame.localTime, 0);
  assert.equal(typeof frame.stale, 'boolean');
  assert.ok(frame.workTime >= RENDER_MS - 5, String(frame.workTime));
  const metadata = await sharp(frame.image).metadata();
  assert.deepEqual([metadata.width, metadata.height], [320, 200]);
});

test('a mouse drag turns the camera, streams interactive frames, then one full-size still frame', async () => {
  await settle(300);
  const before = (await client.session.call('viewport.camera.get', [-1])) as { position: number[] };
  const start = frames().length;
  const event = {
    view: -1,
    buttonLeft: 1,
    buttonMiddle: 0,
    buttonRight: 0,
    shiftKey: 0,
    ctrlKey: 0,
    altKey: 0,
    metaKey: 0,
  };
  await client.session.call('viewport.mouse.interaction', [{ ...event, action: 'down', x: 0.5, y: 0.5 }]);
  for (let step = 1; step <= 10; step++) {
    await client.session.call('viewport.mouse.interaction', [
      { ...event, action: 'down', x: 0.5 + step * 0.02, y: 0.5 },
    ]);
    await settle(16);
  }
  await client.session.call('viewport.mouse.interaction', [
    { ...event, buttonLeft: 0, action: 'up', x: 0.7, y: 0.5 },
  ]);
  await settle(RENDER_MS * 3 + 200);
  const after = (await client.session.call('viewport.camera.get', [-1])) as { position: number[] };
  assert.notDeepEqual(after.position, before.position);
  const drag = frames().slice(start);
  const interactive = drag.filter((frame) => frame.interactive);
  assert.ok(interactive.length >= 1, 'interactive frames during the drag');
  assert.ok(
    interactive.every((frame) => frame.size[0] === 160 && frame.size[1] === 100),
    'interactive at ratio 0.5',
  );
  const last = drag.at(-1)!;
  assert.equal(last.interactive, false);
  assert.deepEqual(last.size, [320, 200]);
  assert.equal(last.stale, false);
  // 11 camera changes at 60 Hz against a 40 ms render: coalesced, never one frame per event.
  assert.ok(drag.length < 11, `${drag.length} frames for 11 events`);
});

test('a burst of 30 camera updates coalesces into a few renders; the last frame shows the last camera', async () => {
  await settle(300);
  const startFrames = frames().length;
  const startRenders = requests.length;
  const updates: Promise<unknown>[] = [];
  for (let i = 0; i < 30; i++) {
    const angle = (i / 30) * Math.PI;
    updates.push(
      client.session.call('viewport.camera.update', [
        -1,
        [0, 0, 0],
        [0, 1, 0],
        [Math.sin(angle) * 5, 0, Math.cos(angle) * 5],
      ]),
    );
  }
  await Promise.all(updates);
  await settle(RENDER_MS * 4 + 100);
  const renders = requests.length - startRenders;
  const received = frames().slice(startFrames);
  assert.ok(renders >= 1 && renders <= 3, `${renders} renders for 30 updates`);
  assert.equal(received.length, renders);
  const lastCamera = requests.at(-1)!.view.camera.position;
  assert.ok(Math.abs(lastCamera[0] - Math.sin((29 / 30) * Math.PI) * 5) < 1e-9);
  assert.equal(received.at(-1)!.stale, false);
});

test('quality, size and legacy pull render follow the client’s settings', async () => {
  await client.session.call('viewport.image.push.quality', ['-1', 30, 0.5]);
  const next = client.next('viewport.image.push.subscription', (f) => (f as Frame).size[0] === 160);
  await client.session.call('viewport.image.push.invalidate.cache', ['-1']);
  await next;
  assert.equal(requests.at(-1)!.quality, 30);
  await client.session.call('viewport.image.push.quality', ['-1', 100, 1]);
  const pulled = (await client.session.call('viewport.image.render', [{ view: -1, size: [64, 48] }])) as {
    image: string;
    format: string;
    size: number[];
  };
  assert.equal(pulled.format, 'jpeg;base64');
  assert.deepEqual(pulled.size, [64, 48]);
  assert.equal(Buffer.from(pulled.image, 'base64')[0], 0xff);
  const shot = (await client.session.call('periscope.screenshot', [
    { width: 1920, height: 1080, format: 'png' },
  ])) as {
    image: Uint8Array;
    size: number[];
  };
  assert.deepEqual(shot.size, [1920, 1080]);
});
