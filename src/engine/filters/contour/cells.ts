/**
 * Per-cell contouring for datasets without an i-j-k structure (unstructured grids, poly data,
 * 2D/1D structured grids), in parallel over cell ranges (cells.worker.ts): each linear cell is
 * cut with its case table, and edge points are merged by edge so neighbouring cells share them
 * (as vtkContour3DLinearGrid does). 3D cells give triangles, 2D cells line segments, 1D cells
 * vertices. Normals are the mean of the unit normals of the triangles at each point (VTK's
 * pseudo-normals for unstructured contours).
 */
import { type CellArray, cellArrayFromLists } from '../../data/cell-array.js';
import {
  allocateTypedArray,
  DataArray,
  type DataArray as DataArrayType,
  type NumberArray,
} from '../../data/data-array.js';
import { createPolyData, type DataSet, type PolyData } from '../../data/dataset.js';
import { numberOfPoints } from '../../data/queries.js';
import { taskReference } from '../../workers/pool.js';
import {
  allocateLike,
  copyTuplesById,
  interpolatedArrays,
  isIntegerType,
  numericValues,
} from '../attributes.js';
import { cellListOf, splitCells } from '../cell-access/cell-list.js';
import { pointSourceOf } from '../cell-access/extract.js';
import { pointPosition } from '../cell-access/extract.worker.js';
import { runPieces, workerCount } from '../parallel.js';
import type { FilterContext } from '../types.js';
import { type CellContourPiece, type CellContourPieceResult, contourCellPiece } from './cells.worker.js';

export interface CellContourOptions {
  computeNormals: boolean;
  computeScalars: boolean;
  computeGradients: boolean;
  /** Receives the source cell of every output cell (verts, lines, polys order). */
  sourceCells?: (ids: Int32Array) => void;
}

function flatCells(list: number[], size: number): CellArray {
  const n = list.length / size;
  const offsets = new Int32Array(n + 1);
  for (let c = 0; c <= n; c++) offsets[c] = c * size;
  return { offsets, connectivity: Int32Array.from(list) };
}

/** Below this many cells the kernel runs on the calling thread. */
const PARALLEL_MIN_CELLS = 1 << 18;

export async function contourCells(
  data: DataSet,
  scalars: DataArrayType,
  isovalues: readonly number[],
  options: CellContourOptions,
  context: FilterContext,
): Promise<PolyData> {
  const probe = cellListOf(data, false);
  const inline = probe.cells < PARALLEL_MIN_CELLS;
  const source = inline ? probe : cellListOf(data, true);
  const values = numericValues(scalars, !inline);
  const pointCount = numberOfPoints(data);
  const inputs: CellContourPiece[] = splitCells(source, inline ? 1 : workerCount(context)).map(
    ([start, end]) => ({
      source,
      scalars: inline || values.buffer instanceof SharedArrayBuffer ? values : sharedCopy(values),
      isovalues: [...isovalues],
      pointCount,
      start,
      end,
    }),
  );
  const pieces = await runPieces<CellContourPiece, CellContourPieceResult>(
    {
      task: taskReference(new URL('./cells.worker.js', import.meta.url), 'contourCellPiece'),
      run: contourCellPiece,
      inputs,
      inline,
    },
    context,
  );
  const merged = mergePieces(pieces, pointCount, isovalues.length);
  const n = merged.edgeA.length;
  const pointSource = pointSourceOf(data, false);
  const pointType = 'points' in data && data.points.dataType === 'Float64' ? 'Float64' : 'Float32';
  const points = allocateTypedArray(pointType, 3 * n) as NumberArray;
  const ends = new Float64Array(6);
  for (let p = 0; p < n; p++) {
    pointPosition(pointSource, merged.edgeA[p], ends, 0);
    pointPosition(pointSource, merged.edgeB[p], ends, 3);
    const t = merged.edgeT[p];
    for (let c = 0; c < 3; c++) points[3 * p + c] = ends[c] + t * (ends[3 + c] - ends[c]);
  }
  const output = createPolyData({
    points: new DataArray({ name: 'Points', values: points, numberOfComponents: 3 }),
    verts: cellArrayFromLists(merged.vertices.map((id) => [id])),
    lines: flatCells(merged.segments, 2),
    polys: flatCells(merged.triangles, 3),
  });
  for (const array of interpolatedArrays(data.pointData, scalars)) {
    output.pointData.add(interpolateEdges(array, merged));
  }
  if (options.computeScalars) {
    const out = allocateLike(scalars, n);
    const target = out.values as NumberArray;
    for (let p = 0; p < n; p++) target[p] = isovalues[merged.valueIndex[p]];
    output.pointData.setAttribute('scalars', out);
  }
  if (options.computeNormals && merged.triangles.length > 0) {
    output.pointData.setAttribute('normals', averagedNormals(points, merged.triangles, n));
  }
  const cellIds = Int32Array.from([...merged.vertexCells, ...merged.segmentCells, ...merged.triangleCells]);
  if (data.cellData.dataArrays.length > 0) copyTuplesById(data.cellData, output.cellData, cellIds);
  options.sourceCells?.(cellIds);
  return output;
}

function sharedCopy(values: NumberArray): NumberArray {
  const copy = new (values.constructor as new (b: SharedArrayBuffer) => NumberArray)(
    new SharedArrayBuffer(values.byteLength),
  );
  copy.set(values);
  return copy;
}

interface MergedContour {
  edgeA: number[];
  edgeB: number[];
  edgeT: number[];
  valueIndex: number[];
  vertices: number[];
  vertexCells: number[];
  segments: number[];
  segmentCells: number[];
  triangles: number[];
  triangleCells: number[];
}

/** Joins pieces in order, merging points on the same edge (for the same iso-value). */
function mergePieces(pieces: CellContourPieceResult[], pointCount: number, values: number): MergedContour {
  const merged: MergedContour = {
    edgeA: [],
    edgeB: [],
    edgeT: [],
    valueIndex: [],
    vertices: [],
    vertexCells: [],
    segments: [],
    segmentCells: [],
    triangles: [],
    triangleCells: [],
  };
  const edges = Array.from({ length: values }, () => new Map<number, number>());
  for (const piece of pieces) {
    const ids = new Int32Array(piece.edgeA.length);
    for (let q = 0; q < ids.length; q++) {
      const a = piece.edgeA[q];
      const b = piece.edgeB[q];
      const v = piece.valueIndex[q];
      const key = a * pointCount + b;
      let id = pieces.length === 1 ? undefined : edges[v].get(key);
      if (id === undefined) {
        id = merged.edgeA.length;
        merged.edgeA.push(a);
        merged.edgeB.push(b);
        merged.edgeT.push(piece.edgeT[q]);
        merged.valueIndex.push(v);
        if (pieces.length > 1) edges[v].set(key, id);
      }
      ids[q] = id;
    }
    for (const p of piece.vertices) merged.vertices.push(ids[p]);
    for (const p of piece.segments) merged.segments.push(ids[p]);
    for (const p of piece.triangles) merged.triangles.push(ids[p]);
    merged.vertexCells.push(...piece.vertexCells);
    merged.segmentCells.push(...piece.segmentCells);
    merged.triangleCells.push(...piece.triangleCells);
  }
  return merged;
}

function interpolateEdges(array: DataArrayType, builder: MergedContour): DataArrayType {
  const n = builder.edgeA.length;
  const out = allocateLike(array, n);
  const src = numericValues(array);
  const dst = out.values as NumberArray;
  const m = array.numberOfComponents;
  const round = isIntegerType(out.dataType);
  for (let p = 0; p < n; p++) {
    const a = builder.edgeA[p] * m;
    const b = builder.edgeB[p] * m;
    const t = builder.edgeT[p];
    for (let c = 0; c < m; c++) {
      const v = src[a + c] + t * (src[b + c] - src[a + c]);
      dst[p * m + c] = round ? Math.round(v) : v;
    }
  }
  return out;
}

/**
 * Mean of the unit normals of the triangles at each point, normalised: VTK's pseudo-normals for
 * unstructured contours (closer to ParaView's than area weighting on the post.vtk reference).
 */
export function averagedNormals(points: NumberArray, triangles: ArrayLike<number>, n: number): DataArrayType {
  const sum = new Float64Array(3 * n);
  for (let t = 0; t < triangles.length; t += 3) {
    const a = 3 * triangles[t];
    const b = 3 * triangles[t + 1];
    const c = 3 * triangles[t + 2];
    const ux = points[b] - points[a];
    const uy = points[b + 1] - points[a + 1];
    const uz = points[b + 2] - points[a + 2];
    const vx = points[c] - points[a];
    const vy = points[c + 1] - points[a + 1];
    const vz = points[c + 2] - points[a + 2];
    const cx = uy * vz - uz * vy;
    const cy = uz * vx - ux * vz;
    const cz = ux * vy - uy * vx;
    const length = Math.hypot(cx, cy, cz);
    if (length === 0) continue;
    const nx = cx / length;
    const ny = cy / length;
    const nz = cz / length;
    for (const p of [a, b, c]) {
      sum[p] += nx;
      sum[p + 1] += ny;
      sum[p + 2] += nz;
    }
  }
  const normals = new Float32Array(3 * n);
  for (let p = 0; p < 3 * n; p += 3) {
    const length = Math.hypot(sum[p], sum[p + 1], sum[p + 2]);
    if (length > 0) for (let c = 0; c < 3; c++) normals[p + c] = sum[p + c] / length;
  }
  return new DataArray({ name: 'Normals', values: normals, numberOfComponents: 3 });
}
