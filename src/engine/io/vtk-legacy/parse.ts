/**
 * Parses a whole legacy VTK file held in memory into a dataset: the header (version line, title,
 * ASCII/BINARY), the DATASET geometry of one of the five kinds, then the attribute sections.
 * Pure: bytes in, dataset out, no I/O, so it can run in a worker or a browser.
 */
import { throwIfAborted } from '../../../errors.js';
import { type CellArray, emptyCellArray } from '../../data/cell-array.js';
import { DataArray } from '../../data/data-array.js';
import {
  createImageData,
  createPolyData,
  createRectilinearGrid,
  createStructuredGrid,
  createUnstructuredGrid,
  type DataSet,
  type Extent,
  type Vec3,
} from '../../data/dataset.js';
import { dimensionsOf } from '../../data/queries.js';
import { readLegacyArray, readValueType } from './array-reader.js';
import {
  addFieldArrays,
  readAttributeSections,
  readFieldBlock,
  type SectionContext,
} from './attribute-reader.js';
import {
  assembleUnstructuredCells,
  type CellSection,
  checkPointIds,
  readCellSection,
  readCellTypes,
} from './cell-reader.js';
import { LegacyScanner, type Mark } from './scanner.js';

export const VERSION_PREFIX = '# vtk DataFile Version';

export interface LegacyHeader {
  /** [major, minor]; [0, 0] when the version line has no readable number (VTK warns and goes on). */
  version: [number, number];
  title: string;
  binary: boolean;
}

export interface ParseOptions {
  signal?: AbortSignal;
}

function readHeader(scanner: LegacyScanner): LegacyHeader {
  const first = scanner.readLine();
  if (first === undefined || !first.startsWith(VERSION_PREFIX)) {
    throw scanner.error(`not a legacy VTK file: the first line must start with '${VERSION_PREFIX}'`, {
      offset: 0,
      line: 1,
    });
  }
  const match = /^\s*(\d+)\.(\d+)/.exec(first.slice(VERSION_PREFIX.length));
  const version: [number, number] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
  const title = scanner.readLine();
  if (title === undefined) throw scanner.error('the file ends before its title line (truncated?)');
  const format = scanner.expectWord('the file type (ASCII or BINARY)');
  const lower = format.toLowerCase();
  if (lower !== 'ascii' && lower !== 'binary') {
    throw scanner.errorAtToken(`expected ASCII or BINARY, found '${format}'`);
  }
  return { version, title, binary: lower === 'binary' };
}

/** Parses `bytes` (the whole file `file`) into a dataset; bad input raises ReadError. */
export function parseVtkLegacy(bytes: Uint8Array, file: string, options: ParseOptions = {}): DataSet {
  const scanner = new LegacyScanner(bytes, file);
  const header = readHeader(scanner);
  const context: SectionContext = { scanner, binary: header.binary, signal: options.signal };
  const word = scanner.nextWord();
  if (word === undefined) throw scanner.error('missing DATASET: the file ends after its header');
  if (word.toLowerCase() !== 'dataset') {
    throw scanner.errorAtToken(`missing DATASET: expected 'DATASET <type>', found '${word}'`);
  }
  const kind = scanner.expectWord('the DATASET type');
  const geometry = new GeometryReader(context, kind.toUpperCase());
  let result: { data: DataSet; next: string | undefined };
  switch (kind.toLowerCase()) {
    case 'structured_points':
      result = geometry.structuredPoints();
      break;
    case 'structured_grid':
      result = geometry.structuredGrid();
      break;
    case 'rectilinear_grid':
      result = geometry.rectilinearGrid();
      break;
    case 'polydata':
      result = geometry.polyData();
      break;
    case 'unstructured_grid':
      result = geometry.unstructuredGrid();
      break;
    default:
      throw scanner.errorAtToken(`unsupported DATASET type '${kind}'`);
  }
  addFieldArrays(result.data.fieldData, geometry.fieldArrays);
  if (result.next !== undefined) readAttributeSections(context, result.data, result.next);
  return result.data;
}

/** Reads the geometry keywords of one dataset kind, up to its first attribute section. */
class GeometryReader {
  readonly fieldArrays: ReturnType<typeof readFieldBlock> = [];
  #context: SectionContext;
  #kind: string;

  constructor(context: SectionContext, kind: string) {
    this.#context = context;
    this.#kind = kind;
  }

  get #scanner(): LegacyScanner {
    return this.#context.scanner;
  }

  /**
   * Dispatches keywords to `handlers` until POINT_DATA, CELL_DATA or the end of the file, which
   * it returns (lower case) or undefined. FIELD holds the dataset's field data in every kind.
   */
  #loop(handlers: Record<string, () => void>): string | undefined {
    const scanner = this.#scanner;
    for (;;) {
      throwIfAborted(this.#context.signal, 'reading a legacy VTK file');
      const word = scanner.nextWord();
      if (word === undefined) return undefined;
      const key = word.toLowerCase();
      if (key === 'point_data' || key === 'cell_data') return key;
      if (key === 'field') {
        this.fieldArrays.push(...readFieldBlock(this.#context, `DATASET ${this.#kind}`));
        continue;
      }
      const handler = Object.hasOwn(handlers, key) ? handlers[key] : undefined;
      if (!handler) throw scanner.errorAtToken(`unknown keyword '${word}' in DATASET ${this.#kind}`);
      handler();
    }
  }

  #readExtentKeywords(handlers: Record<string, () => void>, state: { extent?: Extent; mark?: Mark }) {
    const scanner = this.#scanner;
    handlers.dimensions = () => {
      state.mark = scanner.tokenMark;
      const n = [0, 1, 2].map((a) => scanner.readCount(`DIMENSIONS ${'xyz'[a]}`));
      state.extent = [0, n[0] - 1, 0, n[1] - 1, 0, n[2] - 1];
    };
    handlers.extent = () => {
      state.mark = scanner.tokenMark;
      state.extent = [0, 1, 2, 3, 4, 5].map((i) => scanner.readInteger(`EXTENT value ${i}`)) as Extent;
    };
  }

  #requireExtent(state: { extent?: Extent }): Extent {
    if (!state.extent) throw this.#scanner.error(`DATASET ${this.#kind} has no DIMENSIONS (or EXTENT)`);
    return state.extent;
  }

  #readVector(what: string): Vec3 {
    const scanner = this.#scanner;
    return [scanner.readReal(`${what} x`), scanner.readReal(`${what} y`), scanner.readReal(`${what} z`)];
  }

  #readPoints(): { points: DataArray; mark: Mark } {
    const scanner = this.#scanner;
    const mark = scanner.tokenMark;
    const tuples = scanner.readCount('POINTS: number of points');
    const type = readValueType(scanner, 'POINTS');
    if (type.kind !== 'numeric') throw scanner.errorAtToken('POINTS must have a numeric type');
    const what = `POINTS (${tuples} points)`;
    const points = readLegacyArray(scanner, this.#context.binary, type, {
      name: 'Points',
      tuples,
      components: 3,
      what,
    });
    return { points: points as DataArray, mark };
  }

  structuredPoints() {
    const state: { extent?: Extent } = {};
    let spacing: Vec3 = [1, 1, 1];
    let origin: Vec3 = [0, 0, 0];
    const handlers: Record<string, () => void> = {
      spacing: () => (spacing = this.#readVector('SPACING')),
      aspect_ratio: () => (spacing = this.#readVector('ASPECT_RATIO')),
      origin: () => (origin = this.#readVector('ORIGIN')),
    };
    this.#readExtentKeywords(handlers, state);
    const next = this.#loop(handlers);
    return { data: createImageData({ extent: this.#requireExtent(state), spacing, origin }), next };
  }

  structuredGrid() {
    const state: { extent?: Extent } = {};
    let read: { points: DataArray; mark: Mark } | undefined;
    const handlers: Record<string, () => void> = { points: () => (read = this.#readPoints()) };
    this.#readExtentKeywords(handlers, state);
    const next = this.#loop(handlers);
    const extent = this.#requireExtent(state);
    const [nx, ny, nz] = dimensionsOf(extent);
    const points =
      read?.points ?? new DataArray({ name: 'Points', values: new Float32Array(0), numberOfComponents: 3 });
    if (points.numberOfTuples !== nx * ny * nz) {
      throw this.#scanner.error(
        `STRUCTURED_GRID: ${points.numberOfTuples} points but DIMENSIONS ${nx} ${ny} ${nz} need ${nx * ny * nz}`,
        read?.mark,
      );
    }
    return { data: createStructuredGrid({ extent, points }), next };
  }

  rectilinearGrid() {
    const scanner = this.#scanner;
    const state: { extent?: Extent } = {};
    const coordinates: (DataArray | undefined)[] = [undefined, undefined, undefined];
    const marks: Mark[] = [];
    const handlers: Record<string, () => void> = {};
    ['x', 'y', 'z'].forEach((axis, a) => {
      handlers[`${axis}_coordinates`] = () => {
        const keyword = `${axis.toUpperCase()}_COORDINATES`;
        marks[a] = scanner.tokenMark;
        const tuples = scanner.readCount(`${keyword}: number of values`);
        const type = readValueType(scanner, keyword);
        if (type.kind !== 'numeric') throw scanner.errorAtToken(`${keyword} must have a numeric type`);
        const name = `${axis.toUpperCase()}Coordinates`;
        const what = `${keyword} (${tuples} values)`;
        coordinates[a] = readLegacyArray(scanner, this.#context.binary, type, {
          name,
          tuples,
          components: 1,
          what,
        }) as DataArray;
      };
    });
    this.#readExtentKeywords(handlers, state);
    const next = this.#loop(handlers);
    const extent = this.#requireExtent(state);
    const dims = dimensionsOf(extent);
    const arrays = coordinates.map((array, a) => {
      const keyword = `${'XYZ'[a]}_COORDINATES`;
      if (!array && dims[a] > 0) throw scanner.error(`RECTILINEAR_GRID has no ${keyword}`);
      const values = array ?? new DataArray({ name: `${'XYZ'[a]}Coordinates`, values: new Float32Array(0) });
      if (values.numberOfTuples !== dims[a]) {
        throw scanner.error(
          `${keyword} has ${values.numberOfTuples} values but DIMENSIONS needs ${dims[a]}`,
          marks[a],
        );
      }
      return values;
    });
    const [xCoordinates, yCoordinates, zCoordinates] = arrays;
    return { data: createRectilinearGrid({ extent, xCoordinates, yCoordinates, zCoordinates }), next };
  }

  polyData() {
    const binary = this.#context.binary;
    let points: DataArray | undefined;
    const sections: Partial<Record<'verts' | 'lines' | 'polys' | 'strips', CellSection>> = {};
    const cellHandler = (slot: keyof typeof sections, keyword: string) => () => {
      sections[slot] = readCellSection(this.#scanner, binary, keyword);
    };
    const next = this.#loop({
      points: () => (points = this.#readPoints().points),
      vertices: cellHandler('verts', 'VERTICES'),
      lines: cellHandler('lines', 'LINES'),
      polygons: cellHandler('polys', 'POLYGONS'),
      triangle_strips: cellHandler('strips', 'TRIANGLE_STRIPS'),
    });
    points ??= new DataArray({ name: 'Points', values: new Float32Array(0), numberOfComponents: 3 });
    const cells: Partial<Record<keyof typeof sections, CellArray>> = {};
    for (const [slot, section] of Object.entries(sections) as [keyof typeof sections, CellSection][]) {
      checkPointIds(this.#scanner, section, points.numberOfTuples);
      cells[slot] = section.cells;
    }
    return { data: createPolyData({ points, ...cells }), next };
  }

  unstructuredGrid() {
    const scanner = this.#scanner;
    const binary = this.#context.binary;
    let points: DataArray | undefined;
    let section: CellSection | undefined;
    let types: ReturnType<typeof readCellTypes> | undefined;
    const next = this.#loop({
      points: () => (points = this.#readPoints().points),
      cells: () => (section = readCellSection(scanner, binary, 'CELLS')),
      cell_types: () => (types = readCellTypes(scanner, binary)),
    });
    points ??= new DataArray({ name: 'Points', values: new Float32Array(0), numberOfComponents: 3 });
    if (section && !types) throw scanner.error('UNSTRUCTURED_GRID has CELLS but no CELL_TYPES', section.mark);
    if (types && !section) {
      if (types.types.length > 0)
        throw scanner.error('UNSTRUCTURED_GRID has CELL_TYPES but no CELLS', types.mark);
      section = { keyword: 'CELLS', cells: emptyCellArray(), mark: types.mark };
    }
    if (!section || !types) {
      const empty = createUnstructuredGrid({ points, cells: emptyCellArray(), cellTypes: new Uint8Array(0) });
      return { data: empty, next };
    }
    const assembled = assembleUnstructuredCells(scanner, section, types, points.numberOfTuples);
    const grid = createUnstructuredGrid({ points, cellTypes: types.types, ...assembled });
    return { data: grid, next };
  }
}
