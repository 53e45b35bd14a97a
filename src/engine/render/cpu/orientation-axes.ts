/**
 * ParaView's orientation axes (OrientationAxesVisibility): the world x, y and z axes turned with
 * the camera, drawn in a square in the bottom-left corner over the finished frame — x red,
 * y yellow, z green with their letters, as vtkPVAxesActor colours them. Axes pointing away from
 * the viewer are drawn first so nearer ones cover them. A 2D overlay: it neither reads nor writes
 * depth or pick ids.
 */
import { type Camera, viewMatrix } from '../camera/camera.js';
import { drawText, type RgbaImage } from '../text/draw-text.js';

const AXES = [
  { label: 'X', direction: [1, 0, 0], color: [1, 0, 0] },
  { label: 'Y', direction: [0, 1, 0], color: [1, 1, 0] },
  { label: 'Z', direction: [0, 0, 1], color: [0, 1, 0] },
] as const;

/** Side of the axes' square: a fifth of the smaller frame side (ParaView's widget viewport). */
export function orientationAxesSize(width: number, height: number): number {
  return Math.max(24, Math.round(0.2 * Math.min(width, height)));
}

function stamp(image: RgbaImage, x: number, y: number, radius: number, color: readonly number[]) {
  const { rgba, width, height } = image;
  for (let dy = -radius; dy <= radius; dy++)
    for (let dx = -radius; dx <= radius; dx++) {
      if (dx * dx + dy * dy > radius * radius + radius) continue;
      const px = Math.round(x) + dx;
      const py = Math.round(y) + dy;
      if (px < 0 || py < 0 || px >= width || py >= height) continue;
      const o = 4 * (py * width + px);
      rgba[o] = color[0] * 255;
      rgba[o + 1] = color[1] * 255;
      rgba[o + 2] = color[2] * 255;
      rgba[o + 3] = 255;
    }
}

/** Draws the axes for `camera` onto `image` (rows top to bottom). */
export function drawOrientationAxes(image: RgbaImage, camera: Camera): void {
  const size = orientationAxesSize(image.width, image.height);
  const cx = size / 2;
  const cy = image.height - size / 2;
  const length = size * 0.36;
  const thickness = Math.max(1, Math.round(size / 60));
  const view = viewMatrix(camera);
  // Only the view rotation matters: where each world axis points on screen, and how far towards
  // the viewer (view z) it leans.
  const projected = AXES.map((axis) => {
    const [x, y, z] = axis.direction;
    return {
      ...axis,
      sx: view[0] * x + view[4] * y + view[8] * z,
      sy: view[1] * x + view[5] * y + view[9] * z,
      sz: view[2] * x + view[6] * y + view[10] * z,
    };
  });
  projected.sort((a, b) => a.sz - b.sz);
  for (const axis of projected) {
    const ex = cx + axis.sx * length;
    const ey = cy - axis.sy * length;
    const steps = Math.max(1, Math.ceil(Math.hypot(ex - cx, ey - cy)));
    for (let i = 0; i <= steps; i++) {
      stamp(image, cx + ((ex - cx) * i) / steps, cy + ((ey - cy) * i) / steps, thickness, axis.color);
    }
    drawText(image, axis.label, cx + axis.sx * length * 1.25, cy - axis.sy * length * 1.25, {
      size: Math.max(10, Math.round(size / 8)),
      color: [1, 1, 1],
      align: 'center',
      verticalAlign: 'middle',
    });
  }
}
