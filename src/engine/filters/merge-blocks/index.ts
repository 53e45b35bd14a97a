/**
 * MergeBlocks (vtkMergeBlocks / vtkAppendDataSets): all leaves of a multiblock appended into one
 * dataset. Arrays are kept when every non-empty leaf has them (same name and component count,
 * VTK's field-list intersection). With MergePoints, points with identical coordinates become
 * one point (its data from the first occurrence), as VTK does with zero tolerance.
 * Output: UnstructuredGrid (every leaf kind, structured cells made explicit), or PolyData
 * ("Polygonal Mesh", PolyData leaves only). A single dataset input is converted likewise.
 */
import { PipelineError } from '../../../errors.js';
import { DataSetAttributes } from '../../data/attributes.js';
import type { CellArray } from '../../data/cell-array.js';
import { allocateTypedArray, DataArray } from '../../data/data-array.js';
import {
  createPolyData,
  createUnstructuredGrid,
  type DataObject,
  type DataSet,
  isDataSet,
  type PolyData,
  type UnstructuredGrid,
} from '../../data/dataset.js';
import { leaves, numberOfPoints } from '../../data/queries.js';
import { onlyInput } from '../cell-access/blocks.js';
import { toUnstructuredGrid } from '../cell-access/convert.js';
import { Int32Buffer } from '../cell-access/growable.js';
import { numericValues, pointCoordinates } from '../cell-access/points.js';
import { resolveProperties } from '../properties.js';
import type { FilterContext, FilterDefinition, PropertySchema, PropertyValues } from '../types.js';
import { mergeCoincidentPoints } from './point-merge.js';

export interface MergeBlocksOptions {
  /** Merge points with identical coordinates (default true, as ParaView). */
  mergePoints?: boolean;
  /** 'UnstructuredGrid' (default) or 'PolyData'. */
  outputType?: 'UnstructuredGrid' | 'PolyData';
}

/** Concatenates the arrays all `parts` share; `counts[i]` tuples come from part i. */
function appendAttributes(parts: DataSetAttributes[]): DataSetAttributes {
  const out = new DataSetAttributes();
  if (parts.length === 0) return out;
  const shared = parts[0].dataArrays.filter((a) =>
    parts.every((p) => p.getDataArray(a.name)?.numberOfComponents === a.numberOfComponents),
  );
  for (const first of shared) {
    const arrays = parts.map((p) => p.getDataArray(first.name)!);
    const total = arrays.reduce((sum, a) => sum + a.values.length, 0);
    const sameType = arrays.every((a) => a.dataType === first.dataType);
    const values = allocateTypedArray(sameType ? first.dataType : 'Float64', total);
    let at = 0;
    for (const a of arrays) {
      const from = sameType ? a.values : numericValues(a.values);
      (values as unknown as { set(v: ArrayLike<unknown>, o: number): void }).set(from, at);
      at += a.values.length;
    }
    out.add(new DataArray({ name: first.name, values, numberOfComponents: first.numberOfComponents }));
  }
  out.copyActiveFrom(parts[0]);
  return out;
}

/**
 * All parts' coordinates in one array. `owned` says the parts' coordinate arrays are this
 * filter's own (made from implicit geometry): a single one is then used as it is.
 */
function concatenatePoints(datasets: DataSet[], owned = false): Float32Array | Float64Array {
  const coordinates = datasets.map((d) => pointCoordinates(d));
  if (owned && coordinates.length === 1) return coordinates[0];
  const total = coordinates.reduce((sum, c) => sum + c.length, 0);
  const out = coordinates.every((c) => c instanceof Float32Array)
    ? new Float32Array(total)
    : new Float64Array(total);
  let at = 0;
  for (const c of coordinates) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Applies the point merge: new coordinates, point data from first occurrences. */
function mergePointsOf(
  xyz: Float32Array | Float64Array,
  pointData: DataSetAttributes,
): { xyz: Float32Array | Float64Array; pointData: DataSetAttributes; map: Int32Array | undefined } {
  const { map, firsts } = mergeCoincidentPoints(xyz);
  // No coincident points: the (already copied) coordinates and arrays stay as they are.
  if (firsts.length === map.length) return { xyz, pointData, map: undefined };
  const merged =
    xyz instanceof Float32Array ? new Float32Array(3 * firsts.length) : new Float64Array(3 * firsts.length);
  for (let i = 0; i < firsts.length; i++) {
    merged[3 * i] = xyz[3 * firsts[i]];
    merged[3 * i + 1] = xyz[3 * firsts[i] + 1];
    merged[3 * i + 2] = xyz[3 * firsts[i] + 2];
  }
  const out = new DataSetAttributes();
  for (const a of pointData.dataArrays) {
    const nc = a.numberOfComponents;
    const values = allocateTypedArray(a.dataType, firsts.length * nc);
    const to = values as unknown as { [i: number]: unknown };
    const from = a.values as unknown as { [i: number]: unknown };
    for (let i = 0; i < firsts.length; i++)
      for (let c = 0; c < nc; c++) to[i * nc + c] = from[firsts[i] * nc + c];
    out.add(
      new DataArray({ name: a.name, values, numberOfComponents: nc, componentNames: a.componentNames }),
    );
  }
  out.copyActiveFrom(pointData);
  return { xyz: merged, pointData: out, map };
}

function datasetsOf(input: DataObject): DataSet[] {
  if (isDataSet(input)) return [input];
  if (input.type !== 'MultiBlock')
    throw new PipelineError(`MergeBlocks cannot process a ${input.type} input`);
  return [...leaves(input)].map((l) => l.data).filter((d) => numberOfPoints(d) > 0);
}

export function mergeBlocks(
  input: DataObject,
  options?: MergeBlocksOptions & { outputType?: 'UnstructuredGrid' },
  context?: FilterContext,
): UnstructuredGrid;
export function mergeBlocks(
  input: DataObject,
  options: MergeBlocksOptions & { outputType: 'PolyData' },
  context?: FilterContext,
): PolyData;
export function mergeBlocks(
  input: DataObject,
  options?: MergeBlocksOptions,
  context?: FilterContext,
): UnstructuredGrid | PolyData;
export function mergeBlocks(
  input: DataObject,
  options: MergeBlocksOptions = {},
  _context: FilterContext = {},
): UnstructuredGrid | PolyData {
  const datasets = datasetsOf(input);
  if (options.outputType === 'PolyData') {
    return mergePolyData(
      datasets.filter((d): d is PolyData => d.type === 'PolyData'),
      options.mergePoints ?? true,
    );
  }
  const grids = datasets.map(toUnstructuredGrid);
  const implicit = datasets.every((d) => d.type === 'ImageData' || d.type === 'RectilinearGrid');
  let xyz = concatenatePoints(grids, implicit);
  let pointData = appendAttributes(grids.map((g) => g.pointData));
  let map: Int32Array | undefined;
  if (options.mergePoints ?? true) ({ xyz, pointData, map } = mergePointsOf(xyz, pointData));
  // Sized up front: grids without face streams fill them exactly, and no copy is made at the end.
  const cellCount = grids.reduce((sum, g) => sum + g.cellTypes.length, 0);
  const connectivitySize = grids.reduce((sum, g) => {
    const o = g.cells.offsets;
    return sum + (o.length > 1 ? o[o.length - 1] - o[0] : 0);
  }, 0);
  const offsets = new Int32Buffer(cellCount + 1);
  const connectivity = new Int32Buffer(connectivitySize);
  const types = new Int32Buffer(cellCount);
  const faces = new Int32Buffer();
  // Face offsets are only output when some cell is a polyhedron.
  const withFaces = grids.some((g) => g.polyhedronFaces);
  const faceOffsets = new Int32Buffer(withFaces ? cellCount : 0);
  let anyPolyhedra = false;
  offsets.push(0);
  let pointBase = 0;
  for (const grid of grids) {
    const { offsets: o, connectivity: c } = grid.cells;
    const renumber = (id: number) => (map ? map[pointBase + id] : pointBase + id);
    if (!grid.polyhedronFaces) {
      // No face streams: the grid's cells go in as whole arrays, renumbered in one loop.
      appendCells(grid, map, pointBase, offsets, connectivity, types, withFaces ? faceOffsets : null);
      pointBase += grid.points.numberOfTuples;
      continue;
    }
    for (let cell = 0; cell < grid.cellTypes.length; cell++) {
      types.push(grid.cellTypes[cell]);
      for (let i = o[cell]; i < o[cell + 1]; i++) connectivity.push(renumber(c[i]));
      offsets.push(connectivity.length);
      const stream = grid.polyhedronFaces;
      const at = stream ? stream.faceOffsets[cell] : -1;
      if (!stream || at < 0) {
        faceOffsets.push(-1);
        continue;
      }
      anyPolyhedra = true;
      faceOffsets.push(faces.length);
      let read = at;
      const count = stream.faces[read++];
      faces.push(count);
      for (let f = 0; f < count; f++) {
        const n = stream.faces[read++];
        faces.push(n);
        for (let k = 0; k < n; k++) faces.push(renumber(stream.faces[read++]));
      }
    }
    pointBase += grid.points.numberOfTuples;
  }
  const output = createUnstructuredGrid({
    points: new DataArray({ name: 'Points', values: xyz, numberOfComponents: 3 }),
    cells: { offsets: offsets.take(), connectivity: connectivity.take() },
    cellTypes: Uint8Array.from(types.take()),
    polyhedronFaces: anyPolyhedra ? { faces: faces.toArray(), faceOffsets: faceOffsets.take() } : undefined,
  });
  output.pointData = pointData;
  output.cellData = appendAttributes(grids.map((g) => g.cellData));
  return output;
}

/** The cells of a grid without polyhedra appended, point ids renumbered through `map`. */
function appendCells(
  grid: UnstructuredGrid,
  map: Int32Array | undefined,
  pointBase: number,
  offsets: Int32Buffer,
  connectivity: Int32Buffer,
  types: Int32Buffer,
  faceOffsets: Int32Buffer | null,
): void {
  const { offsets: o, connectivity: c } = grid.cells;
  const cells = grid.cellTypes.length;
  if (cells === 0) return;
  const first = o[0];
  const size = o[cells] - first;
  const base = connectivity.length;
  connectivity.reserve(size);
  const to = connectivity.data;
  if (map) for (let i = 0; i < size; i++) to[base + i] = map[pointBase + c[first + i]];
  else if (pointBase === 0 && c instanceof Int32Array) to.set(c.subarray(first, first + size), base);
  else for (let i = 0; i < size; i++) to[base + i] = pointBase + c[first + i];
  connectivity.length += size;
  offsets.reserve(cells);
  if (base === first && o instanceof Int32Array) {
    offsets.data.set(o.subarray(1, cells + 1), offsets.length);
    offsets.length += cells;
  } else {
    for (let cell = 1; cell <= cells; cell++) offsets.data[offsets.length++] = base + o[cell] - first;
  }
  types.reserve(cells);
  types.data.set(grid.cellTypes, types.length);
  types.length += cells;
  if (!faceOffsets) return;
  faceOffsets.reserve(cells);
  faceOffsets.data.fill(-1, faceOffsets.length, faceOffsets.length + cells);
  faceOffsets.length += cells;
}

function mergePolyData(parts: PolyData[], merge: boolean): PolyData {
  let xyz = concatenatePoints(parts);
  let pointData = appendAttributes(parts.map((p) => p.pointData));
  let map: Int32Array | undefined;
  if (merge) ({ xyz, pointData, map } = mergePointsOf(xyz, pointData));
  const kinds = ['verts', 'lines', 'polys', 'strips'] as const;
  const arrays: Record<(typeof kinds)[number], CellArray> = {} as Record<(typeof kinds)[number], CellArray>;
  for (const kind of kinds) {
    const offsets = new Int32Buffer();
    const connectivity = new Int32Buffer();
    offsets.push(0);
    let base = 0;
    for (const part of parts) {
      const c = part[kind];
      for (let i = 0; i < c.connectivity.length; i++) {
        connectivity.push(map ? map[base + c.connectivity[i]] : base + c.connectivity[i]);
      }
      for (let k = 1; k < c.offsets.length; k++)
        offsets.push(connectivity.length - c.connectivity.length + c.offsets[k]);
      base += part.points.numberOfTuples;
    }
    arrays[kind] = { offsets: offsets.toArray(), connectivity: connectivity.toArray() };
  }
  const output = createPolyData({
    points: new DataArray({ name: 'Points', values: xyz, numberOfComponents: 3 }),
    ...arrays,
  });
  output.pointData = pointData;
  // PolyData cell order is verts, lines, polys, strips across all parts: reorder the cell data.
  const pieces: DataSetAttributes[] = [];
  for (const kind of kinds) {
    for (const part of parts) {
      const first = kinds
        .slice(0, kinds.indexOf(kind))
        .reduce((sum, k) => sum + part[k].offsets.length - 1, 0);
      const count = part[kind].offsets.length - 1;
      const slice = new DataSetAttributes();
      for (const a of part.cellData.dataArrays) {
        const nc = a.numberOfComponents;
        slice.add(
          new DataArray({
            name: a.name,
            values: a.values.slice(first * nc, (first + count) * nc),
            numberOfComponents: nc,
          }),
        );
      }
      slice.copyActiveFrom(part.cellData);
      pieces.push(slice);
    }
  }
  output.cellData = appendAttributes(pieces);
  return output;
}

const properties: readonly PropertySchema[] = [
  { name: 'MergePoints', type: 'boolean', default: true, doc: 'Merge points with identical coordinates.' },
  {
    name: 'OutputDataSetType',
    type: 'enum',
    default: 'Unstructured Grid',
    values: ['Unstructured Grid', 'Polygonal Mesh'],
    doc: 'Kind of the merged dataset (Polygonal Mesh keeps PolyData blocks only).',
  },
];

export const mergeBlocksDefinition: FilterDefinition = {
  name: 'MergeBlocks',
  kind: 'filter',
  description:
    'Appends every leaf of a multiblock into one UnstructuredGrid (or PolyData), keeping the arrays all ' +
    'leaves share and optionally merging coincident points.',
  inputs: { min: 1, max: 1 },
  properties,
  async execute(inputs: readonly DataObject[], values: PropertyValues, context: FilterContext) {
    const p = resolveProperties('MergeBlocks', properties, values);
    return mergeBlocks(
      onlyInput('MergeBlocks', inputs),
      {
        mergePoints: p.MergePoints as boolean,
        outputType: p.OutputDataSetType === 'Polygonal Mesh' ? 'PolyData' : 'UnstructuredGrid',
      },
      context,
    );
  },
};
