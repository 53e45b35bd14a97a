/**
 * Colour-space conversions and the per-segment interpolation rules of VTK's
 * vtkColorTransferFunction (RGB, HSV, CIE L*a*b* and Moreland's "Diverging" Msh space).
 *
 * The constants are VTK's (vtkMath::RGBToXYZ/XYZToLab, D65 white, sRGB gamma), not the
 * textbook's most precise ones, because the goal is to reproduce ParaView's colours.
 */

export type Rgb = [red: number, green: number, blue: number];

/** How colours between two control points are blended (ParaView's `ColorSpace`). */
export type ColorSpace = 'RGB' | 'HSV' | 'Lab' | 'Diverging';

const WHITE_X = 0.9505;
const WHITE_Y = 1.0;
const WHITE_Z = 1.089;

function srgbToLinear(c: number): number {
  return c > 0.04045 ? ((c + 0.055) / 1.055) ** 2.4 : c / 12.92;
}

function linearToSrgb(c: number): number {
  return c > 0.0031308 ? 1.055 * c ** (1 / 2.4) - 0.055 : 12.92 * c;
}

function labF(t: number): number {
  return t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116;
}

function labFInverse(v: number): number {
  const cube = v * v * v;
  return cube > 0.008856 ? cube : (v - 16 / 116) / 7.787;
}

export function rgbToLab(rgb: readonly number[], out: number[] = [0, 0, 0]): number[] {
  const r = srgbToLinear(rgb[0]);
  const g = srgbToLinear(rgb[1]);
  const b = srgbToLinear(rgb[2]);
  const x = r * 0.4124 + g * 0.3576 + b * 0.1805;
  const y = r * 0.2126 + g * 0.7152 + b * 0.0722;
  const z = r * 0.0193 + g * 0.1192 + b * 0.9505;
  const fx = labF(x / WHITE_X);
  const fy = labF(y / WHITE_Y);
  const fz = labF(z / WHITE_Z);
  out[0] = 116 * fy - 16;
  out[1] = 500 * (fx - fy);
  out[2] = 200 * (fy - fz);
  return out;
}

export function labToRgb(lab: readonly number[], out: number[] = [0, 0, 0]): number[] {
  const fy = (lab[0] + 16) / 116;
  const fx = lab[1] / 500 + fy;
  const fz = fy - lab[2] / 200;
  const x = WHITE_X * labFInverse(fx);
  const y = WHITE_Y * labFInverse(fy);
  const z = WHITE_Z * labFInverse(fz);
  let r = linearToSrgb(x * 3.2406 + y * -1.5372 + z * -0.4986);
  let g = linearToSrgb(x * -0.9689 + y * 1.8758 + z * 0.0415);
  let b = linearToSrgb(x * 0.0557 + y * -0.204 + z * 1.057);
  // VTK brings out-of-gamut colours back by scaling down, then clipping negatives.
  const max = Math.max(r, g, b);
  if (max > 1) {
    r /= max;
    g /= max;
    b /= max;
  }
  out[0] = Math.max(0, r);
  out[1] = Math.max(0, g);
  out[2] = Math.max(0, b);
  return out;
}

export function rgbToHsv(rgb: readonly number[], out: number[] = [0, 0, 0]): number[] {
  const [r, g, b] = rgb;
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const delta = max - min;
  let hue = 0;
  if (delta > 0) {
    if (max === r) hue = (g - b) / delta / 6;
    else if (max === g) hue = (2 + (b - r) / delta) / 6;
    else hue = (4 + (r - g) / delta) / 6;
    if (hue < 0) hue += 1;
  }
  out[0] = hue;
  out[1] = max > 0 ? delta / max : 0;
  out[2] = max;
  return out;
}

export function hsvToRgb(hsv: readonly number[], out: number[] = [0, 0, 0]): number[] {
  const hue = (((hsv[0] % 1) + 1) % 1) * 6;
  const s = hsv[1];
  const v = hsv[2];
  const sector = Math.floor(hue);
  const f = hue - sector;
  const p = v * (1 - s);
  const q = v * (1 - s * f);
  const t = v * (1 - s * (1 - f));
  const table: Rgb[] = [
    [v, t, p],
    [q, v, p],
    [p, v, t],
    [p, q, v],
    [t, p, v],
    [v, p, q],
  ];
  const rgb = table[sector % 6];
  out[0] = rgb[0];
  out[1] = rgb[1];
  out[2] = rgb[2];
  return out;
}

/** Moreland's Msh: magnitude, saturation (angle from the L axis), hue (angle in the a-b plane). */
function labToMsh(lab: readonly number[], out: number[]): number[] {
  const m = Math.hypot(lab[0], lab[1], lab[2]);
  const s = m > 0.001 ? Math.acos(lab[0] / m) : 0;
  out[0] = m;
  out[1] = s;
  out[2] = s > 0.001 ? Math.atan2(lab[2], lab[1]) : 0;
  return out;
}

function mshToLab(msh: readonly number[], out: number[]): number[] {
  out[0] = msh[0] * Math.cos(msh[1]);
  out[1] = msh[0] * Math.sin(msh[1]) * Math.cos(msh[2]);
  out[2] = msh[0] * Math.sin(msh[1]) * Math.sin(msh[2]);
  return out;
}

function angleDifference(a: number, b: number): number {
  let difference = Math.abs(a - b);
  while (difference >= 2 * Math.PI) difference -= 2 * Math.PI;
  return difference > Math.PI ? 2 * Math.PI - difference : difference;
}

/** Hue for an unsaturated end so the blend towards it looks perceptually even (Moreland 2009). */
function adjustHue(msh: readonly number[], unsaturatedMagnitude: number): number {
  if (msh[0] >= unsaturatedMagnitude - 0.1) return msh[2];
  const spin =
    (msh[1] * Math.sqrt(unsaturatedMagnitude * unsaturatedMagnitude - msh[0] * msh[0])) /
    (msh[0] * Math.sin(msh[1]));
  // Spin away from 0 except in purple hues, as VTK does.
  return msh[2] > -0.3 * Math.PI ? msh[2] + spin : msh[2] - spin;
}

const scratchA = [0, 0, 0];
const scratchB = [0, 0, 0];
const scratchC = [0, 0, 0];

function interpolateDiverging(s: number, from: readonly number[], to: readonly number[], out: number[]) {
  const msh1 = labToMsh(rgbToLab(from, scratchA), [0, 0, 0]);
  const msh2 = labToMsh(rgbToLab(to, scratchB), [0, 0, 0]);
  let local = s;
  // Two distinct saturated ends get white inserted between them.
  if (msh1[1] > 0.05 && msh2[1] > 0.05 && angleDifference(msh1[2], msh2[2]) > 0.33 * Math.PI) {
    const middle = Math.max(88, msh1[0], msh2[0]);
    if (local < 0.5) {
      msh2[0] = middle;
      msh2[1] = 0;
      msh2[2] = 0;
      local *= 2;
    } else {
      msh1[0] = middle;
      msh1[1] = 0;
      msh1[2] = 0;
      local = 2 * local - 1;
    }
  }
  if (msh1[1] < 0.05 && msh2[1] > 0.05) msh1[2] = adjustHue(msh2, msh1[0]);
  else if (msh2[1] < 0.05 && msh1[1] > 0.05) msh2[2] = adjustHue(msh1, msh2[0]);
  scratchC[0] = (1 - local) * msh1[0] + local * msh2[0];
  scratchC[1] = (1 - local) * msh1[1] + local * msh2[1];
  scratchC[2] = (1 - local) * msh1[2] + local * msh2[2];
  return labToRgb(mshToLab(scratchC, scratchA), out);
}

function interpolateLab(s: number, from: readonly number[], to: readonly number[], out: number[]) {
  const lab1 = rgbToLab(from, scratchA);
  const lab2 = rgbToLab(to, scratchB);
  for (let c = 0; c < 3; c++) scratchC[c] = (1 - s) * lab1[c] + s * lab2[c];
  return labToRgb(scratchC, out);
}

function interpolateHsv(s: number, from: readonly number[], to: readonly number[], out: number[]) {
  const hsv1 = rgbToHsv(from, scratchA);
  const hsv2 = rgbToHsv(to, scratchB);
  // VTK's HSVWrap (on by default): go round the hue circle the short way.
  if (hsv2[0] - hsv1[0] > 0.5) hsv1[0] += 1;
  else if (hsv1[0] - hsv2[0] > 0.5) hsv2[0] += 1;
  for (let c = 0; c < 3; c++) scratchC[c] = (1 - s) * hsv1[c] + s * hsv2[c];
  return hsvToRgb(scratchC, out);
}

/** The colour a fraction `s` ∈ [0, 1] of the way from `from` to `to`, blended in `space`. */
export function interpolateColor(
  space: ColorSpace,
  s: number,
  from: readonly number[],
  to: readonly number[],
  out: number[] = [0, 0, 0],
): number[] {
  switch (space) {
    case 'RGB':
      for (let c = 0; c < 3; c++) out[c] = (1 - s) * from[c] + s * to[c];
      return out;
    case 'Lab':
      return interpolateLab(s, from, to, out);
    case 'Diverging':
      return interpolateDiverging(s, from, to, out);
    case 'HSV':
      return interpolateHsv(s, from, to, out);
  }
}
