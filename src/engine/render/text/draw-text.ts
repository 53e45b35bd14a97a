/**
 * Draws text from the bundled stroke font into an RGBA image, anti-aliased: each pixel's
 * coverage comes from its distance to the nearest stroke (a round-capped line of the stroke
 * width), so overlapping strokes never double-blend.
 *
 * Images are row-major RGBA bytes with row 0 at the top, as sharp and the encoders expect.
 */
import {
  FONT_BASELINE,
  FONT_BOTTOM,
  FONT_CAP_HEIGHT,
  FONT_LETTER_SPACING,
  FONT_TOP,
  FONT_X_HEIGHT,
  glyphFor,
} from './stroke-font.js';

/** An RGBA8 image, row 0 at the top. */
export interface RgbaImage {
  rgba: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
}

/** Colour with components in [0, 1]; alpha defaults to 1. */
export type TextColor =
  | readonly [red: number, green: number, blue: number]
  | readonly [number, number, number, number];

export type HorizontalAlign = 'left' | 'center' | 'right';
/** What `y` refers to: the baseline, the top of capitals, their middle, or the descender bottom. */
export type VerticalAlign = 'baseline' | 'top' | 'middle' | 'bottom';

export interface TextStyle {
  /** Font size in pixels: capitals are 2/3 of it tall (default 16, ParaView's default font size). */
  size?: number;
  /** Default white. */
  color?: TextColor;
  /** Where `x` sits on the text: its left edge, centre or right edge (default left). */
  align?: HorizontalAlign;
  /** Default baseline. */
  verticalAlign?: VerticalAlign;
  /** Stroke width in pixels (default size/11, at least 1). */
  strokeWidth?: number;
}

/** A pixel rectangle: columns [x, x+width), rows [y, y+height). */
export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface TextMetrics {
  /** Advance width in pixels (from the first glyph's left edge to after the last). */
  width: number;
  /** Pixels from the baseline up to the cap height. */
  capHeight: number;
  /** Pixels from the baseline up to the x-height. */
  xHeight: number;
  /** Pixels from the baseline up to the highest reach of any glyph. */
  ascent: number;
  /** Pixels from the baseline down to the lowest reach of any glyph. */
  descent: number;
}

/** Grid units per pixel of font size: capitals (12 units) are 2/3 of the size. */
const UNITS_PER_SIZE = 18;
const DEFAULT_SIZE = 16;

function unitOf(size: number): number {
  return size / UNITS_PER_SIZE;
}

function strokeWidthOf(style: TextStyle, size: number): number {
  return style.strokeWidth ?? Math.max(1, size / 11);
}

function advanceUnits(text: string): number {
  let units = 0;
  for (const character of text) units += glyphFor(character).advance;
  // The last glyph's trailing letter spacing is not part of the text's width.
  return text.length > 0 && text.at(-1) !== ' ' ? units - FONT_LETTER_SPACING : units;
}

export function measureText(text: string, size: number = DEFAULT_SIZE): TextMetrics {
  const unit = unitOf(size);
  return {
    width: advanceUnits(text) * unit,
    capHeight: (FONT_CAP_HEIGHT - FONT_BASELINE) * unit,
    xHeight: (FONT_X_HEIGHT - FONT_BASELINE) * unit,
    ascent: (FONT_TOP - FONT_BASELINE) * unit,
    descent: (FONT_BASELINE - FONT_BOTTOM) * unit,
  };
}

/** Segments of `text` in pixel space: flat [x0, y0, x1, y1, …]. */
function layoutSegments(text: string, left: number, baseline: number, unit: number): number[] {
  const segments: number[] = [];
  let pen = 0;
  for (const character of text) {
    const glyph = glyphFor(character);
    for (const line of glyph.polylines) {
      const toX = (gx: number) => left + (pen + gx) * unit;
      const toY = (gy: number) => baseline - (gy - FONT_BASELINE) * unit;
      if (line.length === 2) {
        segments.push(toX(line[0]), toY(line[1]), toX(line[0]), toY(line[1]));
        continue;
      }
      for (let i = 0; i + 3 < line.length; i += 2) {
        segments.push(toX(line[i]), toY(line[i + 1]), toX(line[i + 2]), toY(line[i + 3]));
      }
    }
    pen += glyph.advance;
  }
  return segments;
}

function distanceToSegment(px: number, py: number, segments: number[], index: number): number {
  const ax = segments[index];
  const ay = segments[index + 1];
  const dx = segments[index + 2] - ax;
  const dy = segments[index + 3] - ay;
  const lengthSquared = dx * dx + dy * dy;
  let t = lengthSquared > 0 ? ((px - ax) * dx + (py - ay) * dy) / lengthSquared : 0;
  t = Math.min(1, Math.max(0, t));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

/** Blends `color` at `coverage` (0–1) over the pixel at byte `offset` (source-over). */
export function blendPixel(image: RgbaImage, offset: number, color: TextColor, coverage: number): void {
  const alpha = coverage * (color[3] ?? 1);
  if (alpha <= 0) return;
  const rgba = image.rgba;
  const destinationAlpha = rgba[offset + 3] / 255;
  const outAlpha = alpha + destinationAlpha * (1 - alpha);
  for (let c = 0; c < 3; c++) {
    const source = color[c] * 255;
    const destination = rgba[offset + c];
    rgba[offset + c] = Math.round(
      outAlpha > 0 ? (source * alpha + destination * destinationAlpha * (1 - alpha)) / outAlpha : 0,
    );
  }
  rgba[offset + 3] = Math.round(outAlpha * 255);
}

/**
 * Draws `text` with its anchor at pixel (x, y) (see TextStyle.align / verticalAlign).
 * Returns the box of pixels that may have been touched, clipped to the image.
 */
export function drawText(
  target: RgbaImage,
  text: string,
  x: number,
  y: number,
  style: TextStyle = {},
): PixelBox {
  const size = style.size ?? DEFAULT_SIZE;
  const unit = unitOf(size);
  const metrics = measureText(text, size);
  const align = style.align ?? 'left';
  const left = align === 'left' ? x : align === 'center' ? x - metrics.width / 2 : x - metrics.width;
  const verticalAlign = style.verticalAlign ?? 'baseline';
  const baseline =
    verticalAlign === 'baseline'
      ? y
      : verticalAlign === 'top'
        ? y + metrics.capHeight
        : verticalAlign === 'middle'
          ? y + metrics.capHeight / 2
          : y - metrics.descent;
  const color = style.color ?? [1, 1, 1];
  const halfWidth = strokeWidthOf(style, size) / 2;
  const segments = layoutSegments(text, left, baseline, unit);
  const dotBoost = Math.max(0.35, halfWidth * 0.4);
  const reach = halfWidth + dotBoost + 1;
  const x0 = Math.max(0, Math.floor(left - reach));
  const x1 = Math.min(target.width, Math.ceil(left + metrics.width + reach));
  const y0 = Math.max(0, Math.floor(baseline - metrics.ascent - reach));
  const y1 = Math.min(target.height, Math.ceil(baseline + metrics.descent + reach));
  for (let row = y0; row < y1; row++) {
    const py = row + 0.5;
    for (let column = x0; column < x1; column++) {
      const px = column + 0.5;
      let nearest = Number.POSITIVE_INFINITY;
      for (let s = 0; s < segments.length; s += 4) {
        // Cheap rejection by bounding box before the exact distance.
        const minX = Math.min(segments[s], segments[s + 2]) - reach;
        const maxX = Math.max(segments[s], segments[s + 2]) + reach;
        const minY = Math.min(segments[s + 1], segments[s + 3]) - reach;
        const maxY = Math.max(segments[s + 1], segments[s + 3]) + reach;
        if (px < minX || px > maxX || py < minY || py > maxY) continue;
        let distance = distanceToSegment(px, py, segments, s);
        // Dots (zero-length strokes) get a larger radius so '.' and ':' stay legible when small.
        if (segments[s] === segments[s + 2] && segments[s + 1] === segments[s + 3]) distance -= dotBoost;
        if (distance < nearest) nearest = distance;
      }
      const coverage = Math.min(1, halfWidth + 0.5 - nearest);
      if (coverage > 0) blendPixel(target, (row * target.width + column) * 4, color, coverage);
    }
  }
  return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
}
