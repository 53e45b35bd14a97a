/**
 * Shrink (vtkShrinkFilter): every cell gets its own copies of its points, pulled towards the
 * cell's centre (mean of its points) by `ShrinkFactor` (1 keeps the size, 0 collapses to the
 * centre). Output: UnstructuredGrid with the input's cell types; point data copied to the new
 * points from the points they copy, cell data passed. Any dataset kind; MultiBlock block by
 * block. Polyhedron face streams are renumbered to the new points.
 */
import { DataArray } from '../../data/data-array.js';
import {
  createUnstructuredGrid,
  type DataObject,
  type DataSet,
  type UnstructuredGrid,
} from '../../data/dataset.js';
import { gatherAttributes, passAttributes } from '../cell-access/attributes.js';
import { loopMonitor, mapDataSets, onlyInput } from '../cell-access/blocks.js';
import { toUnstructuredGrid } from '../cell-access/convert.js';
import { Int32Buffer } from '../cell-access/growable.js';
import { pointCoordinates } from '../cell-access/points.js';
import { resolveProperties } from '../properties.js';
import type { FilterContext, FilterDefinition, PropertySchema, PropertyValues } from '../types.js';

export interface ShrinkOptions {
  /** Fraction of each cell's size that remains (0…1, default 0.5). */
  shrinkFactor?: number;
}

export function shrink(
  input: DataSet,
  options: ShrinkOptions = {},
  context: FilterContext = {},
): UnstructuredGrid {
  const factor = options.shrinkFactor ?? 0.5;
  const grid = toUnstructuredGrid(input);
  const xyz = pointCoordinates(grid);
  const { offsets, connectivity } = grid.cells;
  const numberOfCells = grid.cellTypes.length;
  const total = offsets[numberOfCells];
  const points = xyz instanceof Float32Array ? new Float32Array(3 * total) : new Float64Array(3 * total);
  const sourcePoint = new Int32Array(total);
  const newOffsets = new Int32Array(numberOfCells + 1);
  const newConnectivity = new Int32Array(total);
  const tick = loopMonitor(context, numberOfCells, 'Shrink');
  for (let c = 0; c < numberOfCells; c++) {
    tick(c);
    const begin = offsets[c];
    const end = offsets[c + 1];
    const n = end - begin;
    let cx = 0;
    let cy = 0;
    let cz = 0;
    for (let i = begin; i < end; i++) {
      const p = 3 * connectivity[i];
      cx += xyz[p];
      cy += xyz[p + 1];
      cz += xyz[p + 2];
    }
    if (n > 0) {
      cx /= n;
      cy /= n;
      cz /= n;
    }
    for (let i = begin; i < end; i++) {
      const p = 3 * connectivity[i];
      points[3 * i] = cx + factor * (xyz[p] - cx);
      points[3 * i + 1] = cy + factor * (xyz[p + 1] - cy);
      points[3 * i + 2] = cz + factor * (xyz[p + 2] - cz);
      sourcePoint[i] = connectivity[i];
      newConnectivity[i] = i;
    }
    newOffsets[c + 1] = end;
  }
  const output = createUnstructuredGrid({
    points: new DataArray({ name: 'Points', values: points, numberOfComponents: 3 }),
    cells: { offsets: newOffsets, connectivity: newConnectivity },
    cellTypes: grid.cellTypes,
    polyhedronFaces: grid.polyhedronFaces && renumberFaces(grid),
  });
  output.pointData = gatherAttributes(grid.pointData, sourcePoint, total);
  output.cellData = passAttributes(grid.cellData);
  output.fieldData = grid.fieldData;
  return output;
}

/** Face streams in terms of the new points: the k-th point of a cell is point offsets[c] + k. */
function renumberFaces(grid: UnstructuredGrid): NonNullable<UnstructuredGrid['polyhedronFaces']> {
  const stream = grid.polyhedronFaces!;
  const { offsets, connectivity } = grid.cells;
  const faces = new Int32Buffer(stream.faces.length);
  const faceOffsets = new Int32Array(stream.faceOffsets.length).fill(-1);
  for (let c = 0; c < stream.faceOffsets.length; c++) {
    let at = stream.faceOffsets[c];
    if (at < 0) continue;
    faceOffsets[c] = faces.length;
    const local = new Map<number, number>();
    for (let i = offsets[c]; i < offsets[c + 1]; i++)
      if (!local.has(connectivity[i])) local.set(connectivity[i], i);
    const count = stream.faces[at++];
    faces.push(count);
    for (let f = 0; f < count; f++) {
      const n = stream.faces[at++];
      faces.push(n);
      for (let k = 0; k < n; k++) faces.push(local.get(stream.faces[at++]) ?? 0);
    }
  }
  return { faces: faces.toArray(), faceOffsets };
}

const properties: readonly PropertySchema[] = [
  {
    name: 'ShrinkFactor',
    type: 'number',
    default: 0.5,
    min: 0,
    max: 1,
    doc: 'Fraction of each cell that remains after pulling its points towards its centre.',
  },
];

export const shrinkDefinition: FilterDefinition = {
  name: 'Shrink',
  kind: 'filter',
  description:
    'Pulls the points of every cell towards the cell centre, giving each cell its own points. Any dataset; ' +
    'output UnstructuredGrid with point data copied to the new points and cell data passed.',
  inputs: { min: 1, max: 1 },
  properties,
  async execute(inputs: readonly DataObject[], values: PropertyValues, context: FilterContext) {
    const p = resolveProperties('Shrink', properties, values);
    return mapDataSets('Shrink', onlyInput('Shrink', inputs), context, (data, c) =>
      shrink(data, { shrinkFactor: p.ShrinkFactor as number }, c),
    );
  },
};
