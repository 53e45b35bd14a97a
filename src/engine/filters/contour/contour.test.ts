import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { cellArrayFromLists } from '../../data/cell-array.js';
import { CellType } from '../../data/cell-types.js';
import { DataArray, dataArrayFrom } from '../../data/data-array.js';
import {
  createImageData,
  createMultiBlock,
  createUnstructuredGrid,
  type ImageData,
  type MultiBlock,
  type PolyData,
} from '../../data/dataset.js';
import { getDefaultPool } from '../../workers/pool.js';
import { contourFilter } from './contour.js';

after(() => getDefaultPool().close());

/** Distance from the centre of an n³ grid spanning [-1, 1]³. */
function distanceField(n: number): ImageData {
  const h = 2 / (n - 1);
  const image = createImageData({
    extent: [0, n - 1, 0, n - 1, 0, n - 1],
    origin: [-1, -1, -1],
    spacing: [h, h, h],
  });
  const values = new Float32Array(n * n * n);
  let p = 0;
  for (let k = 0; k < n; k++)
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++) values[p++] = Math.hypot(-1 + i * h, -1 + j * h, -1 + k * h);
  image.pointData.setAttribute('scalars', new DataArray({ name: 'd', values }));
  return image;
}

function triangleArea(surface: PolyData): number {
  const p = surface.points.values;
  const c = surface.polys.connectivity;
  let area = 0;
  for (let t = 0; t < c.length; t += 3) {
    const [a, b, d] = [3 * c[t], 3 * c[t + 1], 3 * c[t + 2]];
    const u = [0, 1, 2].map((k) => Number(p[b + k]) - Number(p[a + k]));
    const v = [0, 1, 2].map((k) => Number(p[d + k]) - Number(p[a + k]));
    area += 0.5 * Math.hypot(u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]);
  }
  return area;
}

async function contour(
  input: Parameters<typeof contourFilter.execute>[0][0],
  properties: Record<string, unknown>,
  workers?: number,
) {
  return (await contourFilter.execute([input], properties, { workers })) as PolyData;
}

test('sphere of a distance field at 128³ has area 4πr² within 0.5%, normals pointing outwards', async () => {
  const r = 0.6;
  const surface = await contour(distanceField(128), { ContourBy: ['POINTS', 'd'], Isosurfaces: [r] });
  const area = triangleArea(surface);
  assert.ok(Math.abs(area / (4 * Math.PI * r * r) - 1) < 0.005, `area ${area}`);
  // Normals point down the gradient as VTK's do: the distance grows outwards, so inwards.
  const normals = surface.pointData.getDataArray('Normals')!;
  for (const id of [0, 1000, surface.points.numberOfTuples - 1]) {
    const x = [0, 1, 2].map((k) => surface.points.getComponent(id, k));
    const n = normals.getTuple(id);
    const dot = (x[0] * n[0] + x[1] * n[1] + x[2] * n[2]) / Math.hypot(...x);
    assert.ok(dot < -0.99, `normal of point ${id} points inwards (${dot})`);
  }
  const scalars = surface.pointData.getDataArray('d')!;
  assert.deepEqual(scalars.getRange(), [Math.fround(r), Math.fround(r)]);
});

test('the output is identical for 1 and 2 workers', async () => {
  const image = distanceField(104);
  const one = await contour(image, { ContourBy: ['POINTS', 'd'], Isosurfaces: [0.5, 0.9] }, 1);
  const two = await contour(image, { ContourBy: ['POINTS', 'd'], Isosurfaces: [0.5, 0.9] }, 2);
  assert.ok(one.polys.connectivity.length > 0);
  assert.deepEqual(two.points.values, one.points.values);
  assert.deepEqual(two.polys.connectivity, one.polys.connectivity);
  assert.deepEqual(
    two.pointData.getDataArray('Normals')!.values,
    one.pointData.getDataArray('Normals')!.values,
  );
});

test('every edge point is shared: a closed surface has V − E + F = 2', async () => {
  const surface = await contour(distanceField(24), { ContourBy: ['POINTS', 'd'], Isosurfaces: [0.7] });
  const edges = new Set<string>();
  const c = surface.polys.connectivity;
  for (let t = 0; t < c.length; t += 3) {
    for (const [a, b] of [
      [c[t], c[t + 1]],
      [c[t + 1], c[t + 2]],
      [c[t + 2], c[t]],
    ]) {
      edges.add(a < b ? `${a},${b}` : `${b},${a}`);
    }
  }
  assert.equal(surface.points.numberOfTuples - edges.size + c.length / 3, 2);
});

test('unstructured tetrahedra: one cut corner gives one triangle with interpolated data', async () => {
  const grid = createUnstructuredGrid({
    points: dataArrayFrom('Points', 'Float64', [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1], 3),
    cells: cellArrayFromLists([[0, 1, 2, 3]]),
    cellTypes: new Uint8Array([CellType.TETRA]),
  });
  grid.pointData.add(dataArrayFrom('s', 'Float64', [1, 0, 0, 0]));
  grid.pointData.add(dataArrayFrom('v', 'Float32', [2, 0, 0, 0]));
  grid.cellData.add(dataArrayFrom('id', 'Int32', [7]));
  const surface = await contour(grid, { ContourBy: ['POINTS', 's'], Isosurfaces: [0.25] });
  assert.equal(surface.points.numberOfTuples, 3);
  assert.equal(surface.polys.connectivity.length, 3);
  // s falls from 1 at the origin to 0 at each axis point: s = 0.25 at 0.75 along each axis.
  const xs = [0, 1, 2].map((p) => surface.points.getTuple(p).map((v) => +v.toFixed(6)));
  assert.deepEqual(xs.sort(), [
    [0, 0, 0.75],
    [0, 0.75, 0],
    [0.75, 0, 0],
  ]);
  assert.deepEqual([...surface.pointData.getDataArray('v')!.values], [0.5, 0.5, 0.5]);
  assert.deepEqual([...surface.cellData.getDataArray('id')!.values], [7]);
});

test('unstructured hexahedra: the parallel per-cell kernel gives the same surface for 1 and 2 workers', async () => {
  // 66³ hexahedra (more than the inline threshold) carrying the distance field of distanceField(67).
  const image = distanceField(67);
  const n = 66;
  const m = n + 1;
  const points = new Float64Array(3 * m * m * m);
  const h = 2 / (m - 1);
  for (let p = 0; p < m * m * m; p++) {
    points[3 * p] = -1 + (p % m) * h;
    points[3 * p + 1] = -1 + (Math.floor(p / m) % m) * h;
    points[3 * p + 2] = -1 + Math.floor(p / (m * m)) * h;
  }
  const connectivity = new Int32Array(8 * n * n * n);
  let w = 0;
  for (let k = 0; k < n; k++)
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++) {
        const b = i + m * j + m * m * k;
        for (const o of [0, 1, 1 + m, m, m * m, 1 + m * m, 1 + m + m * m, m + m * m])
          connectivity[w++] = b + o;
      }
  const grid = createUnstructuredGrid({
    points: new DataArray({ name: 'Points', values: points, numberOfComponents: 3 }),
    cells: { offsets: Int32Array.from({ length: n * n * n + 1 }, (_, c) => 8 * c), connectivity },
    cellTypes: new Uint8Array(n * n * n).fill(CellType.HEXAHEDRON),
  });
  grid.pointData.add(image.pointData.getDataArray('d')!);
  const properties = { ContourBy: ['POINTS', 'd'], Isosurfaces: [0.5, 0.8] };
  const one = await contour(grid, properties, 1);
  const two = await contour(grid, properties, 2);
  const fromImage = await contour(image, properties);
  assert.equal(one.points.numberOfTuples, fromImage.points.numberOfTuples);
  assert.equal(one.polys.connectivity.length, fromImage.polys.connectivity.length);
  assert.deepEqual(two.points.values, one.points.values);
  assert.deepEqual(two.polys.connectivity, one.polys.connectivity);
});

test('2D image data gives contour lines', async () => {
  const image = createImageData({ extent: [0, 2, 0, 2, 0, 0] });
  image.pointData.add(dataArrayFrom('s', 'Float32', [0, 0, 0, 0, 1, 0, 0, 0, 0]));
  const lines = await contour(image, { ContourBy: ['POINTS', 's'], Isosurfaces: [0.5] });
  assert.equal(lines.points.numberOfTuples, 4);
  assert.equal(lines.lines.offsets.length - 1, 4);
});

test('multiblocks are contoured block by block', async () => {
  const block = createMultiBlock([
    { name: 'a', data: distanceField(8) },
    { name: 'empty', data: null },
  ]);
  const out = (await contourFilter.execute(
    [block],
    { ContourBy: ['POINTS', 'd'], Isosurfaces: [0.5] },
    {},
  )) as MultiBlock;
  assert.equal(out.type, 'MultiBlock');
  assert.equal(out.blocks[0].data?.type, 'PolyData');
  assert.equal(out.blocks[1].data, null);
});

test('bad properties are PropertyErrors naming the property', async () => {
  const image = distanceField(4);
  image.pointData.add(DataArray.allocate('v3', 'Float32', 64, 3));
  await assert.rejects(
    contour(image, { ContourBy: ['POINTS', 'nope'], Isosurfaces: [1] }),
    (e: Error & { code?: string }) => {
      assert.equal(e.code, 'PERISCOPE_E_PROPERTY');
      assert.match(e.message, /Contour\.ContourBy: no point array 'nope'; available: d, v3/);
      return true;
    },
  );
  await assert.rejects(
    contour(image, { ContourBy: ['POINTS', 'v3'], Isosurfaces: [1] }),
    /Contour\.ContourBy: .*3 components/,
  );
  await assert.rejects(
    contour(image, { ContourBy: ['POINTS', 'd'], Isosurfaces: [Number.POSITIVE_INFINITY] }),
    /Contour\.Isosurfaces/,
  );
  await assert.rejects(
    contour(image, { ContourBy: ['POINTS', 'd'], Isosurfaces: new Array(1_000_000).fill(1) }),
    /Contour\.Isosurfaces: has 1000000 values/,
  );
  await assert.rejects(contour(image, { ContourBy: ['CELLS', 'd'], Isosurfaces: [1] }), /Contour\.ContourBy/);
});

test('cancellation rejects with CancelledError', async () => {
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(
    contourFilter.execute(
      [distanceField(8)],
      { ContourBy: ['POINTS', 'd'], Isosurfaces: [0.5] },
      { signal: controller.signal },
    ),
    (e: Error & { code?: string }) => e.code === 'PERISCOPE_E_CANCELLED',
  );
});
