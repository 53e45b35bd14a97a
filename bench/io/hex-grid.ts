/**
 * The benchmark dataset: an n × n × n grid of hexahedra as an UnstructuredGrid, with a Float32
 * points array, Float64 and Float32 point arrays and one Float32 cell array. About 113 bytes
 * per point once written (Int64 ids), so n = 121 gives a ~200 MB appended-raw .vtu.
 */
import { CellType } from '../../src/engine/data/cell-types.js';
import { DataArray } from '../../src/engine/data/data-array.js';
import { createUnstructuredGrid, type UnstructuredGrid } from '../../src/engine/data/dataset.js';

/** Points per side for a file of about `megabytes` MB. */
export function sideForSize(megabytes: number): number {
  return Math.max(2, Math.round(Math.cbrt((megabytes * 1e6) / 113)));
}

/** Value formulas shared with generate-large.ts so its check can recompute them. */
export function pressureAt(i: number, j: number, k: number): number {
  return Math.sin(i * 0.01) * Math.cos(j * 0.02) + k;
}

export function hexGrid(n: number): UnstructuredGrid {
  const pointCount = n ** 3;
  const cellsPerSide = n - 1;
  const cellCount = cellsPerSide ** 3;
  const points = new Float32Array(3 * pointCount);
  const pressure = new Float64Array(pointCount);
  const temperature = new Float64Array(pointCount);
  const velocity = new Float32Array(3 * pointCount);
  let p = 0;
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++, p++) {
        const x = i * 0.1;
        const y = j * 0.1;
        const z = k * 0.1 + 0.01 * ((i * 7 + j * 3) % 5);
        points[3 * p] = x;
        points[3 * p + 1] = y;
        points[3 * p + 2] = z;
        pressure[p] = pressureAt(i, j, k);
        temperature[p] = 300 + x * y * z;
        velocity[3 * p] = y;
        velocity[3 * p + 1] = -x;
        velocity[3 * p + 2] = z * 0.5;
      }
    }
  }
  const connectivity = new Int32Array(8 * cellCount);
  const offsets = new Int32Array(cellCount + 1);
  const quality = new Float32Array(cellCount);
  const id = (i: number, j: number, k: number) => i + n * (j + n * k);
  let c = 0;
  for (let k = 0; k < cellsPerSide; k++) {
    for (let j = 0; j < cellsPerSide; j++) {
      for (let i = 0; i < cellsPerSide; i++, c++) {
        const at = 8 * c;
        connectivity[at] = id(i, j, k);
        connectivity[at + 1] = id(i + 1, j, k);
        connectivity[at + 2] = id(i + 1, j + 1, k);
        connectivity[at + 3] = id(i, j + 1, k);
        connectivity[at + 4] = id(i, j, k + 1);
        connectivity[at + 5] = id(i + 1, j, k + 1);
        connectivity[at + 6] = id(i + 1, j + 1, k + 1);
        connectivity[at + 7] = id(i, j + 1, k + 1);
        offsets[c + 1] = at + 8;
        quality[c] = (c % 1000) / 1000;
      }
    }
  }
  const grid = createUnstructuredGrid({
    points: new DataArray({ name: 'Points', values: points, numberOfComponents: 3 }),
    cells: { offsets, connectivity },
    cellTypes: new Uint8Array(cellCount).fill(CellType.HEXAHEDRON),
  });
  grid.pointData
    .setAttribute('scalars', new DataArray({ name: 'pressure', values: pressure }))
    .setAttribute('vectors', new DataArray({ name: 'velocity', values: velocity, numberOfComponents: 3 }))
    .add(new DataArray({ name: 'temperature', values: temperature }));
  grid.cellData.add(new DataArray({ name: 'quality', values: quality }));
  return grid;
}
