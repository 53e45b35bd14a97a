/**
 * The cells of any dataset as plain data that crosses the thread boundary (what worker kernels
 * read): implicit cells of structured grids (computed from the cell id) or explicit offsets,
 * connectivity and types. Poly data is flattened to the explicit form first. The cells, their
 * order, types and point order are those of the calling thread's walker (`cells.ts`;
 * cell-list.test.ts holds the two together), with random access and an incremental cursor.
 */
import type { IndexArray } from '../../data/cell-array.js';
import { CellType } from '../../data/cell-types.js';
import { toSharedTypedArray } from '../../data/data-array.js';
import type { DataSet, PolyData } from '../../data/dataset.js';
import { dimensionsOf } from '../../data/queries.js';

export type CellList =
  | {
      kind: 'structured';
      dims: [number, number, number];
      curvilinear: boolean;
      cells: number;
      pointsPerCell: number;
    }
  | { kind: 'explicit'; offsets: IndexArray; connectivity: IndexArray; types: Uint8Array; cells: number };

function polyDataCells(data: PolyData): { offsets: Int32Array; connectivity: Int32Array; types: Uint8Array } {
  const arrays = [data.verts, data.lines, data.polys, data.strips];
  let cells = 0;
  let size = 0;
  for (const a of arrays) {
    cells += a.offsets.length - 1;
    size += a.connectivity.length;
  }
  const offsets = new Int32Array(cells + 1);
  const connectivity = new Int32Array(size);
  const types = new Uint8Array(cells);
  let c = 0;
  let w = 0;
  arrays.forEach((a, kind) => {
    for (let i = 0; i + 1 < a.offsets.length; i++) {
      const n = a.offsets[i + 1] - a.offsets[i];
      for (let k = 0; k < n; k++) connectivity[w++] = a.connectivity[a.offsets[i] + k];
      offsets[c + 1] = w;
      types[c++] =
        kind === 0
          ? n === 1
            ? CellType.VERTEX
            : CellType.POLY_VERTEX
          : kind === 1
            ? n === 2
              ? CellType.LINE
              : CellType.POLY_LINE
            : kind === 2
              ? n === 3
                ? CellType.TRIANGLE
                : n === 4
                  ? CellType.QUAD
                  : CellType.POLYGON
              : CellType.TRIANGLE_STRIP;
    }
  });
  return { offsets, connectivity, types };
}

/** The cells of `data`; with `shared`, explicit arrays are moved onto shared memory. */
export function cellListOf(data: DataSet, shared: boolean): CellList {
  switch (data.type) {
    case 'ImageData':
    case 'RectilinearGrid':
    case 'StructuredGrid': {
      const dims = dimensionsOf(data.extent);
      const cells = dims.reduce((n, d) => (d > 1 ? n * (d - 1) : n), 1);
      return {
        kind: 'structured',
        dims,
        curvilinear: data.type === 'StructuredGrid',
        cells: dims.some((d) => d === 0) ? 0 : cells,
        pointsPerCell: 2 ** dims.filter((d) => d > 1).length,
      };
    }
    case 'UnstructuredGrid': {
      const { offsets, connectivity } = data.cells;
      return {
        kind: 'explicit',
        offsets: shared ? toSharedTypedArray(offsets) : offsets,
        connectivity: shared ? toSharedTypedArray(connectivity) : connectivity,
        types: shared ? toSharedTypedArray(data.cellTypes) : data.cellTypes,
        cells: data.cellTypes.length,
      };
    }
    case 'PolyData': {
      const flat = polyDataCells(data);
      return {
        kind: 'explicit',
        offsets: shared ? toSharedTypedArray(flat.offsets) : flat.offsets,
        connectivity: shared ? toSharedTypedArray(flat.connectivity) : flat.connectivity,
        types: shared ? toSharedTypedArray(flat.types) : flat.types,
        cells: flat.types.length,
      };
    }
  }
}

/**
 * Writes the point ids of `cell` into `ids` and returns its VTK type; the count is
 * `cellSize(source, cell)`. Structured cells are voxels/pixels (hexahedra/quads when curvilinear).
 */
export function cellPoints(source: CellList, cell: number, ids: Int32Array): number {
  if (source.kind === 'explicit') {
    const start = source.offsets[cell];
    const end = source.offsets[cell + 1];
    for (let k = start; k < end; k++) ids[k - start] = source.connectivity[k];
    return source.types[cell];
  }
  const [nx, ny, nz] = source.dims;
  const sy = nx;
  const sz = nx * ny;
  if (nx > 1 && ny > 1 && nz > 1) {
    const cx = nx - 1;
    const cy = ny - 1;
    const i = cell % cx;
    const j = ((cell - i) / cx) % cy;
    const k = (cell - i - j * cx) / (cx * cy);
    const b = i + j * sy + k * sz;
    if (source.curvilinear) {
      ids[0] = b;
      ids[1] = b + 1;
      ids[2] = b + 1 + sy;
      ids[3] = b + sy;
      ids[4] = b + sz;
      ids[5] = b + 1 + sz;
      ids[6] = b + 1 + sy + sz;
      ids[7] = b + sy + sz;
      return CellType.HEXAHEDRON;
    }
    ids[0] = b;
    ids[1] = b + 1;
    ids[2] = b + sy;
    ids[3] = b + 1 + sy;
    ids[4] = b + sz;
    ids[5] = b + 1 + sz;
    ids[6] = b + sy + sz;
    ids[7] = b + 1 + sy + sz;
    return CellType.VOXEL;
  }
  // Lower-dimensional grids: the axes with more than one point carry the cells.
  const strides = [1, sy, sz];
  const axes = [0, 1, 2].filter((a) => source.dims[a] > 1);
  let rest = cell;
  let base = 0;
  for (const a of axes) {
    const n = source.dims[a] - 1;
    base += (rest % n) * strides[a];
    rest = Math.floor(rest / n);
  }
  if (axes.length === 2) {
    const u = strides[axes[0]];
    const v = strides[axes[1]];
    ids[0] = base;
    ids[1] = base + u;
    if (source.curvilinear) {
      ids[2] = base + u + v;
      ids[3] = base + v;
      return CellType.QUAD;
    }
    ids[2] = base + v;
    ids[3] = base + u + v;
    return CellType.PIXEL;
  }
  if (axes.length === 1) {
    ids[0] = base;
    ids[1] = base + strides[axes[0]];
    return CellType.LINE;
  }
  ids[0] = 0;
  return CellType.VERTEX;
}

export function cellSize(source: CellList, cell: number): number {
  if (source.kind === 'explicit') return source.offsets[cell + 1] - source.offsets[cell];
  return source.pointsPerCell;
}

/**
 * Walks cells [start, end) in order, filling `ids` (and returning the type) for each: structured
 * 3D grids advance i, j, k incrementally instead of dividing per cell.
 */
export class CellCursor {
  cell: number;
  type = 0;
  count = 0;
  readonly ids = new Int32Array(4096);
  #i = 0;
  #j = 0;
  #k = 0;
  #fast: boolean;

  constructor(
    readonly source: CellList,
    start: number,
    readonly end: number,
  ) {
    this.cell = start - 1;
    this.#fast = source.kind === 'structured' && source.dims.every((d) => d > 1);
    if (this.#fast && source.kind === 'structured') {
      const cx = source.dims[0] - 1;
      const cy = source.dims[1] - 1;
      // Position the cursor one cell before `start`.
      const before = start - 1;
      if (before >= 0) {
        this.#i = before % cx;
        this.#j = Math.floor(before / cx) % cy;
        this.#k = Math.floor(before / (cx * cy));
      } else {
        this.#i = -1;
      }
    }
  }

  /** Moves to the next cell; false past the end. */
  next(): boolean {
    this.cell++;
    if (this.cell >= this.end) return false;
    const source = this.source;
    if (!this.#fast || source.kind !== 'structured') {
      this.type = cellPoints(source, this.cell, this.ids);
      this.count = cellSize(source, this.cell);
      return true;
    }
    const [nx, ny] = source.dims;
    if (++this.#i === nx - 1) {
      this.#i = 0;
      if (++this.#j === ny - 1) {
        this.#j = 0;
        this.#k++;
      }
    }
    const sy = nx;
    const sz = nx * ny;
    const b = this.#i + this.#j * sy + this.#k * sz;
    const ids = this.ids;
    if (source.curvilinear) {
      ids[0] = b;
      ids[1] = b + 1;
      ids[2] = b + 1 + sy;
      ids[3] = b + sy;
      ids[4] = b + sz;
      ids[5] = b + 1 + sz;
      ids[6] = b + 1 + sy + sz;
      ids[7] = b + sy + sz;
      this.type = CellType.HEXAHEDRON;
    } else {
      ids[0] = b;
      ids[1] = b + 1;
      ids[2] = b + sy;
      ids[3] = b + 1 + sy;
      ids[4] = b + sz;
      ids[5] = b + 1 + sz;
      ids[6] = b + sy + sz;
      ids[7] = b + 1 + sy + sz;
      this.type = CellType.VOXEL;
    }
    this.count = 8;
    return true;
  }
}

/**
 * Cell ranges for `parts` pieces: whole cell planes for 3D grids (kernels walk them row by
 * row), near-equal ranges otherwise.
 */
export function splitCells(source: CellList, parts: number): [number, number][] {
  if (source.kind === 'structured' && source.dims.every((d) => d > 1)) {
    const plane = (source.dims[0] - 1) * (source.dims[1] - 1);
    const planes = source.dims[2] - 1;
    const n = Math.max(1, Math.min(parts, planes));
    const ranges: [number, number][] = [];
    for (let p = 0; p < n; p++) {
      ranges.push([Math.floor((planes * p) / n) * plane, Math.floor((planes * (p + 1)) / n) * plane]);
    }
    return ranges;
  }
  const n = Math.max(1, Math.min(parts, source.cells));
  const ranges: [number, number][] = [];
  for (let p = 0; p < n; p++) {
    ranges.push([Math.floor((source.cells * p) / n), Math.floor((source.cells * (p + 1)) / n)]);
  }
  return ranges;
}
