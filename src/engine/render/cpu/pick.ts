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
import { invert4, transformPoint } from '../camera/matrix.js';
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

/** World position of window point (x, y) (pixels, row 0 at the top) at window depth `depth`. */
export function unproject(
  camera: Camera,
  width: number,
  height: number,
  x: number,
  y: number,
  depth: number,
): Vector3 | undefined {
  let inverse: Float64Array;
  try {
    inverse = invert4(multiplyMatrices(projectionMatrix(camera, width / height), viewMatrix(camera)));
  } catch {
    return undefined;
  }
  const [wx, wy, wz] = transformPoint(
    inverse,
    (x / width) * 2 - 1,
    1 - (y / height) * 2,
    depth * 2 - 1,
    [0, 0, 0],
  );
  return [wx, wy, wz];
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
