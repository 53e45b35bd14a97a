/**
 * Lights for the rasterizer, packed as [dx, dy, dz, r, g, b] per light: a unit direction in view
 * space (towards the light; +z points at the camera) and the light's colour times its intensity.
 *
 * `lightKit()` is ParaView's default lighting (vtkLightKit with its defaults: key 0.75 at
 * elevation 50°, azimuth 10°, warmth 0.6; fill key/3 at −75°, −10°, warmth 0.4; head key/3,
 * warmth 0.5; two back lights key/3.5 at 0°, ±110°, warmth 0.5; all camera lights). The
 * colours are VTK's warmth table at those warmths. `headlight()` is VTK's default single light.
 */

export type PackedLights = Float64Array;

function direction(elevationDegrees: number, azimuthDegrees: number): [number, number, number] {
  const e = (elevationDegrees * Math.PI) / 180;
  const a = (azimuthDegrees * Math.PI) / 180;
  return [Math.cos(e) * Math.sin(a), Math.sin(e), Math.cos(e) * Math.cos(a)];
}

const WARMTH_0_4: [number, number, number] = [0.9082, 0.9331, 1];
const WARMTH_0_5: [number, number, number] = [0.9998, 0.9998, 0.9998];
const WARMTH_0_6: [number, number, number] = [1, 0.9723, 0.9022];

function pack(
  lights: { direction: [number, number, number]; color: [number, number, number]; intensity: number }[],
) {
  const out = new Float64Array(lights.length * 6);
  lights.forEach((light, i) => {
    out.set(light.direction, 6 * i);
    out.set(
      light.color.map((c) => c * light.intensity),
      6 * i + 3,
    );
  });
  return out;
}

export function lightKit(keyIntensity = 0.75): PackedLights {
  return pack([
    { direction: direction(50, 10), color: WARMTH_0_6, intensity: keyIntensity },
    { direction: direction(-75, -10), color: WARMTH_0_4, intensity: keyIntensity / 3 },
    { direction: [0, 0, 1], color: WARMTH_0_5, intensity: keyIntensity / 3 },
    { direction: direction(0, 110), color: WARMTH_0_5, intensity: keyIntensity / 3.5 },
    { direction: direction(0, -110), color: WARMTH_0_5, intensity: keyIntensity / 3.5 },
  ]);
}

export function headlight(): PackedLights {
  return Float64Array.of(0, 0, 1, 1, 1, 1);
}

/** The unit normal turned towards the viewer, written by `towardViewer`. */
const unit = new Float64Array(3);

/**
 * Normalises (nx, ny, nz) into `unit`, flipped to face the viewer (+z) as VTK's two-sided lighting
 * does; false for a zero normal.
 */
function towardViewer(nx: number, ny: number, nz: number): boolean {
  const squared = nx * nx + ny * ny + nz * nz;
  if (!(squared > 0)) return false;
  const inverse = (nz < 0 ? -1 : 1) / Math.sqrt(squared);
  unit[0] = nx * inverse;
  unit[1] = ny * inverse;
  unit[2] = nz * inverse;
  return true;
}

/**
 * Diffuse light reaching a surface of normal (nx, ny, nz) (any length), lit from both sides as
 * VTK's two-sided lighting does: the normal is turned towards the viewer first. Writes RGB.
 */
export function diffuseLight(
  lights: PackedLights,
  nx: number,
  ny: number,
  nz: number,
  out: Float64Array,
): void {
  out[0] = 0;
  out[1] = 0;
  out[2] = 0;
  if (!towardViewer(nx, ny, nz)) return;
  const x = unit[0];
  const y = unit[1];
  const z = unit[2];
  for (let i = 0; i < lights.length; i += 6) {
    const d = x * lights[i] + y * lights[i + 1] + z * lights[i + 2];
    if (d <= 0) continue;
    out[0] += d * lights[i + 3];
    out[1] += d * lights[i + 4];
    out[2] += d * lights[i + 5];
  }
}

/**
 * Phong specular light (VTK's shader: for each light the normal faces, pow(max(0, R·V), power)
 * times the light colour, R the light direction reflected about the normal) reaching the viewer
 * along the unit view direction (vx, vy, vz) from a surface of normal (nx, ny, nz) (any length,
 * turned towards the viewer as for diffuse light). Writes RGB.
 */
export function specularLight(
  lights: PackedLights,
  nx: number,
  ny: number,
  nz: number,
  vx: number,
  vy: number,
  vz: number,
  power: number,
  out: Float64Array,
): void {
  out[0] = 0;
  out[1] = 0;
  out[2] = 0;
  if (!towardViewer(nx, ny, nz)) return;
  const x = unit[0];
  const y = unit[1];
  const z = unit[2];
  for (let i = 0; i < lights.length; i += 6) {
    const d = x * lights[i] + y * lights[i + 1] + z * lights[i + 2];
    if (d <= 0) continue;
    const rv =
      (2 * d * x - lights[i]) * vx + (2 * d * y - lights[i + 1]) * vy + (2 * d * z - lights[i + 2]) * vz;
    if (rv <= 0) continue;
    const s = rv ** power;
    out[0] += s * lights[i + 3];
    out[1] += s * lights[i + 4];
    out[2] += s * lights[i + 5];
  }
}
