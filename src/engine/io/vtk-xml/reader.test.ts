/**
 * Every serial VTK XML file in shared/data/vtk_xml, checked against the facts in
 * shared/data/MANIFEST.md ("VTK XML serial" section: counts, bounds, array types, per-component
 * and magnitude ranges, cell types), which were verified with ParaView 5.11. The table below is
 * copied from the manifest; numbers there have 8 significant digits, hence the 1e-6 tolerance.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { assertClose } from '../../../../test/support/assertions.js';
import { type AnyArray, StringArray } from '../../data/attributes.js';
import { numberOfCellsIn } from '../../data/cell-array.js';
import { DataArray, MAGNITUDE } from '../../data/data-array.js';
import type { DataSet } from '../../data/dataset.js';
import { boundsOf, numberOfCells, numberOfPoints } from '../../data/queries.js';
import { readVtkXml, vtkXmlReader } from './index.js';

const DATA_DIR = fileURLToPath(new URL('../../../../../shared/data/vtk_xml/', import.meta.url));

interface ExpectedArray {
  location: 'PointData' | 'CellData' | 'FieldData';
  name: string;
  type: string;
  components: number;
  tuples: number;
  ranges?: [number, number][];
  magnitude?: [number, number];
  /** Range over all components together (the manifest's "all-comp"). */
  allComponents?: [number, number];
}

interface ExpectedFile {
  file: string;
  type: DataSet['type'];
  points: number;
  cells: number;
  bounds: number[];
  /** VTK cell type id → count. */
  cellTypes?: Record<number, number>;
  polyCells?: { verts: number; lines: number; strips: number; polys: number };
  arrays: ExpectedArray[];
}

// From shared/data/MANIFEST.md, "VTK XML serial (.vti .vtp .vtu .vts .vtr) — vtk_xml/".
const MANIFEST: ExpectedFile[] = [
  {
    file: 'vase.vti',
    type: 'ImageData',
    points: 871125,
    cells: 843600,
    bounds: [0, 114, 0, 100, 0, 74],
    arrays: [
      {
        location: 'PointData',
        name: 'SLCImage',
        type: 'UInt8',
        components: 1,
        tuples: 871125,
        ranges: [[0, 239]],
      },
    ],
  },
  {
    file: 'hydrogen.vti',
    type: 'ImageData',
    points: 262144,
    cells: 250047,
    bounds: [0, 63, 0, 63, 0, 63],
    arrays: [
      {
        location: 'PointData',
        name: 'probability_density',
        type: 'Float32',
        components: 1,
        tuples: 262144,
        ranges: [[0, 1]],
      },
    ],
  },
  {
    file: 'volume_complex.vti',
    type: 'ImageData',
    points: 72,
    cells: 30,
    bounds: [0, 2, 0, 3, 0, 5],
    arrays: [
      {
        location: 'PointData',
        name: 'volume_scalars',
        type: 'Int8',
        components: 1,
        tuples: 72,
        ranges: [[0, 50]],
      },
    ],
  },
  {
    file: 'SemiDisk-0.vtp',
    type: 'PolyData',
    points: 611,
    cells: 600,
    bounds: [35.339996, 36.339996, 0, 0.5, 0, 0],
    polyCells: { verts: 0, lines: 0, strips: 0, polys: 600 },
    arrays: [],
  },
  {
    file: 'SuperQuadric.vtp',
    type: 'PolyData',
    points: 480,
    cells: 512,
    bounds: [-0.5, 0.5, -0.12499063, 0.12499063, -0.5, 0.5],
    polyCells: { verts: 0, lines: 0, strips: 0, polys: 512 },
    arrays: [
      {
        location: 'PointData',
        name: 'TextureCoords',
        type: 'Float32',
        components: 2,
        tuples: 480,
        ranges: [
          [0, 1],
          [0, 1],
        ],
        // biome-ignore lint/suspicious/noApproximativeNumericConstant: the manifest's 8-digit value
        magnitude: [0, 1.4142136],
      },
      {
        location: 'PointData',
        name: 'Normals',
        type: 'Float32',
        components: 3,
        tuples: 480,
        ranges: [
          [-0.79958731, 0.79958731],
          [-0.83588678, 0.83588678],
          [-0.79958731, 0.79958731],
        ],
        magnitude: [0.99999993, 1.0000001],
      },
      {
        location: 'CellData',
        name: 'Normals',
        type: 'Float32',
        components: 3,
        tuples: 512,
        ranges: [
          [-0.79958737, 0.79958737],
          [-0.83588678, 0.83588678],
          [-0.79958737, 0.79958737],
        ],
        magnitude: [0.99999996, 1],
      },
    ],
  },
  {
    file: 'probes.vtp',
    type: 'PolyData',
    points: 245,
    cells: 245,
    bounds: [330055.02, 343465.03, 4253028, 4270734, -2481.2, 2170.7],
    polyCells: { verts: 245, lines: 0, strips: 0, polys: 0 },
    arrays: [
      {
        location: 'PointData',
        name: 'temperature (C)',
        type: 'Float64',
        components: 1,
        tuples: 245,
        ranges: [[10, 270]],
      },
    ],
  },
  {
    file: 'can.vtu',
    type: 'UnstructuredGrid',
    points: 6724,
    cells: 4800,
    bounds: [-12.169606, 6.0028672, -3.6004243, 5.562202, -18.335476, -13.456451],
    cellTypes: { 12: 4800 },
    arrays: [
      {
        location: 'PointData',
        name: 'DISPL',
        type: 'Float64',
        components: 3,
        tuples: 6724,
        ranges: [
          [-7.1696062, 0.88777661],
          [-5.4704976, 1.1782089],
          [-17.81023, 0.050627694],
        ],
        magnitude: [2.4611168, 18.594444],
      },
      {
        location: 'PointData',
        name: 'VEL',
        type: 'Float64',
        components: 3,
        tuples: 6724,
        ranges: [
          [-3653.7, -347.00357],
          [-4560.6455, 1511.1619],
          [-4115.1719, 2941.0713],
        ],
        magnitude: [2006.4177, 5221.3289],
      },
      {
        location: 'PointData',
        name: 'ACCL',
        type: 'Float64',
        components: 3,
        tuples: 6724,
        ranges: [
          [-80080944, 47764300],
          [-135161472, 121481344],
          [-127837744, 186009792],
        ],
        magnitude: [240351.78, 2.0194128e8],
      },
      {
        location: 'PointData',
        name: 'GlobalNodeId',
        type: 'Int64',
        components: 1,
        tuples: 6724,
        ranges: [[1, 6724]],
      },
      {
        location: 'PointData',
        name: 'PedigreeNodeId',
        type: 'Int64',
        components: 1,
        tuples: 6724,
        ranges: [[1, 6724]],
      },
      {
        location: 'CellData',
        name: 'EQPS',
        type: 'Float64',
        components: 1,
        tuples: 4800,
        ranges: [[0.021583131, 2.8939416]],
      },
      {
        location: 'FieldData',
        name: 'KE',
        type: 'Float64',
        components: 1,
        tuples: 44,
        ranges: [[1467643.6, 2959999.8]],
      },
      {
        location: 'FieldData',
        name: 'XMOM',
        type: 'Float64',
        components: 1,
        tuples: 44,
        ranges: [[-0.048639592, 0.27539715]],
      },
      {
        location: 'FieldData',
        name: 'YMOM',
        type: 'Float64',
        components: 1,
        tuples: 44,
        ranges: [[-5.8409209, 0.0075462889]],
      },
      {
        location: 'FieldData',
        name: 'ZMOM',
        type: 'Float64',
        components: 1,
        tuples: 44,
        ranges: [[-1183.9999, -765.41907]],
      },
      {
        location: 'FieldData',
        name: 'NSTEPS',
        type: 'Float64',
        components: 1,
        tuples: 44,
        ranges: [[0, 28318]],
      },
      {
        location: 'FieldData',
        name: 'TMSTEP',
        type: 'Float64',
        components: 1,
        tuples: 44,
        ranges: [[5.3551588e-8, 2.4712693e-7]],
      },
      {
        location: 'FieldData',
        name: 'ElementBlockIds',
        type: 'Int32',
        components: 1,
        tuples: 1,
        ranges: [[1, 1]],
      },
      {
        location: 'FieldData',
        name: 'QA_Records',
        type: 'Int8',
        components: 33,
        tuples: 24,
        magnitude: [90.779954, 214.40849],
        allComponents: [0, 111],
      },
      {
        location: 'FieldData',
        name: 'Info_Records',
        type: 'Int8',
        components: 81,
        tuples: 4,
        magnitude: [340.42914, 422.34346],
        allComponents: [0, 111],
      },
      { location: 'FieldData', name: 'Title', type: 'String', components: 1, tuples: 1 },
    ],
  },
  {
    file: 'polyhedron2pieces.vtu',
    type: 'UnstructuredGrid',
    points: 18,
    cells: 4,
    bounds: [0, 1, 0, 3, 0, 2],
    cellTypes: { 14: 2, 42: 2 },
    arrays: [],
  },
  {
    file: 'celldata_appended_binary_compressed.vtu',
    type: 'UnstructuredGrid',
    points: 4434,
    cells: 3085,
    bounds: [-64, 64, -64, 64, 0, 0],
    cellTypes: { 8: 3085 },
    arrays: [
      {
        location: 'CellData',
        name: 'cell_ids',
        type: 'Int64',
        components: 1,
        tuples: 3085,
        ranges: [[4, 4113]],
      },
      {
        location: 'CellData',
        name: 'element_ids',
        type: 'Int64',
        components: 1,
        tuples: 3085,
        ranges: [[1, 3085]],
      },
      { location: 'CellData', name: 'levels', type: 'Int64', components: 1, tuples: 3085, ranges: [[3, 8]] },
      {
        location: 'CellData',
        name: 'indicator_amr',
        type: 'Float64',
        components: 1,
        tuples: 3085,
        ranges: [[0.0001, 1]],
      },
      {
        location: 'CellData',
        name: 'indicator_shock_capturing',
        type: 'Float64',
        components: 1,
        tuples: 3085,
        ranges: [[0.0001, 0.5]],
      },
    ],
  },
  {
    file: 'hexahedron.vtu',
    type: 'UnstructuredGrid',
    points: 8,
    cells: 1,
    bounds: [0, 1, 0, 1, -1, 0],
    cellTypes: { 12: 1 },
    arrays: [],
  },
  {
    file: 'StructuredGrid.vts',
    type: 'StructuredGrid',
    points: 648,
    cells: 440,
    bounds: [0, 6.3653417, -5.144453, 5.144453, 23.3738, 32.894798],
    arrays: [
      {
        location: 'PointData',
        name: 'Density',
        type: 'Float32',
        components: 1,
        tuples: 648,
        ranges: [[0.20300934, 0.71041924]],
      },
      {
        location: 'PointData',
        name: 'Momentum',
        type: 'Float32',
        components: 3,
        tuples: 648,
        ranges: [
          [-222.54411, 249.90157],
          [-350.01199, 332.24966],
          [-128.78935, 184.16995],
        ],
        magnitude: [0, 382.34691],
      },
      {
        location: 'PointData',
        name: 'StagnationEnergy',
        type: 'Float32',
        components: 1,
        tuples: 648,
        ranges: [[0, 0]],
      },
    ],
  },
  {
    file: 'RectilinearGrid_ascii.vtr',
    type: 'RectilinearGrid',
    points: 16,
    cells: 3,
    bounds: [-3, 3, 0, 1, -1, 1],
    arrays: [
      { location: 'CellData', name: 'Pressure', type: 'Float32', components: 1, tuples: 3, ranges: [[0, 0]] },
      {
        location: 'CellData',
        name: 'Void Volume Fraction',
        type: 'Float32',
        components: 1,
        tuples: 3,
        ranges: [[0.5, 1]],
      },
      {
        location: 'CellData',
        name: 'X Velocity',
        type: 'Float32',
        components: 1,
        tuples: 3,
        ranges: [[0, 1.4]],
      },
      {
        location: 'CellData',
        name: 'Y Velocity',
        type: 'Float32',
        components: 1,
        tuples: 3,
        ranges: [[0, 1]],
      },
      {
        location: 'CellData',
        name: 'Z Velocity',
        type: 'Float32',
        components: 1,
        tuples: 3,
        ranges: [[0, 0.5]],
      },
    ],
  },
  {
    file: 'RectilinearGridInlineBinary.vtr',
    type: 'RectilinearGrid',
    points: 16,
    cells: 3,
    bounds: [-3, 3, 0, 1, -1, 1],
    arrays: [
      { location: 'CellData', name: 'Pressure', type: 'Float32', components: 1, tuples: 3, ranges: [[0, 0]] },
      {
        location: 'CellData',
        name: 'Void Volume Fraction',
        type: 'Float32',
        components: 1,
        tuples: 3,
        ranges: [[0.5, 1]],
      },
      {
        location: 'CellData',
        name: 'X Velocity',
        type: 'Float32',
        components: 1,
        tuples: 3,
        ranges: [[0, 1.4]],
      },
      {
        location: 'CellData',
        name: 'Y Velocity',
        type: 'Float32',
        components: 1,
        tuples: 3,
        ranges: [[0, 1]],
      },
      {
        location: 'CellData',
        name: 'Z Velocity',
        type: 'Float32',
        components: 1,
        tuples: 3,
        ranges: [[0, 0.5]],
      },
    ],
  },
  {
    file: 'notch_disp.vtu',
    type: 'UnstructuredGrid',
    points: 12717,
    cells: 2192,
    bounds: [0, 0.4, 0, 0.1, 0, 0.01],
    cellTypes: { 25: 2188, 26: 4 },
    arrays: [
      {
        location: 'PointData',
        name: 'Nodal Displacement',
        type: 'Float64',
        components: 3,
        tuples: 12717,
        ranges: [
          [0, 2.7927129e-6],
          [-1.0375455e-7, 1.0377146e-7],
          [-5.4293548e-8, 5.4293551e-8],
        ],
        magnitude: [0, 2.7936319e-6],
      },
    ],
  },
];

function arrayOf(data: DataSet, location: ExpectedArray['location'], name: string): AnyArray | undefined {
  const fields =
    location === 'PointData' ? data.pointData : location === 'CellData' ? data.cellData : data.fieldData;
  return fields.get(name);
}

test('the manifest lists every file in shared/data/vtk_xml', () => {
  assert.deepEqual(readdirSync(DATA_DIR).sort(), MANIFEST.map((m) => m.file).sort());
});

for (const expected of MANIFEST) {
  test(`reads ${expected.file} as the manifest describes`, async () => {
    const data = await readVtkXml(DATA_DIR + expected.file);
    assert.equal(data.type, expected.type);
    assert.equal(numberOfPoints(data), expected.points);
    assert.equal(numberOfCells(data), expected.cells);
    assertClose(boundsOf(data), expected.bounds, 'bounds');
    if (expected.cellTypes) {
      assert.equal(data.type, 'UnstructuredGrid');
      const counts: Record<number, number> = {};
      if (data.type === 'UnstructuredGrid')
        for (const id of data.cellTypes) counts[id] = (counts[id] ?? 0) + 1;
      assert.deepEqual(counts, expected.cellTypes);
    }
    if (expected.polyCells && data.type === 'PolyData') {
      assert.deepEqual(
        {
          verts: numberOfCellsIn(data.verts),
          lines: numberOfCellsIn(data.lines),
          strips: numberOfCellsIn(data.strips),
          polys: numberOfCellsIn(data.polys),
        },
        expected.polyCells,
      );
    }
    const total = data.pointData.size + data.cellData.size + data.fieldData.size;
    assert.equal(total, expected.arrays.length, 'number of arrays');
    for (const e of expected.arrays) {
      const what = `${e.location} '${e.name}'`;
      const array = arrayOf(data, e.location, e.name);
      assert.ok(array, `${what} is missing`);
      if (e.type === 'String') {
        assert.ok(array instanceof StringArray, `${what} is a string array`);
        assert.equal(array.numberOfTuples, e.tuples);
        continue;
      }
      assert.ok(array instanceof DataArray, `${what} is numeric`);
      assert.equal(array.dataType, e.type, `${what} type`);
      assert.equal(array.numberOfComponents, e.components, `${what} components`);
      assert.equal(array.numberOfTuples, e.tuples, `${what} tuples`);
      for (const [c, range] of (e.ranges ?? []).entries()) {
        assertClose(array.getRange(c), range, `${what} component ${c}`);
      }
      if (e.magnitude) assertClose(array.getRange(MAGNITUDE), e.magnitude, `${what} magnitude`);
      if (e.allComponents) {
        const ranges = array.getComponentRanges();
        assertClose(
          [Math.min(...ranges.map((r) => r[0])), Math.max(...ranges.map((r) => r[1]))],
          e.allComponents,
          `${what} all components`,
        );
      }
    }
  });
}

test('ids stay exact: can.vtu keeps Int64 node ids as BigInt64Array and converts connectivity', async () => {
  const data = await readVtkXml(`${DATA_DIR}can.vtu`);
  assert.equal(data.type, 'UnstructuredGrid');
  if (data.type !== 'UnstructuredGrid') return;
  assert.ok(data.pointData.getDataArray('GlobalNodeId')?.values instanceof BigInt64Array);
  // 4800 hexahedra of 8 points each (MANIFEST: HEXAHEDRON(12)×4800).
  assert.ok(data.cells.connectivity instanceof Int32Array);
  assert.equal(data.cells.connectivity.length, 4800 * 8);
  assert.equal(data.cells.offsets.length, 4801);
  assert.equal(data.cells.offsets[4800], 4800 * 8);
  assert.deepEqual(data.pointData.activeAttributes, { globalIds: 'GlobalNodeId' });
});

test('polyhedron2pieces.vtu: the two pieces are joined and polyhedron faces kept', async () => {
  const data = await readVtkXml(`${DATA_DIR}polyhedron2pieces.vtu`);
  assert.equal(data.type, 'UnstructuredGrid');
  if (data.type !== 'UnstructuredGrid') return;
  // Each piece: a pyramid (5 ids) and a cube polyhedron (8 ids, 6 quad faces → 1 + 6 × 5 = 31).
  assert.deepEqual([...data.cellTypes], [14, 42, 14, 42]);
  assert.deepEqual([...data.cells.offsets], [0, 5, 13, 18, 26]);
  const faces = data.polyhedronFaces;
  assert.ok(faces);
  assert.deepEqual([...faces.faceOffsets], [-1, 0, -1, 31]);
  assert.equal(faces.faces.length, 62);
  assert.equal(faces.faces[31], 6);
  // The second piece's ids are shifted by the first piece's 9 points.
  assert.deepEqual([...data.cells.connectivity.subarray(13, 18)], [13, 14, 15, 16, 17]);
  assert.ok(Math.min(...faces.faces.subarray(32)) >= 4);
});

test('ImageData keeps Origin, Spacing and Direction', async () => {
  const data = await readVtkXml(`${DATA_DIR}hydrogen.vti`);
  assert.equal(data.type, 'ImageData');
  if (data.type !== 'ImageData') return;
  // MANIFEST: WholeExtent=0 63 0 63 0 63, Origin=0 0 0, Spacing=1 1 1, Direction identity.
  assert.deepEqual(data.extent, [0, 63, 0, 63, 0, 63]);
  assert.deepEqual(data.origin, [0, 0, 0]);
  assert.deepEqual(data.spacing, [1, 1, 1]);
  assert.deepEqual(data.direction, [1, 0, 0, 0, 1, 0, 0, 0, 1]);
  assert.deepEqual(data.pointData.activeAttributes, { scalars: 'probability_density' });
});

test('the sniffer accepts serial VTK XML and rejects the rest', () => {
  const bytes = (s: string) => new TextEncoder().encode(s);
  assert.ok(vtkXmlReader.sniff?.(bytes('<?xml version="1.0"?>\n<VTKFile type="PolyData" version="0.1">')));
  assert.ok(vtkXmlReader.sniff?.(bytes("<VTKFile byte_order='LittleEndian' type='ImageData'>")));
  assert.ok(!vtkXmlReader.sniff?.(bytes('<VTKFile type="PUnstructuredGrid" version="0.1">')));
  assert.ok(!vtkXmlReader.sniff?.(bytes('<VTKFile type="vtkMultiBlockDataSet" version="1.0">')));
  assert.ok(!vtkXmlReader.sniff?.(bytes('# vtk DataFile Version 3.0')));
});
