/**
 * The scalar fields the structured iso-surface kernel can contour: a point array, or a plane's
 * signed distance n·(x − o) on an image grid, evaluated point by point as vtkPlane does (so a
 * slice needs no array of millions of distances). Plain data: crosses the thread boundary.
 */
import type { NumberArray } from '../../data/data-array.js';
import type { Matrix3, Vec3 } from '../../data/dataset.js';

export type ScalarField =
  | { kind: 'array'; values: NumberArray }
  | {
      kind: 'plane';
      normal: Vec3;
      origin: Vec3;
      image: { origin: Vec3; spacing: Vec3; direction: Matrix3; first: Vec3 };
    };

export type PlaneField = Extract<ScalarField, { kind: 'plane' }>;

/**
 * VTK's plane distance at grid point (i, j, k) of the image, with the point placed as VTK's
 * plane cutter places it ((origin + spacing·min) + spacing·index), so exact zeros agree.
 */
export function planeValue(field: PlaneField, i: number, j: number, k: number): number {
  const { origin: o, spacing, direction: d, first } = field.image;
  const x = first[0] * spacing[0] + i * spacing[0];
  const y = first[1] * spacing[1] + j * spacing[1];
  const z = first[2] * spacing[2] + k * spacing[2];
  const wx = o[0] + d[0] * x + d[1] * y + d[2] * z;
  const wy = o[1] + d[3] * x + d[4] * y + d[5] * z;
  const wz = o[2] + d[6] * x + d[7] * y + d[8] * z;
  const n = field.normal;
  const c = field.origin;
  return n[0] * (wx - c[0]) + n[1] * (wy - c[1]) + n[2] * (wz - c[2]);
}
