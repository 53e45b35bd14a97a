/**
 * Periscope's bundled stroke font: printable ASCII (32–126) drawn as polylines on a small grid,
 * so text renders at any pixel size without system fonts (servers and containers have none).
 *
 * Grid: x grows right from 0; y grows up with the descender at 0, the baseline at 4, the
 * x-height at 12 and the cap height at 16 (17 for brackets). A glyph is a list of polylines
 * separated by spaces; each point is two base-36 characters "xy" (so "0g" is x=0, y=16).
 * The shapes are our own, kept deliberately plain: straight strokes and chamfered curves read
 * well at the 10–24 px sizes of scalar-bar labels.
 */

/** Baseline, x-height and cap height on the glyph grid. */
export const FONT_BASELINE = 4;
export const FONT_X_HEIGHT = 12;
export const FONT_CAP_HEIGHT = 16;
/** Lowest and highest grid rows any glyph reaches (brackets, descenders). */
export const FONT_BOTTOM = 0;
export const FONT_TOP = 17;
/** Grid units of space after each glyph, and the advance of a space character. */
export const FONT_LETTER_SPACING = 3;
export const FONT_SPACE_ADVANCE = 5;

const GLYPHS: Record<string, string> = {
  '!': '1g17 1414',
  '"': '1g1d 4g4d',
  '#': '252f 656f 0888 0c8c',
  $: '8e7f6g2g1f0e0c1b2a6a7988867564241506 424h',
  '%': '048g 1c0d0f1g2g3f3d2c1c 645557687887857464',
  '&': '841c1f2g4g5f5d080615244489',
  "'": '1g1d',
  '(': '3h1e0a1532',
  ')': '0h2e3a2502',
  '*': '3g3a 0f6b 0b6f',
  '+': '464e 0a8a',
  ',': '151402',
  '-': '0a6a',
  '.': '1414',
  '/': '047g',
  '0': '2415070d1f2g5g6f7d77655424',
  '1': '1e4g44 1474',
  '2': '0e1f2g5g6f7e7c6a0474',
  '3': '0f1g6g7f7c5a2a 5a7875641405',
  '4': '646g0888',
  '5': '7g1g0a5a69787665541405',
  '6': '6g3g1e0b071524546577786a5b2b09',
  '7': '0g7g24',
  '8': '2a1b1f2g5g6f6b5a2a 2a08061524546576785a',
  '9': '144466797d6f5g2g1f0d0c1a29597b',
  ':': '1b1b 1515',
  ';': '1b1b 151402',
  '<': '7e0a76',
  '=': '0878 0c7c',
  '>': '0e7a06',
  '?': '0e1f2g5g6f7e7c4a48 4444',
  '@': '685636282a3c5c6a6675878c6f4g2f0c07153464',
  A: '044g84 1777',
  B: '040g6g7f8e8c7b6a0a 6a798886756404',
  C: '8e7f6g2g1f0d071524647586',
  D: '040g5g7f8d87755404',
  E: '8g0g0484 0a6a',
  F: '8g0g04 0a6a',
  G: '8e7f6g2g1f0d0715246475878a5a',
  H: '040g 848g 0a8a',
  I: '1g7g 4g44 1474',
  J: '8g877564241507',
  K: '040g 8g08 3b84',
  L: '0g0484',
  M: '040g488g84',
  N: '040g848g',
  O: '2415070d1f2g6g7f8d87756424',
  P: '040g6g7f8e8c7b6a0a',
  Q: '2415070d1f2g6g7f8d87756424 5783',
  R: '040g6g7f8e8c7b6a0a 5a84',
  S: '8e7f6g2g1f0e0c1b2a6a7988867564241506',
  T: '0g8g 4g44',
  U: '0g0715246475878g',
  V: '0g448g',
  W: '0g244c648g',
  X: '048g 0g84',
  Y: '0g4a8g 4a44',
  Z: '0g8g0484',
  '[': '3h0h0232',
  '\\': '0g74',
  ']': '0h3h3202',
  '^': '0c3g6c',
  _: '0282',
  '`': '0g2e',
  a: '7c74 7a6c2c1b090715245476',
  b: '0g04 0a2c5c6b797765542406',
  c: '7b6c2c1b090715246475',
  d: '7g74 7a5c2c1b090715245476',
  e: '08787a6b5c2c1b090715246475',
  f: '6g4g3f34 1c6c',
  g: '7c7261502011 7a6c2c1b090715245476',
  h: '0g04 0a2c5c6b7974',
  i: '1c14 1f1f',
  j: '3c32211000 3f3f',
  k: '0g04 6c07 2864',
  l: '1g1524',
  m: '0c04 0a1c3c4a44 4a5c7c8a84',
  n: '0c04 0a2c5c6b7974',
  o: '241507091b2c5c6b7977655424',
  p: '0c00 0a2c5c6b797765542406',
  q: '7c70 7a5c2c1b090715245476',
  r: '0c04 092b3c6c',
  s: '7b6c1c0b0918687775641405',
  t: '3f354464 0c6c',
  u: '0c0715245476 7c74',
  v: '0c346c',
  w: '0c244a648c',
  x: '0c74 047c',
  y: '0c44 8c20',
  z: '0c7c0474',
  '{': '4h3h2g2b0a29233242',
  '|': '1h11',
  '}': '0h1h2g2b4a29231202',
  '~': '091a2b3a4958697a',
};

/** A glyph ready to draw: polylines as flat [x0, y0, x1, y1, …] on the grid, left edge at x=0. */
export interface Glyph {
  readonly polylines: readonly Float64Array[];
  /** Grid units from this glyph's origin to the next one's. */
  readonly advance: number;
}

function parseGlyph(source: string): Glyph {
  const polylines = source.split(' ').map((line) => {
    const points = new Float64Array(line.length);
    for (let i = 0; i < line.length; i++) points[i] = Number.parseInt(line[i], 36);
    return points;
  });
  let minX = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  for (const line of polylines) {
    for (let i = 0; i < line.length; i += 2) {
      minX = Math.min(minX, line[i]);
      maxX = Math.max(maxX, line[i]);
    }
  }
  for (const line of polylines) for (let i = 0; i < line.length; i += 2) line[i] -= minX;
  return { polylines, advance: maxX - minX + FONT_LETTER_SPACING };
}

const SPACE: Glyph = { polylines: [], advance: FONT_SPACE_ADVANCE };
const parsed = new Map<string, Glyph>([[' ', SPACE]]);
for (const [character, source] of Object.entries(GLYPHS)) parsed.set(character, parseGlyph(source));
const REPLACEMENT = parsed.get('?') as Glyph;

/** The glyph for `character`; characters outside printable ASCII draw as '?'. */
export function glyphFor(character: string): Glyph {
  return parsed.get(character) ?? REPLACEMENT;
}

/** Every character the font draws (printable ASCII). */
export const FONT_CHARACTERS: string = [...parsed.keys()].sort().join('');
