/**
 * The command line as a user runs it: `periscope examples` then `periscope info` on the samples
 * and on shared files, checking the JSON contract, exit status and one-line errors.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const shared = fileURLToPath(new URL('../../../shared/data/', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'periscope-cli-'));
after(() => rmSync(work, { recursive: true, force: true }));

function periscope(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', main, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Info {
  file: string;
  format: string;
  type: string;
  points: number;
  cells: number;
  bounds: number[];
  pointData: {
    name: string;
    components: number;
    type: string;
    range: number[];
    componentRanges: number[][];
  }[];
  cellData: { name: string; components: number; type: string; range: number[] }[];
  cellTypes: Record<string, number>;
  blocks?: Info[];
  timeSteps?: number[];
}

function info(file: string): Info {
  const result = periscope('info', file, '--json');
  assert.equal(result.status, 0, result.stderr);
  const lines = result.stdout.trim().split('\n');
  assert.equal(lines.length, 1, 'exactly one JSON object on stdout');
  return JSON.parse(lines[0]) as Info;
}

const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) <= 1e-6 * Math.max(1, Math.abs(expected)), `${actual} ≉ ${expected}`);

before(() => {
  const result = periscope('examples', work);
  assert.equal(result.status, 0, result.stderr);
});

test('examples: the volume is 64³ points with a scalar and a vector field', () => {
  const volume = info(join(work, 'volume.vti'));
  assert.equal(volume.type, 'ImageData');
  assert.equal(volume.points, 64 ** 3);
  assert.equal(volume.cells, 63 ** 3);
  assert.deepEqual(volume.bounds, [-1, 1, -1, 1, -1, 1]);
  assert.deepEqual(
    volume.pointData.map((a) => [a.name, a.components]),
    [
      ['density', 1],
      ['velocity', 3],
    ],
  );
  // velocity = (-y, x, ·) on [-1,1]³: its x and y components span exactly [-1, 1].
  assert.deepEqual(volume.pointData[1].componentRanges.slice(0, 2), [
    [-1, 1],
    [-1, 1],
  ]);
});

test('examples: surface with normals, mixed cells, multiblock and a 10-step series', () => {
  const torus = info(join(work, 'torus.vtp'));
  assert.equal(torus.type, 'PolyData');
  assert.equal(torus.points, 96 * 48);
  assert.deepEqual(torus.cellTypes, { '9': 96 * 48 });
  const normals = torus.pointData.find((a) => a.name === 'Normals')!;
  close(normals.range[0], 1);
  close(normals.range[1], 1);

  const mixed = info(join(work, 'mixed-cells.vtu'));
  assert.equal(mixed.type, 'UnstructuredGrid');
  // 6×6 columns: 36 hexahedra, 2 wedges and 5 tetrahedra per column in the upper slabs.
  assert.deepEqual(mixed.cellTypes, { '10': 180, '12': 36, '13': 72 });
  assert.equal(mixed.points, 7 * 7 * 6);
  assert.ok(mixed.cellData.some((a) => a.name === 'material'));
  assert.ok(mixed.pointData.some((a) => a.name === 'temperature'));

  const blocks = info(join(work, 'multiblock.vtm'));
  assert.equal(blocks.type, 'MultiBlock');
  assert.deepEqual(
    blocks.blocks?.map((b) => [(b as Info & { name: string }).name, b.type]),
    [
      ['surface', 'PolyData'],
      ['solid', 'UnstructuredGrid'],
      ['fields', 'MultiBlock'],
    ],
  );

  const series = info(join(work, 'blobs.pvd'));
  assert.deepEqual(series.timeSteps, [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5]);
  assert.equal(series.points, 32 ** 3);
});

test('info on shared files matches MANIFEST.md', () => {
  // MANIFEST.md, vtk_xml/can.vtu: 6724 pts, 4800 cells, HEXAHEDRON(12)×4800; Points (Float32)
  // bounds [-12.169606, 6.0028672, -3.6004243, 5.562202, -18.335476, -13.456451];
  // DISPL (Float64, 3c) |mag| [2.4611168, 18.594444].
  const can = info(join(shared, 'vtk_xml/can.vtu'));
  assert.equal(can.format, 'vtk-xml');
  assert.equal(can.type, 'UnstructuredGrid');
  assert.equal(can.points, 6724);
  assert.equal(can.cells, 4800);
  assert.deepEqual(can.cellTypes, { '12': 4800 });
  [-12.169606, 6.0028672, -3.6004243, 5.562202, -18.335476, -13.456451].forEach((b, i) => {
    assert.ok(Math.abs(can.bounds[i] - b) < 1e-5);
  });
  const displ = can.pointData.find((a) => a.name === 'DISPL')!;
  assert.equal(displ.type, 'Float64');
  assert.ok(Math.abs(displ.range[0] - 2.4611168) < 1e-6 && Math.abs(displ.range[1] - 18.594444) < 1e-5);

  // MANIFEST.md, multiblock/ex-blow_5.vtm: 16 leaves; 945 pts, 1057 cells.
  const blow = info(join(shared, 'multiblock/ex-blow_5.vtm'));
  assert.equal(blow.points, 945);
  assert.equal(blow.cells, 1057);

  // MANIFEST.md, time_series/dualSphereAnimation.pvd: 11 timesteps; 106 pts, 192 cells.
  const spheres = info(join(shared, 'time_series/dualSphereAnimation.pvd'));
  assert.equal(spheres.timeSteps?.length, 11);
  assert.equal(spheres.points, 106);
  assert.equal(spheres.cells, 192);

  // MANIFEST.md, legacy_vtk/office.binary.vtk: STRUCTURED_GRID 8400 pts, 7220 cells.
  const office = info(join(shared, 'legacy_vtk/office.binary.vtk'));
  assert.equal(office.type, 'StructuredGrid');
  assert.deepEqual([office.points, office.cells], [8400, 7220]);
});

test('errors: non-zero exit and one line on stderr naming the file', () => {
  const missing = periscope('info', join(work, 'nope.vtu'), '--json');
  assert.notEqual(missing.status, 0);
  assert.equal(missing.stdout, '');
  assert.equal(missing.stderr.trim().split('\n').length, 1);
  assert.match(missing.stderr, /nope\.vtu: no such file/);

  const corrupt = join(work, 'corrupt.vtk');
  writeFileSync(
    corrupt,
    '# vtk DataFile Version 3.0\ntitle\nASCII\nDATASET POLYDATA\nPOINTS 4 float\n0 0 0 1 1\n',
  );
  const bad = periscope('info', corrupt);
  assert.notEqual(bad.status, 0);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
  assert.match(bad.stderr, /corrupt\.vtk: vtk-legacy: .*line/);
  assert.match(bad.stderr, /PERISCOPE_E_READ/);

  const unknown = join(work, 'data.xyz');
  writeFileSync(unknown, 'hello');
  assert.match(periscope('info', unknown).stderr, /data\.xyz: no reader/);
});

test('--help lists the commands', () => {
  const help = periscope('--help');
  assert.equal(help.status, 0);
  for (const command of ['info', 'examples', 'run', 'render', 'session']) {
    assert.match(help.stdout, new RegExp(`\\b${command}\\b`));
  }
});

test("numbered files open as one time series through ParaView's label (name_..ext)", () => {
  // MANIFEST.md, vtk_xml/hexahedron.vtu: UnstructuredGrid, 8 points, 1 cell.
  const folder = join(work, 'series');
  mkdirSync(folder);
  for (const step of ['001', '002', '010']) {
    copyFileSync(join(shared, 'vtk_xml/hexahedron.vtu'), join(folder, `step_${step}.vtu`));
  }
  const series = info(join(folder, 'step_..vtu'));
  assert.equal(series.format, 'file-series');
  assert.deepEqual(series.timeSteps, [0, 1, 2]);
  assert.deepEqual([series.type, series.points, series.cells], ['UnstructuredGrid', 8, 1]);
});

test('render: writes the image in the format of its extension and prints timings with --json', async () => {
  const out = join(work, 'torus.png');
  const result = periscope(
    'render',
    join(work, 'torus.vtp'),
    '--out',
    out,
    '--size',
    '320x200',
    '--color-by',
    'curvature',
    '--scalar-bar',
    '--repeat',
    '3',
    '--json',
  );
  assert.equal(result.status, 0, result.stderr);
  const timings = JSON.parse(result.stdout) as Record<string, number>;
  assert.deepEqual(Object.keys(timings).sort(), ['encodeMs', 'height', 'renderMs', 'triangles', 'width']);
  // The torus has 96 × 48 quads, drawn as two triangles each.
  assert.equal(timings.triangles, 2 * 96 * 48);
  assert.deepEqual([timings.width, timings.height], [320, 200]);
  const { default: sharp } = await import('sharp');
  const metadata = await sharp(out).metadata();
  assert.deepEqual([metadata.format, metadata.width, metadata.height], ['png', 320, 200]);
  const bad = periscope(
    'render',
    join(work, 'torus.vtp'),
    '--out',
    join(work, 'x.png'),
    '--color-by',
    'nope',
  );
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /color-by: no point or cell array 'nope'/);
});

test('render: ImageData as Volume (ray cast) and as Slice (one layer); other data are refused both', async () => {
  const { default: sharp } = await import('sharp');
  const background = [82, 87, 110]; // ParaView's (0.32, 0.34, 0.43)
  const pixel = (data: Buffer, width: number, x: number, y: number) => [
    ...data.subarray((y * width + x) * 3, (y * width + x) * 3 + 3),
  ];
  const isBackground = (rgb: number[]) => Math.hypot(...rgb.map((c, k) => c - background[k])) < 6;

  const volume = join(work, 'volume-volume.png');
  const cast = periscope(
    'render',
    join(work, 'volume.vti'),
    '--out',
    volume,
    '--size',
    '160x120',
    '--representation',
    'Volume',
  );
  assert.equal(cast.status, 0, cast.stderr);
  const { data: v } = await sharp(volume).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  // The volume's two density blobs glow near the middle; the corners stay background.
  let glowing = 0;
  for (let i = 0; i < 160 * 120; i++)
    if (!isBackground(pixel(v, 160, i % 160, Math.floor(i / 160)))) glowing++;
  assert.ok(glowing > 200 && glowing < (160 * 120) / 2, `${glowing} pixels show the volume`);
  assert.ok(isBackground(pixel(v, 160, 1, 1)));

  const slice = join(work, 'volume-slice.png');
  const cut = periscope(
    'render',
    join(work, 'volume.vti'),
    '--out',
    slice,
    '--size',
    '160x120',
    '--representation',
    'Slice',
    '--slice',
    '40',
    '--color-by',
    'density',
  );
  assert.equal(cut.status, 0, cut.stderr);
  const { data: s } = await sharp(slice).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  // An XY layer seen from +Z fills a square around the middle of the picture.
  assert.ok(!isBackground(pixel(s, 160, 80, 60)));
  assert.ok(isBackground(pixel(s, 160, 2, 60)));

  for (const representation of ['Volume', 'Slice']) {
    const refused = periscope(
      'render',
      join(work, 'torus.vtp'),
      '--out',
      join(work, 'x.png'),
      '--representation',
      representation,
    );
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, new RegExp(`${representation} needs ImageData, not PolyData`));
  }
});
