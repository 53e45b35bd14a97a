/**
 * Mouse interaction with vtkInteractorStyleTrackballCamera's arithmetic, as pure functions
 * (camera, event) → camera, for the session server's `viewport.mouse.interaction`:
 *
 * - left drag rotates: Azimuth(−20/width · dx · MotionFactor), Elevation(−20/height · dy ·
 *   MotionFactor), OrthogonalizeViewUp — MotionFactor 10, so a drag across the whole view turns
 *   200°;
 * - shift + left or middle drag pans: the focal point and position move together so the world
 *   point under the pointer at the focal depth follows the pointer;
 * - ctrl + left drag spins (Roll by the change of the pointer's angle around the view centre);
 * - shift + ctrl + left or right drag dollies by 1.1^(MotionFactor · dy / (height / 2));
 * - the wheel dollies by 1.1^(±MotionFactor · 0.2 · MouseWheelMotionFactor).
 *
 * Positions are VTK display coordinates: pixels, origin at the bottom-left. Dolly in parallel
 * projection scales ParallelScale instead, as VTK does. When `bounds` are given the clipping
 * range is reset afterwards (AutoAdjustCameraClippingRange).
 */
import {
  add,
  azimuth,
  type Camera,
  cross,
  distance,
  dolly,
  elevation,
  normalize,
  orthogonalizeViewUp,
  resetClippingRange,
  roll,
  scale,
  subtract,
  type Vector3,
  viewPlaneNormal,
} from './camera.js';

/** vtkInteractorStyle's MotionFactor default. */
export const MOTION_FACTOR = 10;

export type InteractionMode = 'rotate' | 'pan' | 'spin' | 'dolly';

export interface PointerButtons {
  buttonLeft?: boolean;
  buttonMiddle?: boolean;
  buttonRight?: boolean;
  shiftKey?: boolean;
  ctrlKey?: boolean;
}

/** vtkInteractorStyleTrackballCamera's button map; undefined when no button is down. */
export function interactionMode(buttons: PointerButtons): InteractionMode | undefined {
  if (buttons.buttonLeft) {
    if (buttons.shiftKey) return buttons.ctrlKey ? 'dolly' : 'pan';
    return buttons.ctrlKey ? 'spin' : 'rotate';
  }
  if (buttons.buttonMiddle) return 'pan';
  if (buttons.buttonRight) return 'dolly';
  return undefined;
}

export interface DragProps {
  /** Pointer now, display pixels (origin bottom-left). */
  x: number;
  y: number;
  /** Pointer at the previous event. */
  lastX: number;
  lastY: number;
  /** Viewport size in pixels. */
  width: number;
  height: number;
  /** Scene bounds; when set, the clipping range is reset as VTK's AutoAdjustCameraClippingRange does. */
  bounds?: readonly number[];
  /** Defaults to MOTION_FACTOR. */
  motionFactor?: number;
}

function finish(camera: Camera, bounds: readonly number[] | undefined): Camera {
  return bounds ? resetClippingRange(camera, bounds) : camera;
}

/** vtkInteractorStyleTrackballCamera::Rotate. */
export function rotateDrag(camera: Camera, drag: DragProps): Camera {
  const motionFactor = drag.motionFactor ?? MOTION_FACTOR;
  const dx = drag.x - drag.lastX;
  const dy = drag.y - drag.lastY;
  const turned = elevation(
    azimuth(camera, dx * (-20 / drag.width) * motionFactor),
    dy * (-20 / drag.height) * motionFactor,
  );
  return finish(orthogonalizeViewUp(turned), drag.bounds);
}

/** vtkInteractorStyleTrackballCamera::Spin: roll by the pointer's turn around the view centre. */
export function spinDrag(camera: Camera, drag: DragProps): Camera {
  const cx = drag.width / 2;
  const cy = drag.height / 2;
  const degrees = (radians: number) => (radians * 180) / Math.PI;
  const newAngle = degrees(Math.atan2(drag.y - cy, drag.x - cx));
  const oldAngle = degrees(Math.atan2(drag.lastY - cy, drag.lastX - cx));
  return orthogonalizeViewUp(roll(camera, newAngle - oldAngle));
}

/**
 * World units per pixel in the plane through the focal point parallel to the view plane: what
 * VTK's DisplayToWorld at the focal point's depth amounts to for a pan.
 */
export function focalPlanePixelSize(camera: Camera, height: number): number {
  const viewHeight = camera.parallelProjection
    ? 2 * camera.parallelScale
    : 2 * distance(camera) * Math.tan((camera.viewAngle * Math.PI) / 360);
  return viewHeight / height;
}

/** vtkInteractorStyleTrackballCamera::Pan: the scene follows the pointer at the focal depth. */
export function panDrag(camera: Camera, drag: DragProps): Camera {
  const normal = viewPlaneNormal(camera);
  const right = normalize(cross(camera.viewUp, normal));
  const up = cross(normal, right);
  const pixel = focalPlanePixelSize(camera, drag.height);
  // The camera moves against the pointer: old pick point − new pick point.
  const motion: Vector3 = add(
    scale(right, -(drag.x - drag.lastX) * pixel),
    scale(up, -(drag.y - drag.lastY) * pixel),
  );
  return finish(
    { ...camera, position: add(camera.position, motion), focalPoint: add(camera.focalPoint, motion) },
    drag.bounds,
  );
}

/** vtkInteractorStyleTrackballCamera::Dolly(factor): closer by `factor` (> 1), or a smaller parallel scale. */
export function dollyBy(camera: Camera, factor: number, bounds?: readonly number[]): Camera {
  if (!(factor > 0) || !Number.isFinite(factor)) return camera;
  if (camera.parallelProjection) return { ...camera, parallelScale: camera.parallelScale / factor };
  return finish(dolly(camera, factor), bounds);
}

/** vtkInteractorStyleTrackballCamera::Dolly for a vertical drag (up moves closer). */
export function dollyDrag(camera: Camera, drag: DragProps): Camera {
  const motionFactor = drag.motionFactor ?? MOTION_FACTOR;
  const dy = drag.y - drag.lastY;
  return dollyBy(camera, 1.1 ** ((motionFactor * dy) / (drag.height / 2)), drag.bounds);
}

export interface WheelProps {
  /** True for OnMouseWheelForward (towards the data). */
  forward: boolean;
  /** vtkInteractorStyle's MouseWheelMotionFactor (default 1); fractional wheel steps scale it. */
  mouseWheelMotionFactor?: number;
  motionFactor?: number;
  bounds?: readonly number[];
}

/** OnMouseWheelForward / OnMouseWheelBackward. */
export function wheel(camera: Camera, props: WheelProps): Camera {
  const factor = (props.motionFactor ?? MOTION_FACTOR) * 0.2 * (props.mouseWheelMotionFactor ?? 1);
  return dollyBy(camera, 1.1 ** (props.forward ? factor : -factor), props.bounds);
}

/** One drag step in the given mode. */
export function drag(camera: Camera, mode: InteractionMode, props: DragProps): Camera {
  switch (mode) {
    case 'rotate':
      return rotateDrag(camera, props);
    case 'pan':
      return panDrag(camera, props);
    case 'spin':
      return spinDrag(camera, props);
    case 'dolly':
      return dollyDrag(camera, props);
  }
}

/** The world point under display pixel (x, y) in the focal plane (for tests and picking hints). */
export function focalPlanePoint(
  camera: Camera,
  x: number,
  y: number,
  width: number,
  height: number,
): Vector3 {
  const normal = viewPlaneNormal(camera);
  const right = normalize(cross(camera.viewUp, normal));
  const up = cross(normal, right);
  const pixel = focalPlanePixelSize(camera, height);
  return add(
    camera.focalPoint,
    add(scale(right, (x - width / 2) * pixel), scale(up, (y - height / 2) * pixel)),
  );
}

/** Direction from the camera to the focal point (unit). */
export function directionOfProjection(camera: Camera): Vector3 {
  return normalize(subtract(camera.focalPoint, camera.position));
}
