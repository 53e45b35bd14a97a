/**
 * Point sprites: each vertex drawn as a square of PointSize pixels (OpenGL's point
 * rasterization: pixels whose centres fall in the square), or with RenderPointsAsSpheres as a
 * disc shaded like a sphere facing the viewer. Depth-tested, pushed towards the camera by the
 * line depth offset so points on a surface win over it, coloured by the colour map when the
 * appearance maps scalars, else by the line colour.
 */

import { diffuseLight, headlight } from './lights.js';
import type { Appearance, RasterTarget } from './rasterize.js';

export interface PointBatch {
  /** Clip-space x, y, z, w per vertex. */
  clip: Float32Array;
  /** Vertex ids to draw. */
  points: Uint32Array;
  /** Cell id reported for each drawn point (picking). */
  pointCells: Uint32Array;
  /** Entries of `points` to draw, in order (a tile's bin); `first` and `count` then index this list. */
  order?: Uint32Array;
  first: number;
  count: number;
  /** Side (or diameter, for spheres) in pixels. */
  pointSize: number;
  renderPointsAsSpheres: boolean;
}

const HEADLIGHT = headlight();
const light = new Float64Array(3);

export function rasterizePoints(target: RasterTarget, batch: PointBatch, appearance: Appearance): void {
  const { width, height, color, depth, cellIds, actorIds } = target;
  const actorIndex = target.actorIndex ?? 0;
  const left = target.region?.left ?? 0;
  const top = target.region?.top ?? 0;
  const right = target.region?.right ?? width;
  const bottom = target.region?.bottom ?? height;
  const order = batch.order;
  const c = batch.clip;
  const offset = appearance.lineDepthOffset ?? 0;
  const size = Math.max(1, batch.pointSize);
  const radius = size / 2;
  const spheres = batch.renderPointsAsSpheres;
  const lights = appearance.lights ?? HEADLIGHT;
  const texture = appearance.mapLineScalars ? appearance.texture : undefined;
  const coordinates = appearance.vertexCoordinates;
  const textureSize = appearance.textureSize ?? 0;
  for (let k = batch.first; k < batch.first + batch.count; k++) {
    const i = order ? order[k] : k;
    const v = batch.points[i];
    const w = c[4 * v + 3];
    const zClip = c[4 * v + 2];
    if (!(w > 0) || zClip < -w || zClip > w) continue;
    const sx = (c[4 * v] / w) * 0.5 * width + 0.5 * width;
    const sy = (0.5 - (c[4 * v + 1] / w) * 0.5) * height;
    const z = Math.max(0, (zClip / w) * 0.5 + 0.5 - offset);
    let [r, g, b] = appearance.lineColor;
    if (texture && coordinates) {
      const s = coordinates[v];
      const texel = Number.isNaN(s)
        ? textureSize
        : Math.min(textureSize - 1, Math.max(0, Math.floor(s * textureSize)));
      r = texture[4 * texel] / 255;
      g = texture[4 * texel + 1] / 255;
      b = texture[4 * texel + 2] / 255;
    }
    const x0 = Math.max(left, Math.ceil(sx - radius - 0.5));
    const x1 = Math.min(right - 1, Math.floor(sx + radius - 0.5));
    const y0 = Math.max(top, Math.ceil(sy - radius - 0.5));
    const y1 = Math.min(bottom - 1, Math.floor(sy + radius - 0.5));
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const index = y * width + x;
        if (z >= depth[index]) continue;
        let lr = 1;
        let lg = 1;
        let lb = 1;
        if (spheres) {
          const dx = (x + 0.5 - sx) / radius;
          const dy = (sy - y - 0.5) / radius;
          const squared = dx * dx + dy * dy;
          if (squared > 1) continue;
          diffuseLight(lights, dx, dy, Math.sqrt(1 - squared), light);
          lr = light[0];
          lg = light[1];
          lb = light[2];
        }
        depth[index] = z;
        const o = 4 * index;
        color[o] = Math.min(255, r * lr * 255 + 0.5);
        color[o + 1] = Math.min(255, g * lg * 255 + 0.5);
        color[o + 2] = Math.min(255, b * lb * 255 + 0.5);
        color[o + 3] = 255;
        if (cellIds) cellIds[index] = batch.pointCells[i] + 1;
        if (actorIds) actorIds[index] = actorIndex;
      }
    }
  }
}
