/**
 * The camera with vtkCamera's semantics: position, focal point, view up, view angle (vertical,
 * degrees), parallel projection with a parallel scale, and a clipping range. Plain data, so it
 * serialises into session state and RPC replies; every operation returns a new camera.
 *
 * Matrices are column-major 4×4 Float64Arrays (gl-matrix/vtk.js layout); clip space is OpenGL's
 * (z in [-1, 1]) and window depth is (z + 1) / 2 with 1 = far, which the volume renderer shares.
 */

export type Vector3 = [number, number, number];

export interface Camera {
  position: Vector3;
  focalPoint: Vector3;
  viewUp: Vector3;
  /** Vertical field of view in degrees (VTK default 30). */
  viewAngle: number;
  parallelProjection: boolean;
  /** Half the view height in world units, for parallel projection. */
  parallelScale: number;
  /** Distances of the near and far planes from the camera along the view direction. */
  clippingRange: [near: number, far: number];
}

/** VTK's default camera: at +Z looking at the origin with +Y up (ParaView resets it to the data). */
export function defaultCamera(): Camera {
  return {
    position: [0, 0, 1],
    focalPoint: [0, 0, 0],
    viewUp: [0, 1, 0],
    viewAngle: 30,
    parallelProjection: false,
    parallelScale: 1,
    clippingRange: [0.01, 1000.01],
  };
}

export const subtract = (a: Vector3, b: Vector3): Vector3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
export const add = (a: Vector3, b: Vector3): Vector3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
export const scale = (a: Vector3, s: number): Vector3 => [a[0] * s, a[1] * s, a[2] * s];
export const dot = (a: Vector3, b: Vector3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
export const cross = (a: Vector3, b: Vector3): Vector3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
export const length = (a: Vector3): number => Math.hypot(a[0], a[1], a[2]);
export function normalize(a: Vector3): Vector3 {
  const n = length(a);
  return n > 0 ? scale(a, 1 / n) : [0, 0, 0];
}

/** Rotates `v` about the unit `axis` by `degrees` (right-handed). */
export function rotateVector(v: Vector3, axis: Vector3, degrees: number): Vector3 {
  const angle = (degrees * Math.PI) / 180;
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return add(add(scale(v, c), scale(cross(axis, v), s)), scale(axis, dot(axis, v) * (1 - c)));
}

/** Unit vector from the focal point towards the camera (VTK's view-plane normal). */
export function viewPlaneNormal(camera: Camera): Vector3 {
  return normalize(subtract(camera.position, camera.focalPoint));
}

export function distance(camera: Camera): number {
  return length(subtract(camera.position, camera.focalPoint));
}

/** World → view transform (vtkCamera::GetViewTransformMatrix). */
export function viewMatrix(camera: Camera): Float64Array {
  const z = viewPlaneNormal(camera);
  const x = normalize(cross(camera.viewUp, z));
  const y = cross(z, x);
  const p = camera.position;
  // Column-major: element (row r, column c) at c * 4 + r.
  return Float64Array.from([
    x[0],
    y[0],
    z[0],
    0,
    x[1],
    y[1],
    z[1],
    0,
    x[2],
    y[2],
    z[2],
    0,
    -dot(x, p),
    -dot(y, p),
    -dot(z, p),
    1,
  ]);
}

/** View → clip transform for a viewport of `aspect` = width / height (vtkCamera, OpenGL depth). */
export function projectionMatrix(camera: Camera, aspect: number): Float64Array {
  const [near, far] = camera.clippingRange;
  const m = new Float64Array(16);
  if (camera.parallelProjection) {
    const height = camera.parallelScale;
    const width = height * aspect;
    m[0] = 1 / width;
    m[5] = 1 / height;
    m[10] = -2 / (far - near);
    m[14] = -(far + near) / (far - near);
    m[15] = 1;
  } else {
    const tangent = Math.tan((camera.viewAngle * Math.PI) / 360);
    const height = near * tangent;
    const width = height * aspect;
    m[0] = near / width;
    m[5] = near / height;
    m[10] = -(far + near) / (far - near);
    m[11] = -1;
    m[14] = (-2 * far * near) / (far - near);
  }
  return m;
}

/** a · b for column-major 4×4 matrices. */
export function multiplyMatrices(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const out = new Float64Array(16);
  for (let c = 0; c < 4; c++)
    for (let r = 0; r < 4; r++) {
      let sum = 0;
      for (let k = 0; k < 4; k++) sum += a[k * 4 + r] * b[c * 4 + k];
      out[c * 4 + r] = sum;
    }
  return out;
}

/** Fallback bounds VTK uses when there is nothing visible. */
const UNIT_BOUNDS = [-1, 1, -1, 1, -1, 1];

function validBounds(bounds: readonly number[]): readonly number[] {
  return bounds.length === 6 && bounds[0] <= bounds[1] && bounds.every(Number.isFinite)
    ? bounds
    : UNIT_BOUNDS;
}

/**
 * vtkRenderer::ResetCameraClippingRange (VTK 9.2): near and far planes at the nearest and
 * farthest bounds corner, widened to a minimum gap (0.1 of the parallel scale, or 0.2·tan(θ/2)
 * of the far distance) for flat data, then VTK's breathing room (ClippingRangeExpansion 0.5 —
 * the far plane uses the already moved near plane, as VTK's code does) and the near plane kept
 * at least 0.001 of the far one (a 24-bit depth buffer's tolerance).
 */
export function resetClippingRange(camera: Camera, bounds: readonly number[]): Camera {
  const b = validBounds(bounds);
  const n = viewPlaneNormal(camera);
  const [a, bb, c] = [-n[0], -n[1], -n[2]];
  const d = -(a * camera.position[0] + bb * camera.position[1] + c * camera.position[2]);
  let near = a * b[0] + bb * b[2] + c * b[4] + d;
  let far = 1e-18;
  for (const z of [b[4], b[5]])
    for (const y of [b[2], b[3]])
      for (const x of [b[0], b[1]]) {
        const depth = a * x + bb * y + c * z + d;
        if (depth < near) near = depth;
        if (depth > far) far = depth;
      }
  let minimumGap = camera.parallelProjection
    ? 0.1 * camera.parallelScale
    : 0.2 * Math.tan((camera.viewAngle * Math.PI) / 360) * far;
  if (far - near < minimumGap) {
    minimumGap = minimumGap - far + near;
    far += minimumGap / 2;
    near -= minimumGap / 2;
  }
  if (near < 0) near = 0;
  const expansion = 0.5;
  near = 0.99 * near - (far - near) * expansion;
  far = 1.01 * far + (far - near) * expansion;
  if (near >= far) near = 0.01 * far;
  const tolerance = 0.001;
  if (near < tolerance * far) near = tolerance * far;
  return { ...camera, clippingRange: [near, far] };
}

/**
 * vtkRenderer::ResetCamera: keeps the view direction, centres the focal point on the bounds and
 * backs off until the bounding sphere (half the diagonal) fits the view angle — the narrower one
 * when the viewport is taller than wide — then resets the clipping range.
 */
export function resetCamera(camera: Camera, bounds: readonly number[], aspect = 1): Camera {
  const b = validBounds(bounds);
  const center: Vector3 = [(b[0] + b[1]) / 2, (b[2] + b[3]) / 2, (b[4] + b[5]) / 2];
  const squared = (b[1] - b[0]) ** 2 + (b[3] - b[2]) ** 2 + (b[5] - b[4]) ** 2;
  const radius = Math.sqrt(squared === 0 ? 1 : squared) * 0.5;
  let angle = (camera.viewAngle * Math.PI) / 180;
  if (aspect < 1) angle = 2 * Math.atan(Math.tan(angle * 0.5) * aspect);
  const normal =
    length(subtract(camera.position, camera.focalPoint)) > 0 ? viewPlaneNormal(camera) : [0, 0, 1];
  let viewUp = camera.viewUp;
  if (Math.abs(dot(normalize(viewUp), normal as Vector3)) > 0.999)
    viewUp = [-viewUp[2], viewUp[0], viewUp[1]];
  const reset: Camera = {
    ...camera,
    viewUp,
    focalPoint: center,
    position: add(center, scale(normal as Vector3, radius / Math.sin(angle * 0.5))),
    // ParallelScale is the half height: a portrait viewport needs more of it to fit the width.
    parallelScale: aspect < 1 ? radius / aspect : radius,
  };
  return resetClippingRange(reset, b);
}

/** Rotates the camera about the view up vector through the focal point (vtkCamera::Azimuth). */
export function azimuth(camera: Camera, degrees: number): Camera {
  const offset = subtract(camera.position, camera.focalPoint);
  const rotated = rotateVector(offset, normalize(camera.viewUp), degrees);
  return { ...camera, position: add(camera.focalPoint, rotated) };
}

/**
 * Rotates about the axis view-up × direction-of-projection through the focal point
 * (vtkCamera::Elevation); the view up is left as is, as VTK does (see orthogonalizeViewUp).
 */
export function elevation(camera: Camera, degrees: number): Camera {
  const offset = subtract(camera.position, camera.focalPoint);
  const axis = normalize(cross(scale(viewPlaneNormal(camera), -1), camera.viewUp));
  const rotated = rotateVector(offset, axis, -degrees);
  return { ...camera, position: add(camera.focalPoint, rotated) };
}

/**
 * Rotates the view up about the direction of projection (vtkCamera::Roll:
 * RotateWXYZ(angle, DirectionOfProjection)): looking down −z with +y up, Roll(90) makes +x up.
 */
export function roll(camera: Camera, degrees: number): Camera {
  const axis = scale(viewPlaneNormal(camera), -1);
  return { ...camera, viewUp: rotateVector(camera.viewUp, axis, degrees) };
}

/** Makes the view up perpendicular to the view direction (vtkCamera::OrthogonalizeViewUp). */
export function orthogonalizeViewUp(camera: Camera): Camera {
  const z = viewPlaneNormal(camera);
  const x = normalize(cross(camera.viewUp, z));
  return { ...camera, viewUp: cross(z, x) };
}

/** Moves the camera towards the focal point, dividing the distance by `factor` (vtkCamera::Dolly). */
export function dolly(camera: Camera, factor: number): Camera {
  if (!(factor > 0) || !Number.isFinite(factor)) return camera;
  const offset = subtract(camera.position, camera.focalPoint);
  return { ...camera, position: add(camera.focalPoint, scale(offset, 1 / factor)) };
}

/** Narrows the view angle (or the parallel scale) by `factor` (vtkCamera::Zoom). */
export function zoom(camera: Camera, factor: number): Camera {
  if (!(factor > 0) || !Number.isFinite(factor)) return camera;
  return camera.parallelProjection
    ? { ...camera, parallelScale: camera.parallelScale / factor }
    : { ...camera, viewAngle: camera.viewAngle / factor };
}

/**
 * vtkInteractorStyleTrackballCamera::Rotate for a drag of (dx, dy) pixels in a viewport of
 * `width` × `height`: azimuth and elevation of 20° per viewport size times MotionFactor 10,
 * then an orthogonalised view up. y grows upwards, as in VTK's display coordinates.
 */
export function trackballRotate(
  camera: Camera,
  dx: number,
  dy: number,
  width: number,
  height: number,
): Camera {
  const motionFactor = 10;
  const turned = elevation(
    azimuth(camera, dx * (-20 / width) * motionFactor),
    dy * (-20 / height) * motionFactor,
  );
  return orthogonalizeViewUp(turned);
}

/** Checks a client-sent vector (three finite numbers). */
export function isVector3(value: unknown): value is Vector3 {
  return (
    Array.isArray(value) &&
    value.length === 3 &&
    value.every((v) => typeof v === 'number' && Number.isFinite(v))
  );
}
