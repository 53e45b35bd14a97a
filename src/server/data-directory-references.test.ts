/**
 * The jail covers files that data files name, not only the files clients name: a .vtm block or a
 * .pvd step that points outside the data directory (by `..`, an absolute path or a symlink) is
 * refused with PERISCOPE_E_ACCESS_DENIED, while references that stay inside read as before.
 */
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sharedDataPath } from '../../test/support/assertions.js';
import { type SessionServer, startSessionServer } from './session-server.js';
import { connectWslink, type WslinkClient } from './wslink-client.fixture.js';

const HEXAHEDRON = sharedDataPath('vtk_xml/hexahedron.vtu');
let root: string;
let server: SessionServer;
let client: WslinkClient;

const vtm = (file: string) =>
  `<?xml version="1.0"?>\n<VTKFile type="vtkMultiBlockDataSet" version="1.0"><vtkMultiBlockDataSet><DataSet index="0" file="${file}"/></vtkMultiBlockDataSet></VTKFile>\n`;
const pvd = (file: string) =>
  `<?xml version="1.0"?>\n<VTKFile type="Collection" version="0.1"><Collection><DataSet timestep="0" file="${file}"/></Collection></VTKFile>\n`;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'periscope-references-'));
  const data = join(root, 'data');
  await mkdir(join(data, 'blocks'), { recursive: true });
  await mkdir(join(root, 'outside'));
  await copyFile(HEXAHEDRON, join(root, 'outside/hexahedron.vtu'));
  await copyFile(HEXAHEDRON, join(data, 'blocks/inside.vtu'));
  await symlink(join(root, 'outside/hexahedron.vtu'), join(data, 'blocks/escape.vtu'));
  await writeFile(join(data, 'inside.vtm'), vtm('blocks/inside.vtu'));
  await writeFile(join(data, 'climbs.vtm'), vtm('../outside/hexahedron.vtu'));
  await writeFile(join(data, 'absolute.vtm'), vtm(join(root, 'outside/hexahedron.vtu')));
  await writeFile(join(data, 'symlinked.vtm'), vtm('blocks/escape.vtu'));
  await writeFile(join(data, 'climbs.pvd'), pvd('../outside/hexahedron.vtu'));
  await writeFile(join(data, 'nested.vtm'), vtm('climbs.vtm'));
  server = await startSessionServer({ dataDirectory: data, secret: 's', cpuRenderer: false });
  client = await connectWslink(server.url, 's');
});

after(async () => {
  client?.close();
  await server?.close();
  await rm(root, { recursive: true, force: true });
});

test('a .vtm whose blocks stay inside opens', async () => {
  const opened = (await client.session.call('periscope.file.open', ['inside.vtm'])) as {
    info: { points: number; cells: number };
  };
  // MANIFEST.md: hexahedron.vtu has 8 points and 1 cell.
  assert.deepEqual([opened.info.points, opened.info.cells], [8, 1]);
});

for (const file of ['climbs.vtm', 'absolute.vtm', 'symlinked.vtm', 'climbs.pvd', 'nested.vtm'])
  test(`${file} names a file outside the data directory: refused`, async () => {
    await assert.rejects(
      client.session.call('periscope.file.open', [file]),
      (error: { message: string; data: { code: string } }) => {
        assert.equal(error.data.code, 'PERISCOPE_E_ACCESS_DENIED');
        assert.match(error.message, /names .*\.vtu, which is outside the data directory/);
        return true;
      },
    );
    const reader = (await client.session.call('pv.proxy.manager.create.reader', [file])) as {
      success: boolean;
      code: string;
    };
    assert.deepEqual([reader.success, reader.code], [false, 'PERISCOPE_E_ACCESS_DENIED']);
  });
