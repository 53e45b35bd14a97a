/**
 * Outline (vtkOutlineFilter): the 12 edges of the axis-aligned bounding box as PolyData lines on
 * 8 points, in vtkOutlineSource's point and line order. Any dataset kind; a MultiBlock gives
 * the box of all its leaves together. No point or cell data. An empty input gives an empty
 * outline.
 */

import { PipelineError } from '../../../errors.js';
import { cellArrayFromLists } from '../../data/cell-array.js';
import { DataArray } from '../../data/data-array.js';
import {
  type Bounds,
  createPolyData,
  type DataObject,
  isDataSet,
  type PolyData,
} from '../../data/dataset.js';
import { boundsOf, EMPTY_BOUNDS, leaves, unionBounds } from '../../data/queries.js';
import { onlyInput } from '../cell-access/blocks.js';
import { resolveProperties } from '../properties.js';
import type { FilterDefinition, PropertySchema } from '../types.js';

const LINES = [
  [0, 1],
  [2, 3],
  [4, 5],
  [6, 7],
  [0, 2],
  [1, 3],
  [4, 6],
  [5, 7],
  [0, 4],
  [1, 5],
  [2, 6],
  [3, 7],
];

/** The outline of explicit bounds. */
export function outlineOfBounds(bounds: Bounds): PolyData {
  if (bounds[0] > bounds[1]) {
    return createPolyData({
      points: new DataArray({ name: 'Points', values: new Float32Array(0), numberOfComponents: 3 }),
    });
  }
  const values = new Float32Array(24);
  let w = 0;
  for (const z of [bounds[4], bounds[5]])
    for (const y of [bounds[2], bounds[3]])
      for (const x of [bounds[0], bounds[1]]) {
        values[w++] = x;
        values[w++] = y;
        values[w++] = z;
      }
  return createPolyData({
    points: new DataArray({ name: 'Points', values, numberOfComponents: 3 }),
    lines: cellArrayFromLists(LINES),
  });
}

export function outline(input: DataObject): PolyData {
  if (isDataSet(input)) return outlineOfBounds(boundsOf(input));
  if (input.type !== 'MultiBlock') throw new PipelineError(`Outline cannot process a ${input.type} input`);
  let bounds: Bounds = [...EMPTY_BOUNDS];
  for (const leaf of leaves(input)) bounds = unionBounds(bounds, boundsOf(leaf.data));
  return outlineOfBounds(bounds);
}

const properties: readonly PropertySchema[] = [];

export const outlineDefinition: FilterDefinition = {
  name: 'Outline',
  kind: 'filter',
  description:
    'The bounding box of the input as 12 lines (PolyData). Any dataset; a MultiBlock gives one box.',
  inputs: { min: 1, max: 1 },
  properties,
  async execute(inputs, values) {
    resolveProperties('Outline', properties, values);
    return outline(onlyInput('Outline', inputs));
  },
};
