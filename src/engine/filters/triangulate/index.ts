/**
 * Triangulate (vtkTriangleFilter): polygons become triangles (ear clipping), triangle strips
 * become their triangles, poly-vertices become vertices and poly-lines become line segments
 * (PassVerts/PassLines drop them when off). Cell data is copied to every piece; point data and
 * points are unchanged. PolyData in, PolyData out; other datasets are reduced to their surface
 * first (ExtractSurface). MultiBlock: block by block.
 */
import { CellType } from '../../data/cell-types.js';
import { createPolyData, type DataObject, type DataSet, type PolyData } from '../../data/dataset.js';
import { gatherAttributes, passAttributes } from '../cell-access/attributes.js';
import { loopMonitor, mapDataSets, onlyInput } from '../cell-access/blocks.js';
import { CellArrayBuilder, Int32Buffer } from '../cell-access/growable.js';
import { pointCoordinates } from '../cell-access/points.js';
import { triangulatePolygon } from '../cell-access/polygon.js';
import { triangulateFace } from '../cell-access/topology.js';
import { extractSurface } from '../extract-surface/index.js';
import { resolveProperties } from '../properties.js';
import type { FilterContext, FilterDefinition, PropertySchema, PropertyValues } from '../types.js';

export interface TriangulateOptions {
  /** Keep vertices (poly-vertices split into single vertices). Default true. */
  passVerts?: boolean;
  /** Keep lines (poly-lines split into segments). Default true. */
  passLines?: boolean;
}

export function triangulate(
  input: DataSet,
  options: TriangulateOptions = {},
  context: FilterContext = {},
): PolyData {
  const data = input.type === 'PolyData' ? input : extractSurface(input, {}, context);
  const xyz = pointCoordinates(data);
  const verts = new CellArrayBuilder();
  const lines = new CellArrayBuilder();
  const polys = new CellArrayBuilder();
  const vertSources = new Int32Buffer();
  const lineSources = new Int32Buffer();
  const polySources = new Int32Buffer();
  let cell = 0;
  const nVerts = data.verts.offsets.length - 1;
  const nLines = data.lines.offsets.length - 1;
  const nPolys = data.polys.offsets.length - 1;
  const nStrips = data.strips.offsets.length - 1;
  const tick = loopMonitor(context, nVerts + nLines + nPolys + nStrips, 'Triangulate');
  for (let c = 0; c < nVerts; c++, cell++) {
    if (options.passVerts === false) continue;
    for (let i = data.verts.offsets[c]; i < data.verts.offsets[c + 1]; i++) {
      verts.add([data.verts.connectivity[i]]);
      vertSources.push(cell);
    }
  }
  for (let c = 0; c < nLines; c++, cell++) {
    if (options.passLines === false) continue;
    for (let i = data.lines.offsets[c]; i + 1 < data.lines.offsets[c + 1]; i++) {
      lines.add([data.lines.connectivity[i], data.lines.connectivity[i + 1]]);
      lineSources.push(cell);
    }
  }
  const triangles: number[] = [];
  const ids = new Int32Array(16);
  for (let c = 0; c < nPolys; c++, cell++) {
    tick(cell);
    const begin = data.polys.offsets[c];
    const count = data.polys.offsets[c + 1] - begin;
    triangles.length = 0;
    triangulatePolygon(xyz, data.polys.connectivity.subarray(begin, begin + count), count, triangles);
    for (let t = 0; t < triangles.length; t += 3) {
      polys.add(triangles.slice(t, t + 3));
      polySources.push(cell);
    }
  }
  for (let c = 0; c < nStrips; c++, cell++) {
    const begin = data.strips.offsets[c];
    const count = data.strips.offsets[c + 1] - begin;
    const local = triangulateFace(CellType.TRIANGLE_STRIP, count);
    for (let t = 0; t < local.length; t += 3) {
      for (let k = 0; k < 3; k++) ids[k] = data.strips.connectivity[begin + local[t + k]];
      polys.add(ids, 3);
      polySources.push(cell);
    }
  }
  const output = createPolyData({
    points: data.points,
    verts: verts.build(),
    lines: lines.build(),
    polys: polys.build(),
  });
  output.pointData = passAttributes(data.pointData);
  const sources = new Int32Array(vertSources.length + lineSources.length + polySources.length);
  sources.set(vertSources.data.subarray(0, vertSources.length));
  sources.set(lineSources.data.subarray(0, lineSources.length), vertSources.length);
  sources.set(polySources.data.subarray(0, polySources.length), vertSources.length + lineSources.length);
  output.cellData = gatherAttributes(data.cellData, sources, sources.length, { globalIds: true });
  output.fieldData = data.fieldData;
  return output;
}

const properties: readonly PropertySchema[] = [
  { name: 'PassVerts', type: 'boolean', default: true, doc: 'Keep vertices.' },
  { name: 'PassLines', type: 'boolean', default: true, doc: 'Keep lines.' },
];

export const triangulateDefinition: FilterDefinition = {
  name: 'Triangulate',
  kind: 'filter',
  description:
    'Splits polygons and strips into triangles, poly-lines into segments and poly-vertices into vertices. ' +
    'PolyData (other datasets: their surface); cell data copied to the pieces.',
  inputs: { min: 1, max: 1 },
  properties,
  async execute(inputs: readonly DataObject[], values: PropertyValues, context: FilterContext) {
    const p = resolveProperties('Triangulate', properties, values);
    const options = { passVerts: p.PassVerts as boolean, passLines: p.PassLines as boolean };
    return mapDataSets('Triangulate', onlyInput('Triangulate', inputs), context, (data, c) =>
      triangulate(data, options, c),
    );
  },
};
