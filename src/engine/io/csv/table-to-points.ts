/**
 * TableToPoints: a Table → PolyData with one point per row, as ParaView's TableToPoints filter
 * (vtkTableToPolyData) makes it: Float64 points, a single poly-vertex cell holding every point
 * (so ParaView reports 1 cell), and every column other than the coordinate columns passed on as a
 * point array (string columns included). `vertexPerRow` gives one vertex cell per row instead.
 */
import { PropertyError } from '../../../errors.js';
import { type AnyArray, StringArray } from '../../data/attributes.js';
import { DataArray } from '../../data/data-array.js';
import { createPolyData, type PolyData, type Table } from '../../data/dataset.js';

export interface TableToPointsOptions {
  /** Column for x (ParaView's XColumn); found by name when omitted. */
  xColumn?: string;
  /** Column for y (YColumn). */
  yColumn?: string;
  /** Column for z (ZColumn); when omitted and none is found, points lie in z = 0 (Create2DPoints). */
  zColumn?: string;
  /** Also keep the coordinate columns as point arrays (ParaView's KeepAllDataArrays). */
  keepAllDataArrays?: boolean;
  /** One vertex cell per row instead of ParaView's single poly-vertex cell. */
  vertexPerRow?: boolean;
}

const OWNER = 'TableToPoints';

/** Recognised coordinate column names per axis, compared case-insensitively. */
const AXIS_NAMES: readonly (readonly string[])[] = ['x', 'y', 'z'].map((axis, index) => [
  axis,
  `points:${index}`,
  `points_${index}`,
  `point_${axis}`,
  `coords${axis}`,
  `coords_${axis}`,
  `coordinates:${index}`,
  `coordinate${axis}`,
  `coordinate_${axis}`,
  `pos${axis}`,
  `pos_${axis}`,
  `position${axis}`,
  `position_${axis}`,
  `${axis}_coord`,
  `${axis}coord`,
]);

const PROPERTY_NAMES = ['XColumn', 'YColumn', 'ZColumn'] as const;

function numericColumn(table: Table, name: string, axis: number): DataArray {
  const exact = table.rowData.get(name);
  const column = exact ?? table.rowData.arrays.find((a) => a.name.toLowerCase() === name.toLowerCase());
  if (!column) {
    throw new PropertyError(
      OWNER,
      PROPERTY_NAMES[axis],
      `no column named '${name}' (columns: ${table.rowData.names.join(', ')})`,
    );
  }
  if (!(column instanceof DataArray)) {
    throw new PropertyError(OWNER, PROPERTY_NAMES[axis], `column '${column.name}' is not numeric`);
  }
  return column;
}

function findAxis(table: Table, axis: number): DataArray | undefined {
  const numeric = table.rowData.dataArrays.filter((a) => a.numberOfComponents === 1);
  for (const candidate of AXIS_NAMES[axis]) {
    const found = numeric.find((a) => a.name.toLowerCase() === candidate);
    if (found) return found;
  }
  return undefined;
}

/** Names of the x, y and (when present) z columns that `tableToPoints` would use. */
export function findCoordinateColumns(
  table: Table,
  options: TableToPointsOptions = {},
): (DataArray | undefined)[] {
  const explicit = [options.xColumn, options.yColumn, options.zColumn];
  return explicit.map((name, axis) =>
    name !== undefined ? numericColumn(table, name, axis) : findAxis(table, axis),
  );
}

export function tableToPoints(table: Table, options: TableToPointsOptions = {}): PolyData {
  const [x, y, z] = findCoordinateColumns(table, options);
  for (const [axis, column] of [x, y].entries()) {
    if (!column) {
      throw new PropertyError(
        OWNER,
        PROPERTY_NAMES[axis],
        `no ${'xy'[axis]} column found among ${table.rowData.names.join(', ') || '(no columns)'}; name one explicitly`,
      );
    }
  }
  const rows = x!.numberOfTuples;
  const values = new Float64Array(rows * 3);
  for (let i = 0; i < rows; i++) {
    values[3 * i] = x!.getComponent(i, 0);
    values[3 * i + 1] = y!.getComponent(i, 0);
    values[3 * i + 2] = z ? z.getComponent(i, 0) : 0;
  }
  const ids = new Int32Array(rows);
  for (let i = 0; i < rows; i++) ids[i] = i;
  let offsets: Int32Array;
  if (options.vertexPerRow) {
    offsets = new Int32Array(rows + 1);
    for (let i = 0; i <= rows; i++) offsets[i] = i;
  } else {
    offsets = rows > 0 ? Int32Array.from([0, rows]) : new Int32Array(1);
  }
  const data = createPolyData({
    points: new DataArray({ name: 'Points', values, numberOfComponents: 3 }),
    verts: { offsets, connectivity: ids },
  });
  const coordinates = new Set<AnyArray>([x!, y!, ...(z ? [z] : [])]);
  for (const column of table.rowData.arrays) {
    if (!options.keepAllDataArrays && coordinates.has(column)) continue;
    data.pointData.add(column instanceof StringArray ? new StringArray(column.name, column.values) : column);
  }
  return data;
}
