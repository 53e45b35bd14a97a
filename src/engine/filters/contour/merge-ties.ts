/**
 * Merging contour points that sit exactly on a grid point. When a scalar equals the iso-value,
 * every crossed edge at that grid point yields a point there; VTK's synchronized templates give
 * them one id and drop the triangles that collapse. Doing the same keeps our counts equal to
 * ParaView's on integer data (ironProt), where such ties are common. Float data rarely has any.
 *
 * To stay cheap when ties are few, removed points are filled with the last points (a swap, not
 * a shift), only the triangles that can use a renumbered point are visited, and triangles are
 * compacted in place by moving the runs between removed ones. The work is proportional to the
 * ties, not to the surface, so it stays off the critical path of a parallel contour.
 */
import type { NumberArray } from '../../data/data-array.js';

export interface PointArrayRef {
  values: NumberArray;
  components: number;
}

export interface MergedTopology {
  points: number;
  connectivity: Int32Array;
  cellIds: Int32Array | null;
}

/**
 * Appends to `ranges` (start, end) pairs of triangle indices that hold every triangle using
 * `point`; the ranges may overlap. Without it every triangle is visited.
 */
export type TrianglesUsing = (point: number, ranges: number[]) => void;

/**
 * `ties` holds (point id, grid point key) pairs; points with the same key become the first of
 * them. Point arrays are updated in place (the caller keeps their first `points` tuples);
 * triangles that lose a corner are removed (in place: the results are views of the inputs).
 */
export function mergeTiedPoints(
  ties: readonly number[],
  totalPoints: number,
  arrays: readonly PointArrayRef[],
  connectivity: Int32Array,
  cellIds: Int32Array | null,
  trianglesUsing?: TrianglesUsing,
): MergedTopology {
  const pairs: [number, number][] = [];
  for (let i = 0; i < ties.length; i += 2) pairs.push([ties[i], ties[i + 1]]);
  pairs.sort((a, b) => a[0] - b[0]);
  const representative = new Map<number, number>();
  const firstAt = new Map<number, number>();
  for (const [point, key] of pairs) {
    const first = firstAt.get(key);
    if (first === undefined) firstAt.set(key, point);
    else representative.set(point, first);
  }
  const survivors = totalPoints - representative.size;
  // Only renumbered points are stored: the surface can have millions, the ties a handful.
  const renumbered = new Map<number, number>();
  // Fill every removed slot below `survivors` with a surviving point from above it.
  let mover = totalPoints - 1;
  for (const hole of [...representative.keys()].sort((a, b) => a - b)) {
    if (hole >= survivors) break;
    while (representative.has(mover)) mover--;
    for (const { values, components } of arrays) {
      values.copyWithin(hole * components, mover * components, (mover + 1) * components);
    }
    renumbered.set(mover, hole);
    mover--;
  }
  for (const [point, first] of representative) renumbered.set(point, renumbered.get(first) ?? first);
  if (renumbered.size === 0) return { points: survivors, connectivity, cellIds };

  const triangles = connectivity.length / 3;
  const ranges: number[] = [];
  if (trianglesUsing) for (const point of renumbered.keys()) trianglesUsing(point, ranges);
  else ranges.push(0, triangles);
  const marked = new Uint8Array(totalPoints);
  for (const point of renumbered.keys()) marked[point] = 1;
  const dropped: number[] = [];
  // Ranges are visited once each, in order: renumbering a triangle twice would be wrong (a moved
  // point's new id can be a removed point's old one).
  for (const [start, end] of mergeRanges(ranges, triangles)) {
    for (let t = start; t < end; t++) {
      const w = 3 * t;
      let a = connectivity[w];
      let b = connectivity[w + 1];
      let c = connectivity[w + 2];
      if (!(marked[a] | marked[b] | marked[c])) continue;
      if (marked[a]) a = renumbered.get(a)!;
      if (marked[b]) b = renumbered.get(b)!;
      if (marked[c]) c = renumbered.get(c)!;
      connectivity[w] = a;
      connectivity[w + 1] = b;
      connectivity[w + 2] = c;
      if (a === b || a === c || b === c) dropped.push(t);
    }
  }
  const kept = compactTriangles(connectivity, cellIds, dropped);
  return {
    points: survivors,
    connectivity: connectivity.subarray(0, 3 * kept),
    cellIds: cellIds ? cellIds.subarray(0, kept) : null,
  };
}

/** Sorted, disjoint [start, end) ranges covering the given pairs, clipped to [0, limit). */
function mergeRanges(pairs: readonly number[], limit: number): [number, number][] {
  const ranges: [number, number][] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const start = Math.max(0, pairs[i]);
    const end = Math.min(limit, pairs[i + 1]);
    if (start < end) ranges.push([start, end]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push(range);
  }
  return merged;
}

/** Removes the triangles `dropped` (increasing) by moving the runs between them; returns the count kept. */
function compactTriangles(
  connectivity: Int32Array,
  cellIds: Int32Array | null,
  dropped: readonly number[],
): number {
  const triangles = connectivity.length / 3;
  if (dropped.length === 0) return triangles;
  let kept = dropped[0];
  for (let d = 0; d < dropped.length; d++) {
    const start = dropped[d] + 1;
    const end = d + 1 < dropped.length ? dropped[d + 1] : triangles;
    if (end > start) {
      connectivity.copyWithin(3 * kept, 3 * start, 3 * end);
      cellIds?.copyWithin(kept, start, end);
      kept += end - start;
    }
  }
  return kept;
}
