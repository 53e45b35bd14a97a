/**
 * Read-only questions about datasets: sizes, bounds, point coordinates, memory.
 * Structured kinds compute their points implicitly; nothing here allocates per point.
 */
import { numberOfCellsIn } from './cell-array.js';
import type { DataArray } from './data-array.js';
import type { Bounds, DataObject, DataSet, Extent, ImageData, Vec3 } from './dataset.js';

/** Points along each axis of an extent (0 for an empty axis). */
export function dimensionsOf(extent: Extent): Vec3 {
  return [
    Math.max(0, extent[1] - extent[0] + 1),
    Math.max(0, extent[3] - extent[2] + 1),
    Math.max(0, extent[5] - extent[4] + 1),
  ];
}

/** VTK's cell count for a structured extent: axes of one point do not count. */
export function structuredCellCount(extent: Extent): number {
  const dims = dimensionsOf(extent);
  if (dims[0] === 0 || dims[1] === 0 || dims[2] === 0) return 0;
  let cells = 1;
  for (const d of dims) if (d > 1) cells *= d - 1;
  return cells;
}

/** Topological dimension of a structured extent (number of axes with more than one point). */
export function structuredDimension(extent: Extent): 0 | 1 | 2 | 3 {
  return dimensionsOf(extent).filter((d) => d > 1).length as 0 | 1 | 2 | 3;
}

export function numberOfPoints(data: DataSet): number {
  switch (data.type) {
    case 'ImageData':
    case 'RectilinearGrid':
    case 'StructuredGrid': {
      const [nx, ny, nz] = dimensionsOf(data.extent);
      return nx * ny * nz;
    }
    case 'PolyData':
    case 'UnstructuredGrid':
      return data.points.numberOfTuples;
  }
}

export function numberOfCells(data: DataSet): number {
  switch (data.type) {
    case 'ImageData':
    case 'RectilinearGrid':
    case 'StructuredGrid':
      return structuredCellCount(data.extent);
    case 'PolyData':
      return (
        numberOfCellsIn(data.verts) +
        numberOfCellsIn(data.lines) +
        numberOfCellsIn(data.polys) +
        numberOfCellsIn(data.strips)
      );
    case 'UnstructuredGrid':
      return data.cellTypes.length;
  }
}

/** World position of an image point given its structured indices. */
export function imagePoint(image: ImageData, i: number, j: number, k: number, out: Vec3 = [0, 0, 0]): Vec3 {
  const d = image.direction;
  const x = i * image.spacing[0];
  const y = j * image.spacing[1];
  const z = k * image.spacing[2];
  out[0] = image.origin[0] + d[0] * x + d[1] * y + d[2] * z;
  out[1] = image.origin[1] + d[3] * x + d[4] * y + d[5] * z;
  out[2] = image.origin[2] + d[6] * x + d[7] * y + d[8] * z;
  return out;
}

/** Coordinates of point `id` (0-based, i fastest for structured kinds). */
export function getPoint(data: DataSet, id: number, out: Vec3 = [0, 0, 0]): Vec3 {
  switch (data.type) {
    case 'ImageData':
    case 'RectilinearGrid': {
      const [nx, ny] = dimensionsOf(data.extent);
      const i = id % nx;
      const j = Math.floor(id / nx) % ny;
      const k = Math.floor(id / (nx * ny));
      if (data.type === 'ImageData') {
        return imagePoint(data, i + data.extent[0], j + data.extent[2], k + data.extent[4], out);
      }
      out[0] = data.xCoordinates.getComponent(i, 0);
      out[1] = data.yCoordinates.getComponent(j, 0);
      out[2] = data.zCoordinates.getComponent(k, 0);
      return out;
    }
    case 'StructuredGrid':
    case 'PolyData':
    case 'UnstructuredGrid': {
      const p = data.points;
      out[0] = p.getComponent(id, 0);
      out[1] = p.getComponent(id, 1);
      out[2] = p.getComponent(id, 2);
      return out;
    }
  }
}

/** Empty bounds as VTK reports them (min > max). */
export const EMPTY_BOUNDS: Bounds = [1, -1, 1, -1, 1, -1];

function coordinateRange(array: DataArray): [number, number] {
  return array.numberOfTuples === 0 ? [1, -1] : array.getRange(0);
}

export function boundsOf(data: DataSet): Bounds {
  switch (data.type) {
    case 'ImageData': {
      const e = data.extent;
      if (e[1] < e[0] || e[3] < e[2] || e[5] < e[4]) return [...EMPTY_BOUNDS];
      const b: Bounds = [
        Number.POSITIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
        Number.POSITIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
        Number.POSITIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
      ];
      const p: Vec3 = [0, 0, 0];
      // Corners suffice: the grid is an affine image of the index box.
      for (const i of [e[0], e[1]])
        for (const j of [e[2], e[3]])
          for (const k of [e[4], e[5]]) {
            imagePoint(data, i, j, k, p);
            for (let a = 0; a < 3; a++) {
              if (p[a] < b[2 * a]) b[2 * a] = p[a];
              if (p[a] > b[2 * a + 1]) b[2 * a + 1] = p[a];
            }
          }
      return b;
    }
    case 'RectilinearGrid': {
      const [x0, x1] = coordinateRange(data.xCoordinates);
      const [y0, y1] = coordinateRange(data.yCoordinates);
      const [z0, z1] = coordinateRange(data.zCoordinates);
      return [x0, x1, y0, y1, z0, z1];
    }
    case 'StructuredGrid':
    case 'PolyData':
    case 'UnstructuredGrid': {
      if (data.points.numberOfTuples === 0) return [...EMPTY_BOUNDS];
      const [x0, x1] = data.points.getRange(0);
      const [y0, y1] = data.points.getRange(1);
      const [z0, z1] = data.points.getRange(2);
      return [x0, x1, y0, y1, z0, z1];
    }
  }
}

/** Union of bounds, ignoring empty ones. */
export function unionBounds(a: Bounds, b: Bounds): Bounds {
  if (a[0] > a[1]) return [...b];
  if (b[0] > b[1]) return [...a];
  return [
    Math.min(a[0], b[0]),
    Math.max(a[1], b[1]),
    Math.min(a[2], b[2]),
    Math.max(a[3], b[3]),
    Math.min(a[4], b[4]),
    Math.max(a[5], b[5]),
  ];
}

/** Every dataset leaf of a multiblock tree, depth first, with its path of block names. */
export function* leaves(data: DataObject, path: string[] = []): Generator<{ path: string[]; data: DataSet }> {
  if (data.type === 'MultiBlock') {
    for (const block of data.blocks) if (block.data) yield* leaves(block.data, [...path, block.name]);
  } else if (data.type !== 'TimeSeries' && data.type !== 'Table') {
    yield { path, data };
  }
}

/** Bytes held by the arrays of a data object (time series: the steps are not loaded, so 0). */
export function memorySize(data: DataObject): number {
  switch (data.type) {
    case 'MultiBlock':
      return data.blocks.reduce(
        (sum, b) => sum + (b.data ? memorySize(b.data) : 0),
        data.fieldData.byteLength,
      );
    case 'TimeSeries':
      return 0;
    case 'Table':
      return data.rowData.byteLength + data.fieldData.byteLength;
    default: {
      let bytes = data.pointData.byteLength + data.cellData.byteLength + data.fieldData.byteLength;
      switch (data.type) {
        case 'RectilinearGrid':
          bytes += data.xCoordinates.byteLength + data.yCoordinates.byteLength + data.zCoordinates.byteLength;
          break;
        case 'StructuredGrid':
          bytes += data.points.byteLength;
          break;
        case 'PolyData':
          bytes += data.points.byteLength;
          for (const c of [data.verts, data.lines, data.polys, data.strips]) {
            bytes += c.offsets.byteLength + c.connectivity.byteLength;
          }
          break;
        case 'UnstructuredGrid':
          bytes +=
            data.points.byteLength +
            data.cells.offsets.byteLength +
            data.cells.connectivity.byteLength +
            data.cellTypes.byteLength;
          if (data.polyhedronFaces) {
            bytes += data.polyhedronFaces.faces.byteLength + data.polyhedronFaces.faceOffsets.byteLength;
          }
          break;
      }
      return bytes;
    }
  }
}
