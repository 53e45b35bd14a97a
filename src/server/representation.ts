/**
 * How a pipeline node is shown in the views: ParaView's representation property names, as a
 * schema in the filters' vocabulary so clients build the same forms for both.
 */
import { resolveProperties } from '../engine/filters/properties.js';
import type { ArraySelection, PropertySchema } from '../engine/filters/types.js';
import { DEFAULT_PRESET_NAME, PRESET_NAMES } from '../engine/render/color/presets.js';

export const REPRESENTATION_TYPES = [
  'Surface',
  'Surface With Edges',
  'Wireframe',
  'Points',
  'Outline',
  'Feature Edges',
] as const;
export type RepresentationType = (typeof REPRESENTATION_TYPES)[number];

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

export function defaultRepresentation(): RepresentationProperties {
  return resolveRepresentation({});
}
