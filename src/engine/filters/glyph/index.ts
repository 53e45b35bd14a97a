/**
 * Glyph (ParaView's vtkPVGlyphFilter): a copy of a glyph shape (Arrow, Cone, Box, Cylinder,
 * Line, Sphere) at selected points, turned to an orientation vector and scaled by a scale array
 * times ScaleFactor. Output: PolyData (MultiBlock → MultiBlock of PolyData) with Float32 points,
 * the input point data repeated on every glyph point (normals excepted), and `Normals` when the
 * shape has normals. Orientation or scale given as cell arrays glyph the cell centres instead.
 *
 * GlyphMode: 'All Points'; 'Every Nth Point' (ids divisible by Stride); 'Uniform Spatial
 * Distribution (Bounds Based)' (ParaView's default): MaximumNumberOfSamplePoints random points
 * in the bounds (vtkMinimalStandardRandomSequence seeded by Seed), each taking the closest input
 * point within half the mean sample spacing. Many glyphs are placed in parallel on the pool.
 */
import { PipelineError } from '../../../errors.js';
import type { DataSetAttributes } from '../../data/attributes.js';
import { DataArray, toSharedTypedArray } from '../../data/data-array.js';
import {
  type Bounds,
  createMultiBlock,
  createPolyData,
  type DataObject,
  type DataSet,
  isDataSet,
  type MultiBlock,
  type PolyData,
} from '../../data/dataset.js';
import { boundsOf, EMPTY_BOUNDS, leaves, unionBounds } from '../../data/queries.js';
import { taskReference } from '../../workers/pool.js';
import { gatherAttributes } from '../cell-access/attributes.js';
import { onlyInput } from '../cell-access/blocks.js';
import { cellSourceOf } from '../cell-access/cells.js';
import { PointLocator } from '../cell-access/point-locator.js';
import { numericValues, pointCoordinates } from '../cell-access/points.js';
import { runPieces, splitRange, workerCount } from '../parallel.js';
import { requireArray, resolveProperties } from '../properties.js';
import { affineMap, mapTuples, type TransformParameters } from '../transform/matrix.js';
import type {
  ArraySelection,
  FilterContext,
  FilterDefinition,
  PropertySchema,
  PropertyValues,
  TypedObject,
} from '../types.js';
import { type GlyphBatch, placeGlyphs } from './glyph.worker.js';
import { GLYPH_KINDS, glyphShape } from './shapes.js';

export type GlyphMode = 'All Points' | 'Every Nth Point' | 'Uniform Spatial Distribution (Bounds Based)';

export interface GlyphOptions {
  /** `{ Type: 'Arrow' | 'Cone' | 'Box' | 'Cylinder' | 'Line' | 'Sphere', …shape properties }`. */
  glyphType?: TypedObject;
  /** Vectors the glyph's +x axis follows (none: no rotation). */
  orientationArray?: ArraySelection | null;
  /** Scalars or vectors that scale the glyphs (none: ScaleFactor alone). */
  scaleArray?: ArraySelection | null;
  /** Multiplier of every glyph (default: a tenth of the largest side of the bounds, as ParaView). */
  scaleFactor?: number;
  /** Vector scale arrays scale by their magnitude (default) or component by component. */
  vectorScaleMode?: 'Scale by Magnitude' | 'Scale by Components';
  glyphMode?: GlyphMode;
  maximumNumberOfSamplePoints?: number;
  stride?: number;
  seed?: number;
  /** Applied to the shape before placing it. */
  glyphTransform?: TransformParameters;
}

const NO_ARRAY = new Set(['No orientation array', 'No scale array']);
/** Below this many output points the kernel runs inline. */
const PARALLEL_MIN_POINTS = 1 << 18;

function selection(value: ArraySelection | null | undefined): ArraySelection | null {
  return value && !NO_ARRAY.has(value[1]) ? value : null;
}

/** vtkMinimalStandardRandomSequence: Park–Miller; SetSeed skips three values. */
class MinimalStandardRandom {
  #state: number;
  constructor(seed: number) {
    this.#state = seed % 2147483647 || 1;
    if (this.#state < 0) this.#state += 2147483647;
    for (let i = 0; i < 3; i++) this.next();
  }
  next(): void {
    this.#state = (this.#state * 16807) % 2147483647;
  }
  range(min: number, max: number): number {
    return min + (this.#state / 2147483647) * (max - min);
  }
}

interface Samples {
  points: Float64Array;
  radius: number;
}

/** ParaView's sample points in the bounds and the radius each may reach. */
function boundsSamples(bounds: Bounds, count: number, seed: number): Samples | undefined {
  if (bounds[0] > bounds[1]) return undefined;
  const random = new MinimalStandardRandom(seed);
  const points = new Float64Array(3 * count);
  for (let i = 0; i < count; i++) {
    for (let a = 0; a < 3; a++) {
      random.next();
      points[3 * i + a] = random.range(bounds[2 * a], bounds[2 * a + 1]);
    }
  }
  const lengths = [bounds[1] - bounds[0], bounds[3] - bounds[2], bounds[5] - bounds[4]];
  const dimension = lengths.every((l) => l > 0) ? 3 : 2;
  const diagonal = Math.hypot(...lengths);
  const volume = diagonal ** dimension;
  const radius = volume > 0 ? (volume / count) ** (1 / dimension) / 2 : 0.0001;
  return { points, radius };
}

function selectPoints(
  xyz: Float32Array | Float64Array,
  ghosts: ArrayLike<number> | undefined,
  mode: GlyphMode,
  stride: number,
  samples: Samples | undefined,
): Int32Array {
  const n = xyz.length / 3;
  const visible = (p: number) => !ghosts || (ghosts[p] & 1) === 0;
  if (mode === 'Uniform Spatial Distribution (Bounds Based)') {
    if (!samples || n === 0) return new Int32Array(0);
    const locator = new PointLocator(xyz);
    const chosen = new Uint8Array(n);
    for (let s = 0; s < samples.points.length; s += 3) {
      const p = locator.findClosestWithinRadius(
        samples.points[s],
        samples.points[s + 1],
        samples.points[s + 2],
        samples.radius,
      );
      if (p >= 0) chosen[p] = 1;
    }
    const ids: number[] = [];
    for (let p = 0; p < n; p++) if (chosen[p] && visible(p)) ids.push(p);
    return Int32Array.from(ids);
  }
  const ids: number[] = [];
  for (let p = 0; p < n; p++) {
    if (!visible(p)) continue;
    if (mode === 'Every Nth Point' && stride > 1 && p % stride !== 0) continue;
    ids.push(p);
  }
  return Int32Array.from(ids);
}

/** Cell centres (mean of each cell's points) with the cell data as their point data. */
function cellCenters(data: DataSet): { xyz: Float64Array; pointData: DataSetAttributes } {
  const source = cellSourceOf(data);
  const xyz = pointCoordinates(data);
  const ids = new Int32Array(source.maxCellSize);
  const out = new Float64Array(3 * source.numberOfCells);
  for (let c = 0; c < source.numberOfCells; c++) {
    const n = source.cellPointIds(c, ids);
    for (let k = 0; k < n; k++) for (let a = 0; a < 3; a++) out[3 * c + a] += xyz[3 * ids[k] + a] / n;
  }
  return { xyz: out, pointData: data.cellData };
}

function repeatCells(cells: PolyData['polys'], glyphs: number, shapePoints: number): PolyData['polys'] {
  const cellCount = cells.offsets.length - 1;
  const size = cells.connectivity.length;
  const offsets = new Int32Array(glyphs * cellCount + 1);
  const connectivity = new Int32Array(glyphs * size);
  for (let g = 0; g < glyphs; g++) {
    for (let c = 0; c < cellCount; c++) offsets[g * cellCount + c + 1] = g * size + cells.offsets[c + 1];
    for (let i = 0; i < size; i++) connectivity[g * size + i] = cells.connectivity[i] + g * shapePoints;
  }
  return { offsets, connectivity };
}

interface PreparedShape {
  shape: PolyData;
  points: Float64Array;
  normals: Float64Array;
}

async function prepareShape(options: GlyphOptions): Promise<PreparedShape> {
  const shape = await glyphShape(options.glyphType ?? { Type: 'Arrow' });
  const points = Float64Array.from(numericValues(shape.points.values));
  const normalsArray = shape.pointData.getActive('normals');
  let normals: Float64Array = normalsArray
    ? Float64Array.from(numericValues(normalsArray.values))
    : new Float64Array(0);
  if (options.glyphTransform) {
    const map = affineMap(options.glyphTransform);
    mapTuples(map.linear, points, points, map.translation);
    if (normals.length) {
      const turned = new Float64Array(normals.length);
      mapTuples(map.normal, normals, turned, undefined, true);
      normals = turned;
    }
  }
  return { shape, points, normals };
}

async function glyphDataSet(
  input: DataSet,
  options: GlyphOptions,
  prepared: PreparedShape,
  samples: Samples | undefined,
  scaleFactor: number,
  context: FilterContext,
): Promise<PolyData> {
  const orientationSelection = selection(options.orientationArray);
  const scaleSelection = selection(options.scaleArray);
  const orientationArray = orientationSelection
    ? requireArray('Glyph', 'OrientationArray', input, orientationSelection, 3)
    : undefined;
  const scaleArray = scaleSelection ? requireArray('Glyph', 'ScaleArray', input, scaleSelection) : undefined;
  const atCells = orientationArray?.association === 'CELLS' || scaleArray?.association === 'CELLS';
  const { xyz, pointData } = atCells
    ? cellCenters(input)
    : { xyz: pointCoordinates(input), pointData: input.pointData };
  const ghosts = atCells ? undefined : input.pointData.getDataArray('vtkGhostType')?.values;
  const selected = selectPoints(
    xyz,
    ghosts as ArrayLike<number> | undefined,
    options.glyphMode ?? 'Uniform Spatial Distribution (Bounds Based)',
    options.stride ?? 1,
    samples,
  );

  const shapeCount = prepared.points.length / 3;
  const total = selected.length * shapeCount;
  const parallel = total >= PARALLEL_MIN_POINTS;
  const share = <T extends Float32Array | Float64Array>(values: T): T =>
    parallel ? toSharedTypedArray(values) : values;
  const floats = (values: DataArray['values'] | undefined): Float32Array | Float64Array => {
    if (!values) return new Float64Array(0);
    return values instanceof Float32Array || values instanceof Float64Array
      ? values
      : Float64Array.from(numericValues(values));
  };
  const allocate = (length: number) =>
    parallel ? new Float32Array(new SharedArrayBuffer(4 * length)) : new Float32Array(length);
  const outPoints = allocate(3 * total);
  const outNormals = allocate(prepared.normals.length > 0 ? 3 * total : 0);
  const base: GlyphBatch = {
    shapePoints: prepared.points,
    shapeNormals: prepared.normals,
    selected: parallel ? toSharedTypedArray(selected) : selected,
    centers: share(xyz instanceof Float32Array || xyz instanceof Float64Array ? xyz : Float64Array.from(xyz)),
    orientation: share(floats(orientationArray?.array.values)),
    scale: share(floats(scaleArray?.array.values)),
    scaleComponents: scaleArray?.array.numberOfComponents ?? 1,
    scaleByMagnitude: (options.vectorScaleMode ?? 'Scale by Magnitude') === 'Scale by Magnitude',
    scaleFactor,
    outPoints,
    outNormals,
    begin: 0,
    end: selected.length,
  };
  const ranges = splitRange(0, selected.length, parallel ? workerCount(context) : 1);
  await runPieces(
    {
      task: taskReference(new URL('./glyph.worker.js', import.meta.url), 'placeGlyphs'),
      run: placeGlyphs,
      inputs: ranges.map(([begin, end]) => ({ ...base, begin, end })),
      inline: !parallel,
    },
    context,
  );

  const { shape } = prepared;
  const output = createPolyData({
    points: new DataArray({ name: 'Points', values: outPoints, numberOfComponents: 3 }),
    verts: repeatCells(shape.verts, selected.length, shapeCount),
    lines: repeatCells(shape.lines, selected.length, shapeCount),
    polys: repeatCells(shape.polys, selected.length, shapeCount),
    strips: repeatCells(shape.strips, selected.length, shapeCount),
  });
  const sources = new Int32Array(total);
  for (let g = 0; g < selected.length; g++) sources.fill(selected[g], g * shapeCount, (g + 1) * shapeCount);
  const normalsName = pointData.getActiveName('normals');
  output.pointData = gatherAttributes(pointData, sources, total, {
    exclude: normalsName ? [normalsName] : [],
  });
  if (outNormals.length > 0) {
    output.pointData.setAttribute(
      'normals',
      new DataArray({ name: 'Normals', values: outNormals, numberOfComponents: 3 }),
    );
  }
  output.fieldData = input.fieldData;
  return output;
}

/** Glyphs for a dataset or every leaf of a multiblock (bounds sampling over all leaves). */
export async function glyph(
  input: DataObject,
  options: GlyphOptions = {},
  context: FilterContext = {},
): Promise<PolyData | MultiBlock> {
  if (!isDataSet(input) && input.type !== 'MultiBlock') {
    throw new PipelineError(`Glyph cannot process a ${input.type} input`);
  }
  let bounds: Bounds = [...EMPTY_BOUNDS];
  for (const leaf of leaves(input)) bounds = unionBounds(bounds, boundsOf(leaf.data));
  const scaleFactor =
    options.scaleFactor ??
    0.1 * Math.max(bounds[1] - bounds[0], bounds[3] - bounds[2], bounds[5] - bounds[4], 0);
  const mode = options.glyphMode ?? 'Uniform Spatial Distribution (Bounds Based)';
  const samples =
    mode === 'Uniform Spatial Distribution (Bounds Based)'
      ? boundsSamples(bounds, options.maximumNumberOfSamplePoints ?? 5000, options.seed ?? 10339)
      : undefined;
  const prepared = await prepareShape(options);
  if (isDataSet(input)) return glyphDataSet(input, options, prepared, samples, scaleFactor, context);
  const visit = async (node: MultiBlock): Promise<MultiBlock> => {
    const out = createMultiBlock();
    for (const block of node.blocks) {
      let data: DataObject | null = null;
      if (block.data?.type === 'MultiBlock') data = await visit(block.data);
      else if (block.data && isDataSet(block.data)) {
        data = await glyphDataSet(block.data, options, prepared, samples, scaleFactor, context);
      }
      out.blocks.push({ name: block.name, data });
    }
    return out;
  };
  return visit(input);
}

const transformKind: readonly PropertySchema[] = [
  { name: 'Translate', type: 'numbers', size: 3, default: [0, 0, 0], doc: 'Translation of the shape.' },
  { name: 'Rotate', type: 'numbers', size: 3, default: [0, 0, 0], doc: 'Rotation of the shape, degrees.' },
  { name: 'Scale', type: 'numbers', size: 3, default: [1, 1, 1], doc: 'Scale of the shape.' },
];

const properties: readonly PropertySchema[] = [
  {
    name: 'GlyphType',
    type: 'object',
    default: {
      Type: 'Arrow',
      TipResolution: 6,
      TipRadius: 0.1,
      TipLength: 0.35,
      ShaftResolution: 6,
      ShaftRadius: 0.03,
      Invert: false,
    },
    kinds: GLYPH_KINDS,
    doc: 'Shape placed at each point, with its own resolution properties.',
  },
  {
    name: 'OrientationArray',
    type: 'array',
    default: null,
    association: 'ANY',
    components: 3,
    doc: 'Vectors the glyphs point along ("No orientation array" for none).',
  },
  {
    name: 'ScaleArray',
    type: 'array',
    default: null,
    association: 'ANY',
    doc: 'Scalars or vectors scaling the glyphs ("No scale array" for none).',
  },
  {
    name: 'ScaleFactor',
    type: 'number',
    default: 1,
    doc: 'Glyph size multiplier; when not given, a tenth of the largest side of the bounds.',
  },
  {
    name: 'VectorScaleMode',
    type: 'enum',
    default: 'Scale by Magnitude',
    values: ['Scale by Magnitude', 'Scale by Components'],
    doc: 'How a vector scale array scales the glyphs.',
  },
  {
    name: 'GlyphMode',
    type: 'enum',
    default: 'Uniform Spatial Distribution (Bounds Based)',
    values: ['Uniform Spatial Distribution (Bounds Based)', 'Every Nth Point', 'All Points'],
    doc: 'Which points get a glyph.',
  },
  {
    name: 'MaximumNumberOfSamplePoints',
    type: 'number',
    default: 5000,
    min: 1,
    max: 10_000_000,
    integer: true,
    doc: 'Random samples for the uniform spatial distribution.',
  },
  {
    name: 'Seed',
    type: 'number',
    default: 10339,
    integer: true,
    doc: 'Random seed of the spatial distribution.',
  },
  { name: 'Stride', type: 'number', default: 1, min: 1, integer: true, doc: 'Every Nth Point: N.' },
  {
    name: 'GlyphTransform',
    type: 'object',
    default: { Type: 'Transform2', Translate: [0, 0, 0], Rotate: [0, 0, 0], Scale: [1, 1, 1] },
    kinds: { Transform2: transformKind, Transform: transformKind },
    doc: 'Transform applied to the shape before placing it.',
  },
];

export const glyphDefinition: FilterDefinition = {
  name: 'Glyph',
  kind: 'filter',
  description:
    'Places oriented, scaled copies of a shape (Arrow, Cone, Box, Cylinder, Line, Sphere) at the points (or cell ' +
    'centres) of any dataset. Output PolyData carrying the input point data on every glyph point.',
  inputs: { min: 1, max: 1 },
  properties,
  async execute(inputs: readonly DataObject[], values: PropertyValues, context: FilterContext) {
    const p = resolveProperties('Glyph', properties, values);
    const transform = p.GlyphTransform as TypedObject;
    const options: GlyphOptions = {
      glyphType: p.GlyphType as TypedObject,
      orientationArray: p.OrientationArray as ArraySelection | null,
      scaleArray: p.ScaleArray as ArraySelection | null,
      scaleFactor: values.ScaleFactor === undefined ? undefined : (p.ScaleFactor as number),
      vectorScaleMode: p.VectorScaleMode as GlyphOptions['vectorScaleMode'],
      glyphMode: p.GlyphMode as GlyphMode,
      maximumNumberOfSamplePoints: p.MaximumNumberOfSamplePoints as number,
      seed: p.Seed as number,
      stride: p.Stride as number,
      glyphTransform: {
        translate: transform.Translate as [number, number, number],
        rotate: transform.Rotate as [number, number, number],
        scale: transform.Scale as [number, number, number],
      },
    };
    const input = onlyInput('Glyph', inputs);
    if (options.orientationArray === null && isDataSet(input)) {
      // ParaView's default orientation: the active vectors, else the first 3-component point array.
      const first =
        input.pointData.getActive('vectors') ??
        input.pointData.dataArrays.find((a) => a.numberOfComponents === 3);
      if (first) options.orientationArray = ['POINTS', first.name];
    }
    return glyph(input, options, context);
  },
};
