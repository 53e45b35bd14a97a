/**
 * Parsing `format="ascii"` array text straight from the file bytes into a typed array.
 * The text is decoded in windows cut at whitespace, so arrays of any size parse without one
 * giant string; numbers go through `Number()` (correctly rounded) and integers through a digit
 * loop, with the range of the target type checked.
 */
import { allocateTypedArray, type DataType, type TypedArray } from '../../data/data-array.js';

/** Reports a problem at a byte index of the source. */
export type AsciiFailure = (detail: string, index: number) => never;

const WINDOW = 1 << 23;
const latin1 = new TextDecoder('latin1');

const INTEGER_LIMITS: Partial<Record<DataType, [number, number]>> = {
  Int8: [-128, 127],
  UInt8: [0, 255],
  Int16: [-32768, 32767],
  UInt16: [0, 65535],
  Int32: [-2147483648, 2147483647],
  UInt32: [0, 4294967295],
};

function isSpaceCode(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Number of whitespace-separated tokens in `bytes[start, end)`. */
export function countAsciiTokens(bytes: Uint8Array, start: number, end: number): number {
  let count = 0;
  let inToken = false;
  for (let i = start; i < end; i++) {
    const space = isSpaceCode(bytes[i]);
    if (!space && !inToken) count++;
    inToken = !space;
  }
  return count;
}

function parseSpecial(token: string): number {
  const lower = token.toLowerCase();
  if (lower === 'nan' || lower === '-nan' || lower === '+nan') return Number.NaN;
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity' || lower === '+infinity') {
    return Number.POSITIVE_INFINITY;
  }
  if (lower === '-inf' || lower === '-infinity') return Number.NEGATIVE_INFINITY;
  return Number.NaN;
}

/** A decimal number token, or NaN when it is not one (callers tell NaN tokens apart). */
function parseNumberToken(token: string): number {
  const value = Number(token);
  if (!Number.isNaN(value) && token !== '' && !/^[+-]?0[xob]/i.test(token)) return value;
  return parseSpecial(token);
}

function isNanToken(token: string): boolean {
  return /^[+-]?nan$/i.test(token);
}

/**
 * Parses `count` values of `type` from `bytes[start, end)`. Fewer or more tokens than `count`,
 * a token that is not a number, or an integer outside the type's range raise through `fail`.
 */
export function parseAsciiValues(
  bytes: Uint8Array,
  start: number,
  end: number,
  type: DataType,
  count: number,
  fail: AsciiFailure,
): TypedArray {
  const out = allocateTypedArray(type, count);
  const limits = INTEGER_LIMITS[type];
  const isFloat = type === 'Float32' || type === 'Float64';
  const big = out instanceof BigInt64Array || out instanceof BigUint64Array;
  let written = 0;
  let windowStart = start;
  while (windowStart < end) {
    let windowEnd = Math.min(end, windowStart + WINDOW);
    while (windowEnd < end && !isSpaceCode(bytes[windowEnd])) windowEnd++;
    const text = latin1.decode(bytes.subarray(windowStart, windowEnd));
    const length = text.length;
    let i = 0;
    while (i < length) {
      let c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        i++;
        continue;
      }
      const tokenStart = i;
      while (i < length) {
        c = text.charCodeAt(i);
        if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) break;
        i++;
      }
      const at = windowStart + tokenStart;
      if (written >= count) fail(`more than the ${count} values expected`, at);
      const token = text.slice(tokenStart, i);
      if (big) {
        let value: bigint;
        if (/^[+-]?\d+$/.test(token)) value = BigInt(token);
        else {
          const n = parseNumberToken(token);
          if (!Number.isInteger(n)) fail(`'${token}' is not an integer`, at);
          value = BigInt(n);
        }
        const fits =
          type === 'Int64' ? value >= -(2n ** 63n) && value < 2n ** 63n : value >= 0n && value < 2n ** 64n;
        if (!fits) fail(`${token} is out of range for ${type}`, at);
        (out as BigInt64Array | BigUint64Array)[written++] = value;
        continue;
      }
      const value = parseNumberToken(token);
      if (Number.isNaN(value) && !(isFloat && isNanToken(token))) {
        fail(`'${token.length > 40 ? `${token.slice(0, 40)}…` : token}' is not a number`, at);
      }
      if (limits) {
        if (!Number.isInteger(value)) fail(`'${token}' is not an integer`, at);
        if (value < limits[0] || value > limits[1]) fail(`${token} is out of range for ${type}`, at);
      }
      (out as Exclude<TypedArray, BigInt64Array | BigUint64Array>)[written++] = value;
    }
    windowStart = windowEnd;
  }
  if (written !== count) fail(`${written} values where ${count} are expected`, end);
  return out;
}
