/**
 * Geometry delivery over the wire with our client: the torus example coloured by curvature as
 * vtk.js-ready arrays, content hashes (a second fetch sends nothing, a colour-map change sends
 * only the colour texture), cell colours in delivered-cell order, Surface With Edges, the byte
 * limit, and the remote/local choice by threshold and per-view setting.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { WebSocket as WsWebSocket } from 'ws';
import { type Connection, connect } from '../../client/connection.js';
import { GeometryCache } from '../../client/geometry-cache.js';
import { DataArray } from '../../engine/data/data-array.js';
import { sampleSurface } from '../../engine/examples/generators.js';
import { writeDataFile } from '../../engine/io/index.js';
import { LookupTable } from '../../engine/render/color/lookup-table.js';
import { RemoteCallError } from '../../protocol/errors.js';
import { type SessionServer, startSessionServer } from '../session-server.js';
import type { DeliveryChoice, GeometryScene } from './messages.js';

const secret = 'geometry-test-secret';
const MAJOR = 96;
const MINOR = 48;
const POINTS = MAJOR * MINOR;
const TRIANGLES = 2 * POINTS;

let directory: string;
let server: SessionServer;
let client: Connection;
let torusId: string;

before(async () => {
  directory = await mkdtemp(join(tmpdir(), 'periscope-geometry-test-'));
  await writeDataFile(join(directory, 'torus.vtp'), sampleSurface(MAJOR, MINOR));
  server = await startSessionServer({
    dataDirectory: directory,
    secret,
    cpuRenderer: false,
    localRenderThreshold: 128 * 1024,
    maxGeometryBytes: 4 * 1024 * 1024,
  });
  client = await connect({ url: server.url, secret, WebSocket: WsWebSocket });
  const opened = await client.call<{ node: { id: string } }>('periscope.file.open', ['torus.vtp']);
  torusId = opened.node.id;
  await client.call('periscope.pipeline.update', [
    torusId,
    { representation: { ColorArrayName: ['POINTS', 'curvature'] } },
  ]);
});

after(async () => {
  await client?.close();
  await server?.close();
  await rm(directory, { recursive: true, force: true });
});

const fetchScene = (have: string[] = [], view: string | number = -1) =>
  client.call<GeometryScene>('periscope.geometry.get', [{ view, have }]);

const representation = (changes: Record<string, unknown>, id = torusId) =>
  client.call('periscope.pipeline.update', [id, { representation: changes }]);

/** Curvature range of the torus example: cos v / (r (R + r cos v)), R = 1, r = 0.35. */
function curvatureRange(): [number, number] {
  const curvature = sampleSurface(MAJOR, MINOR).pointData.getDataArray('curvature');
  assert.ok(curvature);
  const [min, max] = curvature.getRange();
  return [min, max];
}

test('the torus coloured by curvature arrives as points, triangles, normals and the server’s colour texture', async () => {
  const cache = new GeometryCache();
  const scene = await fetchScene();
  assert.equal(cache.receive(scene), scene.hashes.length);
  assert.equal(scene.view, '-1');
  assert.equal(scene.actors.length, 1);
  const [actor] = scene.actors;
  assert.equal(actor.node, torusId);
  assert.equal(actor.properties.representation, 'Surface');
  assert.equal(actor.pieces.length, 1);
  const [piece] = actor.pieces;
  assert.equal(piece.numberOfPoints, POINTS);
  assert.equal(piece.numberOfCells, TRIANGLES);
  const points = cache.float32(piece.points);
  assert.equal(points.length, 3 * POINTS);
  // Point 0 of the torus: u = v = 0, at (R + r, 0, 0).
  assert.deepEqual(
    [...points.subarray(0, 3)].map((v) => Math.round(v * 1e5) / 1e5),
    [1.35, 0, 0],
  );
  assert.ok(piece.normals);
  assert.equal(cache.float32(piece.normals).length, 3 * POINTS);
  assert.ok(piece.polys);
  const polys = cache.uint32(piece.polys);
  assert.equal(polys.length, 4 * TRIANGLES);
  for (let c = 0; c < TRIANGLES; c++) assert.equal(polys[4 * c], 3);
  assert.ok(polys.every((value, i) => i % 4 === 0 || value < POINTS));

  // Colours: the server's own table for Cool to Warm over the curvature range.
  assert.equal(piece.coloring.kind, 'point-texture');
  if (piece.coloring.kind !== 'point-texture') return;
  const range = curvatureRange();
  assert.deepEqual(actor.colorMap, { preset: 'Cool to Warm', range, array: 'curvature' });
  const lookupTable = new LookupTable({ preset: 'Cool to Warm', range });
  const size = piece.coloring.textureWidth - 1;
  assert.deepEqual(cache.uint8(piece.coloring.texture), lookupTable.buildTexture(size));
  const coordinates = cache.float32(piece.coloring.coordinates);
  assert.equal(coordinates.length, POINTS);
  // Each coordinate picks the texel the CPU backend paints for that point's value.
  const curvature = sampleSurface(MAJOR, MINOR).pointData.getDataArray('curvature') as DataArray;
  for (const id of [0, 7, 24, 1000, POINTS - 1]) {
    const expected = Math.floor(lookupTable.textureCoordinate(curvature.getComponent(id, 0), size) * size);
    assert.equal(Math.floor(coordinates[id] * (size + 1)), expected, `point ${id}`);
  }
  assert.deepEqual(scene.delivery.size.triangles, TRIANGLES);
  assert.equal(scene.sentBytes, scene.delivery.size.bytes);
  assert.ok(scene.camera.position.every(Number.isFinite));
  assert.ok(scene.camera.position[2] > 1, 'the first delivery frames the torus (camera backed off along +z)');
});

test('a second fetch with the held hashes sends no arrays; a colour-map change sends only the texture', async () => {
  const cache = new GeometryCache();
  const first = await fetchScene(cache.hashes());
  cache.receive(first);
  const again = await fetchScene(cache.hashes());
  assert.deepEqual(Object.keys(again.arrays), []);
  assert.equal(again.sentBytes, 0);
  assert.deepEqual(again.hashes, first.hashes);
  assert.equal(cache.receive(again), 0);

  await representation({ ColorMap: 'Viridis (matplotlib)' });
  const recoloured = await fetchScene(cache.hashes());
  const [piece] = recoloured.actors[0].pieces;
  assert.equal(piece.coloring.kind, 'point-texture');
  if (piece.coloring.kind !== 'point-texture') return;
  assert.deepEqual(Object.keys(recoloured.arrays), [piece.coloring.texture]);
  assert.equal(recoloured.arrays[piece.coloring.texture].type, 'Uint8Array');
  cache.receive(recoloured);
  const viridis = new LookupTable({ preset: 'Viridis (matplotlib)', range: curvatureRange() });
  assert.deepEqual(
    cache.uint8(piece.coloring.texture),
    viridis.buildTexture(piece.coloring.textureWidth - 1),
  );
  // The old texture is no longer part of the scene, so the cache forgot it.
  assert.equal(cache.size, recoloured.hashes.length);

  // A new range moves the coordinates; the texture of the same map stays.
  await representation({ ScalarRange: [-1, 1] });
  const rescaled = await fetchScene(cache.hashes());
  const [rescaledPiece] = rescaled.actors[0].pieces;
  assert.equal(rescaledPiece.coloring.kind, 'point-texture');
  if (rescaledPiece.coloring.kind !== 'point-texture') return;
  assert.deepEqual(Object.keys(rescaled.arrays), [rescaledPiece.coloring.coordinates]);
  await representation({ ColorMap: 'Cool to Warm', ScalarRange: [] });
});

test('cell colours are the server’s mapped colours, one per delivered triangle', async () => {
  const filter = await client.call<{ id: string }>('periscope.pipeline.add', [
    {
      type: 'PointDatatoCellData',
      inputs: [torusId],
      representation: { ColorArrayName: ['CELLS', 'curvature'] },
    },
  ]);
  try {
    const cache = new GeometryCache();
    const scene = await fetchScene();
    cache.receive(scene);
    assert.deepEqual(
      scene.actors.map((actor) => actor.node),
      [filter.id],
      'the filter hides its input, as ParaView',
    );
    const [piece] = scene.actors[0].pieces;
    assert.equal(piece.coloring.kind, 'cell-rgba');
    if (piece.coloring.kind !== 'cell-rgba') return;
    const colors = cache.uint8(piece.coloring.colors);
    assert.equal(colors.length, 4 * TRIANGLES);
    const range = scene.actors[0].colorMap?.range;
    assert.ok(range);
    const lookupTable = new LookupTable({ preset: 'Cool to Warm', range });
    // Quad q is fanned into triangles 2q and 2q + 1: both carry the quad's colour.
    for (const quad of [0, 1, 500, POINTS - 1]) {
      assert.deepEqual(
        [...colors.subarray(8 * quad, 8 * quad + 4)],
        [...colors.subarray(8 * quad + 4, 8 * quad + 8)],
      );
    }
    const mapped = lookupTable.mapScalars(
      new DataArray({ name: 'k', values: Float64Array.of(range[0], range[1]) }),
      0,
    );
    const all = new Set<string>();
    for (let c = 0; c < TRIANGLES; c++) all.add(colors.subarray(4 * c, 4 * c + 4).join(','));
    assert.ok(all.has(mapped.subarray(0, 4).join(',')), 'the coolest cell has the first colour');
    assert.ok(all.has(mapped.subarray(4, 8).join(',')), 'the warmest cell has the last colour');
  } finally {
    await client.call('periscope.pipeline.remove', [filter.id]);
    await representation({ Visibility: true });
  }
});

test('Surface With Edges: a surface piece and an edges piece sharing one points array', async () => {
  await representation({ Representation: 'Surface With Edges' });
  try {
    const scene = await fetchScene();
    const [surface, edges] = scene.actors[0].pieces;
    assert.equal(surface.role, 'surface');
    assert.equal(edges.role, 'edges');
    assert.equal(edges.points, surface.points);
    assert.equal(edges.coloring.kind, 'solid');
    assert.equal(scene.actors[0].properties.edgeVisibility, true);
    assert.deepEqual(scene.actors[0].properties.edgeColor, [0, 0, 0.5]);
    // Each quad gives its four edges as segments.
    assert.equal(edges.numberOfCells, 4 * POINTS);
    assert.equal(scene.arrays[edges.lines ?? ''].length, 3 * 4 * POINTS);
    assert.equal(scene.hashes.filter((hash) => hash === surface.points).length, 1);
  } finally {
    await representation({ Representation: 'Surface' });
  }
});

test('Wireframe delivers only coloured lines and Points only coloured vertices, as the server draws them', async () => {
  try {
    await representation({ Representation: 'Wireframe' });
    const wireframe = await fetchScene();
    const [lines] = wireframe.actors[0].pieces;
    assert.equal(wireframe.actors[0].pieces.length, 1);
    assert.equal(lines.polys, undefined);
    assert.equal(lines.numberOfCells, 4 * POINTS);
    assert.equal(lines.coloring.kind, 'point-texture');
    assert.equal(wireframe.delivery.size.triangles, 0);
    assert.equal(wireframe.delivery.size.lines, 4 * POINTS);
    await representation({ Representation: 'Points', PointSize: 5 });
    const points = await fetchScene();
    const [vertices] = points.actors[0].pieces;
    assert.equal(vertices.polys, undefined);
    assert.equal(vertices.lines, undefined);
    assert.equal(points.arrays[vertices.verts ?? ''].length, 2 * POINTS);
    assert.equal(points.actors[0].properties.pointSize, 5);
    assert.equal(points.delivery.size.points, POINTS);
  } finally {
    await representation({ Representation: 'Surface', PointSize: 2 });
  }
});

test('remote or local by geometry size, overridable per view, announced to clients', async () => {
  const auto = await client.call<DeliveryChoice>('periscope.view.delivery.get', [-1]);
  assert.equal(auto.mode, 'auto');
  assert.equal(auto.localThreshold, 128 * 1024);
  // Points, normals and coordinates (4 × 3 + 4 × 3 + 4 bytes per point), 16 bytes per triangle
  // and the 259-texel colour texture.
  assert.equal(auto.size.bytes, POINTS * 28 + TRIANGLES * 16 + 259 * 4);
  assert.equal(auto.use, 'remote');
  assert.match(auto.reason, /exceeds the local threshold/);

  const announced: unknown[] = [];
  const stop = client.subscribe('periscope.view.delivery.changed', (payload) => announced.push(payload));
  try {
    const local = await client.call<DeliveryChoice>('periscope.view.delivery.set', [-1, 'local']);
    assert.equal(local.use, 'local');
    assert.equal(local.mode, 'local');
    const view = await client.call<{ id: string }>('periscope.view.create');
    const other = await client.call<DeliveryChoice>('periscope.view.delivery.get', [view.id]);
    assert.equal(other.use, 'remote', 'the setting is per view');
    // A smaller torus fits under the threshold: auto chooses local.
    await representation({ Representation: 'Outline' });
    const outline = await client.call<DeliveryChoice>('periscope.view.delivery.get', [view.id]);
    assert.equal(outline.use, 'local');
    assert.ok(outline.size.bytes < 1024, `${outline.size.bytes} bytes`);
    await representation({ Representation: 'Surface' });
    const remote = await client.call<DeliveryChoice>('periscope.view.delivery.set', [-1, 'remote']);
    assert.equal(remote.use, 'remote');
    await assert.rejects(client.call('periscope.view.delivery.set', [-1, 'sideways']), (error) => {
      assert.ok(error instanceof RemoteCallError);
      assert.equal(error.code, 'PERISCOPE_E_PROPERTY');
      return true;
    });
    await client.call('periscope.view.delivery.set', [-1, 'auto']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(announced, [
      { view: '-1', mode: 'local' },
      { view: '-1', mode: 'remote' },
      { view: '-1', mode: 'auto' },
    ]);
  } finally {
    stop();
  }
});

test('a scene over the byte limit is refused with PERISCOPE_E_LIMIT and chosen remote even when set local', async () => {
  const small = await startSessionServer({
    dataDirectory: directory,
    secret,
    cpuRenderer: false,
    maxGeometryBytes: 64 * 1024,
  });
  const other = await connect({ url: small.url, secret, WebSocket: WsWebSocket });
  try {
    await other.call('periscope.file.open', ['torus.vtp']);
    await assert.rejects(other.call('periscope.geometry.get', [{ view: -1 }]), (error) => {
      assert.ok(error instanceof RemoteCallError);
      assert.equal(error.code, 'PERISCOPE_E_LIMIT');
      assert.match(error.message, /exceed the delivery limit of 65536 bytes/);
      return true;
    });
    const choice = await other.call<DeliveryChoice>('periscope.view.delivery.set', [-1, 'local']);
    assert.equal(choice.use, 'remote');
    assert.match(choice.reason, /exceeds the delivery limit/);
    await assert.rejects(other.call('periscope.geometry.get', [{ have: 'abc' }]), (error) => {
      assert.ok(error instanceof RemoteCallError);
      assert.equal(error.code, 'PERISCOPE_E_PROPERTY');
      return true;
    });
  } finally {
    await other.close();
    await small.close();
  }
});
