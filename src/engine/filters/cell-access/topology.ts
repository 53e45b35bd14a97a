/**
 * Local topology of VTK cell types: the faces of 3D cells (VTK's point order, outward for
 * linear cells), how nonlinear faces and edges split into linear pieces, and which linear
 * cell a higher-order cell reduces to when only its corners are used.
 */
import { CellType, cellTypeInfo } from '../../data/cell-types.js';

/** One face of a 3D cell: its corner points and, for nonlinear faces, every node. */
export interface CellFace {
  /** Local indices of the face's corner points (what identifies the face between cells). */
  corners: readonly number[];
  /** Local indices of all the face's nodes, in the order of `type` (equals corners when linear). */
  nodes: readonly number[];
  /** VTK type of the face as a 2D cell (triangle, quad, polygon, quadratic triangle…). */
  type: number;
}

const T = CellType;

function linear(...faces: number[][]): CellFace[] {
  return faces.map((f) => ({
    corners: f,
    nodes: f,
    type: f.length === 3 ? T.TRIANGLE : f.length === 4 ? T.QUAD : T.POLYGON,
  }));
}

function nonlinear(faces: [number, number[]][], cornerCount: (type: number) => number): CellFace[] {
  return faces.map(([type, nodes]) => ({ type, nodes, corners: nodes.slice(0, cornerCount(type)) }));
}

const cornersOf = (type: number): number =>
  type === T.QUADRATIC_TRIANGLE || type === T.BIQUADRATIC_TRIANGLE ? 3 : 4;

const QT = T.QUADRATIC_TRIANGLE;
const QQ = T.QUADRATIC_QUAD;
const BQ = T.BIQUADRATIC_QUAD;
const QLQ = T.QUADRATIC_LINEAR_QUAD;

const FACES = new Map<number, CellFace[]>([
  [T.TETRA, linear([0, 1, 3], [0, 2, 1], [0, 3, 2], [1, 2, 3])],
  [T.HEXAHEDRON, linear([0, 1, 5, 4], [0, 3, 2, 1], [0, 4, 7, 3], [1, 2, 6, 5], [2, 3, 7, 6], [4, 5, 6, 7])],
  [T.VOXEL, linear([0, 1, 5, 4], [0, 2, 3, 1], [0, 4, 6, 2], [1, 3, 7, 5], [2, 6, 7, 3], [4, 5, 7, 6])],
  [T.WEDGE, linear([0, 1, 2], [3, 5, 4], [0, 3, 4, 1], [1, 4, 5, 2], [2, 5, 3, 0])],
  [T.PYRAMID, linear([0, 3, 2, 1], [0, 1, 4], [1, 2, 4], [2, 3, 4], [3, 0, 4])],
  [
    T.PENTAGONAL_PRISM,
    linear(
      [0, 1, 6, 5],
      [1, 2, 7, 6],
      [2, 3, 8, 7],
      [3, 4, 9, 8],
      [4, 0, 5, 9],
      [0, 4, 3, 2, 1],
      [5, 6, 7, 8, 9],
    ),
  ],
  [
    T.HEXAGONAL_PRISM,
    linear(
      [0, 1, 7, 6],
      [1, 2, 8, 7],
      [2, 3, 9, 8],
      [3, 4, 10, 9],
      [4, 5, 11, 10],
      [5, 0, 6, 11],
      [0, 5, 4, 3, 2, 1],
      [6, 7, 8, 9, 10, 11],
    ),
  ],
  [
    T.QUADRATIC_TETRA,
    nonlinear(
      [
        [QT, [0, 1, 3, 4, 8, 7]],
        [QT, [1, 2, 3, 5, 9, 8]],
        [QT, [2, 0, 3, 6, 7, 9]],
        [QT, [0, 2, 1, 6, 5, 4]],
      ],
      cornersOf,
    ),
  ],
  [
    T.QUADRATIC_HEXAHEDRON,
    nonlinear(
      [
        [QQ, [0, 4, 7, 3, 16, 15, 19, 11]],
        [QQ, [1, 2, 6, 5, 9, 18, 13, 17]],
        [QQ, [0, 1, 5, 4, 8, 17, 12, 16]],
        [QQ, [3, 7, 6, 2, 19, 14, 18, 10]],
        [QQ, [0, 3, 2, 1, 11, 10, 9, 8]],
        [QQ, [4, 5, 6, 7, 12, 13, 14, 15]],
      ],
      cornersOf,
    ),
  ],
  [
    T.QUADRATIC_WEDGE,
    nonlinear(
      [
        [QT, [0, 1, 2, 6, 7, 8]],
        [QT, [3, 5, 4, 11, 10, 9]],
        [QQ, [0, 3, 4, 1, 12, 9, 13, 6]],
        [QQ, [1, 4, 5, 2, 13, 10, 14, 7]],
        [QQ, [2, 5, 3, 0, 14, 11, 12, 8]],
      ],
      cornersOf,
    ),
  ],
  [
    T.QUADRATIC_LINEAR_WEDGE,
    nonlinear(
      [
        [QT, [0, 1, 2, 6, 7, 8]],
        [QT, [3, 5, 4, 11, 10, 9]],
        [QLQ, [0, 1, 4, 3, 6, 9]],
        [QLQ, [1, 2, 5, 4, 7, 10]],
        [QLQ, [2, 0, 3, 5, 8, 11]],
      ],
      cornersOf,
    ),
  ],
  [
    T.BIQUADRATIC_QUADRATIC_WEDGE,
    nonlinear(
      [
        [QT, [0, 1, 2, 6, 7, 8]],
        [QT, [3, 5, 4, 11, 10, 9]],
        [BQ, [0, 1, 4, 3, 6, 13, 9, 12, 15]],
        [BQ, [1, 2, 5, 4, 7, 14, 10, 13, 16]],
        [BQ, [2, 0, 3, 5, 8, 12, 11, 14, 17]],
      ],
      cornersOf,
    ),
  ],
  [
    T.QUADRATIC_PYRAMID,
    nonlinear(
      [
        [QQ, [0, 3, 2, 1, 8, 7, 6, 5]],
        [QT, [0, 1, 4, 5, 10, 9]],
        [QT, [1, 2, 4, 6, 11, 10]],
        [QT, [2, 3, 4, 7, 12, 11]],
        [QT, [3, 0, 4, 8, 9, 12]],
      ],
      cornersOf,
    ),
  ],
]);
// Cells whose first nodes are those of a cell above: their extra nodes (face and body centres)
// are not needed to draw the boundary with level-1 subdivision.
FACES.set(T.TRIQUADRATIC_HEXAHEDRON, FACES.get(T.QUADRATIC_HEXAHEDRON)!);
FACES.set(T.BIQUADRATIC_QUADRATIC_HEXAHEDRON, FACES.get(T.QUADRATIC_HEXAHEDRON)!);
FACES.set(T.TRIQUADRATIC_PYRAMID, FACES.get(T.QUADRATIC_PYRAMID)!);

/** Linear cell whose points are the first points of each higher-order type (corner nodes). */
const CORNER_CELL = new Map<number, number>([
  [T.QUADRATIC_EDGE, T.LINE],
  [T.CUBIC_LINE, T.LINE],
  [T.QUADRATIC_TRIANGLE, T.TRIANGLE],
  [T.BIQUADRATIC_TRIANGLE, T.TRIANGLE],
  [T.QUADRATIC_QUAD, T.QUAD],
  [T.BIQUADRATIC_QUAD, T.QUAD],
  [T.QUADRATIC_LINEAR_QUAD, T.QUAD],
  [T.QUADRATIC_TETRA, T.TETRA],
  [T.QUADRATIC_HEXAHEDRON, T.HEXAHEDRON],
  [T.TRIQUADRATIC_HEXAHEDRON, T.HEXAHEDRON],
  [T.BIQUADRATIC_QUADRATIC_HEXAHEDRON, T.HEXAHEDRON],
  [T.QUADRATIC_WEDGE, T.WEDGE],
  [T.QUADRATIC_LINEAR_WEDGE, T.WEDGE],
  [T.BIQUADRATIC_QUADRATIC_WEDGE, T.WEDGE],
  [T.QUADRATIC_PYRAMID, T.PYRAMID],
  [T.TRIQUADRATIC_PYRAMID, T.PYRAMID],
  [T.LAGRANGE_CURVE, T.LINE],
  [T.LAGRANGE_TRIANGLE, T.TRIANGLE],
  [T.LAGRANGE_QUADRILATERAL, T.QUAD],
  [T.LAGRANGE_TETRAHEDRON, T.TETRA],
  [T.LAGRANGE_HEXAHEDRON, T.HEXAHEDRON],
  [T.LAGRANGE_WEDGE, T.WEDGE],
  [T.LAGRANGE_PYRAMID, T.PYRAMID],
  [T.BEZIER_CURVE, T.LINE],
  [T.BEZIER_TRIANGLE, T.TRIANGLE],
  [T.BEZIER_QUADRILATERAL, T.QUAD],
  [T.BEZIER_TETRAHEDRON, T.TETRA],
  [T.BEZIER_HEXAHEDRON, T.HEXAHEDRON],
  [T.BEZIER_WEDGE, T.WEDGE],
  [T.BEZIER_PYRAMID, T.PYRAMID],
]);

/** Faces of a 3D cell type with a fixed face list (not polyhedra), or undefined. */
export function cellFaces(type: number): readonly CellFace[] | undefined {
  return FACES.get(type) ?? (CORNER_CELL.has(type) ? FACES.get(CORNER_CELL.get(type)!) : undefined);
}

/** The linear type a nonlinear cell reduces to through its corner nodes (itself if linear). */
export function cornerCellType(type: number): number {
  return CORNER_CELL.get(type) ?? type;
}

/**
 * Linear triangles covering a 2D cell of `type` with `count` nodes, as local index triples
 * (VTK's level-1 triangulation of quadratic faces: mid-edge nodes become triangle corners).
 * Polygons are fanned from their first point; strips alternate orientation as VTK does.
 */
export function triangulateFace(type: number, count: number): number[] {
  switch (type) {
    case T.TRIANGLE:
      return [0, 1, 2];
    case T.QUAD:
      return [0, 1, 2, 0, 2, 3];
    case T.PIXEL:
      return [0, 1, 3, 0, 3, 2];
    case T.QUADRATIC_TRIANGLE:
      return [0, 3, 5, 3, 1, 4, 5, 4, 2, 3, 4, 5];
    case T.BIQUADRATIC_TRIANGLE:
      return [0, 3, 6, 3, 1, 6, 1, 4, 6, 4, 2, 6, 2, 5, 6, 5, 0, 6];
    case T.QUADRATIC_QUAD:
      return [0, 4, 7, 4, 1, 5, 5, 2, 6, 6, 3, 7, 4, 5, 6, 4, 6, 7];
    case T.BIQUADRATIC_QUAD:
      return [0, 4, 8, 4, 1, 8, 1, 5, 8, 5, 2, 8, 2, 6, 8, 6, 3, 8, 3, 7, 8, 7, 0, 8];
    case T.QUADRATIC_LINEAR_QUAD:
      return [0, 4, 5, 0, 5, 3, 4, 1, 2, 4, 2, 5];
    case T.TRIANGLE_STRIP: {
      const out: number[] = [];
      for (let i = 0; i + 2 < count; i++) {
        if (i % 2 === 0) out.push(i, i + 1, i + 2);
        else out.push(i + 1, i, i + 2);
      }
      return out;
    }
    default: {
      const out: number[] = [];
      for (let i = 1; i + 1 < count; i++) out.push(0, i, i + 1);
      return out;
    }
  }
}

/** Line segments (local index pairs) covering a 1D cell. */
export function segmentsOf(type: number, count: number): number[] {
  switch (type) {
    case T.QUADRATIC_EDGE:
      return [0, 2, 2, 1];
    case T.CUBIC_LINE:
      return [0, 2, 2, 3, 3, 1];
    default: {
      const out: number[] = [];
      for (let i = 0; i + 1 < count; i++) out.push(i, i + 1);
      return out;
    }
  }
}

/**
 * Tetrahedra (local index quadruples) filling a linear 3D cell with fixed topology: VTK's own
 * splits for hexahedra, wedges and pyramids. Prisms and polyhedra are handled by callers
 * (they need a centroid), so this returns undefined for them.
 */
export function tetrahedraOf(type: number): readonly number[] | undefined {
  switch (type) {
    case T.TETRA:
      return [0, 1, 2, 3];
    case T.HEXAHEDRON:
      return [0, 1, 3, 4, 1, 4, 5, 6, 1, 4, 6, 3, 1, 3, 6, 2, 3, 6, 7, 4];
    case T.VOXEL:
      // Voxel point order is a hexahedron's with 2↔3 and 6↔7 swapped.
      return [0, 1, 2, 4, 1, 4, 5, 7, 1, 4, 7, 2, 1, 2, 7, 3, 2, 7, 6, 4];
    case T.WEDGE:
      return [0, 1, 2, 3, 1, 2, 3, 4, 2, 3, 4, 5];
    case T.PYRAMID:
      return [0, 1, 2, 4, 0, 2, 3, 4];
    default:
      return undefined;
  }
}

/** Topological dimension by cell type id (-1 for ids VTK does not define); for hot loops. */
export const CELL_DIMENSION: Int8Array = (() => {
  const table = new Int8Array(256).fill(-1);
  for (let id = 0; id < 256; id++) {
    const info = cellTypeInfo(id);
    if (info) table[id] = info.dimension;
  }
  return table;
})();

/** Whether the type is one of VTK's linear cells (by table, for hot loops). */
export const CELL_IS_LINEAR: Uint8Array = (() => {
  const table = new Uint8Array(256);
  for (let id = 0; id < 256; id++) table[id] = cellTypeInfo(id)?.linear ? 1 : 0;
  return table;
})();

/**
 * Every fixed face list packed into three typed arrays, for hot loops: faces of `type` are the
 * global faces FACE_FIRST[type] … FACE_FIRST[type] + FACE_COUNT[type] − 1, and global face g has
 * the local corners FACE_CORNERS[FACE_START[g] … FACE_START[g + 1] − 1].
 */
export const PACKED_FACES: {
  readonly first: Int32Array;
  readonly count: Int32Array;
  readonly start: Int32Array;
  readonly corners: Int32Array;
} = (() => {
  const first = new Int32Array(256);
  const count = new Int32Array(256);
  const starts: number[] = [0];
  const corners: number[] = [];
  for (let type = 0; type < 256; type++) {
    const faces = cellFaces(type) ?? [];
    first[type] = starts.length - 1;
    count[type] = faces.length;
    for (const face of faces) {
      corners.push(...face.corners);
      starts.push(corners.length);
    }
  }
  return { first, count, start: Int32Array.from(starts), corners: Int32Array.from(corners) };
})();
