/**
 * External surface of a dataset given cell by cell (vtkDataSetSurfaceFilter's
 * UnstructuredGridExecute): vertices and lines are kept, 2D cells are kept, and the faces of 3D
 * cells that no other cell shares become polygons.
 *
 * Faces are matched without string keys: every face is filed under its smallest point id
 * (a CSR bucket table over typed arrays), and only faces in the same bucket are compared.
 * Output order follows VTK: verts, lines, 2D cells, then boundary faces by smallest point id;
 * output points are numbered in order of first use, as VTK does.
 */
import { CellType } from '../../data/cell-types.js';
import { DataArray } from '../../data/data-array.js';
import { createPolyData, type DataSet, type PolyData } from '../../data/dataset.js';
import { gatherAttributes } from '../cell-access/attributes.js';
import { loopMonitor } from '../cell-access/blocks.js';
import {
  type CellSource,
  cellSourceOf,
  maxPolyhedronFaceSize,
  polyhedronFace,
  polyhedronFaceCount,
} from '../cell-access/cells.js';
import { CellArrayBuilder, Int32Buffer } from '../cell-access/growable.js';
import { pointCoordinates } from '../cell-access/points.js';
import {
  CELL_DIMENSION,
  CELL_IS_LINEAR,
  type CellFace,
  cellFaces,
  PACKED_FACES,
  segmentsOf,
  triangulateFace,
} from '../cell-access/topology.js';
import type { FilterContext } from '../types.js';

export interface UnstructuredSurfaceOptions {
  /** ≥ 1 splits nonlinear faces and edges into linear pieces through their mid-side nodes. */
  nonlinearSubdivisionLevel: number;
}

type Grid = Extract<DataSet, { type: 'UnstructuredGrid' }>;

/** Collects output cells and numbers output points in order of first use. */
class SurfaceBuilder {
  readonly verts = new CellArrayBuilder();
  readonly lines = new CellArrayBuilder();
  readonly polys = new CellArrayBuilder();
  readonly vertCells = new Int32Buffer();
  readonly lineCells = new Int32Buffer();
  readonly polyCells = new Int32Buffer();
  readonly usedPoints = new Int32Buffer();
  readonly #pointMap: Int32Array;

  constructor(numberOfPoints: number) {
    this.#pointMap = new Int32Array(numberOfPoints).fill(-1);
  }

  outputPoint(id: number): number {
    let out = this.#pointMap[id];
    if (out < 0) {
      out = this.usedPoints.length;
      this.#pointMap[id] = out;
      this.usedPoints.push(id);
    }
    return out;
  }

  /** Adds one cell to `target` made of input points `ids[local[k]]` (or ids[k] without local). */
  emit(
    target: CellArrayBuilder,
    sources: Int32Buffer,
    sourceCell: number,
    ids: ArrayLike<number>,
    count: number,
    local?: ArrayLike<number>,
    first = 0,
  ): void {
    const c = target.connectivity;
    c.reserve(count);
    for (let k = 0; k < count; k++) c.data[c.length++] = this.outputPoint(ids[local ? local[first + k] : k]);
    target.endCell();
    sources.push(sourceCell);
  }
}

/** VTK's rotation of a face so that its smallest point id comes first, orientation kept. */
function rotateToSmallest(ids: Int32Array, count: number, scratch: Int32Array): void {
  let best = 0;
  for (let k = 1; k < count; k++) if (ids[k] < ids[best]) best = k;
  if (best === 0) return;
  for (let k = 0; k < count; k++) scratch[k] = ids[(best + k) % count];
  ids.set(scratch.subarray(0, count));
}

interface FlatCells {
  types: Uint8Array;
  offsets: ArrayLike<number>;
  connectivity: ArrayLike<number>;
}

/** Cell types and point lists as flat arrays (an unstructured grid's own; others are listed). */
function flatCells(input: DataSet, source: CellSource): FlatCells {
  if (input.type === 'UnstructuredGrid') {
    return { types: input.cellTypes, offsets: input.cells.offsets, connectivity: input.cells.connectivity };
  }
  const n = source.numberOfCells;
  const types = new Uint8Array(n);
  const offsets = new Int32Array(n + 1);
  const connectivity = new Int32Buffer(n * source.maxCellSize);
  const ids = new Int32Array(source.maxCellSize);
  for (let c = 0; c < n; c++) {
    types[c] = source.cellType(c);
    const count = source.cellPointIds(c, ids);
    for (let k = 0; k < count; k++) connectivity.push(ids[k]);
    offsets[c + 1] = connectivity.length;
  }
  return { types, offsets, connectivity: connectivity.data };
}

export function unstructuredSurface(
  input: DataSet,
  options: UnstructuredSurfaceOptions,
  context: FilterContext,
): PolyData {
  const source = cellSourceOf(input);
  const grid: Grid | undefined = input.type === 'UnstructuredGrid' ? input : undefined;
  const { types, offsets, connectivity } = flatCells(input, source);
  const subdivide = options.nonlinearSubdivisionLevel >= 1;
  const numberOfCells = source.numberOfCells;
  const numberOfPoints = source.numberOfPoints;
  const maxFace = Math.max(16, source.maxCellSize, grid ? maxPolyhedronFaceSize(grid) : 0);
  const ids = new Int32Array(Math.max(source.maxCellSize, 1));
  const faceIds = new Int32Array(maxFace);
  const scratch = new Int32Array(maxFace);
  const tick = loopMonitor(context, 3 * numberOfCells, 'ExtractSurface');
  const dimensionOf = CELL_DIMENSION;

  const cells: FlatCells = { types, offsets, connectivity };
  const counted = countFaces(cells, grid, numberOfPoints, faceIds, tick);
  const { bucketStart, has2D, hasVerts } = counted;
  const filed = fileFaces(cells, grid, counted, faceIds, tick);

  const visible = findUniqueFaces(cells, grid, bucketStart, filed, maxFace);
  const { cell: faceCell, local: faceLocal } = filed;

  const out = new SurfaceBuilder(numberOfPoints);
  if (hasVerts) {
    for (let cell = 0; cell < numberOfCells; cell++) {
      if (dimensionOf[types[cell]] !== 0) continue;
      const n = source.cellPointIds(cell, ids);
      if (n > 0) out.emit(out.verts, out.vertCells, cell, ids, n);
    }
  }
  for (let cell = 0; cell < numberOfCells; cell++) {
    const type = types[cell];
    if (dimensionOf[type] !== 1) continue;
    const n = source.cellPointIds(cell, ids);
    if (CELL_IS_LINEAR[type]) {
      out.emit(out.lines, out.lineCells, cell, ids, n);
    } else {
      const segments = segmentsOf(type, n);
      for (let s = 0; s < segments.length; s += 2)
        out.emit(out.lines, out.lineCells, cell, ids, 2, segments, s);
    }
  }
  if (has2D) emitSurfaceCells(source, out, ids, subdivide);

  // Boundary faces, bucket by bucket.
  for (let bucket = 0; bucket < numberOfPoints; bucket++) {
    for (let slot = bucketStart[bucket]; slot < bucketStart[bucket + 1]; slot++) {
      if (!visible[slot]) continue;
      const cell = faceCell[slot];
      const type = types[cell];
      const n = source.cellPointIds(cell, ids);
      if (type === CellType.POLYHEDRON && grid) {
        const count = polyhedronFace(grid, cell, faceLocal[slot], faceIds);
        rotateToSmallest(faceIds, count, scratch);
        out.emit(out.polys, out.polyCells, cell, faceIds, count);
        continue;
      }
      const face = cellFaces(type)![faceLocal[slot]];
      emitFace(out, cell, ids, n, face, subdivide, faceIds, scratch);
    }
    if ((bucket & 0xffff) === 0) tick(2 * numberOfCells);
  }

  return buildOutput(input, out);
}

interface CountedFaces {
  /** Per bucket (smallest point id) its first slot, shifted by one until `fileFaces` runs. */
  bucketStart: Int32Array;
  totalFaces: number;
  has2D: boolean;
  hasVerts: boolean;
}

/**
 * Pass 1: counts the faces of 3D cells per bucket (their smallest corner id). Counts land two
 * places up so that, after the prefix sum, filing each face at `bucketStart[min + 1]++` leaves
 * `bucketStart[p]` holding the first slot of bucket p.
 */
function countFaces(
  cells: FlatCells,
  grid: Grid | undefined,
  numberOfPoints: number,
  faceIds: Int32Array,
  tick: (step: number) => void,
): CountedFaces {
  const { types, offsets, connectivity } = cells;
  // Module bindings read through getters under some loaders: keep the tables in locals.
  const dimensionOf = CELL_DIMENSION;
  const { first: faceFirst, count: faceCount, start: faceStart, corners: faceCorners } = PACKED_FACES;
  const bucketStart = new Int32Array(numberOfPoints + 2);
  let has2D = false;
  let hasVerts = false;
  let totalFaces = 0;
  const numberOfCells = types.length;
  for (let cell = 0; cell < numberOfCells; cell++) {
    tick(cell);
    const type = types[cell];
    const dimension = dimensionOf[type];
    if (dimension === 3) {
      const faces = faceCount[type];
      if (faces > 0) {
        const base = offsets[cell];
        const first = faceFirst[type];
        for (let f = first; f < first + faces; f++) {
          let min = connectivity[base + faceCorners[faceStart[f]]];
          for (let k = faceStart[f] + 1; k < faceStart[f + 1]; k++) {
            const id = connectivity[base + faceCorners[k]];
            if (id < min) min = id;
          }
          bucketStart[min + 2]++;
        }
        totalFaces += faces;
      } else if (type === CellType.POLYHEDRON && grid) {
        const faces = polyhedronFaceCount(grid, cell);
        for (let f = 0; f < faces; f++)
          bucketStart[smallest(faceIds, polyhedronFace(grid, cell, f, faceIds)) + 2]++;
        totalFaces += faces;
      }
    } else if (dimension === 2) {
      has2D = true;
    } else if (dimension === 0) {
      hasVerts = true;
    }
  }
  for (let p = 2; p < bucketStart.length; p++) bucketStart[p] += bucketStart[p - 1];
  return { bucketStart, totalFaces, has2D, hasVerts };
}

/**
 * Pass 2: files every face under its bucket with its identity: the corner count and the sorted
 * corners after the smallest (the bucket itself), enough to match faces of up to four corners.
 */
function fileFaces(
  cells: FlatCells,
  grid: Grid | undefined,
  counted: CountedFaces,
  faceIds: Int32Array,
  tick: (step: number) => void,
): FiledFaces {
  const { types, offsets, connectivity } = cells;
  const { bucketStart, totalFaces } = counted;
  const dimensionOf = CELL_DIMENSION;
  const { first: faceFirst, count: faceCount, start: faceStart, corners: faceCorners } = PACKED_FACES;
  const cell = new Int32Array(totalFaces);
  const local = new Uint16Array(totalFaces);
  const size = new Uint8Array(totalFaces);
  const key = new Int32Array(3 * totalFaces);
  const file = (c: number, f: number, count: number): void => {
    sortIds(faceIds, count);
    const slot = bucketStart[faceIds[0] + 1]++;
    cell[slot] = c;
    local[slot] = f;
    size[slot] = Math.min(count, 255);
    key[3 * slot] = faceIds[1];
    key[3 * slot + 1] = faceIds[2];
    key[3 * slot + 2] = count > 3 ? faceIds[3] : -1;
  };
  if (totalFaces === 0) return { cell, local, size, key };
  const numberOfCells = types.length;
  for (let c = 0; c < numberOfCells; c++) {
    tick(numberOfCells + c);
    const type = types[c];
    if (dimensionOf[type] !== 3) continue;
    const faces = faceCount[type];
    if (faces > 0) {
      const base = offsets[c];
      const first = faceFirst[type];
      for (let f = 0; f < faces; f++) {
        const g = first + f;
        const from = faceStart[g];
        const count = faceStart[g + 1] - from;
        for (let k = 0; k < count; k++) faceIds[k] = connectivity[base + faceCorners[from + k]];
        file(c, f, count);
      }
    } else if (type === CellType.POLYHEDRON && grid) {
      const faces = polyhedronFaceCount(grid, c);
      for (let f = 0; f < faces; f++) file(c, f, polyhedronFace(grid, c, f, faceIds));
    }
  }
  return { cell, local, size, key };
}

function smallest(ids: Int32Array, count: number): number {
  let min = ids[0];
  for (let k = 1; k < count; k++) if (ids[k] < min) min = ids[k];
  return min;
}

function emitFace(
  out: SurfaceBuilder,
  cell: number,
  ids: Int32Array,
  _n: number,
  face: CellFace,
  subdivide: boolean,
  faceIds: Int32Array,
  scratch: Int32Array,
): void {
  if (face.nodes.length === face.corners.length || !subdivide) {
    const corners = face.corners;
    for (let k = 0; k < corners.length; k++) faceIds[k] = ids[corners[k]];
    rotateToSmallest(faceIds, corners.length, scratch);
    out.emit(out.polys, out.polyCells, cell, faceIds, corners.length);
    return;
  }
  const nodes = face.nodes;
  for (let k = 0; k < nodes.length; k++) faceIds[k] = ids[nodes[k]];
  const triangles = triangulateFace(face.type, nodes.length);
  for (let t = 0; t < triangles.length; t += 3)
    out.emit(out.polys, out.polyCells, cell, faceIds, 3, triangles, t);
}

/** 2D cells go to the output as they are (pixels reordered, strips and nonlinear cells split). */
function emitSurfaceCells(
  source: CellSource,
  out: SurfaceBuilder,
  ids: Int32Array,
  subdivide: boolean,
): void {
  const pixelOrder = [0, 1, 3, 2];
  for (let cell = 0; cell < source.numberOfCells; cell++) {
    const type = source.cellType(cell);
    if (CELL_DIMENSION[type] !== 2) continue;
    const n = source.cellPointIds(cell, ids);
    if (type === CellType.PIXEL) {
      out.emit(out.polys, out.polyCells, cell, ids, 4, pixelOrder);
    } else if (type === CellType.TRIANGLE_STRIP) {
      const triangles = triangulateFace(type, n);
      for (let t = 0; t < triangles.length; t += 3)
        out.emit(out.polys, out.polyCells, cell, ids, 3, triangles, t);
    } else if (CELL_IS_LINEAR[type]) {
      out.emit(out.polys, out.polyCells, cell, ids, n);
    } else if (subdivide && triangulateFace(type, n).length > 0 && type !== CellType.QUADRATIC_POLYGON) {
      const triangles = triangulateFace(type, n);
      for (let t = 0; t < triangles.length; t += 3)
        out.emit(out.polys, out.polyCells, cell, ids, 3, triangles, t);
    } else {
      // Level 0 (or a type without a known split): the linear polygon through the corners.
      const corners = type === CellType.QUADRATIC_POLYGON ? n / 2 : isTriangular(type) ? 3 : 4;
      out.emit(out.polys, out.polyCells, cell, ids, Math.min(corners, n));
    }
  }
}

function isTriangular(type: number): boolean {
  return (
    type === CellType.QUADRATIC_TRIANGLE ||
    type === CellType.BIQUADRATIC_TRIANGLE ||
    type === CellType.LAGRANGE_TRIANGLE ||
    type === CellType.BEZIER_TRIANGLE
  );
}

interface FiledFaces {
  cell: Int32Array;
  local: Uint16Array;
  size: Uint8Array;
  key: Int32Array;
}

/** In-place ascending sort of the first `count` ids (faces have a handful of corners). */
function sortIds(ids: Int32Array, count: number): void {
  for (let k = 1; k < count; k++) {
    const v = ids[k];
    let m = k - 1;
    while (m >= 0 && ids[m] > v) {
      ids[m + 1] = ids[m];
      m--;
    }
    ids[m + 1] = v;
  }
}

/**
 * Marks the faces that appear once (VTK hides every face found twice or more). Faces in one
 * bucket share their smallest id, so two faces are the same when their sizes and keys match;
 * faces of more than four corners are then compared in full.
 */
function findUniqueFaces(
  cells: FlatCells,
  grid: Grid | undefined,
  bucketStart: Int32Array,
  faces: FiledFaces,
  maxFace: number,
): Uint8Array {
  const { size, key } = faces;
  const visible = new Uint8Array(size.length);
  const a = new Int32Array(maxFace);
  const b = new Int32Array(maxFace);
  const buckets = bucketStart.length - 2;
  for (let bucket = 0; bucket < buckets; bucket++) {
    const begin = bucketStart[bucket];
    const end = bucketStart[bucket + 1];
    for (let f = begin; f < end; f++) visible[f] = 1;
    for (let f = begin; f < end; f++) {
      const kf = 3 * f;
      for (let g = f + 1; g < end; g++) {
        const kg = 3 * g;
        if (
          size[f] !== size[g] ||
          key[kf] !== key[kg] ||
          key[kf + 1] !== key[kg + 1] ||
          key[kf + 2] !== key[kg + 2]
        ) {
          continue;
        }
        if (size[f] > 4 && !sameCorners(cells, grid, faces, f, g, a, b)) continue;
        visible[f] = 0;
        visible[g] = 0;
      }
    }
  }
  return visible;
}

function sameCorners(
  cells: FlatCells,
  grid: Grid | undefined,
  faces: FiledFaces,
  f: number,
  g: number,
  a: Int32Array,
  b: Int32Array,
): boolean {
  const n = faceCorners(cells, grid, faces.cell[f], faces.local[f], a);
  if (faceCorners(cells, grid, faces.cell[g], faces.local[g], b) !== n) return false;
  sortIds(a, n);
  sortIds(b, n);
  for (let k = 0; k < n; k++) if (a[k] !== b[k]) return false;
  return true;
}

function faceCorners(
  cells: FlatCells,
  grid: Grid | undefined,
  cell: number,
  local: number,
  out: Int32Array,
): number {
  const type = cells.types[cell];
  if (type === CellType.POLYHEDRON) return grid ? polyhedronFace(grid, cell, local, out) : 0;
  const g = PACKED_FACES.first[type] + local;
  const from = PACKED_FACES.start[g];
  const count = PACKED_FACES.start[g + 1] - from;
  const base = cells.offsets[cell];
  for (let k = 0; k < count; k++) out[k] = cells.connectivity[base + PACKED_FACES.corners[from + k]];
  return count;
}

function buildOutput(input: DataSet, out: SurfaceBuilder): PolyData {
  const coordinates = pointCoordinates(input);
  const used = out.usedPoints.toArray();
  const points =
    coordinates instanceof Float32Array
      ? new Float32Array(3 * used.length)
      : new Float64Array(3 * used.length);
  for (let i = 0; i < used.length; i++) {
    const s = 3 * used[i];
    points[3 * i] = coordinates[s];
    points[3 * i + 1] = coordinates[s + 1];
    points[3 * i + 2] = coordinates[s + 2];
  }
  const output = createPolyData({
    points: new DataArray({ name: 'Points', values: points, numberOfComponents: 3 }),
    verts: out.verts.build(),
    lines: out.lines.build(),
    polys: out.polys.build(),
  });
  output.pointData = gatherAttributes(input.pointData, used, used.length, { globalIds: true });
  const cellSources = new Int32Array(out.vertCells.length + out.lineCells.length + out.polyCells.length);
  cellSources.set(out.vertCells.data.subarray(0, out.vertCells.length), 0);
  cellSources.set(out.lineCells.data.subarray(0, out.lineCells.length), out.vertCells.length);
  cellSources.set(
    out.polyCells.data.subarray(0, out.polyCells.length),
    out.vertCells.length + out.lineCells.length,
  );
  output.cellData = gatherAttributes(input.cellData, cellSources, cellSources.length, { globalIds: true });
  output.fieldData = input.fieldData;
  return output;
}
