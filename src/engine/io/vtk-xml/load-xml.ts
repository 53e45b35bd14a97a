/**
 * Reads the XML part of a VTK XML file without reading its appended data: for appended files
 * only the bytes up to `<AppendedData …>_` are read (arrays are then read by offset), so the
 * size of the file does not matter. Inline files (ascii/base64) are read whole and parsed as
 * bytes, which works up to the 2 GiB a single Buffer can hold.
 */
import { ReadError } from '../../../errors.js';
import { type FileSource, MAX_BUFFER_BYTES } from '../common/file-source.js';
import { VTK_XML_FORMAT } from './data-array-header.js';
import { parseXml, type XmlDocument } from './xml-document.js';

const OPEN_TAG = new TextEncoder().encode('<AppendedData');
const CLOSE_TAG = new TextEncoder().encode('</AppendedData');
const SCAN_CHUNK = 1 << 20;
const TAIL_BYTES = 4096;

function indexOfSequence(haystack: Uint8Array, needle: Uint8Array, from = 0): number {
  let at = haystack.indexOf(needle[0], from);
  while (at !== -1 && at + needle.length <= haystack.length) {
    let k = 1;
    while (k < needle.length && haystack[at + k] === needle[k]) k++;
    if (k === needle.length) return at;
    at = haystack.indexOf(needle[0], at + 1);
  }
  return -1;
}

/** File offset of `<AppendedData`, scanning forward chunk by chunk; -1 when absent. */
async function findAppendedTag(source: FileSource): Promise<number> {
  const overlap = OPEN_TAG.length - 1;
  for (let offset = 0; offset < source.size; offset += SCAN_CHUNK - overlap) {
    const chunk = await source.readUpTo(offset, SCAN_CHUNK);
    const at = indexOfSequence(chunk, OPEN_TAG);
    if (at !== -1) return offset + at;
    if (offset + chunk.length >= source.size) break;
  }
  return -1;
}

/** The end of the XML part: just after the `_` that follows `<AppendedData …>`. */
async function appendedMarkerEnd(source: FileSource, tagAt: number): Promise<number> {
  const window = await source.readUpTo(tagAt, 64 * 1024);
  const close = window.indexOf(0x3e);
  if (close === -1) throw source.error('unterminated <AppendedData> tag', { offset: tagAt });
  let at = close + 1;
  while (
    at < window.length &&
    (window[at] === 0x20 || window[at] === 0x0a || window[at] === 0x0d || window[at] === 0x09)
  )
    at++;
  if (window[at] !== 0x5f) throw source.error("appended data must start with '_'", { offset: tagAt + at });
  return tagAt + at + 1;
}

/** Parses the XML part of `source`; `doc.appendedDataStart` tells where appended data begins. */
export async function loadXmlPart(source: FileSource): Promise<XmlDocument> {
  if (source.size === 0) throw source.error('empty file', { offset: 0 });
  const tail = await source.readUpTo(Math.max(0, source.size - TAIL_BYTES), TAIL_BYTES);
  const looksAppended = indexOfSequence(tail, CLOSE_TAG) !== -1 || source.size > MAX_BUFFER_BYTES;
  if (looksAppended) {
    const tagAt = await findAppendedTag(source);
    if (tagAt !== -1) {
      const end = await appendedMarkerEnd(source, tagAt);
      if (end > MAX_BUFFER_BYTES) throw source.error('the XML before <AppendedData> is larger than 2 GiB');
      return parseXml(await source.read(0, end, 'XML header'), { file: source.path, format: VTK_XML_FORMAT });
    }
  }
  if (source.size > MAX_BUFFER_BYTES) {
    throw new ReadError(
      source.path,
      VTK_XML_FORMAT,
      `inline (ascii/base64) data in a ${source.size}-byte file: more than the 2 GiB one buffer can hold; ` +
        'write such files with appended data',
    );
  }
  return parseXml(await source.readAll(), { file: source.path, format: VTK_XML_FORMAT });
}
