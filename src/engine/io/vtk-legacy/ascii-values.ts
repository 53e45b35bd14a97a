/**
 * Fast parsing of whitespace-separated ASCII numbers straight from the file's bytes into typed
 * arrays, without a JavaScript string per value. Decimal numbers of up to 15 significant digits
 * with a power-of-ten exponent within ±22 are converted with a single correctly rounded IEEE
 * operation (Clinger's fast path), so results equal `Number(text)` exactly; longer numbers fall
 * back to `Number(text)`. Float32 targets round the double once more, as `Math.fround` does.
 */
import type { DataType, TypedArray } from '../../data/data-array.js';
import { INTEGER_BOUNDS } from './data-types.js';
import { type LegacyScanner, latin1, parseSpecialReal, WHITESPACE } from './scanner.js';

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** Set by parseReal when it fails, since NaN is a legitimate result. */
let realParseFailed = false;

/** Parses bytes [s, e) as a real number; sets `realParseFailed` when they are not one. */
function parseReal(b: Uint8Array, s: number, e: number): number {
  realParseFailed = false;
  let i = s;
  let c = b[i];
  let negative = false;
  if (c === 45) {
    negative = true;
    i++;
  } else if (c === 43) {
    i++;
  }
  let mantissa = 0;
  let significant = 0;
  let exponent = 0;
  let digits = 0;
  while (i < e && (c = b[i]) >= 48 && c <= 57) {
    digits++;
    if (mantissa !== 0 || c !== 48) {
      mantissa = mantissa * 10 + (c - 48);
      significant++;
    }
    i++;
  }
  if (i < e && b[i] === 46) {
    i++;
    while (i < e && (c = b[i]) >= 48 && c <= 57) {
      digits++;
      exponent--;
      if (mantissa !== 0 || c !== 48) {
        mantissa = mantissa * 10 + (c - 48);
        significant++;
      }
      i++;
    }
  }
  if (digits === 0) return special(b, s, e);
  if (i < e && (b[i] === 101 || b[i] === 69)) {
    i++;
    let expNegative = false;
    if (b[i] === 45) {
      expNegative = true;
      i++;
    } else if (b[i] === 43) {
      i++;
    }
    const expStart = i;
    let exp = 0;
    while (i < e && (c = b[i]) >= 48 && c <= 57) {
      if (exp < 100000) exp = exp * 10 + (c - 48);
      i++;
    }
    if (i === expStart) return special(b, s, e);
    exponent += expNegative ? -exp : exp;
  }
  if (i !== e) return special(b, s, e);
  if (mantissa === 0) return negative ? -0 : 0;
  if (significant > 15 || exponent > 22 || exponent < -22) return Number(latin1(b, s, e));
  const value = exponent < 0 ? mantissa / POW10[-exponent] : mantissa * POW10[exponent];
  return negative ? -value : value;
}

function special(b: Uint8Array, s: number, e: number): number {
  const value = e - s <= 9 ? parseSpecialReal(latin1(b, s, e)) : undefined;
  if (value === undefined) {
    realParseFailed = true;
    return 0;
  }
  return value;
}

/** Whether bytes [s, e) are an optionally signed run of decimal digits. */
function isIntegerToken(b: Uint8Array, s: number, e: number): boolean {
  let i = s;
  if (b[i] === 45 || b[i] === 43) i++;
  if (i === e) return false;
  for (; i < e; i++) if (b[i] < 48 || b[i] > 57) return false;
  return true;
}

/** How values are stored: as doubles, as bounded integers, as bigints, or as 0/1 bits. */
export type AsciiTarget = 'real' | 'integer' | 'bigint' | 'bit';

export function asciiTargetFor(type: DataType, bits = false): AsciiTarget {
  if (bits) return 'bit';
  if (type === 'Float32' || type === 'Float64') return 'real';
  if (type === 'Int64' || type === 'UInt64') return 'bigint';
  return 'integer';
}

const BIGINT_BOUNDS = {
  Int64: [-(2n ** 63n), 2n ** 63n - 1n],
  UInt64: [0n, 2n ** 64n - 1n],
} as const;

/**
 * Reads `count` ASCII values into `target`, advancing the scanner. `mode` says how tokens are
 * interpreted; `type` names the file's type in messages and bounds integers (integers without
 * bounds must be exact doubles). Errors name `what`, the value index and its position; integers
 * out of range and non-numeric tokens are rejected rather than wrapped.
 */
export function readAsciiValues(
  scanner: LegacyScanner,
  target: TypedArray,
  count: number,
  what: string,
  mode: AsciiTarget,
  type: DataType,
): void {
  const b = scanner.bytes;
  const n = b.length;
  let p = scanner.position;
  let line = scanner.line;
  const fail = (detail: string, at: number): never => {
    scanner.position = at;
    scanner.line = line;
    throw scanner.error(detail);
  };
  const bounds = INTEGER_BOUNDS[type];
  const numbers = target as Float64Array;
  const bigints = target as BigInt64Array;
  for (let index = 0; index < count; index++) {
    while (p < n && WHITESPACE[b[p]]) {
      if (b[p] === 10) line++;
      p++;
    }
    if (p >= n) fail(`${what}: expected ${count} values but the file ends after ${index} (truncated?)`, p);
    const start = p;
    while (p < n && !WHITESPACE[b[p]]) p++;
    if (mode === 'real') {
      const value = parseReal(b, start, p);
      if (realParseFailed) fail(`${what}: value ${index} '${latin1(b, start, p)}' is not a number`, start);
      numbers[index] = value;
      continue;
    }
    if (!isIntegerToken(b, start, p)) {
      fail(`${what}: value ${index} '${latin1(b, start, p)}' is not an integer`, start);
    }
    if (mode === 'bigint') {
      const text = latin1(b, start, p);
      const value = BigInt(text);
      const [lo, hi] = BIGINT_BOUNDS[type as 'Int64' | 'UInt64'];
      if (value < lo || value > hi)
        fail(`${what}: value ${index} (${text}) is out of range for ${type}`, start);
      bigints[index] = value;
      continue;
    }
    const value = p - start <= 15 ? parseReal(b, start, p) : Number(latin1(b, start, p));
    if (mode === 'bit') {
      numbers[index] = value !== 0 ? 1 : 0;
    } else if (bounds ? value < bounds[0] || value > bounds[1] : !Number.isSafeInteger(value)) {
      fail(`${what}: value ${index} (${latin1(b, start, p)}) is out of range for ${type}`, start);
    } else {
      numbers[index] = value;
    }
  }
  scanner.position = p;
  scanner.line = line;
}
