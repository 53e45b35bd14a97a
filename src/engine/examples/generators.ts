/**
 * The project's own sample datasets, computed from closed-form fields so they are small to
 * describe, exact to test, and interesting to look at. `periscope examples DIR` writes them.
 */
import { cellArrayFromLists } from '../data/cell-array.js';
import { CellType } from '../data/cell-types.js';
import { DataArray } from '../data/data-array.js';
import {
  createImageData,
  createMultiBlock,
  createPolyData,
  createUnstructuredGrid,
  type ImageData,
  type MultiBlock,
  type PolyData,
  type UnstructuredGrid,
} from '../data/dataset.js';

/**
 * A 64³ volume on [-1, 1]³: `density`, two Gaussian blobs, and `velocity`, a swirl around the
 * z axis with an updraft (a field stream lines follow in spirals).
 */
export function sampleVolume(size = 64, time = 0): ImageData {
  const spacing = 2 / (size - 1);
  const image = createImageData({
    extent: [0, size - 1, 0, size - 1, 0, size - 1],
    origin: [-1, -1, -1],
    spacing: [spacing, spacing, spacing],
  });
  const n = size ** 3;
  const density = DataArray.allocate('density', 'Float32', n);
  const velocity = DataArray.allocate('velocity', 'Float32', n, 3);
  const d = density.values as Float32Array;
  const v = velocity.values as Float32Array;
  const shift = 0.35 * Math.cos(time);
  let id = 0;
  for (let k = 0; k < size; k++) {
    const z = -1 + k * spacing;
    for (let j = 0; j < size; j++) {
      const y = -1 + j * spacing;
      for (let i = 0; i < size; i++, id++) {
        const x = -1 + i * spacing;
        const a = (x - shift) ** 2 + y ** 2 + z ** 2;
        const b = (x + 0.4) ** 2 + (y - 0.3) ** 2 + (z + shift) ** 2;
        d[id] = Math.exp(-a / 0.08) + 0.7 * Math.exp(-b / 0.05);
        v[3 * id] = -y;
        v[3 * id + 1] = x;
        v[3 * id + 2] = 0.25 * (1 - x * x - y * y);
      }
    }
  }
  image.pointData.setAttribute('scalars', density);
  image.pointData.setAttribute('vectors', velocity);
  return image;
}

/**
 * A torus (radii 1 and 0.35) of quads with exact unit `Normals` and `curvature`, the Gaussian
 * curvature cos(v) / (r (R + r cos v)), a scalar that changes sign between outer and inner rim.
 */
export function sampleSurface(majorSegments = 96, minorSegments = 48): PolyData {
  const R = 1;
  const r = 0.35;
  const n = majorSegments * minorSegments;
  const points = DataArray.allocate('Points', 'Float32', n, 3);
  const normals = DataArray.allocate('Normals', 'Float32', n, 3);
  const curvature = DataArray.allocate('curvature', 'Float32', n);
  const p = points.values as Float32Array;
  const nv = normals.values as Float32Array;
  const kv = curvature.values as Float32Array;
  for (let a = 0; a < majorSegments; a++) {
    const u = (2 * Math.PI * a) / majorSegments;
    for (let b = 0; b < minorSegments; b++) {
      const v = (2 * Math.PI * b) / minorSegments;
      const id = a * minorSegments + b;
      const ring = R + r * Math.cos(v);
      p[3 * id] = ring * Math.cos(u);
      p[3 * id + 1] = ring * Math.sin(u);
      p[3 * id + 2] = r * Math.sin(v);
      nv[3 * id] = Math.cos(v) * Math.cos(u);
      nv[3 * id + 1] = Math.cos(v) * Math.sin(u);
      nv[3 * id + 2] = Math.sin(v);
      kv[id] = Math.cos(v) / (r * ring);
    }
  }
  const quads: number[][] = [];
  for (let a = 0; a < majorSegments; a++) {
    const a1 = (a + 1) % majorSegments;
    for (let b = 0; b < minorSegments; b++) {
      const b1 = (b + 1) % minorSegments;
      quads.push([
        a * minorSegments + b,
        a1 * minorSegments + b,
        a1 * minorSegments + b1,
        a * minorSegments + b1,
      ]);
    }
  }
  const surface = createPolyData({ points, polys: cellArrayFromLists(quads) });
  surface.pointData.setAttribute('normals', normals);
  surface.pointData.setAttribute('scalars', curvature);
  return surface;
}

/**
 * Three slabs of cells on a footprint of `cellsPerSide`² columns: hexahedra at the bottom, wedges
 * (each hex cut into two prisms whose horizontal faces stay quads) in the middle, tetrahedra
 * (each hex cut into five, alternating so faces match) on top. The slabs do not share points, so
 * every face between cells is conforming. Point arrays `temperature` and `displacement` (vector);
 * cell arrays `material` (slab index) and `cellVolume` (each cell's exact volume).
 */
export function sampleUnstructuredGrid(cellsPerSide = 6): UnstructuredGrid {
  const m = cellsPerSide;
  const slabs = 3;
  const thickness = 0.3;
  const pitch = 0.4;
  const perLevel = (m + 1) * (m + 1);
  const np = perLevel * 2 * slabs;
  const pointId = (i: number, j: number, level: number) => i + (m + 1) * j + perLevel * level;
  const points = DataArray.allocate('Points', 'Float64', np, 3);
  const temperature = DataArray.allocate('temperature', 'Float32', np);
  const displacement = DataArray.allocate('displacement', 'Float32', np, 3);
  const p = points.values as Float64Array;
  const t = temperature.values as Float32Array;
  const u = displacement.values as Float32Array;
  const h = 1 / m;
  for (let level = 0; level < 2 * slabs; level++)
    for (let j = 0; j <= m; j++)
      for (let i = 0; i <= m; i++) {
        const id = pointId(i, j, level);
        const x = i * h;
        const y = j * h;
        const z = Math.floor(level / 2) * pitch + (level % 2) * thickness;
        p.set([x, y, z], 3 * id);
        t[id] = 300 + 50 * z + 5 * Math.sin(2 * Math.PI * x) * Math.sin(2 * Math.PI * y);
        u.set([0.05 * z * y, -0.05 * z * x, 0.02 * z * z], 3 * id);
      }
  const cells: number[][] = [];
  const types: number[] = [];
  const material: number[] = [];
  const volumes: number[] = [];
  const hexVolume = h * h * thickness;
  for (let slab = 0; slab < slabs; slab++)
    for (let j = 0; j < m; j++)
      for (let i = 0; i < m; i++) {
        const b = 2 * slab;
        const c = [
          pointId(i, j, b),
          pointId(i + 1, j, b),
          pointId(i + 1, j + 1, b),
          pointId(i, j + 1, b),
          pointId(i, j, b + 1),
          pointId(i + 1, j, b + 1),
          pointId(i + 1, j + 1, b + 1),
          pointId(i, j + 1, b + 1),
        ];
        if (slab === 0) {
          cells.push(c);
          types.push(CellType.HEXAHEDRON);
          material.push(0);
          volumes.push(hexVolume);
        } else if (slab === 1) {
          // Cut by the plane through edges 0-1 and 7-6: the triangles face ±x, so neighbours in x
          // share triangles and neighbours in y share quads. VTK wedge order: triangle, triangle.
          cells.push([c[0], c[7], c[3], c[1], c[6], c[2]], [c[0], c[4], c[7], c[1], c[5], c[6]]);
          types.push(CellType.WEDGE, CellType.WEDGE);
          material.push(1, 1);
          volumes.push(hexVolume / 2, hexVolume / 2);
        } else {
          // Four corner tetrahedra (a sixth of the hex each) around a central one (a third);
          // the pattern alternates so the face diagonals of neighbouring hexes agree.
          const tets =
            (i + j) % 2 === 0
              ? [
                  [c[0], c[1], c[3], c[4]],
                  [c[1], c[2], c[3], c[6]],
                  [c[1], c[4], c[5], c[6]],
                  [c[3], c[4], c[6], c[7]],
                  [c[1], c[3], c[4], c[6]],
                ]
              : [
                  [c[1], c[2], c[0], c[5]],
                  [c[2], c[3], c[0], c[7]],
                  [c[2], c[5], c[6], c[7]],
                  [c[0], c[5], c[7], c[4]],
                  [c[2], c[0], c[5], c[7]],
                ];
          tets.forEach((tet, index) => {
            cells.push(tet);
            types.push(CellType.TETRA);
            material.push(2);
            volumes.push(index === 4 ? hexVolume / 3 : hexVolume / 6);
          });
        }
      }
  const grid = createUnstructuredGrid({
    points,
    cells: cellArrayFromLists(cells),
    cellTypes: Uint8Array.from(types),
  });
  grid.pointData.setAttribute('scalars', temperature);
  grid.pointData.setAttribute('vectors', displacement);
  grid.cellData.add(new DataArray({ name: 'material', values: Int32Array.from(material) }));
  grid.cellData.add(new DataArray({ name: 'cellVolume', values: Float64Array.from(volumes) }));
  grid.cellData.setActive('scalars', 'material');
  return grid;
}

/** A multiblock of the surface and the unstructured grid, with a nested group holding a small volume. */
export function sampleMultiBlock(): MultiBlock {
  return createMultiBlock([
    { name: 'surface', data: sampleSurface(48, 24) },
    { name: 'solid', data: sampleUnstructuredGrid(4) },
    { name: 'fields', data: createMultiBlock([{ name: 'volume', data: sampleVolume(16) }]) },
  ]);
}

/** Time values of the sample series: 0, 0.5, …, 4.5 (ten steps of the moving volume). */
export const SAMPLE_TIMES: readonly number[] = Array.from({ length: 10 }, (_, i) => i * 0.5);
