/**
 * PointSource: vtkPointSource, NumberOfPoints random points in a ball (or on its shell) as one
 * poly-vertex cell. The random sequence is the minimal standard generator (Park–Miller, seed 1),
 * the kind VTK uses, so a pipeline gives the same points every run.
 */
import { resolveProperties } from '../properties.js';
import type { FilterDefinition, PropertySchema } from '../types.js';
import { PolyDataBuilder } from './polydata-builder.js';

const properties: readonly PropertySchema[] = [
  { name: 'Center', doc: 'Centre of the ball.', type: 'numbers', size: 3, default: [0, 0, 0] },
  {
    name: 'NumberOfPoints',
    doc: 'Points to make.',
    type: 'number',
    integer: true,
    min: 1,
    max: 1e8,
    default: 1,
  },
  { name: 'Radius', doc: 'Radius of the ball.', type: 'number', min: 0, default: 0 },
  {
    name: 'Distribution',
    doc: 'Uniform in the ball, or on its surface.',
    type: 'enum',
    values: ['Uniform', 'Shell'],
    default: 'Uniform',
  },
];

export function minimalStandardRandom(seed = 1): () => number {
  let state = seed;
  return () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
}

export const pointSource: FilterDefinition = {
  name: 'PointSource',
  kind: 'source',
  description:
    'Random points of vtkPointSource in a ball or on a sphere, as one poly-vertex cell. Output: PolyData.',
  inputs: { min: 0, max: 0 },
  properties,
  async execute(_inputs, values) {
    const p = resolveProperties('PointSource', properties, values);
    const [cx, cy, cz] = p.Center as number[];
    const radius = p.Radius as number;
    const shell = p.Distribution === 'Shell';
    const random = minimalStandardRandom();
    const b = new PolyDataBuilder();
    const ids: number[] = [];
    for (let i = 0; i < (p.NumberOfPoints as number); i++) {
      const cosPhi = 1 - 2 * random();
      const sinPhi = Math.sqrt(1 - cosPhi * cosPhi);
      // Cube root of a uniform variable spreads points evenly through the ball's volume.
      const rho = shell ? radius : radius * Math.cbrt(random());
      const ring = rho * sinPhi;
      const theta = 2 * Math.PI * random();
      ids.push(b.addPoint([cx + ring * Math.cos(theta), cy + ring * Math.sin(theta), cz + rho * cosPhi]));
    }
    b.verts.push(ids);
    return b.build();
  },
};
