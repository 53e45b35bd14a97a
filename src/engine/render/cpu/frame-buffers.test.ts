/** Recycled frame buffers: drawn into again, cleared of the old frame, and only whole frames kept. */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { PolyData } from '../../data/dataset.js';
import { getFilter } from '../../filters/catalogue.js';
import { getDefaultPool } from '../../workers/pool.js';
import { azimuth, defaultCamera, resetCamera } from '../camera/camera.js';
import { polyDataGeometry } from '../scene/geometry.js';
import { recycleFrame, takeFrameBuffers } from './frame-buffers.js';
import { type ActorProps, type FrameProps, renderFrame } from './render-frame.js';

after(() => getDefaultPool().close());

async function sphereActor(): Promise<ActorProps> {
  const data = (await getFilter('Sphere')!.execute(
    [],
    { ThetaResolution: 24, PhiResolution: 24 },
    {},
  )) as PolyData;
  return {
    geometry: polyDataGeometry(data),
    representation: 'Surface',
    diffuseColor: [1, 1, 1],
    edgeColor: [0, 0, 0],
    lineWidth: 1,
  };
}

test('a frame drawn into recycled buffers equals one drawn into fresh buffers', async () => {
  const actor = await sphereActor();
  const camera = resetCamera(defaultCamera(), [-0.5, 0.5, -0.5, 0.5, -0.5, 0.5], 160 / 120);
  const props = (turn: number): FrameProps => ({
    width: 160,
    height: 120,
    camera: azimuth(camera, turn),
    background: [0.1, 0.2, 0.3],
    actors: [actor],
    workers: 1,
  });
  // The first frame covers the sphere from one side; recycled, its ids and depth must not show through.
  const first = await renderFrame(props(0));
  const expected = {
    rgba: first.rgba.slice(),
    depth: first.depth.slice(),
    cellIds: first.cellIds!.slice(),
    actorIds: first.actorIds!.slice(),
  };
  const moved = await renderFrame({ ...props(40), actors: [{ ...actor, modelMatrix: translation(0.3) }] });
  recycleFrame(moved);
  const again = await renderFrame(props(0));
  assert.equal(again.rgba.buffer, moved.rgba.buffer, 'the recycled buffers are drawn into');
  assert.deepEqual(again.rgba, expected.rgba);
  assert.deepEqual(again.depth, expected.depth);
  assert.deepEqual(again.cellIds!, expected.cellIds);
  assert.deepEqual(again.actorIds!, expected.actorIds);
});

test('only whole frame buffers of one kind (shared or not) are kept, each once', () => {
  const fresh = takeFrameBuffers(12);
  assert.equal(fresh.recycled, false);
  assert.ok(fresh.depth.every((z) => z === 0) && fresh.cellIds.every((id) => id === 0));
  // A view into part of a buffer, or plain (unshared) memory, is not taken back.
  recycleFrame({ ...fresh, rgba: new Uint8Array(48), width: 4, height: 3 });
  assert.equal(takeFrameBuffers(12).recycled, false);
  recycleFrame({ ...fresh, width: 6, height: 2 });
  recycleFrame({ ...fresh, width: 6, height: 2 });
  const taken = takeFrameBuffers(12);
  assert.equal(taken.recycled, true);
  assert.equal(taken.rgba, fresh.rgba);
  assert.equal(takeFrameBuffers(12).recycled, false, 'a frame given back twice is kept once');
});

function translation(x: number): Float64Array {
  const m = new Float64Array(16);
  m[0] = 1;
  m[5] = 1;
  m[10] = 1;
  m[15] = 1;
  m[12] = x;
  return m;
}

test('a frame without pick ids has the pixels and depth of one with them, and goes back whole', async () => {
  const actor = await sphereActor();
  const props: FrameProps = {
    width: 96,
    height: 64,
    camera: resetCamera(defaultCamera(), [-0.5, 0.5, -0.5, 0.5, -0.5, 0.5], 96 / 64),
    background: [0.3, 0.3, 0.3],
    actors: [actor],
    workers: 1,
  };
  const pickable = await renderFrame(props);
  const shown = await renderFrame({ ...props, pickIds: false });
  assert.equal(shown.cellIds, undefined);
  assert.equal(shown.actorIds, undefined);
  assert.ok(pickable.cellIds!.some((id) => id > 0));
  assert.deepEqual(shown.rgba, pickable.rgba);
  assert.deepEqual(shown.depth, pickable.depth);
  recycleFrame(shown);
  const next = await renderFrame(props);
  assert.equal(next.rgba.buffer, shown.rgba.buffer, 'its buffers, ids included, are drawn into again');
  assert.deepEqual(next.cellIds, pickable.cellIds);
});
