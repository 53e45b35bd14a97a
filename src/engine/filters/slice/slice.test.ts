import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { cellArrayFromLists } from '../../data/cell-array.js';
import { CellType } from '../../data/cell-types.js';
import { dataArrayFrom } from '../../data/data-array.js';
import { createUnstructuredGrid, type ImageData, type PolyData } from '../../data/dataset.js';
import { boundsOf } from '../../data/queries.js';
import { getDefaultPool } from '../../workers/pool.js';
import { waveletSource } from '../sources/wavelet.js';
import { sliceFilter } from './slice.js';

after(() => getDefaultPool().close());

const wavelet = async (extent: number[]) =>
  (await waveletSource.execute([], { WholeExtent: extent }, {})) as ImageData;

async function slice(
  input: Parameters<typeof sliceFilter.execute>[0][0],
  properties: Record<string, unknown>,
  workers?: number,
) {
  return (await sliceFilter.execute([input], properties, { workers })) as PolyData;
}

function area(surface: PolyData): number {
  const p = surface.points.values;
  const { offsets, connectivity: c } = surface.polys;
  let total = 0;
  for (let cell = 0; cell + 1 < offsets.length; cell++) {
    const a = 3 * c[offsets[cell]];
    for (let k = offsets[cell] + 1; k + 1 < offsets[cell + 1]; k++) {
      const b = 3 * c[k];
      const d = 3 * c[k + 1];
      const u = [0, 1, 2].map((i) => Number(p[b + i]) - Number(p[a + i]));
      const v = [0, 1, 2].map((i) => Number(p[d + i]) - Number(p[a + i]));
      total +=
        0.5 * Math.hypot(u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]);
    }
  }
  return total;
}

test('a z-plane through a 21³ Wavelet cuts 20² cells into 2 triangles each, area 20²', async () => {
  const out = await slice(await wavelet([-10, 10, -10, 10, -10, 10]), {
    SliceType: { Type: 'Plane', Origin: [0.5, 0.5, 0.5], Normal: [0, 0, 1] },
  });
  assert.equal(out.points.numberOfTuples, 21 * 21);
  assert.equal(out.polys.offsets.length - 1, 2 * 20 * 20);
  assert.ok(Math.abs(area(out) - 400) < 1e-6);
  const [, , , , z0, z1] = boundsOf(out);
  assert.equal(z0, 0.5);
  assert.equal(z1, 0.5);
  assert.ok(out.pointData.getDataArray('RTData'));
});

test('SliceOffsetValues add parallel cuts; Triangulatetheslice off gives one quad per cell', async () => {
  const image = await wavelet([0, 4, 0, 4, 0, 4]);
  const two = await slice(image, {
    SliceType: { Type: 'Plane', Normal: [0, 0, 1] },
    SliceOffsetValues: [1.5, 2.5],
  });
  assert.equal(two.polys.offsets.length - 1, 2 * 2 * 16);
  const quads = await slice(image, {
    SliceType: { Type: 'Plane', Origin: [0, 0, 1.5], Normal: [0, 0, 1] },
    Triangulatetheslice: 0,
  });
  assert.equal(quads.polys.offsets.length - 1, 16);
  assert.ok(Math.abs(area(quads) - 16) < 1e-9);
});

test('an oblique plane cuts the same polygon area from the image as from its unstructured copy', async () => {
  const image = await wavelet([0, 6, 0, 6, 0, 6]);
  const cut = { SliceType: { Type: 'Plane', Origin: [3.2, 3.1, 2.9], Normal: [1, 2, 3] } };
  const fromImage = await slice(image, cut);
  const points: number[] = [];
  for (let k = 0; k <= 6; k++) for (let j = 0; j <= 6; j++) for (let i = 0; i <= 6; i++) points.push(i, j, k);
  const cells: number[][] = [];
  const id = (i: number, j: number, k: number) => i + 7 * j + 49 * k;
  for (let k = 0; k < 6; k++)
    for (let j = 0; j < 6; j++)
      for (let i = 0; i < 6; i++)
        cells.push([
          id(i, j, k),
          id(i + 1, j, k),
          id(i + 1, j + 1, k),
          id(i, j + 1, k),
          id(i, j, k + 1),
          id(i + 1, j, k + 1),
          id(i + 1, j + 1, k + 1),
          id(i, j + 1, k + 1),
        ]);
  const grid = createUnstructuredGrid({
    points: dataArrayFrom('Points', 'Float64', points, 3),
    cells: cellArrayFromLists(cells),
    cellTypes: new Uint8Array(cells.length).fill(CellType.HEXAHEDRON),
  });
  const fromGrid = await slice(grid, cut);
  assert.equal(fromGrid.points.numberOfTuples, fromImage.points.numberOfTuples);
  assert.equal(fromGrid.polys.offsets.length, fromImage.polys.offsets.length);
  assert.ok(Math.abs(area(fromGrid) - area(fromImage)) < 1e-4);
});

test('a sphere slice of a fine grid approximates the sphere area', async () => {
  const image = await wavelet([-20, 20, -20, 20, -20, 20]);
  const out = await slice(image, { SliceType: { Type: 'Sphere', Center: [0, 0, 0], Radius: 12 } });
  assert.ok(Math.abs(area(out) / (4 * Math.PI * 144) - 1) < 0.01);
});

test('1 and 2 workers give the same slice of a 128³ Wavelet', async () => {
  const image = await wavelet([-63, 64, -63, 64, -63, 64]);
  const cut = { SliceType: { Type: 'Plane', Origin: [3, -2, 1], Normal: [1, 1, 0.5] } };
  const one = await slice(image, cut, 1);
  const two = await slice(image, cut, 2);
  // ParaView: 35,715 points and 70,666 triangles (reference expected.jsonl).
  assert.equal(one.points.numberOfTuples, 35715);
  assert.equal(one.polys.offsets.length - 1, 70666);
  assert.deepEqual(two.points.values, one.points.values);
  assert.deepEqual(two.polys.connectivity, one.polys.connectivity);
});

test('bad cut functions are PropertyErrors naming the property', async () => {
  const image = await wavelet([0, 2, 0, 2, 0, 2]);
  await assert.rejects(
    slice(image, { SliceType: { Type: 'Plane', Normal: [0, 0, 0] } }),
    /Slice\.SliceType\.Normal/,
  );
  await assert.rejects(
    slice(image, { SliceType: { Type: 'Cone' } }),
    /Slice\.SliceType: unknown Type 'Cone'/,
  );
  await assert.rejects(slice(image, { SliceType: { Type: 'Sphere', Radius: Number.NaN } }), /Radius/);
});
