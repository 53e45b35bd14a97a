/**
 * Merging contour points that sit exactly on a grid point. When a scalar equals the iso-value,
 * every crossed edge at that grid point yields a point there; VTK's synchronized templates give
 * them one id and drop the triangles that collapse. Doing the same keeps our counts equal to
 * ParaView's on integer data (ironProt), where such ties are common. Float data rarely has any.
 *
 * To stay cheap when ties are few, removed points are filled with the last points (a swap, not
 * a shift) and triangles are compacted in place.
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
 * them. Point arrays are updated in place (the caller keeps their first `points` tuples);
 * triangles that lose a corner are removed (in place: the results are views of the inputs).
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
  const representative = new Map<number, number>();
  const firstAt = new Map<number, number>();
  for (const [point, key] of pairs) {
    const first = firstAt.get(key);
    if (first === undefined) firstAt.set(key, point);
    else representative.set(point, first);
  }
  const removed = new Uint8Array(totalPoints);
  for (const point of representative.keys()) removed[point] = 1;
  const survivors = totalPoints - representative.size;
  const remap = new Int32Array(totalPoints);
  for (let p = 0; p < totalPoints; p++) remap[p] = p;
  // Fill every removed slot below `survivors` with a surviving point from above it.
  let mover = totalPoints - 1;
  for (const hole of [...representative.keys()].sort((a, b) => a - b)) {
    if (hole >= survivors) break;
    while (removed[mover]) mover--;
    for (const { values, components } of arrays) {
      values.copyWithin(hole * components, mover * components, (mover + 1) * components);
    }
    remap[mover] = hole;
    mover--;
  }
  for (const [point, first] of representative) remap[point] = remap[first];
  const triangles = connectivity.length / 3;
  let kept = 0;
  for (let t = 0; t < triangles; t++) {
    const a = remap[connectivity[3 * t]];
    const b = remap[connectivity[3 * t + 1]];
    const c = remap[connectivity[3 * t + 2]];
    if (a === b || a === c || b === c) continue;
    connectivity[3 * kept] = a;
    connectivity[3 * kept + 1] = b;
    connectivity[3 * kept + 2] = c;
    if (cellIds) cellIds[kept] = cellIds[t];
    kept++;
  }
  return {
    points: survivors,
    connectivity: connectivity.subarray(0, 3 * kept),
    cellIds: cellIds ? cellIds.subarray(0, kept) : null,
  };
}
