/**
 * One way to walk the cells of any dataset kind, as VTK's `GetCellType`/`GetCellPoints` do:
 * structured kinds generate their cells implicitly (voxel/pixel for image and rectilinear data,
 * hexahedron/quad for structured grids), PolyData lists verts, lines, polys then strips, and
 * unstructured grids read their arrays. Nothing here allocates per cell.
 */
import { CellType } from '../../data/cell-types.js';
import type { DataSet, Extent } from '../../data/dataset.js';
import { dimensionsOf } from '../../data/queries.js';

export interface CellSource {
  readonly numberOfCells: number;
  readonly numberOfPoints: number;
  /** Upper bound on the points of any one cell (size scratch buffers with it). */
  readonly maxCellSize: number;
  /** VTK cell type id of `cell`. */
  cellType(cell: number): number;
  /** Writes the point ids of `cell` into `out` and returns how many there are. */
  cellPointIds(cell: number, out: Int32Array): number;
  /**
   * Structured kinds: cell (i, j, k) (i fastest, `cellDims` of them) has the points
   * base + corners[c], base = i + j·nx + k·nx·ny — for loops that walk the cells in order.
   */
  readonly structured?: {
    pointDims: [number, number, number];
    cellDims: [number, number, number];
    corners: Int32Array;
  };
}

/** The cell walker for `data`. */
export function cellSourceOf(data: DataSet): CellSource {
  switch (data.type) {
    case 'ImageData':
    case 'RectilinearGrid':
      return structuredCells(data.extent, true);
    case 'StructuredGrid':
      return structuredCells(data.extent, false);
    case 'PolyData':
      return polyDataCells(data);
    case 'UnstructuredGrid':
      return unstructuredCells(data);
  }
}

/** Cell dimensions of a structured extent: an axis of one point counts as one cell layer. */
export function structuredCellDimensions(extent: Extent): [number, number, number] {
  const [nx, ny, nz] = dimensionsOf(extent);
  return [Math.max(nx - 1, 1), Math.max(ny - 1, 1), Math.max(nz - 1, 1)];
}

function structuredCells(extent: Extent, axisAligned: boolean): CellSource {
  const dims = dimensionsOf(extent);
  const [nx, ny] = dims;
  const [cx, cy] = structuredCellDimensions(extent);
  const empty = dims[0] === 0 || dims[1] === 0 || dims[2] === 0;
  const active = [0, 1, 2].filter((axis) => dims[axis] > 1);
  const strides = [1, nx, nx * ny];
  const dimension = active.length;
  const numberOfCells = empty ? 0 : cx * cy * structuredCellDimensions(extent)[2];
  let type: number;
  // Corner offsets (in point ids) of one cell, in VTK's point order for the cell type.
  let corners: number[];
  if (dimension === 3) {
    type = axisAligned ? CellType.VOXEL : CellType.HEXAHEDRON;
    const [a, b, c] = strides;
    corners = axisAligned
      ? [0, a, b, a + b, c, a + c, b + c, a + b + c]
      : [0, a, a + b, b, c, a + c, a + b + c, b + c];
  } else if (dimension === 2) {
    type = axisAligned ? CellType.PIXEL : CellType.QUAD;
    const a = strides[active[0]];
    const b = strides[active[1]];
    corners = axisAligned ? [0, a, b, a + b] : [0, a, a + b, b];
  } else if (dimension === 1) {
    type = CellType.LINE;
    corners = [0, strides[active[0]]];
  } else {
    type = CellType.VERTEX;
    corners = [0];
  }
  const offsets = Int32Array.from(corners);
  const size = offsets.length;
  return {
    numberOfCells,
    numberOfPoints: empty ? 0 : dims[0] * dims[1] * dims[2],
    maxCellSize: size,
    structured: { pointDims: dims, cellDims: structuredCellDimensions(extent), corners: offsets },
    cellType: () => type,
    cellPointIds(cell, out) {
      const i = cell % cx;
      const j = Math.floor(cell / cx) % cy;
      const k = Math.floor(cell / (cx * cy));
      const base = i + j * nx + k * nx * ny;
      for (let c = 0; c < size; c++) out[c] = base + offsets[c];
      return size;
    },
  };
}

function polyDataCells(data: Extract<DataSet, { type: 'PolyData' }>): CellSource {
  const arrays = [data.verts, data.lines, data.polys, data.strips];
  const starts = new Int32Array(5);
  let maxCellSize = 1;
  for (let a = 0; a < 4; a++) {
    const count = Math.max(0, arrays[a].offsets.length - 1);
    starts[a + 1] = starts[a] + count;
    const o = arrays[a].offsets;
    for (let c = 0; c < count; c++) maxCellSize = Math.max(maxCellSize, o[c + 1] - o[c]);
  }
  const locate = (cell: number): number =>
    cell < starts[2] ? (cell < starts[1] ? 0 : 1) : cell < starts[3] ? 2 : 3;
  return {
    numberOfCells: starts[4],
    numberOfPoints: data.points.numberOfTuples,
    maxCellSize,
    cellType(cell) {
      const a = locate(cell);
      const cells = arrays[a];
      const local = cell - starts[a];
      const n = cells.offsets[local + 1] - cells.offsets[local];
      switch (a) {
        case 0:
          return n === 1 ? CellType.VERTEX : CellType.POLY_VERTEX;
        case 1:
          return n === 2 ? CellType.LINE : CellType.POLY_LINE;
        case 2:
          return n === 3 ? CellType.TRIANGLE : n === 4 ? CellType.QUAD : CellType.POLYGON;
        default:
          return CellType.TRIANGLE_STRIP;
      }
    },
    cellPointIds(cell, out) {
      const a = locate(cell);
      const { offsets, connectivity } = arrays[a];
      const local = cell - starts[a];
      const begin = offsets[local];
      const n = offsets[local + 1] - begin;
      for (let c = 0; c < n; c++) out[c] = connectivity[begin + c];
      return n;
    },
  };
}

function unstructuredCells(data: Extract<DataSet, { type: 'UnstructuredGrid' }>): CellSource {
  const { offsets, connectivity } = data.cells;
  let maxCellSize = 1;
  for (let c = 0; c + 1 < offsets.length; c++)
    maxCellSize = Math.max(maxCellSize, offsets[c + 1] - offsets[c]);
  return {
    numberOfCells: data.cellTypes.length,
    numberOfPoints: data.points.numberOfTuples,
    maxCellSize,
    cellType: (cell) => data.cellTypes[cell],
    cellPointIds(cell, out) {
      const begin = offsets[cell];
      const n = offsets[cell + 1] - begin;
      for (let c = 0; c < n; c++) out[c] = connectivity[begin + c];
      return n;
    },
  };
}

/**
 * Point ids of face `face` of polyhedron `cell` (VTK's XML face stream:
 * [numberOfFaces, n0, ids…, n1, ids…] from faceOffsets[cell]) into `out`; returns the count.
 */
export function polyhedronFace(
  grid: Extract<DataSet, { type: 'UnstructuredGrid' }>,
  cell: number,
  face: number,
  out: Int32Array,
): number {
  const stream = grid.polyhedronFaces;
  if (!stream) return 0;
  let at = stream.faceOffsets[cell];
  if (at < 0) return 0;
  const faces = stream.faces;
  const count = faces[at++];
  if (face >= count) return 0;
  for (let f = 0; f < face; f++) at += faces[at] + 1;
  const n = faces[at++];
  for (let i = 0; i < n; i++) out[i] = faces[at + i];
  return n;
}

/** Number of faces of polyhedron `cell` (0 when the grid has no face stream for it). */
export function polyhedronFaceCount(
  grid: Extract<DataSet, { type: 'UnstructuredGrid' }>,
  cell: number,
): number {
  const stream = grid.polyhedronFaces;
  if (!stream) return 0;
  const at = stream.faceOffsets[cell];
  return at < 0 ? 0 : stream.faces[at];
}

/** Largest face of any polyhedron in the grid (for scratch buffers); 0 without polyhedra. */
export function maxPolyhedronFaceSize(grid: Extract<DataSet, { type: 'UnstructuredGrid' }>): number {
  const stream = grid.polyhedronFaces;
  if (!stream) return 0;
  let max = 0;
  for (let c = 0; c < stream.faceOffsets.length; c++) {
    let at = stream.faceOffsets[c];
    if (at < 0) continue;
    const count = stream.faces[at++];
    for (let f = 0; f < count; f++) {
      const n = stream.faces[at];
      if (n > max) max = n;
      at += n + 1;
    }
  }
  return max;
}
