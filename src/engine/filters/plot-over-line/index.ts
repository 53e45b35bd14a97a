/**
 * PlotOverLine (ParaView 5.11's vtkProbeLineFilter with "Sample Uniformly"): probes the input at
 * Resolution + 1 evenly spaced points from Point1 to Point2. Output PolyData: the points as one
 * poly-line, with every input point array interpolated, every cell array of the containing cell,
 * `arc_length` (distance from Point1) and `vtkValidPointMask`. Points outside the input get
 * zeros and mask 0. Any dataset kind; MultiBlock leaves are probed together. Large resolutions
 * are probed on the pool.
 */
import { PipelineError } from '../../../errors.js';
import { DataArray } from '../../data/data-array.js';
import {
  createPolyData,
  type DataObject,
  type DataSet,
  isDataSet,
  type PolyData,
} from '../../data/dataset.js';
import { boundsOf } from '../../data/queries.js';
import { onlyInput } from '../cell-access/blocks.js';
import { probe } from '../cell-locator/probe.js';
import { mergeBlocks } from '../merge-blocks/index.js';
import { resolveProperties } from '../properties.js';
import type { FilterContext, FilterDefinition, PropertySchema, PropertyValues } from '../types.js';

export interface PlotOverLineOptions {
  point1: readonly [number, number, number];
  point2: readonly [number, number, number];
  /** Number of segments (default 1000). */
  resolution?: number;
}

export async function plotOverLine(
  input: DataObject,
  options: PlotOverLineOptions,
  context: FilterContext = {},
): Promise<PolyData> {
  let source: DataSet;
  if (isDataSet(input)) source = input;
  else if (input.type === 'MultiBlock') source = mergeBlocks(input, { mergePoints: false });
  else throw new PipelineError(`PlotOverLine cannot process a ${input.type} input`);
  const resolution = Math.max(1, Math.floor(options.resolution ?? 1000));
  const count = resolution + 1;
  const points = new Float64Array(3 * count);
  const arc = new Float64Array(count);
  const { point1: a, point2: b } = options;
  const length = Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]);
  for (let i = 0; i < count; i++) {
    const t = i / resolution;
    for (let c = 0; c < 3; c++) points[3 * i + c] = a[c] + t * (b[c] - a[c]);
    arc[i] = t * length;
  }
  const { attributes } = await probe(source, { kind: 'list', points }, count, context);
  const output = createPolyData({
    points: new DataArray({ name: 'Points', values: points, numberOfComponents: 3 }),
    lines: {
      offsets: Int32Array.of(0, count),
      connectivity: Int32Array.from({ length: count }, (_, i) => i),
    },
  });
  const mask = attributes.getDataArray('vtkValidPointMask')!;
  attributes.remove('vtkValidPointMask');
  attributes.add(new DataArray({ name: 'arc_length', values: arc }));
  attributes.add(mask);
  output.pointData = attributes;
  output.fieldData = source.fieldData;
  return output;
}

const properties: readonly PropertySchema[] = [
  {
    name: 'Point1',
    type: 'numbers',
    size: 3,
    default: [0, 0, 0],
    doc: 'Start of the line (default: bounds minimum).',
  },
  {
    name: 'Point2',
    type: 'numbers',
    size: 3,
    default: [1, 1, 1],
    doc: 'End of the line (default: bounds maximum).',
  },
  {
    name: 'Resolution',
    type: 'number',
    default: 1000,
    min: 1,
    max: 100_000_000,
    integer: true,
    doc: 'Number of segments (samples − 1).',
  },
  {
    name: 'SamplingPattern',
    type: 'enum',
    default: 'Sample Uniformly',
    values: ['Sample Uniformly'],
    doc: 'Where samples are taken (evenly spaced points).',
  },
];

export const plotOverLineDefinition: FilterDefinition = {
  name: 'PlotOverLine',
  kind: 'filter',
  description:
    'Probes any dataset along a line at Resolution + 1 points; output PolyData with the probed arrays, arc_length ' +
    'and vtkValidPointMask.',
  inputs: { min: 1, max: 1 },
  properties,
  async execute(inputs: readonly DataObject[], values: PropertyValues, context: FilterContext) {
    const p = resolveProperties('PlotOverLine', properties, values);
    const input = onlyInput('PlotOverLine', inputs);
    let first: DataSet | undefined = isDataSet(input) ? input : undefined;
    if (!first && input.type === 'MultiBlock') first = mergeBlocks(input, { mergePoints: false });
    const bounds = first ? boundsOf(first) : [0, 1, 0, 1, 0, 1];
    const point1 = (values.Point1 === undefined ? [bounds[0], bounds[2], bounds[4]] : p.Point1) as [
      number,
      number,
      number,
    ];
    const point2 = (values.Point2 === undefined ? [bounds[1], bounds[3], bounds[5]] : p.Point2) as [
      number,
      number,
      number,
    ];
    return plotOverLine(input, { point1, point2, resolution: p.Resolution as number }, context);
  },
};
