/** Line: vtkLineSource, Resolution segments from Point1 to Point2 as one poly-line. */
import { resolveProperties } from '../properties.js';
import type { FilterDefinition, PropertySchema } from '../types.js';
import { PolyDataBuilder } from './polydata-builder.js';

const properties: readonly PropertySchema[] = [
  { name: 'Point1', doc: 'Start point.', type: 'numbers', size: 3, default: [-0.5, 0, 0] },
  { name: 'Point2', doc: 'End point.', type: 'numbers', size: 3, default: [0.5, 0, 0] },
  {
    name: 'Resolution',
    doc: 'Number of segments.',
    type: 'number',
    integer: true,
    min: 1,
    max: 1e7,
    default: 1,
  },
];

export const lineSource: FilterDefinition = {
  name: 'Line',
  kind: 'source',
  description:
    'Straight poly-line of vtkLineSource with Resolution segments and Texture Coordinates. Output: PolyData.',
  inputs: { min: 0, max: 0 },
  properties,
  async execute(_inputs, values) {
    const p = resolveProperties('Line', properties, values);
    const a = p.Point1 as number[];
    const b2 = p.Point2 as number[];
    const n = p.Resolution as number;
    const b = new PolyDataBuilder();
    const ids: number[] = [];
    for (let i = 0; i <= n; i++) {
      const t = i / n;
      ids.push(
        b.addPoint(
          [0, 1, 2].map((k) => a[k] + t * (b2[k] - a[k])),
          undefined,
          [t, 0],
        ),
      );
    }
    b.lines.push(ids);
    return b.build({ textureCoordinates: 'Texture Coordinates' });
  },
};
