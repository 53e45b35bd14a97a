/**
 * Round trips through the .vtm and .pvd writers, file series with TimeValue, and bad input:
 * every failure must be a typed error naming the files involved, and nothing may hang.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FileNotFoundError, ReadError } from '../../../errors.js';
import { cellArrayFromLists } from '../../data/cell-array.js';
import { describeDifference } from '../../data/compare.js';
import { dataArrayFrom } from '../../data/data-array.js';
import {
  createImageData,
  createMultiBlock,
  createPolyData,
  createTimeSeries,
  type DataObject,
  type MultiBlock,
} from '../../data/dataset.js';
import { readDataFile, registerReader } from '../registry.js';
import { vtkXmlReader, writeVtkXml } from '../vtk-xml/index.js';
import { readFileSeries } from './file-series.js';
import { collectionReaders } from './index.js';
import { writePvd } from './pvd-writer.js';
import { writeVtm } from './vtm-writer.js';

const DATA = fileURLToPath(new URL('../../../../../shared/data/', import.meta.url));
let scratch = '';

before(async () => {
  registerReader(vtkXmlReader);
  for (const reader of collectionReaders) registerReader(reader);
  scratch = await mkdtemp(join(tmpdir(), 'periscope-collections-'));
});
after(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function readBack(path: string): Promise<DataObject> {
  return (await readDataFile(path)).data;
}

function triangle(shift: number) {
  const poly = createPolyData({
    points: dataArrayFrom('Points', 'Float32', [shift, 0, 0, shift + 1, 0, 0, shift, 1, 0], 3),
    polys: cellArrayFromLists([[0, 1, 2]]),
  });
  poly.pointData.add(dataArrayFrom('w', 'Float64', [shift, shift + 0.5, shift + 0.25]));
  return poly;
}

function image(value: number) {
  const data = createImageData({ extent: [0, 2, 0, 1, 0, 0], spacing: [0.5, 1, 1] });
  data.pointData.add(dataArrayFrom('v', 'Int16', [value, 1, 2, 3, 4, value]));
  return data;
}

describe('.vtm writer', () => {
  it('round-trips ex-blow_5.vtm (nested pieces with empty slots) through a folder of leaves', async () => {
    const original = await readBack(`${DATA}multiblock/ex-blow_5.vtm`);
    const out = join(scratch, 'blow.vtm');
    await writeVtm(out, original as MultiBlock);
    // VTK's layout: the leaves in a sibling folder named after the file.
    const files = await readdir(join(scratch, 'blow'));
    assert.equal(files.length, 16);
    assert.ok(files.every((f) => /^blow_\d+\.vtu$/.test(f)));
    assert.equal(describeDifference(original, await readBack(out)), undefined);
  });

  it('round-trips names that need escaping, empty slots and mixed dataset kinds', async () => {
    const original = createMultiBlock([
      { name: 'a & "b" <c>\nline', data: triangle(0) },
      { name: 'Block 1', data: null },
      {
        name: 'nested',
        data: createMultiBlock([
          { name: 'img', data: image(7) },
          { name: 'deeper', data: createMultiBlock([{ name: 'tri', data: triangle(3) }]) },
        ]),
      },
    ]);
    const out = join(scratch, 'mixed.vtm');
    await writeVtm(out, original);
    const text = await readFile(out, 'utf8');
    assert.match(text, /name="a &amp; &quot;b&quot; &lt;c&gt;&#10;line"/);
    assert.match(text, /<DataSet index="1" name="Block 1"\/>/);
    assert.equal(describeDifference(original, await readBack(out)), undefined);
  });
});

describe('other composite layouts', () => {
  const CUBE = `${DATA}parallel/polyEx0.vtp`;
  const HEX = `${DATA}vtk_xml/hexahedron.vtu`;

  it('reads version-0 .vtm files (group/dataset attributes) as one block per group', async () => {
    const vtm = join(scratch, 'old.vtm');
    await writeFile(
      vtm,
      `<VTKFile type="vtkMultiBlockDataSet" version="0.1"><vtkMultiBlockDataSet>
         <DataSet group="1" dataset="0" file="${CUBE}"/>
         <DataSet group="0" dataset="1" file="${HEX}"/>
       </vtkMultiBlockDataSet></VTKFile>`,
    );
    const data = (await readBack(vtm)) as MultiBlock;
    assert.deepEqual(
      data.blocks.map((b) => b.name),
      ['Block 0', 'Block 1'],
    );
    const group0 = data.blocks[0].data as MultiBlock;
    const group1 = data.blocks[1].data as MultiBlock;
    assert.deepEqual(
      group0.blocks.map((b) => b.data?.type ?? null),
      [null, 'UnstructuredGrid'],
    );
    assert.deepEqual(
      group1.blocks.map((b) => b.data?.type ?? null),
      ['PolyData'],
    );
  });

  it('reads partitioned dataset collections (.vtpc) and partitioned datasets (.vtpd)', async () => {
    const vtpc = join(scratch, 'parts.vtpc');
    await writeFile(
      vtpc,
      `<VTKFile type="vtkPartitionedDataSetCollection" version="1.0"><vtkPartitionedDataSetCollection>
         <Partitions index="0" name="cubes"><DataSet index="0" file="${CUBE}"/><DataSet index="1" file="${CUBE}"/></Partitions>
         <Partitions index="1"><DataSet index="0" file="${HEX}"/></Partitions>
       </vtkPartitionedDataSetCollection>
       <DataAssembly/></VTKFile>`,
    );
    const data = (await readBack(vtpc)) as MultiBlock;
    assert.deepEqual(
      data.blocks.map((b) => [b.name, (b.data as MultiBlock).blocks.length]),
      [
        ['cubes', 2],
        ['Block 1', 1],
      ],
    );
    const vtpd = join(scratch, 'parts.vtpd');
    await writeFile(
      vtpd,
      `<VTKFile type="vtkPartitionedDataSet" version="1.0"><vtkPartitionedDataSet>
         <DataSet index="2" file="${CUBE}"/><DataSet file=""/>
       </vtkPartitionedDataSet></VTKFile>`,
    );
    const partitions = (await readBack(vtpd)) as MultiBlock;
    // Index 2 leaves two empty slots before it; an entry without a file is an empty slot too.
    assert.deepEqual(
      partitions.blocks.map((b) => b.data?.type ?? null),
      [null, null, 'PolyData', null],
    );
  });

  it('reads .pvd collections without times as their data, and merges duplicate times as ParaView does', async () => {
    const still = join(scratch, 'still.pvd');
    await writeFile(
      still,
      `<VTKFile type="Collection" version="0.1"><Collection><DataSet part="0" file="${HEX}"/></Collection></VTKFile>`,
    );
    assert.equal((await readBack(still)).type, 'UnstructuredGrid');

    const dup = join(scratch, 'dup.pvd');
    await writeFile(
      dup,
      `<VTKFile type="Collection" version="0.1"><Collection>
         <DataSet timestep="10" file="${CUBE}"/>
         <DataSet timestep="1.0" name="first" file="${HEX}"/>
         <DataSet timestep="1.0" name="second" file="${CUBE}"/>
         <DataSet timestep="1" file="${CUBE}"/>
         <DataSet timestep="9" file=""/>
         <DataSet file="${CUBE}"/>
       </Collection></VTKFile>`,
    );
    const series = await readBack(dup);
    if (series.type !== 'TimeSeries') assert.fail('expected a time series');
    // "1.0" and "1" are one time (the first string's files); "9" has no file but is a step;
    // numeric order puts 10 last although "10" < "9" as text.
    assert.deepEqual(
      series.steps.map((s) => s.time),
      [1, 9, 10],
    );
    const one = (await series.steps[0].load()) as MultiBlock;
    assert.deepEqual(
      one.blocks.map((b) => [b.name, b.data?.type]),
      [
        ['first', 'UnstructuredGrid'],
        ['second', 'PolyData'],
      ],
    );
    assert.deepEqual((await series.steps[1].load()).type, 'MultiBlock');
    assert.equal((await series.steps[2].load()).type, 'PolyData');
  });
});

describe('.pvd writer', () => {
  it('round-trips dualSphereAnimation.pvd: times and every step', async () => {
    const original = await readBack(`${DATA}time_series/dualSphereAnimation.pvd`);
    const out = join(scratch, 'spheres.pvd');
    await writePvd(out, original);
    const back = await readBack(out);
    assert.equal(describeDifference(original, back), undefined);
    if (original.type !== 'TimeSeries' || back.type !== 'TimeSeries') assert.fail('expected time series');
    for (let i = 0; i < original.steps.length; i++) {
      assert.equal(
        describeDifference(await original.steps[i].load(), await back.steps[i].load()),
        undefined,
        `step ${i}`,
      );
    }
  });

  it('round-trips non-integer times and steps of every shape', async () => {
    const original = createTimeSeries([
      { time: 1e-7, data: triangle(1) },
      { time: 0.1, data: createMultiBlock([{ name: 'only', data: image(2) }]) },
      {
        time: 2.5,
        data: createMultiBlock([
          { name: 'left', data: triangle(2) },
          { name: 'right', data: image(3) },
        ]),
      },
    ]);
    const out = join(scratch, 'shapes.pvd');
    await writePvd(out, original);
    const back = await readBack(out);
    if (back.type !== 'TimeSeries') assert.fail('expected a time series');
    assert.deepEqual(
      back.steps.map((s) => s.time),
      [1e-7, 0.1, 2.5],
    );
    for (let i = 0; i < 3; i++) {
      assert.equal(
        describeDifference(await original.steps[i].load(), await back.steps[i].load()),
        undefined,
        `step ${i}`,
      );
    }
  });
});

describe('file series with TimeValue', () => {
  it('takes each file’s TimeValue, sorts by it and leaves out files without one', async () => {
    const folder = join(scratch, 'timed');
    await mkdir(folder);
    const times = [4, 0.5, 2];
    const paths: string[] = [];
    for (let i = 0; i < times.length; i++) {
      const data = triangle(i);
      data.fieldData.add(dataArrayFrom('TimeValue', 'Float64', [times[i]]));
      paths.push(join(folder, `t_${i}.vtp`));
      await writeVtkXml(paths[i], data);
    }
    paths.push(join(folder, 't_3.vtp'));
    await writeVtkXml(paths[3], triangle(9));
    const series = await readFileSeries(paths);
    assert.deepEqual(
      series.steps.map((s) => [s.time, s.source]),
      [
        [0.5, paths[1]],
        [2, paths[2]],
        [4, paths[0]],
      ],
    );
    const loaded = await series.steps[2].load();
    assert.equal(describeDifference(loaded, await readBack(paths[0])), undefined);
  });
});

describe('bad input', () => {
  it('a missing piece raises FileNotFoundError naming the piece and the P-file', async () => {
    const pfile = join(scratch, 'missing.pvtp');
    await writeFile(
      pfile,
      '<VTKFile type="PPolyData"><PPolyData><Piece Source="gone/missing_0.vtp"/></PPolyData></VTKFile>',
    );
    await assert.rejects(readBack(pfile), (error: unknown) => {
      assert.ok(error instanceof FileNotFoundError);
      assert.equal(error.file, join(scratch, 'gone/missing_0.vtp'));
      assert.equal(error.code, 'PERISCOPE_E_FILE_NOT_FOUND');
      assert.ok(error.message.includes(pfile));
      return true;
    });
  });

  it('a malformed P-file raises ReadError naming it', async () => {
    const pfile = join(scratch, 'broken.pvti');
    await writeFile(pfile, '<VTKFile type="PImageData">\n<PImageData WholeExtent="0 1 0 1 0 1">\n</VTKFile>');
    await assert.rejects(readBack(pfile), (error: unknown) => {
      assert.ok(error instanceof ReadError);
      assert.equal(error.file, pfile);
      assert.equal(error.line, 3);
      return true;
    });
  });

  it('a piece whose arrays disagree with the P-file raises ReadError naming both', async () => {
    const pfile = join(scratch, 'typed.pvtp');
    await writeFile(
      pfile,
      `<VTKFile type="PPolyData"><PPolyData><PPointData><PDataArray type="Float64" Name="nope"/></PPointData>
       <Piece Source="${DATA}parallel/polyEx0.vtp"/></PPolyData></VTKFile>`,
    );
    await assert.rejects(readBack(pfile), (error: unknown) => {
      assert.ok(error instanceof ReadError);
      assert.equal(error.file, pfile);
      assert.match(error.message, /polyEx0\.vtp has no point array 'nope'/);
      return true;
    });
  });

  it('a .vtm pointing outside its folder to a missing file raises FileNotFoundError naming both', async () => {
    const vtm = join(scratch, 'outside.vtm');
    await writeFile(
      vtm,
      '<VTKFile type="vtkMultiBlockDataSet" version="1.0"><vtkMultiBlockDataSet>' +
        '<DataSet index="0" file="../../no/such/leaf.vtu"/></vtkMultiBlockDataSet></VTKFile>',
    );
    await assert.rejects(readBack(vtm), (error: unknown) => {
      assert.ok(error instanceof FileNotFoundError);
      assert.equal(error.file, join(scratch, '../../no/such/leaf.vtu'));
      assert.match(error.message, /referenced by .*outside\.vtm/);
      return true;
    });
  });

  it('a .vtm that includes itself raises ReadError instead of recursing', async () => {
    const a = join(scratch, 'loop_a.vtm');
    const b = join(scratch, 'loop_b.vtm');
    const body = (target: string) =>
      `<VTKFile type="vtkMultiBlockDataSet" version="1.0"><vtkMultiBlockDataSet><DataSet index="0" file="${target}"/></vtkMultiBlockDataSet></VTKFile>`;
    await writeFile(a, body('loop_b.vtm'));
    await writeFile(b, body('loop_a.vtm'));
    await assert.rejects(readBack(a), (error: unknown) => {
      assert.ok(error instanceof ReadError);
      assert.match(error.message, /circular reference: .*loop_a\.vtm → .*loop_b\.vtm → .*loop_a\.vtm/);
      return true;
    });
  });

  it('a .vtm with an unknown element or a huge index raises ReadError with the line', async () => {
    const vtm = join(scratch, 'syntax.vtm');
    await writeFile(
      vtm,
      '<VTKFile type="vtkMultiBlockDataSet" version="1.0">\n<vtkMultiBlockDataSet>\n<Piece index="0">\n<Block index="0"/>\n</Piece>\n</vtkMultiBlockDataSet></VTKFile>',
    );
    await assert.rejects(readBack(vtm), (error: unknown) => {
      assert.ok(error instanceof ReadError);
      assert.match(error.message, /<Block> is not allowed inside <Piece> \(at line 4\)/);
      return true;
    });
    await writeFile(
      vtm,
      '<VTKFile type="vtkMultiBlockDataSet" version="1.0"><vtkMultiBlockDataSet><DataSet index="4000000000"/></vtkMultiBlockDataSet></VTKFile>',
    );
    await assert.rejects(readBack(vtm), /index="4000000000" must be an integer from 0 to 1048576/);
  });

  it('a malformed .series raises ReadError naming the file', async () => {
    const series = join(scratch, 'bad.vtp.series');
    await writeFile(series, '{"file-series-version": "1.0", "files": [ {"name": "a.vtp", "time": 0 ');
    await assert.rejects(readBack(series), (error: unknown) => {
      assert.ok(error instanceof ReadError);
      assert.equal(error.file, series);
      assert.equal(error.format, 'vtk-series');
      return true;
    });
  });

  it('a .pvd with a timestep that is not a number raises ReadError with the line', async () => {
    const pvd = join(scratch, 'bad.pvd');
    await writeFile(
      pvd,
      '<VTKFile type="Collection" version="0.1">\n<Collection>\n<DataSet timestep="soon" file="x.vtp"/>\n</Collection></VTKFile>',
    );
    await assert.rejects(readBack(pvd), (error: unknown) => {
      assert.ok(error instanceof ReadError);
      assert.equal(error.file, pvd);
      assert.equal(error.line, 3);
      return true;
    });
  });
});
