/**
 * Picking: actor, cell, point and world position under a pixel, checked against the pinhole
 * model (a pixel centre's ray meets a plane z = c at a known point), through the parallel path.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { cellArrayFromLists } from '../../data/cell-array.js';
import { dataArrayFrom } from '../../data/data-array.js';
import { createPolyData, type PolyData } from '../../data/dataset.js';
import { getDefaultPool } from '../../workers/pool.js';
import { type Camera, defaultCamera, resetClippingRange } from '../camera/camera.js';
import { polyDataGeometry } from '../scene/geometry.js';
import { pickPixel } from './pick.js';
import { type ActorProps, renderFrame } from './render-frame.js';

after(() => getDefaultPool().close());

const WIDTH = 320;
const HEIGHT = 200;
const EYE = 5;

function quad(x0: number, x1: number, z: number): PolyData {
  return createPolyData({
    points: dataArrayFrom('Points', 'Float32', [x0, -1, z, x1, -1, z, x1, 1, z, x0, 1, z], 3),
    polys: cellArrayFromLists([[0, 1, 2, 3]]),
  });
}

function actor(data: PolyData): ActorProps {
  return {
    geometry: polyDataGeometry(data),
    representation: 'Surface',
    diffuseColor: [1, 1, 1],
    edgeColor: [0, 0, 0],
    lineWidth: 1,
  };
}

/** Pixel-centre ray of a camera at (0, 0, EYE) looking down −z, met with the plane z. */
function expectedHit(column: number, row: number, z: number): [number, number, number] {
  const half = Math.tan(Math.PI / 12) * (EYE - z);
  const nx = ((column + 0.5) / WIDTH) * 2 - 1;
  const ny = 1 - ((row + 0.5) / HEIGHT) * 2;
  return [nx * half * (WIDTH / HEIGHT), ny * half, z];
}

/** The pixel whose centre is nearest to the projection of world (x, y, z). */
function pixelOf(x: number, y: number, z: number): [number, number] {
  const half = Math.tan(Math.PI / 12) * (EYE - z);
  const nx = x / (half * (WIDTH / HEIGHT));
  const ny = y / half;
  return [Math.floor(((nx + 1) / 2) * WIDTH), Math.floor(((1 - ny) / 2) * HEIGHT)];
}

test('pick: actor, cell, nearest point and world position under a pixel', async () => {
  // Actor 0: the square [-1, 1]² at z = 0; actor 1: its right half lifted to z = 0.5.
  const actors = [actor(quad(-1, 1, 0)), actor(quad(0, 1, 0.5))];
  const camera: Camera = resetClippingRange(
    { ...defaultCamera(), position: [0, 0, EYE] },
    [-1, 1, -1, 1, 0, 0.5],
  );
  const frame = await renderFrame({
    width: WIDTH,
    height: HEIGHT,
    camera,
    background: [0, 0, 0],
    actors,
    workers: 2,
  });
  const geometries = actors.map((a) => a.geometry);

  const [leftColumn, leftRow] = pixelOf(-0.85, -0.8, 0);
  const left = pickPixel({ frame, camera, x: leftColumn, y: leftRow, geometries });
  assert.ok(left);
  assert.equal(left.actorIndex, 0);
  assert.equal(left.cellId, 0);
  assert.equal(left.pointId, 0, 'the corner (-1, -1, 0) is the nearest vertex');
  const leftExpected = expectedHit(leftColumn, leftRow, 0);
  for (let k = 0; k < 3; k++)
    assert.ok(Math.abs(left.worldPosition[k] - leftExpected[k]) < 1e-4, `${left.worldPosition}`);

  const [rightColumn, rightRow] = pixelOf(0.7, 0.9, 0.5);
  const right = pickPixel({ frame, camera, x: rightColumn, y: rightRow, geometries });
  assert.ok(right);
  assert.equal(right.actorIndex, 1);
  assert.equal(right.pointId, 2, 'the corner (1, 1, 0.5) is the nearest vertex');
  const rightExpected = expectedHit(rightColumn, rightRow, 0.5);
  for (let k = 0; k < 3; k++)
    assert.ok(Math.abs(right.worldPosition[k] - rightExpected[k]) < 1e-4, `${right.worldPosition}`);

  assert.equal(pickPixel({ frame, camera, x: 2, y: 2, geometries }), undefined, 'background');
});
