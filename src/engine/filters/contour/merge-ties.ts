/**
 * Merging contour points that sit exactly on a grid point. When a scalar equals the iso-value,
 * every crossed edge at that grid point yields a point there; VTK's synchronized templates give
 * them one id and drop the triangles that collapse. Doing the same keeps our counts equal to
 * ParaView's on integer data (ironProt), where such ties are common. Float data rarely has any.
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
 * `ties` holds (point id, grid point key) pairs; points with the same key become the first of
 * them. Point arrays are compacted in place (the caller truncates them to `points` tuples);
 * triangles that lose a corner are removed.
 */
export function mergeTiedPoints(
  ties: readonly number[],
  totalPoints: number,
  arrays: readonly PointArrayRef[],
  connectivity: Int32Array,
  cellIds: Int32Array | null,
): MergedTopology {
  const pairs: [number, number][] = [];
  for (let i = 0; i < ties.length; i += 2) pairs.push([ties[i], ties[i + 1]]);
  pairs.sort((a, b) => a[0] - b[0]);
  // Old id → representative old id, for tied points only.
  const representative = new Map<number, number>();
  const firstAt = new Map<number, number>();
  for (const [point, key] of pairs) {
    const first = firstAt.get(key);
    if (first === undefined) firstAt.set(key, point);
    else representative.set(point, first);
  }
  // Removed points in increasing order; everything between two of them moves down as one run.
  const removed = [...representative.keys()].sort((a, b) => a - b);
  const newId = new Int32Array(totalPoints);
  let next = 0;
  let from = 0;
  for (const r of [...removed, totalPoints]) {
    const length = r - from;
    if (length > 0 && next !== from) {
      for (const { values, components } of arrays) {
        values.copyWithin(next * components, from * components, r * components);
      }
    }
    for (let p = from; p < r; p++) newId[p] = next + (p - from);
    next += length;
    if (r < totalPoints) newId[r] = newId[representative.get(r)!];
    from = r + 1;
  }
  const triangles = connectivity.length / 3;
  const out = new Int32Array(connectivity.length);
  const outCells = cellIds ? new Int32Array(triangles) : null;
  let kept = 0;
  for (let t = 0; t < triangles; t++) {
    const a = newId[connectivity[3 * t]];
    const b = newId[connectivity[3 * t + 1]];
    const c = newId[connectivity[3 * t + 2]];
    if (a === b || a === c || b === c) continue;
    out[3 * kept] = a;
    out[3 * kept + 1] = b;
    out[3 * kept + 2] = c;
    if (outCells && cellIds) outCells[kept] = cellIds[t];
    kept++;
  }
  return {
    points: next,
    connectivity: out.slice(0, 3 * kept),
    cellIds: outCells ? outCells.slice(0, kept) : null,
  };
}
