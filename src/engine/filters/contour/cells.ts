/**
 * Per-cell contouring for datasets without an i-j-k structure (unstructured grids, poly data,
 * 2D/1D structured grids): each linear cell is cut with its case table, and edge points are
 * merged by edge so neighbouring cells share them (as vtkContour3DLinearGrid does). 3D cells give
 * triangles, 2D cells line segments, 1D cells vertices. Normals are the mean of the unit normals
 * of the triangles at each point (VTK's pseudo-normals for unstructured contours).
 */
import { PropertyError, throwIfAborted } from '../../../errors.js';
import { type CellArray, cellArrayFromLists } from '../../data/cell-array.js';
import { CellType, cellTypeInfo } from '../../data/cell-types.js';
import {
  allocateTypedArray,
  DataArray,
  type DataArray as DataArrayType,
  type NumberArray,
} from '../../data/data-array.js';
import { createPolyData, type DataSet, type PolyData } from '../../data/dataset.js';
import { numberOfPoints } from '../../data/queries.js';
import {
  allocateLike,
  copyTuplesById,
  interpolatedArrays,
  isIntegerType,
  numericValues,
} from '../attributes.js';
import { pointCoordinates, visitCells } from '../cells.js';
import type { FilterContext } from '../types.js';
import {
  buildCaseTable,
  buildLineTable,
  type CaseTable,
  PYRAMID,
  polygonShape,
  STRUCTURED_HEXAHEDRON,
  TETRAHEDRON,
  WEDGE,
} from './case-tables.js';

export interface CellContourOptions {
  computeNormals: boolean;
  computeScalars: boolean;
  computeGradients: boolean;
  /** Receives the source cell of every output cell (verts, lines, polys order). */
  sourceCells?: (ids: Int32Array) => void;
}

interface CellKind {
  table: CaseTable;
  /** Table vertex v is the cell's point order[v]. */
  order: readonly number[];
  dimension: 2 | 3;
}

let kinds: Map<number, CellKind> | undefined;
function cellKinds(): Map<number, CellKind> {
  if (kinds) return kinds;
  const hex = buildCaseTable(STRUCTURED_HEXAHEDRON);
  const quad = buildLineTable(polygonShape(4));
  kinds = new Map<number, CellKind>([
    [CellType.TETRA, { table: buildCaseTable(TETRAHEDRON), order: [0, 1, 2, 3], dimension: 3 }],
    // The table's hexahedron is in i-j-k bit order; VTK's goes around each face.
    [CellType.HEXAHEDRON, { table: hex, order: [0, 1, 3, 2, 4, 5, 7, 6], dimension: 3 }],
    [CellType.VOXEL, { table: hex, order: [0, 1, 2, 3, 4, 5, 6, 7], dimension: 3 }],
    [CellType.WEDGE, { table: buildCaseTable(WEDGE), order: [0, 1, 2, 3, 4, 5], dimension: 3 }],
    [CellType.PYRAMID, { table: buildCaseTable(PYRAMID), order: [0, 1, 2, 3, 4], dimension: 3 }],
    [CellType.TRIANGLE, { table: buildLineTable(polygonShape(3)), order: [0, 1, 2], dimension: 2 }],
    [CellType.QUAD, { table: quad, order: [0, 1, 2, 3], dimension: 2 }],
    [CellType.PIXEL, { table: quad, order: [0, 1, 3, 2], dimension: 2 }],
  ]);
  return kinds;
}

const polygonTables = new Map<number, CaseTable>();
const MAX_TABLE_POLYGON = 10;
function polygonTable(n: number): CaseTable {
  let table = polygonTables.get(n);
  if (!table) {
    table = buildLineTable(polygonShape(n));
    polygonTables.set(n, table);
  }
  return table;
}

/** Accumulates merged edge points, output cells and their source cells. */
class ContourBuilder {
  readonly edgeA: number[] = [];
  readonly edgeB: number[] = [];
  readonly edgeT: number[] = [];
  readonly pointValue: number[] = [];
  readonly triangles: number[] = [];
  readonly triangleCells: number[] = [];
  readonly segments: number[] = [];
  readonly segmentCells: number[] = [];
  readonly vertices: number[] = [];
  readonly vertexCells: number[] = [];
  #edges = new Map<number, number>();
  constructor(readonly pointCount: number) {}

  startValue(): void {
    this.#edges.clear();
  }

  /** Id of the point where the iso-value crosses edge a-b (created on first use). */
  edgePoint(a: number, b: number, s: NumberArray, iso: number): number {
    // Interpolate from the lower id so both cells sharing the edge compute the same point.
    if (a > b) {
      const swap = a;
      a = b;
      b = swap;
    }
    const key = a * this.pointCount + b;
    let id = this.#edges.get(key);
    if (id === undefined) {
      id = this.edgeA.length;
      this.edgeA.push(a);
      this.edgeB.push(b);
      this.edgeT.push((iso - s[a]) / (s[b] - s[a]));
      this.pointValue.push(iso);
      this.#edges.set(key, id);
    }
    return id;
  }
}

function contourTableCell(
  builder: ContourBuilder,
  kind: { table: CaseTable; order: readonly number[] },
  dimension: 2 | 3,
  cellId: number,
  ids: Int32Array,
  s: NumberArray,
  iso: number,
): void {
  const { table, order } = kind;
  let c = 0;
  for (let v = 0; v < order.length; v++) if (s[ids[order[v]]] >= iso) c |= 1 << v;
  const start = table.offsets[c];
  const end = table.offsets[c + 1];
  if (start === end) return;
  const edges = table.shape.edges;
  const point = (e: number) => builder.edgePoint(ids[order[edges[e][0]]], ids[order[edges[e][1]]], s, iso);
  if (dimension === 3) {
    for (let q = start; q < end; q += 3) {
      builder.triangles.push(point(table.cases[q]), point(table.cases[q + 1]), point(table.cases[q + 2]));
      builder.triangleCells.push(cellId);
    }
  } else {
    for (let q = start; q < end; q += 2) {
      builder.segments.push(point(table.cases[q]), point(table.cases[q + 1]));
      builder.segmentCells.push(cellId);
    }
  }
}

function contourOneCell(
  builder: ContourBuilder,
  cellId: number,
  type: number,
  ids: Int32Array,
  count: number,
  s: NumberArray,
  iso: number,
): void {
  const kind = cellKinds().get(type);
  if (kind) {
    contourTableCell(builder, kind, kind.dimension, cellId, ids, s, iso);
    return;
  }
  switch (type) {
    case CellType.VERTEX:
    case CellType.POLY_VERTEX:
    case CellType.EMPTY_CELL:
      return;
    case CellType.LINE:
    case CellType.POLY_LINE:
      for (let k = 0; k + 1 < count; k++) {
        if (s[ids[k]] >= iso !== s[ids[k + 1]] >= iso) {
          builder.vertices.push(builder.edgePoint(ids[k], ids[k + 1], s, iso));
          builder.vertexCells.push(cellId);
        }
      }
      return;
    case CellType.POLYGON: {
      if (count > MAX_TABLE_POLYGON) {
        contourLargePolygon(builder, cellId, ids, count, s, iso);
        return;
      }
      const order = Array.from({ length: count }, (_, k) => k);
      contourTableCell(builder, { table: polygonTable(count), order }, 2, cellId, ids, s, iso);
      return;
    }
    case CellType.TRIANGLE_STRIP: {
      const triangle = cellKinds().get(CellType.TRIANGLE)!;
      const three = new Int32Array(3);
      for (let k = 0; k + 2 < count; k++) {
        // Every other triangle of a strip is flipped to keep a consistent winding.
        three[0] = ids[k];
        three[1] = ids[k % 2 === 0 ? k + 1 : k + 2];
        three[2] = ids[k % 2 === 0 ? k + 2 : k + 1];
        contourTableCell(builder, triangle, 2, cellId, three, s, iso);
      }
      return;
    }
    default: {
      const name = cellTypeInfo(type)?.name ?? `type ${type}`;
      throw new PropertyError(
        'Contour',
        'Input',
        `cannot contour ${name} cells (cell ${cellId}); linear cells only`,
      );
    }
  }
}

/** Polygons with many vertices: walk the boundary and pair crossings (above corners kept apart). */
function contourLargePolygon(
  builder: ContourBuilder,
  cellId: number,
  ids: Int32Array,
  count: number,
  s: NumberArray,
  iso: number,
): void {
  const crossings: { a: number; b: number; entry: boolean }[] = [];
  for (let k = 0; k < count; k++) {
    const a = ids[k];
    const b = ids[(k + 1) % count];
    if (s[a] >= iso !== s[b] >= iso) crossings.push({ a, b, entry: s[b] >= iso });
  }
  for (let k = 0; k < crossings.length; k++) {
    if (!crossings[k].entry) continue;
    const next = crossings[(k + 1) % crossings.length];
    builder.segments.push(
      builder.edgePoint(crossings[k].a, crossings[k].b, s, iso),
      builder.edgePoint(next.a, next.b, s, iso),
    );
    builder.segmentCells.push(cellId);
  }
}

function flatCells(list: number[], size: number): CellArray {
  const n = list.length / size;
  const offsets = new Int32Array(n + 1);
  for (let c = 0; c <= n; c++) offsets[c] = c * size;
  return { offsets, connectivity: Int32Array.from(list) };
}

export async function contourCells(
  data: DataSet,
  scalars: DataArrayType,
  isovalues: readonly number[],
  options: CellContourOptions,
  context: FilterContext,
): Promise<PolyData> {
  const s = numericValues(scalars);
  const builder = new ContourBuilder(numberOfPoints(data));
  for (const [v, iso] of isovalues.entries()) {
    throwIfAborted(context.signal);
    builder.startValue();
    visitCells(data, (cellId, type, ids, count) => contourOneCell(builder, cellId, type, ids, count, s, iso));
    context.onProgress?.((v + 1) / isovalues.length);
  }

  const coordinates = pointCoordinates(data);
  const n = builder.edgeA.length;
  const pointType = 'points' in data && data.points.dataType === 'Float64' ? 'Float64' : 'Float32';
  const points = allocateTypedArray(pointType, 3 * n) as NumberArray;
  for (let p = 0; p < n; p++) {
    const a = 3 * builder.edgeA[p];
    const b = 3 * builder.edgeB[p];
    const t = builder.edgeT[p];
    for (let c = 0; c < 3; c++)
      points[3 * p + c] = coordinates[a + c] + t * (coordinates[b + c] - coordinates[a + c]);
  }
  const output = createPolyData({
    points: new DataArray({ name: 'Points', values: points, numberOfComponents: 3 }),
    verts: cellArrayFromLists(builder.vertices.map((id) => [id])),
    lines: flatCells(builder.segments, 2),
    polys: flatCells(builder.triangles, 3),
  });
  for (const array of interpolatedArrays(data.pointData, scalars)) {
    output.pointData.add(interpolateEdges(array, builder));
  }
  if (options.computeScalars) {
    const values = allocateLike(scalars, n);
    (values.values as NumberArray).set(builder.pointValue);
    output.pointData.setAttribute('scalars', values);
  }
  if (options.computeNormals && builder.triangles.length > 0) {
    output.pointData.setAttribute('normals', averagedNormals(points, builder.triangles, n));
  }
  const cellIds = Int32Array.from([
    ...builder.vertexCells,
    ...builder.segmentCells,
    ...builder.triangleCells,
  ]);
  if (data.cellData.dataArrays.length > 0) copyTuplesById(data.cellData, output.cellData, cellIds);
  options.sourceCells?.(cellIds);
  return output;
}

function interpolateEdges(array: DataArrayType, builder: ContourBuilder): DataArrayType {
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
