/**
 * Assembly of parallel pieces on in-memory datasets whose values are known functions of the
 * point/cell indices, so every expected value comes from the formula, not from our output.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPeriscopeError, ReadError } from '../../../errors.js';
import { cellArrayFromLists } from '../../data/cell-array.js';
import { DataArray, dataArrayFrom } from '../../data/data-array.js';
import {
  createImageData,
  createPolyData,
  createRectilinearGrid,
  createStructuredGrid,
  createUnstructuredGrid,
  type Extent,
  type ImageData,
  type PolyData,
  type UnstructuredGrid,
} from '../../data/dataset.js';
import { numberOfCells, numberOfPoints } from '../../data/queries.js';
import { appendPieces } from './parallel-append.js';
import type { ArrayDeclaration, ParallelHeader } from './parallel-header.js';
import { assembleStructuredPieces } from './parallel-structured.js';

const P_FILE = '/data/whole.pvti';

/** Plain numbers of any typed array, for deepEqual against literals. */
function numbers(values: ArrayLike<number | bigint>): number[] {
  return Array.from({ length: values.length }, (_, i) => Number(values[i]));
}

function header(overrides: Partial<ParallelHeader>): ParallelHeader {
  return {
    dataType: 'ImageData',
    ghostLevel: 0,
    wholeExtent: undefined,
    origin: undefined,
    spacing: undefined,
    direction: undefined,
    pointData: { arrays: [], active: {} },
    cellData: { arrays: [], active: {} },
    points: undefined,
    coordinates: undefined,
    pieces: [],
    ...overrides,
  };
}

const pointValue = (i: number, j: number, k: number) => i + 100 * j + 10000 * k;
const cellValue = (i: number, j: number, k: number) => -(i + 100 * j + 10000 * k) - 1;

/** An image piece over `extent` whose arrays follow pointValue/cellValue. */
function imagePiece(extent: Extent): ImageData {
  const image = createImageData({ extent, origin: [0, -1, 0], spacing: [0.5, 0.25, 2] });
  const points: number[] = [];
  for (let k = extent[4]; k <= extent[5]; k++)
    for (let j = extent[2]; j <= extent[3]; j++)
      for (let i = extent[0]; i <= extent[1]; i++) points.push(pointValue(i, j, k));
  // VTK counts one cell layer along a flat axis.
  const last = (lo: number, hi: number) => (hi > lo ? hi - 1 : lo);
  const cells: number[] = [];
  for (let k = extent[4]; k <= last(extent[4], extent[5]); k++)
    for (let j = extent[2]; j <= last(extent[2], extent[3]); j++)
      for (let i = extent[0]; i <= last(extent[0], extent[1]); i++) cells.push(cellValue(i, j, k));
  image.pointData.add(dataArrayFrom('T', 'Float64', points));
  image.cellData.add(dataArrayFrom('P', 'Int32', cells));
  image.fieldData.add(dataArrayFrom('TimeValue', 'Float64', [2.5]));
  return image;
}

const T: ArrayDeclaration = { name: 'T', dataType: 'Float64', numberOfComponents: 1 };
const P: ArrayDeclaration = { name: 'P', dataType: 'Int32', numberOfComponents: 1 };

// The layout of parallel/fields.pvti (MANIFEST.md): whole extent 0 14 0 11 0 3 in four pieces
// that overlap by one node layer.
const FIELDS_WHOLE: Extent = [0, 14, 0, 11, 0, 3];
const FIELDS_PIECES: Extent[] = [
  [0, 9, 0, 4, 0, 3],
  [9, 14, 0, 4, 0, 3],
  [0, 9, 4, 11, 0, 3],
  [9, 14, 4, 11, 0, 3],
];

function imageHeader(whole: Extent): ParallelHeader {
  return header({
    wholeExtent: whole,
    origin: [0, -1, 0],
    spacing: [0.5, 0.25, 2],
    pointData: { arrays: [T], active: { scalars: 'T' } },
    cellData: { arrays: [P], active: {} },
  });
}

function expectReadError(action: () => unknown, pattern: RegExp): void {
  assert.throws(action, (error: unknown) => {
    assert.ok(error instanceof ReadError, `expected ReadError, got ${String(error)}`);
    assert.ok(isPeriscopeError(error) && error.code === 'PERISCOPE_E_READ');
    assert.match(error.message, pattern);
    return true;
  });
}

describe('assembleStructuredPieces', () => {
  it('places overlapping image pieces into the whole extent (fields.pvti layout: 720 points, 462 cells)', () => {
    const pieces = FIELDS_PIECES.map((extent, n) => ({ file: `piece_${n}.vti`, data: imagePiece(extent) }));
    const output = assembleStructuredPieces(imageHeader(FIELDS_WHOLE), pieces, P_FILE) as ImageData;
    assert.equal(output.type, 'ImageData');
    assert.deepEqual(output.extent, FIELDS_WHOLE);
    // 15 × 12 × 4 points, 14 × 11 × 3 cells (MANIFEST.md: ParaView total 720 pts, 462 cells).
    assert.equal(numberOfPoints(output), 720);
    assert.equal(numberOfCells(output), 462);
    assert.deepEqual(output.origin, [0, -1, 0]);
    assert.deepEqual(output.spacing, [0.5, 0.25, 2]);
    const t = output.pointData.getDataArray('T')!;
    const p = output.cellData.getDataArray('P')!;
    assert.equal(t.numberOfTuples, 720);
    assert.equal(p.numberOfTuples, 462);
    assert.equal(p.dataType, 'Int32');
    let id = 0;
    for (let k = 0; k <= 3; k++)
      for (let j = 0; j <= 11; j++)
        for (let i = 0; i <= 14; i++) assert.equal(t.getComponent(id++, 0), pointValue(i, j, k));
    id = 0;
    for (let k = 0; k < 3; k++)
      for (let j = 0; j < 11; j++)
        for (let i = 0; i < 14; i++) assert.equal(p.getComponent(id++, 0), cellValue(i, j, k));
    assert.equal(output.pointData.getActiveName('scalars'), 'T');
    assert.equal(output.fieldData.getDataArray('TimeValue')?.getComponent(0, 0), 2.5);
  });

  it('copies only the declared extent of a piece that holds more (ghost layers)', () => {
    // Piece 1 stores 0..6 but the P-file assigns it 0..4; piece 2 covers 4..8.
    const pieces = [
      { file: 'a.vti', data: imagePiece([0, 6, 0, 2, 0, 0]), declaredExtent: [0, 4, 0, 2, 0, 0] as Extent },
      { file: 'b.vti', data: imagePiece([4, 8, 0, 2, 0, 0]), declaredExtent: [4, 8, 0, 2, 0, 0] as Extent },
    ];
    const output = assembleStructuredPieces(imageHeader([0, 8, 0, 2, 0, 0]), pieces, P_FILE);
    assert.equal(numberOfPoints(output), 27);
    assert.equal(numberOfCells(output), 16); // 8 × 2, the flat k axis does not count
    const p = output.cellData.getDataArray('P')!;
    assert.deepEqual(numbers(p.values), [
      ...[0, 1, 2, 3, 4, 5, 6, 7].map((i) => cellValue(i, 0, 0)),
      ...[0, 1, 2, 3, 4, 5, 6, 7].map((i) => cellValue(i, 1, 0)),
    ]);
  });

  it('rejects pieces that leave a gap in the whole extent', () => {
    const pieces = [
      { file: 'a.vti', data: imagePiece([0, 4, 0, 2, 0, 0]) },
      { file: 'b.vti', data: imagePiece([5, 8, 0, 2, 0, 0]) },
    ];
    // Points 0..8 are all present, but the cells between i = 4 and i = 5 are in no piece.
    expectReadError(() => assembleStructuredPieces(imageHeader([0, 8, 0, 2, 0, 0]), pieces, P_FILE), /gap/);
  });

  it('rejects a whole extent larger than the pieces before allocating it', () => {
    const pieces = [{ file: 'a.vti', data: imagePiece([0, 4, 0, 2, 0, 0]) }];
    expectReadError(
      () => assembleStructuredPieces(imageHeader([0, 1e6, 0, 1e6, 0, 1e6]), pieces, P_FILE),
      /pieces provide 15 points/,
    );
  });

  it('rejects a declared extent outside the piece, a missing array and a wrong type, naming the piece', () => {
    const whole: Extent = [0, 4, 0, 2, 0, 0];
    expectReadError(
      () =>
        assembleStructuredPieces(
          imageHeader(whole),
          [{ file: 'a.vti', data: imagePiece([0, 3, 0, 2, 0, 0]), declaredExtent: whole }],
          P_FILE,
        ),
      /piece a\.vti: declared extent 0 4 0 2 0 0 is not inside/,
    );
    const missing = imagePiece(whole);
    missing.pointData.remove('T');
    expectReadError(
      () => assembleStructuredPieces(imageHeader(whole), [{ file: 'm.vti', data: missing }], P_FILE),
      /piece m\.vti has no point array 'T'/,
    );
    const wrongType = imagePiece(whole);
    wrongType.pointData.add(DataArray.allocate('T', 'Float32', 15));
    expectReadError(
      () => assembleStructuredPieces(imageHeader(whole), [{ file: 'w.vti', data: wrongType }], P_FILE),
      /piece w\.vti: point array 'T' is Float32 but the P-file declares Float64/,
    );
    const wrongComponents = imagePiece(whole);
    wrongComponents.pointData.add(DataArray.allocate('T', 'Float64', 15, 3));
    expectReadError(
      () => assembleStructuredPieces(imageHeader(whole), [{ file: 'c.vti', data: wrongComponents }], P_FILE),
      /has 3 components but the P-file declares 1/,
    );
  });

  it('rejects a piece array whose length does not match the piece', () => {
    const piece = imagePiece([0, 4, 0, 2, 0, 0]);
    piece.cellData.add(dataArrayFrom('P', 'Int32', [1, 2, 3]));
    expectReadError(
      () =>
        assembleStructuredPieces(imageHeader([0, 4, 0, 2, 0, 0]), [{ file: 'n.vti', data: piece }], P_FILE),
      /piece n\.vti: cell array 'P' has 3 tuples but the piece has 8 cells/,
    );
  });

  it('rejects an image piece whose spacing differs from the P-file', () => {
    const piece = imagePiece([0, 4, 0, 2, 0, 0]);
    piece.spacing = [0.5, 0.3, 2];
    expectReadError(
      () =>
        assembleStructuredPieces(imageHeader([0, 4, 0, 2, 0, 0]), [{ file: 's.vti', data: piece }], P_FILE),
      /piece s\.vti has origin/,
    );
  });

  it('joins rectilinear coordinates and rejects pieces that disagree on a shared coordinate', () => {
    const grid = (extent: Extent, x: number[]) =>
      createRectilinearGrid({
        extent,
        xCoordinates: dataArrayFrom('x', 'Float64', x),
        yCoordinates: dataArrayFrom('y', 'Float64', [0, 1]),
        zCoordinates: dataArrayFrom('z', 'Float64', [5]),
      });
    const h = header({ dataType: 'RectilinearGrid', wholeExtent: [0, 4, 0, 1, 0, 0] });
    const output = assembleStructuredPieces(
      h,
      [
        { file: 'a.vtr', data: grid([0, 2, 0, 1, 0, 0], [0, 1, 3]) },
        { file: 'b.vtr', data: grid([2, 4, 0, 1, 0, 0], [3, 7, 15]) },
      ],
      P_FILE,
    );
    assert.equal(output.type, 'RectilinearGrid');
    if (output.type !== 'RectilinearGrid') return;
    assert.deepEqual(numbers(output.xCoordinates.values), [0, 1, 3, 7, 15]);
    assert.deepEqual(numbers(output.zCoordinates.values), [5]);
    assert.equal(numberOfCells(output), 4);
    expectReadError(
      () =>
        assembleStructuredPieces(
          h,
          [
            { file: 'a.vtr', data: grid([0, 2, 0, 1, 0, 0], [0, 1, 3]) },
            { file: 'b.vtr', data: grid([2, 4, 0, 1, 0, 0], [3.5, 7, 15]) },
          ],
          P_FILE,
        ),
      /piece b\.vtr: x coordinate 2 differs/,
    );
  });

  it('places structured-grid points by extent', () => {
    const sg = (extent: Extent) => {
      const xyz: number[] = [];
      for (let j = extent[2]; j <= extent[3]; j++)
        for (let i = extent[0]; i <= extent[1]; i++) xyz.push(i * i, j, 0);
      return createStructuredGrid({ extent, points: dataArrayFrom('Points', 'Float32', xyz, 3) });
    };
    const output = assembleStructuredPieces(
      header({ dataType: 'StructuredGrid', wholeExtent: [0, 3, 0, 1, 0, 0] }),
      [
        { file: 'a.vts', data: sg([0, 1, 0, 1, 0, 0]) },
        { file: 'b.vts', data: sg([1, 3, 0, 1, 0, 0]) },
      ],
      P_FILE,
    );
    if (output.type !== 'StructuredGrid') assert.fail('expected a StructuredGrid');
    assert.deepEqual(
      numbers(output.points.values),
      [0, 0, 0, 1, 0, 0, 4, 0, 0, 9, 0, 0, 0, 1, 0, 1, 1, 0, 4, 1, 0, 9, 1, 0],
    );
    assert.equal(output.points.dataType, 'Float32');
  });
});

describe('appendPieces', () => {
  const polyHeader = header({
    dataType: 'PolyData',
    points: { name: '', dataType: 'Float32', numberOfComponents: 3 },
    pointData: {
      arrays: [{ name: 'id', dataType: 'Int32', numberOfComponents: 1 }],
      active: { scalars: 'id' },
    },
    cellData: { arrays: [{ name: 'c', dataType: 'Int32', numberOfComponents: 1 }], active: {} },
  });

  /** A piece with `base` in its values: one vertex cell and one triangle. */
  function polyPiece(base: number): PolyData {
    const poly = createPolyData({
      points: dataArrayFrom('Points', 'Float32', [base, 0, 0, base, 1, 0, base, 0, 1], 3),
      verts: cellArrayFromLists([[0]]),
      polys: cellArrayFromLists([[0, 1, 2]]),
    });
    poly.pointData.add(dataArrayFrom('id', 'Int32', [base, base + 1, base + 2]));
    // Cell data in the piece's own order: the vertex, then the triangle.
    poly.cellData.add(dataArrayFrom('c', 'Int32', [base + 10, base + 20]));
    return poly;
  }

  it('concatenates points and cells with point ids offset and duplicates kept', () => {
    const output = appendPieces(
      polyHeader,
      [
        { file: 'a.vtp', data: polyPiece(100) },
        { file: 'b.vtp', data: polyPiece(200) },
      ],
      '/data/x.pvtp',
    ) as PolyData;
    assert.equal(output.points.numberOfTuples, 6);
    assert.equal(numberOfCells(output), 4);
    assert.deepEqual(Array.from(output.verts.connectivity), [0, 3]);
    assert.deepEqual(Array.from(output.polys.connectivity), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(Array.from(output.polys.offsets), [0, 3, 6]);
    assert.deepEqual(numbers(output.pointData.getDataArray('id')!.values), [100, 101, 102, 200, 201, 202]);
    // Output cells are all verts, then all polys: the cell data follows that order.
    assert.deepEqual(numbers(output.cellData.getDataArray('c')!.values), [110, 210, 120, 220]);
    assert.equal(output.pointData.getActiveName('scalars'), 'id');
  });

  it('rejects a piece whose array is shorter than its points', () => {
    const short = polyPiece(1);
    short.pointData.add(dataArrayFrom('id', 'Int32', [1, 2]));
    expectReadError(
      () => appendPieces(polyHeader, [{ file: 's.vtp', data: short }], '/data/x.pvtp'),
      /piece s\.vtp: point array 'id' has 2 tuples/,
    );
  });

  it('rejects a piece of another type and a piece whose points have another type', () => {
    const grid = createUnstructuredGrid({
      points: dataArrayFrom('Points', 'Float32', [0, 0, 0], 3),
      cells: cellArrayFromLists([[0]]),
      cellTypes: Uint8Array.of(1),
    });
    expectReadError(
      () => appendPieces(polyHeader, [{ file: 'g.vtu', data: grid }], '/data/x.pvtp'),
      /piece g\.vtu is UnstructuredGrid, expected PolyData/,
    );
    const doubles = polyPiece(1);
    doubles.points = dataArrayFrom('Points', 'Float64', [0, 0, 0, 1, 0, 0, 0, 1, 0], 3);
    expectReadError(
      () => appendPieces(polyHeader, [{ file: 'd.vtp', data: doubles }], '/data/x.pvtp'),
      /piece d\.vtp: points array is Float64 but the P-file declares Float32/,
    );
  });

  it('appends unstructured grids, shifting polyhedron face streams', () => {
    const piece = (x: number): UnstructuredGrid => {
      // A tetrahedron written as a polyhedron (4 triangular faces) plus a vertex cell.
      const grid = createUnstructuredGrid({
        points: dataArrayFrom('Points', 'Float64', [x, 0, 0, x + 1, 0, 0, x, 1, 0, x, 0, 1], 3),
        cells: cellArrayFromLists([[0, 1, 2, 3], [3]]),
        cellTypes: Uint8Array.of(42, 1),
        polyhedronFaces: {
          faces: Int32Array.of(4, 3, 0, 1, 2, 3, 0, 1, 3, 3, 1, 2, 3, 3, 0, 2, 3),
          faceOffsets: Int32Array.of(0, -1),
        },
      });
      return grid;
    };
    const h = header({ dataType: 'UnstructuredGrid' });
    const output = appendPieces(
      h,
      [
        { file: 'a.vtu', data: piece(0) },
        { file: 'b.vtu', data: piece(5) },
      ],
      '/data/x.pvtu',
    ) as UnstructuredGrid;
    assert.equal(output.points.numberOfTuples, 8);
    assert.deepEqual(Array.from(output.cellTypes), [42, 1, 42, 1]);
    assert.deepEqual(Array.from(output.cells.connectivity), [0, 1, 2, 3, 3, 4, 5, 6, 7, 7]);
    assert.deepEqual(Array.from(output.cells.offsets), [0, 4, 5, 9, 10]);
    assert.deepEqual(Array.from(output.polyhedronFaces!.faceOffsets), [0, -1, 17, -1]);
    assert.deepEqual(
      Array.from(output.polyhedronFaces!.faces),
      [4, 3, 0, 1, 2, 3, 0, 1, 3, 3, 1, 2, 3, 3, 0, 2, 3, 4, 3, 4, 5, 6, 3, 4, 5, 7, 3, 5, 6, 7, 3, 4, 6, 7],
    );
  });

  it('returns an empty dataset for a P-file without pieces', () => {
    const output = appendPieces(polyHeader, [], '/data/x.pvtp');
    assert.equal(numberOfPoints(output), 0);
    assert.equal(numberOfCells(output), 0);
    assert.equal(output.points.dataType, 'Float32');
    assert.deepEqual(output.pointData.names, ['id']);
  });
});
