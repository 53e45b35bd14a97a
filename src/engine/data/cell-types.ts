/**
 * VTK cell type ids (vtkCellType.h) with their names, dimension and number of points.
 * `points: 0` means the cell has a variable number of points.
 */

export const CellType = {
  EMPTY_CELL: 0,
  VERTEX: 1,
  POLY_VERTEX: 2,
  LINE: 3,
  POLY_LINE: 4,
  TRIANGLE: 5,
  TRIANGLE_STRIP: 6,
  POLYGON: 7,
  PIXEL: 8,
  QUAD: 9,
  TETRA: 10,
  VOXEL: 11,
  HEXAHEDRON: 12,
  WEDGE: 13,
  PYRAMID: 14,
  PENTAGONAL_PRISM: 15,
  HEXAGONAL_PRISM: 16,
  QUADRATIC_EDGE: 21,
  QUADRATIC_TRIANGLE: 22,
  QUADRATIC_QUAD: 23,
  QUADRATIC_TETRA: 24,
  QUADRATIC_HEXAHEDRON: 25,
  QUADRATIC_WEDGE: 26,
  QUADRATIC_PYRAMID: 27,
  BIQUADRATIC_QUAD: 28,
  TRIQUADRATIC_HEXAHEDRON: 29,
  QUADRATIC_LINEAR_QUAD: 30,
  QUADRATIC_LINEAR_WEDGE: 31,
  BIQUADRATIC_QUADRATIC_WEDGE: 32,
  BIQUADRATIC_QUADRATIC_HEXAHEDRON: 33,
  BIQUADRATIC_TRIANGLE: 34,
  CUBIC_LINE: 35,
  QUADRATIC_POLYGON: 36,
  TRIQUADRATIC_PYRAMID: 37,
  CONVEX_POINT_SET: 41,
  POLYHEDRON: 42,
  PARAMETRIC_CURVE: 51,
  PARAMETRIC_SURFACE: 52,
  PARAMETRIC_TRI_SURFACE: 53,
  PARAMETRIC_QUAD_SURFACE: 54,
  PARAMETRIC_TETRA_REGION: 55,
  PARAMETRIC_HEX_REGION: 56,
  HIGHER_ORDER_EDGE: 60,
  HIGHER_ORDER_TRIANGLE: 61,
  HIGHER_ORDER_QUAD: 62,
  HIGHER_ORDER_POLYGON: 63,
  HIGHER_ORDER_TETRAHEDRON: 64,
  HIGHER_ORDER_WEDGE: 65,
  HIGHER_ORDER_PYRAMID: 66,
  HIGHER_ORDER_HEXAHEDRON: 67,
  LAGRANGE_CURVE: 68,
  LAGRANGE_TRIANGLE: 69,
  LAGRANGE_QUADRILATERAL: 70,
  LAGRANGE_TETRAHEDRON: 71,
  LAGRANGE_HEXAHEDRON: 72,
  LAGRANGE_WEDGE: 73,
  LAGRANGE_PYRAMID: 74,
  BEZIER_CURVE: 75,
  BEZIER_TRIANGLE: 76,
  BEZIER_QUADRILATERAL: 77,
  BEZIER_TETRAHEDRON: 78,
  BEZIER_HEXAHEDRON: 79,
  BEZIER_WEDGE: 80,
  BEZIER_PYRAMID: 81,
} as const;

export type CellTypeName = keyof typeof CellType;
export type CellTypeId = (typeof CellType)[CellTypeName];

export interface CellTypeInfo {
  id: CellTypeId;
  name: CellTypeName;
  /** Topological dimension: 0 points, 1 lines, 2 surfaces, 3 volumes. */
  dimension: 0 | 1 | 2 | 3;
  /** Fixed number of points, or 0 when it varies per cell. */
  points: number;
  /** True for the linear cells (the ones most filters handle natively). */
  linear: boolean;
}

const table: [CellTypeName, CellTypeInfo['dimension'], number, boolean][] = [
  ['EMPTY_CELL', 0, 0, true],
  ['VERTEX', 0, 1, true],
  ['POLY_VERTEX', 0, 0, true],
  ['LINE', 1, 2, true],
  ['POLY_LINE', 1, 0, true],
  ['TRIANGLE', 2, 3, true],
  ['TRIANGLE_STRIP', 2, 0, true],
  ['POLYGON', 2, 0, true],
  ['PIXEL', 2, 4, true],
  ['QUAD', 2, 4, true],
  ['TETRA', 3, 4, true],
  ['VOXEL', 3, 8, true],
  ['HEXAHEDRON', 3, 8, true],
  ['WEDGE', 3, 6, true],
  ['PYRAMID', 3, 5, true],
  ['PENTAGONAL_PRISM', 3, 10, true],
  ['HEXAGONAL_PRISM', 3, 12, true],
  ['QUADRATIC_EDGE', 1, 3, false],
  ['QUADRATIC_TRIANGLE', 2, 6, false],
  ['QUADRATIC_QUAD', 2, 8, false],
  ['QUADRATIC_TETRA', 3, 10, false],
  ['QUADRATIC_HEXAHEDRON', 3, 20, false],
  ['QUADRATIC_WEDGE', 3, 15, false],
  ['QUADRATIC_PYRAMID', 3, 13, false],
  ['BIQUADRATIC_QUAD', 2, 9, false],
  ['TRIQUADRATIC_HEXAHEDRON', 3, 27, false],
  ['QUADRATIC_LINEAR_QUAD', 2, 6, false],
  ['QUADRATIC_LINEAR_WEDGE', 3, 12, false],
  ['BIQUADRATIC_QUADRATIC_WEDGE', 3, 18, false],
  ['BIQUADRATIC_QUADRATIC_HEXAHEDRON', 3, 24, false],
  ['BIQUADRATIC_TRIANGLE', 2, 7, false],
  ['CUBIC_LINE', 1, 4, false],
  ['QUADRATIC_POLYGON', 2, 0, false],
  ['TRIQUADRATIC_PYRAMID', 3, 19, false],
  ['CONVEX_POINT_SET', 3, 0, true],
  ['POLYHEDRON', 3, 0, true],
  ['PARAMETRIC_CURVE', 1, 0, false],
  ['PARAMETRIC_SURFACE', 2, 0, false],
  ['PARAMETRIC_TRI_SURFACE', 2, 0, false],
  ['PARAMETRIC_QUAD_SURFACE', 2, 0, false],
  ['PARAMETRIC_TETRA_REGION', 3, 0, false],
  ['PARAMETRIC_HEX_REGION', 3, 0, false],
  ['HIGHER_ORDER_EDGE', 1, 0, false],
  ['HIGHER_ORDER_TRIANGLE', 2, 0, false],
  ['HIGHER_ORDER_QUAD', 2, 0, false],
  ['HIGHER_ORDER_POLYGON', 2, 0, false],
  ['HIGHER_ORDER_TETRAHEDRON', 3, 0, false],
  ['HIGHER_ORDER_WEDGE', 3, 0, false],
  ['HIGHER_ORDER_PYRAMID', 3, 0, false],
  ['HIGHER_ORDER_HEXAHEDRON', 3, 0, false],
  ['LAGRANGE_CURVE', 1, 0, false],
  ['LAGRANGE_TRIANGLE', 2, 0, false],
  ['LAGRANGE_QUADRILATERAL', 2, 0, false],
  ['LAGRANGE_TETRAHEDRON', 3, 0, false],
  ['LAGRANGE_HEXAHEDRON', 3, 0, false],
  ['LAGRANGE_WEDGE', 3, 0, false],
  ['LAGRANGE_PYRAMID', 3, 0, false],
  ['BEZIER_CURVE', 1, 0, false],
  ['BEZIER_TRIANGLE', 2, 0, false],
  ['BEZIER_QUADRILATERAL', 2, 0, false],
  ['BEZIER_TETRAHEDRON', 3, 0, false],
  ['BEZIER_HEXAHEDRON', 3, 0, false],
  ['BEZIER_WEDGE', 3, 0, false],
  ['BEZIER_PYRAMID', 3, 0, false],
];

const byId = new Map<number, CellTypeInfo>(
  table.map(([name, dimension, points, linear]) => [
    CellType[name],
    { id: CellType[name], name, dimension, points, linear },
  ]),
);

/** Information on a VTK cell type id, or undefined for an id VTK does not define. */
export function cellTypeInfo(id: number): CellTypeInfo | undefined {
  return byId.get(id);
}

export function isKnownCellType(id: number): id is CellTypeId {
  return byId.has(id);
}

/**
 * Whether `count` points is valid for a cell of type `id` (fixed-size types need exactly their
 * count; variable ones at least one, polygons three, strips three, poly-lines two).
 */
export function isValidPointCount(id: CellTypeId, count: number): boolean {
  const info = byId.get(id)!;
  if (info.points > 0) return count === info.points;
  switch (id) {
    case CellType.EMPTY_CELL:
      return count === 0;
    case CellType.POLYGON:
    case CellType.TRIANGLE_STRIP:
    case CellType.QUADRATIC_POLYGON:
      return count >= 3;
    case CellType.POLY_LINE:
      return count >= 2;
    default:
      return count >= 1;
  }
}
