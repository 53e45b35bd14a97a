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
import { gatherTargets, passAttributes } from '../cell-access/attributes.js';
import { loopMonitor, mapDataSets, onlyInput } from '../cell-access/blocks.js';
import { cellSourceOf } from '../cell-access/cells.js';
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
  // Cells are walked where they are (implicit for grids); every output array is allocated once
  // at its final size, so the peak is the output plus the input's point coordinates.
  const source = cellSourceOf(input);
  const numberOfCells = source.numberOfCells;
  const xyz = pointCoordinates(input);
  const ids = new Int32Array(source.maxCellSize);
  const newOffsets = new Int32Array(numberOfCells + 1);
  const cellTypes = input.type === 'UnstructuredGrid' ? input.cellTypes : new Uint8Array(numberOfCells);
  for (let c = 0; c < numberOfCells; c++) {
    if (input.type !== 'UnstructuredGrid') cellTypes[c] = source.cellType(c);
    newOffsets[c + 1] = newOffsets[c] + source.cellPointIds(c, ids);
  }
  const total = newOffsets[numberOfCells];
  const points = xyz instanceof Float32Array ? new Float32Array(3 * total) : new Float64Array(3 * total);
  const newConnectivity = new Int32Array(total);
  const pointData = gatherTargets(input.pointData, total);
  const copies = pointData.inputs.map((array, a) => ({
    from: array.values as unknown as { [i: number]: number },
    to: pointData.outputs[a].values as unknown as { [i: number]: number },
    n: array.numberOfComponents,
  }));
  const tick = loopMonitor(context, numberOfCells, 'Shrink');
  for (let c = 0; c < numberOfCells; c++) {
    tick(c);
    const n = source.cellPointIds(c, ids);
    const begin = newOffsets[c];
    let cx = 0;
    let cy = 0;
    let cz = 0;
    for (let k = 0; k < n; k++) {
      const p = 3 * ids[k];
      cx += xyz[p];
      cy += xyz[p + 1];
      cz += xyz[p + 2];
    }
    if (n > 0) {
      cx /= n;
      cy /= n;
      cz /= n;
    }
    for (let k = 0; k < n; k++) {
      const i = begin + k;
      const id = ids[k];
      const p = 3 * id;
      points[3 * i] = cx + factor * (xyz[p] - cx);
      points[3 * i + 1] = cy + factor * (xyz[p + 1] - cy);
      points[3 * i + 2] = cz + factor * (xyz[p + 2] - cz);
      newConnectivity[i] = i;
      for (let a = 0; a < copies.length; a++) {
        const { from, to, n: m } = copies[a];
        if (m === 1) to[i] = from[id];
        else for (let q = 0; q < m; q++) to[i * m + q] = from[id * m + q];
      }
    }
  }
  const output = createUnstructuredGrid({
    points: new DataArray({ name: 'Points', values: points, numberOfComponents: 3 }),
    cells: { offsets: newOffsets, connectivity: newConnectivity },
    cellTypes,
    polyhedronFaces:
      input.type === 'UnstructuredGrid' && input.polyhedronFaces ? renumberFaces(input) : undefined,
  });
  output.pointData = pointData.attributes();
  output.cellData = passAttributes(input.cellData);
  output.fieldData = input.fieldData;
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
