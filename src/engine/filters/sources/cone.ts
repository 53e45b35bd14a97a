/**
 * Cone: vtkConeSource. Apex and a ring of base points, side triangles and a base polygon,
 * built along +x and then turned onto Direction and moved to Center as VTK does.
 */
import { resolveProperties } from '../properties.js';
import type { FilterDefinition, PropertySchema } from '../types.js';
import { PolyDataBuilder } from './polydata-builder.js';

const properties: readonly PropertySchema[] = [
  {
    name: 'Resolution',
    doc: 'Number of sides.',
    type: 'number',
    integer: true,
    min: 0,
    max: 100000,
    default: 6,
  },
  { name: 'Height', doc: 'Distance from the base to the apex.', type: 'number', min: 0, default: 1 },
  { name: 'Radius', doc: 'Base radius.', type: 'number', min: 0, default: 0.5 },
  {
    name: 'Center',
    doc: 'Centre of the cone (half way along its axis).',
    type: 'numbers',
    size: 3,
    default: [0, 0, 0],
  },
  { name: 'Direction', doc: 'Axis, from base to apex.', type: 'numbers', size: 3, default: [1, 0, 0] },
  { name: 'Capping', doc: 'Close the base with a polygon.', type: 'boolean', default: true },
];

/** The rotation by 180° about the bisector of +x and `direction`, which maps +x onto it. */
export function alignXTo(direction: readonly number[]): (p: number[]) => number[] {
  const length = Math.hypot(direction[0], direction[1], direction[2]);
  if (length === 0) return (p) => p;
  const d = direction.map((v) => v / length);
  if (d[0] === 1) return (p) => p;
  let axis = [d[0] + 1, d[1], d[2]];
  let norm = Math.hypot(axis[0], axis[1], axis[2]);
  if (norm < 1e-12) {
    // Direction is −x: any perpendicular axis works; VTK turns about y.
    axis = [0, 1, 0];
    norm = 1;
  }
  const a = axis.map((v) => v / norm);
  return (p) => {
    const dot = 2 * (a[0] * p[0] + a[1] * p[1] + a[2] * p[2]);
    return [dot * a[0] - p[0], dot * a[1] - p[1], dot * a[2] - p[2]];
  };
}

export const coneSource: FilterDefinition = {
  name: 'Cone',
  kind: 'source',
  description:
    'Cone of vtkConeSource: side triangles around an apex and an optional base polygon. Output: PolyData.',
  inputs: { min: 0, max: 0 },
  properties,
  async execute(_inputs, values) {
    const p = resolveProperties('Cone', properties, values);
    const resolution = p.Resolution as number;
    const height = p.Height as number;
    const radius = p.Radius as number;
    const center = p.Center as number[];
    const rotate = alignXTo(p.Direction as number[]);
    const place = (x: number[]) => {
      const r = rotate(x);
      return [r[0] + center[0], r[1] + center[1], r[2] + center[2]];
    };
    const b = new PolyDataBuilder();
    b.addPoint(place([height / 2, 0, 0]));
    const xBase = -height / 2;
    if (resolution === 0) {
      b.addPoint(place([xBase, 0, 0]));
      b.lines.push([0, 1]);
    } else if (resolution === 1 || resolution === 2) {
      // VTK's degenerate cones: a line (1) or two triangles (2) through the axis.
      b.addPoint(place([xBase, radius, 0]));
      b.addPoint(place([xBase, -radius, 0]));
      if (resolution === 1) b.lines.push([0, 1], [0, 2]);
      else b.polys.push([0, 1, 2]);
    } else {
      const angle = (2 * Math.PI) / resolution;
      for (let i = 0; i < resolution; i++) {
        b.addPoint(place([xBase, radius * Math.cos(i * angle), radius * Math.sin(i * angle)]));
      }
      if (p.Capping) b.polys.push(Array.from({ length: resolution }, (_, i) => resolution - i));
      for (let i = 0; i < resolution; i++) b.polys.push([0, i + 1, i + 2 > resolution ? 1 : i + 2]);
    }
    return b.build();
  },
};
