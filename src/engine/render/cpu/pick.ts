/**
 * Picking from a rendered frame, as ParaView's hardware selector does it: the frame's actor-id
 * and cell-id buffers say what lies under a pixel, the depth buffer unprojected through the
 * camera gives the world position, and the picked cell's vertex nearest to that position is the
 * picked point. No re-render and no ray casting: O(1) per pick plus a search of one cell.
 *
 * Cell and point ids are those of the rendered surface (RenderGeometry): for PolyData they are
 * the dataset's own; for other datasets they index the surface that ExtractSurface produced.
 */
import {
  type Camera,
  multiplyMatrices,
  projectionMatrix,
  type Vector3,
  viewMatrix,
} from '../camera/camera.js';
import type { RenderGeometry } from '../scene/geometry.js';
import type { Frame } from './render-frame.js';

export interface PickResult {
  /** Index of the actor in the frame's actor list. */
  actorIndex: number;
  /** Surface cell under the pixel. */
  cellId: number;
  /** The cell's vertex nearest to `worldPosition` (undefined without geometry). */
  pointId: number | undefined;
  /** Where the pixel centre's ray meets the drawn surface. */
  worldPosition: Vector3;
  /** Window depth in [0, 1]. */
  depth: number;
}

export interface PickProps {
  frame: Frame;
  /** The camera the frame was rendered with. */
  camera: Camera;
  /** Pixel column, 0 at the left. */
  x: number;
  /** Pixel row, 0 at the top (the frame's row order; VTK's display y is height − 1 − row). */
  y: number;
  /** Geometry of each actor, by actor index, to find the picked point. */
  geometries?: readonly (RenderGeometry | undefined)[];
}

/** Inverse of a column-major 4×4 matrix (cofactor expansion); undefined when singular. */
export function invertMatrix(m: Float64Array): Float64Array | undefined {
  const out = new Float64Array(16);
  const [a00, a01, a02, a03, a10, a11, a12, a13, a20, a21, a22, a23, a30, a31, a32, a33] = m;
  const b00 = a00 * a11 - a01 * a10;
  const b01 = a00 * a12 - a02 * a10;
  const b02 = a00 * a13 - a03 * a10;
  const b03 = a01 * a12 - a02 * a11;
  const b04 = a01 * a13 - a03 * a11;
  const b05 = a02 * a13 - a03 * a12;
  const b06 = a20 * a31 - a21 * a30;
  const b07 = a20 * a32 - a22 * a30;
  const b08 = a20 * a33 - a23 * a30;
  const b09 = a21 * a32 - a22 * a31;
  const b10 = a21 * a33 - a23 * a31;
  const b11 = a22 * a33 - a23 * a32;
  const determinant = b00 * b11 - b01 * b10 + b02 * b09 + b03 * b08 - b04 * b07 + b05 * b06;
  if (!determinant) return undefined;
  const d = 1 / determinant;
  out[0] = (a11 * b11 - a12 * b10 + a13 * b09) * d;
  out[1] = (a02 * b10 - a01 * b11 - a03 * b09) * d;
  out[2] = (a31 * b05 - a32 * b04 + a33 * b03) * d;
  out[3] = (a22 * b04 - a21 * b05 - a23 * b03) * d;
  out[4] = (a12 * b08 - a10 * b11 - a13 * b07) * d;
  out[5] = (a00 * b11 - a02 * b08 + a03 * b07) * d;
  out[6] = (a32 * b02 - a30 * b05 - a33 * b01) * d;
  out[7] = (a20 * b05 - a22 * b02 + a23 * b01) * d;
  out[8] = (a10 * b10 - a11 * b08 + a13 * b06) * d;
  out[9] = (a01 * b08 - a00 * b10 - a03 * b06) * d;
  out[10] = (a30 * b04 - a31 * b02 + a33 * b00) * d;
  out[11] = (a21 * b02 - a20 * b04 - a23 * b00) * d;
  out[12] = (a11 * b07 - a10 * b09 - a12 * b06) * d;
  out[13] = (a00 * b09 - a01 * b07 + a02 * b06) * d;
  out[14] = (a31 * b01 - a30 * b03 - a32 * b00) * d;
  out[15] = (a20 * b03 - a21 * b01 + a22 * b00) * d;
  return out;
}

/** World position of window point (x, y) (pixels, row 0 at the top) at window depth `depth`. */
export function unproject(
  camera: Camera,
  width: number,
  height: number,
  x: number,
  y: number,
  depth: number,
): Vector3 | undefined {
  const inverse = invertMatrix(
    multiplyMatrices(projectionMatrix(camera, width / height), viewMatrix(camera)),
  );
  if (!inverse) return undefined;
  const nx = (x / width) * 2 - 1;
  const ny = 1 - (y / height) * 2;
  const nz = depth * 2 - 1;
  const m = inverse;
  const w = m[3] * nx + m[7] * ny + m[11] * nz + m[15];
  return [
    (m[0] * nx + m[4] * ny + m[8] * nz + m[12]) / w,
    (m[1] * nx + m[5] * ny + m[9] * nz + m[13]) / w,
    (m[2] * nx + m[6] * ny + m[10] * nz + m[14]) / w,
  ];
}

/** First index i with cells[i] ≥ cell, for the non-decreasing cell lists geometry builds. */
function lowerBound(cells: Uint32Array, cell: number): number {
  let low = 0;
  let high = cells.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (cells[middle] < cell) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The vertex of `cell`'s primitives (with `perPrimitive` vertices each) nearest to `position`. */
function nearestVertex(
  geometry: RenderGeometry,
  primitives: Uint32Array,
  primitiveCells: Uint32Array,
  perPrimitive: number,
  cell: number,
  position: Vector3,
): { pointId: number; squared: number } | undefined {
  const p = geometry.positions;
  let best: { pointId: number; squared: number } | undefined;
  const visit = (primitive: number) => {
    for (let k = 0; k < perPrimitive; k++) {
      const v = primitives[perPrimitive * primitive + k];
      const squared =
        (p[3 * v] - position[0]) ** 2 + (p[3 * v + 1] - position[1]) ** 2 + (p[3 * v + 2] - position[2]) ** 2;
      if (!best || squared < best.squared) best = { pointId: v, squared };
    }
  };
  let found = false;
  for (
    let i = lowerBound(primitiveCells, cell);
    i < primitiveCells.length && primitiveCells[i] === cell;
    i++
  ) {
    visit(i);
    found = true;
  }
  if (!found) {
    // Cell lists are sorted when built by polyDataGeometry; scan anything else.
    for (let i = 0; i < primitiveCells.length; i++) if (primitiveCells[i] === cell) visit(i);
  }
  return best;
}

/** What lies under pixel (x, y) of `frame`, or undefined for background. */
export function pickPixel(props: PickProps): PickResult | undefined {
  const { frame, camera } = props;
  const x = Math.floor(props.x);
  const y = Math.floor(props.y);
  if (x < 0 || y < 0 || x >= frame.width || y >= frame.height) return undefined;
  const index = y * frame.width + x;
  if (!frame.cellIds || !frame.actorIds) throw new Error('pickPixel: the frame was drawn without pick ids');
  const cellPlusOne = frame.cellIds[index];
  if (cellPlusOne === 0) return undefined;
  const depth = frame.depth[index];
  const worldPosition = unproject(camera, frame.width, frame.height, x + 0.5, y + 0.5, depth);
  if (!worldPosition) return undefined;
  const actorIndex = frame.actorIds[index];
  const cellId = cellPlusOne - 1;
  const geometry = props.geometries?.[actorIndex];
  let pointId: number | undefined;
  if (geometry) {
    const candidates = [
      nearestVertex(geometry, geometry.triangles, geometry.triangleCells, 3, cellId, worldPosition),
      nearestVertex(geometry, geometry.segments, geometry.segmentCells, 2, cellId, worldPosition),
      nearestVertex(geometry, geometry.points, geometry.pointCells, 1, cellId, worldPosition),
    ].filter((c) => c !== undefined);
    candidates.sort((a, b) => a.squared - b.squared);
    pointId = candidates[0]?.pointId;
  }
  return { actorIndex, cellId, pointId, worldPosition, depth };
}
