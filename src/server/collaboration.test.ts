/**
 * Collaboration over the wire: two (then three) wslink clients in one session. Property changes
 * are broadcast, presence and annotations are shared, viewers are refused, and plugins load
 * (a broken one is skipped and listed).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type SessionServer, startSessionServer } from './session-server.js';
import { connectWslink, type WslinkClient } from './wslink-client.fixture.js';

const secret = 'collaboration-secret';
let directory: string;
let plugins: string;
let server: SessionServer;
let owner: WslinkClient;
let editor: WslinkClient;

before(async () => {
  directory = await mkdtemp(join(tmpdir(), 'periscope-collab-data-'));
  plugins = await mkdtemp(join(tmpdir(), 'periscope-plugins-'));
  await writeFile(
    join(plugins, 'a-greeter.mjs'),
    `export default { name: 'greeter', version: '1.2.0', register(api) {
      api.registerMethod('greeter.hello', ({ args }) => 'hello ' + args[0], { description: 'Greets.', args: [{ name: 'who' }] });
      api.registerFilter({ name: 'GreeterIdentity', kind: 'filter', description: 'Passes its input through.',
        inputs: { min: 1, max: 1 }, properties: [], execute: async (inputs) => inputs[0] });
    } };`,
  );
  await writeFile(
    join(plugins, 'b-broken.mjs'),
    `export default { name: 'broken', version: '0.0.1', register(api) {
      api.registerMethod('broken.first', () => 1, { description: 'registered before the failure' });
      api.registerFilter({ name: 'BrokenFilter', kind: 'filter', description: 'never kept',
        inputs: { min: 1, max: 1 }, properties: [], execute: async (inputs) => inputs[0] });
      throw new Error('cannot start: missing licence');
    } };`,
  );
  await writeFile(join(plugins, 'c-syntax.mjs'), 'export default {{{');
  await writeFile(join(plugins, 'd-shape.mjs'), 'export default { name: "noversion", register() {} };');
  server = await startSessionServer({ dataDirectory: directory, secret, pluginsDirectory: plugins });
  owner = await connectWslink(server.url, secret);
  editor = await connectWslink(server.url, secret);
});

after(async () => {
  owner?.close();
  editor?.close();
  await server?.close();
  await rm(directory, { recursive: true, force: true });
  await rm(plugins, { recursive: true, force: true });
});

interface Participant {
  clientId: string;
  name: string;
  role: string;
}

test('the first client owns the session, the second edits; presence lists both', async () => {
  const me = (await owner.session.call('periscope.collaboration.me')) as Participant;
  const other = (await editor.session.call('periscope.collaboration.me')) as Participant;
  assert.equal(me.role, 'owner');
  assert.equal(other.role, 'editor');
  const presence = owner.next('periscope.collaboration.changed', (change) => {
    const c = change as { kind: string; participants?: Participant[] };
    return c.kind === 'presence' && (c.participants ?? []).some((p) => p.name === 'Ada');
  });
  await editor.session.call('periscope.collaboration.profile', [{ name: 'Ada', color: '#112233' }]);
  const change = (await presence) as { participants: Participant[] };
  assert.deepEqual(change.participants.map((p) => p.role).sort(), ['editor', 'owner']);
});

test('a property change by one client is broadcast to the other', async () => {
  await owner.session.call('periscope.pipeline.add', [
    { id: 'cone', type: 'Cone', properties: { Resolution: 6 } },
  ]);
  const seen = owner.next('periscope.pipeline.changed', (change) => {
    const c = change as { kind: string; node?: { id: string; properties: { Resolution?: number } } };
    return c.kind === 'node-updated' && c.node?.id === 'cone' && c.node.properties.Resolution === 24;
  });
  await editor.session.call('periscope.pipeline.update', ['cone', { properties: { Resolution: 24 } }]);
  await seen;
  const info = (await owner.session.call('periscope.pipeline.info', ['cone'])) as { points: number };
  assert.equal(info.points, 25);
});

test('one client changes the colour map: the other receives the new state and a new frame', {
  timeout: 60_000,
}, async () => {
  await owner.session.call('periscope.pipeline.add', [{ id: 'ball', type: 'Sphere' }]);
  await owner.session.call('periscope.pipeline.add', [
    {
      id: 'height',
      type: 'Calculator',
      inputs: ['ball'],
      properties: { Function: 'coordsZ', ResultArrayName: 'height' },
      representation: { ColorArrayName: ['POINTS', 'height'] },
    },
  ]);
  await owner.session.call('periscope.pipeline.update', ['ball', { representation: { Visibility: false } }]);
  type Frame = { image: Uint8Array; mtime: number; stale: boolean };
  const still = (payload: unknown) => {
    const frame = (Array.isArray(payload) ? payload[0] : payload) as Frame & { interactive?: boolean };
    return !frame.interactive && !frame.stale;
  };
  const first = owner.next('viewport.image.push.subscription', still);
  await owner.session.call('viewport.image.push.observer.add', [-1]);
  const before = (await first) as Frame;

  const state = owner.next('periscope.pipeline.changed', (change) => {
    const c = change as { kind: string; node?: { id: string; representation: { ColorMap: string } } };
    return (
      c.kind === 'node-updated' &&
      c.node?.id === 'height' &&
      c.node.representation.ColorMap === 'Viridis (matplotlib)'
    );
  });
  const frame = owner.next('viewport.image.push.subscription', (payload) => {
    const f = (Array.isArray(payload) ? payload[0] : payload) as Frame;
    return still(payload) && f.mtime > before.mtime;
  });
  await editor.session.call('periscope.pipeline.update', [
    'height',
    { representation: { ColorMap: 'Viridis (matplotlib)' } },
  ]);
  await state;
  const after = (await frame) as Frame;
  assert.notDeepEqual(
    Buffer.from(after.image),
    Buffer.from(before.image),
    'the new frame shows the new colours',
  );
  await owner.session.call('viewport.image.push.observer.remove', [-1]);
  await owner.session.call('periscope.pipeline.remove', ['height']);
  await owner.session.call('periscope.pipeline.remove', ['ball']);
});

test('pointers and annotations are shared', async () => {
  const pointer = editor.next(
    'periscope.collaboration.changed',
    (c) => (c as { kind: string }).kind === 'pointer',
  );
  await owner.session.call('periscope.collaboration.pointer', [-1, 0.25, 0.75]);
  assert.deepEqual(pointer && ((await pointer) as { pointer: unknown }).pointer, {
    view: '-1',
    x: 0.25,
    y: 0.75,
  });
  const annotations = editor.next(
    'periscope.collaboration.changed',
    (c) => (c as { kind: string }).kind === 'annotations',
  );
  const added = (await owner.session.call('periscope.annotation.add', ['apex', [0.5, 0, 0]])) as {
    id: string;
  };
  const change = (await annotations) as { annotations: { id: string; text: string; position: number[] }[] };
  assert.deepEqual(change.annotations, [
    { ...change.annotations[0], id: added.id, text: 'apex', position: [0.5, 0, 0] },
  ]);
});

test('a viewer cannot change state: PERISCOPE_E_ACCESS_DENIED; the owner can promote it', async () => {
  const viewer = await connectWslink(server.url, secret);
  try {
    const me = (await viewer.session.call('periscope.collaboration.me')) as Participant;
    await owner.session.call('periscope.collaboration.role.set', [me.clientId, 'viewer']);
    for (const [method, args] of [
      ['periscope.pipeline.update', ['cone', { properties: { Resolution: 3 } }]],
      ['pv.proxy.manager.delete', ['cone']],
      ['viewport.camera.update', [-1, [0, 0, 0], [0, 1, 0], [0, 0, 5]]],
      ['periscope.annotation.add', ['x', [0, 0, 0]]],
    ] as const)
      await assert.rejects(
        viewer.session.call(method, [...args]),
        (error: { code: number; data: { code: string } }) => {
          assert.equal(error.data.code, 'PERISCOPE_E_ACCESS_DENIED', method);
          assert.equal(error.code, -32018);
          return true;
        },
      );
    // Reads still work, and an editor cannot hand out roles.
    assert.ok(Array.isArray(await viewer.session.call('periscope.pipeline.list')));
    await assert.rejects(editor.session.call('periscope.collaboration.role.set', [me.clientId, 'editor']), {
      code: -32018,
    });
    await owner.session.call('periscope.collaboration.role.set', [me.clientId, 'editor']);
    await viewer.session.call('periscope.pipeline.update', ['cone', { properties: { Resolution: 8 } }]);
  } finally {
    viewer.close();
  }
});

test('plugins: a good one registers its method; broken ones are listed with their error and skipped', async () => {
  assert.equal(await owner.session.call('greeter.hello', ['Ada']), 'hello Ada');
  const list = (await owner.session.call('periscope.plugins.list')) as {
    name: string | null;
    status: string;
    version?: string;
    error?: string;
  }[];
  assert.deepEqual(
    list.map((plugin) => [plugin.name, plugin.status]),
    [
      ['greeter', 'loaded'],
      ['broken', 'failed'],
      [null, 'failed'],
      [null, 'failed'],
    ],
  );
  assert.match(list[1].error ?? '', /missing licence/);
  assert.match(list[3].error ?? '', /version/);
  // What the failing plugin registered before throwing was taken back.
  await assert.rejects(owner.session.call('broken.first'), { code: -32601 });
  const filters = (await owner.session.call('periscope.filters.list')) as { name: string }[];
  const names = filters.map((f) => f.name);
  assert.ok(names.includes('GreeterIdentity'), 'a plugin filter joins the catalogue');
  assert.ok(names.includes('Contour'));
  assert.ok(!names.includes('BrokenFilter'), 'a failed plugin leaves no filter behind');
});
