/**
 * Every encoding combination, on files built byte by byte here: zlib, LZ4 and LZMA blocks
 * (made with node:zlib, lz4js and @napi-rs/lzma), uncompressed; UInt32 and UInt64 headers;
 * little and big endian; inline base64, appended raw and appended base64. The decoded values
 * must equal the values that were encoded.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { deflateSync } from 'node:zlib';
import lzma from '@napi-rs/lzma';
import { ReadError } from '../../../errors.js';
import { zlibOptions } from './compressors.js';
import { readVtkXml } from './index.js';
import {
  buildVtkXml,
  type EncodingProps,
  type Placement,
  TETRA,
  tetraBody,
  tetraSpecs,
} from './testing/build-vtk-xml.js';

const lz4js = createRequire(import.meta.url)('lz4js') as {
  compressBlock(
    src: Uint8Array,
    dst: Uint8Array,
    sIndex: number,
    sLength: number,
    hashTable: Uint32Array,
  ): number;
};

/** An LZ4 block: lz4js's encoding, or literals only where lz4js finds nothing to compress. */
export function lz4Block(source: Uint8Array): Uint8Array {
  const out = new Uint8Array(source.length + Math.ceil(source.length / 255) + 16);
  const written = lz4js.compressBlock(source, out, 0, source.length, new Uint32Array(1 << 16));
  if (written > 0) return out.slice(0, written);
  // Literal-only block: token with the literal count, 255-extension bytes, the literals.
  const parts: number[] = [];
  const n = source.length;
  if (n < 15) parts.push(n << 4);
  else {
    parts.push(0xf0);
    let rest = n - 15;
    while (rest >= 255) {
      parts.push(255);
      rest -= 255;
    }
    parts.push(rest);
  }
  return new Uint8Array([...parts, ...source]);
}

const COMPRESSORS: [string, EncodingProps['compressBlock']][] = [
  ['none', undefined],
  ['vtkZLibDataCompressor', (block) => deflateSync(block)],
  ['vtkLZ4DataCompressor', lz4Block],
  ['vtkLZMADataCompressor', (block) => lzma.xz.compressSync(block)],
];
const PLACEMENTS: Placement[] = ['inline', 'appended-raw', 'appended-base64'];

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'periscope-vtkxml-enc-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readBuilt(name: string, bytes: Uint8Array) {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return readVtkXml(path);
}

for (const [compressorName, compressBlock] of COMPRESSORS) {
  test(`tetrahedron with ${compressorName} compression in every placement, header and byte order`, async () => {
    for (const placement of PLACEMENTS) {
      for (const headerSize of [4, 8] as const) {
        for (const littleEndian of [true, false]) {
          const props: EncodingProps = {
            headerSize,
            littleEndian,
            placement,
            compressBlock,
            compressorName: compressBlock ? compressorName : undefined,
            // 96 bytes of points → 6 full blocks (lastBlockSize 0); 1 byte of types → a partial one.
            blockSize: 16,
          };
          const what = `${compressorName} ${placement} UInt${headerSize * 8} ${littleEndian ? 'LE' : 'BE'}`;
          const data = await readBuilt(
            `${what.replaceAll(' ', '_')}.vtu`,
            buildVtkXml('UnstructuredGrid', tetraSpecs(), props, (arrays) => tetraBody(arrays)),
          );
          assert.equal(data.type, 'UnstructuredGrid', what);
          if (data.type !== 'UnstructuredGrid') return;
          assert.deepEqual([...data.points.values], [...TETRA.points], what);
          assert.deepEqual([...data.pointData.getDataArray('wave')!.values], [...TETRA.wave], what);
          assert.deepEqual([...data.cells.connectivity], [0, 1, 2, 3], what);
          assert.deepEqual([...data.cells.offsets], [0, 4], what);
          assert.deepEqual([...data.cellTypes], [10], what);
        }
      }
    }
  });
}

test('base64 with header and data in one stream (as some non-VTK writers do)', async () => {
  for (const [compressorName, compressBlock] of COMPRESSORS.slice(0, 2)) {
    for (const placement of ['inline', 'appended-base64'] as const) {
      const props: EncodingProps = {
        headerSize: 8,
        littleEndian: true,
        placement,
        compressBlock,
        compressorName: compressBlock ? compressorName : undefined,
        jointBase64: true,
      };
      const data = await readBuilt(
        `joint-${compressorName}-${placement}.vtu`,
        buildVtkXml('UnstructuredGrid', tetraSpecs(), props, (arrays) => tetraBody(arrays)),
      );
      assert.equal(data.type, 'UnstructuredGrid');
      assert.deepEqual([...data.pointData.getDataArray('wave')!.values], [...TETRA.wave]);
    }
  }
});

test('large LZ4 and zlib arrays decode block by block into place', async () => {
  // 300 000 Float64 values in 32 KiB blocks: 74 blocks, the last one partial.
  const values = new Float64Array(300000).map((_, i) => Math.sqrt(i) * (i % 3 === 0 ? -1 : 1));
  const ids = new BigInt64Array(4).map((_, i) => BigInt(i));
  for (const [compressorName, compressBlock] of COMPRESSORS.slice(1, 3)) {
    const bytes = buildVtkXml(
      'PolyData',
      [
        {
          opening: 'DataArray type="Float64" Name="Points" NumberOfComponents="3"',
          bytes: new Uint8Array(values.buffer),
          elementSize: 8,
        },
        {
          opening: 'DataArray type="Int64" Name="connectivity"',
          bytes: new Uint8Array(ids.buffer),
          elementSize: 8,
        },
        {
          opening: 'DataArray type="Int64" Name="offsets"',
          bytes: new Uint8Array(new BigInt64Array([4n]).buffer),
          elementSize: 8,
        },
      ],
      { headerSize: 8, littleEndian: true, placement: 'appended-raw', compressBlock, compressorName },
      (arrays) =>
        `<PolyData><Piece NumberOfPoints="100000" NumberOfPolys="1"><Points>${arrays[0]}</Points>` +
        `<Polys>${arrays[1]}${arrays[2]}</Polys></Piece></PolyData>`,
    );
    const data = await readBuilt(`large-${compressorName}.vtp`, bytes);
    assert.equal(data.type, 'PolyData');
    if (data.type !== 'PolyData') return;
    assert.equal(data.points.values.length, values.length);
    assert.deepEqual(data.points.values, values, compressorName);
    assert.deepEqual([...data.polys.connectivity], [0, 1, 2, 3]);
  }
});

test('zlib blocks decode the same through the public node:zlib API (the fallback of in-place inflation)', async () => {
  zlibOptions.inPlace = false;
  try {
    for (const placement of PLACEMENTS) {
      const props: EncodingProps = {
        headerSize: 8,
        littleEndian: true,
        placement,
        compressBlock: (block) => deflateSync(block),
        compressorName: 'vtkZLibDataCompressor',
        blockSize: 16,
      };
      const data = await readBuilt(
        `public-zlib-${placement}.vtu`,
        buildVtkXml('UnstructuredGrid', tetraSpecs(), props, (arrays) => tetraBody(arrays)),
      );
      assert.equal(data.type, 'UnstructuredGrid');
      if (data.type !== 'UnstructuredGrid') return;
      assert.deepEqual([...data.points.values], [...TETRA.points]);
      assert.deepEqual([...data.pointData.getDataArray('wave')!.values], [...TETRA.wave]);
    }
  } finally {
    zlibOptions.inPlace = true;
  }
});

test('a corrupt block among many is reported with its number and offset', async () => {
  const values = new Float64Array(20000).map((_, i) => i * 0.5);
  const props: EncodingProps = {
    headerSize: 8,
    littleEndian: true,
    placement: 'appended-raw',
    compressBlock: (block) => deflateSync(block),
    compressorName: 'vtkZLibDataCompressor',
    blockSize: 8192,
  };
  const bytes = buildVtkXml(
    'ImageData',
    [{ opening: 'DataArray type="Float64" Name="v"', bytes: new Uint8Array(values.buffer), elementSize: 8 }],
    props,
    (arrays) =>
      `<ImageData WholeExtent="0 19999 0 0 0 0"><Piece Extent="0 19999 0 0 0 0"><PointData>${arrays[0]}</PointData></Piece></ImageData>`,
  );
  const start = Buffer.from(bytes).indexOf('_', Buffer.from(bytes).indexOf('<AppendedData')) + 1;
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  // 160 000 bytes in 8 KiB blocks: 20 blocks; corrupt the middle of block 3.
  const blockCount = Number(view.getBigUint64(start, true));
  assert.equal(blockCount, 20);
  const sizes = Array.from({ length: blockCount }, (_, i) =>
    Number(view.getBigUint64(start + 24 + 8 * i, true)),
  );
  const block3 = start + 24 + 8 * blockCount + sizes[0] + sizes[1];
  bytes[block3 + Math.floor(sizes[2] / 2)] ^= 0x55;
  await assert.rejects(readBuilt('corrupt-block.vti', bytes), (error: unknown) => {
    assert.ok(error instanceof ReadError);
    assert.match(error.detail, /block 3 of 20 does not decompress \(vtkZLibDataCompressor\)/);
    assert.equal(error.offset, block3);
    return true;
  });
  // The reused in-place engine recovers for the next file.
  const clean = await readBuilt(
    'clean-after-corrupt.vti',
    buildVtkXml(
      'ImageData',
      [
        {
          opening: 'DataArray type="Float64" Name="v"',
          bytes: new Uint8Array(values.buffer),
          elementSize: 8,
        },
      ],
      props,
      (arrays) =>
        `<ImageData WholeExtent="0 19999 0 0 0 0"><Piece Extent="0 19999 0 0 0 0"><PointData>${arrays[0]}</PointData></Piece></ImageData>`,
    ),
  );
  assert.deepEqual(clean.pointData.getDataArray('v')?.values, values);
});
