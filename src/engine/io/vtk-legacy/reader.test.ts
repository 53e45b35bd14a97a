/**
 * Reads every legacy VTK file in ../shared/data/legacy_vtk and checks it against the facts that
 * /work/shared/data/MANIFEST.md states for it (verified there with ParaView 5.11 and an
 * independent parser): dataset type, point and cell counts, cell counts per kind or type, bounds,
 * and every array's name, components, type, component ranges, magnitude range and attribute role.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { assertClose } from '../../../../test/support/assertions.js';
import { DataSetAttributes, type FieldData } from '../../data/attributes.js';
import { numberOfCellsIn } from '../../data/cell-array.js';
import { CellType, type CellTypeName } from '../../data/cell-types.js';
import { DataArray, type DataType, MAGNITUDE } from '../../data/data-array.js';
import type { DataSet } from '../../data/dataset.js';
import { boundsOf, numberOfCells, numberOfPoints } from '../../data/queries.js';
import { readVtkLegacy, sniffVtkLegacy, vtkLegacyReader } from './reader.js';

const dataDir = fileURLToPath(new URL('../../../../../shared/data/legacy_vtk/', import.meta.url));

type Range = [number, number];

interface ExpectedArray {
  name: string;
  type: DataType;
  components: number;
  tuples?: number;
  /** Per-component [min, max]. */
  ranges: Range[];
  magnitude?: Range;
  /** The attribute role the file's keyword gives it (none for FIELD arrays). */
  role?: 'scalars' | 'vectors' | 'normals' | 'tcoords' | 'tensors';
}

interface Expected {
  file: string;
  type: DataSet['type'];
  points: number;
  cells: number;
  bounds: [number, number, number, number, number, number];
  pointsType?: DataType;
  /** PolyData cell counts per section. */
  sections?: Partial<Record<'verts' | 'lines' | 'polys' | 'strips', number>>;
  /** UnstructuredGrid cell counts per type. */
  cellTypes?: Partial<Record<CellTypeName, number>>;
  pointData?: ExpectedArray[];
  cellData?: ExpectedArray[];
  fieldData?: ExpectedArray[];
}

// Copied from /work/shared/data/MANIFEST.md, "Per-file details" → "Legacy VTK (.vtk)".
const EXPECTED: Expected[] = [
  {
    file: 'ironProt.vtk',
    type: 'ImageData',
    points: 314432,
    cells: 300763,
    bounds: [0, 67, 0, 67, 0, 67],
    pointData: [{ name: 'scalars', type: 'UInt8', components: 1, ranges: [[0, 255]], role: 'scalars' }],
  },
  {
    file: 'matrix.vtk',
    type: 'ImageData',
    points: 50,
    cells: 36,
    bounds: [0, 9, 0, 4, 0, 0],
    pointData: [{ name: 'values', type: 'Float32', components: 1, ranges: [[0, 1]], role: 'scalars' }],
  },
  {
    file: 'office.binary.vtk',
    type: 'StructuredGrid',
    points: 8400,
    cells: 7220,
    pointsType: 'Float32',
    bounds: [0.0099999988, 4.5, 0.0099999988, 4.5, 0.0099999988, 2.5],
    pointData: [
      { name: 'scalars', type: 'Float32', components: 1, ranges: [[-3.869559, 0.71856028]], role: 'scalars' },
      {
        name: 'vectors',
        type: 'Float32',
        components: 3,
        ranges: [
          [-0.67286861, 0.2041716],
          [-0.2299118, 0.27367681],
          [-0.3845081, 0.42894611],
        ],
        magnitude: [0, 0.80493502],
        role: 'vectors',
      },
    ],
  },
  {
    file: 'RectGrid2.vtk',
    type: 'RectilinearGrid',
    points: 17061,
    cells: 14720,
    bounds: [-1.22396, 1.17188, -1.25, 1.25, 0, 0.9],
    pointData: [
      { name: 'scalars', type: 'Float32', components: 1, ranges: [[0, 10.3964]], role: 'scalars' },
      {
        name: 'vectors',
        type: 'Float32',
        components: 3,
        ranges: [
          [-0.157034, 3.04319],
          [-0.392006, 0.392006],
          [-5.36145, 10.0787],
        ],
        magnitude: [0, 10.3964],
        role: 'vectors',
      },
    ],
  },
  {
    file: 'uGridEx.vtk',
    type: 'UnstructuredGrid',
    points: 27,
    cells: 12,
    pointsType: 'Float32',
    bounds: [0, 2, 0, 1, 0, 6],
    cellTypes: {
      VERTEX: 1,
      LINE: 2,
      TRIANGLE: 2,
      TRIANGLE_STRIP: 1,
      POLYGON: 1,
      QUAD: 1,
      TETRA: 2,
      HEXAHEDRON: 2,
    },
    pointData: [
      { name: 'scalars', type: 'Float32', components: 1, ranges: [[0, 26]], role: 'scalars' },
      {
        name: 'vectors',
        type: 'Float32',
        components: 3,
        ranges: [
          [0, 1],
          [0, 2],
          [0, 1],
        ],
        magnitude: [1, 2],
        role: 'vectors',
      },
    ],
  },
  {
    file: 'post.vtk',
    type: 'UnstructuredGrid',
    points: 2288,
    cells: 8750,
    pointsType: 'Float32',
    bounds: [-2.8399255, 2.8624971, -2.8568485, 2.8568485, 0, 1.1255465],
    cellTypes: { TETRA: 8750 },
    fieldData: [{ name: 'Properties', type: 'Float32', components: 1, tuples: 4, ranges: [[1, 1000]] }],
    pointData: [{ name: 'Pressure', type: 'Float32', components: 1, ranges: [[0.35536769, 1.6412405]] }],
  },
  {
    file: 'fran_cut.vtk',
    type: 'PolyData',
    points: 2205,
    cells: 4224,
    pointsType: 'Float32',
    sections: { polys: 4224 },
    bounds: [0, 0.1056, -0.2048, -0.0512003, -0.118986, 0.00411239],
    pointData: [
      {
        name: 'textureCoords',
        type: 'Float32',
        components: 2,
        ranges: [
          [0.232877, 0.608611],
          [0.35225, 0.610568],
        ],
        magnitude: [0.42226977, 0.86209085],
        role: 'tcoords',
      },
    ],
  },
  {
    file: 'faults.vtk',
    type: 'PolyData',
    points: 1933,
    cells: 78,
    pointsType: 'Float32',
    sections: { lines: 78 },
    bounds: [457269, 466559, 6573940, 6587450, 2112.6699, 2956.6001],
  },
  {
    file: 'opal_mound_fault.vtk',
    type: 'PolyData',
    points: 2029,
    cells: 3834,
    pointsType: 'Float64',
    sections: { polys: 3834 },
    bounds: [336123.96, 338927.82, 4257697.9, 4264173.2, -2606, 2906],
  },
  {
    file: 'tensors.vtk',
    type: 'UnstructuredGrid',
    points: 8,
    cells: 1,
    pointsType: 'Float32',
    bounds: [0, 1, 0, 1, 0, 1],
    cellTypes: { VOXEL: 1 },
    pointData: [
      { name: 'scalars', type: 'Float32', components: 1, ranges: [[0, 4]], role: 'scalars' },
      { name: 'other_scalars', type: 'Float32', components: 1, ranges: [[0, 7]] },
      {
        name: 'tensors1',
        type: 'Float32',
        components: 9,
        ranges: [
          [-2, 2],
          [-0.011790847, 1],
          [-0.66761735, 1],
          [-0.011790847, 1],
          [-2, 2],
          [-0.95780533, 1],
          [-0.66761735, 1],
          [-0.95780533, 1],
          [-0.19331977, 3],
        ],
        magnitude: [0, 4.7958315],
        role: 'tensors',
      },
    ],
  },
  {
    file: 'cube_complex.vtk',
    type: 'PolyData',
    points: 8,
    cells: 6,
    pointsType: 'Float32',
    sections: { polys: 6 },
    bounds: [0, 1, 0, 1, 0, 1],
    cellData: [
      { name: 'cell_scalars', type: 'Int32', components: 1, ranges: [[0, 5]], role: 'scalars' },
      {
        name: 'cell_normals',
        type: 'Float32',
        components: 3,
        ranges: [
          [-1, 1],
          [-1, 1],
          [-1, 1],
        ],
        magnitude: [1, 1],
        role: 'normals',
      },
      { name: 'cellIds', type: 'Int32', components: 1, ranges: [[0, 5]] },
      {
        name: 'faceAttributes',
        type: 'Float32',
        components: 2,
        ranges: [
          [0, 5],
          [1, 6],
        ],
        magnitude: [1, 7.8102497],
      },
    ],
    pointData: [
      { name: 'sample_scalars', type: 'Float32', components: 1, ranges: [[0, 7]], role: 'scalars' },
    ],
  },
  {
    file: 'sphere.vtk',
    type: 'PolyData',
    points: 50,
    cells: 96,
    pointsType: 'Float32',
    sections: { polys: 96 },
    bounds: [-0.487464, 0.487464, -0.487464, 0.487464, -0.5, 0.5],
    pointData: [
      {
        name: 'Normals',
        type: 'Float32',
        components: 3,
        ranges: [
          [-0.974928, 0.974928],
          [-0.974928, 0.974928],
          [-1, 1],
        ],
        magnitude: [0.99999974, 1.0000005],
        role: 'normals',
      },
    ],
  },
  {
    file: 'rectilinear_grid_binary.vtk',
    type: 'RectilinearGrid',
    points: 12,
    cells: 6,
    bounds: [0, 4, 1, 4, 0, 0],
    cellData: [{ name: 'cellscalar', type: 'Float32', components: 1, ranges: [[1.1, 8.1000004]] }],
  },
];

/** The manifest prints 8 significant digits; compare with a relative tolerance of about 1e-6. */

function checkArrays(
  where: string,
  container: FieldData,
  expected: ExpectedArray[] = [],
  tuples?: number,
): void {
  assert.deepEqual(
    container.names,
    expected.map((e) => e.name),
    `${where}: array names`,
  );
  for (const e of expected) {
    const array = container.get(e.name);
    assert.ok(array instanceof DataArray, `${where}.${e.name} is numeric`);
    assert.equal(array.dataType, e.type, `${where}.${e.name} type`);
    assert.equal(array.numberOfComponents, e.components, `${where}.${e.name} components`);
    const expectedTuples = e.tuples ?? tuples;
    if (expectedTuples !== undefined)
      assert.equal(array.numberOfTuples, expectedTuples, `${where}.${e.name} tuples`);
    e.ranges.forEach((range, c) => {
      const [min, max] = array.getRange(c);
      assertClose(min, range[0], `${where}.${e.name}[${c}] min`);
      assertClose(max, range[1], `${where}.${e.name}[${c}] max`);
    });
    if (e.magnitude) {
      const [min, max] = array.getRange(MAGNITUDE);
      assertClose(min, e.magnitude[0], `${where}.${e.name} |mag| min`);
      assertClose(max, e.magnitude[1], `${where}.${e.name} |mag| max`);
    }
  }
  if (container instanceof DataSetAttributes) {
    const roles = Object.fromEntries(expected.filter((e) => e.role).map((e) => [e.role, e.name]));
    assert.deepEqual(container.activeAttributes, roles, `${where}: active attributes`);
  }
}

for (const expected of EXPECTED) {
  test(`reads ${expected.file} as MANIFEST.md describes it`, async () => {
    const data = await readVtkLegacy(`${dataDir}${expected.file}`);
    assert.equal(data.type, expected.type);
    assert.equal(numberOfPoints(data), expected.points, 'points');
    assert.equal(numberOfCells(data), expected.cells, 'cells');
    for (const [i, value] of boundsOf(data).entries()) assertClose(value, expected.bounds[i], `bounds[${i}]`);
    if (expected.pointsType) {
      assert.ok('points' in data);
      assert.equal(data.points.dataType, expected.pointsType, 'points type');
    }
    if (expected.sections) {
      assert.equal(data.type, 'PolyData');
      for (const slot of ['verts', 'lines', 'polys', 'strips'] as const) {
        assert.equal(numberOfCellsIn(data[slot]), expected.sections[slot] ?? 0, `${slot} count`);
      }
    }
    if (expected.cellTypes) {
      assert.equal(data.type, 'UnstructuredGrid');
      const counts: Partial<Record<CellTypeName, number>> = {};
      for (const name of Object.keys(CellType) as CellTypeName[]) {
        const n = data.cellTypes.filter((t) => t === CellType[name]).length;
        if (n > 0) counts[name] = n;
      }
      assert.deepEqual(counts, expected.cellTypes, 'cell type counts');
    }
    checkArrays('pointData', data.pointData, expected.pointData, expected.points);
    checkArrays('cellData', data.cellData, expected.cellData, expected.cells);
    checkArrays('fieldData', data.fieldData, expected.fieldData);
  });
}

test('the reader declares its format, extension and sniffer', () => {
  assert.equal(vtkLegacyReader.format, 'vtk-legacy');
  assert.deepEqual(vtkLegacyReader.extensions, ['.vtk']);
  const encoder = new TextEncoder();
  assert.equal(sniffVtkLegacy(encoder.encode('# vtk DataFile Version 3.0\nx\nASCII\n')), true);
  assert.equal(sniffVtkLegacy(encoder.encode('<?xml version="1.0"?>\n<VTKFile')), false);
  assert.equal(sniffVtkLegacy(encoder.encode('# vtk')), false);
});
