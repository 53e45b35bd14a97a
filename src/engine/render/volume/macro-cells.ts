/**
 * Empty-space skipping: the scalar range of every block of `blockSize`³ cells, and, for given
 * transfer tables, which blocks are invisible (every value in their range has zero opacity).
 * The ranges depend only on the data, so they are computed once per scalar array and cached;
 * the flags are recomputed per render, which costs one pass over the blocks.
 */
import type { NumberArray } from '../../data/index.js';
import type { MacroCellGrid, TransferTables } from './ray-cast.worker.js';

export interface BlockRanges {
  blockSize: number;
  counts: [number, number, number];
  /** Minimum and maximum over each block's points (including the points it shares with its neighbours). */
  minimum: Float32Array;
  maximum: Float32Array;
}

const cache = new WeakMap<NumberArray, Map<number, BlockRanges>>();

/** Block ranges of `scalars` on a grid of `dimensions` points (cached per array and block size). */
export function blockRanges(
  scalars: NumberArray,
  dimensions: readonly [number, number, number],
  blockSize: number,
): BlockRanges {
  let bySize = cache.get(scalars);
  if (!bySize) {
    bySize = new Map();
    cache.set(scalars, bySize);
  }
  const cached = bySize.get(blockSize);
  if (cached) return cached;
  const [nx, ny, nz] = dimensions;
  const counts: [number, number, number] = [
    Math.max(1, Math.ceil((nx - 1) / blockSize)),
    Math.max(1, Math.ceil((ny - 1) / blockSize)),
    Math.max(1, Math.ceil((nz - 1) / blockSize)),
  ];
  const blocks = counts[0] * counts[1] * counts[2];
  const minimum = new Float32Array(blocks).fill(Number.POSITIVE_INFINITY);
  const maximum = new Float32Array(blocks).fill(Number.NEGATIVE_INFINITY);
  const nxy = nx * ny;
  for (let cz = 0; cz < counts[2]; cz++) {
    const k0 = cz * blockSize;
    const k1 = Math.min(nz - 1, k0 + blockSize);
    for (let cy = 0; cy < counts[1]; cy++) {
      const j0 = cy * blockSize;
      const j1 = Math.min(ny - 1, j0 + blockSize);
      for (let cx = 0; cx < counts[0]; cx++) {
        const i0 = cx * blockSize;
        const i1 = Math.min(nx - 1, i0 + blockSize);
        let low = Number.POSITIVE_INFINITY;
        let high = Number.NEGATIVE_INFINITY;
        for (let k = k0; k <= k1; k++) {
          for (let j = j0; j <= j1; j++) {
            const row = j * nx + k * nxy;
            for (let i = i0; i <= i1; i++) {
              const v = scalars[row + i];
              if (v < low) low = v;
              if (v > high) high = v;
            }
          }
        }
        const block = (cz * counts[1] + cy) * counts[0] + cx;
        minimum[block] = low;
        maximum[block] = high;
      }
    }
  }
  const ranges = { blockSize, counts, minimum, maximum };
  bySize.set(blockSize, ranges);
  return ranges;
}

/**
 * Marks blocks whose table entries (found exactly as the ray caster finds them) all have zero
 * opacity. Blocks holding NaN only (empty range) are empty too.
 */
export function macroCellGrid(ranges: BlockRanges, tables: TransferTables, shared = true): MacroCellGrid {
  const entries = tables.opacity.length;
  // visibleBefore[e] = number of entries before e with opacity > 0, so a range test is O(1).
  const visibleBefore = new Int32Array(entries + 1);
  for (let e = 0; e < entries; e++) visibleBefore[e + 1] = visibleBefore[e] + (tables.opacity[e] > 0 ? 1 : 0);
  const scale =
    tables.scalarMaximum > tables.scalarMinimum
      ? (entries - 1) / (tables.scalarMaximum - tables.scalarMinimum)
      : 0;
  const entryOf = (value: number) => {
    const e = (value - tables.scalarMinimum) * scale + 0.5;
    return e < 0 ? 0 : e > entries - 1 ? entries - 1 : Math.floor(e);
  };
  const blocks = ranges.minimum.length;
  const empty = shared ? new Uint8Array(new SharedArrayBuffer(blocks)) : new Uint8Array(blocks);
  for (let block = 0; block < blocks; block++) {
    const low = ranges.minimum[block];
    const high = ranges.maximum[block];
    if (!(low <= high)) {
      empty[block] = 1;
      continue;
    }
    empty[block] = visibleBefore[entryOf(high) + 1] - visibleBefore[entryOf(low)] === 0 ? 1 : 0;
  }
  return { blockSize: ranges.blockSize, counts: ranges.counts, empty };
}
