/**
 * The legacy VTK writer: version 5.1 files (cells as OFFSETS/CONNECTIVITY vtktypeint64, so ids
 * past 2^31 work), BINARY by default or ASCII. Arrays keep their types; each active attribute is
 * written with its keyword (SCALARS, VECTORS, …) and the other arrays as FIELD blocks, in the
 * arrays' order, so reading the file back gives the same dataset. Output streams through a file
 * handle; a failed write removes the partial file.
 */
import { isPeriscopeError, throwIfAborted, WriteError } from '../../../errors.js';
import {
  type AnyArray,
  ATTRIBUTE_ROLES,
  type AttributeRole,
  type DataSetAttributes,
  StringArray,
} from '../../data/attributes.js';
import { type CellArray, type IndexArray, numberOfCellsIn } from '../../data/cell-array.js';
import { CellType } from '../../data/cell-types.js';
import type { DataArray } from '../../data/data-array.js';
import {
  type DataObject,
  type DataSet,
  type Extent,
  IDENTITY_DIRECTION,
  isDataSet,
  type UnstructuredGrid,
} from '../../data/dataset.js';
import { dimensionsOf, numberOfCells, numberOfPoints } from '../../data/queries.js';
import type { FormatWriter, WriteOptions } from '../types.js';
import {
  type ValueOutput,
  writeDataArrayValues,
  writeInt64Values,
  writeStringValues,
  writeValues,
} from './array-writer.js';
import { legacyTypeName } from './data-types.js';
import { FileSink } from './file-sink.js';
import { encodeName } from './names.js';
import { formatFloat64 } from './number-format.js';
import { VTK_LEGACY_FORMAT } from './scanner.js';

const DATASET_KEYWORDS: Record<DataSet['type'], string> = {
  ImageData: 'STRUCTURED_POINTS',
  RectilinearGrid: 'RECTILINEAR_GRID',
  StructuredGrid: 'STRUCTURED_GRID',
  PolyData: 'POLYDATA',
  UnstructuredGrid: 'UNSTRUCTURED_GRID',
};

/** Writes `data` to `path` as a legacy VTK file (binary unless `options.ascii`). */
export async function writeVtkLegacy(path: string, data: DataSet, options: WriteOptions = {}): Promise<void> {
  checkWritable(path, data);
  let sink: FileSink;
  try {
    sink = await FileSink.create(path);
  } catch (error) {
    throw new WriteError(path, `cannot create the file: ${(error as Error).message}`, { cause: error });
  }
  const output: ValueOutput = { sink, binary: !options.ascii, signal: options.signal };
  try {
    await writeDataSet(output, data);
    await sink.close();
  } catch (error) {
    await sink.discard();
    if (isPeriscopeError(error)) throw error;
    throw new WriteError(path, `writing failed: ${(error as Error).message}`, { cause: error });
  }
}

/** Rejects what a legacy file cannot hold before anything is written. */
function checkWritable(path: string, data: DataSet): void {
  const fail = (detail: string) => new WriteError(path, `cannot write as legacy VTK: ${detail}`);
  if (data.type === 'ImageData' && data.direction.some((v, i) => v !== IDENTITY_DIRECTION[i])) {
    throw fail('STRUCTURED_POINTS has no direction matrix (write .vti instead)');
  }
  const points = numberOfPoints(data);
  const cells = numberOfCells(data);
  for (const [attributes, count, what] of [
    [data.pointData, points, 'point'],
    [data.cellData, cells, 'cell'],
  ] as const) {
    for (const array of attributes.arrays) {
      if (array.numberOfTuples !== count) {
        throw fail(`${what} array '${array.name}' has ${array.numberOfTuples} tuples for ${count} ${what}s`);
      }
    }
  }
  if (
    (data.type === 'PolyData' || data.type === 'UnstructuredGrid' || data.type === 'StructuredGrid') &&
    data.points.numberOfComponents !== 3
  ) {
    throw fail(`points have ${data.points.numberOfComponents} components, not 3`);
  }
  if (data.type === 'StructuredGrid' && data.points.numberOfTuples !== points) {
    throw fail(`${data.points.numberOfTuples} points for an extent of ${points} points`);
  }
  if (data.type === 'RectilinearGrid') {
    const dims = dimensionsOf(data.extent);
    [data.xCoordinates, data.yCoordinates, data.zCoordinates].forEach((array, a) => {
      if (array.numberOfTuples !== dims[a] || array.numberOfComponents !== 1) {
        throw fail(`${'xyz'[a]} coordinates: ${array.numberOfTuples} values for ${dims[a]} points`);
      }
    });
  }
  if (data.type === 'UnstructuredGrid') {
    if (data.cellTypes.length !== numberOfCellsIn(data.cells)) {
      throw fail(`${numberOfCellsIn(data.cells)} cells but ${data.cellTypes.length} cell types`);
    }
    data.cellTypes.forEach((type, cell) => {
      if (type === CellType.POLYHEDRON && !((data.polyhedronFaces?.faceOffsets[cell] ?? -1) >= 0)) {
        throw fail(`cell ${cell} is a polyhedron without faces`);
      }
    });
  }
}

async function writeDataSet(output: ValueOutput, data: DataSet): Promise<void> {
  const { sink } = output;
  await sink.text(
    `# vtk DataFile Version 5.1\nvtk output\n${output.binary ? 'BINARY' : 'ASCII'}\nDATASET ${DATASET_KEYWORDS[data.type]}\n`,
  );
  if (data.fieldData.size > 0) await writeFieldBlock(output, data.fieldData.arrays);
  switch (data.type) {
    case 'ImageData':
      await sink.text(
        `${extentLine(data.extent)}SPACING ${data.spacing.map(formatFloat64).join(' ')}\nORIGIN ${data.origin.map(formatFloat64).join(' ')}\n`,
      );
      break;
    case 'RectilinearGrid': {
      await sink.text(extentLine(data.extent));
      const axes = [data.xCoordinates, data.yCoordinates, data.zCoordinates];
      for (let a = 0; a < 3; a++) {
        await sink.text(
          `${'XYZ'[a]}_COORDINATES ${axes[a].numberOfTuples} ${legacyTypeName(axes[a].dataType)}\n`,
        );
        await writeDataArrayValues(output, axes[a]);
      }
      break;
    }
    case 'StructuredGrid':
      await sink.text(extentLine(data.extent));
      await writePoints(output, data.points);
      break;
    case 'PolyData':
      await writePoints(output, data.points);
      await writeCells(output, 'VERTICES', data.verts);
      await writeCells(output, 'LINES', data.lines);
      await writeCells(output, 'POLYGONS', data.polys);
      await writeCells(output, 'TRIANGLE_STRIPS', data.strips);
      break;
    case 'UnstructuredGrid':
      await writePoints(output, data.points);
      await writeCells(output, 'CELLS', expandPolyhedra(data));
      if (data.cellTypes.length > 0) {
        await sink.text(`CELL_TYPES ${data.cellTypes.length}\n`);
        await writeValues(output, Int32Array.from(data.cellTypes), 1);
      }
      break;
  }
  await writeAttributes(output, data.cellData, 'CELL_DATA', numberOfCells(data));
  await writeAttributes(output, data.pointData, 'POINT_DATA', numberOfPoints(data));
}

/** DIMENSIONS when the extent starts at 0 (what every reader knows), EXTENT otherwise. */
function extentLine(extent: Extent): string {
  if (extent[0] === 0 && extent[2] === 0 && extent[4] === 0)
    return `DIMENSIONS ${dimensionsOf(extent).join(' ')}\n`;
  return `EXTENT ${extent.join(' ')}\n`;
}

async function writePoints(output: ValueOutput, points: DataArray): Promise<void> {
  await output.sink.text(`POINTS ${points.numberOfTuples} ${legacyTypeName(points.dataType)}\n`);
  await writeDataArrayValues(output, points);
}

async function writeCells(output: ValueOutput, keyword: string, cells: CellArray): Promise<void> {
  const count = numberOfCellsIn(cells);
  if (count === 0) return;
  const ids = cells.offsets[count];
  const connectivity = cells.connectivity.subarray(0, ids) as IndexArray;
  await output.sink.text(`${keyword} ${count + 1} ${ids}\nOFFSETS vtktypeint64\n`);
  await writeInt64Values(output, cells.offsets.subarray(0, count + 1) as IndexArray);
  await output.sink.text('CONNECTIVITY vtktypeint64\n');
  await writeInt64Values(output, connectivity);
}

/** VTK writes a polyhedron's face stream [nFaces, n0, id…, …] in place of its point list. */
function expandPolyhedra(grid: UnstructuredGrid): CellArray {
  const faces = grid.polyhedronFaces;
  if (!faces || !grid.cellTypes.includes(CellType.POLYHEDRON)) return grid.cells;
  const { offsets, connectivity } = grid.cells;
  const count = grid.cellTypes.length;
  const streamEnd = (cell: number) => {
    let at = faces.faceOffsets[cell];
    const faceCount = faces.faces[at++];
    for (let f = 0; f < faceCount; f++) at += faces.faces[at] + 1;
    return at;
  };
  const newOffsets = new Float64Array(count + 1);
  for (let cell = 0; cell < count; cell++) {
    const size =
      grid.cellTypes[cell] === CellType.POLYHEDRON
        ? streamEnd(cell) - faces.faceOffsets[cell]
        : offsets[cell + 1] - offsets[cell];
    newOffsets[cell + 1] = newOffsets[cell] + size;
  }
  const newConnectivity = new Float64Array(newOffsets[count]);
  for (let cell = 0; cell < count; cell++) {
    const polyhedron = grid.cellTypes[cell] === CellType.POLYHEDRON;
    const source = polyhedron ? faces.faces : connectivity;
    const begin = polyhedron ? faces.faceOffsets[cell] : offsets[cell];
    const size = newOffsets[cell + 1] - newOffsets[cell];
    newConnectivity.set(source.subarray(begin, begin + size), newOffsets[cell]);
  }
  return { offsets: newOffsets, connectivity: newConnectivity };
}

/** The attribute keyword line for `array` playing `role`, or undefined if it cannot. */
function attributeHeader(
  role: AttributeRole | undefined,
  array: DataArray,
  name: string,
): string | undefined {
  const type = legacyTypeName(array.dataType);
  const components = array.numberOfComponents;
  switch (role) {
    case 'scalars':
      return `SCALARS ${name} ${type} ${components}\nLOOKUP_TABLE default\n`;
    case 'vectors':
      return components === 3 ? `VECTORS ${name} ${type}\n` : undefined;
    case 'normals':
      return components === 3 ? `NORMALS ${name} ${type}\n` : undefined;
    case 'tcoords':
      return components <= 3 ? `TEXTURE_COORDINATES ${name} ${components} ${type}\n` : undefined;
    case 'tensors':
      if (components === 9) return `TENSORS ${name} ${type}\n`;
      return components === 6 ? `TENSORS6 ${name} ${type}\n` : undefined;
    case 'globalIds':
      return components === 1 ? `GLOBAL_IDS ${name} ${type}\n` : undefined;
    default:
      return undefined;
  }
}

/** A name token; unnamed arrays get VTK-style placeholder names since a token cannot be empty. */
function nameToken(array: AnyArray, fallback: string): string {
  return encodeName(array.name === '' ? fallback : array.name);
}

async function writeAttributes(
  output: ValueOutput,
  attributes: DataSetAttributes,
  keyword: string,
  count: number,
): Promise<void> {
  if (attributes.size === 0) return;
  throwIfAborted(output.signal, 'writing a legacy VTK file');
  await output.sink.text(`${keyword} ${count}\n`);
  const roles = new Map<string, AttributeRole>();
  for (const role of ATTRIBUTE_ROLES) {
    const name = attributes.getActiveName(role);
    if (name !== undefined && !roles.has(name)) roles.set(name, role);
  }
  let pending: AnyArray[] = [];
  for (const array of attributes.arrays) {
    const role = roles.get(array.name);
    const header =
      array instanceof StringArray
        ? undefined
        : attributeHeader(role, array, nameToken(array, role ?? 'array'));
    if (header === undefined) {
      pending.push(array);
      continue;
    }
    if (pending.length > 0) await writeFieldBlock(output, pending);
    pending = [];
    await output.sink.text(header);
    await writeDataArrayValues(output, array as DataArray);
  }
  if (pending.length > 0) await writeFieldBlock(output, pending);
}

async function writeFieldBlock(output: ValueOutput, arrays: readonly AnyArray[]): Promise<void> {
  await output.sink.text(`FIELD FieldData ${arrays.length}\n`);
  for (const [index, array] of arrays.entries()) {
    const name = nameToken(array, `Array${index}`);
    if (array instanceof StringArray) {
      await output.sink.text(`${name} 1 ${array.values.length} string\n`);
      await writeStringValues(output, array);
    } else {
      const type = legacyTypeName(array.dataType);
      await output.sink.text(`${name} ${array.numberOfComponents} ${array.numberOfTuples} ${type}\n`);
      await writeDataArrayValues(output, array);
    }
  }
}

export const vtkLegacyWriter: FormatWriter = {
  format: VTK_LEGACY_FORMAT,
  description: 'VTK legacy file (.vtk), version 5.1, binary or ASCII',
  extensions: ['.vtk'],
  accepts: (data: DataObject) => isDataSet(data),
  write: async (path: string, data: DataObject, options?: WriteOptions) => {
    if (!isDataSet(data)) throw new WriteError(path, `a ${data.type} cannot be written as legacy VTK`);
    await writeVtkLegacy(path, data, options);
  },
};
