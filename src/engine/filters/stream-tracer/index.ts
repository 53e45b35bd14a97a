/**
 * StreamTracer (vtkStreamTracer as ParaView runs it): stream lines of a point vector field from
 * seed points (a random point cloud or a line), forward, backward or both.
 *
 * Works on ImageData (voxel found from index coordinates, trilinear interpolation) and on
 * every other dataset kind through the cell locator (tetrahedra, voxels, hexahedra, wedges and
 * pyramids; parametric coordinates by Newton iteration); MultiBlock: the first leaf with the
 * vectors. Output: PolyData with one poly-line per direction and seed (lines of fewer than two
 * points are dropped), Float32 points, the input point arrays interpolated along the lines,
 * `IntegrationTime`, `Vorticity`, `Rotation`, `AngularVelocity` and `Normals` (sliding normals
 * turned by the rotation, as VTK) point arrays, and `ReasonForTermination` and `SeedIds` cell
 * arrays. Seeds are split across pool workers; the output order never depends on the split.
 */
import { PipelineError, PropertyError } from '../../../errors.js';
import { DataSetAttributes } from '../../data/attributes.js';
import { allocateTypedArray, DataArray, toSharedTypedArray } from '../../data/data-array.js';
import {
  type Bounds,
  createPolyData,
  type DataObject,
  type DataSet,
  isDataSet,
  type PolyData,
} from '../../data/dataset.js';
import { boundsOf, leaves } from '../../data/queries.js';
import { taskReference } from '../../workers/pool.js';
import { onlyInput } from '../cell-access/blocks.js';
import { numericValues } from '../cell-access/points.js';
import { slidingNormals } from '../cell-access/sliding-normals.js';
import { probeGeometry } from '../cell-locator/cell-locator.js';
import { runPieces, splitRange, workerCount } from '../parallel.js';
import { requireArray, resolveProperties } from '../properties.js';
import { pointSource } from '../sources/point-source.js';
import type {
  ArraySelection,
  FilterContext,
  FilterDefinition,
  PropertySchema,
  PropertyValues,
  TypedObject,
} from '../types.js';
import {
  type TraceBatch,
  type TraceParameters,
  type TraceResult,
  traceStreamlines,
} from './integrate.worker.js';

export { Reason } from './integrate.worker.js';

export type SeedType =
  | { type: 'Point Cloud'; center: readonly [number, number, number]; radius: number; numberOfPoints: number }
  | {
      type: 'Line';
      point1: readonly [number, number, number];
      point2: readonly [number, number, number];
      resolution: number;
    };

export interface StreamTracerOptions extends Partial<TraceParameters> {
  /** The point vectors (default: the active vectors, else the first 3-component point array). */
  vectors?: ArraySelection | null;
  seeds: SeedType;
  integrationDirection?: 'FORWARD' | 'BACKWARD' | 'BOTH';
}

/** Lines worth spreading over the pool (each worker rebuilds nothing: geometry is shared). */
const PARALLEL_MIN_LINES = 16;

async function seedPoints(seeds: SeedType): Promise<Float64Array> {
  if (seeds.type === 'Line') {
    const n = Math.max(1, Math.floor(seeds.resolution));
    // vtkLineSource: x = p1 + (i / n)·(p2 − p1), stored in single precision; the seeds are those floats.
    const out = new Float32Array(3 * (n + 1));
    for (let i = 0; i <= n; i++) {
      const t = i / n;
      for (let a = 0; a < 3; a++) out[3 * i + a] = seeds.point1[a] + t * (seeds.point2[a] - seeds.point1[a]);
    }
    return Float64Array.from(out);
  }
  const cloud = (await pointSource.execute(
    [],
    { Center: seeds.center, Radius: seeds.radius, NumberOfPoints: seeds.numberOfPoints },
    {},
  )) as PolyData;
  return Float64Array.from(numericValues(cloud.points.values));
}

function pickVectors(
  input: DataSet,
  selection: ArraySelection | null | undefined,
): { array: DataArray; cells: boolean } {
  if (selection) {
    const { array, association } = requireArray('StreamTracer', 'Vectors', input, selection, 3);
    return { array, cells: association === 'CELLS' };
  }
  const array =
    input.pointData.getActive('vectors') ??
    input.pointData.dataArrays.find((a) => a.numberOfComponents === 3);
  if (!array) throw new PropertyError('StreamTracer', 'Vectors', 'the input has no 3-component point array');
  return { array, cells: false };
}

function floats(values: DataArray['values'], shared: boolean): Float32Array | Float64Array {
  const f =
    values instanceof Float32Array || values instanceof Float64Array
      ? values
      : Float64Array.from(numericValues(values));
  return shared ? toSharedTypedArray(f) : f;
}

export async function streamTracer(
  inputObject: DataObject,
  options: StreamTracerOptions,
  context: FilterContext = {},
): Promise<PolyData> {
  const input = isDataSet(inputObject)
    ? inputObject
    : inputObject.type === 'MultiBlock'
      ? [...leaves(inputObject)].map((l) => l.data)[0]
      : undefined;
  if (!input) throw new PipelineError(`StreamTracer cannot process a ${inputObject.type} input`);
  const bounds: Bounds = boundsOf(input);
  const vectors = pickVectors(input, options.vectors);
  const parameters: TraceParameters = {
    integrator: options.integrator ?? 'Runge-Kutta 4-5',
    cellLengthUnit: options.cellLengthUnit ?? true,
    initialStep: options.initialStep ?? 0.2,
    minimumStep: options.minimumStep ?? 0.01,
    maximumStep: options.maximumStep ?? 0.5,
    maximumSteps: options.maximumSteps ?? 2000,
    maximumLength:
      options.maximumLength ?? Math.max(bounds[1] - bounds[0], bounds[3] - bounds[2], bounds[5] - bounds[4]),
    terminalSpeed: options.terminalSpeed ?? 1e-12,
    maximumError: options.maximumError ?? 1e-6,
    computeVorticity: options.computeVorticity ?? true,
  };
  const seeds = await seedPoints(options.seeds);
  const seedCount = seeds.length / 3;
  const direction = options.integrationDirection ?? 'BOTH';
  const lineSeeds: number[] = [];
  const lineDirections: number[] = [];
  // VTK's order for BOTH: every forward line, then every backward line.
  for (const sign of direction === 'BOTH' ? [1, -1] : direction === 'FORWARD' ? [1] : [-1]) {
    for (let s = 0; s < seedCount; s++) {
      lineSeeds.push(s);
      lineDirections.push(sign);
    }
  }
  const lines = lineSeeds.length;

  const parallel = lines >= PARALLEL_MIN_LINES && workerCount(context) > 1;
  const globalIds = input.pointData.getActiveName('globalIds');
  const interpolated = input.pointData.dataArrays.filter((a) => a.name !== globalIds);
  const batch: TraceBatch = {
    geometry: probeGeometry(input, { shared: parallel, walk: true }),
    vectors: floats(vectors.array.values, parallel),
    cellVectors: vectors.cells,
    arrays: interpolated.map((a) => ({
      values: floats(a.values, parallel),
      components: a.numberOfComponents,
    })),
    seeds,
    lineSeeds: Int32Array.from(lineSeeds),
    lineDirections: Int8Array.from(lineDirections),
    parameters,
    begin: 0,
    end: lines,
  };
  const ranges = splitRange(0, lines, parallel ? Math.min(lines, 4 * workerCount(context)) : 1);
  const results = await runPieces(
    {
      task: taskReference(new URL('./integrate.worker.js', import.meta.url), 'traceStreamlines'),
      run: traceStreamlines,
      inputs: ranges.map(([begin, end]) => ({ ...batch, begin, end })),
      inline: !parallel,
    },
    context,
  );
  return assemble(input, interpolated, vectors, results, batch, parameters.computeVorticity);
}

function concat(parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function assemble(
  input: DataSet,
  interpolated: DataArray[],
  vectors: { array: DataArray; cells: boolean },
  results: TraceResult[],
  batch: TraceBatch,
  vorticity: boolean,
): PolyData {
  const counts = results.flatMap((r) => Array.from(r.counts));
  const reasons = results.flatMap((r) => Array.from(r.reasons));
  const kept = counts.map((n, line) => ({ n, line })).filter(({ n }) => n > 0);
  const xyz = concat(results.map((r) => r.points));
  const total = xyz.length / 3;
  const offsets = new Int32Array(kept.length + 1);
  kept.forEach(({ n }, i) => {
    offsets[i + 1] = offsets[i] + n;
  });
  const lines = { offsets, connectivity: Int32Array.from({ length: total }, (_, i) => i) };
  const output = createPolyData({
    points: new DataArray({ name: 'Points', values: Float32Array.from(xyz), numberOfComponents: 3 }),
    lines,
  });
  const pointData = new DataSetAttributes();
  interpolated.forEach((source, a) => {
    const values = concat(results.map((r) => r.arrays[a]));
    const typed = allocateTypedArray(source.dataType, values.length);
    const integer = !(typed instanceof Float32Array || typed instanceof Float64Array);
    if (typed instanceof BigInt64Array || typed instanceof BigUint64Array) {
      for (let i = 0; i < values.length; i++) typed[i] = BigInt(Math.round(values[i]));
    } else {
      for (let i = 0; i < values.length; i++) typed[i] = integer ? Math.round(values[i]) : values[i];
    }
    pointData.add(
      new DataArray({ name: source.name, values: typed, numberOfComponents: source.numberOfComponents }),
    );
  });
  pointData.copyActiveFrom(input.pointData);
  const velocity = concat(results.map((r) => r.velocity));
  if (vectors.cells) {
    pointData.add(new DataArray({ name: vectors.array.name, values: velocity, numberOfComponents: 3 }));
  }
  pointData.add(new DataArray({ name: 'IntegrationTime', values: concat(results.map((r) => r.time)) }));
  if (vorticity) {
    const rotation = concat(results.map((r) => r.rotation));
    pointData.add(
      new DataArray({
        name: 'Vorticity',
        values: concat(results.map((r) => r.vorticity)),
        numberOfComponents: 3,
      }),
    );
    pointData.add(new DataArray({ name: 'Rotation', values: rotation }));
    pointData.add(
      new DataArray({ name: 'AngularVelocity', values: concat(results.map((r) => r.angularVelocity)) }),
    );
    if (total > 1) {
      pointData.add(
        new DataArray({
          name: 'Normals',
          values: streamNormals(xyz, lines, velocity, rotation),
          numberOfComponents: 3,
        }),
      );
      pointData.setActive('vectors', 'Normals');
    }
  }
  output.pointData = pointData;
  output.cellData.add(
    new DataArray({
      name: 'ReasonForTermination',
      values: Int32Array.from(kept.map(({ line }) => reasons[line])),
    }),
  );
  output.cellData.add(
    new DataArray({
      name: 'SeedIds',
      values: Int32Array.from(kept.map(({ line }) => batch.lineSeeds[line])),
    }),
  );
  return output;
}

/** VTK's stream normals: sliding normals, then turned about the line by the rotation angle. */
function streamNormals(
  xyz: Float64Array,
  lines: PolyData['lines'],
  velocity: Float64Array,
  rotation: Float64Array,
) {
  const n = xyz.length / 3;
  const normals = new Float64Array(3 * n);
  for (let p = 0; p < n; p++) normals[3 * p] = 1;
  // VTK slides the normals along the float points it stored.
  slidingNormals(Float32Array.from(xyz), lines, normals);
  for (let p = 0; p < n; p++) {
    const l1 = [normals[3 * p], normals[3 * p + 1], normals[3 * p + 2]];
    const length = Math.hypot(l1[0], l1[1], l1[2]);
    if (length !== 0) for (let a = 0; a < 3; a++) l1[a] /= length;
    const v = [velocity[3 * p], velocity[3 * p + 1], velocity[3 * p + 2]];
    const l2 = [l1[1] * v[2] - l1[2] * v[1], l1[2] * v[0] - l1[0] * v[2], l1[0] * v[1] - l1[1] * v[0]];
    const l2n = Math.hypot(l2[0], l2[1], l2[2]);
    if (l2n !== 0) for (let a = 0; a < 3; a++) l2[a] /= l2n;
    const c = Math.cos(rotation[p]);
    const s = Math.sin(rotation[p]);
    for (let a = 0; a < 3; a++) normals[3 * p + a] = length * (c * l1[a] + s * l2[a]);
  }
  return normals;
}

const seedKinds: Record<string, readonly PropertySchema[]> = {
  'Point Cloud': [
    {
      name: 'Center',
      type: 'numbers',
      size: 3,
      default: [0, 0, 0],
      doc: 'Centre of the ball of seeds (default: centre of the bounds).',
    },
    {
      name: 'Radius',
      type: 'number',
      default: 0,
      min: 0,
      doc: 'Radius of the ball (default: a tenth of the bounds diagonal).',
    },
    {
      name: 'NumberOfPoints',
      type: 'number',
      default: 100,
      min: 1,
      max: 1_000_000,
      integer: true,
      doc: 'Number of seeds.',
    },
  ],
  Line: [
    {
      name: 'Point1',
      type: 'numbers',
      size: 3,
      default: [0, 0, 0],
      doc: 'Start of the seed line (default: bounds minimum).',
    },
    {
      name: 'Point2',
      type: 'numbers',
      size: 3,
      default: [1, 1, 1],
      doc: 'End of the seed line (default: bounds maximum).',
    },
    {
      name: 'Resolution',
      type: 'number',
      default: 1000,
      min: 1,
      max: 10_000_000,
      integer: true,
      doc: 'Segments (seeds − 1).',
    },
  ],
};

const properties: readonly PropertySchema[] = [
  {
    name: 'Vectors',
    type: 'array',
    default: null,
    association: 'ANY',
    components: 3,
    doc: 'The vector field to trace.',
  },
  {
    name: 'SeedType',
    type: 'object',
    default: { Type: 'Point Cloud' },
    kinds: seedKinds,
    doc: 'Where stream lines start: a random ball of points or a line.',
  },
  {
    name: 'IntegrationDirection',
    type: 'enum',
    default: 'BOTH',
    values: ['FORWARD', 'BACKWARD', 'BOTH'],
    doc: 'Trace along the field, against it, or both.',
  },
  {
    name: 'IntegratorType',
    type: 'enum',
    default: 'Runge-Kutta 4-5',
    values: ['Runge-Kutta 2', 'Runge-Kutta 4', 'Runge-Kutta 4-5'],
    doc: 'Integration scheme (4-5 adapts its step to MaximumError).',
  },
  {
    name: 'IntegrationStepUnit',
    type: 'enum',
    default: 'Cell Length',
    values: ['Length', 'Cell Length'],
    doc: 'Unit of the step lengths.',
  },
  { name: 'InitialStepLength', type: 'number', default: 0.2, min: 0, doc: 'First step.' },
  { name: 'MinimumStepLength', type: 'number', default: 0.01, min: 0, doc: 'Smallest adaptive step.' },
  { name: 'MaximumStepLength', type: 'number', default: 0.5, min: 0, doc: 'Largest adaptive step.' },
  {
    name: 'MaximumSteps',
    type: 'number',
    default: 2000,
    min: 0,
    integer: true,
    doc: 'Steps per line at most.',
  },
  {
    name: 'MaximumStreamlineLength',
    type: 'number',
    default: 1,
    min: 0,
    doc: 'Length of a line at most (default: the largest side of the bounds).',
  },
  {
    name: 'TerminalSpeed',
    type: 'number',
    default: 1e-12,
    min: 0,
    doc: 'Stop where the speed falls below this.',
  },
  {
    name: 'MaximumError',
    type: 'number',
    default: 1e-6,
    min: 0,
    doc: 'Error bound of the adaptive integrator.',
  },
  {
    name: 'ComputeVorticity',
    type: 'boolean',
    default: true,
    doc: 'Output vorticity, rotation and normals.',
  },
  {
    name: 'InterpolatorType',
    type: 'enum',
    default: 'Interpolator with Point Locator',
    values: ['Interpolator with Point Locator', 'Interpolator with Cell Locator'],
    doc: 'Accepted for ParaView compatibility: cells are always found with a cell locator.',
  },
];

export const streamTracerDefinition: FilterDefinition = {
  name: 'StreamTracer',
  kind: 'filter',
  description:
    'Stream lines of a vector field from a point cloud or a line of seeds (Runge-Kutta 2, 4 or 4-5). Any dataset ' +
    'kind; output poly-lines with interpolated point data, integration time, vorticity and termination reasons.',
  inputs: { min: 1, max: 1 },
  properties,
  async execute(inputs: readonly DataObject[], values: PropertyValues, context: FilterContext) {
    const p = resolveProperties('StreamTracer', properties, values);
    const input = onlyInput('StreamTracer', inputs);
    let bounds: Bounds = [0, 1, 0, 1, 0, 1];
    for (const leaf of leaves(input)) {
      bounds = boundsOf(leaf.data);
      break;
    }
    const given = (values.SeedType ?? {}) as Partial<TypedObject>;
    const seed = p.SeedType as TypedObject;
    const center: [number, number, number] = [
      (bounds[0] + bounds[1]) / 2,
      (bounds[2] + bounds[3]) / 2,
      (bounds[4] + bounds[5]) / 2,
    ];
    const diagonal = Math.hypot(bounds[1] - bounds[0], bounds[3] - bounds[2], bounds[5] - bounds[4]);
    const seeds: SeedType =
      seed.Type === 'Line'
        ? {
            type: 'Line',
            point1: (given.Point1 ?? [bounds[0], bounds[2], bounds[4]]) as [number, number, number],
            point2: (given.Point2 ?? [bounds[1], bounds[3], bounds[5]]) as [number, number, number],
            resolution: seed.Resolution as number,
          }
        : {
            type: 'Point Cloud',
            center: (given.Center ?? center) as [number, number, number],
            radius: (given.Radius as number | undefined) ?? diagonal / 10,
            numberOfPoints: seed.NumberOfPoints as number,
          };
    const options: StreamTracerOptions = {
      vectors: p.Vectors as ArraySelection | null,
      seeds,
      integrationDirection: p.IntegrationDirection as StreamTracerOptions['integrationDirection'],
      integrator: p.IntegratorType as TraceParameters['integrator'],
      cellLengthUnit: p.IntegrationStepUnit === 'Cell Length',
      initialStep: p.InitialStepLength as number,
      minimumStep: p.MinimumStepLength as number,
      maximumStep: p.MaximumStepLength as number,
      maximumSteps: p.MaximumSteps as number,
      maximumLength:
        values.MaximumStreamlineLength === undefined ? undefined : (p.MaximumStreamlineLength as number),
      terminalSpeed: p.TerminalSpeed as number,
      maximumError: p.MaximumError as number,
      computeVorticity: p.ComputeVorticity as boolean,
    };
    return streamTracer(input, options, context);
  },
};
