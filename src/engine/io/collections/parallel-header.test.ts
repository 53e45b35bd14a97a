/**
 * P-file parsing on the shared parallel files; expected values are the facts MANIFEST.md lists
 * for each file ("own parser" bullets), copied here as constants.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ReadError } from '../../../errors.js';
import { parseParallelHeader } from './parallel-header.js';
import { parseXmlDocument, readXmlDocument } from './xml-document.js';

const data = (name: string) =>
  fileURLToPath(new URL(`../../../../../shared/data/parallel/${name}`, import.meta.url));

async function header(name: string) {
  const path = data(name);
  return parseParallelHeader(await readXmlDocument(path, 'vtk-xml-parallel'), path);
}

describe('parseParallelHeader', () => {
  it('fields.pvti: whole extent, origin, spacing, arrays and four piece extents', async () => {
    const h = await header('fields.pvti');
    assert.equal(h.dataType, 'ImageData');
    // MANIFEST.md: WholeExtent=0 14 0 11 0 3, Origin=0.0 -1.0 0.0, GhostLevel=0.
    assert.deepEqual(h.wholeExtent, [0, 14, 0, 11, 0, 3]);
    assert.deepEqual(h.origin, [0, -1, 0]);
    assert.deepEqual(h.spacing, [0.14285714285714285, 0.18181818181818182, 0.3333333333333333]);
    assert.equal(h.ghostLevel, 0);
    // PPointData: Temperature (Float64, 1c), Velocity (Float64, 3c); PCellData: Pressure
    // (Float64, 1c), Phase (Int64, 1c).
    assert.deepEqual(h.pointData.arrays, [
      { name: 'Temperature', dataType: 'Float64', numberOfComponents: 1 },
      { name: 'Velocity', dataType: 'Float64', numberOfComponents: 3 },
    ]);
    assert.deepEqual(h.cellData.arrays, [
      { name: 'Pressure', dataType: 'Float64', numberOfComponents: 1 },
      { name: 'Phase', dataType: 'Int64', numberOfComponents: 1 },
    ]);
    assert.deepEqual(
      h.pieces.map((p) => [p.source, p.extent]),
      [
        ['fields/fields_1.vti', [0, 9, 0, 4, 0, 3]],
        ['fields/fields_2.vti', [9, 14, 0, 4, 0, 3]],
        ['fields/fields_3.vti', [0, 9, 4, 11, 0, 3]],
        ['fields/fields_4.vti', [9, 14, 4, 11, 0, 3]],
      ],
    );
  });

  it('cube.pvtp: the same piece twice, active attributes, typed PPoints', async () => {
    const h = await header('cube.pvtp');
    assert.equal(h.dataType, 'PolyData');
    assert.deepEqual(
      h.pieces.map((p) => p.source),
      ['polyEx0.vtp', 'polyEx0.vtp'],
    );
    assert.deepEqual(h.points, { name: '', dataType: 'Float32', numberOfComponents: 3 });
    assert.deepEqual(h.pointData.active, { scalars: 'my_scalars' });
    assert.deepEqual(h.cellData.active, { scalars: 'cell_scalars', normals: 'cell_normals' });
    assert.equal(h.wholeExtent, undefined);
  });

  it('RectilinearGrid.pvtr: unnamed PCoordinates and a piece in a sub-folder', async () => {
    const h = await header('RectilinearGrid.pvtr');
    assert.equal(h.dataType, 'RectilinearGrid');
    assert.deepEqual(h.wholeExtent, [0, 3, 0, 1, 0, 1]);
    assert.deepEqual(
      h.coordinates?.map((c) => [c.name, c.dataType]),
      [
        ['', 'Float64'],
        ['', 'Float64'],
        ['', 'Float64'],
      ],
    );
    assert.equal(h.cellData.arrays.length, 5);
    assert.equal(h.pieces[0].source, 'RectilinearGrid/RectilinearGrid_0.vtr');
  });

  it('hexahedron_parallel.pvtu: GhostLevel 1 and one piece', async () => {
    const h = await header('hexahedron_parallel.pvtu');
    assert.equal(h.dataType, 'UnstructuredGrid');
    assert.equal(h.ghostLevel, 1);
    assert.deepEqual(
      h.pieces.map((p) => p.source),
      ['hexahedron_parallel_0.vtu'],
    );
  });

  it('rejects malformed P-files with the file and line', () => {
    const parse = (text: string) =>
      parseParallelHeader(
        parseXmlDocument(text, { file: 'bad.pvti', format: 'vtk-xml-parallel' }),
        'bad.pvti',
      );
    const cases: [string, RegExp][] = [
      [
        '<VTKFile type="PImageData">\n<PImageData WholeExtent="0 1 0 1 0 1">\n</Piece></VTKFile>',
        /malformed XML.*line 3/s,
      ],
      ['<VTKFile type="PImageData">\n<PImageData>', /malformed XML/],
      ['<VTKFile type="ImageData"><ImageData/></VTKFile>', /VTKFile type 'ImageData' is not one of/],
      ['<VTKFile type="PImageData"><PImageData/></VTKFile>', /has no WholeExtent/],
      [
        '<VTKFile type="PImageData"><PImageData WholeExtent="0 1 0 1"/></VTKFile>',
        /WholeExtent="0 1 0 1" must be 6 numbers/,
      ],
      [
        '<VTKFile type="PPolyData">\n<PPolyData>\n<Piece/></PPolyData></VTKFile>',
        /piece 0 has no Source attribute \(at line 3\)/,
      ],
      [
        '<VTKFile type="PPolyData"><PPolyData><PPointData><PDataArray type="Float128" Name="x"/></PPointData></PPolyData></VTKFile>',
        /unknown type 'Float128'/,
      ],
      [
        '<VTKFile type="PPolyData"><PPolyData><PPointData><PDataArray type="Float32" Name="x" NumberOfComponents="-3"/></PPointData></PPolyData></VTKFile>',
        /NumberOfComponents="-3" must be an integer/,
      ],
    ];
    for (const [text, pattern] of cases) {
      assert.throws(
        () => parse(text),
        (error: unknown) =>
          error instanceof ReadError && error.file === 'bad.pvti' && pattern.test(error.message),
        `expected ${pattern} for ${text}`,
      );
    }
  });
});
