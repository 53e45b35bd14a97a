/**
 * Manual check that files over 2 GiB work (not a test: it writes and reads ~2.3 GB).
 *   node --import tsx bench/io/generate-large.ts [--gib 2.2] [--out FILE] [--keep] [--check-only]
 * Streams an appended-raw .vtu of a hexahedral grid straight to disk, chunk by chunk (never
 * the whole dataset in memory), then reads it back with readVtkXml and verifies the counts and
 * values recomputed from the same formulas at the first, middle and last points and cells.
 * Prints JSON lines (file size, write and read times, read peak RSS).
 */
import { open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataArray } from '../../src/engine/data/data-array.js';
import { numberOfCells, numberOfPoints } from '../../src/engine/data/queries.js';
import { readVtkXml } from '../../src/engine/io/vtk-xml/index.js';
import { pressureAt } from './hex-grid.js';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
}

const gib = Number(option('gib', '2.2'));
const path = option('out', join(tmpdir(), 'periscope-large.vtu'));
const keep = process.argv.includes('--keep');
const checkOnly = process.argv.includes('--check-only');
/** Bytes per point (Float32 points, 2 Float64 + 1 Float32×3 arrays) and per cell (Int64 ids…). */
const PER_POINT = 12 + 8 + 8 + 12;
const PER_CELL = 64 + 8 + 1 + 4;
const n = Math.ceil(Math.cbrt((gib * 2 ** 30) / (PER_POINT + PER_CELL))) + 1;
const points = n ** 3;
const side = n - 1;
const cells = side ** 3;

function emit(name: string, value: number, unit: string): void {
  process.stdout.write(`${JSON.stringify({ name, value: Number(value.toPrecision(4)), unit })}\n`);
}

/** Point p's coordinates and values, the same formulas as hex-grid.ts. */
function pointValues(p: number) {
  const i = p % n;
  const j = Math.floor(p / n) % n;
  const k = Math.floor(p / (n * n));
  const x = i * 0.1;
  const y = j * 0.1;
  const z = k * 0.1 + 0.01 * ((i * 7 + j * 3) % 5);
  return { i, j, k, x, y, z, pressure: pressureAt(i, j, k), temperature: 300 + x * y * z };
}

function cellIds(c: number): number[] {
  const i = c % side;
  const j = Math.floor(c / side) % side;
  const k = Math.floor(c / (side * side));
  const id = (a: number, b: number, d: number) => a + n * (b + n * d);
  return [
    id(i, j, k),
    id(i + 1, j, k),
    id(i + 1, j + 1, k),
    id(i, j + 1, k),
    id(i, j, k + 1),
    id(i + 1, j, k + 1),
    id(i + 1, j + 1, k + 1),
    id(i, j + 1, k + 1),
  ];
}

interface StreamedArray {
  xml: string;
  bytesPerItem: number;
  items: number;
  /** Fills `out` (a view over the chunk) with items [start, start + count). */
  fill(out: DataView, start: number, count: number): void;
}

const arrays: StreamedArray[] = [
  {
    xml: 'type="Float64" Name="pressure"',
    bytesPerItem: 8,
    items: points,
    fill: (out, start, count) => {
      for (let q = 0; q < count; q++) out.setFloat64(8 * q, pointValues(start + q).pressure, true);
    },
  },
  {
    xml: 'type="Float64" Name="temperature"',
    bytesPerItem: 8,
    items: points,
    fill: (out, start, count) => {
      for (let q = 0; q < count; q++) out.setFloat64(8 * q, pointValues(start + q).temperature, true);
    },
  },
  {
    xml: 'type="Float32" Name="velocity" NumberOfComponents="3"',
    bytesPerItem: 12,
    items: points,
    fill: (out, start, count) => {
      for (let q = 0; q < count; q++) {
        const v = pointValues(start + q);
        out.setFloat32(12 * q, v.y, true);
        out.setFloat32(12 * q + 4, -v.x, true);
        out.setFloat32(12 * q + 8, v.z * 0.5, true);
      }
    },
  },
  {
    xml: 'type="Float32" Name="quality"',
    bytesPerItem: 4,
    items: cells,
    fill: (out, start, count) => {
      for (let q = 0; q < count; q++) out.setFloat32(4 * q, ((start + q) % 1000) / 1000, true);
    },
  },
  {
    xml: 'type="Float32" Name="Points" NumberOfComponents="3"',
    bytesPerItem: 12,
    items: points,
    fill: (out, start, count) => {
      for (let q = 0; q < count; q++) {
        const v = pointValues(start + q);
        out.setFloat32(12 * q, v.x, true);
        out.setFloat32(12 * q + 4, v.y, true);
        out.setFloat32(12 * q + 8, v.z, true);
      }
    },
  },
  {
    xml: 'type="Int64" Name="connectivity"',
    bytesPerItem: 64,
    items: cells,
    fill: (out, start, count) => {
      for (let q = 0; q < count; q++) {
        const ids = cellIds(start + q);
        for (let v = 0; v < 8; v++) out.setBigInt64(64 * q + 8 * v, BigInt(ids[v]), true);
      }
    },
  },
  {
    xml: 'type="Int64" Name="offsets"',
    bytesPerItem: 8,
    items: cells,
    fill: (out, start, count) => {
      for (let q = 0; q < count; q++) out.setBigInt64(8 * q, BigInt(8 * (start + q + 1)), true);
    },
  },
  {
    xml: 'type="UInt8" Name="types"',
    bytesPerItem: 1,
    items: cells,
    fill: (out, _start, count) => {
      for (let q = 0; q < count; q++) out.setUint8(q, 12);
    },
  },
];

async function generate(): Promise<void> {
  const offsets: number[] = [];
  let offset = 0;
  for (const array of arrays) {
    offsets.push(offset);
    offset += 8 + array.bytesPerItem * array.items;
  }
  const tag = (index: number) =>
    `        <DataArray ${arrays[index].xml} format="appended" offset="${offsets[index]}"/>\n`;
  const header =
    '<?xml version="1.0"?>\n' +
    '<VTKFile type="UnstructuredGrid" version="1.0" byte_order="LittleEndian" header_type="UInt64">\n' +
    '  <UnstructuredGrid>\n' +
    `    <Piece NumberOfPoints="${points}" NumberOfCells="${cells}">\n` +
    `      <PointData Scalars="pressure" Vectors="velocity">\n${tag(0)}${tag(1)}${tag(2)}      </PointData>\n` +
    `      <CellData>\n${tag(3)}      </CellData>\n` +
    `      <Points>\n${tag(4)}      </Points>\n` +
    `      <Cells>\n${tag(5)}${tag(6)}${tag(7)}      </Cells>\n` +
    '    </Piece>\n  </UnstructuredGrid>\n  <AppendedData encoding="raw">\n   _';
  const file = await open(path, 'w');
  try {
    let position = 0;
    const write = async (bytes: Uint8Array) => {
      let done = 0;
      while (done < bytes.byteLength) {
        const { bytesWritten } = await file.write(bytes, done, bytes.byteLength - done, position + done);
        done += bytesWritten;
      }
      position += bytes.byteLength;
    };
    await write(new TextEncoder().encode(header));
    const chunk = new Uint8Array(16 << 20);
    for (const array of arrays) {
      const head = new DataView(new ArrayBuffer(8));
      head.setBigUint64(0, BigInt(array.bytesPerItem * array.items), true);
      await write(new Uint8Array(head.buffer));
      const perChunk = Math.floor(chunk.byteLength / array.bytesPerItem);
      for (let start = 0; start < array.items; start += perChunk) {
        const count = Math.min(perChunk, array.items - start);
        array.fill(new DataView(chunk.buffer, 0, count * array.bytesPerItem), start, count);
        await write(chunk.subarray(0, count * array.bytesPerItem));
      }
    }
    await write(new TextEncoder().encode('\n  </AppendedData>\n</VTKFile>\n'));
  } finally {
    await file.close();
  }
}

function assertEqual(actual: unknown, expected: unknown, what: string): void {
  if (actual !== expected) throw new Error(`check failed: ${what}: ${actual} ≠ ${expected}`);
}

async function check(): Promise<void> {
  const start = performance.now();
  const data = await readVtkXml(path);
  emit('io.large.read', performance.now() - start, 'ms');
  emit('io.large.read_peak_rss', (process.resourceUsage().maxRSS * 1024) / 1e9, 'GB');
  if (data.type !== 'UnstructuredGrid') throw new Error(`check failed: read a ${data.type}`);
  assertEqual(numberOfPoints(data), points, 'points');
  assertEqual(numberOfCells(data), cells, 'cells');
  const pressure = data.pointData.getDataArray('pressure') as DataArray;
  for (const p of [0, 1, Math.floor(points / 2), points - 1]) {
    const v = pointValues(p);
    assertEqual(pressure.values[p], v.pressure, `pressure[${p}]`);
    assertEqual(data.points.values[3 * p + 2], Math.fround(v.z), `points[${p}].z`);
  }
  for (const c of [0, Math.floor(cells / 2), cells - 1]) {
    const ids = cellIds(c);
    for (let v = 0; v < 8; v++) assertEqual(data.cells.connectivity[8 * c + v], ids[v], `cell ${c} id ${v}`);
    assertEqual(data.cells.offsets[c + 1], 8 * (c + 1), `offsets[${c + 1}]`);
    assertEqual(data.cellTypes[c], 12, `types[${c}]`);
  }
  assertEqual(
    data.cellData.getDataArray('quality')?.values[cells - 1],
    Math.fround(((cells - 1) % 1000) / 1000),
    'quality',
  );
  emit('io.large.check_passed', 1, 'bool');
}

try {
  if (!checkOnly) {
    const start = performance.now();
    await generate();
    emit('io.large.write', performance.now() - start, 'ms');
  }
  const size = (await stat(path)).size;
  emit('io.large.file_size', size / 2 ** 30, 'GiB');
  if (gib > 2 && size <= 2 ** 31) throw new Error(`the file is ${size} bytes, not over 2 GiB`);
  await check();
} finally {
  if (!keep) await rm(path, { force: true });
}
