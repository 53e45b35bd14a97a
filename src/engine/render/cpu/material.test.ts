/**
 * Ambient, diffuse and Phong specular terms against the lighting equation worked by hand for a
 * square turned θ about y under the headlight, seen in parallel projection (L = V = +z, so
 * N·L = cos θ and R·V = cos 2θ).
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { cellArrayFromLists } from '../../data/cell-array.js';
import { dataArrayFrom } from '../../data/data-array.js';
import { createPolyData } from '../../data/dataset.js';
import { getDefaultPool } from '../../workers/pool.js';
import { defaultCamera, resetClippingRange } from '../camera/camera.js';
import { actorMatrix } from '../scene/actor-transform.js';
import { polyDataGeometry } from '../scene/geometry.js';
import { type ActorProps, renderFrame } from './render-frame.js';

after(() => getDefaultPool().close());

const square = createPolyData({
  points: dataArrayFrom('Points', 'Float32', [-10, -10, 0, 10, -10, 0, 10, 10, 0, -10, 10, 0], 3),
  polys: cellArrayFromLists([[0, 1, 2, 3]]),
});
square.pointData.setAttribute(
  'normals',
  dataArrayFrom('Normals', 'Float32', Array(4).fill([0, 0, 1]).flat(), 3),
);

const camera = resetClippingRange(
  { ...defaultCamera(), position: [0, 0, 50], parallelProjection: true, parallelScale: 50 },
  [-15, 15, -15, 15, -15, 15],
);

async function centre(actor: Partial<ActorProps>, degrees: number): Promise<number[]> {
  const frame = await renderFrame({
    width: 100,
    height: 100,
    camera,
    background: [0, 0, 0],
    actors: [
      {
        geometry: polyDataGeometry(square),
        representation: 'Surface',
        diffuseColor: [1, 1, 1],
        edgeColor: [0, 0, 0],
        lineWidth: 1,
        modelMatrix: actorMatrix({ orientation: [0, degrees, 0] }),
        ...actor,
      },
    ],
    lighting: 'headlight',
    workers: 1,
  });
  const i = 4 * (50 * 100 + 50);
  return [...frame.rgba.subarray(i, i + 3)];
}

function near(actual: number[], expected: number[]) {
  assert.ok(
    actual.every((v, k) => Math.abs(v - expected[k]) <= 1),
    `${actual} vs ${expected.map((v) => v.toFixed(1))}`,
  );
}

test('specular: Diffuse·cos θ·colour + Specular·cos(2θ)^power, smooth and flat', async () => {
  const theta = (10 * Math.PI) / 180;
  const expected = (0.5 * Math.cos(theta) + 0.5 * Math.cos(2 * theta) ** 10) * 255;
  for (const flat of [false, true]) {
    const value = await centre({ diffuseColor: [0.5, 0.5, 0.5], specular: 0.5, specularPower: 10, flat }, 10);
    near(value, [expected, expected, expected]);
  }
  // A red specular colour only tints the highlight.
  const tinted = await centre(
    { diffuseColor: [0.5, 0.5, 0.5], specular: 0.5, specularPower: 10, specularColor: [1, 0, 0] },
    10,
  );
  const base = 0.5 * Math.cos(theta) * 255;
  near(tinted, [expected, base, base]);
});

test('ambient adds the ambient colour; Diffuse scales the lit colour', async () => {
  near(
    await centre({ diffuseColor: [0, 0, 1], ambient: 0.2, ambientColor: [1, 0, 0], diffuse: 0.5 }, 0),
    [51, 0, 127.5],
  );
});
