/**
 * Uniform access to the cells and points of every dataset kind, for the per-cell kernels
 * (contour of unstructured data, clip, threshold, slice). Structured kinds produce VTK's implicit
 * cells: voxels/pixels on image and rectilinear grids, hexahedra/quads on curvilinear grids.
 */

import type { CellArray } from '../data/cell-array.js';
import { CellType } from '../data/cell-types.js';
import type { DataSet } from '../data/dataset.js';
import { dimensionsOf, numberOfCells, numberOfPoints } from '../data/queries.js';

/** Called per cell with its VTK type and point ids (a reused buffer: copy what you keep). */
export type CellVisitor = (cellId: number, type: number, ids: Int32Array, count: number) => void;

/** Largest cell the visitor buffer holds; bigger polygons are rare and rejected. */
const MAX_CELL_POINTS = 4096;

function visitCellArray(
  cells: CellArray,
  firstId: number,
  typeOf: (size: number) => number,
  visitor: CellVisitor,
  ids: Int32Array,
): number {
  const { offsets, connectivity } = cells;
  const n = offsets.length - 1;
  for (let c = 0; c < n; c++) {
    const start = offsets[c];
    const size = offsets[c + 1] - start;
    if (size > MAX_CELL_POINTS)
      throw new RangeError(`cell ${firstId + c} has ${size} points (max ${MAX_CELL_POINTS})`);
    for (let k = 0; k < size; k++) ids[k] = connectivity[start + k];
    visitor(firstId + c, typeOf(size), ids, size);
  }
  return firstId + Math.max(0, n);
}

/** Visits cells [start, end) (default: all) in VTK cell-id order. */
export function visitCells(data: DataSet, visitor: CellVisitor, start = 0, end = numberOfCells(data)): void {
  const ids = new Int32Array(MAX_CELL_POINTS);
  switch (data.type) {
    case 'UnstructuredGrid': {
      const { offsets, connectivity } = data.cells;
      for (let c = start; c < end; c++) {
        const first = offsets[c];
        const size = offsets[c + 1] - first;
        if (size > MAX_CELL_POINTS)
          throw new RangeError(`cell ${c} has ${size} points (max ${MAX_CELL_POINTS})`);
        for (let k = 0; k < size; k++) ids[k] = connectivity[first + k];
        visitor(c, data.cellTypes[c], ids, size);
      }
      return;
    }
    case 'PolyData': {
      // Cell ids run through verts, lines, polys, strips; ranges are not split for poly data.
      let id = 0;
      const filter: CellVisitor = (cellId, type, cellIds, count) => {
        if (cellId >= start && cellId < end) visitor(cellId, type, cellIds, count);
      };
      id = visitCellArray(
        data.verts,
        id,
        (n) => (n === 1 ? CellType.VERTEX : CellType.POLY_VERTEX),
        filter,
        ids,
      );
      id = visitCellArray(data.lines, id, (n) => (n === 2 ? CellType.LINE : CellType.POLY_LINE), filter, ids);
      id = visitCellArray(
        data.polys,
        id,
        (n) => (n === 3 ? CellType.TRIANGLE : n === 4 ? CellType.QUAD : CellType.POLYGON),
        filter,
        ids,
      );
      visitCellArray(data.strips, id, () => CellType.TRIANGLE_STRIP, filter, ids);
      return;
    }
    default:
      visitStructuredCells(data.extent, data.type === 'StructuredGrid', visitor, ids, start, end);
  }
}

function visitStructuredCells(
  extent: [number, number, number, number, number, number],
  curvilinear: boolean,
  visitor: CellVisitor,
  ids: Int32Array,
  start: number,
  end: number,
): void {
  const dims = dimensionsOf(extent);
  // Axes with more than one point carry cells; the cell grid has one cell less on them.
  const axes = [0, 1, 2].filter((a) => dims[a] > 1);
  const strides = [1, dims[0], dims[0] * dims[1]];
  const cellDims = axes.map((a) => dims[a] - 1);
  const dimension = axes.length;
  for (let c = start; c < end; c++) {
    let rest = c;
    let base = 0;
    for (let d = 0; d < dimension; d++) {
      const index = rest % cellDims[d];
      rest = Math.floor(rest / cellDims[d]);
      base += index * strides[axes[d]];
    }
    if (dimension === 0) {
      ids[0] = 0;
      visitor(c, CellType.VERTEX, ids, 1);
    } else if (dimension === 1) {
      ids[0] = base;
      ids[1] = base + strides[axes[0]];
      visitor(c, CellType.LINE, ids, 2);
    } else if (dimension === 2) {
      const u = strides[axes[0]];
      const v = strides[axes[1]];
      if (curvilinear) {
        ids[0] = base;
        ids[1] = base + u;
        ids[2] = base + u + v;
        ids[3] = base + v;
        visitor(c, CellType.QUAD, ids, 4);
      } else {
        ids[0] = base;
        ids[1] = base + u;
        ids[2] = base + v;
        ids[3] = base + u + v;
        visitor(c, CellType.PIXEL, ids, 4);
      }
    } else {
      const [sx, sy, sz] = strides;
      if (curvilinear) {
        ids[0] = base;
        ids[1] = base + sx;
        ids[2] = base + sx + sy;
        ids[3] = base + sy;
        ids[4] = base + sz;
        ids[5] = base + sx + sz;
        ids[6] = base + sx + sy + sz;
        ids[7] = base + sy + sz;
        visitor(c, CellType.HEXAHEDRON, ids, 8);
      } else {
        ids[0] = base;
        ids[1] = base + sx;
        ids[2] = base + sy;
        ids[3] = base + sx + sy;
        ids[4] = base + sz;
        ids[5] = base + sx + sz;
        ids[6] = base + sy + sz;
        ids[7] = base + sx + sy + sz;
        visitor(c, CellType.VOXEL, ids, 8);
      }
    }
  }
}

/**
 * Point coordinates of any dataset as one Float64Array (x y z per point). Explicit points are
 * converted; structured points are computed. Costs 24 bytes per point: for per-cell kernels.
 */
export function pointCoordinates(data: DataSet): Float64Array {
  const n = numberOfPoints(data);
  const out = new Float64Array(3 * n);
  switch (data.type) {
    case 'PolyData':
    case 'UnstructuredGrid':
    case 'StructuredGrid': {
      const v = data.points.values;
      for (let i = 0; i < 3 * n; i++) out[i] = Number(v[i]);
      return out;
    }
    case 'RectilinearGrid': {
      const [nx, ny, nz] = dimensionsOf(data.extent);
      let p = 0;
      for (let k = 0; k < nz; k++) {
        const z = data.zCoordinates.getComponent(k, 0);
        for (let j = 0; j < ny; j++) {
          const y = data.yCoordinates.getComponent(j, 0);
          for (let i = 0; i < nx; i++) {
            out[p++] = data.xCoordinates.getComponent(i, 0);
            out[p++] = y;
            out[p++] = z;
          }
        }
      }
      return out;
    }
    case 'ImageData': {
      const [nx, ny, nz] = dimensionsOf(data.extent);
      const { origin, spacing, direction: d, extent } = data;
      let p = 0;
      for (let k = 0; k < nz; k++) {
        const z = (k + extent[4]) * spacing[2];
        for (let j = 0; j < ny; j++) {
          const y = (j + extent[2]) * spacing[1];
          for (let i = 0; i < nx; i++) {
            const x = (i + extent[0]) * spacing[0];
            out[p++] = origin[0] + d[0] * x + d[1] * y + d[2] * z;
            out[p++] = origin[1] + d[3] * x + d[4] * y + d[5] * z;
            out[p++] = origin[2] + d[6] * x + d[7] * y + d[8] * z;
          }
        }
      }
      return out;
    }
  }
}
