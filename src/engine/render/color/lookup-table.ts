/**
 * LookupTable: scalars → colours, with ParaView's lookup-table semantics (a
 * vtkDiscretizableColorTransferFunction): control points from a preset spread over a scalar
 * range, interpolated in the preset's colour space, optionally log-scaled, discretised into
 * `numberOfTableValues` bins, with NaN and below/above-range colours.
 *
 * Control points are kept normalised (t ∈ [0, 1]); the range maps data to t linearly, or
 * through log10 with `useLogScale` — ParaView likewise moves the points into log space when
 * log scaling is turned on, so the map keeps its look.
 */

import { PropertyError } from '../../../errors.js';
import { type DataArray, MAGNITUDE, type Range } from '../../data/index.js';
import { type ColorSpace, interpolateColor, type Rgb } from './color-spaces.js';
import { DEFAULT_PRESET_NAME, getPreset } from './presets.js';

export type Rgba = [red: number, green: number, blue: number, alpha: number];

export interface LookupTableProps {
  /** ParaView preset giving the control points, colour space and NaN colour ("Cool to Warm"). */
  preset?: string;
  /**
   * Custom control points [x, r, g, b, …] (ParaView's RGBPoints): their x span becomes the
   * range unless `range` is given, and x positions are spread linearly within it.
   */
  rgbPoints?: readonly number[];
  /** Overrides the preset's colour space. */
  colorSpace?: ColorSpace;
  /** Scalar range the control points are spread over; default [0, 1] or the rgbPoints' span. */
  range?: Range;
  /** Map through log10 (ParaView's UseLogScale). */
  useLogScale?: boolean;
  /** Quantise into `numberOfTableValues` bins, as ParaView does by default (Discretize). */
  discretize?: boolean;
  /** Number of bins when discretised (ParaView's NumberOfTableValues, default 256). */
  numberOfTableValues?: number;
  /** Reverse the map ("Invert the transfer functions"). */
  invert?: boolean;
  /** Colour of NaN values; default the preset's. */
  nanColor?: Rgb;
  /** Opacity of NaN values (0–1), default 1. */
  nanOpacity?: number;
  /** Paint values below the range in `belowRangeColor` instead of the first colour. */
  useBelowRangeColor?: boolean;
  /** Default black. */
  belowRangeColor?: Rgb;
  /** Paint values above the range in `aboveRangeColor` instead of the last colour. */
  useAboveRangeColor?: boolean;
  /** Default white. */
  aboveRangeColor?: Rgb;
  /** Opacity (0–1) of every mapped colour, default 1. */
  opacity?: number;
}

/** Entries of the table used for continuous (non-discretised) fast mapping. */
const CONTINUOUS_TABLE_SIZE = 4096;
/** Interior texels of the default colour texture in continuous mode. */
const CONTINUOUS_TEXTURE_SIZE = 1024;

function toByte(value: number): number {
  return Math.max(0, Math.min(255, Math.round(value * 255)));
}

/**
 * VTK's vtkLookupTable::GetLogRange: a range touching zero is clamped to 1e-6 of its far end;
 * an all-negative range maps through -log10(-v).
 */
function logRange(range: Range): { logRange: Range; negative: boolean } {
  let [min, max] = range;
  if ((min <= 0 && max >= 0) || (min >= 0 && max <= 0)) {
    if (Math.abs(max) >= Math.abs(min)) min = max * 1e-6;
    else max = min * 1e-6;
    if (max === 0) max = min < 0 ? -Number.MIN_VALUE : Number.MIN_VALUE;
    if (min === 0) min = max < 0 ? -Number.MIN_VALUE : Number.MIN_VALUE;
  }
  return max < 0
    ? { logRange: [-Math.log10(-min), -Math.log10(-max)], negative: true }
    : { logRange: [Math.log10(min), Math.log10(max)], negative: false };
}

export class LookupTable {
  #positions: Float64Array = new Float64Array(0);
  #colors: Float64Array = new Float64Array(0);
  #colorSpace: ColorSpace = 'Diverging';
  #preset = DEFAULT_PRESET_NAME;
  #range: Range = [0, 1];
  #logRange: Range = [0, 0];
  /** Log scale over negative values (-log10(-v)), as VTK does for an all-negative range. */
  #logNegative = false;
  #useLogScale = false;
  #discretize = true;
  #numberOfTableValues = 256;
  #inverted = false;
  #nanColor: Rgb = [1, 1, 0];
  #nanOpacity = 1;
  #useBelowRangeColor = false;
  #belowRangeColor: Rgb = [0, 0, 0];
  #useAboveRangeColor = false;
  #aboveRangeColor: Rgb = [1, 1, 1];
  #opacity = 1;
  #table: Uint8Array | undefined;
  #modifiedTime = 0;

  constructor(props: LookupTableProps = {}) {
    this.update({ preset: DEFAULT_PRESET_NAME, ...props });
  }

  /** Shorthand: the named preset spread over `range`. */
  static fromPreset(preset: string, range: Range = [0, 1]): LookupTable {
    return new LookupTable({ preset, range });
  }

  /** Changes properties; unspecified ones keep their value. A new preset replaces the points. */
  update(changes: LookupTableProps): this {
    if (changes.preset !== undefined) {
      const preset = getPreset(changes.preset);
      this.#preset = preset.name;
      this.#setNormalizedPoints(preset.rgbPoints);
      this.#colorSpace = preset.colorSpace;
      this.#nanColor = [...preset.nanColor];
      if (this.#inverted) this.#reversePoints();
    }
    if (changes.rgbPoints !== undefined) {
      const points = changes.rgbPoints;
      if (points.length < 8 || points.length % 4 !== 0) {
        throw new PropertyError('LookupTable', 'RGBPoints', 'needs at least two points of [x, r, g, b]');
      }
      const first = points[0];
      const last = points[points.length - 4];
      const span = last > first ? last - first : 1;
      this.#setNormalizedPoints(points.map((v, i) => (i % 4 === 0 ? (v - first) / span : v)));
      this.#setRange([first, last > first ? last : first + 1]);
    }
    if (changes.colorSpace !== undefined) this.#colorSpace = changes.colorSpace;
    if (changes.useLogScale !== undefined) this.#useLogScale = changes.useLogScale;
    if (changes.range !== undefined) this.#setRange(changes.range);
    if (changes.discretize !== undefined) this.#discretize = changes.discretize;
    if (changes.numberOfTableValues !== undefined) {
      const n = changes.numberOfTableValues;
      if (!Number.isInteger(n) || n < 1 || n > 65536) {
        throw new PropertyError(
          'LookupTable',
          'NumberOfTableValues',
          `must be an integer in [1, 65536], got ${n}`,
        );
      }
      this.#numberOfTableValues = n;
    }
    if (changes.invert !== undefined && changes.invert !== this.#inverted) {
      this.#inverted = changes.invert;
      this.#reversePoints();
    }
    if (changes.nanColor !== undefined) this.#nanColor = [...changes.nanColor];
    if (changes.nanOpacity !== undefined) this.#nanOpacity = changes.nanOpacity;
    if (changes.useBelowRangeColor !== undefined) this.#useBelowRangeColor = changes.useBelowRangeColor;
    if (changes.belowRangeColor !== undefined) this.#belowRangeColor = [...changes.belowRangeColor];
    if (changes.useAboveRangeColor !== undefined) this.#useAboveRangeColor = changes.useAboveRangeColor;
    if (changes.aboveRangeColor !== undefined) this.#aboveRangeColor = [...changes.aboveRangeColor];
    if (changes.opacity !== undefined) this.#opacity = changes.opacity;
    this.#updateLogRange();
    this.#table = undefined;
    this.#modifiedTime++;
    return this;
  }

  /** Spreads the control points over [min, max] (ParaView's RescaleTransferFunction). */
  rescale(min: number, max: number): this {
    return this.update({ range: [min, max] });
  }

  /** Rescales to the range of `array` (component, or MAGNITUDE; default as DataArray.getRange). */
  rescaleToArray(array: DataArray, component?: number): this {
    const [min, max] = array.getRange(component);
    return Number.isNaN(min) ? this : this.rescale(min, max);
  }

  /** Reverses the map in place (ParaView's "Invert the transfer functions"). */
  invertTransferFunction(): this {
    return this.update({ invert: !this.#inverted });
  }

  /** Increases on every change; representations compare it to decide whether to re-map. */
  get modifiedTime(): number {
    return this.#modifiedTime;
  }

  get range(): Range {
    return [this.#range[0], this.#range[1]];
  }

  get presetName(): string {
    return this.#preset;
  }

  get colorSpace(): ColorSpace {
    return this.#colorSpace;
  }

  get useLogScale(): boolean {
    return this.#useLogScale;
  }

  get discretize(): boolean {
    return this.#discretize;
  }

  get numberOfTableValues(): number {
    return this.#numberOfTableValues;
  }

  get nanColor(): Rgb {
    return [...this.#nanColor];
  }

  /** Control points in data units, [x, r, g, b, …] (ParaView's RGBPoints). */
  get rgbPoints(): number[] {
    const points: number[] = [];
    for (let i = 0; i < this.#positions.length; i++) {
      points.push(
        this.#denormalize(this.#positions[i]),
        this.#colors[3 * i],
        this.#colors[3 * i + 1],
        this.#colors[3 * i + 2],
      );
    }
    return points;
  }

  /** A plain, structured-clonable description: `new LookupTable(lut.toProps())` is equivalent. */
  toProps(): LookupTableProps {
    const rgbPoints: number[] = [];
    for (let i = 0; i < this.#positions.length; i++) {
      rgbPoints.push(
        this.#positions[i],
        this.#colors[3 * i],
        this.#colors[3 * i + 1],
        this.#colors[3 * i + 2],
      );
    }
    return {
      preset: this.#preset,
      rgbPoints,
      colorSpace: this.#colorSpace,
      range: this.range,
      useLogScale: this.#useLogScale,
      discretize: this.#discretize,
      numberOfTableValues: this.#numberOfTableValues,
      nanColor: this.nanColor,
      nanOpacity: this.#nanOpacity,
      useBelowRangeColor: this.#useBelowRangeColor,
      belowRangeColor: [...this.#belowRangeColor],
      useAboveRangeColor: this.#useAboveRangeColor,
      aboveRangeColor: [...this.#aboveRangeColor],
      opacity: this.#opacity,
    };
  }

  /**
   * Position of `value` in the map: 0 at the range minimum, 1 at the maximum (through log10
   * with log scale); below 0 / above 1 outside the range; NaN for NaN.
   */
  normalize(value: number): number {
    if (Number.isNaN(value)) return Number.NaN;
    let v = value;
    let [min, max] = this.#range;
    if (this.#useLogScale) {
      [min, max] = this.#logRange;
      // VTK's vtkApplyLogScale: values of the wrong sign go to the range minimum.
      if (this.#logNegative) v = v < 0 ? -Math.log10(-v) : min;
      else v = v > 0 ? Math.log10(v) : min;
    }
    const width = max - min;
    if (width > 0) return (v - min) / width;
    return v < min ? Number.NEGATIVE_INFINITY : v > min ? Number.POSITIVE_INFINITY : 0;
  }

  /** Data value at normalised position `t` (inverse of `normalize`). */
  #denormalize(t: number): number {
    if (!this.#useLogScale) return this.#range[0] + t * (this.#range[1] - this.#range[0]);
    const logValue = this.#logRange[0] + t * (this.#logRange[1] - this.#logRange[0]);
    return this.#logNegative ? -(10 ** -logValue) : 10 ** logValue;
  }

  /** The continuous (never discretised) colour at normalised position t, clamped to [0, 1]. */
  colorAtNormalized(t: number, out: number[] = [0, 0, 0]): number[] {
    const positions = this.#positions;
    const colors = this.#colors;
    const last = positions.length - 1;
    if (!(t > positions[0])) return this.#copyColor(0, out);
    if (t >= positions[last]) return this.#copyColor(last, out);
    let low = 0;
    let high = last;
    while (high - low > 1) {
      const middle = (low + high) >> 1;
      if (positions[middle] <= t) low = middle;
      else high = middle;
    }
    const span = positions[high] - positions[low];
    const s = span > 0 ? (t - positions[low]) / span : 1;
    if (s === 0) return this.#copyColor(low, out);
    const from = [colors[3 * low], colors[3 * low + 1], colors[3 * low + 2]];
    const to = [colors[3 * high], colors[3 * high + 1], colors[3 * high + 2]];
    return interpolateColor(this.#colorSpace, s, from, to, out);
  }

  /** Colour and opacity (each 0–1) of one value, exactly as mapScalars paints it (before rounding). */
  mapValue(value: number): Rgba {
    const t = this.normalize(value);
    const rgb = [0, 0, 0];
    let alpha = this.#opacity;
    if (Number.isNaN(t)) {
      rgb.splice(0, 3, ...this.#nanColor);
      alpha = this.#nanOpacity;
    } else if (t < 0 && this.#useBelowRangeColor) {
      rgb.splice(0, 3, ...this.#belowRangeColor);
    } else if (t > 1 && this.#useAboveRangeColor) {
      rgb.splice(0, 3, ...this.#aboveRangeColor);
    } else if (this.#discretize) {
      const n = this.#numberOfTableValues;
      const bin = Math.min(n - 1, Math.max(0, Math.floor(t * n)));
      this.colorAtNormalized(n > 1 ? bin / (n - 1) : 0, rgb);
    } else {
      this.colorAtNormalized(t, rgb);
    }
    return [rgb[0], rgb[1], rgb[2], alpha];
  }

  /** RGBA bytes for every tuple of `array` (one component, or MAGNITUDE for the tuple norm). */
  mapScalars(
    array: DataArray,
    component: number = array.numberOfComponents === 1 ? 0 : MAGNITUDE,
  ): Uint8Array {
    const out = new Uint8Array(array.numberOfTuples * 4);
    this.mapScalarsInto(array, component, out);
    return out;
  }

  /** As mapScalars, writing into `out` (e.g. shared memory) from byte `offset`. */
  mapScalarsInto(array: DataArray, component: number, out: Uint8Array | Uint8ClampedArray, offset = 0): void {
    const n = array.numberOfComponents;
    if (component !== MAGNITUDE && (component < 0 || component >= n)) {
      throw new PropertyError(
        'LookupTable',
        'VectorComponent',
        `array '${array.name}' has no component ${component}`,
      );
    }
    const table = this.#getTable();
    const entries = table.length / 4 - 3;
    const values = array.values;
    const tuples = array.numberOfTuples;
    const big = values instanceof BigInt64Array || values instanceof BigUint64Array;
    const [min, max] = this.#range;
    // Discrete bins are [i/N, (i+1)/N); continuous entries are samples, so round to the nearest.
    const binScale = this.#discretize ? entries : entries - 1;
    const binShift = this.#discretize ? 0 : 0.5;
    // Linear maps fold into one multiply-add per value; log scale goes through normalize().
    const linear = !this.#useLogScale && max > min;
    const scale = linear ? binScale / (max - min) : 0;
    const shift = linear ? binShift - min * scale : 0;
    for (let tuple = 0; tuple < tuples; tuple++) {
      let value: number;
      if (component === MAGNITUDE) {
        let sum = 0;
        for (let c = 0; c < n; c++) {
          const x = big ? Number(values[tuple * n + c]) : (values[tuple * n + c] as number);
          sum += x * x;
        }
        value = Math.sqrt(sum);
      } else {
        value = big ? Number(values[tuple * n + component]) : (values[tuple * n + component] as number);
      }
      let entry: number;
      if (linear) {
        if (value >= min && value <= max)
          entry = Math.min(entries - 1, Math.max(0, Math.floor(value * scale + shift)));
        else entry = value < min ? entries : value > max ? entries + 1 : entries + 2;
      } else {
        const t = this.normalize(value);
        if (t >= 0 && t <= 1) entry = Math.min(entries - 1, Math.floor(t * binScale + binShift));
        else entry = t < 0 ? entries : t > 1 ? entries + 1 : entries + 2;
      }
      const source = entry * 4;
      const target = offset + tuple * 4;
      out[target] = table[source];
      out[target + 1] = table[source + 1];
      out[target + 2] = table[source + 2];
      out[target + 3] = table[source + 3];
    }
  }

  /**
   * Texture for interpolating scalars before mapping (VTK's InterpolateScalarsBeforeMapping):
   * `size` texels span the range — texel 0 is the below-range colour, texels 1…size-2 split
   * the range into equal bins, texel size-1 is the above-range colour — and one more texel
   * (index `size`) holds the NaN colour. Look texels up with `textureTexel`. The default size
   * gives one texel per discrete bin, so the texture paints exactly what mapScalars paints.
   */
  buildTexture(
    size: number = (this.#discretize ? this.#numberOfTableValues : CONTINUOUS_TEXTURE_SIZE) + 2,
  ): Uint8Array {
    if (!Number.isInteger(size) || size < 3)
      throw new RangeError(`texture size must be an integer ≥ 3, got ${size}`);
    const interior = size - 2;
    const texture = new Uint8Array((size + 1) * 4);
    for (let texel = 0; texel <= size; texel++) {
      let rgba: Rgba;
      if (texel === size) rgba = this.mapValue(Number.NaN);
      else if (texel === 0) rgba = this.#edgeColor(-1);
      else if (texel === size - 1) rgba = this.#edgeColor(2);
      else rgba = this.#mapNormalized((texel - 0.5) / interior);
      texture.set(rgba.map(toByte), texel * 4);
    }
    return texture;
  }

  /** Texture coordinate of `value` for a texture of `size` texels from buildTexture (NaN for NaN). */
  textureCoordinate(
    value: number,
    size: number = (this.#discretize ? this.#numberOfTableValues : CONTINUOUS_TEXTURE_SIZE) + 2,
  ): number {
    const t = this.normalize(value);
    if (Number.isNaN(t)) return Number.NaN;
    const interior = size - 2;
    const texel = t < 0 ? 0.5 : t > 1 ? size - 0.5 : 1 + Math.min(t * interior, interior - 1e-9);
    return texel / size;
  }

  #edgeColor(t: number): Rgba {
    if (t < 0 && this.#useBelowRangeColor) return [...this.#belowRangeColor, this.#opacity];
    if (t > 1 && this.#useAboveRangeColor) return [...this.#aboveRangeColor, this.#opacity];
    return this.#mapNormalized(t < 0 ? 0 : 1);
  }

  #mapNormalized(t: number): Rgba {
    const rgb = [0, 0, 0];
    if (this.#discretize) {
      const n = this.#numberOfTableValues;
      const bin = Math.min(n - 1, Math.max(0, Math.floor(t * n)));
      this.colorAtNormalized(n > 1 ? bin / (n - 1) : 0, rgb);
    } else {
      this.colorAtNormalized(t, rgb);
    }
    return [rgb[0], rgb[1], rgb[2], this.#opacity];
  }

  /**
   * Table of entries+3 RGBA colours: `entries` bins over the range, then below-range,
   * above-range and NaN colours. Discretised maps use one entry per bin (exact).
   */
  #getTable(): Uint8Array {
    if (this.#table) return this.#table;
    const entries = this.#discretize ? this.#numberOfTableValues : CONTINUOUS_TABLE_SIZE;
    const table = new Uint8Array((entries + 3) * 4);
    for (let i = 0; i < entries; i++) {
      const rgba = this.#discretize
        ? this.#mapNormalized((i + 0.5) / entries)
        : this.#mapNormalized(entries > 1 ? i / (entries - 1) : 0);
      table.set(rgba.map(toByte), i * 4);
    }
    table.set(this.#edgeColor(-1).map(toByte), entries * 4);
    table.set(this.#edgeColor(2).map(toByte), (entries + 1) * 4);
    table.set(this.mapValue(Number.NaN).map(toByte), (entries + 2) * 4);
    this.#table = table;
    return table;
  }

  #copyColor(index: number, out: number[]): number[] {
    out[0] = this.#colors[3 * index];
    out[1] = this.#colors[3 * index + 1];
    out[2] = this.#colors[3 * index + 2];
    return out;
  }

  #setNormalizedPoints(points: readonly number[]): void {
    const count = points.length / 4;
    this.#positions = new Float64Array(count);
    this.#colors = new Float64Array(count * 3);
    for (let i = 0; i < count; i++) {
      this.#positions[i] = points[4 * i];
      this.#colors.set([points[4 * i + 1], points[4 * i + 2], points[4 * i + 3]], 3 * i);
    }
  }

  #reversePoints(): void {
    const count = this.#positions.length;
    const positions = new Float64Array(count);
    const colors = new Float64Array(count * 3);
    for (let i = 0; i < count; i++) {
      const source = count - 1 - i;
      positions[i] = 1 - this.#positions[source];
      colors.set(this.#colors.subarray(3 * source, 3 * source + 3), 3 * i);
    }
    this.#positions = positions;
    this.#colors = colors;
  }

  #setRange(range: Range): void {
    const [min, max] = range;
    if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) {
      throw new PropertyError('LookupTable', 'Range', `needs finite min ≤ max, got [${min}, ${max}]`);
    }
    this.#range = [min, max];
  }

  #updateLogRange(): void {
    const { logRange: range, negative } = logRange(this.#range);
    this.#logRange = range;
    this.#logNegative = negative;
  }
}

/** Texel of a buildTexture texture of `size` texels at `coordinate` (NaN → the NaN texel). */
export function textureTexel(coordinate: number, size: number): number {
  if (Number.isNaN(coordinate)) return size;
  return Math.min(size - 1, Math.max(0, Math.floor(coordinate * size)));
}
