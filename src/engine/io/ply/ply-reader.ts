/**
 * PLY reader: decoded elements → PolyData, with vtkPLYReader's names for the attributes it knows
 * (`Normals`, `RGB`/`RGBA`, `TCoords`, face `intensity`) and every other scalar property kept as
 * a point or cell array of its own type and name. `face` lists become polys, an `edge` element
 * (vertex1, vertex2) becomes lines; other elements are read past and ignored.
 */
import { ReadError } from '../../../errors.js';
import { DataSetAttributes } from '../../data/attributes.js';
import type { CellArray } from '../../data/cell-array.js';
import { allocateTypedArray, DataArray, type DataType, type NumberArray } from '../../data/data-array.js';
import { createPolyData, type PolyData } from '../../data/dataset.js';
import { FileSource } from '../common/file-source.js';
import type { FormatReader, ReadOptions } from '../types.js';
import { type DecodedElement, decodePlyBody, type PlyColumn } from './ply-body.js';
import { PLY_FORMAT, type PlyHeader, parsePlyHeader, sniffPly } from './ply-header.js';

type Columns = Map<string, PlyColumn>;

function columnsOf(decoded: DecodedElement): Columns {
  return new Map(decoded.columns.map((c) => [c.property.name, c]));
}

/** The first name in `names` that every group has a scalar column for, as a list of columns. */
function findGroup(columns: Columns, groups: readonly (readonly string[])[]): PlyColumn[] | undefined {
  for (const names of groups) {
    const found = names.map((n) => columns.get(n));
    if (found.every((c) => c && !c.offsets)) return found as PlyColumn[];
  }
  return undefined;
}

function interleave(
  name: string,
  type: DataType,
  columns: PlyColumn[],
  count: number,
  map = (v: number) => v,
) {
  const components = columns.length;
  const values = allocateTypedArray(type, count * components) as NumberArray;
  for (let c = 0; c < components; c++) {
    const source = columns[c].values;
    for (let i = 0; i < count; i++) values[i * components + c] = map(source[i]);
  }
  return new DataArray({ name, values, numberOfComponents: components });
}

const FLOAT_TYPES: ReadonlySet<string> = new Set(['Float32', 'Float64']);

/** UInt8 colors; float colors are taken as 0…1 and scaled, integer ones clamped to 0…255. */
function colorArray(columns: PlyColumn[], count: number, alpha: boolean): DataArray {
  const float = FLOAT_TYPES.has(columns[0].property.type);
  const map = float
    ? (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 255)
    : (v: number) => Math.min(255, Math.max(0, v));
  return interleave(alpha ? 'RGBA' : 'RGB', 'UInt8', columns, count, map);
}

/** Attribute columns named the VTK way, and the names they consumed. */
function knownAttributes(
  columns: Columns,
  count: number,
  attributes: DataSetAttributes,
  isPoint: boolean,
): Set<string> {
  const used = new Set<string>();
  const colors = findGroup(columns, [
    ['red', 'green', 'blue'],
    ['diffuse_red', 'diffuse_green', 'diffuse_blue'],
  ]);
  if (colors) {
    const alpha = findGroup(columns, [['alpha'], ['diffuse_alpha']]);
    const all = alpha ? [...colors, ...alpha] : colors;
    attributes.setAttribute('scalars', colorArray(all, count, Boolean(alpha)));
    for (const c of all) used.add(c.property.name);
  }
  if (!isPoint) return used;
  const normals = findGroup(columns, [['nx', 'ny', 'nz']]);
  if (normals) {
    attributes.setAttribute('normals', interleave('Normals', 'Float32', normals, count));
    for (const c of normals) used.add(c.property.name);
  }
  const tcoords = findGroup(columns, [
    ['u', 'v'],
    ['texture_u', 'texture_v'],
    ['s', 't'],
    ['texture_s', 'texture_t'],
  ]);
  if (tcoords) {
    attributes.setAttribute('tcoords', interleave('TCoords', 'Float32', tcoords, count));
    for (const c of tcoords) used.add(c.property.name);
  }
  return used;
}

/**
 * Every remaining column as an array: scalars keep their type; lists of one constant length
 * become multi-component arrays; lists of varying length have no array form and are left out.
 */
function genericArrays(columns: Columns, count: number, skip: Set<string>): DataArray[] {
  const arrays: DataArray[] = [];
  for (const column of columns.values()) {
    const name = column.property.name;
    if (skip.has(name)) continue;
    if (!column.offsets) {
      arrays.push(new DataArray({ name, values: column.values }));
      continue;
    }
    const length = count > 0 ? column.offsets[1] : 0;
    let constant = length > 0;
    for (let i = 1; constant && i <= count; i++)
      constant = column.offsets[i] - column.offsets[i - 1] === length;
    if (constant) arrays.push(new DataArray({ name, values: column.values, numberOfComponents: length }));
  }
  return arrays;
}

function outOfRange(
  file: string,
  what: string,
  index: number,
  id: number,
  pointCount: number,
  decoded: DecodedElement,
) {
  return new ReadError(
    file,
    PLY_FORMAT,
    `${what} ${index} refers to vertex ${id}, but there are ${pointCount} vertices`,
    decoded.location,
  );
}

function facesToPolys(file: string, decoded: DecodedElement, pointCount: number): CellArray {
  const columns = columnsOf(decoded);
  const indices = columns.get('vertex_indices') ?? columns.get('vertex_index');
  if (!indices?.offsets) {
    throw new ReadError(
      file,
      PLY_FORMAT,
      "element 'face' has no list property 'vertex_indices' (or 'vertex_index')",
      decoded.location,
    );
  }
  const connectivity = Int32Array.from(indices.values);
  for (let face = 0; face < decoded.element.count; face++) {
    for (let k = indices.offsets[face]; k < indices.offsets[face + 1]; k++) {
      const id = indices.values[k];
      if (!(id >= 0 && id < pointCount)) throw outOfRange(file, 'face', face, id, pointCount, decoded);
    }
  }
  return { offsets: indices.offsets, connectivity };
}

function edgesToLines(file: string, decoded: DecodedElement, pointCount: number): CellArray {
  const columns = columnsOf(decoded);
  const first = columns.get('vertex1');
  const second = columns.get('vertex2');
  if (!first || !second || first.offsets || second.offsets) {
    throw new ReadError(
      file,
      PLY_FORMAT,
      "element 'edge' needs scalar properties 'vertex1' and 'vertex2'",
      decoded.location,
    );
  }
  const count = decoded.element.count;
  const connectivity = new Int32Array(2 * count);
  const offsets = new Int32Array(count + 1);
  for (let edge = 0; edge < count; edge++) {
    for (const [k, column] of [first, second].entries()) {
      const id = column.values[edge];
      if (!(id >= 0 && id < pointCount)) throw outOfRange(file, 'edge', edge, id, pointCount, decoded);
      connectivity[2 * edge + k] = id;
    }
    offsets[edge + 1] = 2 * (edge + 1);
  }
  return { offsets, connectivity };
}

/**
 * Cell arrays over lines then polys (VTK's cell order). An array found on only one of the two
 * elements is zero over the other; one found on both with differing types is stored as Float64.
 */
function mergeCellArrays(
  lineArrays: DataArray[],
  lineCount: number,
  polyArrays: DataArray[],
  polyCount: number,
) {
  if (lineCount === 0) return polyArrays;
  if (polyCount === 0) return lineArrays;
  const names = [...new Set([...lineArrays.map((a) => a.name), ...polyArrays.map((a) => a.name)])];
  const merged: DataArray[] = [];
  for (const name of names) {
    const line = lineArrays.find((a) => a.name === name);
    const poly = polyArrays.find((a) => a.name === name);
    const components = (line ?? poly)!.numberOfComponents;
    if (line && poly && line.numberOfComponents !== poly.numberOfComponents) continue;
    const type = line && poly && line.dataType !== poly.dataType ? 'Float64' : (line ?? poly)!.dataType;
    const array = DataArray.allocate(name, type, lineCount + polyCount, components);
    const values = array.values as NumberArray;
    if (line) values.set(line.values as NumberArray, 0);
    if (poly) values.set(poly.values as NumberArray, lineCount * components);
    merged.push(array);
  }
  return merged;
}

/** Builds PolyData from decoded elements. */
export function plyToPolyData(file: string, elements: DecodedElement[]): PolyData {
  const vertex = elements.find((e) => e.element.name === 'vertex');
  if (!vertex) throw new ReadError(file, PLY_FORMAT, "no 'vertex' element in the header", { line: 1 });
  const vertexColumns = columnsOf(vertex);
  const xyz = findGroup(vertexColumns, [['x', 'y', 'z']]);
  if (!xyz) {
    throw new ReadError(file, PLY_FORMAT, "element 'vertex' needs scalar properties x, y and z", {
      line: vertex.element.line,
    });
  }
  const pointCount = vertex.element.count;
  // VTK stores PLY points as float; keep double (or 32-bit integer) coordinates exact instead.
  const wide = xyz.some((c) => c.property.type === 'Float64' || c.property.type.endsWith('Int32'));
  const face = elements.find((e) => e.element.name === 'face');
  const edge = elements.find((e) => e.element.name === 'edge');
  const data = createPolyData({
    points: interleave('Points', wide ? 'Float64' : 'Float32', xyz, pointCount),
    polys: face ? facesToPolys(file, face, pointCount) : undefined,
    lines: edge ? edgesToLines(file, edge, pointCount) : undefined,
  });

  const usedPoint = knownAttributes(vertexColumns, pointCount, data.pointData, true);
  for (const name of ['x', 'y', 'z']) usedPoint.add(name);
  for (const array of genericArrays(vertexColumns, pointCount, usedPoint)) data.pointData.add(array);

  const cellAttributes = (decoded: DecodedElement | undefined, skip: string[]) => {
    if (!decoded) return [];
    const columns = columnsOf(decoded);
    const known = new DataSetAttributes();
    const used = knownAttributes(columns, decoded.element.count, known, false);
    for (const name of skip) used.add(name);
    return [...known.dataArrays, ...genericArrays(columns, decoded.element.count, used)];
  };
  const lineCount = edge?.element.count ?? 0;
  const polyCount = face?.element.count ?? 0;
  const merged = mergeCellArrays(
    cellAttributes(edge, ['vertex1', 'vertex2']),
    lineCount,
    cellAttributes(face, ['vertex_indices', 'vertex_index']),
    polyCount,
  );
  for (const array of merged) {
    if (array.name === 'RGB' || array.name === 'RGBA') data.cellData.setAttribute('scalars', array);
    else data.cellData.add(array);
  }
  if (!data.cellData.getActiveName('scalars') && data.cellData.has('intensity')) {
    data.cellData.setActive('scalars', 'intensity');
  }
  return data;
}

/** Reads the header only (comments, elements, properties), e.g. for `periscope info`. */
export async function readPlyHeader(path: string): Promise<PlyHeader> {
  return FileSource.with(path, PLY_FORMAT, async (source) => {
    // Headers are small; 1 MiB holds any sensible one, and a missing end_header is reported.
    const head = await source.readUpTo(0, 1 << 20);
    return parsePlyHeader(path, head);
  });
}

/** Reads a PLY file (ascii, binary_little_endian or binary_big_endian) into PolyData. */
export async function readPly(path: string, options: ReadOptions = {}): Promise<PolyData> {
  const bytes = await FileSource.with(path, PLY_FORMAT, (source) => source.readAll());
  const header = parsePlyHeader(path, bytes);
  const elements = decodePlyBody(path, bytes, header, options.signal);
  return plyToPolyData(path, elements);
}

export const plyReader: FormatReader = {
  format: PLY_FORMAT,
  description: 'PLY (Stanford polygon file), ASCII or binary',
  extensions: ['.ply'],
  sniff: sniffPly,
  read: readPly,
};
