/**
 * Random access to the cells of any dataset as plain data that crosses the thread boundary:
 * implicit cells of structured grids (computed from the cell id) or explicit offsets,
 * connectivity and types. Poly data is flattened to the explicit form first.
 */
import type { IndexArray } from '../../data/cell-array.js';
import { CellType } from '../../data/cell-types.js';
import { toSharedTypedArray } from '../../data/data-array.js';
import type { DataSet, PolyData } from '../../data/dataset.js';
import { dimensionsOf } from '../../data/queries.js';

export type CellSource =
  | { kind: 'structured'; dims: [number, number, number]; curvilinear: boolean; cells: number }
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
export function cellSourceOf(data: DataSet, shared: boolean): CellSource {
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
export function cellPoints(source: CellSource, cell: number, ids: Int32Array): number {
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

export function cellSize(source: CellSource, cell: number): number {
  if (source.kind === 'explicit') return source.offsets[cell + 1] - source.offsets[cell];
  const dimension = source.dims.filter((d) => d > 1).length;
  return dimension === 3 ? 8 : dimension === 2 ? 4 : dimension === 1 ? 2 : 1;
}
