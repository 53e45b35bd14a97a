/**
 * Dataset kind changes that keep every point and cell: any dataset as an UnstructuredGrid
 * (structured cells listed explicitly), and image/rectilinear data as a StructuredGrid (what
 * VTK's point-moving filters output for implicit geometry).
 */

import { DataArray } from '../../data/data-array.js';
import {
  createStructuredGrid,
  createUnstructuredGrid,
  type DataSet,
  type StructuredGrid,
  type UnstructuredGrid,
} from '../../data/dataset.js';
import { passAttributes } from './attributes.js';
import { cellSourceOf } from './cells.js';
import { Int32Buffer } from './growable.js';
import { pointCoordinates } from './points.js';

/** The same points, cells and arrays as an UnstructuredGrid (arrays shared, not copied). */
export function toUnstructuredGrid(data: DataSet): UnstructuredGrid {
  if (data.type === 'UnstructuredGrid') return data;
  const source = cellSourceOf(data);
  const n = source.numberOfCells;
  const cellTypes = new Uint8Array(n);
  const offsets = new Int32Array(n + 1);
  const connectivity = new Int32Buffer(Math.max(16, n * Math.min(source.maxCellSize, 8)));
  const ids = new Int32Array(source.maxCellSize);
  const structured = source.structured;
  if (structured && n > 0) {
    // The same cells in the same order, a row at a time.
    const [nx, ny] = structured.pointDims;
    const [cx, cy, cz] = structured.cellDims;
    const corners = structured.corners;
    const size = corners.length;
    connectivity.reserve(n * size);
    const to = connectivity.data;
    cellTypes.fill(source.cellType(0));
    let w = 0;
    let c = 0;
    for (let k = 0; k < cz; k++) {
      for (let j = 0; j < cy; j++) {
        const row = j * nx + k * nx * ny;
        for (let i = 0; i < cx; i++) {
          for (let q = 0; q < size; q++) to[w++] = row + i + corners[q];
          offsets[++c] = w;
        }
      }
    }
    connectivity.length = w;
  } else {
    for (let c = 0; c < n; c++) {
      cellTypes[c] = source.cellType(c);
      const count = source.cellPointIds(c, ids);
      connectivity.reserve(count);
      for (let k = 0; k < count; k++) connectivity.data[connectivity.length++] = ids[k];
      offsets[c + 1] = connectivity.length;
    }
  }
  const points =
    data.type === 'PolyData' || data.type === 'StructuredGrid'
      ? data.points
      : new DataArray({ name: 'Points', values: pointCoordinates(data), numberOfComponents: 3 });
  const grid = createUnstructuredGrid({
    points,
    // Structured sources fill the buffer exactly (every cell has maxCellSize points): no copy.
    cells: { offsets, connectivity: connectivity.take() },
    cellTypes,
  });
  grid.pointData = passAttributes(data.pointData);
  grid.cellData = passAttributes(data.cellData);
  grid.fieldData = data.fieldData;
  return grid;
}

/** Image or rectilinear data as a StructuredGrid with explicit points (others unchanged). */
export function toPointSet(data: DataSet): Exclude<DataSet, { type: 'ImageData' | 'RectilinearGrid' }> {
  if (data.type !== 'ImageData' && data.type !== 'RectilinearGrid') return data;
  const grid: StructuredGrid = createStructuredGrid({
    extent: data.extent,
    points: new DataArray({ name: 'Points', values: pointCoordinates(data), numberOfComponents: 3 }),
  });
  grid.pointData = passAttributes(data.pointData);
  grid.cellData = passAttributes(data.cellData);
  grid.fieldData = data.fieldData;
  return grid;
}

/** A shallow copy of `data` with other point/cell attributes (geometry shared). */
export function withAttributes<T extends DataSet>(
  data: T,
  pointData: T['pointData'],
  cellData: T['cellData'],
): T {
  return { ...data, pointData, cellData };
}

/** A shallow copy of a point set with other point coordinates. */
export function withPoints<T extends Exclude<DataSet, { type: 'ImageData' | 'RectilinearGrid' }>>(
  data: T,
  points: DataArray,
): T {
  return {
    ...data,
    points,
    pointData: passAttributes(data.pointData),
    cellData: passAttributes(data.cellData),
  };
}
