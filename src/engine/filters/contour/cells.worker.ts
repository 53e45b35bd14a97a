/**
 * Per-cell contouring kernel (runs in pool workers, or inline for small data): each linear cell
 * is cut with its case table; edge points are named by their edge (two input point ids) and
 * merged within the piece. Cells are visited cell-major (every iso-value of a cell before the
 * next cell), so merging pieces in order gives the same numbering as one piece.
 */
import { PropertyError } from '../../../errors.js';
import { CellType, cellTypeInfo } from '../../data/cell-types.js';
import type { NumberArray } from '../../data/data-array.js';
import type { TaskContext } from '../../workers/protocol.js';
import { CellCursor, type CellList } from '../cell-access/cell-list.js';
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
  readonly valueIndex: number[] = [];
  readonly triangles: number[] = [];
  readonly triangleCells: number[] = [];
  readonly segments: number[] = [];
  readonly segmentCells: number[] = [];
  readonly vertices: number[] = [];
  readonly vertexCells: number[] = [];
  readonly #edges: Map<number, number>[];
  value = 0;
  constructor(
    readonly pointCount: number,
    values: number,
  ) {
    this.#edges = Array.from({ length: values }, () => new Map<number, number>());
  }

  /** Id of the point where the current iso-value crosses edge a-b (created on first use). */
  edgePoint(a: number, b: number, s: NumberArray, iso: number): number {
    // Interpolate from the lower id so both cells sharing the edge compute the same point.
    if (a > b) {
      const swap = a;
      a = b;
      b = swap;
    }
    const key = a * this.pointCount + b;
    const edges = this.#edges[this.value];
    let id = edges.get(key);
    if (id === undefined) {
      id = this.edgeA.length;
      this.edgeA.push(a);
      this.edgeB.push(b);
      this.edgeT.push((iso - s[a]) / (s[b] - s[a]));
      this.valueIndex.push(this.value);
      edges.set(key, id);
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

export interface CellContourPiece {
  source: CellList;
  scalars: NumberArray;
  isovalues: number[];
  pointCount: number;
  start: number;
  end: number;
}

/** A piece's points (edge a < b, parameter t, iso-value index) and cells in local point ids. */
export interface CellContourPieceResult {
  edgeA: Int32Array;
  edgeB: Int32Array;
  edgeT: Float64Array;
  valueIndex: Int32Array;
  vertices: Int32Array;
  vertexCells: Int32Array;
  segments: Int32Array;
  segmentCells: Int32Array;
  triangles: Int32Array;
  triangleCells: Int32Array;
}

export function contourCellPiece(input: CellContourPiece, context: TaskContext): CellContourPieceResult {
  const builder = new ContourBuilder(input.pointCount, input.isovalues.length);
  const cursor = new CellCursor(input.source, input.start, input.end);
  const s = input.scalars;
  const span = input.end - input.start;
  while (cursor.next()) {
    for (let v = 0; v < input.isovalues.length; v++) {
      builder.value = v;
      contourOneCell(builder, cursor.cell, cursor.type, cursor.ids, cursor.count, s, input.isovalues[v]);
    }
    if (((cursor.cell - input.start) & 0xffff) === 0) {
      context.throwIfCancelled();
      context.progress((cursor.cell - input.start) / span);
    }
  }
  const result: CellContourPieceResult = {
    edgeA: Int32Array.from(builder.edgeA),
    edgeB: Int32Array.from(builder.edgeB),
    edgeT: Float64Array.from(builder.edgeT),
    valueIndex: Int32Array.from(builder.valueIndex),
    vertices: Int32Array.from(builder.vertices),
    vertexCells: Int32Array.from(builder.vertexCells),
    segments: Int32Array.from(builder.segments),
    segmentCells: Int32Array.from(builder.segmentCells),
    triangles: Int32Array.from(builder.triangles),
    triangleCells: Int32Array.from(builder.triangleCells),
  };
  for (const array of Object.values(result)) context.transfer(array.buffer as ArrayBuffer);
  return result;
}
