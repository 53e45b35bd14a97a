/**
 * Cylinder: vtkCylinderSource, axis along y. Side quads have their own points (so normals are
 * radial) and the caps their own again, with Normals and TCoords as VTK makes them.
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
    min: 2,
    max: 100000,
    default: 6,
  },
  { name: 'Height', doc: 'Length along y.', type: 'number', min: 0, default: 1 },
  { name: 'Radius', doc: 'Radius.', type: 'number', min: 0, default: 0.5 },
  { name: 'Center', doc: 'Centre of the cylinder.', type: 'numbers', size: 3, default: [0, 0, 0] },
  { name: 'Capping', doc: 'Close both ends with polygons.', type: 'boolean', default: true },
];

export const cylinderSource: FilterDefinition = {
  name: 'Cylinder',
  kind: 'source',
  description:
    'Cylinder of vtkCylinderSource along the y axis: side quads and optional cap polygons, with Normals and TCoords. Output: PolyData.',
  inputs: { min: 0, max: 0 },
  properties,
  async execute(_inputs, values) {
    const p = resolveProperties('Cylinder', properties, values);
    const res = p.Resolution as number;
    const h = p.Height as number;
    const r = p.Radius as number;
    const [cx, cy, cz] = p.Center as number[];
    const angle = (2 * Math.PI) / res;
    const b = new PolyDataBuilder();
    for (let i = 0; i < res; i++) {
      const n = [Math.cos(i * angle), 0, -Math.sin(i * angle)];
      const u = Math.abs((2 * i) / res - 1);
      b.addPoint([r * n[0] + cx, 0.5 * h + cy, r * n[2] + cz], n, [u, 0]);
      b.addPoint([r * n[0] + cx, -0.5 * h + cy, r * n[2] + cz], n, [u, 1]);
    }
    for (let i = 0; i < res; i++) {
      b.polys.push([2 * i, 2 * i + 1, (2 * i + 3) % (2 * res), (2 * i + 2) % (2 * res)]);
    }
    if (p.Capping) {
      const top: number[] = [];
      const bottom: number[] = [];
      for (let i = 0; i < res; i++) {
        const x = r * Math.cos(i * angle);
        const z = -r * Math.sin(i * angle);
        top.push(b.addPoint([x + cx, 0.5 * h + cy, z + cz], [0, 1, 0], [x, z]));
      }
      for (let i = 0; i < res; i++) {
        const x = r * Math.cos(i * angle);
        const z = -r * Math.sin(i * angle);
        bottom.push(b.addPoint([x + cx, -0.5 * h + cy, z + cz], [0, -1, 0], [x, z]));
      }
      b.polys.push(top, bottom.reverse());
    }
    return b.build({ normals: 'Normals', textureCoordinates: 'TCoords' });
  },
};
