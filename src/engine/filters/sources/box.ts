/** Box: vtkCubeSource. 24 points (4 per face, so each face has its own normal), 6 quads. */
import { resolveProperties } from '../properties.js';
import type { FilterDefinition, PropertySchema } from '../types.js';
import { PolyDataBuilder } from './polydata-builder.js';

const properties: readonly PropertySchema[] = [
  { name: 'XLength', doc: 'Size along x.', type: 'number', min: 0, default: 1 },
  { name: 'YLength', doc: 'Size along y.', type: 'number', min: 0, default: 1 },
  { name: 'ZLength', doc: 'Size along z.', type: 'number', min: 0, default: 1 },
  { name: 'Center', doc: 'Centre of the box.', type: 'numbers', size: 3, default: [0, 0, 0] },
];

export const boxSource: FilterDefinition = {
  name: 'Box',
  kind: 'source',
  description:
    'Axis-aligned box of vtkCubeSource: six quads with face Normals and TCoords. Output: PolyData.',
  inputs: { min: 0, max: 0 },
  properties,
  async execute(_inputs, values) {
    const p = resolveProperties('Box', properties, values);
    const size = [p.XLength as number, p.YLength as number, p.ZLength as number];
    const center = p.Center as number[];
    const b = new PolyDataBuilder();
    // For each axis, the low face then the high face; the other two axes span the face.
    for (let axis = 0; axis < 3; axis++) {
      const u = (axis + 1) % 3;
      const v = (axis + 2) % 3;
      for (const side of [-1, 1]) {
        const normal = [0, 0, 0];
        normal[axis] = side;
        const ids: number[] = [];
        for (const [su, sv] of [
          [-1, -1],
          [1, -1],
          [1, 1],
          [-1, 1],
        ]) {
          const x = [0, 0, 0];
          x[axis] = center[axis] + (side * size[axis]) / 2;
          x[u] = center[u] + (su * size[u]) / 2;
          x[v] = center[v] + (sv * size[v]) / 2;
          ids.push(b.addPoint(x, normal, [(su + 1) / 2, (sv + 1) / 2]));
        }
        // Counter-clockwise seen from outside.
        b.polys.push(side > 0 ? ids : [ids[0], ids[3], ids[2], ids[1]]);
      }
    }
    return b.build({ normals: 'Normals', textureCoordinates: 'TCoords' });
  },
};
