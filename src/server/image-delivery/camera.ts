/**
 * The session's view camera: vtkCamera's fields without the clipping range (the renderer derives
 * it per frame), as plain data so it serializes into state and RPC replies. ResetCamera and the
 * vector algebra are the engine's (render/camera); mouse drags go through the engine's
 * trackball interaction (render/camera/interaction.ts).
 */
import {
  add,
  defaultCamera as defaultEngineCamera,
  resetCamera as resetEngineCamera,
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
