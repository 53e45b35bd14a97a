/**
 * Cell sections (VERTICES, LINES, POLYGONS, TRIANGLE_STRIPS, CELLS) in both layouts, CELL_TYPES,
 * and the checks that make a cell list safe to use: sizes that add up, known cell types, the
 * right number of points for fixed-size types, and every point id below the number of points.
 *
 * Layouts: before version 5 a section is `KEY n size` followed by `size` ints [count, id…]…;
 * from 5.0 it is `KEY n+1 m` followed by `OFFSETS <type>` and `CONNECTIVITY <type>` arrays.
 * The layout is recognised by the OFFSETS keyword, not by the version number, because writers
 * disagree about which versions use which.
 *
 * Polyhedra (type 42) are written by VTK with their face stream [nFaces, n0, id…, n1, id…]
 * in place of the point list; reading turns that back into the sorted set of their points plus
 * the face stream, as vtkUnstructuredGrid::DecomposeAPolyhedronCell does.
 */
import {
  type CellArray,
  cellArrayFromLegacy,
  emptyCellArray,
  type IndexArray,
  toIndexArray,
} from '../../data/cell-array.js';
import { CellType, cellTypeInfo, isKnownCellType } from '../../data/cell-types.js';
import { bytesPerElement } from '../../data/data-array.js';
import type { PolyhedronFaces } from '../../data/dataset.js';
import { readArrayMetadata, readValues, readValueType } from './array-reader.js';
import { type LegacyValueType, legacyValueType } from './data-types.js';
import type { LegacyScanner, Mark } from './scanner.js';

const INT32 = legacyValueType('int') as LegacyValueType & { kind: 'numeric' };

export interface CellSection {
  keyword: string;
  cells: CellArray;
  /** The section header, where errors about its contents point. */
  mark: Mark;
  /** Exact byte offset of connectivity value `index` of cell `cell`, for binary files. */
  locate?: (index: number, cell: number) => number;
}

/** Reads a cell section whose keyword token has just been read. */
export function readCellSection(scanner: LegacyScanner, binary: boolean, keyword: string): CellSection {
  const mark = scanner.tokenMark;
  const first = scanner.readCount(`${keyword}: number of cells`);
  const second = scanner.readCount(`${keyword}: size`);
  if (scanner.atKeyword('OFFSETS')) {
    return readOffsetsLayout(scanner, binary, keyword, mark, first, second);
  }
  if (first === 0 && second === 0) return { keyword, cells: emptyCellArray(), mark };
  const what = `${keyword} (${first} cells, size ${second})`;
  const legacy = readValues(scanner, binary, INT32, second, what) as Int32Array;
  const dataStart = scanner.position - 4 * second;
  let position = 0;
  for (let cell = 0; cell < first; cell++) {
    const count = position < second ? legacy[position] : -1;
    if (count < 0 || position + 1 + count > second) {
      const detail =
        position >= second
          ? `${what}: the list ends before cell ${cell}`
          : `${what}: cell ${cell} declares ${count} points but only ${second - position - 1} values remain`;
      throw scanner.error(detail, binary ? { offset: dataStart + 4 * position, line: undefined } : mark);
    }
    position += 1 + count;
  }
  if (position !== second) {
    throw scanner.error(`${what}: the ${first} cells use ${position} values, not ${second}`, mark);
  }
  const cells = cellArrayFromLegacy(legacy, first);
  return binary
    ? { keyword, cells, mark, locate: (index, cell) => dataStart + 4 * (index + cell + 1) }
    : { keyword, cells, mark };
}

function readIndexArray(scanner: LegacyScanner, binary: boolean, label: string, count: number, what: string) {
  const word = scanner.expectWord(`${what}: ${label}`);
  if (word.toLowerCase() !== label.toLowerCase()) {
    throw scanner.errorAtToken(`${what}: expected ${label}, found '${word}'`);
  }
  const type = readValueType(scanner, `${what} ${label}`);
  if (type.kind !== 'numeric' || type.dataType.startsWith('Float') || type.layout === 'bits') {
    throw scanner.errorAtToken(`${what}: ${label} must have an integer type`);
  }
  const values = readValues(scanner, binary, type, count, `${what} ${label}`);
  const size = type.layout === 'int32' ? 4 : bytesPerElement(type.dataType);
  const start = scanner.position - size * count;
  readArrayMetadata(scanner, undefined, 1, `${what} ${label}`);
  return { values: toIndexArray(values), start, size };
}

function readOffsetsLayout(
  scanner: LegacyScanner,
  binary: boolean,
  keyword: string,
  mark: Mark,
  offsetCount: number,
  connectivityCount: number,
): CellSection {
  const what = `${keyword} (${offsetCount} offsets, ${connectivityCount} ids)`;
  const offsets = readIndexArray(scanner, binary, 'OFFSETS', offsetCount, what).values;
  const connectivity = readIndexArray(scanner, binary, 'CONNECTIVITY', connectivityCount, what);
  if (offsetCount === 0) {
    if (connectivityCount !== 0) throw scanner.error(`${what}: connectivity without offsets`, mark);
    return { keyword, cells: emptyCellArray(), mark };
  }
  if (offsets[0] !== 0) throw scanner.error(`${what}: the first offset is ${offsets[0]}, not 0`, mark);
  for (let i = 1; i < offsetCount; i++) {
    if (offsets[i] < offsets[i - 1]) throw scanner.error(`${what}: offset ${i} decreases`, mark);
  }
  if (offsets[offsetCount - 1] !== connectivityCount) {
    throw scanner.error(
      `${what}: the last offset is ${offsets[offsetCount - 1]} but there are ${connectivityCount} ids`,
      mark,
    );
  }
  const cells = { offsets, connectivity: connectivity.values };
  if (!binary) return { keyword, cells, mark };
  const { start, size } = connectivity;
  return { keyword, cells, mark, locate: (index) => start + size * index };
}

/** Reads CELL_TYPES (its keyword token has just been read); unknown types are errors. */
export function readCellTypes(scanner: LegacyScanner, binary: boolean): { types: Uint8Array; mark: Mark } {
  const mark = scanner.tokenMark;
  const count = scanner.readCount('CELL_TYPES: number of cells');
  const values = readValues(scanner, binary, INT32, count, `CELL_TYPES (${count} cells)`) as Int32Array;
  const dataStart = scanner.position - 4 * count;
  const types = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    if (!isKnownCellType(values[i])) {
      throw scanner.error(
        `CELL_TYPES: cell ${i} has unknown cell type ${values[i]}`,
        binary ? { offset: dataStart + 4 * i, line: undefined } : mark,
      );
    }
    types[i] = values[i];
  }
  return { types, mark };
}

function locationOf(section: CellSection, index: number, cell: number): Mark {
  return section.locate ? { offset: section.locate(index, cell), line: undefined } : section.mark;
}

/** Throws unless every point id of `section` is in [0, numberOfPoints). */
export function checkPointIds(scanner: LegacyScanner, section: CellSection, numberOfPoints: number): void {
  const { offsets, connectivity } = section.cells;
  const cellCount = offsets.length - 1;
  for (let cell = 0; cell < cellCount; cell++) {
    for (let i = offsets[cell]; i < offsets[cell + 1]; i++) {
      const id = connectivity[i];
      if (id < 0 || id >= numberOfPoints) {
        throw scanner.error(
          `${section.keyword}: cell ${cell} uses point ${id} but there are only ${numberOfPoints} points`,
          locationOf(section, i, cell),
        );
      }
    }
  }
}

export interface UnstructuredCells {
  cells: CellArray;
  polyhedronFaces?: PolyhedronFaces;
}

/**
 * Checks that CELLS and CELL_TYPES agree, that fixed-size cells have their number of points and
 * that every id is a point; decodes polyhedron face streams.
 */
export function assembleUnstructuredCells(
  scanner: LegacyScanner,
  section: CellSection,
  types: { types: Uint8Array; mark: Mark },
  numberOfPoints: number,
): UnstructuredCells {
  const { offsets } = section.cells;
  const cellCount = offsets.length - 1;
  if (cellCount !== types.types.length) {
    throw scanner.error(`CELLS has ${cellCount} cells but CELL_TYPES has ${types.types.length}`, types.mark);
  }
  let hasPolyhedra = false;
  for (let cell = 0; cell < cellCount; cell++) {
    const type = types.types[cell];
    if (type === CellType.POLYHEDRON) {
      hasPolyhedra = true;
      continue;
    }
    const info = cellTypeInfo(type)!;
    const size = offsets[cell + 1] - offsets[cell];
    if (info.points > 0 && size !== info.points) {
      throw scanner.error(
        `CELLS: cell ${cell} is a ${info.name} with ${size} points; it needs ${info.points}`,
        locationOf(section, offsets[cell], cell),
      );
    }
  }
  if (!hasPolyhedra) {
    checkPointIds(scanner, section, numberOfPoints);
    return { cells: section.cells };
  }
  const decoded = decodePolyhedra(scanner, section, types.types);
  checkPointIds(scanner, { ...section, cells: decoded.cells, locate: undefined }, numberOfPoints);
  checkPointIds(
    scanner,
    {
      keyword: 'CELLS (polyhedron faces)',
      cells: faceStreamsAsCells(decoded.polyhedronFaces),
      mark: section.mark,
    },
    numberOfPoints,
  );
  return decoded;
}

/** Splits face streams into one pseudo-cell per face so their ids can be checked. */
function faceStreamsAsCells(faces: PolyhedronFaces): CellArray {
  const stream = faces.faces;
  const offsets: number[] = [0];
  const ids: number[] = [];
  for (let cell = 0; cell < faces.faceOffsets.length; cell++) {
    let at = faces.faceOffsets[cell];
    if (at < 0) continue;
    const faceCount = stream[at++];
    for (let f = 0; f < faceCount; f++) {
      const n = stream[at++];
      for (let k = 0; k < n; k++) ids.push(stream[at++]);
      offsets.push(ids.length);
    }
  }
  return { offsets: toIndexArray(offsets), connectivity: toIndexArray(ids) };
}

function decodePolyhedra(
  scanner: LegacyScanner,
  section: CellSection,
  types: Uint8Array,
): Required<UnstructuredCells> {
  const { offsets, connectivity } = section.cells;
  const cellCount = types.length;
  const newOffsets = new Float64Array(cellCount + 1);
  const newConnectivity = new Float64Array(connectivity.length);
  const faceOffsets = new Float64Array(cellCount).fill(-1);
  let faceLength = 0;
  for (let cell = 0; cell < cellCount; cell++) {
    if (types[cell] === CellType.POLYHEDRON) faceLength += offsets[cell + 1] - offsets[cell];
  }
  const faces = new Float64Array(faceLength);
  let written = 0;
  let faceWritten = 0;
  for (let cell = 0; cell < cellCount; cell++) {
    const begin = offsets[cell];
    const end = offsets[cell + 1];
    if (types[cell] !== CellType.POLYHEDRON) {
      for (let i = begin; i < end; i++) newConnectivity[written++] = connectivity[i];
      newOffsets[cell + 1] = written;
      continue;
    }
    const points = new Set<number>();
    let at = begin;
    const faceCount = at < end ? connectivity[at++] : -1;
    for (let f = 0; f < faceCount && at <= end; f++) {
      const n = at < end ? connectivity[at++] : -1;
      if (n < 0 || at + n > end) {
        at = end + 1;
        break;
      }
      for (let k = 0; k < n; k++) points.add(connectivity[at++]);
    }
    if (faceCount < 1 || at !== end) {
      throw scanner.error(
        `CELLS: cell ${cell} is a POLYHEDRON whose face stream of ${end - begin} values is inconsistent`,
        locationOf(section, begin, cell),
      );
    }
    faceOffsets[cell] = faceWritten;
    for (let i = begin; i < end; i++) faces[faceWritten++] = connectivity[i];
    for (const id of [...points].sort((a, b) => a - b)) newConnectivity[written++] = id;
    newOffsets[cell + 1] = written;
  }
  const cells: { offsets: IndexArray; connectivity: IndexArray } = {
    offsets: toIndexArray(newOffsets),
    connectivity: toIndexArray(newConnectivity.subarray(0, written)),
  };
  return { cells, polyhedronFaces: { faces: toIndexArray(faces), faceOffsets: toIndexArray(faceOffsets) } };
}
