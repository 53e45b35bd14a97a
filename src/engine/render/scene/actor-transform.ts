/**
 * vtkProp3D's model matrix from ParaView's Position, Orientation (degrees about x, y, z), Scale
 * and Origin: M = T(Position + Origin) · Rz · Rx · Ry · S · T(−Origin), the order of
 * vtkProp3D::ComputeMatrix (post-multiplied Translate(−Origin), Scale, RotateY, RotateX,
 * RotateZ, Translate(Origin + Position)). Column-major 4×4, like the camera matrices.
 */
import type { Vector3 } from '../camera/camera.js';
import { multiplyMatrices } from '../camera/camera.js';

export interface ActorTransformProps {
  /** ParaView's Position (translation), default (0, 0, 0). */
  position?: Vector3;
  /** ParaView's Orientation: rotations in degrees about x, y and z, default (0, 0, 0). */
  orientation?: Vector3;
  /** ParaView's Scale, default (1, 1, 1). */
  scale?: Vector3;
  /** ParaView's Origin (centre of rotation and scaling), default (0, 0, 0). */
  origin?: Vector3;
}

function translation(x: number, y: number, z: number): Float64Array {
  return Float64Array.of(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, x, y, z, 1);
}

/** Right-handed rotation by `degrees` about axis 0 (x), 1 (y) or 2 (z). */
function rotation(axis: 0 | 1 | 2, degrees: number): Float64Array {
  const a = (degrees * Math.PI) / 180;
  const c = Math.cos(a);
  const s = Math.sin(a);
  const m = Float64Array.of(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1);
  const [i, j] = axis === 0 ? [1, 2] : axis === 1 ? [2, 0] : [0, 1];
  // Column-major: element (row r, column k) at k * 4 + r.
  m[i * 4 + i] = c;
  m[j * 4 + i] = -s;
  m[i * 4 + j] = s;
  m[j * 4 + j] = c;
  return m;
}

/** True when the props leave the actor where its data is. */
export function isIdentityTransform(props: ActorTransformProps): boolean {
  const zero = (v?: Vector3) => !v || (v[0] === 0 && v[1] === 0 && v[2] === 0);
  const one = (v?: Vector3) => !v || (v[0] === 1 && v[1] === 1 && v[2] === 1);
  return zero(props.position) && zero(props.orientation) && one(props.scale);
}

export function actorMatrix(props: ActorTransformProps): Float64Array {
  const [px, py, pz] = props.position ?? [0, 0, 0];
  const [ox, oy, oz] = props.orientation ?? [0, 0, 0];
  const [sx, sy, sz] = props.scale ?? [1, 1, 1];
  const [cx, cy, cz] = props.origin ?? [0, 0, 0];
  const scaling = Float64Array.of(sx, 0, 0, 0, 0, sy, 0, 0, 0, 0, sz, 0, 0, 0, 0, 1);
  let m = translation(-cx, -cy, -cz);
  for (const step of [
    scaling,
    rotation(1, oy),
    rotation(0, ox),
    rotation(2, oz),
    translation(cx + px, cy + py, cz + pz),
  ]) {
    m = multiplyMatrices(step, m);
  }
  return m;
}

/** Axis-aligned bounds of `bounds` after `matrix` (the eight corners transformed). */
export function transformBounds(
  bounds: readonly number[],
  matrix: Float64Array,
): [number, number, number, number, number, number] {
  if (!(bounds[0] <= bounds[1])) return [1, -1, 1, -1, 1, -1];
  const out: [number, number, number, number, number, number] = [
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
  ];
  for (const x of [bounds[0], bounds[1]])
    for (const y of [bounds[2], bounds[3]])
      for (const z of [bounds[4], bounds[5]]) {
        for (let r = 0; r < 3; r++) {
          const v = matrix[r] * x + matrix[4 + r] * y + matrix[8 + r] * z + matrix[12 + r];
          if (v < out[2 * r]) out[2 * r] = v;
          if (v > out[2 * r + 1]) out[2 * r + 1] = v;
        }
      }
  return out;
}
