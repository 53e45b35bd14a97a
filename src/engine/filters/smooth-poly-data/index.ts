/**
 * SmoothPolyData (vtkSmoothPolyDataFilter): Laplacian smoothing. Each free point moves by
 * RelaxationFactor × (mean of its neighbours − itself) per iteration, for NumberOfIterations
 * iterations or until no point moves more than Convergence × the bounds diagonal.
 *
 * VTK's smoothing network: points of vertices and line ends are fixed; interior line points and
 * points on boundary edges (BoundarySmoothing), non-manifold edges or, with FeatureEdgeSmoothing,
 * edges sharper than FeatureAngle move only along those edges, and only when they have exactly
 * two such edges meeting within EdgeAngle of a straight line; other points move towards all
 * their edge neighbours. Topology, point data and cell data are unchanged. PolyData in and out;
 * other datasets are smoothed through their surface; MultiBlock: block by block.
 */

import { CellType } from '../../data/cell-types.js';
import { DataArray } from '../../data/data-array.js';
import type { DataObject, DataSet, PolyData } from '../../data/dataset.js';
import { boundsOf } from '../../data/queries.js';
import { passAttributes } from '../cell-access/attributes.js';
import { loopMonitor, mapDataSets, onlyInput } from '../cell-access/blocks.js';
import { CellArrayBuilder } from '../cell-access/growable.js';
import { buildPointLinks, edgeNeighbors } from '../cell-access/links.js';
import { pointCoordinates } from '../cell-access/points.js';
import { triangulateFace } from '../cell-access/topology.js';
import { extractSurface } from '../extract-surface/index.js';
import { resolveProperties } from '../properties.js';
import type { FilterContext, FilterDefinition, PropertySchema, PropertyValues } from '../types.js';

export interface SmoothPolyDataOptions {
  numberOfIterations?: number;
  /** Stop once no point moves more than this fraction of the bounds diagonal (0: never). */
  convergence?: number;
  relaxationFactor?: number;
  featureEdgeSmoothing?: boolean;
  featureAngle?: number;
  edgeAngle?: number;
  boundarySmoothing?: boolean;
}

const SIMPLE = 0;
const FIXED = 1;
const FEATURE = 2;
const BOUNDARY = 3;

function unitNormal(
  xyz: ArrayLike<number>,
  ids: ArrayLike<number>,
  begin: number,
  end: number,
  out: Float64Array,
): void {
  let nx = 0;
  let ny = 0;
  let nz = 0;
  for (let i = begin; i < end; i++) {
    const a = 3 * ids[i];
    const b = 3 * ids[i + 1 < end ? i + 1 : begin];
    nx += (xyz[a + 1] - xyz[b + 1]) * (xyz[a + 2] + xyz[b + 2]);
    ny += (xyz[a + 2] - xyz[b + 2]) * (xyz[a] + xyz[b]);
    nz += (xyz[a] - xyz[b]) * (xyz[a + 1] + xyz[b + 1]);
  }
  const n = Math.hypot(nx, ny, nz) || 1;
  out[0] = nx / n;
  out[1] = ny / n;
  out[2] = nz / n;
}

export function smoothPolyData(
  input: DataSet,
  options: SmoothPolyDataOptions = {},
  context: FilterContext = {},
): PolyData {
  const data = input.type === 'PolyData' ? input : extractSurface(input, {}, context);
  const xyz = pointCoordinates(data);
  const n = xyz.length / 3;
  const type = new Uint8Array(n);
  const neighbors: number[][] = Array.from({ length: n }, () => []);

  for (let i = 0; i < data.verts.connectivity.length; i++) type[data.verts.connectivity[i]] = FIXED;
  const { offsets: lo, connectivity: lc } = data.lines;
  for (let line = 0; line + 1 < lo.length; line++) {
    const npts = lo[line + 1] - lo[line];
    for (let j = 0; j < npts; j++) {
      const p = lc[lo[line] + j];
      if (type[p] === SIMPLE) {
        if (j === npts - 1 || j === 0 || p === lc[lo[line] + j + 1]) {
          type[p] = FIXED;
        } else {
          type[p] = FEATURE;
          neighbors[p] = [lc[lo[line] + j - 1], lc[lo[line] + j + 1]];
        }
      } else if (type[p] === FEATURE) {
        // A point on two lines is a junction: it stays.
        type[p] = FIXED;
      }
    }
  }

  // The polygon mesh: polys then the triangles of strips (VTK's cell order).
  const mesh = new CellArrayBuilder();
  const { offsets: po, connectivity: pc } = data.polys;
  for (let c = 0; c + 1 < po.length; c++) mesh.add(pc.subarray(po[c], po[c + 1]));
  const { offsets: so, connectivity: sc } = data.strips;
  for (let s = 0; s + 1 < so.length; s++) {
    const local = triangulateFace(CellType.TRIANGLE_STRIP, so[s + 1] - so[s]);
    for (let t = 0; t < local.length; t += 3)
      mesh.add([sc[so[s] + local[t]], sc[so[s] + local[t + 1]], sc[so[s] + local[t + 2]]]);
  }
  const cells = mesh.build();
  const links = buildPointLinks(cells, n);
  let maxValence = 1;
  for (let p = 0; p < n; p++) maxValence = Math.max(maxValence, links.start[p + 1] - links.start[p]);
  const shared = new Int32Array(maxValence);
  const cosFeature = Math.cos(((options.featureAngle ?? 45) * Math.PI) / 180);
  const normal = new Float64Array(3);
  const neighborNormal = new Float64Array(3);
  const addEdge = (p: number, q: number, edge: number) => {
    if (edge !== SIMPLE && type[p] === SIMPLE) {
      neighbors[p] = [q];
      type[p] = edge;
    } else if (
      (edge !== SIMPLE && (type[p] === BOUNDARY || type[p] === FEATURE)) ||
      (edge === SIMPLE && type[p] === SIMPLE)
    ) {
      neighbors[p].push(q);
      if (type[p] !== SIMPLE && edge === BOUNDARY) type[p] = BOUNDARY;
    }
  };
  for (let cell = 0; cell + 1 < cells.offsets.length; cell++) {
    const begin = cells.offsets[cell];
    const npts = cells.offsets[cell + 1] - begin;
    for (let i = 0; i < npts; i++) {
      const p1 = cells.connectivity[begin + i];
      const p2 = cells.connectivity[begin + ((i + 1) % npts)];
      const count = edgeNeighbors(links, cell, p1, p2, shared);
      let edge = SIMPLE;
      if (count === 0) {
        edge = BOUNDARY;
      } else if (count >= 2) {
        // Non-manifold: handle once, from the lowest cell using the edge.
        let j = 0;
        while (j < count && shared[j] > cell) j++;
        if (j < count) continue;
        edge = FEATURE;
      } else if (shared[0] > cell) {
        if (options.featureEdgeSmoothing) {
          unitNormal(xyz, cells.connectivity, begin, begin + npts, normal);
          const other = shared[0];
          unitNormal(xyz, cells.connectivity, cells.offsets[other], cells.offsets[other + 1], neighborNormal);
          if (
            normal[0] * neighborNormal[0] + normal[1] * neighborNormal[1] + normal[2] * neighborNormal[2] <=
            cosFeature
          )
            edge = FEATURE;
        }
      } else {
        continue;
      }
      addEdge(p1, p2, edge);
      addEdge(p2, p1, edge);
    }
  }

  const cosEdge = Math.cos(((options.edgeAngle ?? 15) * Math.PI) / 180);
  const boundarySmoothing = options.boundarySmoothing ?? true;
  for (let p = 0; p < n; p++) {
    if (type[p] !== FEATURE && type[p] !== BOUNDARY) continue;
    if (!boundarySmoothing && type[p] === BOUNDARY) type[p] = FIXED;
    else if (neighbors[p].length !== 2) type[p] = FIXED;
    else {
      const [a, b] = neighbors[p];
      const l1 = [0, 1, 2].map((k) => xyz[3 * p + k] - xyz[3 * a + k]);
      const l2 = [0, 1, 2].map((k) => xyz[3 * b + k] - xyz[3 * p + k]);
      const n1 = Math.hypot(l1[0], l1[1], l1[2]) || 1;
      const n2 = Math.hypot(l2[0], l2[1], l2[2]) || 1;
      if ((l1[0] * l2[0] + l1[1] * l2[1] + l1[2] * l2[2]) / (n1 * n2) < cosEdge) type[p] = FIXED;
    }
  }

  // Jacobi iterations: every point moves from the previous positions.
  let old = Float64Array.from(xyz);
  let next = new Float64Array(old.length);
  const relax = options.relaxationFactor ?? 0.01;
  const iterations = options.numberOfIterations ?? 20;
  const b = boundsOf(data);
  const convergence = (options.convergence ?? 0) * Math.hypot(b[1] - b[0], b[3] - b[2], b[5] - b[4]);
  const tick = loopMonitor(context, iterations, 'SmoothPolyData', 1);
  let maxDistance = Number.MAX_VALUE;
  for (let iteration = 0; maxDistance > convergence && iteration < iterations; iteration++) {
    tick(iteration);
    maxDistance = 0;
    for (let p = 0; p < n; p++) {
      const list = neighbors[p];
      if (type[p] === FIXED || list.length === 0) {
        next[3 * p] = old[3 * p];
        next[3 * p + 1] = old[3 * p + 1];
        next[3 * p + 2] = old[3 * p + 2];
        continue;
      }
      let dx = 0;
      let dy = 0;
      let dz = 0;
      for (const q of list) {
        dx += old[3 * q] - old[3 * p];
        dy += old[3 * q + 1] - old[3 * p + 1];
        dz += old[3 * q + 2] - old[3 * p + 2];
      }
      const f = relax / list.length;
      dx *= f;
      dy *= f;
      dz *= f;
      next[3 * p] = old[3 * p] + dx;
      next[3 * p + 1] = old[3 * p + 1] + dy;
      next[3 * p + 2] = old[3 * p + 2] + dz;
      const distance = Math.hypot(dx, dy, dz);
      if (distance > maxDistance) maxDistance = distance;
    }
    [old, next] = [next, old];
  }
  const values = xyz instanceof Float32Array ? Float32Array.from(old) : old;
  return {
    ...data,
    points: new DataArray({ name: 'Points', values, numberOfComponents: 3 }),
    pointData: passAttributes(data.pointData),
    cellData: passAttributes(data.cellData),
  };
}

const properties: readonly PropertySchema[] = [
  {
    name: 'NumberOfIterations',
    type: 'number',
    default: 20,
    min: 0,
    max: 1_000_000,
    integer: true,
    doc: 'Smoothing passes.',
  },
  {
    name: 'Convergence',
    type: 'number',
    default: 0,
    min: 0,
    max: 1,
    doc: 'Stop when no point moves more than this fraction of the bounds diagonal.',
  },
  {
    name: 'RelaxationFactor',
    type: 'number',
    default: 0.01,
    min: 0,
    doc: 'Fraction of the way to the neighbour mean per pass.',
  },
  {
    name: 'FeatureEdgeSmoothing',
    type: 'boolean',
    default: false,
    doc: 'Keep sharp edges: points on them slide along them.',
  },
  {
    name: 'FeatureAngle',
    type: 'number',
    default: 45,
    min: 0,
    max: 180,
    doc: 'Angle making an edge sharp (degrees).',
  },
  {
    name: 'EdgeAngle',
    type: 'number',
    default: 15,
    min: 0,
    max: 180,
    doc: 'Edge points bending more than this stay fixed.',
  },
  {
    name: 'BoundarySmoothing',
    type: 'boolean',
    default: true,
    doc: 'Let boundary points slide along the boundary.',
  },
];

export const smoothPolyDataDefinition: FilterDefinition = {
  name: 'SmoothPolyData',
  kind: 'filter',
  description:
    'Laplacian smoothing of polygonal surfaces and lines (vtkSmoothPolyDataFilter); topology and arrays unchanged. ' +
    'Non-polydata inputs are smoothed through their surface.',
  inputs: { min: 1, max: 1 },
  properties,
  async execute(inputs: readonly DataObject[], values: PropertyValues, context: FilterContext) {
    // ParaView's Python spelling is NumberofIterations; accept both.
    const { NumberofIterations, ...rest } = values as Record<string, unknown>;
    const p = resolveProperties(
      'SmoothPolyData',
      properties,
      NumberofIterations === undefined ? rest : { ...rest, NumberOfIterations: NumberofIterations },
    );
    const options: SmoothPolyDataOptions = {
      numberOfIterations: p.NumberOfIterations as number,
      convergence: p.Convergence as number,
      relaxationFactor: p.RelaxationFactor as number,
      featureEdgeSmoothing: p.FeatureEdgeSmoothing as boolean,
      featureAngle: p.FeatureAngle as number,
      edgeAngle: p.EdgeAngle as number,
      boundarySmoothing: p.BoundarySmoothing as boolean,
    };
    return mapDataSets('SmoothPolyData', onlyInput('SmoothPolyData', inputs), context, (data, c) =>
      smoothPolyData(data, options, c),
    );
  },
};
