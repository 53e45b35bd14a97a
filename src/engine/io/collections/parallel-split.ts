/**
 * Cuts one dataset into pieces for the parallel writer. Structured kinds are cut into slabs along
 * their longest axis; neighbouring slabs share their boundary layer of points, as VTK's extent
 * translator does, so reading them back gives the original grid. PolyData and UnstructuredGrid
 * are cut into runs of consecutive cells, each piece keeping the points its cells use (points on
 * a cut are then stored in both pieces, as with any parallel VTK output).
 */
import { type AnyArray, DataSetAttributes, type FieldData } from '../../data/attributes.js';
import type { CellArray, IndexArray } from '../../data/cell-array.js';
import type { DataArray } from '../../data/data-array.js';
import {
  createImageData,
  createPolyData,
  createRectilinearGrid,
  createStructuredGrid,
  createUnstructuredGrid,
  type DataSet,
  type Extent,
  type PolyData,
  type PolyhedronFaces,
  type UnstructuredGrid,
} from '../../data/dataset.js';
import { dimensionsOf } from '../../data/queries.js';
import type { PointSetDataSet } from './parallel-append.js';
import { allocateLike, copyTuples } from './parallel-arrays.js';
import type { StructuredDataSet } from './parallel-structured.js';
import { cellBox, cellLayout, count, forEachRow, intersect, pointLayout } from './structured-layout.js';

function copyFields(target: FieldData, source: FieldData): void {
  for (const array of source.arrays) target.add(array);
  if (target instanceof DataSetAttributes && source instanceof DataSetAttributes)
    target.copyActiveFrom(source);
}

/** The slabs a structured extent is cut into: [first, last] point indices along `axis`. */
export function slabExtents(extent: Extent, numberOfPieces: number): Extent[] {
  const dims = dimensionsOf(extent);
  if (dims[0] * dims[1] * dims[2] === 0) return [[...extent]];
  let axis = 0;
  for (let a = 1; a < 3; a++) if (dims[a] > dims[axis]) axis = a;
  const cells = dims[axis] - 1;
  const pieces = Math.max(1, Math.min(Math.floor(numberOfPieces), cells));
  const out: Extent[] = [];
  for (let p = 0; p < pieces; p++) {
    const slab: Extent = [...extent];
    slab[2 * axis] = extent[2 * axis] + Math.floor((p * cells) / pieces);
    slab[2 * axis + 1] = extent[2 * axis] + Math.floor(((p + 1) * cells) / pieces);
    out.push(slab);
  }
  return out;
}

/** The part of `data` inside `extent` (which must lie within the data's extent). */
export function extractExtent(data: StructuredDataSet, extent: Extent): StructuredDataSet {
  const source = pointLayout(data.extent);
  const target = pointLayout(extent);
  const points = intersect(extent, data.extent);
  const cells = cellBox(points, data.extent);
  const numberOfPoints = count(points);
  const numberOfCells = count(cells);
  let out: StructuredDataSet;
  if (data.type === 'ImageData') {
    out = createImageData({ extent, origin: data.origin, spacing: data.spacing, direction: data.direction });
  } else if (data.type === 'RectilinearGrid') {
    const slice = (array: DataArray, axis: number) => {
      const piece = allocateLike(array, extent[2 * axis + 1] - extent[2 * axis] + 1) as DataArray;
      copyTuples(piece, 0, array, extent[2 * axis] - data.extent[2 * axis], piece.numberOfTuples);
      return piece;
    };
    out = createRectilinearGrid({
      extent,
      xCoordinates: slice(data.xCoordinates, 0),
      yCoordinates: slice(data.yCoordinates, 1),
      zCoordinates: slice(data.zCoordinates, 2),
    });
  } else {
    const piecePoints = allocateLike(data.points, numberOfPoints) as DataArray;
    forEachRow(points, target, source, (t, s, n) => copyTuples(piecePoints, t, data.points, s, n));
    out = createStructuredGrid({ extent, points: piecePoints });
  }
  for (const array of data.pointData.arrays) {
    const piece = allocateLike(array, numberOfPoints);
    forEachRow(points, target, source, (t, s, n) => copyTuples(piece, t, array, s, n));
    out.pointData.add(piece);
  }
  const sourceCells = cellLayout(data.extent);
  const targetCells = cellLayout(extent);
  for (const array of data.cellData.arrays) {
    const piece = allocateLike(array, numberOfCells);
    forEachRow(cells, targetCells, sourceCells, (t, s, n) => copyTuples(piece, t, array, s, n));
    out.cellData.add(piece);
  }
  out.pointData.copyActiveFrom(data.pointData);
  out.cellData.copyActiveFrom(data.cellData);
  copyFields(out.fieldData, data.fieldData);
  return out;
}

/** Tuples `ids` of `array`, in that order. */
function gather(array: AnyArray, ids: ArrayLike<number>): AnyArray {
  const out = allocateLike(array, ids.length);
  for (let i = 0; i < ids.length; i++) copyTuples(out, i, array, ids[i], 1);
  return out;
}

function sliceTuples(array: AnyArray, start: number, length: number): AnyArray {
  const out = allocateLike(array, length);
  copyTuples(out, 0, array, start, length);
  return out;
}

/** Cells [first, first + n) of `cells`, with point ids mapped through `newId`. */
function sliceCells(cells: CellArray, first: number, n: number, newId: Int32Array | Float64Array): CellArray {
  const start = cells.offsets[first];
  const end = cells.offsets[first + n];
  const offsets: IndexArray = new Int32Array(n + 1);
  for (let i = 0; i <= n; i++) offsets[i] = cells.offsets[first + i] - start;
  const connectivity: IndexArray = new Int32Array(end - start);
  for (let i = start; i < end; i++) connectivity[i - start] = newId[cells.connectivity[i]];
  return { offsets, connectivity };
}

/** Marks the points used by cells [first, first + n) of each cell array. */
function markUsed(used: Uint8Array, ranges: readonly { cells: CellArray; first: number; n: number }[]): void {
  for (const { cells, first, n } of ranges) {
    for (let i = cells.offsets[first]; i < cells.offsets[first + n]; i++) used[cells.connectivity[i]] = 1;
  }
}

/** Old point id → new id for the used points (kept in their original order); the kept ids. */
function compact(used: Uint8Array): { newId: Int32Array; kept: Int32Array } {
  const newId = new Int32Array(used.length).fill(-1);
  let n = 0;
  for (let i = 0; i < used.length; i++) if (used[i]) newId[i] = n++;
  const kept = new Int32Array(n);
  for (let i = 0; i < used.length; i++) if (used[i]) kept[newId[i]] = i;
  return { newId, kept };
}

function withPoints<T extends PointSetDataSet>(piece: T, data: PointSetDataSet, kept: Int32Array): T {
  for (const array of data.pointData.arrays) piece.pointData.add(gather(array, kept));
  piece.pointData.copyActiveFrom(data.pointData);
  copyFields(piece.fieldData, data.fieldData);
  return piece;
}

/** The face streams of cells [first, first + n), still with the old point ids (marked in `used`). */
function polyhedronSlice(
  faces: PolyhedronFaces,
  first: number,
  n: number,
  used: Uint8Array,
): PolyhedronFaces {
  const stream: number[] = [];
  const faceOffsets = new Int32Array(n).fill(-1);
  for (let c = 0; c < n; c++) {
    let at = faces.faceOffsets[first + c];
    if (at < 0) continue;
    faceOffsets[c] = stream.length;
    const numberOfFaces = faces.faces[at++];
    stream.push(numberOfFaces);
    for (let f = 0; f < numberOfFaces; f++) {
      const size = faces.faces[at++];
      stream.push(size);
      for (let k = 0; k < size; k++) {
        const id = faces.faces[at++];
        used[id] = 1;
        stream.push(id);
      }
    }
  }
  return { faces: Int32Array.from(stream), faceOffsets };
}

/** Cuts a PolyData or UnstructuredGrid into runs of consecutive cells. */
export function splitPointSet(data: PointSetDataSet, numberOfPieces: number): PointSetDataSet[] {
  const total = data.type === 'PolyData' ? kindsOf(data).reduce((s, k) => s + k.n, 0) : data.cellTypes.length;
  const pieces = Math.max(1, Math.min(Math.floor(numberOfPieces), total));
  const out: PointSetDataSet[] = [];
  for (let p = 0; p < pieces; p++) {
    const first = Math.floor((p * total) / pieces);
    const last = Math.floor(((p + 1) * total) / pieces);
    out.push(data.type === 'PolyData' ? polyPiece(data, first, last) : gridPiece(data, first, last));
  }
  return out;
}

const KINDS = ['verts', 'lines', 'polys', 'strips'] as const;

function kindsOf(data: PolyData) {
  let start = 0;
  return KINDS.map((kind) => {
    const n = data[kind].offsets.length - 1;
    const entry = { kind, start, n };
    start += n;
    return entry;
  });
}

function polyPiece(data: PolyData, first: number, last: number): PolyData {
  const ranges = kindsOf(data).map(({ kind, start, n }) => {
    const from = Math.max(first, start);
    const to = Math.min(last, start + n);
    return { kind, cells: data[kind], first: from - start, n: Math.max(0, to - from) };
  });
  const used = new Uint8Array(data.points.numberOfTuples);
  markUsed(used, ranges);
  const { newId, kept } = compact(used);
  const cellsOf = (kind: (typeof KINDS)[number]) => {
    const range = ranges.find((r) => r.kind === kind)!;
    return sliceCells(range.cells, range.first, range.n, newId);
  };
  const piece = createPolyData({
    points: gather(data.points, kept) as DataArray,
    verts: cellsOf('verts'),
    lines: cellsOf('lines'),
    polys: cellsOf('polys'),
    strips: cellsOf('strips'),
  });
  for (const array of data.cellData.arrays) piece.cellData.add(sliceTuples(array, first, last - first));
  piece.cellData.copyActiveFrom(data.cellData);
  return withPoints(piece, data, kept);
}

function gridPiece(data: UnstructuredGrid, first: number, last: number): UnstructuredGrid {
  const n = last - first;
  const used = new Uint8Array(data.points.numberOfTuples);
  markUsed(used, [{ cells: data.cells, first, n }]);
  const faces = data.polyhedronFaces ? polyhedronSlice(data.polyhedronFaces, first, n, used) : undefined;
  const { newId, kept } = compact(used);
  if (faces) {
    // The stream holds old ids; counts sit where the walk put them, so walk again to map ids.
    const stream = faces.faces as Int32Array;
    for (let c = 0; c < n; c++) {
      let at = faces.faceOffsets[c];
      if (at < 0) continue;
      const numberOfFaces = stream[at++];
      for (let f = 0; f < numberOfFaces; f++) {
        const size = stream[at++];
        for (let k = 0; k < size; k++, at++) stream[at] = newId[stream[at]];
      }
    }
  }
  const piece = createUnstructuredGrid({
    points: gather(data.points, kept) as DataArray,
    cells: sliceCells(data.cells, first, n, newId),
    cellTypes: data.cellTypes.slice(first, last),
    polyhedronFaces: faces,
  });
  for (const array of data.cellData.arrays) piece.cellData.add(sliceTuples(array, first, n));
  piece.cellData.copyActiveFrom(data.cellData);
  return withPoints(piece, data, kept);
}

/** Pieces of any dataset, with the extent each structured piece covers. */
export function splitDataSet(data: DataSet, numberOfPieces: number): { data: DataSet; extent?: Extent }[] {
  if (data.type === 'PolyData' || data.type === 'UnstructuredGrid') {
    return splitPointSet(data, numberOfPieces).map((piece) => ({ data: piece }));
  }
  return slabExtents(data.extent, numberOfPieces).map((extent) => ({
    data: extractExtent(data, extent),
    extent,
  }));
}
