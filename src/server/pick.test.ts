/**
 * `periscope.pick`: what lies under a point of the view, from the renderer's id and depth
 * buffers, with the nearest data point's values.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { WebSocket } from 'ws';
import { type Connection, connect, type WebSocketConstructor } from '../client/connection.js';
import { type SessionServer, startSessionServer } from './session-server.js';

let directory: string;
let server: SessionServer;
let client: Connection;

interface Pick {
  node: string;
  name: string;
  cellId: number;
  pointId: number | null;
  worldPosition: [number, number, number];
  probe: { pointId: number; distance: number; values: Record<string, number[]> };
}

before(async () => {
  directory = await mkdtemp(join(tmpdir(), 'periscope-pick-'));
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

test('picking the centre of a sphere seen from +Z finds its pole; the corner is background', async () => {
  // vtkSphereSource: radius 0.5, poles on the z axis; ParaView's default camera looks down −Z.
  await client.call('periscope.pipeline.add', [
    { id: 'ball', type: 'Sphere', properties: { ThetaResolution: 32, PhiResolution: 32 } },
  ]);
  await client.call('viewport.size.update', [-1, 400, 300]);
  await client.call('viewport.camera.reset', [-1]);
  const picked = (await client.call('periscope.pick', [{ x: 0.5, y: 0.5 }])) as Pick;
  assert.equal(picked.node, 'ball');
  const [x, y, z] = picked.worldPosition;
  assert.ok(Math.abs(x) < 0.01 && Math.abs(y) < 0.01, `${picked.worldPosition}`);
  // The pole's facets sit below the sphere by at most r(1 − cos(π/32)) ≈ 0.0024.
  assert.ok(z > 0.495 && z <= 0.5 + 1e-6, `z = ${z}`);
  assert.ok(picked.probe.distance < 0.01, 'the nearest data point is the pole');
  assert.ok(Array.isArray(picked.probe.values.Normals));
  assert.ok(Number.isInteger(picked.cellId) && picked.pointId !== null);

  assert.equal(await client.call('periscope.pick', [{ x: 0.01, y: 0.01 }]), null);
  await assert.rejects(
    client.call('periscope.pick', [{ x: 2, y: 0.5 }]),
    /x and y must be numbers in \[0, 1\]/,
  );
  await client.call('periscope.pipeline.remove', ['ball']);
});
