/**
 * Pixel facts about a picture shown in a test page, computed in the page and compared in Node:
 * what the background is, how much of the view the object covers, what colour it has, and a
 * coarse grey thumbnail so two pictures can be told apart. Runs in both (no DOM, no Node APIs).
 */

export interface FrameSample {
  width: number;
  height: number;
  /** RGB of the top-left pixel: the view's background. */
  background: [number, number, number];
  /** RGB at the centre of the picture. */
  centre: [number, number, number];
  /** Pixels whose colour is more than `threshold` from the background. */
  objectPixels: number;
  /** Mean RGB of those pixels. */
  objectColour: [number, number, number];
  /** Separate stretches of object pixels along the middle row (2 for a ring seen face-on). */
  middleRowRuns: number;
  /** Mean grey level per cell of a `THUMBNAIL_SIZE`² grid. */
  thumbnail: number[];
}

export const THUMBNAIL_SIZE = 32;
const OBJECT_THRESHOLD = 60;

/** Summarises RGBA pixels (row-major, top row first). */
export function sampleRgba(data: Uint8ClampedArray, width: number, height: number): FrameSample {
  const rgb = (index: number): [number, number, number] => [data[index], data[index + 1], data[index + 2]];
  const background = rgb(0);
  const centre = rgb(4 * (Math.floor(height / 2) * width + Math.floor(width / 2)));
  const sums = [0, 0, 0];
  let objectPixels = 0;
  const cells = new Float64Array(THUMBNAIL_SIZE * THUMBNAIL_SIZE);
  const counts = new Float64Array(THUMBNAIL_SIZE * THUMBNAIL_SIZE);
  for (let y = 0; y < height; y++) {
    const row = Math.min(THUMBNAIL_SIZE - 1, Math.floor((y * THUMBNAIL_SIZE) / height));
    for (let x = 0; x < width; x++) {
      const index = 4 * (y * width + x);
      const [r, g, b] = rgb(index);
      if (colourDistance([r, g, b], background) > OBJECT_THRESHOLD) {
        objectPixels++;
        sums[0] += r;
        sums[1] += g;
        sums[2] += b;
      }
      const cell =
        row * THUMBNAIL_SIZE + Math.min(THUMBNAIL_SIZE - 1, Math.floor((x * THUMBNAIL_SIZE) / width));
      cells[cell] += (r + g + b) / 3;
      counts[cell]++;
    }
  }
  // Runs shorter than 3 pixels are JPEG ringing at an edge, not a separate part.
  let middleRowRuns = 0;
  let run = 0;
  const middle = Math.floor(height / 2) * width;
  for (let x = 0; x < width; x++) {
    run = colourDistance(rgb(4 * (middle + x)), background) > OBJECT_THRESHOLD ? run + 1 : 0;
    if (run === 3) middleRowRuns++;
  }
  const mean = (sum: number) => (objectPixels > 0 ? Math.round(sum / objectPixels) : 0);
  return {
    width,
    height,
    background,
    centre,
    objectPixels,
    objectColour: [mean(sums[0]), mean(sums[1]), mean(sums[2])],
    middleRowRuns,
    thumbnail: Array.from(cells, (sum, index) => (counts[index] > 0 ? sum / counts[index] : 0)),
  };
}

export function colourDistance(a: readonly number[], b: readonly number[]): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

/** Mean absolute grey-level difference between two samples' thumbnails (0–255). */
export function thumbnailDifference(a: FrameSample, b: FrameSample): number {
  let total = 0;
  for (let index = 0; index < a.thumbnail.length; index++)
    total += Math.abs(a.thumbnail[index] - b.thumbnail[index]);
  return total / a.thumbnail.length;
}

/**
 * What is wrong with a picture that should show the torus example with ParaView's defaults (a
 * white Solid Color surface, lit, so a neutral grey well off the background); empty when
 * nothing is.
 */
export function torusProblems(picture: FrameSample): string[] {
  const problems: string[] = [];
  const fraction = picture.objectPixels / (picture.width * picture.height);
  if (!(fraction > 0.03 && fraction < 0.8)) problems.push(`the object covers ${fraction} of the view`);
  const [r, g, b] = picture.objectColour;
  if (Math.max(r, g, b) - Math.min(r, g, b) >= 40)
    problems.push(`object colour ${picture.objectColour} is not grey`);
  if (colourDistance(picture.objectColour, picture.background) <= 100)
    problems.push(`object colour ${picture.objectColour} is close to the background ${picture.background}`);
  return problems;
}
