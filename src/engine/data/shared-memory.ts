/**
 * Moves a dataset's arrays onto SharedArrayBuffers so worker threads can read them without a
 * copy. Returns a new dataset object; arrays already shared are reused as they are.
 */
import { DataSetAttributes, FieldData } from './attributes.js';
import type { CellArray } from './cell-array.js';
import { DataArray, toSharedTypedArray } from './data-array.js';
import type { DataSet } from './dataset.js';

function shareArray(array: DataArray): DataArray {
  if (array.values.buffer instanceof SharedArrayBuffer) return array;
  return new DataArray({
    name: array.name,
    values: toSharedTypedArray(array.values),
    numberOfComponents: array.numberOfComponents,
    componentNames: array.componentNames,
  });
}

function shareFields<T extends FieldData>(fields: T): T {
  const out = (fields instanceof DataSetAttributes ? new DataSetAttributes() : new FieldData()) as T;
  for (const array of fields.arrays) out.add(array instanceof DataArray ? shareArray(array) : array);
  if (fields instanceof DataSetAttributes && out instanceof DataSetAttributes) out.copyActiveFrom(fields);
  return out;
}

function shareCells(cells: CellArray): CellArray {
  return { offsets: toSharedTypedArray(cells.offsets), connectivity: toSharedTypedArray(cells.connectivity) };
}

export function toSharedDataSet<T extends DataSet>(data: T): T {
  const common = {
    pointData: shareFields(data.pointData),
    cellData: shareFields(data.cellData),
    fieldData: shareFields(data.fieldData),
  };
  switch (data.type) {
    case 'ImageData':
      return { ...data, ...common };
    case 'RectilinearGrid':
      return {
        ...data,
        ...common,
        xCoordinates: shareArray(data.xCoordinates),
        yCoordinates: shareArray(data.yCoordinates),
        zCoordinates: shareArray(data.zCoordinates),
      };
    case 'StructuredGrid':
      return { ...data, ...common, points: shareArray(data.points) };
    case 'PolyData':
      return {
        ...data,
        ...common,
        points: shareArray(data.points),
        verts: shareCells(data.verts),
        lines: shareCells(data.lines),
        polys: shareCells(data.polys),
        strips: shareCells(data.strips),
      };
    case 'UnstructuredGrid':
      return {
        ...data,
        ...common,
        points: shareArray(data.points),
        cells: shareCells(data.cells),
        cellTypes: toSharedTypedArray(data.cellTypes),
        polyhedronFaces: data.polyhedronFaces && {
          faces: toSharedTypedArray(data.polyhedronFaces.faces),
          faceOffsets: toSharedTypedArray(data.polyhedronFaces.faceOffsets),
        },
      };
  }
}
