/**
 * Point → cell links over one cell array (VTK's BuildLinks/GetPointCells), and edge neighbours
 * (GetCellEdgeNeighbors) by intersecting two points' link lists. CSR layout in typed arrays.
 */
import type { CellArray } from '../../data/cell-array.js';

export interface PointLinks {
  /** Cells using point p: cells[start[p] .. start[p + 1]). */
  start: Int32Array;
  cells: Int32Array;
}

export function buildPointLinks(cells: CellArray, numberOfPoints: number): PointLinks {
  const { offsets, connectivity } = cells;
  const start = new Int32Array(numberOfPoints + 1);
  const numberOfCells = offsets.length - 1;
  for (let i = 0; i < connectivity.length; i++) start[connectivity[i] + 1]++;
  for (let p = 0; p < numberOfPoints; p++) start[p + 1] += start[p];
  const fill = start.slice(0, numberOfPoints);
  const out = new Int32Array(connectivity.length);
  for (let c = 0; c < numberOfCells; c++) {
    for (let i = offsets[c]; i < offsets[c + 1]; i++) out[fill[connectivity[i]]++] = c;
  }
  return { start, cells: out };
}

/**
 * Cells other than `cell` that use both `a` and `b`, written to `out`; returns the count.
 * Link lists are in ascending cell order, so a merge walk finds the common ones.
 */
export function edgeNeighbors(
  links: PointLinks,
  cell: number,
  a: number,
  b: number,
  out: Int32Array,
): number {
  let i = links.start[a];
  const iEnd = links.start[a + 1];
  let j = links.start[b];
  const jEnd = links.start[b + 1];
  let count = 0;
  while (i < iEnd && j < jEnd) {
    const ci = links.cells[i];
    const cj = links.cells[j];
    if (ci === cj) {
      if (ci !== cell && (count === 0 || out[count - 1] !== ci)) out[count++] = ci;
      i++;
      j++;
    } else if (ci < cj) {
      i++;
    } else {
      j++;
    }
  }
  return count;
}
