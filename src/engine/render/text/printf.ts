/**
 * C printf number formatting for one value, as ParaView's scalar bar uses for its labels
 * (LabelFormat "%-#6.3g", RangeLabelFormat "%-#6.1e"). Supports literal text, %%, and
 * %[flags][width][.precision] with conversions d i f F e E g G; flags - + space # 0.
 */
import { PropertyError } from '../../../errors.js';

interface Specification {
  leftAlign: boolean;
  plusSign: boolean;
  spaceSign: boolean;
  alternate: boolean;
  zeroPad: boolean;
  width: number;
  precision: number | undefined;
  conversion: string;
}

const SPECIFICATION = /%([-+ #0]*)(\d+)?(?:\.(\d*))?([difFeEgG%])/g;

/** "1.5e+1" → "1.5e+01": C prints at least two exponent digits. */
function cExponent(text: string): string {
  return text.replace(/e([+-])(\d)$/, 'e$10$2');
}

function formatExponential(magnitude: number, precision: number, alternate: boolean): string {
  let text = cExponent(magnitude.toExponential(precision));
  if (alternate && precision === 0) text = text.replace('e', '.e');
  return text;
}

function formatFixed(magnitude: number, precision: number, alternate: boolean): string {
  let text = magnitude.toFixed(precision);
  if (alternate && precision === 0) text += '.';
  return text;
}

function stripTrailingZeros(text: string): string {
  const [mantissa, exponent] = text.split('e');
  if (!mantissa.includes('.')) return text;
  const stripped = mantissa.replace(/0+$/, '').replace(/\.$/, '');
  return exponent === undefined ? stripped : `${stripped}e${exponent}`;
}

function formatGeneral(magnitude: number, requested: number, alternate: boolean): string {
  const precision = requested === 0 ? 1 : requested;
  // The exponent is that of the value rounded to `precision` significant digits.
  const exponent = magnitude === 0 ? 0 : Number(magnitude.toExponential(precision - 1).split('e')[1]);
  const text =
    exponent < precision && exponent >= -4
      ? formatFixed(magnitude, precision - 1 - exponent, alternate)
      : formatExponential(magnitude, precision - 1, alternate);
  return alternate ? text : stripTrailingZeros(text);
}

function formatOne(value: number, spec: Specification): string {
  const negative = value < 0 || Object.is(value, -0);
  const magnitude = Math.abs(value);
  let body: string;
  const upper = spec.conversion === spec.conversion.toUpperCase();
  if (Number.isNaN(value)) body = 'nan';
  else if (!Number.isFinite(value)) body = 'inf';
  else {
    switch (spec.conversion.toLowerCase()) {
      case 'd':
      case 'i':
        body = Math.trunc(magnitude).toFixed(0);
        if (spec.precision !== undefined) body = body.padStart(spec.precision, '0');
        break;
      case 'f':
        body = formatFixed(magnitude, spec.precision ?? 6, spec.alternate);
        break;
      case 'e':
        body = formatExponential(magnitude, spec.precision ?? 6, spec.alternate);
        break;
      default:
        body = formatGeneral(magnitude, spec.precision ?? 6, spec.alternate);
    }
  }
  if (upper) body = body.toUpperCase();
  const sign = negative && !Number.isNaN(value) ? '-' : spec.plusSign ? '+' : spec.spaceSign ? ' ' : '';
  const length = sign.length + body.length;
  if (length >= spec.width) return sign + body;
  const padding = spec.width - length;
  if (spec.leftAlign) return sign + body + ' '.repeat(padding);
  if (spec.zeroPad && Number.isFinite(value)) return sign + '0'.repeat(padding) + body;
  return ' '.repeat(padding) + sign + body;
}

/**
 * Formats `value` with a printf-style `format` holding one numeric conversion
 * (e.g. formatNumber('%-#6.3g', 157) === '157.  ').
 */
export function formatNumber(format: string, value: number): string {
  let conversions = 0;
  const text = format.replace(
    SPECIFICATION,
    (_match, flags: string, width: string | undefined, precision: string | undefined, conversion: string) => {
      if (conversion === '%') return '%';
      conversions++;
      return formatOne(value, {
        leftAlign: flags.includes('-'),
        plusSign: flags.includes('+'),
        spaceSign: flags.includes(' '),
        alternate: flags.includes('#'),
        zeroPad: flags.includes('0'),
        width: width ? Number(width) : 0,
        precision: precision === undefined ? undefined : Number(precision || '0'),
        conversion,
      });
    },
  );
  if (conversions !== 1) {
    throw new PropertyError(
      'ScalarBar',
      'LabelFormat',
      `'${format}' must hold exactly one numeric conversion`,
    );
  }
  return text;
}
