import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { cellArrayFromLists } from '../../data/cell-array.js';
import { CellType } from '../../data/cell-types.js';
import { dataArrayFrom } from '../../data/data-array.js';
import { createImageData, createUnstructuredGrid, type UnstructuredGrid } from '../../data/dataset.js';
import { getDefaultPool } from '../../workers/pool.js';
import { waveletSource } from '../sources/wavelet.js';
import { thresholdFilter } from './threshold.js';

after(() => getDefaultPool().close());

/** A row of 4 unit segments (5 points) with point values 0..4 and cell values 10..13. */
function row() {
  const image = createImageData({ extent: [0, 4, 0, 0, 0, 0] });
  image.pointData.add(dataArrayFrom('p', 'Float64', [0, 1, 2, 3, 4]));
  image.pointData.add(dataArrayFrom('v', 'Float64', [0, 0, 0, 3, 4, 0, 0, 1, 0, 0, 0, 2, 6, 8, 0], 3));
  image.cellData.add(dataArrayFrom('c', 'Int32', [10, 11, 12, 13]));
  return image;
}

async function threshold(
  input: Parameters<typeof thresholdFilter.execute>[0][0],
  properties: Record<string, unknown>,
  workers?: number,
) {
  return (await thresholdFilter.execute([input], properties, { workers })) as UnstructuredGrid;
}

const cellValues = (grid: UnstructuredGrid) => [...grid.cellData.getDataArray('c')!.values];

test('point scalars: all points (default), any point, continuous range', async () => {
  const base = { Scalars: ['POINTS', 'p'], LowerThreshold: 1, UpperThreshold: 2.5 };
  const all = await threshold(row(), base);
  assert.deepEqual(cellValues(all), [11]);
  assert.equal(all.points.numberOfTuples, 2);
  assert.deepEqual([...all.pointData.getDataArray('p')!.values], [1, 2]);
  assert.deepEqual(cellValues(await threshold(row(), { ...base, AllScalars: 0 })), [10, 11, 12]);
  assert.deepEqual(
    cellValues(
      await threshold(row(), {
        ...base,
        LowerThreshold: 1.2,
        UpperThreshold: 1.8,
        UseContinuousCellRange: 1,
      }),
    ),
    [11],
  );
});

test('methods, cell scalars and Invert', async () => {
  assert.deepEqual(
    cellValues(
      await threshold(row(), {
        Scalars: ['CELLS', 'c'],
        ThresholdMethod: 'Below Lower Threshold',
        LowerThreshold: 11,
      }),
    ),
    [10, 11],
  );
  assert.deepEqual(
    cellValues(
      await threshold(row(), {
        Scalars: ['CELLS', 'c'],
        ThresholdMethod: 'Above Upper Threshold',
        UpperThreshold: 12,
      }),
    ),
    [12, 13],
  );
  assert.deepEqual(
    cellValues(
      await threshold(row(), { Scalars: ['CELLS', 'c'], LowerThreshold: 11, UpperThreshold: 12, Invert: 1 }),
    ),
    [10, 13],
  );
});

test('vector scalars: selected component, magnitude, all and any components', async () => {
  const base = { Scalars: ['POINTS', 'v'], LowerThreshold: 0, UpperThreshold: 5 };
  // Magnitudes 0, 5, 1, 2, 10: cells 0–2 have both points within [0, 5].
  assert.deepEqual(cellValues(await threshold(row(), { ...base, SelectedComponent: 3 })), [10, 11, 12]);
  assert.deepEqual(
    cellValues(await threshold(row(), { ...base, SelectedComponent: 1, LowerThreshold: 0.5 })),
    [11],
  );
  assert.deepEqual(cellValues(await threshold(row(), { ...base, ComponentMode: 'All' })), [10, 11, 12]);
  assert.deepEqual(
    cellValues(
      await threshold(row(), {
        ...base,
        ComponentMode: 'Any',
        LowerThreshold: 7,
        UpperThreshold: 9,
        AllScalars: 0,
      }),
    ),
    [13],
  );
  await assert.rejects(threshold(row(), { ...base, SelectedComponent: 4 }), /Threshold\.SelectedComponent/);
});

test('unstructured input keeps cell types and only the used points', async () => {
  const grid = createUnstructuredGrid({
    points: dataArrayFrom('Points', 'Float32', [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 5, 5, 5], 3),
    cells: cellArrayFromLists([[0, 1, 2, 3], [4]]),
    cellTypes: new Uint8Array([CellType.TETRA, CellType.VERTEX]),
  });
  grid.cellData.add(dataArrayFrom('c', 'Int32', [1, 2]));
  const out = await threshold(grid, { Scalars: ['CELLS', 'c'], LowerThreshold: 2, UpperThreshold: 2 });
  assert.deepEqual([...out.cellTypes], [CellType.VERTEX]);
  assert.deepEqual(out.points.getTuple(0), [5, 5, 5]);
  assert.deepEqual([...out.cells.connectivity], [0]);
});

test('128³ Wavelet between 150 and 200: ParaView counts, same for 1 and 2 workers', async () => {
  const wavelet = await waveletSource.execute([], { WholeExtent: [-63, 64, -63, 64, -63, 64] }, {});
  const properties = { Scalars: ['POINTS', 'RTData'], LowerThreshold: 150, UpperThreshold: 200 };
  const one = await threshold(wavelet, properties, 1);
  const two = await threshold(wavelet, properties, 2);
  // Reference README: 788,918 points / 674,747 cells.
  assert.equal(one.points.numberOfTuples, 788918);
  assert.equal(one.cellTypes.length, 674747);
  assert.deepEqual(two.cells.connectivity, one.cells.connectivity);
  assert.deepEqual(two.points.values, one.points.values);
});

test('unknown arrays are PropertyErrors listing what exists', async () => {
  await assert.rejects(
    threshold(row(), { Scalars: ['POINTS', 'q'] }),
    /Threshold\.Scalars: no point array 'q'; available: p, v/,
  );
  await assert.rejects(
    threshold(row(), { LowerThreshold: Number.POSITIVE_INFINITY }),
    /Threshold\.LowerThreshold/,
  );
});
