/**
 * The session server driven by Kitware's `wslink` client: file listing, opening a shared data
 * file (MANIFEST.md counts), a Wavelet → Contour pipeline (ParaView's counts), path jail,
 * corrupt files, undo/redo, export, state save/load, probing.
 */
import assert from 'node:assert/strict';
import { copyFile, cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sharedDataPath } from '../../test/support/assertions.js';
import { readDataFile } from '../engine/io/index.js';
import { type SessionServer, startSessionServer } from './session-server.js';
import { connectWslink, type WslinkClient } from './wslink-client.fixture.js';

const SHARED = sharedDataPath();
const secret = 'session-test-secret';
let directory: string;
let server: SessionServer;
let client: WslinkClient;

before(async () => {
  directory = await mkdtemp(join(tmpdir(), 'periscope-session-test-'));
  await mkdir(join(directory, 'meshes'));
  await copyFile(join(SHARED, 'vtk_xml/can.vtu'), join(directory, 'meshes/can.vtu'));
  await writeFile(
    join(directory, 'broken.vtu'),
    '<?xml version="1.0"?><VTKFile type="UnstructuredGrid"><Unstr',
  );
  await writeFile(join(directory, 'secret-outside.txt'), 'x');
  await cp(join(SHARED, 'time_series'), join(directory, 'time_series'), { recursive: true });
  await mkdir(join(directory, 'series'));
  for (const step of [0, 1, 2]) {
    await copyFile(join(SHARED, 'vtk_xml/hexahedron.vtu'), join(directory, `series/step_${step}.vtu`));
  }
  await symlink('/etc', join(directory, 'etc-link'));
  await symlink(join(directory, 'meshes/can.vtu'), join(directory, 'can-link.vtu'));
  server = await startSessionServer({ dataDirectory: directory, secret });
  client = await connectWslink(server.url, secret);
});

after(async () => {
  client?.close();
  await server?.close();
  await rm(directory, { recursive: true, force: true });
});

const call = (method: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}) =>
  client.session.call(method, args, kwargs);

test('file.server.directory.list has ParaView’s shape and hides symlinks that leave the directory', async () => {
  const root = (await call('file.server.directory.list', ['.'])) as {
    label: string;
    path: string[];
    dirs: string[];
    files: { label: string; size: number }[];
  };
  assert.deepEqual(root.path, ['.']);
  assert.deepEqual(root.dirs, ['meshes', 'series', 'time_series']);
  assert.deepEqual(
    root.files.map((file) => file.label),
    ['broken.vtu', 'can-link.vtu', 'secret-outside.txt'],
  );
  const meshes = (await call('file.server.directory.list', ['meshes'])) as typeof root;
  assert.deepEqual(meshes.path, ['.', 'meshes']);
  assert.deepEqual(meshes.files, [{ label: 'can.vtu', size: 1_072_878 }]);
});

test('pv.proxy.manager.create.reader opens can.vtu; periscope.pipeline.info gives MANIFEST.md’s counts', async () => {
  const opened = (await call('pv.proxy.manager.create.reader', ['meshes/can.vtu'])) as {
    success: boolean;
    id: string;
  };
  assert.equal(opened.success, true);
  const info = (await call('periscope.pipeline.info', [opened.id])) as {
    type: string;
    points: number;
    cells: number;
    pointData: { name: string; components: number }[];
    cellData: { name: string }[];
    cellTypes: Record<string, number>;
  };
  assert.equal(info.type, 'UnstructuredGrid');
  assert.equal(info.points, 6724);
  assert.equal(info.cells, 4800);
  assert.deepEqual(info.cellTypes, { 12: 4800 });
  assert.deepEqual(info.pointData.map((array) => `${array.name}(${array.components})`).sort(), [
    'ACCL(3)',
    'DISPL(3)',
    'GlobalNodeId(1)',
    'PedigreeNodeId(1)',
    'VEL(3)',
  ]);
  assert.deepEqual(
    info.cellData.map((array) => array.name),
    ['EQPS'],
  );
  const list = (await call('pv.proxy.manager.list', [-1])) as {
    view: string;
    sources: { id: string; name: string }[];
  };
  assert.ok(list.sources.some((source) => source.id === opened.id && source.name === 'can.vtu'));
  await call('pv.proxy.manager.delete', [opened.id]);
});

test('Wavelet → Contour through periscope.pipeline.add gives ParaView’s 136,745 points / 271,238 triangles', {
  timeout: 120_000,
}, async () => {
  const changes = client.collect('periscope.pipeline.changed');
  const wavelet = (await call('periscope.pipeline.add', [
    { id: 'w', type: 'Wavelet', properties: { WholeExtent: [-63, 64, -63, 64, -63, 64] } },
  ])) as { id: string };
  const contour = (await call('periscope.pipeline.add', [
    {
      id: 'c',
      type: 'Contour',
      inputs: [wavelet.id],
      properties: { ContourBy: ['POINTS', 'RTData'], Isosurfaces: [157] },
    },
  ])) as { id: string; representation: { Visibility: boolean } };
  assert.equal(contour.representation.Visibility, true);
  const info = (await call('periscope.pipeline.info', ['c'])) as {
    type: string;
    points: number;
    cells: number;
  };
  assert.deepEqual([info.type, info.points, info.cells], ['PolyData', 136_745, 271_238]);
  assert.ok(changes.some((change) => (change as { kind: string }).kind === 'node-added'));

  // Undo the contour, redo it: the pipeline follows and the cached result is reused.
  const undone = (await call('periscope.pipeline.undo')) as { label: string };
  assert.equal(undone.label, 'add Contour1');
  assert.deepEqual(
    ((await call('periscope.pipeline.list')) as { id: string }[]).map((node) => node.id),
    ['w'],
  );
  await call('periscope.pipeline.redo');
  const again = (await call('periscope.pipeline.info', ['c'])) as { points: number };
  assert.equal(again.points, 136_745);

  // A property change, then undo restores the old value.
  await call('periscope.pipeline.update', ['c', { properties: { Isosurfaces: [100] } }]);
  assert.notEqual(((await call('periscope.pipeline.info', ['c'])) as { points: number }).points, 136_745);
  await call('periscope.pipeline.undo');
  assert.equal(((await call('periscope.pipeline.info', ['c'])) as { points: number }).points, 136_745);

  // Probe the Wavelet at its centre: vtkRTAnalyticSource gives Maximum 255 + ZMag 5·cos(0) = 260.
  const probed = (await call('periscope.probe', ['w', [0.1, -0.2, 0.1]])) as {
    point: number[];
    values: { RTData: number[] };
  };
  assert.deepEqual(probed.point, [0, 0, 0]);
  assert.ok(Math.abs(probed.values.RTData[0] - 260) < 1e-4, String(probed.values.RTData[0]));

  // Save, change, load: the saved pipeline comes back.
  const saved = await call('periscope.state.save');
  await call('periscope.pipeline.remove', ['c']);
  await call('periscope.state.load', [saved]);
  assert.deepEqual(
    ((await call('periscope.pipeline.list')) as { id: string }[]).map((node) => node.id).sort(),
    ['c', 'w'],
  );
  await call('periscope.pipeline.remove', ['c']);
  await call('periscope.pipeline.remove', ['w']);
});

test('periscope.data.export returns VTK XML bytes that read back with the same counts', async () => {
  await call('periscope.pipeline.add', [{ id: 'sphere', type: 'Sphere' }]);
  const exported = (await call('periscope.data.export', ['sphere'])) as {
    fileName: string;
    bytes: Uint8Array;
  };
  assert.equal(exported.fileName, 'Sphere1.vtp');
  assert.match(new TextDecoder().decode(exported.bytes.subarray(0, 200)), /<VTKFile type="PolyData"/);
  const file = join(directory, 'exported.vtp');
  await writeFile(file, exported.bytes);
  const { data } = await readDataFile(file);
  const info = (await call('periscope.pipeline.info', ['sphere'])) as { points: number };
  assert.equal(data.type, 'PolyData');
  assert.equal(data.type === 'PolyData' && data.points.numberOfTuples, info.points);
  await call('periscope.pipeline.remove', ['sphere']);
});

test('paths that leave the data directory are refused with PERISCOPE_E_ACCESS_DENIED', async () => {
  for (const path of ['../etc/passwd', '/etc/passwd', 'etc-link/passwd', 'meshes/../../x.vtu']) {
    const result = (await call('pv.proxy.manager.create.reader', [path])) as {
      success: boolean;
      code: string;
    };
    assert.deepEqual([result.success, result.code], [false, 'PERISCOPE_E_ACCESS_DENIED'], path);
    await assert.rejects(
      call('periscope.file.open', [path]),
      (error: { code: number; data: { code: string } }) => {
        assert.equal(error.code, -32018);
        assert.equal(error.data.code, 'PERISCOPE_E_ACCESS_DENIED');
        return true;
      },
    );
  }
  await assert.rejects(call('file.server.directory.list', ['..']), { code: -32018 });
  // A symlink that stays inside is fine.
  const inside = (await call('periscope.file.open', ['can-link.vtu'])) as {
    node: { id: string };
    info: { points: number };
  };
  assert.equal(inside.info.points, 6724);
  await call('periscope.pipeline.remove', [inside.node.id]);
});

test('a corrupt file fails only its request; the session keeps working', async () => {
  const before = ((await call('periscope.pipeline.list')) as unknown[]).length;
  await assert.rejects(
    call('periscope.file.open', ['broken.vtu']),
    (error: { code: number; data: { code: string } }) => {
      assert.equal(error.data.code, 'PERISCOPE_E_READ');
      assert.equal(error.code, -32010);
      return true;
    },
  );
  const result = (await call('pv.proxy.manager.create.reader', ['broken.vtu'])) as {
    success: boolean;
    code: string;
  };
  assert.deepEqual([result.success, result.code], [false, 'PERISCOPE_E_READ']);
  assert.equal(((await call('periscope.pipeline.list')) as unknown[]).length, before);
  const opened = (await call('periscope.file.open', ['meshes/can.vtu'])) as {
    node: { id: string };
    info: { cells: number };
  };
  assert.equal(opened.info.cells, 4800);
  await call('periscope.pipeline.remove', [opened.node.id]);
});

test('every method is described in periscope.methods.list', async () => {
  const methods = (await call('periscope.methods.list')) as {
    name: string;
    description: string;
    args: unknown[];
  }[];
  const names = new Set(methods.map((method) => method.name));
  for (const name of [
    'viewport.image.push',
    'viewport.mouse.interaction',
    'pv.proxy.manager.create.reader',
    'pv.vcr.action',
    'periscope.pipeline.add',
    'periscope.screenshot',
    'periscope.operation.cancel',
  ])
    assert.ok(names.has(name), name);
  assert.ok(methods.every((method) => method.description.length > 0));
  const filters = (await call('periscope.filters.list')) as {
    name: string;
    properties: { name: string }[];
  }[];
  assert.ok(
    filters.find((filter) => filter.name === 'Contour')?.properties.some((p) => p.name === 'Isosurfaces'),
  );
});

test('time: a .pvd series gives 11 time steps; pv.vcr.action and pv.time.index.set move every reader', async () => {
  const opened = (await call('pv.proxy.manager.create.reader', ['time_series/dualSphereAnimation.pvd'])) as {
    id: string;
  };
  const values = (await call('pv.time.values')) as number[];
  assert.equal(values.length, 11);
  assert.equal(await call('pv.vcr.action', ['first']), values[0]);
  assert.equal(await call('pv.vcr.action', ['next']), values[1]);
  assert.equal(await call('pv.time.index.get'), 1);
  assert.equal(await call('pv.time.index.set', [10]), values[10]);
  assert.equal(await call('pv.vcr.action', ['last']), values[10]);
  const node = (await call('pv.proxy.manager.get', [opened.id])) as {
    properties: { name: string; value: unknown }[];
  };
  assert.equal(node.properties.find((p) => p.name === 'TimeValue')?.value, values[10]);
  const info = (await call('periscope.pipeline.info', [opened.id])) as { type: string };
  assert.equal(info.type, 'MultiBlock');
  await call('pv.proxy.manager.delete', [opened.id]);
});

test('numbered files are listed as one series and open as a time series', async () => {
  const listing = (await call('file.server.directory.list', ['series'])) as {
    files: { label: string }[];
    groups: { label: string; files: string[] }[];
  };
  assert.deepEqual(listing.files, []);
  assert.deepEqual(listing.groups, [
    { label: 'step_..vtu', files: ['step_0.vtu', 'step_1.vtu', 'step_2.vtu'] },
  ]);
  const opened = (await call('pv.proxy.manager.create.reader', ['series/step_..vtu'])) as { id: string };
  assert.ok(opened.id);
  const times = (await call('pv.time.values')) as number[];
  assert.deepEqual(times, [0, 1, 2]);
  const outside = (await call('pv.proxy.manager.create.reader', ['series/../../step_..vtu'])) as {
    success?: boolean;
    reason?: string;
  };
  assert.equal(outside.success, false);
  assert.match(outside.reason ?? '', /leaves the data directory/);
});
