/**
 * How a pipeline node is shown in the views: ParaView's representation property names, as a
 * schema in the filters' vocabulary so clients build the same forms for both.
 */
import { resolveProperties } from '../engine/filters/properties.js';
import type { ArraySelection, PropertySchema } from '../engine/filters/types.js';
import { LookupTable } from '../engine/render/color/lookup-table.js';
import { DEFAULT_PRESET_NAME, PRESET_NAMES } from '../engine/render/color/presets.js';
import { SLICE_MODES, type SliceMode } from '../engine/render/scene/image-slice.js';
import type { GeometricRepresentation } from '../engine/render/scene/representation-geometry.js';

export const REPRESENTATION_TYPES = [
  'Surface',
  'Surface With Edges',
  'Wireframe',
  'Points',
  'Outline',
  'Feature Edges',
  'Volume',
  'Slice',
] as const;
export type RepresentationType = (typeof REPRESENTATION_TYPES)[number];

/**
 * What draws a representation as geometry: itself, or for `Volume` (ray cast on the server from
 * ImageData) the outline, which is what shows of a volume wherever it cannot be ray cast (blocks
 * that are not ImageData, a browser rendering delivered geometry).
 */
export function geometricRepresentation(type: RepresentationType): GeometricRepresentation {
  if (type === 'Volume') return 'Outline';
  // A slice is drawn as the surface of the flat image `imageSlice` cuts (other data: their surface).
  if (type === 'Slice') return 'Surface';
  return type;
}

export interface RepresentationProperties {
  Visibility: boolean;
  Representation: RepresentationType;
  /** Array colouring the surface; null for a solid colour. */
  ColorArrayName: ArraySelection | null;
  /** Colour map preset name (`Cool to Warm`, `Viridis (matplotlib)`, …). */
  ColorMap: string;
  /** Data range the colour map spans; empty means the array's range. */
  ScalarRange: number[];
  DiffuseColor: number[];
  Opacity: number;
  PointSize: number;
  LineWidth: number;
  ScalarBarVisibility: boolean;
  /** Custom colour map control points [x, r, g, b, …] (ParaView's RGBPoints); empty = the preset's. */
  RGBPoints: number[];
  /** Map through log10 (ParaView's UseLogScale). */
  UseLogScale: boolean;
  /** Quantise the colour map into NumberOfTableValues colours (ParaView's Discretize). */
  Discretize: boolean;
  NumberOfTableValues: number;
  /** Colour of NaN values, RGB in [0, 1]; empty = the preset's. */
  NanColor: number[];
  /** Slice: the axis the slice cuts across. */
  SliceMode: SliceMode;
  /** Slice: the layer of points shown; negative = the middle layer. */
  Slice: number;
  /** Volume: opacity transfer function as [value, opacity, …]; empty = ParaView's ramp over the colour range. */
  ScalarOpacityFunction: number[];
  /** Volume: world distance over which an opacity applies; 0 = the mean spacing. */
  ScalarOpacityUnitDistance: number;
  /** Volume: gradient shading with the headlight. */
  Shade: boolean;
}

export const REPRESENTATION_SCHEMA: readonly PropertySchema[] = [
  { name: 'Visibility', doc: 'Whether the node is drawn.', type: 'boolean', default: true },
  {
    name: 'Representation',
    doc: 'How the geometry is drawn.',
    type: 'enum',
    default: 'Surface',
    values: REPRESENTATION_TYPES,
  },
  {
    name: 'ColorArrayName',
    doc: 'Array that colours the geometry (null: solid colour).',
    type: 'array',
    default: null,
    association: 'ANY',
  },
  {
    name: 'ColorMap',
    doc: 'Colour map preset.',
    type: 'enum',
    default: DEFAULT_PRESET_NAME,
    values: PRESET_NAMES,
  },
  {
    name: 'ScalarRange',
    doc: 'Data range of the colour map ([] = the array range).',
    type: 'numbers',
    default: [],
    maxLength: 2,
  },
  { name: 'DiffuseColor', doc: 'Solid colour, RGB in [0, 1].', type: 'numbers', default: [1, 1, 1], size: 3 },
  { name: 'Opacity', doc: 'Opacity in [0, 1].', type: 'number', default: 1, min: 0, max: 1 },
  { name: 'PointSize', doc: 'Point size in pixels.', type: 'number', default: 2, min: 1, max: 64 },
  { name: 'LineWidth', doc: 'Line width in pixels.', type: 'number', default: 1, min: 1, max: 64 },
  { name: 'ScalarBarVisibility', doc: 'Show the colour legend.', type: 'boolean', default: false },
  {
    name: 'RGBPoints',
    doc: 'Custom colour map control points x, r, g, b, … spread over the colour range ([] = the preset).',
    type: 'numbers',
    default: [],
    maxLength: 4096,
  },
  { name: 'UseLogScale', doc: 'Map colours through log10 of the values.', type: 'boolean', default: false },
  {
    name: 'Discretize',
    doc: 'Quantise the colour map into NumberOfTableValues colours.',
    type: 'boolean',
    default: true,
  },
  {
    name: 'NumberOfTableValues',
    doc: 'Number of colours when discretised.',
    type: 'number',
    default: 256,
    min: 1,
    max: 65536,
    integer: true,
  },
  {
    name: 'NanColor',
    doc: 'Colour of NaN values, RGB in [0, 1] ([] = the preset’s).',
    type: 'numbers',
    default: [],
    maxLength: 3,
  },
  {
    name: 'SliceMode',
    doc: 'Slice: which axis-aligned plane of ImageData is shown.',
    type: 'enum',
    default: 'XY Plane',
    values: SLICE_MODES,
  },
  {
    name: 'Slice',
    doc: 'Slice: index of the layer of points shown (negative: the middle layer).',
    type: 'number',
    default: -1,
    integer: true,
  },
  {
    name: 'ScalarOpacityFunction',
    doc: 'Volume: opacity transfer function as value, opacity pairs in data units ([] = a ramp from 0 to 1 over the colour range).',
    type: 'numbers',
    default: [],
    maxLength: 512,
  },
  {
    name: 'ScalarOpacityUnitDistance',
    doc: 'Volume: world distance over which an opacity applies (0 = the mean grid spacing).',
    type: 'number',
    default: 0,
    min: 0,
  },
  { name: 'Shade', doc: 'Volume: gradient shading with the headlight.', type: 'boolean', default: false },
];

/** Validates representation changes merged over `current` (PropertyError names the property). */
export function resolveRepresentation(
  current: Partial<RepresentationProperties>,
  changes: Readonly<Record<string, unknown>> = {},
): RepresentationProperties {
  return resolveProperties('Representation', REPRESENTATION_SCHEMA, {
    ...current,
    ...changes,
  }) as unknown as RepresentationProperties;
}

/** The colour range of a representation: its ScalarRange, else the data's. */
export function colorRangeOf(
  representation: RepresentationProperties,
  dataRange: readonly number[],
): [number, number] {
  const [low, high] = representation.ScalarRange.length === 2 ? representation.ScalarRange : dataRange;
  return Number.isFinite(low) && Number.isFinite(high) ? [low, high] : [0, 1];
}

/** The lookup table a representation colours with, over `dataRange` unless it has a ScalarRange. */
export function lookupTableOf(
  representation: RepresentationProperties,
  dataRange: readonly number[],
): LookupTable {
  return new LookupTable({
    preset: representation.ColorMap,
    ...(representation.RGBPoints.length >= 4 && { rgbPoints: representation.RGBPoints }),
    range: colorRangeOf(representation, dataRange),
    useLogScale: representation.UseLogScale,
    discretize: representation.Discretize,
    numberOfTableValues: representation.NumberOfTableValues,
    ...(representation.NanColor.length === 3 && {
      nanColor: [representation.NanColor[0], representation.NanColor[1], representation.NanColor[2]],
    }),
  });
}

/** Identifies what `lookupTableOf` builds, so colours mapped with it can be cached by key. */
export function lookupTableKey(
  representation: RepresentationProperties,
  dataRange: readonly number[],
): string {
  const { ColorMap, RGBPoints, UseLogScale, Discretize, NumberOfTableValues, NanColor } = representation;
  return JSON.stringify([
    ColorMap,
    RGBPoints,
    UseLogScale,
    Discretize,
    NumberOfTableValues,
    NanColor,
    colorRangeOf(representation, dataRange),
  ]);
}

export function defaultRepresentation(): RepresentationProperties {
  return resolveRepresentation({});
}
