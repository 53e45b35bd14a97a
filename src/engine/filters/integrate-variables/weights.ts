/**
 * The geometric half of vtkIntegrateAttributes: every cell of the highest dimension present is
 * split into simplices the way VTK splits it (segments, triangles fanned from the first point,
 * quads as (0,1,2)+(0,3,2), VTK's tetrahedra for hexahedra/wedges/pyramids, centroid fans for
 * prisms and polyhedra) and each simplex spreads its measure over its vertices.
 *
 * The result is one weight per point and one measure per cell, so that the integral of a point
 * array is Σ weight·value and that of a cell array Σ measure·value: the same sums VTK forms
 * simplex by simplex (the mean of the vertex values times the measure), in one pass per array.
 */
import { CellType } from '../../data/cell-types.js';
import type { DataSet } from '../../data/dataset.js';
import { loopMonitor } from '../cell-access/blocks.js';
import { cellSourceOf, polyhedronFace, polyhedronFaceCount } from '../cell-access/cells.js';
import { type Coordinates, pointCoordinates } from '../cell-access/points.js';
import {
  CELL_DIMENSION,
  CELL_IS_LINEAR,
  cellFaces,
  cornerCellType,
  segmentsOf,
  tetrahedraOf,
  triangulateFace,
} from '../cell-access/topology.js';
import type { FilterContext } from '../types.js';

export interface IntegrationWeights {
  /** 1 (Length), 2 (Area) or 3 (Volume); 0 when no cell of dimension ≥ 1 exists. */
  dimension: 0 | 1 | 2 | 3;
  /** Total length, area or volume. */
  sum: number;
  /** Σ measure · simplex centroid (divide by `sum` for the centre). */
  sumCenter: [number, number, number];
  /** Per point: the share of the measure it carries. */
  pointWeights: Float64Array;
  /** Per cell: its measure (0 for cells of a lower dimension). */
  cellMeasures: Float64Array;
}

/** The highest dimension among the cells (0D and empty cells do not count, as in VTK). */
function highestDimension(data: DataSet): 0 | 1 | 2 | 3 {
  const source = cellSourceOf(data);
  if (data.type === 'UnstructuredGrid') {
    const seen = new Uint8Array(256);
    for (let c = 0; c < data.cellTypes.length; c++) seen[data.cellTypes[c]] = 1;
    let max = 0;
    for (let t = 0; t < 256; t++) if (seen[t] && CELL_DIMENSION[t] > max) max = CELL_DIMENSION[t];
    return max as 0 | 1 | 2 | 3;
  }
  let max = 0;
  for (let c = 0; c < source.numberOfCells && max < 3; c++) {
    const d = CELL_DIMENSION[source.cellType(c)];
    if (d > max) max = d;
  }
  return max as 0 | 1 | 2 | 3;
}

class Accumulator {
  sum = 0;
  cx = 0;
  cy = 0;
  cz = 0;
  constructor(
    readonly xyz: Coordinates,
    readonly pointWeights: Float64Array,
    readonly cellMeasures: Float64Array,
  ) {}

  /** A simplex of measure `k` on points a, b (, c (, d)): spreads k equally. */
  add(cell: number, k: number, ids: ArrayLike<number>, count: number): void {
    if (k === 0) return;
    const p = this.xyz;
    let x = 0;
    let y = 0;
    let z = 0;
    const share = k / count;
    for (let v = 0; v < count; v++) {
      const id = ids[v];
      this.pointWeights[id] += share;
      x += p[3 * id];
      y += p[3 * id + 1];
      z += p[3 * id + 2];
    }
    this.sum += k;
    this.cx += (x / count) * k;
    this.cy += (y / count) * k;
    this.cz += (z / count) * k;
    this.cellMeasures[cell] += k;
  }
}

function segmentLength(p: Coordinates, a: number, b: number): number {
  const dx = p[3 * b] - p[3 * a];
  const dy = p[3 * b + 1] - p[3 * a + 1];
  const dz = p[3 * b + 2] - p[3 * a + 2];
  return Math.sqrt(dx * dx + dy * dy + dz * dz);
}

function triangleArea(p: Coordinates, a: number, b: number, c: number): number {
  const ux = p[3 * b] - p[3 * a];
  const uy = p[3 * b + 1] - p[3 * a + 1];
  const uz = p[3 * b + 2] - p[3 * a + 2];
  const vx = p[3 * c] - p[3 * a];
  const vy = p[3 * c + 1] - p[3 * a + 1];
  const vz = p[3 * c + 2] - p[3 * a + 2];
  const nx = uy * vz - uz * vy;
  const ny = uz * vx - ux * vz;
  const nz = ux * vy - uy * vx;
  return 0.5 * Math.sqrt(nx * nx + ny * ny + nz * nz);
}

/** Signed volume (a→b × a→c) · a→d / 6, as VTK computes it. */
export function tetraVolume(p: ArrayLike<number>, a: number, b: number, c: number, d: number): number {
  const ux = p[3 * b] - p[3 * a];
  const uy = p[3 * b + 1] - p[3 * a + 1];
  const uz = p[3 * b + 2] - p[3 * a + 2];
  const vx = p[3 * c] - p[3 * a];
  const vy = p[3 * c + 1] - p[3 * a + 1];
  const vz = p[3 * c + 2] - p[3 * a + 2];
  const wx = p[3 * d] - p[3 * a];
  const wy = p[3 * d + 1] - p[3 * a + 1];
  const wz = p[3 * d + 2] - p[3 * a + 2];
  return ((uy * vz - uz * vy) * wx + (uz * vx - ux * vz) * wy + (ux * vy - uy * vx) * wz) / 6;
}

/** Computes the weights of every point and the measure of every cell of `data`. */
export function integrationWeights(data: DataSet, context: FilterContext = {}): IntegrationWeights {
  const source = cellSourceOf(data);
  const xyz = pointCoordinates(data);
  const dimension = highestDimension(data);
  const acc = new Accumulator(
    xyz,
    new Float64Array(source.numberOfPoints),
    new Float64Array(source.numberOfCells),
  );
  const ids = new Int32Array(Math.max(1, source.maxCellSize));
  const simplex = new Int32Array(4);
  const tick = loopMonitor(context, source.numberOfCells, 'IntegrateVariables');
  const grid = data.type === 'UnstructuredGrid' ? data : undefined;
  // Scratch for centroid fans: coordinates with one extra point (the centroid) at the end.
  let fan: Float64Array | undefined;

  for (let cell = 0; cell < source.numberOfCells; cell++) {
    tick(cell);
    const type = source.cellType(cell);
    if (CELL_DIMENSION[type] !== dimension || dimension === 0) continue;
    const n = source.cellPointIds(cell, ids);
    if (dimension === 1) {
      const segments = segmentsOf(type, n);
      for (let s = 0; s < segments.length; s += 2) {
        simplex[0] = ids[segments[s]];
        simplex[1] = ids[segments[s + 1]];
        acc.add(cell, segmentLength(xyz, simplex[0], simplex[1]), simplex, 2);
      }
    } else if (dimension === 2) {
      if (type === CellType.PIXEL) {
        acc.add(cell, pixelArea(xyz, ids), ids, 4);
        continue;
      }
      const triangles = type === CellType.QUAD ? QUAD_TRIANGLES : triangulateFace(type, n);
      for (let t = 0; t < triangles.length; t += 3) {
        simplex[0] = ids[triangles[t]];
        simplex[1] = ids[triangles[t + 1]];
        simplex[2] = ids[triangles[t + 2]];
        acc.add(cell, triangleArea(xyz, simplex[0], simplex[1], simplex[2]), simplex, 3);
      }
    } else if (type === CellType.VOXEL) {
      acc.add(cell, voxelVolume(xyz, ids), ids, 8);
    } else if (type === CellType.TETRA) {
      acc.add(cell, tetraVolume(xyz, ids[0], ids[1], ids[2], ids[3]), ids, 4);
    } else {
      const linearType = CELL_IS_LINEAR[type] ? type : cornerCellType(type);
      const tets = tetrahedraOf(linearType);
      if (tets) {
        let total = 0;
        for (let t = 0; t < tets.length; t += 4) {
          total += tetraVolume(xyz, ids[tets[t]], ids[tets[t + 1]], ids[tets[t + 2]], ids[tets[t + 3]]);
        }
        // Cells given in the mirrored point order still count positively.
        const sign = total < 0 ? -1 : 1;
        for (let t = 0; t < tets.length; t += 4) {
          for (let v = 0; v < 4; v++) simplex[v] = ids[tets[t + v]];
          acc.add(cell, sign * tetraVolume(xyz, simplex[0], simplex[1], simplex[2], simplex[3]), simplex, 4);
        }
      } else {
        fan = centroidFan(acc, cell, type, ids, n, grid, fan);
      }
    }
  }
  return {
    dimension,
    sum: acc.sum,
    sumCenter: [acc.cx, acc.cy, acc.cz],
    pointWeights: acc.pointWeights,
    cellMeasures: acc.cellMeasures,
  };
}

const QUAD_TRIANGLES = [0, 1, 2, 0, 3, 2];

/** VTK's pixel area: the sides are axis-aligned, so coordinate differences add up to lengths. */
function pixelArea(p: Coordinates, ids: Int32Array): number {
  const [a, b, c] = [3 * ids[0], 3 * ids[1], 3 * ids[2]];
  const l = p[a] - p[b] + (p[a + 1] - p[b + 1]) + (p[a + 2] - p[b + 2]);
  const w = p[a] - p[c] + (p[a + 1] - p[c + 1]) + (p[a + 2] - p[c + 2]);
  return Math.abs(l * w);
}

function voxelVolume(p: Coordinates, ids: Int32Array): number {
  const o = 3 * ids[0];
  return Math.abs((p[3 * ids[1]] - p[o]) * (p[3 * ids[2] + 1] - p[o + 1]) * (p[3 * ids[4] + 2] - p[o + 2]));
}

/**
 * Prisms and polyhedra: tetrahedra from the cell centroid to each face, fanned from the face's
 * first point. The centroid's value is the mean of the cell's points, so its share of the
 * weight is spread evenly over them.
 */
function centroidFan(
  acc: Accumulator,
  cell: number,
  type: number,
  ids: Int32Array,
  n: number,
  grid: Extract<DataSet, { type: 'UnstructuredGrid' }> | undefined,
  scratch: Float64Array | undefined,
): Float64Array | undefined {
  const xyz = acc.xyz;
  let faces: number[][];
  if (type === CellType.POLYHEDRON && grid) {
    const face = new Int32Array(Math.max(16, n * 2));
    faces = [];
    for (let f = 0; f < polyhedronFaceCount(grid, cell); f++) {
      faces.push(Array.from(face.subarray(0, polyhedronFace(grid, cell, f, face))));
    }
  } else {
    const table = cellFaces(type);
    if (!table) return scratch;
    faces = table.map((f) => f.corners.map((local) => ids[local]));
  }
  // Local coordinates: the cell's points then its centroid, so tetraVolume can index them.
  const unique = [...new Set(faces.flat())];
  const localOf = new Map(unique.map((id, i) => [id, i]));
  const size = 3 * (unique.length + 1);
  if (!scratch || scratch.length < size) scratch = new Float64Array(size);
  const centroid = unique.length;
  scratch.fill(0, 3 * centroid, 3 * centroid + 3);
  unique.forEach((id, i) => {
    for (let a = 0; a < 3; a++) {
      scratch![3 * i + a] = xyz[3 * id + a];
      scratch![3 * centroid + a] += xyz[3 * id + a] / unique.length;
    }
  });
  const tets: [number, number, number, number][] = [];
  let total = 0;
  for (const face of faces) {
    for (let k = 1; k + 1 < face.length; k++) {
      const tet: [number, number, number, number] = [
        centroid,
        localOf.get(face[0])!,
        localOf.get(face[k])!,
        localOf.get(face[k + 1])!,
      ];
      // With outward faces, (centroid, a, b, d) has positive volume.
      total += tetraVolume(scratch, ...tet);
      tets.push(tet);
    }
  }
  const sign = total < 0 ? -1 : 1;
  for (const tet of tets) {
    const v = sign * tetraVolume(scratch, ...tet);
    if (v === 0) continue;
    const shares = [tet[1], tet[2], tet[3]].map((local) => unique[local]);
    acc.add(cell, (3 * v) / 4, shares, 3);
    // The centroid's quarter goes to all the cell's points; centre contribution included.
    for (const id of unique) acc.pointWeights[id] += v / 4 / unique.length;
    acc.cellMeasures[cell] += v / 4;
    acc.sum += v / 4;
    acc.cx += scratch[3 * centroid] * (v / 4);
    acc.cy += scratch[3 * centroid + 1] * (v / 4);
    acc.cz += scratch[3 * centroid + 2] * (v / 4);
  }
  return scratch;
}
