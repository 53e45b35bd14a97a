/**
 * Closed, consistently wound components and their orientation, and the rasterizer's use of them:
 * skipping triangles that face away changes no pixel, and nothing is skipped where it would.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { PolyData } from '../../data/dataset.js';
import { getFilter } from '../../filters/catalogue.js';
import { getDefaultPool } from '../../workers/pool.js';
import { type Camera, defaultCamera, resetCamera, resetClippingRange } from '../camera/camera.js';
import { type ActorProps, type Frame, renderFrame } from '../cpu/render-frame.js';
import {
  BACKGROUND_TRIANGLES,
  closedComponentSides,
  facingSides,
  facingSidesReady,
} from './closed-surface.js';
import { polyDataGeometry, type RenderGeometry } from './geometry.js';

after(() => getDefaultPool().close());

async function sphereGeometry(center: [number, number, number] = [0, 0, 0]): Promise<RenderGeometry> {
  const data = (await getFilter('Sphere')!.execute(
    [],
    { ThetaResolution: 24, PhiResolution: 24, Center: center },
    {},
  )) as PolyData;
  return polyDataGeometry(data);
}

/** The geometry with its triangles' windings reversed (inward). */
function reversed(geometry: RenderGeometry): RenderGeometry {
  const triangles = geometry.triangles.slice();
  for (let t = 0; t < triangles.length; t += 3)
    [triangles[t + 1], triangles[t + 2]] = [triangles[t + 2], triangles[t + 1]];
  return { ...geometry, triangles };
}

/** The geometry with triangle 0 drawn twice: its edges are then wound the same way twice (not closed). */
function withDuplicate(geometry: RenderGeometry): RenderGeometry {
  const triangles = new Uint32Array(geometry.triangles.length + 3);
  triangles.set(geometry.triangles);
  triangles.set(geometry.triangles.subarray(0, 3), geometry.triangles.length);
  const triangleCells = new Uint32Array(geometry.triangleCells.length + 1);
  triangleCells.set(geometry.triangleCells);
  triangleCells[geometry.triangleCells.length] = geometry.triangleCells[0];
  return { ...geometry, triangles, triangleCells };
}

/** Two spheres in one mesh: the second without one triangle (open). */
function sphereAndOpenSphere(a: RenderGeometry, b: RenderGeometry): RenderGeometry {
  const offset = a.positions.length / 3;
  const positions = new Float32Array(a.positions.length + b.positions.length);
  positions.set(a.positions);
  positions.set(b.positions, a.positions.length);
  const bTriangles = b.triangles.subarray(3).map((v) => v + offset);
  const triangles = new Uint32Array(a.triangles.length + bTriangles.length);
  triangles.set(a.triangles);
  triangles.set(bTriangles, a.triangles.length);
  return { ...a, positions, normals: undefined, triangles };
}

test('a closed sphere is one outward component; reversed it is inward; an open one is never culled', async () => {
  const sphere = await sphereGeometry();
  const count = sphere.triangles.length / 3;
  const outward = closedComponentSides(sphere.positions, sphere.triangles);
  assert.ok(outward && outward.length === count && outward.every((side) => side === 1));
  const inward = closedComponentSides(sphere.positions, reversed(sphere).triangles);
  assert.ok(inward?.every((side) => side === -1));
  assert.equal(closedComponentSides(sphere.positions, sphere.triangles.subarray(3)), null, 'a hole');
  assert.equal(
    closedComponentSides(sphere.positions, withDuplicate(sphere).triangles),
    null,
    'a doubled triangle',
  );
  // Per component: the closed sphere is culled, the open one beside it is not.
  const both = sphereAndOpenSphere(sphere, await sphereGeometry([2, 0, 0]));
  const sides = closedComponentSides(both.positions, both.triangles);
  assert.ok(sides);
  assert.ok(sides.subarray(0, count).every((side) => side === 1));
  assert.ok(sides.subarray(count).every((side) => side === 0));
});

function actorOf(geometry: RenderGeometry, modelMatrix?: Float64Array): ActorProps {
  return {
    geometry,
    representation: 'Surface',
    diffuseColor: [1, 0.8, 0.6],
    edgeColor: [0, 0, 0],
    lineWidth: 1,
    ...(modelMatrix && { modelMatrix }),
  };
}

async function draw(actor: ActorProps, camera: Camera): Promise<Frame> {
  return renderFrame({ width: 120, height: 90, camera, background: [0, 0, 0], actors: [actor], workers: 1 });
}

function assertSamePixels(culled: Frame, drawn: Frame): void {
  assert.deepEqual(culled.rgba, drawn.rgba);
  assert.deepEqual(culled.depth, drawn.depth);
  assert.deepEqual(culled.cellIds!, drawn.cellIds!);
}

test('skipping back faces of closed surfaces changes no pixel, mirrored or wound inward', async () => {
  const sphere = await sphereGeometry();
  const uncullable = withDuplicate(sphere);
  assert.ok(facingSides(sphere) && !facingSides(uncullable));
  const mirror = Float64Array.of(-1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1);
  for (const azimuthCamera of [
    resetCamera(defaultCamera(), sphere.bounds, 120 / 90),
    resetCamera({ ...defaultCamera(), position: [1, 2, 3] }, sphere.bounds, 120 / 90),
    resetCamera({ ...defaultCamera(), parallelProjection: true }, sphere.bounds, 120 / 90),
  ]) {
    assertSamePixels(
      await draw(actorOf(sphere), azimuthCamera),
      await draw(actorOf(uncullable), azimuthCamera),
    );
    assertSamePixels(
      await draw(actorOf(sphere, mirror), azimuthCamera),
      await draw(actorOf(uncullable, mirror), azimuthCamera),
    );
    assertSamePixels(
      await draw(actorOf(reversed(sphere)), azimuthCamera),
      await draw(actorOf(reversed(uncullable)), azimuthCamera),
    );
  }
});

test('from inside a closed surface (the near plane cuts it) its inside is drawn', async () => {
  const sphere = await sphereGeometry();
  const camera = resetClippingRange(
    { ...defaultCamera(), position: [0, 0, 0.1], focalPoint: [0, 0, -1] },
    [-1, 1, -1, 1, -1, 1],
  );
  const frame = await draw(actorOf(sphere), camera);
  assert.ok(
    frame.cellIds!.every((id) => id > 0),
    'every pixel shows the sphere from inside',
  );
  assertSamePixels(frame, await draw(actorOf(withDuplicate(sphere)), camera));
});

test('a big mesh is examined in a worker: drawn whole at first, culled once known', async () => {
  const data = (await getFilter('Sphere')!.execute(
    [],
    { ThetaResolution: 240, PhiResolution: 240 },
    {},
  )) as PolyData;
  const big = polyDataGeometry(data);
  assert.ok(big.triangles.length / 3 >= BACKGROUND_TRIANGLES);
  assert.equal(facingSides(big), undefined, 'not known yet: nothing culled');
  await facingSidesReady(big);
  const sides = facingSides(big);
  assert.ok(sides && sides.length === big.triangles.length / 3 && sides.every((side) => side === 1));
});
