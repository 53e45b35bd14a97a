import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellArrayFromLists } from '../../data/cell-array.js';
import { CellType } from '../../data/cell-types.js';
import { DataArray, dataArrayFrom } from '../../data/data-array.js';
import {
  createMultiBlock,
  createPolyData,
  createUnstructuredGrid,
  type UnstructuredGrid,
} from '../../data/dataset.js';
import { makeSphere } from '../sources/sphere.js';
import { hexBlock, image, singleCell } from '../test-support/grids.js';
import { integrateVariables, integrateVariablesDefinition } from './index.js';

const close = (actual: number | undefined, expected: number, tolerance = 1e-12) =>
  assert.ok(
    actual !== undefined && Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)),
    `${actual} ≠ ${expected}`,
  );

function withConstant(grid: UnstructuredGrid, value: number): UnstructuredGrid {
  const n = grid.points.numberOfTuples;
  grid.pointData.add(new DataArray({ name: 'c', values: new Float64Array(n).fill(value) }));
  return grid;
}

test('a block of unit hexahedra: volume, a linear point field and a cell field', () => {
  const integrals = integrateVariables(hexBlock(3));
  close(integrals.Volume, 27);
  assert.equal(integrals.Area, undefined);
  // ∫ x dV over [0,3]³ = 27 · 1.5; ∑ id · 1 over 27 unit cells = 0 + … + 26.
  close(integrals.point.x[0], 40.5);
  close(integrals.cell.id[0], 351);
  for (const c of integrals.center) close(c, 1.5);
});

test('image data (voxels): volume and ∫x of a 2×3×4 box', () => {
  const integrals = integrateVariables(image([3, 4, 5]));
  close(integrals.Volume, 24);
  close(integrals.point.x[0], 24);
});

test('a constant field integrates to constant × volume on every 3D cell type', () => {
  const pentagon: number[] = [];
  for (const z of [0, 1])
    for (let i = 0; i < 5; i++)
      pentagon.push(Math.cos((2 * Math.PI * i) / 5), Math.sin((2 * Math.PI * i) / 5), z);
  const cases: [string, UnstructuredGrid, number][] = [
    ['tetra', singleCell(CellType.TETRA, [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]), 1 / 6],
    ['wedge', singleCell(CellType.WEDGE, [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1, 0, 1, 1]), 1 / 2],
    ['pyramid', singleCell(CellType.PYRAMID, [0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0.3, 0.2, 1]), 1 / 3],
    ['hexahedron', hexBlock(1, 2), 8],
    ['pentagonal prism', singleCell(CellType.PENTAGONAL_PRISM, pentagon), 2.5 * Math.sin((2 * Math.PI) / 5)],
  ];
  const cube = [0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1];
  const polyhedron = createUnstructuredGrid({
    points: dataArrayFrom(
      'Points',
      'Float64',
      cube.map((v) => 3 * v),
      3,
    ),
    cells: cellArrayFromLists([[0, 1, 2, 3, 4, 5, 6, 7]]),
    cellTypes: Uint8Array.of(CellType.POLYHEDRON),
    polyhedronFaces: {
      faces: Int32Array.from([
        6, 4, 0, 3, 2, 1, 4, 4, 5, 6, 7, 4, 0, 1, 5, 4, 4, 1, 2, 6, 5, 4, 2, 3, 7, 6, 4, 3, 0, 4, 7,
      ]),
      faceOffsets: Int32Array.of(0),
    },
  });
  cases.push(['polyhedron', polyhedron, 27]);
  for (const [name, grid, volume] of cases) {
    const integrals = integrateVariables(withConstant(grid, 2.5));
    close(integrals.Volume, volume, 1e-12);
    close(integrals.point.c[0], 2.5 * volume, 1e-12);
    assert.ok(integrals.Volume! > 0, name);
  }
});

test('lengths and areas of 1D and 2D cells', () => {
  const polyline = createPolyData({
    points: dataArrayFrom('Points', 'Float64', [0, 0, 0, 3, 4, 0, 3, 4, 12], 3),
    lines: cellArrayFromLists([[0, 1, 2]]),
  });
  close(integrateVariables(polyline).Length, 5 + 12);
  const surfaces = createUnstructuredGrid({
    points: dataArrayFrom('Points', 'Float64', [0, 0, 0, 2, 0, 0, 2, 3, 0, 0, 3, 0, 1, 4, 0], 3),
    cells: cellArrayFromLists([
      [0, 1, 2, 3],
      [0, 1, 3, 2],
      [0, 1, 2, 4, 3],
      [0, 1, 3, 2],
      [0, 1, 2],
    ]),
    cellTypes: Uint8Array.of(
      CellType.QUAD,
      CellType.PIXEL,
      CellType.POLYGON,
      CellType.TRIANGLE_STRIP,
      CellType.TRIANGLE,
    ),
  });
  surfaces.cellData.add(dataArrayFrom('one', 'Int32', [1, 1, 1, 1, 1]));
  const integrals = integrateVariables(surfaces);
  // quad 6, pixel 6, pentagon 6 + roof triangle 2·1/2 = 7, strip 6, triangle 3.
  close(integrals.Area, 6 + 6 + 7 + 6 + 3);
  close(integrals.cell.one[0], 28);
  assert.equal(integrals.Volume, undefined);
});

test('only the highest dimension counts; DivideCellDataByVolume averages cell data', async () => {
  const grid = createUnstructuredGrid({
    points: dataArrayFrom('Points', 'Float64', [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1], 3),
    cells: cellArrayFromLists([
      [0, 1, 2, 3],
      [0, 1, 2],
      [0, 1],
    ]),
    cellTypes: Uint8Array.of(CellType.TETRA, CellType.TRIANGLE, CellType.LINE),
  });
  grid.cellData.add(dataArrayFrom('v', 'Float32', [6, 100, 1000]));
  const integrals = integrateVariables(grid);
  close(integrals.Volume, 1 / 6);
  close(integrals.cell.v[0], 1, 1e-7);
  const averaged = await integrateVariablesDefinition.execute([grid], { DivideCellDataByVolume: true }, {});
  assert.equal(averaged.type, 'UnstructuredGrid');
  if (averaged.type !== 'UnstructuredGrid') return;
  assert.equal(averaged.points.numberOfTuples, 1);
  assert.deepEqual(Array.from(averaged.cellTypes), [CellType.VERTEX]);
  close(averaged.cellData.getDataArray('v')!.getComponent(0, 0), 6, 1e-7);
  close(averaged.cellData.getDataArray('Volume')!.getComponent(0, 0), 1 / 6);
  assert.deepEqual(averaged.cellData.names, ['v', 'Volume']);
});

test('a triangulated sphere converges to 4πr² as the resolution grows', () => {
  const errors = [16, 64, 256].map((resolution) => {
    const sphere = makeSphere({
      center: [0, 0, 0],
      radius: 2,
      thetaResolution: resolution,
      phiResolution: resolution,
      startTheta: 0,
      endTheta: 360,
      startPhi: 0,
      endPhi: 180,
    });
    const area = integrateVariables(sphere).Area!;
    return Math.abs(area - 16 * Math.PI) / (16 * Math.PI);
  });
  assert.ok(errors[0] > errors[1] && errors[1] > errors[2], `errors ${errors}`);
  assert.ok(errors[2] < 1e-4, `error at 256: ${errors[2]}`);
});

test('global ids are not integrated; multiblocks integrate the arrays all leaves share', () => {
  const a = hexBlock(1);
  const b = hexBlock(2);
  const ids = dataArrayFrom(
    'ids',
    'Int32',
    Array.from({ length: 27 }, (_, i) => i),
  );
  b.pointData.setAttribute('globalIds', ids);
  b.pointData.add(dataArrayFrom('only-b', 'Float32', new Array(27).fill(1)));
  assert.equal(integrateVariables(b).point.ids, undefined);
  const integrals = integrateVariables(
    createMultiBlock([
      { name: 'a', data: a },
      { name: 'b', data: b },
    ]),
  );
  close(integrals.Volume, 9);
  assert.deepEqual(Object.keys(integrals.point), ['x']);
  close(integrals.point.x[0], 0.5 + 8);
});
