/**
 * The CPU backend against mathematics (a sphere's projected area, depth order, colour-map
 * colours at known pixels) and against ParaView 5.11's screenshots (silhouettes).
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { cellArrayFromLists } from '../../data/cell-array.js';
import { dataArrayFrom } from '../../data/data-array.js';
import { createPolyData, type PolyData } from '../../data/dataset.js';
import { getFilter } from '../../filters/catalogue.js';
import { getDefaultPool } from '../../workers/pool.js';
import { type Camera, defaultCamera, resetClippingRange } from '../camera/camera.js';
import { LookupTable } from '../color/lookup-table.js';
import { loadRenderInput } from '../load-input.js';
import { prepareScene, renderScene } from '../render-data.js';
import { polyDataGeometry } from '../scene/geometry.js';
import { type ActorProps, renderFrame } from './render-frame.js';

after(() => getDefaultPool().close());

const reference = (name: string) =>
  fileURLToPath(new URL(`../../../../../shared/reference/${name}`, import.meta.url));

async function sphere(resolution: number): Promise<PolyData> {
  return (await getFilter('Sphere')!.execute(
    [],
    { ThetaResolution: resolution, PhiResolution: resolution },
    {},
  )) as PolyData;
}

function actor(data: PolyData, diffuseColor: [number, number, number] = [1, 1, 1]): ActorProps {
  return {
    geometry: polyDataGeometry(data),
    representation: 'Surface',
    diffuseColor,
    edgeColor: [0, 0, 0],
    lineWidth: 1,
  };
}

function coveredPixels(rgba: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < rgba.length; i += 4) if (rgba[i] + rgba[i + 1] + rgba[i + 2] > 0) count++;
  return count;
}

const BLACK: [number, number, number] = [0, 0, 0];

test('orthographic: a sphere of radius 0.5 covers π r² pixels within 1%', async () => {
  const data = await sphere(180);
  const camera: Camera = resetClippingRange(
    { ...defaultCamera(), position: [0, 0, 5], parallelProjection: true, parallelScale: 1 },
    [-0.5, 0.5, -0.5, 0.5, -0.5, 0.5],
  );
  const frame = await renderFrame({
    width: 600,
    height: 400,
    camera,
    background: BLACK,
    actors: [actor(data)],
    workers: 1,
  });
  const radiusPixels = 0.5 * (400 / 2); // parallel scale 1 = half the height
  const expected = Math.PI * radiusPixels ** 2;
  assert.ok(
    Math.abs(coveredPixels(frame.rgba) / expected - 1) < 0.01,
    `${coveredPixels(frame.rgba)} vs ${expected}`,
  );
});

test('perspective: the silhouette has the radius tan(asin(r/d)) / tan(θ/2) of half the height', async () => {
  const data = await sphere(180);
  const d = 3;
  const camera = resetClippingRange(
    { ...defaultCamera(), position: [0, 0, d], viewAngle: 30 },
    [-0.5, 0.5, -0.5, 0.5, -0.5, 0.5],
  );
  const frame = await renderFrame({
    width: 500,
    height: 500,
    camera,
    background: BLACK,
    actors: [actor(data)],
    workers: 2,
  });
  const radiusPixels = (Math.tan(Math.asin(0.5 / d)) / Math.tan((15 * Math.PI) / 180)) * 250;
  const expected = Math.PI * radiusPixels ** 2;
  assert.ok(
    Math.abs(coveredPixels(frame.rgba) / expected - 1) < 0.01,
    `${coveredPixels(frame.rgba)} vs ${expected}`,
  );
});

function quad(z: number): PolyData {
  return createPolyData({
    points: dataArrayFrom('Points', 'Float32', [-1, -1, z, 1, -1, z, 1, 1, z, -1, 1, z], 3),
    polys: cellArrayFromLists([[0, 1, 2, 3]]),
  });
}

test('the nearer of two overlapping quads is visible whatever the drawing order', async () => {
  const camera = resetClippingRange({ ...defaultCamera(), position: [0, 0, 5] }, [-1, 1, -1, 1, -1, 1]);
  for (const order of [0, 1]) {
    const near = actor(quad(0.5), [0, 1, 0]);
    const far = actor(quad(-0.5), [1, 0, 0]);
    const actors = order === 0 ? [near, far] : [far, near];
    const frame = await renderFrame({
      width: 100,
      height: 100,
      camera,
      background: BLACK,
      actors,
      workers: 1,
      lighting: 'headlight',
    });
    const centre = 4 * (50 * 100 + 50);
    assert.deepEqual([...frame.rgba.subarray(centre, centre + 3)], [0, 255, 0]);
  }
});

test('a plane facing the headlight shows the colour map colour of the scalar at each pixel', async () => {
  // Scalar = x on [-1, 1]; orthographic, 200 px across 2 world units: pixel i has x = (i + 0.5)/100 - 1.
  const plane = quad(0);
  plane.pointData.setAttribute('scalars', dataArrayFrom('x', 'Float64', [-1, 1, 1, -1]));
  const lut = new LookupTable({ preset: 'Viridis (matplotlib)', range: [-1, 1] });
  const geometry = polyDataGeometry(plane, { association: 'POINTS', name: 'x' });
  const camera = resetClippingRange(
    { ...defaultCamera(), position: [0, 0, 3], parallelProjection: true, parallelScale: 1 },
    [-1, 1, -1, 1, 0, 0],
  );
  const frame = await renderFrame({
    width: 200,
    height: 200,
    camera,
    background: BLACK,
    actors: [
      {
        geometry,
        representation: 'Surface',
        diffuseColor: [1, 1, 1],
        edgeColor: BLACK,
        lineWidth: 1,
        lookupTable: lut,
      },
    ],
    workers: 1,
    lighting: 'headlight',
  });
  for (const column of [10, 57, 100, 143, 190]) {
    const x = (column + 0.5) / 100 - 1;
    const expected = lut
      .mapValue(x)
      .slice(0, 3)
      .map((c) => Math.round(c * 255));
    const index = 4 * (100 * 200 + column);
    const actual = [...frame.rgba.subarray(index, index + 3)];
    for (const [k, c] of actual.entries()) {
      assert.ok(Math.abs(c - expected[k]) <= 2, `column ${column}: ${actual} vs ${expected}`);
    }
  }
});

test('worker pieces give the same pixels as one thread', async () => {
  const data = await sphere(120);
  const camera = resetClippingRange(
    { ...defaultCamera(), position: [0.4, 0.8, 2.5] },
    [-0.5, 0.5, -0.5, 0.5, -0.5, 0.5],
  );
  const one = await renderFrame({
    width: 320,
    height: 240,
    camera,
    background: BLACK,
    actors: [actor(data)],
    workers: 1,
  });
  const two = await renderFrame({
    width: 320,
    height: 240,
    camera,
    background: BLACK,
    actors: [actor(data)],
    workers: 2,
  });
  assert.ok(Buffer.from(one.rgba).equals(Buffer.from(two.rgba)));
  assert.ok(Buffer.from(one.depth.buffer).equals(Buffer.from(two.depth.buffer)));
});

test('tiles and sort-last give the pixels of one thread (edges, points, colour map, near-plane cut)', async () => {
  const data = await sphere(120);
  const points = data.points.values;
  const heights = Array.from({ length: points.length / 3 }, (_, i) => Number(points[3 * i + 2]));
  data.pointData.setAttribute('scalars', dataArrayFrom('height', 'Float32', heights));
  const lookupTable = new LookupTable({ preset: 'Viridis (matplotlib)', range: [-0.5, 0.5] });
  // The near plane cuts the front of the sphere, so clipped triangles span many tiles.
  const camera: Camera = { ...defaultCamera(), position: [0.3, 0.4, 1.2], clippingRange: [0.85, 10] };
  const actors: ActorProps[] = [
    {
      geometry: polyDataGeometry(data, { association: 'POINTS', name: 'height' }, true),
      representation: 'Surface With Edges',
      diffuseColor: [1, 1, 1],
      edgeColor: [0, 0, 0.5],
      lineWidth: 2,
      lookupTable,
    },
    {
      ...actor(await sphere(40)),
      representation: 'Points',
      pointSize: 5,
      renderPointsAsSpheres: true,
      modelMatrix: Float64Array.of(0.5, 0, 0, 0, 0, 0.5, 0, 0, 0, 0, 0.5, 0, 0.6, 0.1, 0, 1),
    },
  ];
  const render = (workers: number, parallelRasterization?: 'tiles' | 'sort-last') =>
    renderFrame({
      width: 333,
      height: 250,
      camera,
      background: [0.1, 0.2, 0.3],
      background2: [0.9, 0.8, 0.7],
      actors,
      workers,
      parallelRasterization,
    });
  const one = await render(1);
  const tiles = await render(3, 'tiles');
  assert.ok(coveredPixels(one.rgba) > 0);
  assert.ok(Buffer.from(one.rgba).equals(Buffer.from(tiles.rgba)), 'colour');
  assert.ok(Buffer.from(one.depth.buffer).equals(Buffer.from(tiles.depth.buffer)), 'depth');
  assert.ok(Buffer.from(one.cellIds!.buffer).equals(Buffer.from(tiles.cellIds!.buffer)), 'cell ids');
  assert.ok(Buffer.from(one.actorIds!).equals(Buffer.from(tiles.actorIds!)), 'actor ids');
  // Sort-last keeps the nearest fragment per pixel: the same picture where no two primitives tie.
  const sortLast = await render(2, 'sort-last');
  let differing = 0;
  for (let i = 0; i < one.rgba.length; i++) if (one.rgba[i] !== sortLast.rgba[i]) differing++;
  assert.ok(differing < one.rgba.length * 0.001, `${differing} bytes differ`);
});

async function silhouetteAgainstParaView(file: string, rgba: Uint8Array, width: number) {
  const { data, info } = await sharp(reference(`renders/${file}`))
    .raw()
    .toBuffer({ resolveWithObject: true });
  assert.equal(info.width, width);
  let intersection = 0;
  let union = 0;
  let chroma = 0;
  for (let i = 0; i < info.width * info.height; i++) {
    const o = i * info.channels;
    const p = data[o] + data[o + 1] + data[o + 2];
    const q = rgba[4 * i] + rgba[4 * i + 1] + rgba[4 * i + 2];
    const theirs = p > 12;
    const ours = q > 12;
    if (theirs && ours) {
      intersection++;
      // Lighting scales brightness; the hue of the colour map should agree.
      chroma += Math.abs(data[o + 2] / p - rgba[4 * i + 2] / q);
    }
    if (theirs || ours) union++;
  }
  return { iou: intersection / union, blueShareDifference: chroma / intersection };
}

test('ParaView reference renders: same silhouette (IoU ≥ 0.98) and colour-map hue', async () => {
  const scenes = [
    // /work/shared/reference/renders/scenes.jsonl: sphere-1M (Sphere, res 710, 1280×720, default camera).
    { file: 'sphere-1M.png', input: null, size: [1280, 720] as const, colorBy: undefined },
    // wavelet-contour: Wavelet [-63,64]³, Contour RTData=157, colour by RTData, 800×600.
    {
      file: 'wavelet-contour.png',
      input: reference('pipelines/wavelet128-contour.json'),
      size: [800, 600] as const,
      colorBy: 'RTData',
    },
  ];
  for (const scene of scenes) {
    const data = scene.input ? await loadRenderInput(scene.input) : await sphere(710);
    const prepared = prepareScene(data, { colorBy: scene.colorBy });
    const frame = await renderScene(prepared, {
      width: scene.size[0],
      height: scene.size[1],
      background: BLACK,
    });
    const { iou, blueShareDifference } = await silhouetteAgainstParaView(
      scene.file,
      frame.rgba,
      scene.size[0],
    );
    assert.ok(iou >= 0.98, `${scene.file}: IoU ${iou}`);
    if (scene.colorBy)
      assert.ok(blueShareDifference < 0.05, `${scene.file}: hue differs by ${blueShareDifference}`);
    if (scene.file === 'sphere-1M.png') {
      // ParaView's light kit: pixels of its screenshot at the centre, above and below it.
      const probes: [number, number, number[]][] = [
        [640, 360, [199, 196, 189]],
        [640, 200, [234, 229, 216]],
        [640, 520, [95, 96, 100]],
      ];
      for (const [x, y, expected] of probes) {
        const o = 4 * (y * scene.size[0] + x);
        const actual = [...frame.rgba.subarray(o, o + 3)];
        for (let k = 0; k < 3; k++) {
          assert.ok(
            Math.abs(actual[k] - expected[k]) <= 6,
            `(${x}, ${y}): ${actual} vs ParaView ${expected}`,
          );
        }
      }
    }
  }
});
