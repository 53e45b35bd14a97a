/**
 * `pv.color.manager.*` on the session's colour model: custom control points, opacity transfer
 * functions and colour-map images, as ParaViewWeb's ColorManager calls them.
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
  directory = await mkdtemp(join(tmpdir(), 'periscope-color-manager-'));
  server = await startSessionServer({ dataDirectory: directory, secret: 's', cpuRenderer: false });
  client = await connect({
    url: server.url,
    secret: 's',
    WebSocket: WebSocket as unknown as WebSocketConstructor,
  });
  // A unit-diameter sphere coloured by its z coordinate: the range is [-0.5, 0.5].
  await client.call('periscope.pipeline.add', [
    { id: 'ball', type: 'Sphere', properties: { ThetaResolution: 16, PhiResolution: 16 } },
  ]);
  await client.call('periscope.pipeline.add', [
    {
      id: 'height',
      type: 'Calculator',
      inputs: ['ball'],
      properties: { Function: 'coordsZ', ResultArrayName: 'height' },
      representation: { ColorArrayName: ['POINTS', 'height'] },
    },
  ]);
});

after(async () => {
  await client?.close();
  await server?.close();
  await rm(directory, { recursive: true, force: true });
});

async function pixelsOf(base64: string): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(Buffer.from(base64, 'base64'))
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

test('rgb.points.set replaces the preset; lut.image.get draws it over the data range', async () => {
  const points = [-0.5, 0, 0, 1, 0.5, 1, 0, 0];
  assert.deepEqual(await client.call('pv.color.manager.rgb.points.set', ['height', points]), {
    success: true,
  });
  assert.deepEqual(await client.call('pv.color.manager.rgb.points.get', ['height']), points);
  const lut = (await client.call('pv.color.manager.lut.image.get', ['height', 2])) as {
    image: string;
    range: number[];
  };
  assert.ok(Math.abs(lut.range[0] + 0.5) < 1e-6 && Math.abs(lut.range[1] - 0.5) < 1e-6, `${lut.range}`);
  const { data, width, height } = await pixelsOf(lut.image);
  assert.deepEqual([width, height], [2, 1]);
  assert.deepEqual([...data.subarray(0, 3)], [0, 0, 255]);
  assert.deepEqual([...data.subarray(3, 6)], [255, 0, 0]);
  await assert.rejects(
    client.call('pv.color.manager.rgb.points.set', ['height', [0, 1, 2]]),
    /two \[x, r, g, b\]/,
  );
});

test('opacity points: ParaView’s ramp over the range by default, then what was set', async () => {
  const ramp = (await client.call('pv.color.manager.opacity.points.get', ['height'])) as number[];
  assert.equal(ramp.length, 8);
  assert.ok(
    Math.abs(ramp[0] + 0.5) < 1e-6 && ramp[1] === 0 && Math.abs(ramp[4] - 0.5) < 1e-6 && ramp[5] === 1,
  );
  const points = [-0.5, 0.2, 0.5, 0, 0, 0.8, 0.5, 0, 0.5, 0.1, 0.5, 0];
  await client.call('pv.color.manager.opacity.points.set', ['height', points]);
  assert.deepEqual(await client.call('pv.color.manager.opacity.points.get', ['height']), points);
  const node = (await client.call('periscope.pipeline.list')) as {
    id: string;
    representation: { ScalarOpacityFunction: number[] };
  }[];
  assert.deepEqual(
    node.find((n) => n.id === 'height')?.representation.ScalarOpacityFunction,
    [-0.5, 0.2, 0, 0.8, 0.5, 0.1],
  );
});

test('lut.image.all gives every preset as an image; colour settings are validated', async () => {
  const images = (await client.call('pv.color.manager.lut.image.all', [16])) as Record<string, string>;
  const presets = (await client.call('pv.color.manager.list.preset')) as string[];
  assert.deepEqual(Object.keys(images).sort(), [...presets].sort());
  const { width, height } = await pixelsOf(images['Cool to Warm']);
  assert.deepEqual([width, height], [16, 1]);
  await client.call('periscope.pipeline.update', [
    'height',
    { representation: { UseLogScale: true, Discretize: false, NanColor: [1, 1, 0] } },
  ]);
  await assert.rejects(
    client.call('periscope.pipeline.update', ['height', { representation: { NumberOfTableValues: 0 } }]),
    /NumberOfTableValues/,
  );
});
