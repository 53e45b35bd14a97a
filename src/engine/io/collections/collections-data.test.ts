/**
 * Every shared file under parallel/, multiblock/ and time_series/ read end to end and checked
 * against MANIFEST.md (ParaView 5.11 totals, bounds and array ranges, copied here as constants).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { describeDifference } from '../../data/compare.js';
import { type DataArray, type DataType, MAGNITUDE } from '../../data/data-array.js';
import {
  type Bounds,
  type DataObject,
  type DataSet,
  isDataSet,
  type MultiBlock,
} from '../../data/dataset.js';
import { boundsOf, leaves, numberOfCells, numberOfPoints, unionBounds } from '../../data/queries.js';
import { readDataFile, registerReader } from '../registry.js';
import { vtkXmlReader } from '../vtk-xml/index.js';
import { groupFileSeries, readFileSeries } from './file-series.js';
import { collectionReaders } from './index.js';

const DATA = fileURLToPath(new URL('../../../../../shared/data/', import.meta.url));

before(() => {
  registerReader(vtkXmlReader);
  for (const reader of collectionReaders) registerReader(reader);
});

type Range = [number, number];
interface ArrayFact {
  association: 'point' | 'cell';
  name: string;
  type: DataType;
  components: number[][] | Range[];
  magnitude?: Range;
}

/** Relative agreement as MANIFEST.md asks (numbers printed with 8 significant digits). */
function near(actual: number, expected: number, what: string): void {
  const scale = Math.max(Math.abs(expected), 1e-12);
  assert.ok(Math.abs(actual - expected) <= 2e-7 * scale + 1e-12, `${what}: ${actual} ≠ ${expected}`);
}

function nearAll(actual: readonly number[], expected: readonly number[], what: string): void {
  assert.equal(actual.length, expected.length, what);
  for (let i = 0; i < actual.length; i++) near(actual[i], expected[i], `${what}[${i}]`);
}

/** Range of an array over several datasets (what MANIFEST.md lists for composite data). */
function combinedRange(arrays: readonly DataArray[], component: number): Range {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const array of arrays) {
    const [a, b] = array.getRange(component);
    min = Math.min(min, a);
    max = Math.max(max, b);
  }
  return [min, max];
}

function checkArrays(datasets: readonly DataSet[], facts: readonly ArrayFact[]): void {
  for (const fact of facts) {
    const arrays = datasets.map((d) => {
      const attributes = fact.association === 'point' ? d.pointData : d.cellData;
      const array = attributes.getDataArray(fact.name);
      assert.ok(array, `${fact.association} array ${fact.name} missing`);
      return array;
    });
    for (const array of arrays) {
      assert.equal(array.dataType, fact.type, fact.name);
      assert.equal(array.numberOfComponents, fact.components.length, fact.name);
    }
    for (let c = 0; c < fact.components.length; c++) {
      nearAll(combinedRange(arrays, c), fact.components[c], `${fact.name}[${c}]`);
    }
    if (fact.magnitude) nearAll(combinedRange(arrays, MAGNITUDE), fact.magnitude, `${fact.name} |mag|`);
  }
}

function totals(data: DataObject): { leaves: DataSet[]; points: number; cells: number; bounds: Bounds } {
  const list = [...leaves(data)].map((l) => l.data);
  return {
    leaves: list,
    points: list.reduce((s, d) => s + numberOfPoints(d), 0),
    cells: list.reduce((s, d) => s + numberOfCells(d), 0),
    bounds: list.reduce<Bounds>((b, d) => unionBounds(b, boundsOf(d)), [1, -1, 1, -1, 1, -1]),
  };
}

async function read(relative: string): Promise<{ data: DataObject; format: string }> {
  return readDataFile(`${DATA}${relative}`);
}

describe('parallel/ (MANIFEST.md: VTK XML parallel)', () => {
  it('fields.pvti: overlapping pieces merged to 720 points, 462 cells', async () => {
    const { data, format } = await read('parallel/fields.pvti');
    assert.equal(format, 'vtk-xml-parallel');
    assert.equal(data.type, 'ImageData');
    if (data.type !== 'ImageData') return;
    assert.equal(numberOfPoints(data), 720);
    assert.equal(numberOfCells(data), 462);
    assert.deepEqual(data.extent, [0, 14, 0, 11, 0, 3]);
    nearAll(boundsOf(data), [0, 2, -1, 1, 0, 1], 'bounds');
    checkArrays(
      [data],
      [
        { association: 'point', name: 'Temperature', type: 'Float64', components: [[-2, 7]] },
        {
          association: 'point',
          name: 'Velocity',
          type: 'Float64',
          components: [
            [-2, 7],
            [-1.5, 7.5],
            [-1, 8],
          ],
          magnitude: [0.70719622, 13.009612],
        },
        { association: 'cell', name: 'Pressure', type: 'Float64', components: [[-2, 5.4935065]] },
        { association: 'cell', name: 'Phase', type: 'Int64', components: [[0, 27]] },
      ],
    );
  });

  it('hexahedron_parallel.pvtu: one piece, 8 points, 1 cell', async () => {
    const { data } = await read('parallel/hexahedron_parallel.pvtu');
    assert.equal(data.type, 'UnstructuredGrid');
    if (!isDataSet(data)) return;
    assert.equal(numberOfPoints(data), 8);
    assert.equal(numberOfCells(data), 1);
    nearAll(boundsOf(data), [0, 1, 0, 1, -1, 0], 'bounds');
    assert.equal(data.pointData.size + data.cellData.size, 0);
  });

  it('cube.pvtp: the same piece listed twice gives 16 points, 12 cells', async () => {
    const { data } = await read('parallel/cube.pvtp');
    assert.equal(data.type, 'PolyData');
    if (!isDataSet(data)) return;
    assert.equal(numberOfPoints(data), 16);
    assert.equal(numberOfCells(data), 12);
    nearAll(boundsOf(data), [0, 1, 0, 1, 0, 1], 'bounds');
    checkArrays(
      [data],
      [
        { association: 'point', name: 'my_scalars', type: 'Float32', components: [[0, 7]] },
        { association: 'cell', name: 'cell_scalars', type: 'Int32', components: [[0, 5]] },
        {
          association: 'cell',
          name: 'cell_normals',
          type: 'Float32',
          components: [
            [-1, 1],
            [-1, 1],
            [-1, 1],
          ],
          magnitude: [1, 1],
        },
      ],
    );
    assert.equal(data.cellData.getActiveName('normals'), 'cell_normals');
  });

  it('RectilinearGrid.pvtr: piece in a sub-folder, 16 points, 3 cells', async () => {
    const { data } = await read('parallel/RectilinearGrid.pvtr');
    assert.equal(data.type, 'RectilinearGrid');
    if (!isDataSet(data)) return;
    assert.equal(numberOfPoints(data), 16);
    assert.equal(numberOfCells(data), 3);
    nearAll(boundsOf(data), [-3, 3, 0, 1, -1, 1], 'bounds');
    checkArrays(
      [data],
      [
        { association: 'cell', name: 'Pressure', type: 'Float32', components: [[0, 0]] },
        { association: 'cell', name: 'Void Volume Fraction', type: 'Float32', components: [[0.5, 1]] },
        { association: 'cell', name: 'X Velocity', type: 'Float32', components: [[0, 1.4]] },
        { association: 'cell', name: 'Y Velocity', type: 'Float32', components: [[0, 1]] },
        { association: 'cell', name: 'Z Velocity', type: 'Float32', components: [[0, 0.5]] },
      ],
    );
  });
});

describe('multiblock/ (MANIFEST.md: VTK XML multiblock)', () => {
  it('ex-blow_5.vtm: one named block of 16 pieces, 945 points, 1057 cells', async () => {
    const { data, format } = await read('multiblock/ex-blow_5.vtm');
    assert.equal(format, 'vtm');
    assert.equal(data.type, 'MultiBlock');
    if (data.type !== 'MultiBlock') return;
    assert.deepEqual(
      data.blocks.map((b) => b.name),
      ['Element Blocks'],
    );
    const pieces = data.blocks[0].data as MultiBlock;
    assert.equal(pieces.type, 'MultiBlock');
    // 16 <Piece> elements; each one is a multipiece whose dataset sits at the index it names.
    assert.equal(pieces.blocks.length, 16);
    assert.deepEqual(
      pieces.blocks.map((b) => (b.data as MultiBlock).blocks.length),
      [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8],
    );
    const { leaves: list, points, cells, bounds } = totals(data);
    assert.equal(list.length, 16);
    assert.equal(points, 945);
    assert.equal(cells, 1057);
    nearAll(bounds, [0, 7.16189, -12, 36, -5.9994698, 8], 'bounds');
    checkArrays(list, [
      { association: 'point', name: 'GlobalNodeId', type: 'Int64', components: [[2, 687]] },
      { association: 'point', name: 'PedigreeNodeId', type: 'Int64', components: [[2, 687]] },
      {
        association: 'point',
        name: 'DISPLACEMENT_',
        type: 'Float64',
        components: [
          [0, 3.1626],
          [-0.92391998, 0.96534902],
          [-5, 7.1500001],
        ],
        magnitude: [0, 7.1500001],
      },
      { association: 'point', name: 'THICKNESS', type: 'Float64', components: [[0.45944199, 0.90702897]] },
      { association: 'cell', name: 'GlobalElementId', type: 'Int64', components: [[1, 1057]] },
      { association: 'cell', name: 'PedigreeElementId', type: 'Int64', components: [[1, 1057]] },
      { association: 'cell', name: 'ObjectId', type: 'Int32', components: [[5, 9]] },
      { association: 'cell', name: 'vtkOriginalCellIds', type: 'Int64', components: [[0, 927]] },
    ]);
  });
});

describe('time_series/ (MANIFEST.md: time series)', () => {
  const PVD_TIMES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const SERIES_TIMES = [0, 3, 6, 9, 11, 12, 13, 16, 20, 21, 25];

  it('dualSphereAnimation.pvd: 11 steps of 2 parts; the first holds 106 points, 192 cells', async () => {
    const { data, format } = await read('time_series/dualSphereAnimation.pvd');
    assert.equal(format, 'pvd');
    assert.equal(data.type, 'TimeSeries');
    if (data.type !== 'TimeSeries') return;
    assert.deepEqual(
      data.steps.map((s) => s.time),
      PVD_TIMES,
    );
    const first = await data.steps[0].load();
    assert.equal(first, await data.steps[0].load(), 'a loaded step is cached');
    assert.equal(first.type, 'MultiBlock');
    const { leaves: list, points, cells, bounds } = totals(first);
    assert.equal(list.length, 2);
    assert.equal(points, 106);
    assert.equal(cells, 192);
    nearAll(bounds, [-0.48746395, 0.89148122, -0.48746395, 0.48746395, -0.5, 0.5], 'bounds');
    checkArrays(list, [
      {
        association: 'point',
        name: 'Normals',
        type: 'Float32',
        components: [
          [-0.9749279, 0.98305905],
          [-0.9749279, 0.9749279],
          [-1, 1],
        ],
        magnitude: [0.99999998, 1],
      },
      {
        association: 'cell',
        name: 'cellNormals',
        type: 'Float32',
        components: [
          [-0.92387956, 0.92387956],
          [-0.92387956, 0.92387956],
          [-0.97081286, 0.97081286],
        ],
        magnitude: [0, 1],
      },
    ]);
    // The last step loads too, from its own pair of files.
    const last = await data.steps[10].load();
    assert.equal(totals(last).leaves.length, 2);
  });

  it('dualSphereAnimation.vtp.series: the P00 files with their non-uniform times', async () => {
    const { data, format } = await read('time_series/dualSphereAnimation/dualSphereAnimation.vtp.series');
    assert.equal(format, 'vtk-series');
    if (data.type !== 'TimeSeries') assert.fail('expected a TimeSeries');
    assert.deepEqual(
      data.steps.map((s) => s.time),
      SERIES_TIMES,
    );
    // The series' first file is the .pvd's part 0 at its first step: the two readers must agree.
    const fromSeries = await data.steps[0].load();
    const pvd = (await read('time_series/dualSphereAnimation.pvd')).data;
    if (pvd.type !== 'TimeSeries') assert.fail('expected a TimeSeries');
    const pvdFirst = (await pvd.steps[0].load()) as MultiBlock;
    assert.equal(describeDifference(fromSeries, pvdFirst.blocks[0].data!), undefined);
  });

  it('the folder listing groups into two numbered series read with times 0 … 10', async () => {
    const { readdir } = await import('node:fs/promises');
    const folder = `${DATA}time_series/dualSphereAnimation`;
    const groups = groupFileSeries((await readdir(folder)).sort());
    const series = groups.filter((g) => g.files.length > 1);
    assert.deepEqual(
      series.map((g) => [g.name, g.files.length]),
      [
        ['dualSphereAnimation_P00T..vtp', 11],
        ['dualSphereAnimation_P01T..vtp', 11],
      ],
    );
    // The files carry no TimeValue, so the times are the indices (ParaView's default).
    const timeSeries = await readFileSeries(series[1].files.map((f) => `${folder}/${f}`));
    assert.deepEqual(
      timeSeries.steps.map((s) => s.time),
      PVD_TIMES,
    );
    const pvd = (await read('time_series/dualSphereAnimation.pvd')).data;
    if (pvd.type !== 'TimeSeries') assert.fail('expected a TimeSeries');
    const step3 = await timeSeries.steps[3].load();
    const pvdStep3 = (await pvd.steps[3].load()) as MultiBlock;
    assert.equal(describeDifference(step3, pvdStep3.blocks[1].data!), undefined);
  });
});
