import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Command } from 'commander';
import { readDataFile, registerReader, registerWriter } from '../../engine/io/registry.js';
import { vtkXmlReader, vtkXmlWriter } from '../../engine/io/vtk-xml/index.js';
import { getDefaultPool } from '../../engine/workers/pool.js';
import { registerRunCommand } from './run.js';

let directory: string;
before(async () => {
  directory = await mkdtemp(join(tmpdir(), 'periscope-run-'));
  registerReader(vtkXmlReader);
  registerWriter(vtkXmlWriter);
});
after(async () => {
  await rm(directory, { recursive: true, force: true });
  await getDefaultPool().close();
});

async function run(args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  registerRunCommand(program);
  let printed = '';
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string) => {
    printed += chunk;
    return true;
  }) as typeof process.stdout.write;
  try {
    await program.parseAsync(['node', 'periscope', 'run', ...args]);
  } finally {
    process.stdout.write = write;
  }
  return printed;
}

const pipeline = {
  nodes: [
    { id: 'w', type: 'Wavelet', inputs: [], properties: { WholeExtent: [-10, 10, -10, 10, -10, 10] } },
    {
      id: 's',
      type: 'Slice',
      inputs: ['w'],
      properties: { SliceType: { Type: 'Plane', Origin: [0.5, 0.5, 0.5], Normal: [0, 0, 1] } },
    },
    {
      id: 't',
      type: 'Threshold',
      inputs: ['w'],
      properties: { Scalars: ['POINTS', 'RTData'], LowerThreshold: 150, UpperThreshold: 300 },
    },
  ],
  outputs: ['s', 't'],
};

test('--json prints one summary per output with integrated measures and seconds', async () => {
  const file = join(directory, 'p.json');
  await writeFile(file, JSON.stringify(pipeline));
  const lines = (await run([file, '--json', '--workers', '1'])).trim().split('\n');
  assert.equal(lines.length, 2);
  const slice = JSON.parse(lines[0]);
  assert.equal(slice.node, 's');
  assert.equal(slice.type, 'PolyData');
  assert.equal(slice.points, 21 * 21);
  assert.equal(slice.cells, 2 * 20 * 20);
  assert.deepEqual(slice.cellTypes, { 5: 800 });
  assert.equal(slice.integrated.Area, 400);
  assert.equal(slice.pointData[0].name, 'RTData');
  assert.ok(slice.seconds >= 0);
  const threshold = JSON.parse(lines[1]);
  assert.equal(threshold.type, 'UnstructuredGrid');
  assert.equal(threshold.integrated.Volume, threshold.cells);
  assert.ok(threshold.pointData[0].range[0] >= 150);
});

test('--out writes the first output node', async () => {
  const file = join(directory, 'p.json');
  const out = join(directory, 'slice.vtp');
  await writeFile(file, JSON.stringify(pipeline));
  await run([file, '--out', out]);
  const { data } = await readDataFile(out);
  assert.equal(data.type, 'PolyData');
});

test('a broken pipeline is a PipelineError naming the problem', async () => {
  const file = join(directory, 'bad.json');
  await writeFile(
    file,
    JSON.stringify({ nodes: [{ id: 'a', type: 'Contour', inputs: ['x'] }], outputs: ['a'] }),
  );
  await assert.rejects(
    run([file]),
    (e: Error & { code?: string }) => e.code === 'PERISCOPE_E_PIPELINE' && /input 'x'/.test(e.message),
  );
  await assert.rejects(
    run([join(directory, 'missing.json')]),
    (e: Error & { code?: string }) => e.code === 'PERISCOPE_E_FILE_NOT_FOUND',
  );
});
