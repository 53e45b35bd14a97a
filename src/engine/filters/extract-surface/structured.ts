/**
 * Outer faces of a structured grid (vtkDataSetSurfaceFilter's StructuredExecute): one quad per
 * boundary cell face, six faces in VTK's order (x-min, x-max, y-min, y-max, z-min, z-max), each
 * face with its own copy of its points as VTK makes them. A 2D grid gives its one face.
 */

import { throwIfAborted } from '../../../errors.js';
import { DataArray } from '../../data/data-array.js';
import {
  createPolyData,
  type ImageData,
  type PolyData,
  type RectilinearGrid,
  type StructuredGrid,
} from '../../data/dataset.js';
import { dimensionsOf, imagePoint } from '../../data/queries.js';
import { gatherAttributes } from '../cell-access/attributes.js';
import type { FilterContext } from '../types.js';

type Structured = ImageData | RectilinearGrid | StructuredGrid;

/** [maxFlag, aAxis, bAxis, cAxis] for the six faces, in VTK's order. */
const FACES: readonly [number, number, number, number][] = [
  [0, 0, 1, 2],
  [1, 0, 2, 1],
  [0, 1, 2, 0],
  [1, 1, 0, 2],
  [0, 2, 0, 1],
  [1, 2, 1, 0],
];

export function structuredSurface(input: Structured, context: FilterContext): PolyData {
  const n = dimensionsOf(input.extent);
  const pInc = [1, n[0], n[0] * n[1]];
  const qInc = [1, Math.max(n[0] - 1, 1), 0];
  qInc[2] = (n[1] - 1) * qInc[1] || qInc[1];

  let numberOfPoints = 0;
  let numberOfQuads = 0;
  const active = FACES.filter(([maxFlag, a, b, c]) => {
    if (n[b] === 1 || n[c] === 1) return false;
    if (!maxFlag && n[a] === 1) return false;
    numberOfPoints += n[b] * n[c];
    numberOfQuads += (n[b] - 1) * (n[c] - 1);
    return true;
  });

  const pointIds = new Int32Array(numberOfPoints);
  const cellIds = new Int32Array(numberOfQuads);
  const offsets = new Int32Array(numberOfQuads + 1);
  const connectivity = new Int32Array(4 * numberOfQuads);
  for (let q = 0; q <= numberOfQuads; q++) offsets[q] = 4 * q;
  let pointCount = 0;
  let quadCount = 0;
  for (const [maxFlag, a, b, c] of active) {
    throwIfAborted(context.signal, 'ExtractSurface');
    const offsetAlongA = maxFlag && n[a] > 1;
    const inStartPoint = offsetAlongA ? pInc[a] * (n[a] - 1) : 0;
    const inStartCell = offsetAlongA ? qInc[a] * (n[a] - 2) : 0;
    const outStart = pointCount;
    for (let ic = 0; ic < n[c]; ic++) {
      for (let ib = 0; ib < n[b]; ib++) pointIds[pointCount++] = inStartPoint + ib * pInc[b] + ic * pInc[c];
    }
    const rowLength = n[b];
    for (let ic = 0; ic < n[c] - 1; ic++) {
      for (let ib = 0; ib < n[b] - 1; ib++) {
        const p = outStart + ib + ic * rowLength;
        const w = 4 * quadCount;
        connectivity[w] = p;
        connectivity[w + 1] = p + rowLength;
        connectivity[w + 2] = p + rowLength + 1;
        connectivity[w + 3] = p + 1;
        cellIds[quadCount++] = inStartCell + ib * qInc[b] + ic * qInc[c];
      }
    }
    context.onProgress?.(quadCount / Math.max(1, numberOfQuads));
  }

  const output = createPolyData({
    points: structuredPoints(input, pointIds),
    polys: { offsets, connectivity },
  });
  output.pointData = gatherAttributes(input.pointData, pointIds, pointIds.length, { globalIds: true });
  output.cellData = gatherAttributes(input.cellData, cellIds, cellIds.length, { globalIds: true });
  output.fieldData = input.fieldData;
  return output;
}

/** Coordinates of the listed points (image data in float64 as VTK does; others keep their type). */
function structuredPoints(input: Structured, ids: Int32Array): DataArray {
  const [nx, ny] = dimensionsOf(input.extent);
  const count = ids.length;
  let values: Float32Array | Float64Array;
  if (input.type === 'StructuredGrid') {
    const from = input.points.values;
    values = from instanceof Float32Array ? new Float32Array(3 * count) : new Float64Array(3 * count);
    for (let i = 0; i < count; i++) {
      const s = 3 * ids[i];
      values[3 * i] = Number(from[s]);
      values[3 * i + 1] = Number(from[s + 1]);
      values[3 * i + 2] = Number(from[s + 2]);
    }
  } else {
    const rectilinear = input.type === 'RectilinearGrid';
    values =
      rectilinear && input.xCoordinates.values instanceof Float32Array
        ? new Float32Array(3 * count)
        : new Float64Array(3 * count);
    const point: [number, number, number] = [0, 0, 0];
    for (let p = 0; p < count; p++) {
      const id = ids[p];
      const i = id % nx;
      const j = Math.floor(id / nx) % ny;
      const k = Math.floor(id / (nx * ny));
      if (rectilinear) {
        point[0] = input.xCoordinates.getComponent(i, 0);
        point[1] = input.yCoordinates.getComponent(j, 0);
        point[2] = input.zCoordinates.getComponent(k, 0);
      } else {
        imagePoint(input, i + input.extent[0], j + input.extent[2], k + input.extent[4], point);
      }
      values[3 * p] = point[0];
      values[3 * p + 1] = point[1];
      values[3 * p + 2] = point[2];
    }
  }
  return new DataArray({ name: 'Points', values, numberOfComponents: 3 });
}
