/**
 * Glyph shapes, built by the geometric sources with the glyph's own properties: Arrow is
 * vtkArrowSource (a capped cylinder shaft turned onto +x, then a cone tip, appended so only
 * arrays common to both — none — remain), the others are the Cone, Box, Cylinder, Line and
 * Sphere sources as they are.
 */

import { PropertyError } from '../../../errors.js';
import { DataArray } from '../../data/data-array.js';
import { createPolyData, type PolyData } from '../../data/dataset.js';
import { resolveProperties } from '../properties.js';
import { boxSource } from '../sources/box.js';
import { coneSource } from '../sources/cone.js';
import { cylinderSource } from '../sources/cylinder.js';
import { lineSource } from '../sources/line.js';
import { sphereSource } from '../sources/sphere.js';
import type { PropertySchema, TypedObject } from '../types.js';

const number = (
  name: string,
  value: number,
  doc: string,
  extra: Partial<PropertySchema> = {},
): PropertySchema => ({ name, type: 'number', default: value, doc, ...extra }) as PropertySchema;
const vector = (name: string, value: number[], doc: string): PropertySchema => ({
  name,
  type: 'numbers',
  size: 3,
  default: value,
  doc,
});
const resolution = (name: string, value: number, doc: string) =>
  number(name, value, doc, { integer: true, min: 0, max: 1024 } as Partial<PropertySchema>);

/** GlyphType kinds with ParaView's property names and defaults. */
export const GLYPH_KINDS: Record<string, readonly PropertySchema[]> = {
  Arrow: [
    resolution('TipResolution', 6, 'Sides of the tip cone.'),
    number('TipRadius', 0.1, 'Radius of the tip cone.'),
    number('TipLength', 0.35, 'Length of the tip (the arrow is 1 long).'),
    resolution('ShaftResolution', 6, 'Sides of the shaft cylinder.'),
    number('ShaftRadius', 0.03, 'Radius of the shaft.'),
    {
      name: 'Invert',
      type: 'boolean',
      default: false,
      doc: 'Put the tip at the origin instead of at x = 1.',
    },
  ],
  Cone: [
    resolution('Resolution', 6, 'Number of sides.'),
    number('Radius', 0.5, 'Base radius.'),
    number('Height', 1, 'Height.'),
    vector('Center', [0, 0, 0], 'Centre.'),
    vector('Direction', [1, 0, 0], 'Axis direction.'),
    { name: 'Capping', type: 'boolean', default: true, doc: 'Close the base.' },
  ],
  Box: [
    number('XLength', 1, 'Size along x.'),
    number('YLength', 1, 'Size along y.'),
    number('ZLength', 1, 'Size along z.'),
    vector('Center', [0, 0, 0], 'Centre.'),
  ],
  Cylinder: [
    resolution('Resolution', 6, 'Number of sides.'),
    number('Height', 1, 'Height (along y).'),
    number('Radius', 0.5, 'Radius.'),
    vector('Center', [0, 0, 0], 'Centre.'),
    { name: 'Capping', type: 'boolean', default: true, doc: 'Close both ends.' },
  ],
  Line: [
    vector('Point1', [-0.5, 0, 0], 'Start point.'),
    vector('Point2', [0.5, 0, 0], 'End point.'),
    resolution('Resolution', 1, 'Number of segments.'),
  ],
  Sphere: [
    vector('Center', [0, 0, 0], 'Centre.'),
    number('Radius', 0.5, 'Radius.'),
    resolution('ThetaResolution', 8, 'Points around the equator.'),
    resolution('PhiResolution', 8, 'Points from pole to pole.'),
  ],
};

/** The shape's properties with defaults filled in (unknown names and bad values rejected). */
function shapeProperties(shape: TypedObject): Record<string, unknown> {
  const kind = GLYPH_KINDS[shape.Type];
  if (!kind) {
    throw new PropertyError(
      'Glyph',
      'GlyphType',
      `unknown Type '${shape.Type}'; expected ${Object.keys(GLYPH_KINDS).join(', ')}`,
    );
  }
  const { Type: _type, ...rest } = shape;
  return resolveProperties(`Glyph.GlyphType[${shape.Type}]`, kind, rest);
}

/** Applies (x, y, z) → f(x, y, z) to every point of a shape (arrays kept). */
function mapPoints(shape: PolyData, f: (p: [number, number, number]) => [number, number, number]): PolyData {
  const values = new Float32Array(shape.points.values.length);
  const p: [number, number, number] = [0, 0, 0];
  for (let i = 0; i < values.length; i += 3) {
    p[0] = Number(shape.points.values[i]);
    p[1] = Number(shape.points.values[i + 1]);
    p[2] = Number(shape.points.values[i + 2]);
    values.set(f(p), i);
  }
  return { ...shape, points: new DataArray({ name: 'Points', values, numberOfComponents: 3 }) };
}

/** vtkArrowSource: cylinder (y axis) turned by −90° about z, cone moved to the tip, appended. */
async function arrow(p: Record<string, unknown>): Promise<PolyData> {
  const tipLength = p.TipLength as number;
  const shaft = (await cylinderSource.execute(
    [],
    {
      Resolution: p.ShaftResolution,
      Radius: p.ShaftRadius,
      Height: 1 - tipLength,
      Center: [0, (1 - tipLength) / 2, 0],
      Capping: true,
    },
    {},
  )) as PolyData;
  const tip = (await coneSource.execute(
    [],
    { Resolution: p.TipResolution, Height: tipLength, Radius: p.TipRadius },
    {},
  )) as PolyData;
  const turned = mapPoints(shaft, ([x, y, z]) => [y, -x, z]);
  const moved = mapPoints(tip, ([x, y, z]) => [x + 1 - tipLength / 2, y, z]);
  const appended = appendShapes([turned, moved]);
  return p.Invert ? mapPoints(appended, ([x, y, z]) => [1 - x, y, z]) : appended;
}

/** Points then cells of each shape in turn; point arrays dropped (they differ between parts). */
function appendShapes(parts: PolyData[]): PolyData {
  const total = parts.reduce((sum, s) => sum + s.points.values.length, 0);
  const values = new Float32Array(total);
  let at = 0;
  const polys: number[][] = [];
  const lines: number[][] = [];
  let base = 0;
  for (const part of parts) {
    values.set(part.points.values as Float32Array, at);
    at += part.points.values.length;
    for (const [from, to] of [
      [part.polys, polys],
      [part.lines, lines],
    ] as const) {
      for (let c = 0; c + 1 < from.offsets.length; c++) {
        const ids: number[] = [];
        for (let i = from.offsets[c]; i < from.offsets[c + 1]; i++) ids.push(from.connectivity[i] + base);
        to.push(ids);
      }
    }
    base += part.points.numberOfTuples;
  }
  const list = (cells: number[][]) => {
    const offsets = new Int32Array(cells.length + 1);
    cells.forEach((c, i) => {
      offsets[i + 1] = offsets[i] + c.length;
    });
    return { offsets, connectivity: Int32Array.from(cells.flat()) };
  };
  return createPolyData({
    points: new DataArray({ name: 'Points', values, numberOfComponents: 3 }),
    lines: list(lines),
    polys: list(polys),
  });
}

/** The glyph shape for a resolved GlyphType value. */
export async function glyphShape(shape: TypedObject): Promise<PolyData> {
  const p = shapeProperties(shape);
  switch (shape.Type) {
    case 'Arrow':
      return arrow(p);
    case 'Cone':
      return (await coneSource.execute([], p, {})) as PolyData;
    case 'Box':
      return (await boxSource.execute([], p, {})) as PolyData;
    case 'Cylinder':
      return (await cylinderSource.execute([], p, {})) as PolyData;
    case 'Line':
      return (await lineSource.execute([], p, {})) as PolyData;
    default:
      return (await sphereSource.execute([], p, {})) as PolyData;
  }
}
