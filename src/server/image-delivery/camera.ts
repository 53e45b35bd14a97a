/**
 * The view camera with VTK's semantics (position, focal point, view up, view angle) and the
 * manipulations remote mouse events map to: rotate (trackball azimuth/elevation), pan, dolly,
 * plus ResetCamera to bounds. Plain data so it serializes into state and RPC replies; the vector
 * algebra and ResetCamera are the engine's (render/camera).
 */
import {
  add,
  cross,
  defaultCamera as defaultEngineCamera,
  length as norm,
  normalize,
  resetCamera as resetEngineCamera,
  rotateVector,
  scale,
  subtract,
} from '../../engine/render/camera/camera.js';

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
  const { clippingRange: _, ...camera } = defaultEngineCamera();
  return camera;
}

/**
 * vtkRenderer::ResetCamera (the engine's): keeps the view direction and up, centres on the
 * bounds and backs off so the bounding sphere fits the view angle. The clipping range is the
 * renderer's business, recomputed per frame, so it is not part of the session's camera.
 */
export function resetCamera(camera: CameraState, bounds: readonly number[]): CameraState {
  const { clippingRange: _, ...reset } = resetEngineCamera(
    { ...camera, clippingRange: [0.01, 1000] },
    bounds,
  );
  return reset;
}

/** Rotates `v` about the unit `axis` by `angle` radians. */
function rotate(v: Vector3, axis: Vector3, angle: number): Vector3 {
  return rotateVector(v, axis, (angle * 180) / Math.PI);
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
