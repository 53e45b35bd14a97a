/**
 * Fast, exact parsing of decimal number tokens inside a larger string, without slicing.
 *
 * Clinger's fast path: a token with at most 15 significant digits and a decimal exponent within
 * ±22 is one exact integer times or divided by one exact power of ten, and IEEE multiplication and
 * division round correctly, so the result equals `Number(token)`. Anything else (long mantissas,
 * big exponents, `nan`, `inf`, hex) goes through `Number` on the slice.
 */

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** The number spelled by text[start, end), or NaN when it is not a number. */
export function parseDecimal(text: string, start: number, end: number): number {
  if (start >= end) return Number.NaN;
  let i = start;
  let negative = false;
  let c = text.charCodeAt(i);
  if (c === 45 || c === 43) {
    negative = c === 45;
    i++;
  }
  let mantissa = 0;
  let significant = 0;
  let scale = 0;
  let digits = 0;
  let fraction = false;
  for (; i < end; i++) {
    c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digits++;
      if (mantissa !== 0 || c !== 48) {
        mantissa = mantissa * 10 + (c - 48);
        significant++;
      }
      if (fraction) scale++;
    } else if (c === 46 && !fraction) {
      fraction = true;
    } else {
      break;
    }
  }
  let exponent = 0;
  if (i < end && (c === 101 || c === 69) && digits > 0) {
    i++;
    let exponentNegative = false;
    c = text.charCodeAt(i);
    if (c === 45 || c === 43) {
      exponentNegative = c === 45;
      i++;
    }
    let exponentDigits = 0;
    for (; i < end; i++) {
      c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      exponent = exponent * 10 + (c - 48);
      exponentDigits++;
      if (exponent > 1e6) break;
    }
    if (exponentDigits === 0) return Number(text.slice(start, end));
    if (exponentNegative) exponent = -exponent;
  }
  if (i !== end || digits === 0 || significant > 15) return Number(text.slice(start, end));
  if (mantissa === 0) return negative ? -0 : 0;
  const power = exponent - scale;
  let value: number;
  if (power === 0) value = mantissa;
  else if (power > 0 && power <= 22) value = mantissa * POWERS_OF_TEN[power];
  else if (power < 0 && power >= -22) value = mantissa / POWERS_OF_TEN[-power];
  else return Number(text.slice(start, end));
  return negative ? -value : value;
}
