/**
 * Supersampled anti-aliasing against coverage arithmetic: a pixel half covered by a white
 * square is half grey; a polygon's summed intensity is its area.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { cellArrayFromLists } from '../../data/cell-array.js';
import { dataArrayFrom } from '../../data/data-array.js';
import { createPolyData, type PolyData } from '../../data/dataset.js';
import { getDefaultPool } from '../../workers/pool.js';
import { type Camera, defaultCamera, resetClippingRange } from '../camera/camera.js';
import { polyDataGeometry } from '../scene/geometry.js';
import { type ActorProps, renderFrame } from './render-frame.js';

after(() => getDefaultPool().close());

// One world unit per pixel on a 100 × 100 frame, the origin on a pixel corner.
const camera: Camera = resetClippingRange(
  { ...defaultCamera(), position: [0, 0, 5], parallelProjection: true, parallelScale: 50 },
  [-50, 50, -50, 50, -1, 1],
);

function white(data: PolyData): ActorProps {
  return {
    geometry: polyDataGeometry(data),
    representation: 'Surface',
    diffuseColor: [1, 1, 1],
    edgeColor: [0, 0, 0],
    lineWidth: 1,
  };
}

test('a square edge through pixel middles gives half-covered pixels half the colour', async () => {
  // x from 0.5 to 20.5: columns 50 and 70 are half covered (pixel column c spans x ∈ [c − 50, c − 49]).
  const square = createPolyData({
    points: dataArrayFrom('Points', 'Float32', [0.5, -10, 0, 20.5, -10, 0, 20.5, 10, 0, 0.5, 10, 0], 3),
    polys: cellArrayFromLists([[0, 1, 2, 3]]),
  });
  const frame = await renderFrame({
    width: 100,
    height: 100,
    camera,
    background: [0, 0, 0],
    actors: [white(square)],
    lighting: 'headlight',
    supersample: 2,
    workers: 1,
  });
  const at = (column: number) => frame.rgba[4 * (50 * 100 + column)];
  assert.equal(at(49), 0);
  assert.ok(Math.abs(at(50) - 127.5) <= 1, `left edge ${at(50)}`);
  assert.equal(at(60), 255);
  assert.ok(Math.abs(at(70) - 127.5) <= 1, `right edge ${at(70)}`);
  assert.equal(at(71), 0);
});

test('a head-on white polygon: the summed intensity is its area within 0.3% (4×4 samples)', async () => {
  // A regular 256-gon of radius 30.3 at z = 0, lit head on, so each pixel's value is its
  // covered fraction of 255 (in sixteenths).
  const sides = 256;
  const radius = 30.3;
  const corners: number[] = [];
  for (let k = 0; k < sides; k++) {
    const angle = (2 * Math.PI * k) / sides;
    corners.push(radius * Math.cos(angle) + 0.37, radius * Math.sin(angle) - 0.21, 0);
  }
  const polygon = createPolyData({
    points: dataArrayFrom('Points', 'Float64', corners, 3),
    polys: cellArrayFromLists([Array.from({ length: sides }, (_, k) => k)]),
  });
  const frame = await renderFrame({
    width: 100,
    height: 100,
    camera,
    background: [0, 0, 0],
    actors: [white(polygon)],
    lighting: 'headlight',
    supersample: 4,
    workers: 1,
  });
  let sum = 0;
  for (let i = 0; i < 100 * 100; i++) sum += frame.rgba[4 * i] / 255;
  const area = (sides / 2) * radius ** 2 * Math.sin((2 * Math.PI) / sides);
  assert.ok(Math.abs(sum / area - 1) < 0.003, `${sum} vs ${area}`);
});
