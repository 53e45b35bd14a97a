/**
 * A uniform bucket grid over points (the role of vtkPointLocator / vtkStaticPointLocator):
 * closest point (optionally within a radius), found by scanning only nearby buckets. The grid
 * is plain typed arrays (`PointBuckets`) so it can be built once and shared with pool workers.
 */
import type { Coordinates } from './points.js';

export interface PointBuckets {
  origin: Float64Array;
  size: Float64Array;
  dims: Int32Array;
  /** Points of bucket b: ids[start[b] .. start[b + 1]). */
  start: Int32Array;
  ids: Int32Array;
}

/** Buckets of about `pointsPerBucket` points, roughly cubic, over the points' bounds. */
export function buildPointBuckets(xyz: Coordinates, pointsPerBucket = 4): PointBuckets {
  const n = xyz.length / 3;
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (let p = 0; p < n; p++)
    for (let a = 0; a < 3; a++) {
      const v = xyz[3 * p + a];
      if (v < min[a]) min[a] = v;
      if (v > max[a]) max[a] = v;
    }
  const lengths = [0, 1, 2].map((a) => (n > 0 ? max[a] - min[a] : 0));
  const largest = Math.max(...lengths, 1e-300);
  const buckets = Math.max(1, Math.ceil(n / pointsPerBucket));
  const active = lengths.filter((l) => l > largest * 1e-6);
  const volume = active.reduce((v, l) => v * l, 1);
  const edge = (volume / buckets) ** (1 / Math.max(1, active.length));
  const origin = new Float64Array(3);
  const size = new Float64Array(3);
  const dims = new Int32Array(3);
  for (let a = 0; a < 3; a++) {
    origin[a] = n > 0 ? min[a] : 0;
    const l = lengths[a];
    dims[a] = l > largest * 1e-6 ? Math.max(1, Math.min(1024, Math.round(l / edge))) : 1;
    size[a] = l > 0 ? l / dims[a] : 1;
  }
  const total = dims[0] * dims[1] * dims[2];
  const start = new Int32Array(total + 1);
  const bucketOf = new Int32Array(n);
  const index = (v: number, a: number) => {
    const i = Math.floor((v - origin[a]) / size[a]);
    return i < 0 ? 0 : i >= dims[a] ? dims[a] - 1 : i;
  };
  for (let p = 0; p < n; p++) {
    const b =
      index(xyz[3 * p], 0) + dims[0] * (index(xyz[3 * p + 1], 1) + dims[1] * index(xyz[3 * p + 2], 2));
    bucketOf[p] = b;
    start[b + 1]++;
  }
  for (let b = 0; b < total; b++) start[b + 1] += start[b];
  const fill = start.slice(0, total);
  const ids = new Int32Array(n);
  for (let p = 0; p < n; p++) ids[fill[bucketOf[p]]++] = p;
  return { origin, size, dims, start, ids };
}

export class PointLocator {
  readonly #xyz: ArrayLike<number>;
  readonly #b: PointBuckets;

  constructor(xyz: Coordinates | ArrayLike<number>, buckets?: PointBuckets) {
    this.#xyz = xyz;
    this.#b = buckets ?? buildPointBuckets(xyz as Coordinates);
  }

  #index(value: number, axis: number): number {
    const b = this.#b;
    const i = Math.floor((value - b.origin[axis]) / b.size[axis]);
    return i < 0 ? 0 : i >= b.dims[axis] ? b.dims[axis] - 1 : i;
  }

  /** Closest point within the index box lo..hi of buckets with squared distance below `limit`. */
  #scan(x: number, y: number, z: number, lo: number[], hi: number[], best: [number, number]): void {
    const b = this.#b;
    const xyz = this.#xyz;
    for (let k = lo[2]; k <= hi[2]; k++)
      for (let j = lo[1]; j <= hi[1]; j++)
        for (let i = lo[0]; i <= hi[0]; i++) {
          const bucket = i + b.dims[0] * (j + b.dims[1] * k);
          for (let s = b.start[bucket]; s < b.start[bucket + 1]; s++) {
            const p = b.ids[s];
            const dx = xyz[3 * p] - x;
            const dy = xyz[3 * p + 1] - y;
            const dz = xyz[3 * p + 2] - z;
            const d = dx * dx + dy * dy + dz * dz;
            if (d < best[1] || (d === best[1] && best[0] >= 0 && p < best[0])) {
              best[1] = d;
              best[0] = p;
            }
          }
        }
  }

  /** The closest point no farther than `radius`, or −1 (ties go to the smaller id). */
  findClosestWithinRadius(x: number, y: number, z: number, radius: number): number {
    const lo = [this.#index(x - radius, 0), this.#index(y - radius, 1), this.#index(z - radius, 2)];
    const hi = [this.#index(x + radius, 0), this.#index(y + radius, 1), this.#index(z + radius, 2)];
    const best: [number, number] = [-1, radius * radius];
    // Points exactly at the radius count (VTK's "within").
    best[1] = radius * radius * (1 + 1e-15) + 1e-300;
    this.#scan(x, y, z, lo, hi, best);
    return best[0];
  }

  /** The closest point (−1 only when there are no points). */
  findClosest(x: number, y: number, z: number): number {
    const b = this.#b;
    if (b.ids.length === 0) return -1;
    // Grow a cube of buckets until it holds a candidate, then scan the ball it implies.
    let reach = Math.max(b.size[0], b.size[1], b.size[2]);
    for (;;) {
      const found = this.findClosestWithinRadius(x, y, z, reach);
      if (found >= 0) return found;
      reach *= 2;
    }
  }
}
