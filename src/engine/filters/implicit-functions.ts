/**
 * The implicit functions of Slice and Clip (ParaView's `SliceType`/`ClipType` objects), with
 * VTK's definitions, which decide where points land: vtkPlane is n·(x − o); vtkSphere and
 * vtkCylinder are squared distance minus squared radius (not distances); vtkBox is a signed
 * distance (negative inside). Plane normals are normalised, as ParaView's plane widget does, so
 * offsets are distances.
 */
import { PropertyError } from '../../errors.js';
import type { Vec3 } from '../data/dataset.js';
import type { PropertySchema, TypedObject } from './types.js';

export type ImplicitFunction =
  | { type: 'Plane'; origin: Vec3; normal: Vec3 }
  | { type: 'Sphere'; center: Vec3; radius: number }
  | { type: 'Cylinder'; center: Vec3; axis: Vec3; radius: number }
  /** World → box coordinates: local = rotationᵀ·(x − position) / length, box [0,1]³. */
  | { type: 'Box'; position: Vec3; length: Vec3; rotation: number[] };

const vector = (name: string, doc: string, value: readonly number[]): PropertySchema => ({
  name,
  doc,
  type: 'numbers',
  size: 3,
  default: value,
});

/** Sub-properties of each implicit-function kind, for `object` property schemas. */
export const IMPLICIT_FUNCTION_KINDS: Record<string, readonly PropertySchema[]> = {
  Plane: [
    vector('Origin', 'A point on the plane.', [0, 0, 0]),
    vector('Normal', 'Plane normal (normalised).', [1, 0, 0]),
    { name: 'Offset', doc: 'Shift of the plane along its normal.', type: 'number', default: 0 },
  ],
  Box: [
    vector('Position', 'Corner of the box before rotation.', [0, 0, 0]),
    vector('Rotation', 'Rotation in degrees about x, y, z (applied z, x, y as VTK).', [0, 0, 0]),
    vector('Length', 'Edge lengths.', [1, 1, 1]),
  ],
  Sphere: [
    vector('Center', 'Centre.', [0, 0, 0]),
    { name: 'Radius', doc: 'Radius.', type: 'number', min: 0, default: 0.5 },
  ],
  Cylinder: [
    vector('Center', 'A point on the axis.', [0, 0, 0]),
    vector('Axis', 'Axis direction.', [0, 0, 1]),
    { name: 'Radius', doc: 'Radius.', type: 'number', min: 0, default: 0.5 },
  ],
};

function unit(owner: string, property: string, v: readonly number[]): Vec3 {
  const length = Math.hypot(v[0], v[1], v[2]);
  if (length === 0) throw new PropertyError(owner, property, 'must not be the zero vector');
  return [v[0] / length, v[1] / length, v[2] / length];
}

/** Rotation matrix (row-major) of VTK's RotateZ, then RotateX, then RotateY (degrees). */
function rotationMatrix(degrees: readonly number[]): number[] {
  const [ax, ay, az] = degrees.map((d) => (d * Math.PI) / 180);
  const rx = [1, 0, 0, 0, Math.cos(ax), -Math.sin(ax), 0, Math.sin(ax), Math.cos(ax)];
  const ry = [Math.cos(ay), 0, Math.sin(ay), 0, 1, 0, -Math.sin(ay), 0, Math.cos(ay)];
  const rz = [Math.cos(az), -Math.sin(az), 0, Math.sin(az), Math.cos(az), 0, 0, 0, 1];
  const mul = (a: number[], b: number[]) =>
    [0, 1, 2].flatMap((r) =>
      [0, 1, 2].map((c) => a[3 * r] * b[c] + a[3 * r + 1] * b[3 + c] + a[3 * r + 2] * b[6 + c]),
    );
  // Points are rotated about z first, then x, then y: R = Ry·Rx·Rz.
  return mul(ry, mul(rx, rz));
}

/** Builds the function from a resolved `SliceType`/`ClipType` object. */
export function implicitFunctionFrom(owner: string, property: string, object: TypedObject): ImplicitFunction {
  const v = (name: string) => object[name] as Vec3;
  switch (object.Type) {
    case 'Plane': {
      const normal = unit(owner, `${property}.Normal`, v('Normal'));
      const offset = object.Offset as number;
      const o = v('Origin');
      return {
        type: 'Plane',
        normal,
        origin: [o[0] + offset * normal[0], o[1] + offset * normal[1], o[2] + offset * normal[2]],
      };
    }
    case 'Sphere':
      return { type: 'Sphere', center: v('Center'), radius: object.Radius as number };
    case 'Cylinder':
      return {
        type: 'Cylinder',
        center: v('Center'),
        axis: unit(owner, `${property}.Axis`, v('Axis')),
        radius: object.Radius as number,
      };
    case 'Box': {
      const length = v('Length');
      if (length.some((l) => l <= 0))
        throw new PropertyError(owner, `${property}.Length`, 'lengths must be positive');
      return { type: 'Box', position: v('Position'), length, rotation: rotationMatrix(v('Rotation')) };
    }
    default:
      throw new PropertyError(owner, property, `unknown implicit function '${object.Type}'`);
  }
}

/** Value of the function at (x, y, z). */
export function evaluateImplicit(f: ImplicitFunction, x: number, y: number, z: number): number {
  switch (f.type) {
    case 'Plane':
      return (
        f.normal[0] * (x - f.origin[0]) + f.normal[1] * (y - f.origin[1]) + f.normal[2] * (z - f.origin[2])
      );
    case 'Sphere': {
      const dx = x - f.center[0];
      const dy = y - f.center[1];
      const dz = z - f.center[2];
      return dx * dx + dy * dy + dz * dz - f.radius * f.radius;
    }
    case 'Cylinder': {
      const dx = x - f.center[0];
      const dy = y - f.center[1];
      const dz = z - f.center[2];
      const along = dx * f.axis[0] + dy * f.axis[1] + dz * f.axis[2];
      return dx * dx + dy * dy + dz * dz - along * along - f.radius * f.radius;
    }
    case 'Box': {
      const r = f.rotation;
      const dx = x - f.position[0];
      const dy = y - f.position[1];
      const dz = z - f.position[2];
      // Rᵀ·d brings the point into the unrotated box frame.
      const local = [
        (r[0] * dx + r[3] * dy + r[6] * dz) / f.length[0],
        (r[1] * dx + r[4] * dy + r[7] * dz) / f.length[1],
        (r[2] * dx + r[5] * dy + r[8] * dz) / f.length[2],
      ];
      let inside = true;
      let outsideSquared = 0;
      let nearestFace = Number.POSITIVE_INFINITY;
      for (const c of local) {
        if (c < 0 || c > 1) {
          inside = false;
          const d = c < 0 ? -c : c - 1;
          outsideSquared += d * d;
        } else {
          nearestFace = Math.min(nearestFace, c, 1 - c);
        }
      }
      return inside ? -nearestFace : Math.sqrt(outsideSquared);
    }
  }
}

/** The function at `count` points whose positions `position(p, out)` writes. */
export function evaluateAtPoints(
  f: ImplicitFunction,
  count: number,
  position: (p: number, out: Float64Array) => void,
  shared = false,
): Float64Array {
  const out = shared ? new Float64Array(new SharedArrayBuffer(8 * count)) : new Float64Array(count);
  const xyz = new Float64Array(3);
  for (let p = 0; p < count; p++) {
    position(p, xyz);
    out[p] = evaluateImplicit(f, xyz[0], xyz[1], xyz[2]);
  }
  return out;
}

/**
 * The function on the grid of axis coordinates x[i], y[j], z[k] as per-axis terms, where it is a
 * sum of them: f = ((terms.x[i] + terms.y[j]) + terms.z[k]) − terms.constant, bit for bit what
 * `evaluateImplicit` computes (the same operations in the same order; subtracting a constant 0
 * changes nothing). Null for functions that do not separate (Cylinder, Box).
 */
export function separableTerms(
  f: ImplicitFunction,
  x: Float64Array,
  y: Float64Array,
  z: Float64Array,
): { x: Float64Array; y: Float64Array; z: Float64Array; constant: number } | null {
  switch (f.type) {
    case 'Plane': {
      const { normal: n, origin: o } = f;
      return {
        x: x.map((v) => n[0] * (v - o[0])),
        y: y.map((v) => n[1] * (v - o[1])),
        z: z.map((v) => n[2] * (v - o[2])),
        constant: 0,
      };
    }
    case 'Sphere': {
      const c = f.center;
      const square = (v: number, a: number) => (v - c[a]) * (v - c[a]);
      return {
        x: x.map((v) => square(v, 0)),
        y: y.map((v) => square(v, 1)),
        z: z.map((v) => square(v, 2)),
        constant: f.radius * f.radius,
      };
    }
    default:
      return null;
  }
}
