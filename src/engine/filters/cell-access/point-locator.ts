/**
 * A uniform bucket grid over points (the role of vtkPointLocator / vtkOctreePointLocator):
 * closest point within a radius, found by scanning only the buckets the search ball touches.
 */
import type { Coordinates } from './points.js';

export class PointLocator {
  readonly #xyz: Coordinates;
  readonly #origin = new Float64Array(3);
  readonly #size = new Float64Array(3);
  readonly #dims = new Int32Array(3);
  readonly #start: Int32Array;
  readonly #ids: Int32Array;

  constructor(xyz: Coordinates, pointsPerBucket = 4) {
    this.#xyz = xyz;
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
    // Buckets roughly cubic, about `pointsPerBucket` points each.
    const buckets = Math.max(1, Math.ceil(n / pointsPerBucket));
    const active = lengths.filter((l) => l > largest * 1e-6);
    const volume = active.reduce((v, l) => v * l, 1);
    const edge = (volume / buckets) ** (1 / Math.max(1, active.length));
    for (let a = 0; a < 3; a++) {
      this.#origin[a] = n > 0 ? min[a] : 0;
      const l = lengths[a];
      this.#dims[a] = l > largest * 1e-6 ? Math.max(1, Math.min(1024, Math.round(l / edge))) : 1;
      this.#size[a] = l > 0 ? l / this.#dims[a] : 1;
    }
    const total = this.#dims[0] * this.#dims[1] * this.#dims[2];
    const start = new Int32Array(total + 1);
    const bucketOf = new Int32Array(n);
    for (let p = 0; p < n; p++) {
      const b = this.#bucket(xyz[3 * p], xyz[3 * p + 1], xyz[3 * p + 2]);
      bucketOf[p] = b;
      start[b + 1]++;
    }
    for (let b = 0; b < total; b++) start[b + 1] += start[b];
    const fill = start.slice(0, total);
    const ids = new Int32Array(n);
    for (let p = 0; p < n; p++) ids[fill[bucketOf[p]]++] = p;
    this.#start = start;
    this.#ids = ids;
  }

  #index(value: number, axis: number): number {
    const i = Math.floor((value - this.#origin[axis]) / this.#size[axis]);
    return i < 0 ? 0 : i >= this.#dims[axis] ? this.#dims[axis] - 1 : i;
  }

  #bucket(x: number, y: number, z: number): number {
    return this.#index(x, 0) + this.#dims[0] * (this.#index(y, 1) + this.#dims[1] * this.#index(z, 2));
  }

  /** The closest point no farther than `radius`, or −1 (ties go to the smaller id). */
  findClosestWithinRadius(x: number, y: number, z: number, radius: number): number {
    const lo = [this.#index(x - radius, 0), this.#index(y - radius, 1), this.#index(z - radius, 2)];
    const hi = [this.#index(x + radius, 0), this.#index(y + radius, 1), this.#index(z + radius, 2)];
    let best = -1;
    let bestDistance = radius * radius;
    const xyz = this.#xyz;
    for (let k = lo[2]; k <= hi[2]; k++)
      for (let j = lo[1]; j <= hi[1]; j++)
        for (let i = lo[0]; i <= hi[0]; i++) {
          const b = i + this.#dims[0] * (j + this.#dims[1] * k);
          for (let s = this.#start[b]; s < this.#start[b + 1]; s++) {
            const p = this.#ids[s];
            const dx = xyz[3 * p] - x;
            const dy = xyz[3 * p + 1] - y;
            const dz = xyz[3 * p + 2] - z;
            const d = dx * dx + dy * dy + dz * dz;
            if (d < bestDistance || (d === bestDistance && (best < 0 || p < best))) {
              bestDistance = d;
              best = p;
            }
          }
        }
    return best;
  }
}
