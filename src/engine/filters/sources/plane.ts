/** Plane: vtkPlaneSource, a grid of quads spanned by Origin→Point1 and Origin→Point2. */
import { PropertyError } from '../../../errors.js';
import { resolveProperties } from '../properties.js';
import type { FilterDefinition, PropertySchema } from '../types.js';
import { PolyDataBuilder } from './polydata-builder.js';

const properties: readonly PropertySchema[] = [
  { name: 'Origin', doc: 'Corner of the plane.', type: 'numbers', size: 3, default: [-0.5, -0.5, 0] },
  { name: 'Point1', doc: 'End of the first axis.', type: 'numbers', size: 3, default: [0.5, -0.5, 0] },
  { name: 'Point2', doc: 'End of the second axis.', type: 'numbers', size: 3, default: [-0.5, 0.5, 0] },
  {
    name: 'XResolution',
    doc: 'Quads along the first axis.',
    type: 'number',
    integer: true,
    min: 1,
    max: 1e5,
    default: 1,
  },
  {
    name: 'YResolution',
    doc: 'Quads along the second axis.',
    type: 'number',
    integer: true,
    min: 1,
    max: 1e5,
    default: 1,
  },
];

export const planeSource: FilterDefinition = {
  name: 'Plane',
  kind: 'source',
  description:
    'Parallelogram of vtkPlaneSource split into XResolution × YResolution quads, with Normals and TextureCoordinates. Output: PolyData.',
  inputs: { min: 0, max: 0 },
  properties,
  async execute(_inputs, values) {
    const p = resolveProperties('Plane', properties, values);
    const o = p.Origin as number[];
    const v1 = (p.Point1 as number[]).map((x, a) => x - o[a]);
    const v2 = (p.Point2 as number[]).map((x, a) => x - o[a]);
    const n = [v1[1] * v2[2] - v1[2] * v2[1], v1[2] * v2[0] - v1[0] * v2[2], v1[0] * v2[1] - v1[1] * v2[0]];
    const length = Math.hypot(n[0], n[1], n[2]);
    if (length === 0) throw new PropertyError('Plane', 'Point2', 'the two axes are parallel or empty');
    const normal = n.map((x) => x / length);
    const nx = p.XResolution as number;
    const ny = p.YResolution as number;
    const b = new PolyDataBuilder();
    for (let j = 0; j <= ny; j++) {
      for (let i = 0; i <= nx; i++) {
        const s = i / nx;
        const t = j / ny;
        b.addPoint(
          [0, 1, 2].map((a) => o[a] + s * v1[a] + t * v2[a]),
          normal,
          [s, t],
        );
      }
    }
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const a = j * (nx + 1) + i;
        b.polys.push([a, a + 1, a + nx + 2, a + nx + 1]);
      }
    }
    return b.build({ normals: 'Normals', textureCoordinates: 'TextureCoordinates' });
  },
};
