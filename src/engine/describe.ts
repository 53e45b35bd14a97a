/**
 * A JSON-ready summary of a data object: what `periscope info --json` prints, what
 * `periscope run --json` extends, and what the session server reports as dataset information.
 */
import type { DataSetAttributes } from './data/attributes.js';
import { numberOfCellsIn } from './data/cell-array.js';
import { CellType } from './data/cell-types.js';
import { type DataArray, type DataType, MAGNITUDE } from './data/data-array.js';
import type { Bounds, DataObject, DataSet, PolyData } from './data/dataset.js';
import { isDataSet } from './data/dataset.js';
import {
  boundsOf,
  EMPTY_BOUNDS,
  numberOfCells,
  numberOfPoints,
  structuredDimension,
  unionBounds,
} from './data/queries.js';

/** JSON has no NaN: ranges of arrays without a finite value are reported as null. */
export type JsonRange = [number, number] | null;

export interface ArrayInfo {
  name: string;
  components: number;
  type: DataType;
  /** Range of the single component, or of the magnitude for multi-component arrays. */
  range: JsonRange;
  componentRanges: JsonRange[];
}

export interface DataInfo {
  file?: string;
  format?: string;
  type: DataObject['type'];
  points: number;
  cells: number;
  bounds: Bounds;
  pointData: ArrayInfo[];
  cellData: ArrayInfo[];
  fieldData: ArrayInfo[];
  /** VTK cell type id → number of cells of that type. */
  cellTypes: Record<string, number>;
  /** Multiblock only: the same summary per block, with its name. */
  blocks?: (DataInfo & { name: string })[];
  /** Time series only: the time values; the other fields describe the first step. */
  timeSteps?: number[];
  /** Tables only: number of rows; columns are listed in `pointData`. */
  rows?: number;
  memoryBytes?: number;
}

function jsonRange(range: [number, number]): JsonRange {
  return Number.isNaN(range[0]) ? null : [range[0], range[1]];
}

export function describeArray(array: DataArray): ArrayInfo {
  return {
    name: array.name,
    components: array.numberOfComponents,
    type: array.dataType,
    range: jsonRange(array.getRange(array.numberOfComponents === 1 ? 0 : MAGNITUDE)),
    componentRanges: array.getComponentRanges().map(jsonRange),
  };
}

function describeAttributes(attributes: DataSetAttributes): ArrayInfo[] {
  return attributes.dataArrays.map(describeArray);
}

function polyCellTypes(poly: PolyData, counts: Map<number, number>): void {
  const add = (type: number, n = 1) => counts.set(type, (counts.get(type) ?? 0) + n);
  const sizes = (cells: PolyData['verts'], pick: (size: number) => number) => {
    for (let c = 0; c < numberOfCellsIn(cells); c++) add(pick(cells.offsets[c + 1] - cells.offsets[c]));
  };
  sizes(poly.verts, (n) => (n === 1 ? CellType.VERTEX : CellType.POLY_VERTEX));
  sizes(poly.lines, (n) => (n === 2 ? CellType.LINE : CellType.POLY_LINE));
  sizes(poly.polys, (n) => (n === 3 ? CellType.TRIANGLE : n === 4 ? CellType.QUAD : CellType.POLYGON));
  if (numberOfCellsIn(poly.strips) > 0) add(CellType.TRIANGLE_STRIP, numberOfCellsIn(poly.strips));
}

/** Cell type histogram with VTK's GetCellType answers for implicit-topology datasets. */
export function cellTypeCounts(data: DataSet): Map<number, number> {
  const counts = new Map<number, number>();
  const cells = numberOfCells(data);
  switch (data.type) {
    case 'ImageData':
    case 'RectilinearGrid':
    case 'StructuredGrid': {
      if (cells === 0) break;
      const image = data.type !== 'StructuredGrid';
      const byDimension = [
        CellType.VERTEX,
        CellType.LINE,
        image ? CellType.PIXEL : CellType.QUAD,
        image ? CellType.VOXEL : CellType.HEXAHEDRON,
      ];
      counts.set(byDimension[structuredDimension(data.extent)], cells);
      break;
    }
    case 'PolyData':
      polyCellTypes(data, counts);
      break;
    case 'UnstructuredGrid':
      for (const type of data.cellTypes) counts.set(type, (counts.get(type) ?? 0) + 1);
      break;
  }
  return counts;
}

function toRecord(counts: Map<number, number>): Record<string, number> {
  return Object.fromEntries(
    [...counts.entries()].sort((a, b) => a[0] - b[0]).map(([k, v]) => [String(k), v]),
  );
}

/** Merges per-block array summaries by name, widening ranges (ParaView's composite info). */
function mergeArrayInfos(lists: ArrayInfo[][]): ArrayInfo[] {
  const merged = new Map<string, ArrayInfo>();
  const widen = (a: JsonRange, b: JsonRange): JsonRange =>
    a === null ? b : b === null ? a : [Math.min(a[0], b[0]), Math.max(a[1], b[1])];
  for (const list of lists) {
    for (const info of list) {
      const existing = merged.get(info.name);
      if (!existing) {
        merged.set(info.name, structuredClone(info));
      } else if (existing.components === info.components) {
        existing.range = widen(existing.range, info.range);
        existing.componentRanges = existing.componentRanges.map((r, i) => widen(r, info.componentRanges[i]));
      }
    }
  }
  return [...merged.values()];
}

function describeDataSet(data: DataSet): DataInfo {
  return {
    type: data.type,
    points: numberOfPoints(data),
    cells: numberOfCells(data),
    bounds: boundsOf(data),
    pointData: describeAttributes(data.pointData),
    cellData: describeAttributes(data.cellData),
    fieldData: data.fieldData.dataArrays.map(describeArray),
    cellTypes: toRecord(cellTypeCounts(data)),
  };
}

/**
 * Summarises any data object. Time series describe their first step (loaded here) and list
 * their time values.
 */
export async function describeDataObject(
  data: DataObject,
  source: { file?: string; format?: string } = {},
): Promise<DataInfo> {
  const info = await describeAny(data);
  return {
    ...(source.file !== undefined && { file: source.file }),
    ...(source.format && { format: source.format }),
    ...info,
  };
}

async function describeAny(data: DataObject): Promise<DataInfo> {
  if (isDataSet(data)) return describeDataSet(data);
  switch (data.type) {
    case 'Table': {
      const rows = data.rowData.dataArrays[0]?.numberOfTuples ?? data.rowData.arrays[0]?.numberOfTuples ?? 0;
      return {
        type: 'Table',
        points: 0,
        cells: 0,
        bounds: [...EMPTY_BOUNDS],
        pointData: describeAttributes(data.rowData),
        cellData: [],
        fieldData: data.fieldData.dataArrays.map(describeArray),
        cellTypes: {},
        rows,
      };
    }
    case 'MultiBlock': {
      const blocks: (DataInfo & { name: string })[] = [];
      for (const block of data.blocks) {
        if (block.data) blocks.push({ name: block.name, ...(await describeAny(block.data)) });
      }
      const cellTypes = new Map<number, number>();
      for (const block of blocks) {
        for (const [type, count] of Object.entries(block.cellTypes)) {
          cellTypes.set(Number(type), (cellTypes.get(Number(type)) ?? 0) + count);
        }
      }
      return {
        type: 'MultiBlock',
        points: blocks.reduce((sum, b) => sum + b.points, 0),
        cells: blocks.reduce((sum, b) => sum + b.cells, 0),
        bounds: blocks.reduce<Bounds>((acc, b) => unionBounds(acc, b.bounds), [...EMPTY_BOUNDS]),
        pointData: mergeArrayInfos(blocks.map((b) => b.pointData)),
        cellData: mergeArrayInfos(blocks.map((b) => b.cellData)),
        fieldData: data.fieldData.dataArrays.map(describeArray),
        cellTypes: toRecord(cellTypes),
        blocks,
      };
    }
    case 'TimeSeries': {
      const times = data.steps.map((s) => s.time);
      if (data.steps.length === 0) {
        return {
          type: 'TimeSeries',
          points: 0,
          cells: 0,
          bounds: [...EMPTY_BOUNDS],
          pointData: [],
          cellData: [],
          fieldData: [],
          cellTypes: {},
          timeSteps: [],
        };
      }
      const first = await describeAny(await data.steps[0].load());
      return { ...first, timeSteps: times };
    }
  }
}
