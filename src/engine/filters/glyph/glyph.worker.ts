/**
 * The Glyph kernel (vtkPVGlyphFilter's per-point transform): places a copy of the glyph shape
 * at each selected point, rotated so that its +x axis follows the orientation vector (VTK's
 * 180° turn about the bisector of +x and the vector) and scaled. Runs in pool workers on
 * shared arrays for many points and inline for few; each call fills glyphs [begin, end).
 */
import type { TaskContext } from '../../workers/protocol.js';

export interface GlyphBatch {
  /** Glyph shape points (already through the glyph transform), xyz. */
  shapePoints: Float64Array;
  /** Glyph shape normals, xyz, or empty when the shape has none. */
  shapeNormals: Float64Array;
  /** Input point ids to glyph, in output order. */
  selected: Int32Array;
  /** xyz of every input point (shared). */
  centers: Float32Array | Float64Array;
  /** Orientation vectors per input point (3 components), or empty. */
  orientation: Float32Array | Float64Array;
  /** Scale values per input point (`scaleComponents` each), or empty. */
  scale: Float32Array | Float64Array;
  scaleComponents: number;
  /** Scale by the vector's magnitude (true) or per component (false). */
  scaleByMagnitude: boolean;
  scaleFactor: number;
  /** Output points (Float32, shared), numberOfShapePoints × selected.length × 3. */
  outPoints: Float32Array;
  /** Output normals (Float32, shared) when the shape has normals. */
  outNormals: Float32Array;
  begin: number;
  end: number;
}

export function placeGlyphs(batch: GlyphBatch, context: TaskContext): number {
  const { shapePoints, shapeNormals, selected, centers, orientation, scale, outPoints, outNormals } = batch;
  const shapeCount = shapePoints.length / 3;
  const withNormals = shapeNormals.length > 0;
  const sc = batch.scaleComponents;
  for (let g = batch.begin; g < batch.end; g++) {
    if ((g - batch.begin) % 8192 === 0) {
      context.throwIfCancelled();
      context.progress((g - batch.begin) / Math.max(1, batch.end - batch.begin));
    }
    const id = selected[g];
    let sx = 1;
    let sy = 1;
    let sz = 1;
    if (scale.length > 0) {
      if (sc === 1) {
        sx = sy = sz = scale[id];
      } else if (batch.scaleByMagnitude) {
        let sum = 0;
        for (let c = 0; c < sc; c++) sum += scale[id * sc + c] ** 2;
        sx = sy = sz = Math.sqrt(sum);
      } else {
        sx = scale[id * sc];
        sy = scale[id * sc + 1];
        if (sc >= 3) sz = scale[id * sc + 2];
      }
    }
    sx *= batch.scaleFactor;
    sy *= batch.scaleFactor;
    sz *= batch.scaleFactor;
    // VTK never scales by exactly zero (the transform would be singular).
    if (sx === 0) sx = 1e-10;
    if (sy === 0) sy = 1e-10;
    if (sz === 0) sz = 1e-10;
    // Rotation: 0 none, 1 half turn about y, 2 half turn about axis (ax, ay, az).
    let mode = 0;
    let ax = 0;
    let ay = 0;
    let az = 0;
    if (orientation.length > 0) {
      const vx = orientation[3 * id];
      const vy = orientation[3 * id + 1];
      const vz = orientation[3 * id + 2];
      const magnitude = Math.sqrt(vx * vx + vy * vy + vz * vz);
      if (magnitude > 0) {
        if (vy === 0 && vz === 0) {
          mode = vx < 0 ? 1 : 0;
        } else {
          ax = (vx + magnitude) / 2;
          ay = vy / 2;
          az = vz / 2;
          const n = Math.sqrt(ax * ax + ay * ay + az * az);
          ax /= n;
          ay /= n;
          az /= n;
          mode = 2;
        }
      }
    }
    const cx = centers[3 * id];
    const cy = centers[3 * id + 1];
    const cz = centers[3 * id + 2];
    const base = 3 * g * shapeCount;
    for (let p = 0; p < shapeCount; p++) {
      let x = shapePoints[3 * p] * sx;
      let y = shapePoints[3 * p + 1] * sy;
      let z = shapePoints[3 * p + 2] * sz;
      if (mode === 1) {
        x = -x;
        z = -z;
      } else if (mode === 2) {
        const d = 2 * (ax * x + ay * y + az * z);
        x = d * ax - x;
        y = d * ay - y;
        z = d * az - z;
      }
      outPoints[base + 3 * p] = cx + x;
      outPoints[base + 3 * p + 1] = cy + y;
      outPoints[base + 3 * p + 2] = cz + z;
      if (withNormals) {
        // Normals take the inverse transpose: R·S⁻¹, then unit length.
        let nx = shapeNormals[3 * p] / sx;
        let ny = shapeNormals[3 * p + 1] / sy;
        let nz = shapeNormals[3 * p + 2] / sz;
        if (mode === 1) {
          nx = -nx;
          nz = -nz;
        } else if (mode === 2) {
          const d = 2 * (ax * nx + ay * ny + az * nz);
          nx = d * ax - nx;
          ny = d * ay - ny;
          nz = d * az - nz;
        }
        const length = Math.sqrt(nx * nx + ny * ny + nz * nz) || 1;
        outNormals[base + 3 * p] = nx / length;
        outNormals[base + 3 * p + 1] = ny / length;
        outNormals[base + 3 * p + 2] = nz / length;
      }
    }
  }
  context.progress(1);
  return batch.end - batch.begin;
}
