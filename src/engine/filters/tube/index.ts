/**
 * Tube (vtkTubeFilter): a tube of NumberofSides sides around every poly-line. Each line point
 * gets a ring of points in the plane bisecting its two segments (widened at bends so the tube
 * keeps its radius), oriented by the input point normals or, without them, by sliding normals;
 * each side is one triangle strip, and Capping closes both ends with a strip on their own
 * points. VaryRadius scales the radius by a scalar (up to RadiusFactor), by the inverse square
 * root of the vector magnitude (VTK's "By Vector") or sets it to |scalar|.
 *
 * Output PolyData: point data copied from the line points to their rings plus `TubeNormals`,
 * cell data of each line copied to its strips. Non-polydata inputs use the lines of their
 * surface (ExtractSurface keeps line cells); MultiBlock: block by block.
 */
import { PipelineError, PropertyError } from '../../../errors.js';
import type { CellArray } from '../../data/cell-array.js';
import { DataArray } from '../../data/data-array.js';
import { createPolyData, type DataObject, type DataSet, type PolyData } from '../../data/dataset.js';
import { boundsOf } from '../../data/queries.js';
import { gatherAttributes } from '../cell-access/attributes.js';
import { mapDataSets, onlyInput } from '../cell-access/blocks.js';
import { CellArrayBuilder, Float64Buffer, Int32Buffer } from '../cell-access/growable.js';
import { numericValues, pointCoordinates } from '../cell-access/points.js';
import { slidingNormals } from '../cell-access/sliding-normals.js';
import { extractSurface } from '../extract-surface/index.js';
import { resolveProperties } from '../properties.js';
import type {
  ArraySelection,
  FilterContext,
  FilterDefinition,
  PropertySchema,
  PropertyValues,
} from '../types.js';

export type VaryRadius = 'Off' | 'By Scalar' | 'By Vector' | 'By Absolute Scalar';

export interface TubeOptions {
  radius?: number;
  numberOfSides?: number;
  capping?: boolean;
  varyRadius?: VaryRadius;
  /** Largest radius multiple when varying the radius (default 10). */
  radiusFactor?: number;
  scalars?: ArraySelection | null;
  vectors?: ArraySelection | null;
  /** Orient all rings by this normal instead of the input or sliding normals. */
  defaultNormal?: [number, number, number];
}

type V3 = [number, number, number];
const cross = (a: V3, b: V3): V3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
function normalize(a: V3): number {
  const n = Math.hypot(a[0], a[1], a[2]);
  if (n !== 0) for (let i = 0; i < 3; i++) a[i] /= n;
  return n;
}

function pointArray(
  data: PolyData,
  selection: ArraySelection | null | undefined,
  role: 'scalars' | 'vectors',
) {
  if (selection) return data.pointData.getDataArray(selection[1]);
  return data.pointData.getActive(role);
}

export function tube(input: DataSet, options: TubeOptions = {}, _context: FilterContext = {}): PolyData {
  const data = input.type === 'PolyData' ? input : extractSurface(input);
  const sides = Math.max(3, Math.floor(options.numberOfSides ?? 6));
  const radius = options.radius ?? 0.5;
  const vary = options.varyRadius ?? 'Off';
  const factor = options.radiusFactor ?? 10;
  const xyz = pointCoordinates(data);
  const lines: CellArray = data.lines;
  const scalarArray =
    vary === 'By Scalar' || vary === 'By Absolute Scalar'
      ? pointArray(data, options.scalars, 'scalars')
      : undefined;
  const vectorArray = vary === 'By Vector' ? pointArray(data, options.vectors, 'vectors') : undefined;
  if ((vary === 'By Scalar' || vary === 'By Absolute Scalar') && !scalarArray) {
    throw new PropertyError('Tube', 'Scalars', 'VaryRadius needs point scalars');
  }
  if (vary === 'By Vector' && vectorArray?.numberOfComponents !== 3) {
    throw new PropertyError('Tube', 'Vectors', 'VaryRadius By Vector needs 3-component point vectors');
  }
  const scalars = scalarArray ? numericValues(scalarArray.values) : undefined;
  const range = scalarArray ? scalarArray.getRange(0) : [0, 1];
  const vectors = vectorArray ? numericValues(vectorArray.values) : undefined;
  let maxSpeed = 0;
  if (vectors)
    for (let i = 0; i < vectors.length; i += 3)
      maxSpeed = Math.max(maxSpeed, Math.hypot(vectors[i], vectors[i + 1], vectors[i + 2]));

  // Ring orientation: input normals, a fixed normal, or sliding normals along each line.
  const inputNormals = data.pointData.getActive('normals');
  let normals: ArrayLike<number>;
  if (options.defaultNormal) {
    const fixed = new Float64Array(xyz.length);
    for (let i = 0; i < fixed.length; i += 3) fixed.set(options.defaultNormal, i);
    normals = fixed;
  } else if (inputNormals?.numberOfComponents === 3) {
    normals = numericValues(inputNormals.values);
  } else {
    const computed = new Float64Array(xyz.length);
    slidingNormals(xyz, lines, computed);
    normals = computed;
  }

  const points = new Float64Buffer();
  const tubeNormals = new Float64Buffer();
  const sourcePoints = new Int32Buffer();
  const strips = new CellArrayBuilder();
  const stripCells = new Int32Buffer();
  const numberOfVerts = data.verts.offsets.length - 1;
  const theta = (2 * Math.PI) / sides;
  for (let line = 0; line + 1 < lines.offsets.length; line++) {
    const begin = lines.offsets[line];
    const npts = lines.offsets[line + 1] - begin;
    if (npts < 2) continue;
    const id = (k: number) => lines.connectivity[begin + k];
    const at = (k: number): V3 => [xyz[3 * id(k)], xyz[3 * id(k) + 1], xyz[3 * id(k) + 2]];
    const firstPoint = points.length / 3;
    let sNext: V3 = [0, 0, 0];
    let sPrev: V3 = [0, 0, 0];
    let startCap: V3 = [0, 0, 0];
    let endCap: V3 = [0, 0, 0];
    let valid = true;
    for (let j = 0; j < npts && valid; j++) {
      const p = at(j);
      if (j === 0) {
        const q = at(1);
        sNext = [q[0] - p[0], q[1] - p[1], q[2] - p[2]];
        sPrev = [...sNext];
        startCap = [-sPrev[0], -sPrev[1], -sPrev[2]];
      } else if (j === npts - 1) {
        sPrev = [...sNext];
        endCap = [...sNext];
      } else {
        sPrev = [...sNext];
        const q = at(j + 1);
        sNext = [q[0] - p[0], q[1] - p[1], q[2] - p[2]];
      }
      if (normalize(sNext) === 0) {
        valid = false;
        break;
      }
      if (j === 0) normalize(sPrev);
      if (j === npts - 1) {
        normalize(endCap);
      }
      if (j === 0) normalize(startCap);
      const s: V3 = [(sPrev[0] + sNext[0]) / 2, (sPrev[1] + sNext[1]) / 2, (sPrev[2] + sNext[2]) / 2];
      const n: V3 = [normals[3 * id(j)], normals[3 * id(j) + 1], normals[3 * id(j) + 2]];
      if (normalize(s) === 0) {
        const alternative = cross(sPrev, n);
        s[0] = alternative[0];
        s[1] = alternative[1];
        s[2] = alternative[2];
        normalize(s);
      }
      // Widen the ring at bends: the cross-section is cut at half the turning angle.
      const cosine = Math.min(
        1,
        Math.max(-1, sNext[0] * sPrev[0] + sNext[1] * sPrev[1] + sNext[2] * sPrev[2]),
      );
      const bevel = Math.cos(Math.acos(cosine) / 2) || 1;
      const w = cross(s, n);
      if (normalize(w) === 0) {
        valid = false;
        break;
      }
      const nP = cross(w, s);
      normalize(nP);
      let scale = 1;
      let r = radius;
      const pid = id(j);
      if (vary === 'By Scalar' && scalars) {
        scale =
          range[1] > range[0] ? 1 + ((factor - 1) * (scalars[pid] - range[0])) / (range[1] - range[0]) : 1;
      } else if (vary === 'By Vector' && vectors) {
        const speed = Math.hypot(vectors[3 * pid], vectors[3 * pid + 1], vectors[3 * pid + 2]);
        scale = speed > 0 ? Math.min(factor, Math.sqrt(maxSpeed / speed)) : factor;
      } else if (vary === 'By Absolute Scalar' && scalars) {
        r = Math.abs(scalars[pid]);
      }
      for (let k = 0; k < sides; k++) {
        const c = Math.cos(k * theta);
        const sn = Math.sin(k * theta);
        const normal: V3 = [w[0] * c + nP[0] * sn, w[1] * c + nP[1] * sn, w[2] * c + nP[2] * sn];
        points.push3(
          p[0] + (r / bevel) * scale * normal[0],
          p[1] + (r / bevel) * scale * normal[1],
          p[2] + (r / bevel) * scale * normal[2],
        );
        tubeNormals.push3(normal[0], normal[1], normal[2]);
        sourcePoints.push(pid);
      }
    }
    if (!valid) {
      // Coincident points or a normal along the line: VTK skips such a line.
      points.length = 3 * firstPoint;
      tubeNormals.length = 3 * firstPoint;
      sourcePoints.length = firstPoint;
      continue;
    }
    const sourceCell = numberOfVerts + line;
    for (let k = 0; k < sides; k++) {
      const i1 = k % sides;
      const i2 = (k + 1) % sides;
      const ids: number[] = [];
      for (let j = 0; j < npts; j++) ids.push(firstPoint + i2 + j * sides, firstPoint + i1 + j * sides);
      strips.add(ids);
      stripCells.push(sourceCell);
    }
    if (options.capping ?? true) {
      for (const [ring, capNormal] of [
        [0, startCap],
        [npts - 1, endCap],
      ] as const) {
        const capStart = points.length / 3;
        for (let k = 0; k < sides; k++) {
          const from = firstPoint + ring * sides + k;
          points.push3(points.data[3 * from], points.data[3 * from + 1], points.data[3 * from + 2]);
          tubeNormals.push3(capNormal[0], capNormal[1], capNormal[2]);
          sourcePoints.push(sourcePoints.data[from]);
        }
        // Zig-zag across the ring: 0, 1, n−1, 2, n−2, …
        const order = [0];
        for (let lo = 1, hi = sides - 1; lo <= hi; lo++, hi--) {
          order.push(lo);
          if (hi !== lo) order.push(hi);
        }
        strips.add(order.map((k) => capStart + k));
        stripCells.push(sourceCell);
      }
    }
  }
  const output = createPolyData({
    points: new DataArray({ name: 'Points', values: points.toArray(), numberOfComponents: 3 }),
    strips: strips.build(),
  });
  const sources = sourcePoints.toArray();
  output.pointData = gatherAttributes(data.pointData, sources, sources.length, {
    exclude: inputNormals ? [inputNormals.name] : [],
  });
  output.pointData.setAttribute(
    'normals',
    new DataArray({ name: 'TubeNormals', values: tubeNormals.toArray(), numberOfComponents: 3 }),
  );
  const cells = stripCells.toArray();
  output.cellData = gatherAttributes(data.cellData, cells, cells.length);
  output.fieldData = data.fieldData;
  return output;
}

const properties: readonly PropertySchema[] = [
  {
    name: 'Scalars',
    type: 'array',
    default: null,
    association: 'POINTS',
    components: 1,
    doc: 'Scalars for VaryRadius.',
  },
  {
    name: 'Vectors',
    type: 'array',
    default: null,
    association: 'POINTS',
    components: 3,
    doc: 'Vectors for VaryRadius.',
  },
  {
    name: 'Radius',
    type: 'number',
    default: 1,
    min: 0,
    doc: 'Tube radius (default: a hundredth of the largest side of the bounds).',
  },
  {
    name: 'NumberofSides',
    type: 'number',
    default: 6,
    min: 3,
    max: 10_000,
    integer: true,
    doc: 'Sides of the tube.',
  },
  { name: 'Capping', type: 'boolean', default: true, doc: 'Close the ends.' },
  {
    name: 'VaryRadius',
    type: 'enum',
    default: 'Off',
    values: ['Off', 'By Scalar', 'By Vector', 'By Absolute Scalar'],
    doc: 'How the radius varies along the lines.',
  },
  { name: 'RadiusFactor', type: 'number', default: 10, min: 0, doc: 'Largest radius multiple when varying.' },
  { name: 'UseDefaultNormal', type: 'boolean', default: false, doc: 'Orient the rings by DefaultNormal.' },
  {
    name: 'DefaultNormal',
    type: 'numbers',
    size: 3,
    default: [0, 0, 1],
    doc: 'Normal used with UseDefaultNormal.',
  },
];

export const tubeDefinition: FilterDefinition = {
  name: 'Tube',
  kind: 'filter',
  description:
    'Wraps the poly-lines of the input in tubes of triangle strips (optionally capped, radius optionally varying). ' +
    'Point data follows the line points, cell data the lines.',
  inputs: { min: 1, max: 1 },
  properties,
  async execute(inputs: readonly DataObject[], values: PropertyValues, context: FilterContext) {
    // ParaView's Python name is NumberofSides; accept the spelling of the C++ setter too.
    const { NumberOfSides, ...rest } = values as Record<string, unknown>;
    const p = resolveProperties(
      'Tube',
      properties,
      NumberOfSides === undefined ? rest : { ...rest, NumberofSides: NumberOfSides },
    );
    const input = onlyInput('Tube', inputs);
    if (input.type === 'Table' || input.type === 'TimeSeries')
      throw new PipelineError(`Tube cannot process a ${input.type} input`);
    return mapDataSets('Tube', input, context, (data, c) => {
      const bounds = boundsOf(data);
      const options: TubeOptions = {
        radius:
          values.Radius === undefined
            ? 0.01 * Math.max(bounds[1] - bounds[0], bounds[3] - bounds[2], bounds[5] - bounds[4])
            : (p.Radius as number),
        numberOfSides: p.NumberofSides as number,
        capping: p.Capping as boolean,
        varyRadius: p.VaryRadius as VaryRadius,
        radiusFactor: p.RadiusFactor as number,
        scalars: p.Scalars as ArraySelection | null,
        vectors: p.Vectors as ArraySelection | null,
        defaultNormal: p.UseDefaultNormal ? (p.DefaultNormal as V3) : undefined,
      };
      return tube(data, options, c);
    });
  },
};
