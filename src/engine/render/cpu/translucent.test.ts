/**
 * Translucency by depth peeling against the "over" operator computed by hand: colours of
 * stacked translucent quads in any drawing order, and a translucent sphere showing its back
 * face through its front face.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { cellArrayFromLists } from '../../data/cell-array.js';
import { dataArrayFrom } from '../../data/data-array.js';
import { createPolyData, type PolyData } from '../../data/dataset.js';
import { getFilter } from '../../filters/catalogue.js';
import { getDefaultPool } from '../../workers/pool.js';
import { defaultCamera, resetClippingRange } from '../camera/camera.js';
import { polyDataGeometry } from '../scene/geometry.js';
import { type ActorProps, renderFrame } from './render-frame.js';

after(() => getDefaultPool().close());

function quad(z: number): PolyData {
  return createPolyData({
    points: dataArrayFrom('Points', 'Float32', [-1, -1, z, 1, -1, z, 1, 1, z, -1, 1, z], 3),
    polys: cellArrayFromLists([[0, 1, 2, 3]]),
  });
}

function actor(data: PolyData, diffuseColor: [number, number, number], opacity = 1): ActorProps {
  return {
    geometry: polyDataGeometry(data),
    representation: 'Surface',
    diffuseColor,
    edgeColor: [0, 0, 0],
    lineWidth: 1,
    opacity,
  };
}

const camera = resetClippingRange({ ...defaultCamera(), position: [0, 0, 5] }, [-1, 1, -1, 1, -1, 1]);

async function centre(actors: ActorProps[], workers: number): Promise<number[]> {
  // The headlight meets the quads head on, so every lit colour is exactly its diffuse colour.
  const frame = await renderFrame({
    width: 64,
    height: 64,
    camera,
    background: [0, 0, 0],
    actors,
    workers,
    lighting: 'headlight',
  });
  const i = 4 * (32 * 64 + 32);
  return [...frame.rgba.subarray(i, i + 3)];
}

function near(actual: number[], expected: number[]) {
  assert.ok(
    actual.every((v, k) => Math.abs(v - expected[k]) <= 1),
    `${actual} vs ${expected.map((v) => v.toFixed(1))}`,
  );
}

test('a translucent quad over an opaque one: α·front + (1 − α)·back, in any order', async () => {
  const front = actor(quad(0.5), [0, 1, 0], 0.4);
  const back = actor(quad(-0.5), [1, 0, 0]);
  // 0.4·(0, 255, 0) + 0.6·(255, 0, 0)
  near(await centre([front, back], 1), [153, 102, 0]);
  near(await centre([back, front], 2), [153, 102, 0]);
  // A translucent quad behind an opaque one is hidden.
  near(await centre([actor(quad(0.5), [1, 0, 0]), actor(quad(-0.5), [0, 1, 0], 0.4)], 1), [255, 0, 0]);
});

test('two translucent layers composite front to back over the background', async () => {
  const green = actor(quad(0.5), [0, 1, 0], 0.4);
  const blue = actor(quad(-0.5), [0, 0, 1], 0.5);
  // 0.4·green + 0.6·0.5·blue + 0.6·0.5·black
  near(await centre([green, blue], 1), [0, 102, 76.5]);
  near(await centre([blue, green], 1), [0, 102, 76.5]);
});

test('a translucent white sphere shows its back face through its front face', async () => {
  const sphere = (await getFilter('Sphere')!.execute(
    [],
    { ThetaResolution: 64, PhiResolution: 64, Radius: 1 },
    {},
  )) as PolyData;
  // Both faces face the headlight at the centre (two-sided lighting): 0.5·255 + 0.5·0.5·255.
  near(await centre([actor(sphere, [1, 1, 1], 0.5)], 1), [191.25, 191.25, 191.25]);
});
