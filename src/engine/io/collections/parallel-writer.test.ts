/**
 * The parallel writer: structured data cut into slabs must read back identical (the slabs share
 * their boundary points); point sets cut into runs of cells must keep every cell's points,
 * point values and cell values.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { WriteError } from '../../../errors.js';
import { cellPointIds } from '../../data/cell-array.js';
import { describeDifference } from '../../data/compare.js';
import { type DataObject, type DataSet, isDataSet, type UnstructuredGrid } from '../../data/dataset.js';
import { getPoint, numberOfCells } from '../../data/queries.js';
import { readDataFile, registerReader } from '../registry.js';
import { vtkXmlReader } from '../vtk-xml/index.js';
import { collectionReaders } from './index.js';
import { writeParallelVtkXml } from './parallel-writer.js';

const DATA = fileURLToPath(new URL('../../../../../shared/data/', import.meta.url));
let scratch = '';

before(async () => {
  registerReader(vtkXmlReader);
  for (const reader of collectionReaders) registerReader(reader);
  scratch = await mkdtemp(join(tmpdir(), 'periscope-pwriter-'));
});
after(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function read(path: string): Promise<DataSet> {
  const data: DataObject = (await readDataFile(path)).data;
  assert.ok(isDataSet(data));
  return data;
}

describe('writeParallelVtkXml', () => {
  for (const [source, target, pieces, files] of [
    ['parallel/fields.pvti', 'fields3.pvti', 3, 3],
    ['parallel/fields.pvti', 'fields1.pvti', 1, 1],
    ['parallel/RectilinearGrid.pvtr', 'rect.pvtr', 2, 2],
    ['vtk_xml/StructuredGrid.vts', 'sg.pvts', 4, 4],
    // 3 cells along the longest axis: asking for 10 pieces gives 3.
    ['vtk_xml/RectilinearGrid_ascii.vtr', 'many.pvtr', 10, 3],
    ['parallel/cube.pvtp', 'cube.pvtp', 2, 2],
  ] as const) {
    it(`${source} in ${pieces} piece(s) reads back identical`, async () => {
      const original = await read(`${DATA}${source}`);
      const out = join(scratch, target);
      await writeParallelVtkXml(out, original, { numberOfPieces: pieces });
      assert.equal((await readdir(join(scratch, target.replace(/\.\w+$/, '')))).length, files);
      assert.equal(describeDifference(original, await read(out)), undefined);
    });
  }

  it('cuts unstructured grids into runs of cells that keep their points and values', async () => {
    for (const [source, pieces] of [
      ['vtk_xml/can.vtu', 3],
      ['vtk_xml/polyhedron2pieces.vtu', 2],
    ] as const) {
      const original = (await read(`${DATA}${source}`)) as UnstructuredGrid;
      const out = join(scratch, source.replace(/^.*\/(.*)\.vtu$/, '$1.pvtu'));
      await writeParallelVtkXml(out, original, { numberOfPieces: pieces });
      const back = (await read(out)) as UnstructuredGrid;
      assert.equal(numberOfCells(back), numberOfCells(original));
      assert.deepEqual(back.cellTypes, original.cellTypes);
      assert.ok(back.points.numberOfTuples >= original.points.numberOfTuples);
      assert.deepEqual(back.cellData.names, original.cellData.names);
      for (const array of original.cellData.dataArrays) {
        assert.deepEqual(
          back.cellData.getDataArray(array.name)!.values,
          array.values,
          `${source} ${array.name}`,
        );
      }
      for (let c = 0; c < numberOfCells(original); c++) {
        const a = cellPointIds(original.cells, c);
        const b = cellPointIds(back.cells, c);
        assert.equal(a.length, b.length);
        for (let k = 0; k < a.length; k++) {
          assert.deepEqual(getPoint(back, b[k]), getPoint(original, a[k]), `${source} cell ${c} point ${k}`);
          for (const array of original.pointData.dataArrays) {
            assert.deepEqual(
              back.pointData.getDataArray(array.name)!.getTuple(b[k]),
              array.getTuple(a[k]),
              `${source} ${array.name}`,
            );
          }
        }
      }
      const faces = original.polyhedronFaces;
      if (faces) {
        const backFaces = back.polyhedronFaces;
        assert.ok(backFaces, 'polyhedron faces kept');
        let polyhedra = 0;
        for (let c = 0; c < numberOfCells(original); c++) {
          let a: number = faces.faceOffsets[c];
          let b: number = backFaces.faceOffsets[c];
          assert.equal(a < 0, b < 0, `cell ${c} is a polyhedron on both sides or neither`);
          if (a < 0) continue;
          polyhedra++;
          const numberOfFaces: number = faces.faces[a++];
          assert.equal(backFaces.faces[b++], numberOfFaces);
          for (let f = 0; f < numberOfFaces; f++) {
            const size: number = faces.faces[a++];
            assert.equal(backFaces.faces[b++], size);
            for (let k = 0; k < size; k++) {
              assert.deepEqual(getPoint(back, backFaces.faces[b++]), getPoint(original, faces.faces[a++]));
            }
          }
        }
        assert.ok(polyhedra > 0);
      }
    }
  });

  it('refuses an extension that does not match the dataset kind', async () => {
    const original = await read(`${DATA}parallel/cube.pvtp`);
    await assert.rejects(writeParallelVtkXml(join(scratch, 'cube.pvti'), original), (error: unknown) => {
      assert.ok(error instanceof WriteError);
      assert.match(error.message, /a PolyData is written as \.pvtp/);
      return true;
    });
  });
});
