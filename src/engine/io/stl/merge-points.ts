/**
 * Turns an STL triangle soup (9 float32 coordinates per triangle) into shared points and
 * triangles, as vtkSTLReader does with `Merging` on (its vtkMergePoints locator):
 * points are merged when their float32 coordinates compare equal, ids follow first appearance,
 * and a triangle left with a repeated point id after merging is dropped.
 *
 * The merge is an open-addressing hash table keyed on the coordinate bits, so it runs in O(n).
 */

export interface MergedTriangles {
  /** Unique points, xyz interleaved. */
  points: Float32Array;
  /** Three point ids per kept triangle. */
  triangles: Int32Array;
  /** Triangles of the soup dropped because merging made them degenerate. */
  droppedTriangles: number;
}

/** Smallest power of two ≥ n (n ≥ 1). */
function nextPowerOfTwo(n: number): number {
  let size = 1;
  while (size < n) size *= 2;
  return size;
}

/** Float32 bits for hashing; -0 hashes like +0 because the two compare equal. */
function keyBits(bits: Uint32Array, values: Float32Array, index: number): number {
  return values[index] === 0 ? 0 : bits[index];
}

function hashVertex(bits: Uint32Array, values: Float32Array, index: number): number {
  let h = Math.imul(keyBits(bits, values, index), 0x9e3779b1);
  h ^= Math.imul(keyBits(bits, values, index + 1), 0x85ebca77);
  h ^= Math.imul(keyBits(bits, values, index + 2), 0xc2b2ae3d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 13;
  return h >>> 0;
}

/** A table of point ids at least twice as large as the number of points it holds. */
function rehash(
  points: Float32Array,
  pointBits: Uint32Array,
  pointCount: number,
  capacity: number,
): Int32Array {
  const table = new Int32Array(capacity).fill(-1);
  const mask = capacity - 1;
  for (let id = 0; id < pointCount; id++) {
    let slot = hashVertex(pointBits, points, id * 3) & mask;
    while (table[slot] >= 0) slot = (slot + 1) & mask;
    table[slot] = id;
  }
  return table;
}

/**
 * Merges the vertices of `soup` (length a multiple of 9). `onProgress` is called every 65536
 * triangles with the number done, so callers can check cancellation.
 */
export function mergeTriangleSoup(
  soup: Float32Array,
  onProgress?: (trianglesDone: number) => void,
): MergedTriangles {
  const triangleCount = Math.floor(soup.length / 9);
  const vertexCount = triangleCount * 3;
  const bits = new Uint32Array(soup.buffer, soup.byteOffset, triangleCount * 9);
  // Meshes share each vertex among ~6 triangles, so start small (cache-friendly) and grow,
  // keeping the load factor ≤ 0.5 so linear probing stays short.
  let capacity = nextPowerOfTwo(Math.max(1024, vertexCount / 2));
  let mask = capacity - 1;
  const points = new Float32Array(vertexCount * 3);
  const pointBits = new Uint32Array(points.buffer);
  let table = rehash(points, pointBits, 0, capacity);
  const triangles = new Int32Array(vertexCount);
  let pointCount = 0;
  let kept = 0;
  const ids = [0, 0, 0];

  for (let t = 0; t < triangleCount; t++) {
    if (onProgress && (t & 0xffff) === 0 && t > 0) onProgress(t);
    for (let k = 0; k < 3; k++) {
      const v = t * 9 + k * 3;
      const x = soup[v];
      const y = soup[v + 1];
      const z = soup[v + 2];
      let slot = hashVertex(bits, soup, v) & mask;
      let id = -1;
      for (;;) {
        const candidate = table[slot];
        if (candidate < 0) break;
        const p = candidate * 3;
        if (points[p] === x && points[p + 1] === y && points[p + 2] === z) {
          id = candidate;
          break;
        }
        slot = (slot + 1) & mask;
      }
      if (id < 0) {
        if (2 * (pointCount + 1) > capacity) {
          capacity *= 2;
          mask = capacity - 1;
          table = rehash(points, pointBits, pointCount, capacity);
          slot = hashVertex(bits, soup, v) & mask;
          while (table[slot] >= 0) slot = (slot + 1) & mask;
        }
        id = pointCount++;
        table[slot] = id;
        const p = id * 3;
        points[p] = x;
        points[p + 1] = y;
        points[p + 2] = z;
      }
      ids[k] = id;
    }
    if (ids[0] !== ids[1] && ids[0] !== ids[2] && ids[1] !== ids[2]) {
      triangles[kept * 3] = ids[0];
      triangles[kept * 3 + 1] = ids[1];
      triangles[kept * 3 + 2] = ids[2];
      kept++;
    }
  }
  return {
    points: points.slice(0, pointCount * 3),
    triangles: triangles.slice(0, kept * 3),
    droppedTriangles: triangleCount - kept,
  };
}
