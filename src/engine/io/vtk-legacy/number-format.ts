/**
 * Text for numbers in ASCII files, chosen so that reading it back gives the same bits: the
 * shortest decimal that round-trips (float64: JavaScript's `String`; float32: the shortest of 6 to
 * 9 significant digits whose nearest double rounds back to the same float32). -0, NaN and ±inf are
 * spelled "-0", "nan", "inf" and "-inf", which the reader (and VTK 9) accept.
 */

function special(value: number): string | undefined {
  if (Number.isNaN(value)) return 'nan';
  if (value === Number.POSITIVE_INFINITY) return 'inf';
  if (value === Number.NEGATIVE_INFINITY) return '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  return undefined;
}

export function formatFloat64(value: number): string {
  return special(value) ?? String(value);
}

/** Smallest normal float32; below it precision drops and short decimals need a full search. */
const FLOAT32_MIN_NORMAL = 2 ** -126;

/**
 * A float32 value (given as the double it converts to). For normal floats a decimal of k ≤ 6
 * digits that rounds to the float is also what `toPrecision(6)` yields (half a float32 ulp is far
 * below half a unit of the sixth digit), so trying 6, 7, 8, 9 digits in turn finds the shortest.
 */
export function formatFloat32(value: number): string {
  const text = special(value);
  if (text !== undefined) return text;
  for (let digits = Math.abs(value) < FLOAT32_MIN_NORMAL ? 1 : 6; digits <= 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return String(candidate);
  }
  return String(value);
}
