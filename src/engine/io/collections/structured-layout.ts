/**
 * Index arithmetic for structured extents: boxes of points or cells, and the tuple layout of an
 * extent (i fastest), so pieces can be copied into a whole extent (and cut out of one) row by row.
 */
import type { Extent, Vec3 } from '../../data/dataset.js';
import { dimensionsOf } from '../../data/queries.js';

/** Inclusive index box; `lo > hi` on an axis means empty. */
export type Box = { lo: Vec3; hi: Vec3 };

export function intersect(a: Extent, b: Extent): Box {
  return {
    lo: [Math.max(a[0], b[0]), Math.max(a[2], b[2]), Math.max(a[4], b[4])],
    hi: [Math.min(a[1], b[1]), Math.min(a[3], b[3]), Math.min(a[5], b[5])],
  };
}

export function isEmpty(box: Box): boolean {
  return box.lo[0] > box.hi[0] || box.lo[1] > box.hi[1] || box.lo[2] > box.hi[2];
}

export function count(box: Box): number {
  return isEmpty(box)
    ? 0
    : (box.hi[0] - box.lo[0] + 1) * (box.hi[1] - box.lo[1] + 1) * (box.hi[2] - box.lo[2] + 1);
}

export function contains(outer: Extent, inner: Extent): boolean {
  for (let a = 0; a < 3; a++) {
    if (inner[2 * a] > inner[2 * a + 1]) continue;
    if (inner[2 * a] < outer[2 * a] || inner[2 * a + 1] > outer[2 * a + 1]) return false;
  }
  return true;
}

/** A box of tuples inside a layout whose first tuple has index `origin` and sizes `dims`. */
export type Layout = { origin: Vec3; dims: Vec3 };

export function pointLayout(extent: Extent): Layout {
  return { origin: [extent[0], extent[2], extent[4]], dims: dimensionsOf(extent) };
}

/** VTK's cell layout: an axis of one point still counts one cell layer. */
export function cellLayout(extent: Extent): Layout {
  const dims = dimensionsOf(extent);
  return { origin: [extent[0], extent[2], extent[4]], dims: dims.map((d) => (d > 1 ? d - 1 : 1)) as Vec3 };
}

/** The cells of the whole grid inside the point box `points`. */
export function cellBox(points: Box, whole: Extent): Box {
  const lo: Vec3 = [0, 0, 0];
  const hi: Vec3 = [0, 0, 0];
  for (let a = 0; a < 3; a++) {
    lo[a] = points.lo[a];
    hi[a] = whole[2 * a] === whole[2 * a + 1] ? points.hi[a] : points.hi[a] - 1;
  }
  return { lo, hi };
}

/** Calls `row(targetStart, sourceStart, length)` for every i-row of `box`. */
export function forEachRow(
  box: Box,
  target: Layout,
  source: Layout,
  row: (targetStart: number, sourceStart: number, length: number) => void,
): void {
  if (isEmpty(box)) return;
  const length = box.hi[0] - box.lo[0] + 1;
  for (let k = box.lo[2]; k <= box.hi[2]; k++) {
    for (let j = box.lo[1]; j <= box.hi[1]; j++) {
      const t =
        box.lo[0] -
        target.origin[0] +
        target.dims[0] * (j - target.origin[1] + target.dims[1] * (k - target.origin[2]));
      const s =
        box.lo[0] -
        source.origin[0] +
        source.dims[0] * (j - source.origin[1] + source.dims[1] * (k - source.origin[2]));
      row(t, s, length);
    }
  }
}
