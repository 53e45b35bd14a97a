import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { cellArrayFromLists } from '../../data/cell-array.js';
import { CellType } from '../../data/cell-types.js';
import { DataArray, dataArrayFrom } from '../../data/data-array.js';
import {
  createImageData,
  createUnstructuredGrid,
  type ImageData,
  type UnstructuredGrid,
} from '../../data/dataset.js';
import { getDefaultPool } from '../../workers/pool.js';
import { integrateVariables } from '../integrate-variables/index.js';
import { clipFilter } from './clip.js';

after(() => getDefaultPool().close());

/** The unit cube [0,1]³ as an n³ image with point array x (the x coordinate) and cell ids. */
function unitCube(n: number): ImageData {
  const h = 1 / n;
  const image = createImageData({ extent: [0, n, 0, n, 0, n], spacing: [h, h, h] });
  const m = n + 1;
  const x = new Float64Array(m * m * m);
  for (let p = 0; p < x.length; p++) x[p] = (p % m) * h;
  image.pointData.add(new DataArray({ name: 'x', values: x }));
  image.cellData.add(
    new DataArray({ name: 'cell', values: Int32Array.from({ length: n * n * n }, (_, c) => c) }),
  );
  return image;
}

async function clip(
  input: Parameters<typeof clipFilter.execute>[0][0],
  properties: Record<string, unknown>,
  workers?: number,
) {
  return (await clipFilter.execute([input], properties, { workers })) as UnstructuredGrid;
}

const volume = (grid: UnstructuredGrid) => integrateVariables(grid).Volume ?? 0;

test('a plane through the centre of the unit cube keeps volume 0.5, whatever its direction', async () => {
  const cube = unitCube(10);
  for (const normal of [
    [1, 0, 0],
    [1, 1, 0],
    [1, 2, 3],
    [-1, 0.5, 0.25],
  ]) {
    const out = await clip(cube, { ClipType: { Type: 'Plane', Origin: [0.5, 0.5, 0.5], Normal: normal } });
    assert.ok(Math.abs(volume(out) - 0.5) < 1e-6, `normal ${normal}: volume ${volume(out)}`);
  }
});

test('an axis-aligned cut turns each cut voxel into one hexahedron (VTK counts)', async () => {
  const out = await clip(unitCube(4), {
    ClipType: { Type: 'Plane', Origin: [0.3, 0, 0], Normal: [1, 0, 0] },
  });
  // Invert (default) keeps x < 0.3: one whole column of voxels and one cut column.
  assert.equal(out.cellTypes.length, 2 * 16);
  assert.equal(out.cellTypes.filter((t) => t === CellType.VOXEL).length, 16);
  assert.equal(out.cellTypes.filter((t) => t === CellType.HEXAHEDRON).length, 16);
  assert.equal(out.points.numberOfTuples, 3 * 25);
  assert.ok(Math.abs(volume(out) - 0.3) < 1e-6);
  // Cut points carry interpolated point data; every cell keeps its input cell's data.
  const [lo, hi] = out.pointData.getDataArray('x')!.getRange();
  assert.equal(lo, 0);
  assert.ok(Math.abs(hi - 0.3) < 1e-12, `x range ${lo} ${hi}`);
  const cells = out.cellData.getDataArray('cell')!;
  assert.equal(
    new Set(
      cells.getComponentRanges().length
        ? Array.from({ length: cells.numberOfTuples }, (_, c) => cells.getComponent(c, 0))
        : [],
    ).size,
    32,
  );
});

test('Invert off keeps the other side; both sides add up to the whole', async () => {
  const cube = unitCube(6);
  const cut = { Type: 'Plane', Origin: [0.41, 0.5, 0.5], Normal: [1, 1, 1] };
  const inside = await clip(cube, { ClipType: cut });
  const outside = await clip(cube, { ClipType: cut, Invert: 0 });
  assert.ok(Math.abs(volume(inside) + volume(outside) - 1) < 1e-9);
});

test('sphere and scalar clips: volumes of the exact pieces', async () => {
  const cube = unitCube(20);
  // vtkSphere is |x − c|² − r²: a cut cell's points follow that quadratic, so the volume is
  // close to (not exactly) the eighth of a ball of radius 0.5 around a corner.
  const ball = await clip(cube, { ClipType: { Type: 'Sphere', Center: [0, 0, 0], Radius: 0.5 } });
  assert.ok(Math.abs(volume(ball) / ((Math.PI * 0.125) / 6) - 1) < 0.01);
  // Scalar clip of x at 0.25 (keeping below): exactly a quarter of the cube.
  const quarter = await clip(cube, { ClipType: { Type: 'Scalar' }, Scalars: ['POINTS', 'x'], Value: 0.25 });
  assert.ok(Math.abs(volume(quarter) - 0.25) < 1e-9);
});

test('Crinkleclip keeps whole cells that have a kept point', async () => {
  const out = await clip(unitCube(4), {
    ClipType: { Type: 'Plane', Origin: [0.3, 0, 0], Normal: [1, 0, 0] },
    Crinkleclip: 1,
  });
  assert.equal(out.cellTypes.length, 2 * 16);
  assert.ok(out.cellTypes.every((t) => t === CellType.VOXEL));
  assert.ok(Math.abs(volume(out) - 0.5) < 1e-12);
});

test('tetrahedra and 2D cells are clipped exactly', async () => {
  const tetra = createUnstructuredGrid({
    points: dataArrayFrom('Points', 'Float64', [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1], 3),
    cells: cellArrayFromLists([[0, 1, 2, 3]]),
    cellTypes: new Uint8Array([CellType.TETRA]),
  });
  // Keeping x < 0.5 of the unit tetrahedron removes the corner tetrahedron of edge 0.5.
  const out = await clip(tetra, { ClipType: { Type: 'Plane', Origin: [0.5, 0, 0], Normal: [1, 0, 0] } });
  assert.ok(Math.abs(volume(out) - (1 / 6 - 0.125 / 6)) < 1e-12);
  const square = createUnstructuredGrid({
    points: dataArrayFrom('Points', 'Float64', [0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0], 3),
    cells: cellArrayFromLists([[0, 1, 2, 3]]),
    cellTypes: new Uint8Array([CellType.QUAD]),
  });
  const triangle = await clip(square, {
    ClipType: { Type: 'Plane', Origin: [0.5, 0.5, 0], Normal: [1, 1, 0] },
  });
  assert.equal(triangle.cellTypes[0], CellType.TRIANGLE);
  assert.ok(Math.abs((integrateVariables(triangle).Area ?? 0) - 0.5) < 1e-12);
});

test('1 and 2 workers give the same grid for a big clip', async () => {
  const cube = unitCube(102);
  const cut = { ClipType: { Type: 'Sphere', Center: [0.5, 0.5, 0.5], Radius: 0.4 } };
  const one = await clip(cube, cut, 1);
  const two = await clip(cube, cut, 2);
  assert.deepEqual(two.cells.connectivity, one.cells.connectivity);
  assert.deepEqual(two.points.values, one.points.values);
  assert.deepEqual(two.cellTypes, one.cellTypes);
});

test('bad properties name the property', async () => {
  const cube = unitCube(2);
  await assert.rejects(
    clip(cube, { ClipType: { Type: 'Scalar' }, Scalars: ['POINTS', 'nope'] }),
    /Clip\.Scalars: no point array 'nope'/,
  );
  await assert.rejects(
    clip(cube, { ClipType: { Type: 'Plane', Normal: [0, 0, 0] } }),
    /Clip\.ClipType\.Normal/,
  );
  await assert.rejects(clip(cube, { Value: Number.NaN }), /Clip\.Value/);
});
