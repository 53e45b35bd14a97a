/**
 * One measurement in a fresh process (so its peak RSS is its own):
 *   node --import tsx bench/io/read-child.ts <readFile|read|inflate> <file>
 * prints {ms, maxRssBytes, baselineRssBytes}. `inflate` times node:zlib inflating every
 * compressed block of the file's appended arrays, with the blocks already in memory.
 */
import { readFile } from 'node:fs/promises';
import { inflateSync } from 'node:zlib';
import { FileSource } from '../../src/engine/io/common/file-source.js';
import {
  isArrayElement,
  loadXmlPart,
  parseVtkFileHeader,
  readVtkXml,
  type XmlElement,
} from '../../src/engine/io/vtk-xml/index.js';

const [mode, file] = process.argv.slice(2);

function appendedOffsets(element: XmlElement, out: number[]): number[] {
  for (const child of element.children) {
    if (isArrayElement(child) && child.attributes.get('format') === 'appended') {
      out.push(Number(child.attributes.get('offset')));
    }
    appendedOffsets(child, out);
  }
  return out;
}

/** Every compressed block of the file, read into memory. */
async function compressedBlocks(path: string): Promise<Uint8Array[]> {
  return FileSource.with(path, 'vtk-xml', async (source) => {
    const doc = await loadXmlPart(source);
    const header = parseVtkFileHeader(path, doc);
    if (header.headerSize !== 8 || !header.compressor) throw new Error('expected a UInt64, compressed file');
    const blocks: Uint8Array[] = [];
    for (const offset of appendedOffsets(doc.root, [])) {
      const at = doc.appendedDataStart + offset;
      const headBytes = await source.read(at, 24);
      const head = new DataView(headBytes.buffer, headBytes.byteOffset, 24);
      const count = Number(head.getBigUint64(0, true));
      const sizesBytes = await source.read(at + 24, 8 * count);
      const sizes = Array.from({ length: count }, (_, i) =>
        Number(new DataView(sizesBytes.buffer, sizesBytes.byteOffset).getBigUint64(8 * i, true)),
      );
      const data = await source.read(
        at + 24 + 8 * count,
        sizes.reduce((a, b) => a + b, 0),
      );
      let from = 0;
      for (const size of sizes) {
        blocks.push(data.subarray(from, from + size));
        from += size;
      }
    }
    return blocks;
  });
}

let keep: unknown;
let ms: number;
let baseline: number;
if (mode === 'inflate') {
  const blocks = await compressedBlocks(file);
  baseline = process.memoryUsage().rss;
  const start = performance.now();
  let total = 0;
  for (const block of blocks) total += inflateSync(block).byteLength;
  ms = performance.now() - start;
  keep = total;
} else {
  baseline = process.memoryUsage().rss;
  const start = performance.now();
  keep = mode === 'readFile' ? await readFile(file) : await readVtkXml(file);
  ms = performance.now() - start;
}
process.stdout.write(
  `${JSON.stringify({ ms, maxRssBytes: process.resourceUsage().maxRSS * 1024, baselineRssBytes: baseline, kept: typeof keep })}\n`,
);
