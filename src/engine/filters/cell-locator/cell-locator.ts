/**
 * Finding the cell that contains a point (the job of vtkCellLocator / FindCell).
 *
 * Explicit cells: a uniform bucket grid over the dataset bounds, each cell filed in every
 * bucket its bounding box touches (CSR arrays), so a query evaluates only the few cells of one
 * bucket. Image data needs no search: the voxel comes from the point's index coordinates.
 *
 * The whole description is typed arrays and numbers (`ProbeGeometry`), so it is built once,
 * put on SharedArrayBuffers and handed to pool workers, which rebuild a `CellFinder` on it.
 */

import { CellType } from '../../data/cell-types.js';
import { toSharedTypedArray } from '../../data/data-array.js';
import type { DataSet, ImageData } from '../../data/dataset.js';
import { dimensionsOf } from '../../data/queries.js';
import { toUnstructuredGrid } from '../cell-access/convert.js';
import { buildPointBuckets, type PointBuckets, PointLocator } from '../cell-access/point-locator.js';
import { pointCoordinates } from '../cell-access/points.js';
import {
  CellLocation,
  evaluatePosition,
  INSIDE_TOLERANCE,
  isInside,
  isSupportedCell,
} from './cell-interpolation.js';

export interface ImageGeometry {
  kind: 'image';
  /** Points per axis. */
  dims: [number, number, number];
  origin: [number, number, number];
  spacing: [number, number, number];
  /** Row-major direction matrix and its inverse. */
  direction: number[];
  inverseDirection: number[];
  /** Index of the first point (extent minima). */
  start: [number, number, number];
  numberOfPoints: number;
}

export interface CellGeometry {
  kind: 'cells';
  points: Float32Array | Float64Array;
  offsets: Int32Array | Float64Array;
  connectivity: Int32Array | Float64Array;
  types: Uint8Array;
  numberOfPoints: number;
  /** Bucket grid: origin, bucket size and buckets per axis. */
  origin: Float64Array;
  size: Float64Array;
  dims: Int32Array;
  bucketStart: Int32Array;
  bucketCells: Int32Array;
  /**
   * For VTK's search (`walk`): cells using each point (ascending) and a point bucket grid.
   * Without them only the bucket grid is used.
   */
  walk?: { linkStart: Int32Array; linkCells: Int32Array; points: PointBuckets };
}

export type ProbeGeometry = ImageGeometry | CellGeometry;

function invert3(m: number[]): number[] {
  const [a, b, c, d, e, f, g, h, i] = m;
  const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  return [
    (e * i - f * h) / det,
    (c * h - b * i) / det,
    (b * f - c * e) / det,
    (f * g - d * i) / det,
    (a * i - c * g) / det,
    (c * d - a * f) / det,
    (d * h - e * g) / det,
    (b * g - a * h) / det,
    (a * e - b * d) / det,
  ];
}

function imageGeometry(image: ImageData): ImageGeometry {
  const dims = dimensionsOf(image.extent);
  return {
    kind: 'image',
    dims,
    origin: [...image.origin],
    spacing: [...image.spacing],
    direction: [...image.direction],
    inverseDirection: invert3([...image.direction]),
    start: [image.extent[0], image.extent[2], image.extent[4]],
    numberOfPoints: dims[0] * dims[1] * dims[2],
  };
}

/**
 * The probe geometry of `data`: image data directly, everything else as explicit cells with a
 * bucket grid. Only 3D linear cells are located (tetra, voxel, hexahedron, wedge, pyramid);
 * other cells are ignored. With `shared`, arrays are on SharedArrayBuffers for the pool.
 */
export interface ProbeGeometryOptions {
  /** Put the arrays on SharedArrayBuffers for pool workers. */
  shared?: boolean;
  /**
   * Find cells as VTK's vtkClosestPointStrategy does (walk from the previous cell, then from
   * the cells of the closest point), so that a point on a shared face lands in the same cell
   * as in ParaView. Stream tracing uses it; probing does not need it.
   */
  walk?: boolean;
}

export function probeGeometry(data: DataSet, options: ProbeGeometryOptions | boolean = {}): ProbeGeometry {
  const { shared = false, walk = false } = typeof options === 'boolean' ? { shared: options } : options;
  if (data.type === 'ImageData') return imageGeometry(data);
  const grid = toUnstructuredGrid(data);
  const points = pointCoordinates(grid);
  const { offsets, connectivity } = grid.cells;
  const types = grid.cellTypes;
  const numberOfCells = types.length;
  // Bounds of the locatable cells.
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  let located = 0;
  for (let c = 0; c < numberOfCells; c++) {
    if (!isSupportedCell(types[c])) continue;
    located++;
    for (let i = offsets[c]; i < offsets[c + 1]; i++) {
      const p = 3 * connectivity[i];
      for (let a = 0; a < 3; a++) {
        const v = points[p + a];
        if (v < lo[a]) lo[a] = v;
        if (v > hi[a]) hi[a] = v;
      }
    }
  }
  if (located === 0) for (let a = 0; a < 3; a++) lo[a] = hi[a] = 0;
  const lengths = [0, 1, 2].map((a) => hi[a] - lo[a]);
  const largest = Math.max(...lengths, 1e-300);
  const volume = lengths.reduce((v, l) => v * Math.max(l, largest * 1e-3), 1);
  // About two cells per bucket, buckets roughly cubic.
  const edge = Math.cbrt(volume / Math.max(1, located / 2));
  const dims = new Int32Array(3);
  const size = new Float64Array(3);
  const origin = new Float64Array(3);
  for (let a = 0; a < 3; a++) {
    dims[a] = Math.max(1, Math.min(512, Math.round(lengths[a] / edge)));
    // Pad a little so points on the outer faces fall inside the grid.
    const pad = Math.max(lengths[a], largest * 1e-6) * 1e-6;
    origin[a] = lo[a] - pad;
    size[a] = (lengths[a] + 2 * pad) / dims[a];
  }
  const bucket = (v: number, a: number) => {
    const i = Math.floor((v - origin[a]) / size[a]);
    return i < 0 ? 0 : i >= dims[a] ? dims[a] - 1 : i;
  };
  const total = dims[0] * dims[1] * dims[2];
  const counts = new Int32Array(total + 1);
  const box = new Int32Array(6);
  const cellBox = (c: number) => {
    const bl = [Infinity, Infinity, Infinity];
    const bh = [-Infinity, -Infinity, -Infinity];
    for (let i = offsets[c]; i < offsets[c + 1]; i++) {
      const p = 3 * connectivity[i];
      for (let a = 0; a < 3; a++) {
        const v = points[p + a];
        if (v < bl[a]) bl[a] = v;
        if (v > bh[a]) bh[a] = v;
      }
    }
    for (let a = 0; a < 3; a++) {
      // A cell also answers for points within its parametric tolerance outside it.
      const grow = (bh[a] - bl[a]) * INSIDE_TOLERANCE;
      box[2 * a] = bucket(bl[a] - grow, a);
      box[2 * a + 1] = bucket(bh[a] + grow, a);
    }
  };
  const fileCells = (visit: (bucketIndex: number, cell: number) => void) => {
    for (let c = 0; c < numberOfCells; c++) {
      if (!isSupportedCell(types[c])) continue;
      cellBox(c);
      for (let k = box[4]; k <= box[5]; k++)
        for (let j = box[2]; j <= box[3]; j++)
          for (let i = box[0]; i <= box[1]; i++) visit(i + dims[0] * (j + dims[1] * k), c);
    }
  };
  fileCells((b) => {
    counts[b + 1]++;
  });
  for (let b = 0; b < total; b++) counts[b + 1] += counts[b];
  const cells = new Int32Array(counts[total]);
  const fill = counts.slice(0, total);
  fileCells((b, c) => {
    cells[fill[b]++] = c;
  });
  const share = <T extends Parameters<typeof toSharedTypedArray>[0]>(v: T): T =>
    shared ? toSharedTypedArray(v) : v;
  return {
    kind: 'cells',
    points: share(points),
    offsets: share(offsets),
    connectivity: share(connectivity),
    types: share(types),
    numberOfPoints: points.length / 3,
    origin,
    size,
    dims,
    bucketStart: share(counts),
    bucketCells: share(cells),
    walk: walk ? walkStructures(points, { offsets, connectivity }, types, share) : undefined,
  };
}

function walkStructures(
  points: Float32Array | Float64Array,
  cells: { offsets: Int32Array | Float64Array; connectivity: Int32Array | Float64Array },
  types: Uint8Array,
  share: <T extends Int32Array | Float64Array>(v: T) => T,
): NonNullable<CellGeometry['walk']> {
  const n = points.length / 3;
  const linkStart = new Int32Array(n + 1);
  const { offsets, connectivity } = cells;
  for (let c = 0; c < types.length; c++) {
    if (!isSupportedCell(types[c])) continue;
    for (let i = offsets[c]; i < offsets[c + 1]; i++) linkStart[connectivity[i] + 1]++;
  }
  for (let p = 0; p < n; p++) linkStart[p + 1] += linkStart[p];
  const fill = linkStart.slice(0, n);
  const linkCells = new Int32Array(linkStart[n]);
  for (let c = 0; c < types.length; c++) {
    if (!isSupportedCell(types[c])) continue;
    for (let i = offsets[c]; i < offsets[c + 1]; i++) linkCells[fill[connectivity[i]]++] = c;
  }
  const buckets = buildPointBuckets(points);
  return {
    linkStart: share(linkStart),
    linkCells: share(linkCells),
    points: {
      origin: buckets.origin,
      size: buckets.size,
      dims: buckets.dims,
      start: share(buckets.start),
      ids: share(buckets.ids),
    },
  };
}

/**
 * The face of a cell towards which parametric coordinates point (VTK's CellBoundary), as local
 * point indices; undefined for cell types VTK does not walk through here.
 */
function boundaryFace(type: number, pc: Float64Array): readonly number[] | undefined {
  if (type === CellType.TETRA) {
    let min = 1 - pc[0] - pc[1] - pc[2];
    let index = 3;
    for (let i = 0; i < 3; i++) {
      if (pc[i] < min) {
        min = pc[i];
        index = i;
      }
    }
    return TETRA_FACES[index];
  }
  if (type !== CellType.HEXAHEDRON && type !== CellType.VOXEL) return undefined;
  const t1 = pc[0] - pc[1];
  const t2 = 1 - pc[0] - pc[1];
  const t3 = pc[1] - pc[2];
  const t4 = 1 - pc[1] - pc[2];
  const t5 = pc[2] - pc[0];
  const t6 = 1 - pc[2] - pc[0];
  // Six regions of parametric space, one per face: t = 0, r = 1, s = 0, t = 1, r = 0, s = 1.
  let side: number;
  if (t3 >= 0 && t4 >= 0 && t5 < 0 && t6 >= 0) side = 0;
  else if (t1 >= 0 && t2 < 0 && t5 < 0 && t6 < 0) side = 1;
  else if (t1 >= 0 && t2 >= 0 && t3 < 0 && t4 >= 0) side = 2;
  else if (t3 < 0 && t4 < 0 && t5 >= 0 && t6 < 0) side = 3;
  else if (t1 < 0 && t2 >= 0 && t5 >= 0 && t6 >= 0) side = 4;
  else side = 5;
  return (type === CellType.VOXEL ? VOXEL_SIDES : HEX_SIDES)[side];
}

const TETRA_FACES = [
  [0, 2, 3],
  [0, 1, 3],
  [0, 1, 2],
  [1, 2, 3],
];
const HEX_SIDES = [
  [0, 1, 2, 3],
  [1, 2, 6, 5],
  [0, 1, 5, 4],
  [4, 5, 6, 7],
  [0, 4, 7, 3],
  [2, 3, 7, 6],
];
const VOXEL_SIDES = [
  [0, 1, 3, 2],
  [1, 3, 7, 5],
  [0, 1, 5, 4],
  [4, 5, 7, 6],
  [0, 4, 6, 2],
  [2, 3, 7, 6],
];

/** Result of a successful `find`: the interpolation stencil of the point. */
export class ProbeHit {
  cell = -1;
  /** Point ids of the cell (first `count`). */
  readonly ids = new Int32Array(12);
  readonly location = new CellLocation();
  get count(): number {
    return this.location.count;
  }
}

/** Point-in-cell queries on a ProbeGeometry (one per thread; it keeps a last-cell cache). */
export class CellFinder {
  readonly #geometry: ProbeGeometry;
  #lastCell = -1;
  readonly #derivatives: boolean;

  /** `derivatives` false: hits carry weights only (no inverse Jacobian), which is faster. */
  constructor(geometry: ProbeGeometry, options: { derivatives?: boolean } = {}) {
    this.#geometry = geometry;
    this.#derivatives = options.derivatives ?? true;
  }

  get geometry(): ProbeGeometry {
    return this.#geometry;
  }

  /** Forget the cached cell (start of a new streamline, as VTK's ClearLastCellId). */
  clearCache(): void {
    this.#lastCell = -1;
  }

  /** Fills `hit` with the cell containing (x, y, z) and returns true, or returns false. */
  find(x: number, y: number, z: number, hit: ProbeHit): boolean {
    const g = this.#geometry;
    return g.kind === 'image' ? this.#findInImage(g, x, y, z, hit) : this.#findInCells(g, x, y, z, hit);
  }

  #tryCell(g: CellGeometry, cell: number, x: number, y: number, z: number, hit: ProbeHit): boolean {
    const begin = g.offsets[cell];
    const n = g.offsets[cell + 1] - begin;
    const ids = hit.ids;
    for (let k = 0; k < n; k++) ids[k] = g.connectivity[begin + k];
    if (evaluatePosition(g.types[cell], g.points, ids, x, y, z, hit.location, this.#derivatives) !== 1)
      return false;
    hit.cell = cell;
    return true;
  }

  #findInCells(g: CellGeometry, x: number, y: number, z: number, hit: ProbeHit): boolean {
    if (g.walk) return this.#findByWalking(g, x, y, z, hit) || this.#findInBuckets(g, x, y, z, hit);
    if (this.#lastCell >= 0 && this.#tryCell(g, this.#lastCell, x, y, z, hit)) return true;
    return this.#findInBuckets(g, x, y, z, hit);
  }

  #findInBuckets(g: CellGeometry, x: number, y: number, z: number, hit: ProbeHit): boolean {
    const coords = [x, y, z];
    let b = 0;
    let stride = 1;
    for (let a = 0; a < 3; a++) {
      const i = Math.floor((coords[a] - g.origin[a]) / g.size[a]);
      if (i < 0 || i >= g.dims[a]) return false;
      b += i * stride;
      stride *= g.dims[a];
    }
    // A point on a face shared by two cells is within the tolerance of both: prefer the cell
    // that strictly contains it.
    let tolerant = -1;
    for (let s = g.bucketStart[b]; s < g.bucketStart[b + 1]; s++) {
      const cell = g.bucketCells[s];
      if (cell === this.#lastCell || !this.#tryCell(g, cell, x, y, z, hit)) continue;
      if (isInside(g.types[cell], hit.location.pcoords, 0)) {
        this.#lastCell = cell;
        return true;
      }
      if (tolerant < 0) tolerant = cell;
    }
    if (tolerant < 0) return false;
    this.#tryCell(g, tolerant, x, y, z, hit);
    this.#lastCell = tolerant;
    return true;
  }

  #visited: number[] = [];
  #pointLocator: PointLocator | undefined;

  /** vtkClosestPointStrategy: the cached cell, a walk from it, then walks from the closest point's cells. */
  #findByWalking(g: CellGeometry, x: number, y: number, z: number, hit: ProbeHit): boolean {
    const walk = g.walk!;
    this.#visited.length = 0;
    if (this.#lastCell >= 0 && this.#walkFrom(g, this.#lastCell, x, y, z, hit)) return true;
    this.#pointLocator ??= new PointLocator(g.points, walk.points);
    const closest = this.#pointLocator.findClosest(x, y, z);
    if (closest < 0) return false;
    for (let s = walk.linkStart[closest]; s < walk.linkStart[closest + 1]; s++) {
      if (this.#walkFrom(g, walk.linkCells[s], x, y, z, hit)) return true;
    }
    return false;
  }

  #walkFrom(g: CellGeometry, start: number, x: number, y: number, z: number, hit: ProbeHit): boolean {
    let cell = start;
    for (let step = 0; step < 12 && cell >= 0; step++) {
      if (this.#visited.includes(cell)) return false;
      this.#visited.push(cell);
      if (this.#tryCell(g, cell, x, y, z, hit)) {
        this.#lastCell = cell;
        return true;
      }
      const face = boundaryFace(g.types[cell], hit.location.pcoords);
      if (!face) return false;
      cell = this.#neighborAcross(g, cell, face);
    }
    return false;
  }

  /** The lowest-numbered other cell using every point of the face (VTK's GetCellNeighbors). */
  #neighborAcross(g: CellGeometry, cell: number, face: readonly number[]): number {
    const walk = g.walk!;
    const begin = g.offsets[cell];
    const first = g.connectivity[begin + face[0]];
    for (let s = walk.linkStart[first]; s < walk.linkStart[first + 1]; s++) {
      const other = walk.linkCells[s];
      if (other === cell) continue;
      let all = true;
      for (let k = 1; k < face.length && all; k++) {
        const p = g.connectivity[begin + face[k]];
        let uses = false;
        for (let i = g.offsets[other]; i < g.offsets[other + 1] && !uses; i++) uses = g.connectivity[i] === p;
        all = uses;
      }
      if (all) return other;
    }
    return -1;
  }

  #findInImage(g: ImageGeometry, x: number, y: number, z: number, hit: ProbeHit): boolean {
    const m = g.inverseDirection;
    const dx = x - g.origin[0];
    const dy = y - g.origin[1];
    const dz = z - g.origin[2];
    const local = [
      m[0] * dx + m[1] * dy + m[2] * dz,
      m[3] * dx + m[4] * dy + m[5] * dz,
      m[6] * dx + m[7] * dy + m[8] * dz,
    ];
    const index = [0, 0, 0];
    const pc = hit.location.pcoords;
    for (let a = 0; a < 3; a++) {
      const continuous = local[a] / g.spacing[a] - g.start[a];
      const n = g.dims[a];
      if (n === 1) {
        if (Math.abs(continuous) > INSIDE_TOLERANCE) return false;
        index[a] = 0;
        pc[a] = 0;
        continue;
      }
      if (continuous < -INSIDE_TOLERANCE || continuous > n - 1 + INSIDE_TOLERANCE) return false;
      let i = Math.floor(continuous);
      if (i < 0) i = 0;
      if (i > n - 2) i = n - 2;
      index[a] = i;
      pc[a] = continuous - i;
    }
    // Voxel stencil over the axes that have more than one point (pixel/line for 2D/1D images).
    const [nx, ny] = g.dims;
    const w = hit.location.weights;
    let count = 0;
    const axes = [0, 1, 2].filter((a) => g.dims[a] > 1);
    const corners = 1 << axes.length;
    for (let corner = 0; corner < corners; corner++) {
      let weight = 1;
      const ijk = [index[0], index[1], index[2]];
      axes.forEach((a, bit) => {
        const upper = (corner >> bit) & 1;
        ijk[a] += upper;
        weight *= upper ? pc[a] : 1 - pc[a];
      });
      hit.ids[count] = ijk[0] + nx * (ijk[1] + ny * ijk[2]);
      w[count++] = weight;
    }
    hit.location.count = count;
    hit.cell = index[0] + Math.max(1, nx - 1) * (index[1] + Math.max(1, ny - 1) * index[2]);
    if (this.#derivatives) imageDerivativeFrame(g, axes, hit);
    return true;
  }
}

/**
 * Shape-function derivatives and inverse Jacobian for an image voxel (in VTK's voxel point
 * order), so `derivatives` works on image hits as on any cell.
 */
function imageDerivativeFrame(g: ImageGeometry, axes: number[], hit: ProbeHit): void {
  const loc = hit.location;
  const n = loc.count;
  const d = loc.shapeDerivatives;
  const pc = loc.pcoords;
  d.fill(0, 0, 3 * n);
  for (let corner = 0; corner < n; corner++) {
    axes.forEach((a, bit) => {
      let derivative = ((corner >> bit) & 1) === 1 ? 1 : -1;
      axes.forEach((b, other) => {
        if (b === a) return;
        derivative *= ((corner >> other) & 1) === 1 ? pc[b] : 1 - pc[b];
      });
      d[a * n + corner] = derivative;
    });
  }
  // x = origin + D·((start + index + pc) ⊙ spacing), so the rows ∂x/∂pc_a form diag(spacing)·Dᵀ
  // and the inverse is D⁻ᵀ·diag(1/spacing): entry (a, b) = D⁻¹[b][a] / spacing[b].
  const m = loc.inverseJacobian;
  for (let a = 0; a < 3; a++)
    for (let b = 0; b < 3; b++) m[3 * a + b] = g.inverseDirection[3 * b + a] / g.spacing[b];
}
