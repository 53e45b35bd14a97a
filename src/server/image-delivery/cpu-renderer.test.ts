/**
 * The session with its default CPU renderer, driven by Kitware's wslink client: a Wavelet
 * contour coloured by RTData arrives as a JPEG of the requested size showing the data, and a
 * mouse drag changes the picture.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { type SessionServer, startSessionServer } from '../session-server.js';
import { connectWslink, type WslinkClient } from '../wslink-client.fixture.js';

const secret = 'cpu-renderer-secret';
let directory: string;
let server: SessionServer;
let client: WslinkClient;

before(async () => {
  directory = await mkdtemp(join(tmpdir(), 'periscope-cpu-renderer-'));
  server = await startSessionServer({ dataDirectory: directory, secret, stillDelayMs: 100 });
  client = await connectWslink(server.url, secret);
  await client.session.call('periscope.pipeline.add', [
    { id: 'w', type: 'Wavelet', properties: { WholeExtent: [-20, 20, -20, 20, -20, 20] } },
  ]);
  await client.session.call('periscope.pipeline.add', [
    {
      id: 'c',
      type: 'Contour',
      inputs: ['w'],
      properties: { ContourBy: ['POINTS', 'RTData'], Isosurfaces: [157] },
    },
  ]);
});

after(async () => {
  client?.close();
  await server?.close();
  await rm(directory, { recursive: true, force: true });
});

interface Frame {
  image: Uint8Array;
  size: [number, number];
  stale: boolean;
}

async function pixels(frame: Frame) {
  return sharp(frame.image).raw().toBuffer({ resolveWithObject: true });
}

test('frames from the CPU renderer show the data at the requested size and follow a drag', async () => {
  await client.session.call('viewport.image.push.observer.add', ['-1']);
  const first = client.next('viewport.image.push.subscription', (f) => (f as Frame).size[0] === 300);
  await client.session.call('viewport.image.push', [{ view: '-1', size: [300, 200] }]);
  const frame = (await first) as Frame;
  const { data, info } = await pixels(frame);
  assert.deepEqual([info.width, info.height], [300, 200]);
  // ParaView's default background is (0.32, 0.34, 0.43); the surface differs from it in the centre.
  const centre = (100 * 300 + 150) * info.channels;
  const background = [82, 87, 110];
  const distance = Math.hypot(...background.map((c, k) => data[centre + k] - c));
  assert.ok(distance > 30, `centre pixel ${[...data.subarray(centre, centre + 3)]} looks like background`);

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
  await client.session.call('viewport.mouse.interaction', [{ ...event, action: 'move', x: 0.8, y: 0.6 }]);
  const still = client.next(
    'viewport.image.push.subscription',
    (f) => (f as Frame).size[0] === 300 && !(f as Frame).stale,
  );
  await client.session.call('viewport.mouse.interaction', [
    { ...event, buttonLeft: 0, action: 'up', x: 0.8, y: 0.6 },
  ]);
  const turned = await pixels((await still) as Frame);
  let changed = 0;
  for (let i = 0; i < data.length; i++) if (Math.abs(data[i] - turned.data[i]) > 20) changed++;
  assert.ok(changed > 1000, `only ${changed} channel values changed after the drag`);
});

test('the scalar bar, the orientation axes, the centre axes and annotations appear where they belong, and only there', async () => {
  await client.session.call('periscope.pipeline.update', [
    'w',
    { representation: { Representation: 'Surface', ColorArrayName: ['POINTS', 'RTData'], Visibility: true } },
  ]);
  await client.session.call('periscope.pipeline.update', ['c', { representation: { Visibility: false } }]);
  const shot = async () => {
    const { image } = (await client.session.call('periscope.screenshot', [
      { width: 400, height: 300, format: 'png' },
    ])) as { image: Uint8Array };
    // Always RGBA, whether or not the PNG carries alpha.
    return sharp(image).ensureAlpha().raw().toBuffer();
  };
  /** Changed pixels in the right fifth, the bottom-left corner (axes) and everywhere else. */
  const changes = (a: Buffer, b: Buffer) => {
    const counts = { right: 0, corner: 0, elsewhere: 0 };
    for (let row = 0; row < 300; row++)
      for (let column = 0; column < 400; column++) {
        const i = (row * 400 + column) * 4;
        if (Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]) < 24)
          continue;
        if (column >= 320) counts.right++;
        else if (column < 100 && row >= 200) counts.corner++;
        else counts.elsewhere++;
      }
    return counts;
  };
  // The first render computes the wavelet and fits the colour range to it (a node update).
  await shot();
  const plain = await shot();
  const again = await shot();
  assert.deepEqual(
    changes(plain, again),
    { right: 0, corner: 0, elsewhere: 0 },
    'screenshots are repeatable',
  );
  await client.session.call('periscope.pipeline.update', [
    'w',
    { representation: { ScalarBarVisibility: true } },
  ]);
  const legend = changes(plain, await shot());
  assert.ok(legend.right > 500, `legend: ${JSON.stringify(legend)}`);
  assert.equal(legend.corner + legend.elsewhere, 0, `legend: ${JSON.stringify(legend)}`);
  await client.session.call('periscope.pipeline.update', [
    'w',
    { representation: { ScalarBarVisibility: false } },
  ]);

  await client.session.call('viewport.axes.orientation.visibility.update', ['-1', true]);
  const axes = changes(plain, await shot());
  assert.ok(axes.corner > 100, `axes: ${JSON.stringify(axes)}`);
  assert.equal(axes.right + axes.elsewhere, 0, `axes: ${JSON.stringify(axes)}`);
  await client.session.call('viewport.axes.orientation.visibility.update', ['-1', false]);

  // The centre axes pass through the focal point, inside the cube: shown over its outline.
  await client.session.call('periscope.pipeline.update', [
    'w',
    { representation: { Representation: 'Outline' } },
  ]);
  const outline = await shot();
  await client.session.call('viewport.axes.center.visibility.update', ['-1', true]);
  const centre = changes(outline, await shot());
  assert.ok(centre.elsewhere > 20, `centre axes: ${JSON.stringify(centre)}`);
  await client.session.call('viewport.axes.center.visibility.update', ['-1', false]);
  assert.deepEqual(changes(outline, await shot()), { right: 0, corner: 0, elsewhere: 0 });

  // A 3D annotation pinned to the cube's corner is drawn where that corner projects.
  const note = (await client.session.call('periscope.annotation.add', ['corner', [20, 20, 20]])) as {
    id: string;
  };
  const annotated = changes(outline, await shot());
  assert.ok(
    annotated.elsewhere + annotated.right + annotated.corner > 30,
    `annotation: ${JSON.stringify(annotated)}`,
  );
  await client.session.call('periscope.annotation.remove', [note.id]);
  assert.deepEqual(changes(outline, await shot()), { right: 0, corner: 0, elsewhere: 0 });
});
