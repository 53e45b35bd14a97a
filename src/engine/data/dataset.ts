/**
 * The dataset kinds, as a discriminated union on `type` (VTK's class name without the `vtk`
 * prefix), plus the constructors that fill in empty attribute containers.
 *
 * Datasets are plain objects: filters and readers build new ones rather than mutating inputs.
 */
import { DataSetAttributes, FieldData } from './attributes.js';
import { type CellArray, emptyCellArray } from './cell-array.js';
import type { DataArray } from './data-array.js';

export type Vec3 = [number, number, number];
/** [imin, imax, jmin, jmax, kmin, kmax], inclusive point indices. */
export type Extent = [number, number, number, number, number, number];
/** [xmin, xmax, ymin, ymax, zmin, zmax]. */
export type Bounds = [number, number, number, number, number, number];
/** Row-major 3×3 matrix (VTK's `Direction`). */
export type Matrix3 = [number, number, number, number, number, number, number, number, number];

export const IDENTITY_DIRECTION: Matrix3 = [1, 0, 0, 0, 1, 0, 0, 0, 1];

interface DataSetCommon {
  pointData: DataSetAttributes;
  cellData: DataSetAttributes;
  fieldData: FieldData;
}

/** Regular grid: point (i,j,k) sits at origin + direction · (spacing ⊙ (i,j,k)). */
export interface ImageData extends DataSetCommon {
  readonly type: 'ImageData';
  extent: Extent;
  origin: Vec3;
  spacing: Vec3;
  direction: Matrix3;
}

/** Axis-aligned grid with one coordinate array per axis. */
export interface RectilinearGrid extends DataSetCommon {
  readonly type: 'RectilinearGrid';
  extent: Extent;
  xCoordinates: DataArray;
  yCoordinates: DataArray;
  zCoordinates: DataArray;
}

/** Curvilinear grid: explicit points with implicit i-j-k topology. */
export interface StructuredGrid extends DataSetCommon {
  readonly type: 'StructuredGrid';
  extent: Extent;
  /** 3 components, one tuple per point, i fastest. */
  points: DataArray;
}

export interface PolyData extends DataSetCommon {
  readonly type: 'PolyData';
  points: DataArray;
  verts: CellArray;
  lines: CellArray;
  polys: CellArray;
  strips: CellArray;
}

/**
 * Polyhedron faces in VTK's XML layout: for each polyhedron cell, `faces` holds
 * [numberOfFaces, n0, id…, n1, id…, …] starting at `faceOffsets[cell]` (-1 for other cells).
 */
export interface PolyhedronFaces {
  faces: CellArrayLike;
  faceOffsets: CellArrayLike;
}
type CellArrayLike = CellArray['connectivity'];

export interface UnstructuredGrid extends DataSetCommon {
  readonly type: 'UnstructuredGrid';
  points: DataArray;
  cells: CellArray;
  /** One VTK cell type id per cell. */
  cellTypes: Uint8Array;
  polyhedronFaces?: PolyhedronFaces;
}

export type DataSet = ImageData | RectilinearGrid | StructuredGrid | PolyData | UnstructuredGrid;
export type DataSetType = DataSet['type'];

/** A column table (CSV and similar): every column has the same number of rows. */
export interface Table {
  readonly type: 'Table';
  rowData: DataSetAttributes;
  fieldData: FieldData;
}

export interface Block {
  name: string;
  /** null marks an empty slot, which VTK multiblocks allow. */
  data: DataObject | null;
}

export interface MultiBlock {
  readonly type: 'MultiBlock';
  blocks: Block[];
  fieldData: FieldData;
}

export interface TimeStep {
  time: number;
  /** Where the step's data comes from (a file path), for display. */
  source?: string;
  /** Reads the step's data. Readers cache it so repeated calls are cheap. */
  load(): Promise<DataObject>;
}

/** Time values → datasets, loaded one step at a time as ParaView does. */
export interface TimeSeries {
  readonly type: 'TimeSeries';
  steps: TimeStep[];
}

export type DataObject = DataSet | Table | MultiBlock | TimeSeries;
export type DataObjectType = DataObject['type'];

const DATASET_TYPES: ReadonlySet<string> = new Set([
  'ImageData',
  'RectilinearGrid',
  'StructuredGrid',
  'PolyData',
  'UnstructuredGrid',
]);

export function isDataSet(data: DataObject): data is DataSet {
  return DATASET_TYPES.has(data.type);
}

function attributes() {
  return {
    pointData: new DataSetAttributes(),
    cellData: new DataSetAttributes(),
    fieldData: new FieldData(),
  };
}

export function createImageData(props: {
  extent: Extent;
  origin?: Vec3;
  spacing?: Vec3;
  direction?: Matrix3;
}): ImageData {
  return {
    type: 'ImageData',
    extent: [...props.extent],
    origin: props.origin ? [...props.origin] : [0, 0, 0],
    spacing: props.spacing ? [...props.spacing] : [1, 1, 1],
    direction: props.direction ? [...props.direction] : [...IDENTITY_DIRECTION],
    ...attributes(),
  };
}

export function createRectilinearGrid(props: {
  extent: Extent;
  xCoordinates: DataArray;
  yCoordinates: DataArray;
  zCoordinates: DataArray;
}): RectilinearGrid {
  return { type: 'RectilinearGrid', ...props, extent: [...props.extent], ...attributes() };
}

export function createStructuredGrid(props: { extent: Extent; points: DataArray }): StructuredGrid {
  return { type: 'StructuredGrid', ...props, extent: [...props.extent], ...attributes() };
}

export function createPolyData(props: {
  points: DataArray;
  verts?: CellArray;
  lines?: CellArray;
  polys?: CellArray;
  strips?: CellArray;
}): PolyData {
  return {
    type: 'PolyData',
    points: props.points,
    verts: props.verts ?? emptyCellArray(),
    lines: props.lines ?? emptyCellArray(),
    polys: props.polys ?? emptyCellArray(),
    strips: props.strips ?? emptyCellArray(),
    ...attributes(),
  };
}

export function createUnstructuredGrid(props: {
  points: DataArray;
  cells: CellArray;
  cellTypes: Uint8Array;
  polyhedronFaces?: PolyhedronFaces;
}): UnstructuredGrid {
  const grid: UnstructuredGrid = {
    type: 'UnstructuredGrid',
    points: props.points,
    cells: props.cells,
    cellTypes: props.cellTypes,
    ...attributes(),
  };
  if (props.polyhedronFaces) grid.polyhedronFaces = props.polyhedronFaces;
  return grid;
}

export function createTable(): Table {
  return { type: 'Table', rowData: new DataSetAttributes(), fieldData: new FieldData() };
}

export function createMultiBlock(blocks: Block[] = []): MultiBlock {
  return { type: 'MultiBlock', blocks, fieldData: new FieldData() };
}

/** A time series over steps whose data is already in memory. */
export function createTimeSeries(steps: { time: number; data: DataObject; source?: string }[]): TimeSeries {
  return {
    type: 'TimeSeries',
    steps: steps.map(({ time, data, source }) => ({ time, source, load: async () => data })),
  };
}

/** A time series whose steps are read on demand by `loadStep` and then cached. */
export function createLazyTimeSeries(
  steps: { time: number; source?: string }[],
  loadStep: (index: number) => Promise<DataObject>,
): TimeSeries {
  return {
    type: 'TimeSeries',
    steps: steps.map(({ time, source }, index) => {
      let cached: Promise<DataObject> | undefined;
      return {
        time,
        source,
        load: () => {
          cached ??= loadStep(index).catch((error: unknown) => {
            cached = undefined;
            throw error;
          });
          return cached;
        },
      };
    }),
  };
}
