/**
 * vtkPolyDataNormals on PolyData: consistent polygon ordering by a breadth-first wave over edge
 * neighbours (optionally seeded so that the left-most polygon faces −x, AutoOrientNormals),
 * splitting of points along feature edges sharper than FeatureAngle, and point normals as the
 * normalised sum of the unit normals of the polygons around each (split) point.
 */

import { CellType } from '../../data/cell-types.js';
import { DataArray } from '../../data/data-array.js';
import { createPolyData, type PolyData } from '../../data/dataset.js';
import { gatherAttributes, passAttributes } from '../cell-access/attributes.js';
import { loopMonitor } from '../cell-access/blocks.js';
import { Int32Buffer } from '../cell-access/growable.js';
import { buildPointLinks, edgeNeighbors, type PointLinks } from '../cell-access/links.js';
import { type Coordinates, pointCoordinates } from '../cell-access/points.js';
import { triangulateFace } from '../cell-access/topology.js';
import type { FilterContext } from '../types.js';

export interface SurfaceNormalsOptions {
  /** Angle in degrees between neighbouring polygons above which their common edge is sharp. */
  featureAngle: number;
  /** Duplicate points on sharp edges so each side gets its own normal. */
  splitting: boolean;
  /** Reorder polygons so that neighbours agree in orientation. */
  consistency: boolean;
  /** Reverse every normal. */
  flipNormals: boolean;
  /** Also output one normal per polygon (cell array `Normals`). */
  computeCellNormals: boolean;
  /** Let the ordering wave cross edges shared by more than two polygons. */
  nonManifoldTraversal: boolean;
  /** Orient each connected piece so that its normals point outward (closed surfaces). */
  autoOrientNormals: boolean;
}

interface Mesh {
  offsets: Int32Array;
  connectivity: Int32Array;
}

/** Polygons plus the strips split into triangles (VTK's DecomposeStrip order). */
function polygonsOf(input: PolyData): { mesh: Mesh; stripTriangles: number[] } {
  const polys = input.polys;
  const offsets = new Int32Buffer(polys.offsets.length + 16);
  const connectivity = new Int32Buffer(polys.connectivity.length + 16);
  for (let i = 0; i < polys.offsets.length; i++) offsets.push(polys.offsets[i]);
  for (let i = 0; i < polys.connectivity.length; i++) connectivity.push(polys.connectivity[i]);
  if (offsets.length === 0) offsets.push(0);
  const stripTriangles: number[] = [];
  const strips = input.strips;
  for (let s = 0; s + 1 < strips.offsets.length; s++) {
    const begin = strips.offsets[s];
    const count = strips.offsets[s + 1] - begin;
    const local = triangulateFace(CellType.TRIANGLE_STRIP, count);
    for (let t = 0; t < local.length; t += 3) {
      for (let k = 0; k < 3; k++) connectivity.push(strips.connectivity[begin + local[t + k]]);
      offsets.push(connectivity.length);
      stripTriangles.push(s);
    }
  }
  return { mesh: { offsets: offsets.toArray(), connectivity: connectivity.toArray() }, stripTriangles };
}

function reverseCell(mesh: Mesh, cell: number): void {
  let i = mesh.offsets[cell];
  let j = mesh.offsets[cell + 1] - 1;
  const c = mesh.connectivity;
  while (i < j) {
    const t = c[i];
    c[i++] = c[j];
    c[j--] = t;
  }
}

/** Unit normal of a polygon by Newell's method (any planar polygon, robust to collinear runs). */
function polygonNormal(xyz: Coordinates, mesh: Mesh, cell: number, out: Float64Array, at: number): void {
  const c = mesh.connectivity;
  const begin = mesh.offsets[cell];
  const end = mesh.offsets[cell + 1];
  let nx = 0;
  let ny = 0;
  let nz = 0;
  for (let i = begin; i < end; i++) {
    const a = 3 * c[i];
    const b = 3 * c[i + 1 < end ? i + 1 : begin];
    nx += (xyz[a + 1] - xyz[b + 1]) * (xyz[a + 2] + xyz[b + 2]);
    ny += (xyz[a + 2] - xyz[b + 2]) * (xyz[a] + xyz[b]);
    nz += (xyz[a] - xyz[b]) * (xyz[a + 1] + xyz[b + 1]);
  }
  const length = Math.sqrt(nx * nx + ny * ny + nz * nz);
  const s = length > 0 ? 1 / length : 0;
  out[at] = nx * s;
  out[at + 1] = ny * s;
  out[at + 2] = nz * s;
}

/** Breadth-first wave from `seed`, reversing neighbours whose shared edge runs the same way. */
function traverseAndOrder(
  links: PointLinks,
  mesh: Mesh,
  seed: number,
  visited: Uint8Array,
  nonManifold: boolean,
  neighbors: Int32Array,
): void {
  let wave = [seed];
  visited[seed] = 1;
  while (wave.length > 0) {
    const next: number[] = [];
    for (const cell of wave) {
      const begin = mesh.offsets[cell];
      const n = mesh.offsets[cell + 1] - begin;
      for (let j = 0; j < n; j++) {
        const pj = mesh.connectivity[begin + j];
        const pj1 = mesh.connectivity[begin + ((j + 1) % n)];
        const count = edgeNeighbors(links, cell, pj, pj1, neighbors);
        if (count !== 1 && !nonManifold) continue;
        for (let k = 0; k < count; k++) {
          const neighbor = neighbors[k];
          if (visited[neighbor]) continue;
          const nb = mesh.offsets[neighbor];
          const nn = mesh.offsets[neighbor + 1] - nb;
          let l = 0;
          while (l < nn && mesh.connectivity[nb + l] !== pj1) l++;
          // Consistent neighbours traverse the shared edge the other way: pj1 → pj.
          if (mesh.connectivity[nb + ((l + 1) % nn)] !== pj) reverseCell(mesh, neighbor);
          visited[neighbor] = 1;
          next.push(neighbor);
        }
      }
    }
    wave = next;
  }
}

/**
 * Regions of the polygons around each point separated by sharp edges; every region after the
 * first gets a copy of the point (VTK's MarkAndSplit, same numbering of the new points).
 */
function markAndSplit(
  original: Mesh,
  links: PointLinks,
  mesh: Mesh,
  cellNormals: Float64Array,
  numberOfPoints: number,
  cosAngle: number,
  tick: (step: number) => void,
): Int32Array {
  const map = new Int32Buffer(numberOfPoints + 1024);
  for (let p = 0; p < numberOfPoints; p++) map.push(p);
  const region = new Int32Array(original.offsets.length - 1).fill(-1);
  const neighbors = new Int32Array(256);
  const replaceFirst = (cell: number, from: number, to: number) => {
    for (let i = mesh.offsets[cell]; i < mesh.offsets[cell + 1]; i++) {
      if (mesh.connectivity[i] === from) {
        mesh.connectivity[i] = to;
        return;
      }
    }
  };
  const otherNeighborPoint = (cell: number, point: number, previous: number): number => {
    const begin = original.offsets[cell];
    const n = original.offsets[cell + 1] - begin;
    let spot = 0;
    while (spot < n && original.connectivity[begin + spot] !== point) spot++;
    const after = original.connectivity[begin + ((spot + 1) % n)];
    const before = original.connectivity[begin + ((spot - 1 + n) % n)];
    return after !== previous ? after : before;
  };
  for (let point = 0; point < numberOfPoints; point++) {
    tick(point);
    const first = links.start[point];
    const last = links.start[point + 1];
    if (last - first <= 1) continue;
    for (let i = first; i < last; i++) region[links.cells[i]] = -1;
    let regions = 0;
    for (let j = first; j < last; j++) {
      const seed = links.cells[j];
      if (region[seed] >= 0) continue;
      region[seed] = regions;
      const begin = original.offsets[seed];
      const n = original.offsets[seed + 1] - begin;
      let spot = 0;
      while (spot < n && original.connectivity[begin + spot] !== point) spot++;
      const ends = [
        original.connectivity[begin + ((spot + 1) % n)],
        original.connectivity[begin + ((spot - 1 + n) % n)],
      ];
      for (const end of ends) {
        let cell = seed;
        let nei = end;
        while (cell >= 0) {
          const count = edgeNeighbors(links, cell, point, nei, neighbors);
          const next = count === 1 ? neighbors[0] : -1;
          if (next < 0 || region[next] >= 0) break;
          const dot =
            cellNormals[3 * cell] * cellNormals[3 * next] +
            cellNormals[3 * cell + 1] * cellNormals[3 * next + 1] +
            cellNormals[3 * cell + 2] * cellNormals[3 * next + 2];
          if (dot <= cosAngle) break;
          region[next] = regions;
          nei = otherNeighborPoint(next, point, nei);
          cell = next;
        }
      }
      regions++;
    }
    if (regions <= 1) continue;
    const lastId = map.length;
    for (let j = first; j < last; j++) {
      const cell = links.cells[j];
      const r = region[cell];
      if (r > 0) {
        const replacement = lastId + r - 1;
        while (map.length <= replacement) map.push(point);
        replaceFirst(cell, point, replacement);
      }
    }
  }
  return map.toArray();
}

export function surfaceNormals(
  input: PolyData,
  options: SurfaceNormalsOptions,
  context: FilterContext,
): PolyData {
  const numberOfPoints = input.points.numberOfTuples;
  const hasPolygons = input.polys.offsets.length > 1 || input.strips.offsets.length > 1;
  if (numberOfPoints === 0 || !hasPolygons) {
    const copy: PolyData = { ...input };
    copy.pointData = passAttributes(input.pointData);
    copy.cellData = passAttributes(input.cellData);
    return copy;
  }
  const xyz = pointCoordinates(input);
  const { mesh: original, stripTriangles } = polygonsOf(input);
  const numberOfPolygons = original.offsets.length - 1;
  const mesh: Mesh = { offsets: original.offsets, connectivity: original.connectivity.slice() };
  const tick = loopMonitor(context, 2 * numberOfPoints + numberOfPolygons, 'GenerateSurfaceNormals');
  const needsLinks = options.autoOrientNormals || options.consistency || options.splitting;
  const links = needsLinks ? buildPointLinks(original, numberOfPoints) : undefined;
  let maxValence = 1;
  if (links)
    for (let p = 0; p < numberOfPoints; p++)
      maxValence = Math.max(maxValence, links.start[p + 1] - links.start[p]);
  const neighbors = new Int32Array(maxValence);

  if (links && (options.autoOrientNormals || options.consistency)) {
    const visited = new Uint8Array(numberOfPolygons);
    if (options.autoOrientNormals) {
      autoOrient(xyz, original, links, mesh, visited, options, neighbors, tick);
    } else {
      for (let cell = 0; cell < numberOfPolygons; cell++) {
        tick(cell);
        if (visited[cell]) continue;
        if (options.flipNormals) reverseCell(mesh, cell);
        traverseAndOrder(links, mesh, cell, visited, options.nonManifoldTraversal, neighbors);
      }
    }
  }

  const cellNormals = new Float64Array(3 * numberOfPolygons);
  for (let cell = 0; cell < numberOfPolygons; cell++) polygonNormal(xyz, mesh, cell, cellNormals, 3 * cell);

  const pointMap =
    options.splitting && links
      ? markAndSplit(
          original,
          links,
          mesh,
          cellNormals,
          numberOfPoints,
          Math.cos((options.featureAngle * Math.PI) / 180),
          (step) => tick(numberOfPolygons + step),
        )
      : undefined;
  const outputPoints = pointMap ? pointMap.length : numberOfPoints;

  const sums = new Float64Array(3 * outputPoints);
  for (let cell = 0; cell < numberOfPolygons; cell++) {
    for (let i = mesh.offsets[cell]; i < mesh.offsets[cell + 1]; i++) {
      const p = 3 * mesh.connectivity[i];
      sums[p] += cellNormals[3 * cell];
      sums[p + 1] += cellNormals[3 * cell + 1];
      sums[p + 2] += cellNormals[3 * cell + 2];
    }
  }
  // Without consistent ordering, flipping is done on the normals instead of the polygons.
  const flip = options.flipNormals && !options.consistency ? -1 : 1;
  const normals = new Float32Array(3 * outputPoints);
  for (let p = 0; p < outputPoints; p++) {
    const length = Math.hypot(sums[3 * p], sums[3 * p + 1], sums[3 * p + 2]) * flip;
    const s = length !== 0 ? 1 / length : 0;
    normals[3 * p] = sums[3 * p] * s;
    normals[3 * p + 1] = sums[3 * p + 1] * s;
    normals[3 * p + 2] = sums[3 * p + 2] * s;
  }

  let points = input.points;
  let pointData: PolyData['pointData'];
  if (pointMap) {
    const values =
      xyz instanceof Float32Array ? new Float32Array(3 * outputPoints) : new Float64Array(3 * outputPoints);
    for (let p = 0; p < outputPoints; p++) {
      const s = 3 * pointMap[p];
      values[3 * p] = xyz[s];
      values[3 * p + 1] = xyz[s + 1];
      values[3 * p + 2] = xyz[s + 2];
    }
    points = new DataArray({ name: 'Points', values, numberOfComponents: 3 });
    pointData = gatherAttributes(input.pointData, pointMap, outputPoints, { globalIds: true });
  } else {
    pointData = passAttributes(input.pointData);
  }
  const activeNormals = input.pointData.getActiveName('normals');
  if (activeNormals !== undefined) pointData.remove(activeNormals);
  pointData.setAttribute(
    'normals',
    new DataArray({ name: 'Normals', values: normals, numberOfComponents: 3 }),
  );

  const output = createPolyData({ points, verts: input.verts, lines: input.lines, polys: mesh });
  output.pointData = pointData;
  const numberOfVerts = input.verts.offsets.length - 1;
  const numberOfLines = input.lines.offsets.length - 1;
  const numberOfInputPolys = input.polys.offsets.length - 1;
  const cellSources = new Int32Array(numberOfVerts + numberOfLines + numberOfPolygons);
  for (let c = 0; c < numberOfVerts + numberOfLines + numberOfInputPolys; c++) cellSources[c] = c;
  const stripBase = numberOfVerts + numberOfLines + numberOfInputPolys;
  stripTriangles.forEach((strip, t) => {
    cellSources[stripBase + t] = stripBase + strip;
  });
  output.cellData = stripTriangles.length
    ? gatherAttributes(input.cellData, cellSources, cellSources.length, { globalIds: true })
    : passAttributes(input.cellData);
  if (options.computeCellNormals) {
    const all = new Float32Array(3 * cellSources.length);
    // Vertices and lines have no meaningful normal; VTK gives them +x.
    for (let c = 0; c < numberOfVerts + numberOfLines; c++) all[3 * c] = 1;
    all.set(cellNormals, 3 * (numberOfVerts + numberOfLines));
    const activeCellNormals = output.cellData.getActiveName('normals');
    if (activeCellNormals !== undefined) output.cellData.remove(activeCellNormals);
    output.cellData.setAttribute(
      'normals',
      new DataArray({ name: 'Normals', values: all, numberOfComponents: 3 }),
    );
  }
  output.fieldData = input.fieldData;
  return output;
}

/**
 * For each connected piece: the polygon at the left-most point whose normal is most aligned
 * with x is made to face −x (outward for a closed surface), then the wave orders the rest.
 */
function autoOrient(
  xyz: Coordinates,
  original: Mesh,
  links: PointLinks,
  mesh: Mesh,
  visited: Uint8Array,
  options: SurfaceNormalsOptions,
  neighbors: Int32Array,
  tick: (step: number) => void,
): void {
  const numberOfPoints = links.start.length - 1;
  const order = Int32Array.from({ length: numberOfPoints }, (_, i) => i).sort(
    (a, b) => xyz[3 * a] - xyz[3 * b] || a - b,
  );
  const normal = new Float64Array(3);
  let next = 0;
  while (next < numberOfPoints) {
    let seed = -1;
    let reverse = false;
    while (next < numberOfPoints && seed < 0) {
      const point = order[next++];
      tick(next);
      let best = 0;
      for (let i = links.start[point]; i < links.start[point + 1]; i++) {
        const cell = links.cells[i];
        if (visited[cell]) continue;
        polygonNormal(xyz, original, cell, normal, 0);
        if (Math.abs(normal[0]) > best) {
          best = Math.abs(normal[0]);
          seed = cell;
          reverse = normal[0] > 0;
        }
      }
    }
    if (seed < 0) break;
    if (reverse !== options.flipNormals) reverseCell(mesh, seed);
    traverseAndOrder(links, mesh, seed, visited, options.nonManifoldTraversal, neighbors);
  }
}
