/**
 * Small hand-built datasets with known geometry for filter tests (cubes of hexahedra, single
 * cells of each type), plus the path helpers that locate the shared data from a test file.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cellArrayFromLists } from '../../data/cell-array.js';
import { DataArray, dataArrayFrom } from '../../data/data-array.js';
import {
  createImageData,
  createUnstructuredGrid,
  type ImageData,
  type UnstructuredGrid,
} from '../../data/dataset.js';

/** Absolute path of a file under the shared folder (`../shared` beside the repository). */
export function sharedPath(relative: string): string {
  return fileURLToPath(new URL(`../../../../../shared/${relative}`, import.meta.url));
}

/**
 * An n×n×n block of unit hexahedra from (0,0,0) to (n,n,n) with point array `x` (the x
 * coordinate) and cell array `id` (the cell index).
 */
export function hexBlock(n: number, spacing = 1): UnstructuredGrid {
  const m = n + 1;
  const points: number[] = [];
  for (let k = 0; k < m; k++)
    for (let j = 0; j < m; j++)
      for (let i = 0; i < m; i++) points.push(i * spacing, j * spacing, k * spacing);
  const id = (i: number, j: number, k: number) => i + j * m + k * m * m;
  const cells: number[][] = [];
  for (let k = 0; k < n; k++)
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++) {
        cells.push([
          id(i, j, k),
          id(i + 1, j, k),
          id(i + 1, j + 1, k),
          id(i, j + 1, k),
          id(i, j, k + 1),
          id(i + 1, j, k + 1),
          id(i + 1, j + 1, k + 1),
          id(i, j + 1, k + 1),
        ]);
      }
  const grid = createUnstructuredGrid({
    points: dataArrayFrom('Points', 'Float64', points, 3),
    cells: cellArrayFromLists(cells),
    cellTypes: new Uint8Array(cells.length).fill(12),
  });
  const x = DataArray.allocate('x', 'Float64', m * m * m);
  for (let p = 0; p < m * m * m; p++) x.values[p] = points[3 * p];
  grid.pointData.setAttribute('scalars', x);
  grid.cellData.add(
    dataArrayFrom(
      'id',
      'Int32',
      cells.map((_, c) => c),
    ),
  );
  return grid;
}

/** One cell of `type` on the given points. */
export function singleCell(type: number, points: number[]): UnstructuredGrid {
  const count = points.length / 3;
  return createUnstructuredGrid({
    points: dataArrayFrom('Points', 'Float64', points, 3),
    cells: cellArrayFromLists([Array.from({ length: count }, (_, i) => i)]),
    cellTypes: Uint8Array.of(type),
  });
}

/** An image with `dims` points, unit spacing unless given, and point array `x`. */
export function image(
  dims: [number, number, number],
  spacing: [number, number, number] = [1, 1, 1],
): ImageData {
  const data = createImageData({ extent: [0, dims[0] - 1, 0, dims[1] - 1, 0, dims[2] - 1], spacing });
  const count = dims[0] * dims[1] * dims[2];
  const x = DataArray.allocate('x', 'Float32', count);
  for (let p = 0; p < count; p++) x.values[p] = (p % dims[0]) * spacing[0];
  data.pointData.setAttribute('scalars', x);
  return data;
}

/** One line of ParaView's results in reference/pipelines/expected.jsonl. */
export interface ReferenceResult {
  pipeline: string;
  type: string;
  points: number;
  cells: number;
  bounds: number[];
  pointData: { name: string; components: number; range: [number, number] }[];
  cellData: { name: string; components: number; range: [number, number] }[];
  integrated: Record<string, number | number[]>;
}

/** ParaView's result for the pipeline file `name` (e.g. "can-extractsurface.json"). */
export function referenceResult(name: string): ReferenceResult {
  const lines = readFileSync(sharedPath('reference/pipelines/expected.jsonl'), 'utf8').split('\n');
  const found = lines
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as ReferenceResult)
    .find((r) => r.pipeline === name);
  if (!found) throw new Error(`no reference result for ${name}`);
  return found;
}

/** Relative difference |a − b| / max(|b|, tiny). */
export function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
}
