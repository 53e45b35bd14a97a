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

/** Puts the scanner at `at` (on `line`) and throws a ReadError there. */
function failAt(scanner: LegacyScanner, at: number, line: number, detail: string): never {
  scanner.position = at;
  scanner.line = line;
  throw scanner.error(detail);
}

function ended(what: string, count: number, index: number): string {
  return `${what}: expected ${count} values but the file ends after ${index} (truncated?)`;
}

function tokenText(b: Uint8Array, start: number): string {
  let end = start;
  while (end < b.length && !WHITESPACE[b[end]] && end - start < 40) end++;
  return latin1(b, start, end);
}

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
  if (mode === 'bigint') {
    readBigInts(scanner, target as BigInt64Array | BigUint64Array, count, what, type as 'Int64' | 'UInt64');
    return;
  }
  if (mode === 'real') {
    readReals(scanner, target as Float32Array | Float64Array, count, what);
    return;
  }
  // One loop into a Float64Array, then one native conversion into the integer type.
  const numbers = target instanceof Float64Array ? target : new Float64Array(count);
  readIntegers(scanner, numbers, count, what, type, mode === 'bit');
  if (numbers !== target) (target as Int32Array).set(numbers);
}

function readReals(
  scanner: LegacyScanner,
  out: Float32Array | Float64Array,
  count: number,
  what: string,
): void {
  const b = scanner.bytes;
  const n = b.length;
  let p = scanner.position;
  let line = scanner.line;
  for (let index = 0; index < count; index++) {
    while (p < n && WHITESPACE[b[p]]) {
      if (b[p] === 10) line++;
      p++;
    }
    if (p >= n) failAt(scanner, p, line, ended(what, count, index));
    const start = p;
    while (p < n && !WHITESPACE[b[p]]) p++;
    const value = parseReal(b, start, p);
    if (realParseFailed)
      failAt(scanner, start, line, `${what}: value ${index} '${tokenText(b, start)}' is not a number`);
    out[index] = value;
  }
  scanner.position = p;
  scanner.line = line;
}

function readIntegers(
  scanner: LegacyScanner,
  out: Float64Array,
  count: number,
  what: string,
  type: DataType,
  bits: boolean,
): void {
  const b = scanner.bytes;
  const n = b.length;
  const bounds = INTEGER_BOUNDS[type];
  const low = bounds ? bounds[0] : -Number.MAX_SAFE_INTEGER;
  const high = bounds ? bounds[1] : Number.MAX_SAFE_INTEGER;
  let p = scanner.position;
  let line = scanner.line;
  for (let index = 0; index < count; index++) {
    while (p < n && WHITESPACE[b[p]]) {
      if (b[p] === 10) line++;
      p++;
    }
    if (p >= n) failAt(scanner, p, line, ended(what, count, index));
    const start = p;
    let i = p;
    let negative = false;
    if (b[i] === 45) {
      negative = true;
      i++;
    } else if (b[i] === 43) {
      i++;
    }
    const digitsStart = i;
    let value = 0;
    let c = 0;
    while (i < n && (c = b[i]) >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      i++;
    }
    p = i;
    while (p < n && !WHITESPACE[b[p]]) p++;
    if (i === digitsStart || i !== p) {
      failAt(scanner, start, line, `${what}: value ${index} '${tokenText(b, start)}' is not an integer`);
    }
    if (negative) value = -value;
    if (bits) {
      out[index] = value !== 0 ? 1 : 0;
    } else if (value < low || value > high || i - digitsStart > 16) {
      failAt(
        scanner,
        start,
        line,
        `${what}: value ${index} (${tokenText(b, start)}) is out of range for ${type}`,
      );
    } else {
      out[index] = value;
    }
  }
  scanner.position = p;
  scanner.line = line;
}

const BIGINT_BOUNDS = {
  Int64: [-(2n ** 63n), 2n ** 63n - 1n],
  UInt64: [0n, 2n ** 64n - 1n],
} as const;

function readBigInts(
  scanner: LegacyScanner,
  out: BigInt64Array | BigUint64Array,
  count: number,
  what: string,
  type: 'Int64' | 'UInt64',
): void {
  const b = scanner.bytes;
  const n = b.length;
  const [low, high] = BIGINT_BOUNDS[type];
  let p = scanner.position;
  let line = scanner.line;
  for (let index = 0; index < count; index++) {
    while (p < n && WHITESPACE[b[p]]) {
      if (b[p] === 10) line++;
      p++;
    }
    if (p >= n) failAt(scanner, p, line, ended(what, count, index));
    const start = p;
    while (p < n && !WHITESPACE[b[p]]) p++;
    if (!isIntegerToken(b, start, p)) {
      failAt(scanner, start, line, `${what}: value ${index} '${tokenText(b, start)}' is not an integer`);
    }
    const value = BigInt(latin1(b, start, p));
    if (value < low || value > high) {
      failAt(
        scanner,
        start,
        line,
        `${what}: value ${index} (${tokenText(b, start)}) is out of range for ${type}`,
      );
    }
    out[index] = value;
  }
  scanner.position = p;
  scanner.line = line;
}
