/**
 * ResampleToImage (vtkResampleToImage): probes the input on a regular lattice of
 * SamplingDimensions points spanning the input bounds (UseInputBounds) or SamplingBounds.
 * Output ImageData whose point data holds every input point array (interpolated), every input
 * cell array (value of the containing cell), `vtkValidPointMask` (1 where the lattice point lies
 * in a cell) and `vtkGhostType` marking the points outside (HIDDENPOINT) and the cells touching
 * them (HIDDENCELL), as VTK does. Any dataset kind; MultiBlock: the leaves are merged into one
 * probe source. Large lattices are probed on the pool by k-slabs.
 */
import { PipelineError, PropertyError } from '../../../errors.js';
import { DataArray } from '../../data/data-array.js';
import {
  type Bounds,
  createImageData,
  type DataObject,
  type DataSet,
  type ImageData,
  isDataSet,
} from '../../data/dataset.js';
import { boundsOf } from '../../data/queries.js';
import { onlyInput } from '../cell-access/blocks.js';
import { probe } from '../cell-locator/probe.js';
import { mergeBlocks } from '../merge-blocks/index.js';
import { resolveProperties } from '../properties.js';
import type { FilterContext, FilterDefinition, PropertySchema, PropertyValues } from '../types.js';

export interface ResampleToImageOptions {
  /** Points along x, y, z (default 50 each). */
  samplingDimensions?: [number, number, number];
  /** Span of the lattice; default: the input bounds. */
  samplingBounds?: Bounds;
}

const HIDDEN_POINT = 2;
const HIDDEN_CELL = 32;

export async function resampleToImage(
  input: DataObject,
  options: ResampleToImageOptions = {},
  context: FilterContext = {},
): Promise<ImageData> {
  let source: DataSet;
  if (isDataSet(input)) source = input;
  else if (input.type === 'MultiBlock') source = mergeBlocks(input, { mergePoints: false });
  else throw new PipelineError(`ResampleToImage cannot process a ${input.type} input`);
  const dims = options.samplingDimensions ?? [50, 50, 50];
  const bounds = options.samplingBounds ?? boundsOf(source);
  const spacing = [0, 1, 2].map((a) =>
    dims[a] > 1 ? (bounds[2 * a + 1] - bounds[2 * a]) / (dims[a] - 1) : 1,
  ) as [number, number, number];
  const origin: [number, number, number] = [bounds[0], bounds[2], bounds[4]];
  const output = createImageData({
    extent: [0, dims[0] - 1, 0, dims[1] - 1, 0, dims[2] - 1],
    origin,
    spacing,
  });
  const count = dims[0] * dims[1] * dims[2];
  const { attributes, mask } = await probe(
    source,
    { kind: 'lattice', origin, spacing, dims },
    count,
    context,
  );
  const pointGhosts = new Uint8Array(count);
  const cellGhosts = new Uint8Array(
    Math.max(1, dims[0] - 1) * Math.max(1, dims[1] - 1) * Math.max(1, dims[2] - 1),
  );
  let anyHidden = false;
  for (let p = 0; p < count; p++) {
    if (mask[p]) continue;
    anyHidden = true;
    pointGhosts[p] = HIDDEN_POINT;
  }
  if (anyHidden) {
    const [nx, ny, nz] = dims;
    const cx = Math.max(1, nx - 1);
    const cy = Math.max(1, ny - 1);
    const cz = Math.max(1, nz - 1);
    for (let k = 0; k < cz; k++)
      for (let j = 0; j < cy; j++)
        for (let i = 0; i < cx; i++) {
          let hidden = false;
          for (let dk = 0; dk <= (nz > 1 ? 1 : 0) && !hidden; dk++)
            for (let dj = 0; dj <= (ny > 1 ? 1 : 0) && !hidden; dj++)
              for (let di = 0; di <= (nx > 1 ? 1 : 0) && !hidden; di++) {
                hidden = mask[i + di + nx * (j + dj + ny * (k + dk))] === 0;
              }
          if (hidden) cellGhosts[i + cx * (j + cy * k)] = HIDDEN_CELL;
        }
  }
  output.pointData = attributes;
  output.pointData.add(new DataArray({ name: 'vtkGhostType', values: pointGhosts }));
  output.cellData.add(new DataArray({ name: 'vtkGhostType', values: cellGhosts }));
  output.fieldData = source.fieldData;
  return output;
}

const properties: readonly PropertySchema[] = [
  {
    name: 'UseInputBounds',
    type: 'boolean',
    default: true,
    doc: 'Span the input bounds (else SamplingBounds).',
  },
  {
    name: 'SamplingBounds',
    type: 'numbers',
    size: 6,
    default: [0, 1, 0, 1, 0, 1],
    doc: 'Lattice span [xmin, xmax, ymin, ymax, zmin, zmax] when UseInputBounds is off.',
  },
  {
    name: 'SamplingDimensions',
    type: 'numbers',
    size: 3,
    default: [50, 50, 50],
    doc: 'Lattice points along x, y and z.',
  },
];

export const resampleToImageDefinition: FilterDefinition = {
  name: 'ResampleToImage',
  kind: 'filter',
  description:
    'Probes any dataset on a regular lattice, giving ImageData with the interpolated point arrays, the cell arrays ' +
    'of the containing cells and vtkValidPointMask.',
  inputs: { min: 1, max: 1 },
  properties,
  async execute(inputs: readonly DataObject[], values: PropertyValues, context: FilterContext) {
    const p = resolveProperties('ResampleToImage', properties, values);
    const dims = (p.SamplingDimensions as number[]).map((d) => Math.trunc(d));
    if (dims.some((d) => d < 1) || dims[0] * dims[1] * dims[2] > 2 ** 30) {
      throw new PropertyError(
        'ResampleToImage',
        'SamplingDimensions',
        `each dimension must be ≥ 1 and the lattice at most 2³⁰ points, got ${dims.join('×')}`,
      );
    }
    const bounds = p.SamplingBounds as number[];
    return resampleToImage(
      onlyInput('ResampleToImage', inputs),
      {
        samplingDimensions: dims as [number, number, number],
        samplingBounds: p.UseInputBounds ? undefined : (bounds as Bounds),
      },
      context,
    );
  },
};
