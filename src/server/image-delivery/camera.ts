/**
 * The view camera with VTK's semantics (position, focal point, view up, view angle) and the
 * manipulations remote mouse events map to: rotate (trackball azimuth/elevation), pan, dolly,
 * plus ResetCamera to bounds. Plain data so it serializes into state and RPC replies.
 */

export type Vector3 = [number, number, number];

export interface CameraState {
  position: Vector3;
  focalPoint: Vector3;
  viewUp: Vector3;
  /** Vertical field of view in degrees (VTK default 30). */
  viewAngle: number;
  parallelProjection: boolean;
  parallelScale: number;
}

export function defaultCamera(): CameraState {
  return {
    position: [0, 0, 1],
    focalPoint: [0, 0, 0],
    viewUp: [0, 1, 0],
    viewAngle: 30,
    parallelProjection: false,
    parallelScale: 1,
  };
}

const subtract = (a: Vector3, b: Vector3): Vector3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const add = (a: Vector3, b: Vector3): Vector3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
const scale = (a: Vector3, s: number): Vector3 => [a[0] * s, a[1] * s, a[2] * s];
const dot = (a: Vector3, b: Vector3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vector3, b: Vector3): Vector3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
const norm = (a: Vector3): number => Math.hypot(a[0], a[1], a[2]);
const normalize = (a: Vector3): Vector3 => {
  const n = norm(a);
  return n > 0 ? scale(a, 1 / n) : [0, 0, 0];
};

/** Rotates `v` about the unit `axis` by `angle` radians (Rodrigues). */
function rotate(v: Vector3, axis: Vector3, angle: number): Vector3 {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return add(add(scale(v, c), scale(cross(axis, v), s)), scale(axis, dot(axis, v) * (1 - c)));
}

/**
 * vtkRenderer::ResetCamera: keeps the view direction and up, centres on the bounds and backs
 * off so the bounding sphere fits the view angle.
 */
export function resetCamera(camera: CameraState, bounds: readonly number[]): CameraState {
  const valid = bounds.length === 6 && bounds[0] <= bounds[1] && bounds.every(Number.isFinite);
  const b = valid ? bounds : [-1, 1, -1, 1, -1, 1];
  const center: Vector3 = [(b[0] + b[1]) / 2, (b[2] + b[3]) / 2, (b[4] + b[5]) / 2];
  let radius = Math.hypot(b[1] - b[0], b[3] - b[2], b[5] - b[4]) / 2;
  if (radius === 0) radius = 0.5;
  const direction = normalize(subtract(camera.position, camera.focalPoint));
  const distance = radius / Math.sin((camera.viewAngle * Math.PI) / 360);
  const toward = norm(direction) > 0 ? direction : ([0, 0, 1] as Vector3);
  return {
    ...camera,
    focalPoint: center,
    position: add(center, scale(toward, distance)),
    parallelScale: radius,
  };
}

/** Trackball rotation: `dx`, `dy` in normalized view units (a full view width turns 180°). */
export function rotateCamera(camera: CameraState, dx: number, dy: number): CameraState {
  const offset = subtract(camera.position, camera.focalPoint);
  const up = normalize(camera.viewUp);
  // Azimuth about the view up, then elevation about the right vector, as vtkInteractorStyleTrackballCamera.
  let rotated = rotate(offset, up, -dx * Math.PI);
  const right = normalize(cross(up, normalize(rotated)));
  rotated = rotate(rotated, right, dy * Math.PI);
  const newUp = normalize(cross(normalize(rotated), right));
  return { ...camera, position: add(camera.focalPoint, rotated), viewUp: newUp };
}

/** Moves position and focal point together, in view-plane units of the normalized view. */
export function panCamera(camera: CameraState, dx: number, dy: number, aspect: number): CameraState {
  const offset = subtract(camera.position, camera.focalPoint);
  const distance = norm(offset);
  const height = camera.parallelProjection
    ? 2 * camera.parallelScale
    : 2 * distance * Math.tan((camera.viewAngle * Math.PI) / 360);
  const up = normalize(camera.viewUp);
  const right = normalize(cross(normalize(scale(offset, -1)), up));
  const shift = add(scale(right, -dx * height * aspect), scale(up, -dy * height));
  return { ...camera, position: add(camera.position, shift), focalPoint: add(camera.focalPoint, shift) };
}

/** Moves toward the focal point by `factor` (> 1 closer), as vtkCamera::Dolly. */
export function dollyCamera(camera: CameraState, factor: number): CameraState {
  if (!(factor > 0) || !Number.isFinite(factor)) return camera;
  if (camera.parallelProjection) return { ...camera, parallelScale: camera.parallelScale / factor };
  const offset = subtract(camera.position, camera.focalPoint);
  return { ...camera, position: add(camera.focalPoint, scale(offset, 1 / factor)) };
}

/** Checks a client-sent vector (three finite numbers). */
export function isVector3(value: unknown): value is Vector3 {
  return (
    Array.isArray(value) &&
    value.length === 3 &&
    value.every((v) => typeof v === 'number' && Number.isFinite(v))
  );
}
