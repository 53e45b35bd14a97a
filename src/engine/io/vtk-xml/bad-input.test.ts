/**
 * Bad input gives a typed error naming where it went wrong, never a crash, a hang or a huge
 * allocation: malformed XML, missing or wrong attributes, sizes that disagree, offsets and
 * compression headers pointing past the data, bad ids, bad cell types, bad base64, truncation,
 * and single bit flips anywhere in a file.
 */
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { FileNotFoundError, isPeriscopeError, ReadError } from '../../../errors.js';
import { readVtkXml } from './index.js';
import { buildVtkXml, type EncodingProps, tetraBody, tetraSpecs } from './testing/build-vtk-xml.js';

const DATA_DIR = fileURLToPath(new URL('../../../../../shared/data/vtk_xml/', import.meta.url));

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'periscope-vtkxml-bad-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

let counter = 0;
async function fileWith(content: string | Uint8Array, extension = '.vtu'): Promise<string> {
  const path = join(dir, `case-${counter++}${extension}`);
  await writeFile(path, content);
  return path;
}

interface Expected {
  detail: RegExp;
  line?: number;
  offset?: number;
}

async function rejectsWith(path: string, expected: Expected): Promise<ReadError> {
  let caught: unknown;
  try {
    await readVtkXml(path);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ReadError, `expected a ReadError, got ${caught}`);
  assert.equal(caught.code, 'PERISCOPE_E_READ');
  assert.equal(caught.format, 'vtk-xml');
  assert.equal(caught.file, path);
  assert.match(caught.detail, expected.detail);
  assert.ok(caught.offset !== undefined || caught.line !== undefined, 'the error gives a location');
  if (expected.line !== undefined) assert.equal(caught.line, expected.line);
  if (expected.offset !== undefined) assert.equal(caught.offset, expected.offset);
  return caught;
}

const RAW: EncodingProps = { headerSize: 8, littleEndian: true, placement: 'appended-raw' };
const ZLIB: EncodingProps = {
  ...RAW,
  compressBlock: (b) => deflateSync(b),
  compressorName: 'vtkZLibDataCompressor',
};

function tetra(props: EncodingProps, pieceAttributes?: string): Uint8Array {
  return buildVtkXml('UnstructuredGrid', tetraSpecs(), props, (arrays) => tetraBody(arrays, pieceAttributes));
}

const ASCII_TETRA = (points: string, extra = '') => `<?xml version="1.0"?>
<VTKFile type="UnstructuredGrid" version="1.0">
  <UnstructuredGrid>
    <Piece NumberOfPoints="4" NumberOfCells="1">
      <Points>
        <DataArray type="Float32" NumberOfComponents="3" format="ascii">
          ${points}
        </DataArray>
      </Points>
      <Cells>
        <DataArray type="Int32" Name="connectivity" format="ascii">0 1 2 3</DataArray>
        <DataArray type="Int32" Name="offsets" format="ascii">4</DataArray>
        <DataArray type="UInt8" Name="types" format="ascii">${extra || '10'}</DataArray>
      </Cells>
    </Piece>
  </UnstructuredGrid>
</VTKFile>
`;
const GOOD_POINTS = '0 0 0 1 0 0 0 1 0 0 0 1';

test('the well-formed versions of these files read (so the failures below are the corruption)', async () => {
  await readVtkXml(await fileWith(tetra(RAW)));
  await readVtkXml(await fileWith(tetra(ZLIB)));
  await readVtkXml(await fileWith(ASCII_TETRA(GOOD_POINTS)));
});

test('a missing file is a FileNotFoundError', async () => {
  const path = join(dir, 'nope.vtu');
  await assert.rejects(readVtkXml(path, { referencedBy: 'all.pvtu' }), (error: unknown) => {
    assert.ok(error instanceof FileNotFoundError);
    assert.equal(error.code, 'PERISCOPE_E_FILE_NOT_FOUND');
    assert.match(error.message, /referenced by all\.pvtu/);
    return true;
  });
});

test('an empty file', async () => {
  await rejectsWith(await fileWith(''), { detail: /empty file/, offset: 0 });
});

test('malformed XML names the line', async () => {
  await rejectsWith(await fileWith(ASCII_TETRA(GOOD_POINTS).replace('</Points>', '</Pointz>')), {
    detail: /expected <\/Points> but found <\/Pointz>/,
    line: 9,
  });
  await rejectsWith(
    await fileWith(ASCII_TETRA(GOOD_POINTS).replace('format="ascii">0 1 2 3', 'format=ascii>0 1 2 3')),
    {
      detail: /not quoted/,
      line: 11,
    },
  );
  await rejectsWith(await fileWith(ASCII_TETRA(GOOD_POINTS).replace('</VTKFile>\n', '')), {
    detail: /end of file inside <VTKFile>/,
  });
  await rejectsWith(await fileWith('<VTKFile type="PolyData"><PolyData a="1" a="2"/></VTKFile>', '.vtp'), {
    detail: /duplicate attribute 'a'/,
    line: 1,
  });
  await rejectsWith(await fileWith('<VTKFile type="PolyData" x="&bogus;"></VTKFile>', '.vtp'), {
    detail: /unknown entity '&bogus;'/,
  });
});

test('missing or unknown attributes', async () => {
  await rejectsWith(await fileWith(ASCII_TETRA(GOOD_POINTS).replace('type="Float32" ', '')), {
    detail: /<DataArray> has no type attribute/,
    line: 6,
  });
  await rejectsWith(await fileWith(ASCII_TETRA(GOOD_POINTS).replace('type="Float32"', 'type="Float16"')), {
    detail: /unknown type="Float16"/,
    line: 6,
  });
  await rejectsWith(await fileWith(ASCII_TETRA(GOOD_POINTS).replace(' NumberOfCells="1"', '')), {
    detail: /no NumberOfCells attribute/,
    line: 4,
  });
  await rejectsWith(
    await fileWith(ASCII_TETRA(GOOD_POINTS).replace('<VTKFile ', '<VTKFile compressor="vtkFooCompressor" ')),
    {
      detail: /unknown compressor="vtkFooCompressor"/,
      line: 2,
    },
  );
  await rejectsWith(await fileWith('<VTKFile type="PUnstructuredGrid"><PUnstructuredGrid/></VTKFile>'), {
    detail: /not a serial dataset type/,
  });
});

test('ascii values that are not numbers, or too few of them', async () => {
  await rejectsWith(await fileWith(ASCII_TETRA('0 0 0 1 0 0 0 1 0 0 0 x1')), {
    detail: /'x1' is not a number/,
    line: 7,
  });
  await rejectsWith(await fileWith(ASCII_TETRA('0 0 0 1 0 0 0 1 0 0 0')), {
    detail: /11 values where 12 are expected/,
  });
  await rejectsWith(await fileWith(ASCII_TETRA(GOOD_POINTS, '300')), {
    detail: /300 is out of range for UInt8/,
  });
});

test('array sizes that disagree with the declared point and cell counts', async () => {
  await rejectsWith(await fileWith(tetra(RAW, 'NumberOfPoints="5" NumberOfCells="1"')), {
    detail: /holds 4 values but 5 are expected/,
  });
  await rejectsWith(await fileWith(tetra(ZLIB, 'NumberOfPoints="4" NumberOfCells="2"')), {
    detail: /Cells offsets: holds 1 values but 2 are expected/,
  });
});

test('oversized declared counts fail before anything is allocated', async () => {
  await rejectsWith(await fileWith(tetra(RAW, 'NumberOfPoints="900000000000000" NumberOfCells="1"')), {
    detail: /holds 4 values but 900000000000000 are expected/,
  });
  await rejectsWith(
    await fileWith(ASCII_TETRA(GOOD_POINTS).replace('NumberOfPoints="4"', 'NumberOfPoints="4000000000000"')),
    {
      detail: /text has room for at most/,
    },
  );
});

test('appended offsets past the end of the data', async () => {
  const text = Buffer.from(tetra(RAW)).toString('latin1').replace('offset="0"', 'offset="99999"');
  await rejectsWith(await fileWith(Buffer.from(text, 'latin1')), {
    detail: /offset 99999 points past the end/,
  });
  const late = Buffer.from(tetra(RAW))
    .toString('latin1')
    .replace(/offset="(\d+)"\/><\/Cells>/, 'offset="600"/></Cells>');
  await rejectsWith(await fileWith(Buffer.from(late, 'latin1')), {
    detail: /offset 600 points past the end of the file/,
  });
});

/** Offset of the appended data in a built file (just after `_`). */
function appendedStart(bytes: Uint8Array): number {
  return Buffer.from(bytes).indexOf('_', Buffer.from(bytes).indexOf('<AppendedData')) + 1;
}

test('uncompressed header claiming more bytes than the file holds', async () => {
  const bytes = tetra(RAW);
  const start = appendedStart(bytes);
  new DataView(bytes.buffer).setBigUint64(start, 1n << 40n, true);
  await rejectsWith(await fileWith(bytes), {
    detail: /not 0|holds \d+ values but 4 are expected/,
    offset: start,
  });
});

test('compression header claiming more blocks or bytes than exist', async () => {
  const blocks = tetra(ZLIB);
  const start = appendedStart(blocks);
  new DataView(blocks.buffer).setBigUint64(start, 1n << 40n, true);
  await rejectsWith(await fileWith(blocks), {
    detail: /claims \d+ blocks, more than the data can hold/,
    offset: start,
  });

  const sizes = tetra(ZLIB);
  new DataView(sizes.buffer).setBigUint64(start + 24, 1n << 33n, true);
  await rejectsWith(await fileWith(sizes), {
    detail: /compressed blocks total \d+ bytes but only \d+ remain/,
    offset: start,
  });

  const ratio = tetra(ZLIB);
  new DataView(ratio.buffer).setBigUint64(start + 8, 1n << 40n, true);
  new DataView(ratio.buffer).setBigUint64(start + 16, 0n, true);
  await rejectsWith(await fileWith(ratio), { detail: /cannot hold|holds \d+ values/ });
});

test('a corrupt compressed block', async () => {
  const bytes = tetra(ZLIB);
  const start = appendedStart(bytes);
  bytes[start + 32 + 2] ^= 0xff;
  bytes[start + 32 + 3] ^= 0xff;
  await rejectsWith(await fileWith(bytes), {
    detail: /block 1 of 1 does not decompress \(vtkZLibDataCompressor\)/,
  });
});

test('connectivity ids out of range and unknown cell types', async () => {
  await rejectsWith(
    await fileWith(ASCII_TETRA(GOOD_POINTS).replace('format="ascii">0 1 2 3', 'format="ascii">0 1 2 4')),
    { detail: /connectivity\[3\] = 4 is not a point id \(4 points\)/, line: 11 },
  );
  await rejectsWith(
    await fileWith(ASCII_TETRA(GOOD_POINTS).replace('format="ascii">0 1 2 3', 'format="ascii">0 1 -2 3')),
    { detail: /connectivity\[2\] = -2 is not a point id/ },
  );
  await rejectsWith(await fileWith(ASCII_TETRA(GOOD_POINTS, '200')), {
    detail: /types\[0\] = 200 is not a VTK cell type/,
  });
  await rejectsWith(
    await fileWith(ASCII_TETRA(GOOD_POINTS).replace('format="ascii">4<', 'format="ascii">5<')),
    {
      detail: /the last offset is 5 but connectivity has 4 ids/,
      line: 12,
    },
  );
});

test('binary Int64 connectivity with ids out of range (checked while narrowing)', async () => {
  for (const [ids, detail] of [
    [[0n, 1n, 2n, 4n], /connectivity\[3\] = 4 is not a point id \(4 points\)/],
    [[0n, -1n, 2n, 3n], /connectivity\[1\] = -1 is not a point id/],
    [[0n, 1n, 1n << 40n, 3n], /connectivity\[2\] = 1099511627776 is not a point id/],
  ] as const) {
    const specs = tetraSpecs();
    specs[2] = { ...specs[2], bytes: new Uint8Array(new BigInt64Array(ids).buffer) };
    for (const props of [RAW, ZLIB]) {
      const bytes = buildVtkXml('UnstructuredGrid', specs, props, (arrays) => tetraBody(arrays));
      await rejectsWith(await fileWith(bytes), { detail });
    }
  }
});

test('bad base64', async () => {
  const bytes = tetra({ ...RAW, placement: 'inline' });
  const text = Buffer.from(bytes).toString('latin1');
  const at = text.indexOf('format="binary">') + 'format="binary">'.length + 5;
  const broken = Buffer.from(`${text.slice(0, at)}*${text.slice(at + 1)}`, 'latin1');
  await rejectsWith(await fileWith(broken), { detail: /invalid base64 character 0x2a/, offset: at });
});

test('a file truncated in its appended data', async () => {
  const bytes = tetra(RAW);
  await rejectsWith(await fileWith(bytes.subarray(0, appendedStart(bytes) + 100)), {
    detail: /truncated|remain/,
  });
  const can = await readFile(`${DATA_DIR}can.vtu`);
  await rejectsWith(await fileWith(can.subarray(0, 700000)), { detail: /truncated|remain/ });
});

test('an inline file cut in the middle of its XML', async () => {
  const path = join(dir, 'cut.vtr');
  await copyFile(`${DATA_DIR}RectilinearGridInlineBinary.vtr`, path);
  const whole = await readFile(path);
  await writeFile(path, whole.subarray(0, 900));
  await rejectsWith(path, { detail: /malformed XML/ });
});

test('single bit flips anywhere in a compressed and an uncompressed file never escape as other errors', async () => {
  for (const original of [tetra(RAW), tetra(ZLIB), tetra({ ...ZLIB, placement: 'inline' })]) {
    const path = join(dir, 'flipped.vtu');
    // Every byte of the binary part (headers and data); a sample of the XML, to stay quick.
    const binaryFrom = Buffer.from(original).includes('<AppendedData')
      ? appendedStart(original) - 1
      : original.length;
    for (let i = 0; i < original.length; i += i < binaryFrom ? 5 : 1) {
      const bytes = original.slice();
      bytes[i] ^= 1 << (i % 8);
      await writeFile(path, bytes);
      try {
        await readVtkXml(path);
      } catch (error) {
        assert.ok(isPeriscopeError(error), `byte ${i}: ${(error as Error).stack}`);
      }
    }
  }
});
