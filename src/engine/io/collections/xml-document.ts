/**
 * Small element trees for the XML files that only describe other files (P-files, .vtm, .pvd).
 * Those files hold no bulk data, so they are parsed whole; every error carries the file and line.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ReadError } from '../../../errors.js';
import { FileSource } from '../common/file-source.js';

/** Description files larger than this are refused before being read (they list files, not data). */
export const MAX_DESCRIPTION_BYTES = 64 * 1024 * 1024;

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** 1-based line of the element's start tag, for messages. */
  readonly line: number;
}

/** Where a parsed document came from, so helpers can raise errors that name it. */
export interface XmlContext {
  readonly file: string;
  readonly format: string;
}

type OrderedNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  captureMetaData: true,
  processEntities: true,
  // Numeric character references (&#38;) too, which plain XML entity processing leaves alone.
  htmlEntities: true,
  trimValues: true,
});
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineOf(starts: number[], index: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

function toElements(nodes: unknown, starts: number[]): XmlElement[] {
  const out: XmlElement[] = [];
  if (!Array.isArray(nodes)) return out;
  for (const node of nodes as OrderedNode[]) {
    const name = Object.keys(node).find((key) => key !== ':@' && key !== '#text');
    // Text, comments and the <?xml?> declaration carry nothing these formats use.
    if (name === undefined || name.startsWith('?') || name === '#comment') continue;
    const attributes: Record<string, string> = Object.create(null);
    const raw = node[':@'];
    if (raw && typeof raw === 'object') {
      for (const [key, value] of Object.entries(raw as Record<string, unknown>))
        attributes[key] = String(value);
    }
    const meta = (node as Record<symbol, { startIndex?: number } | undefined>)[META];
    out.push({
      name,
      attributes,
      children: toElements(node[name], starts),
      line: lineOf(starts, meta?.startIndex ?? 0),
    });
  }
  return out;
}

/** Parses `text` and returns its root element; malformed XML raises ReadError with the line. */
export function parseXmlDocument(text: string, context: XmlContext): XmlElement {
  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    throw new ReadError(context.file, context.format, `malformed XML: ${validation.err.msg}`, {
      line: validation.err.line,
    });
  }
  let nodes: unknown;
  try {
    nodes = parser.parse(text);
  } catch (error) {
    throw new ReadError(
      context.file,
      context.format,
      `malformed XML: ${(error as Error).message}`,
      {},
      {
        cause: error,
      },
    );
  }
  const roots = toElements(nodes, lineStarts(text));
  if (roots.length !== 1) {
    throw new ReadError(context.file, context.format, `expected one root element, found ${roots.length}`);
  }
  return roots[0];
}

/** Reads and parses a description file, checking its size before reading it. */
export async function readXmlDocument(
  path: string,
  format: string,
  referencedBy?: string,
): Promise<XmlElement> {
  return FileSource.with(
    path,
    format,
    async (source) => {
      if (source.size > MAX_DESCRIPTION_BYTES) {
        throw source.error(
          `file of ${source.size} bytes is too large for a description file (limit ${MAX_DESCRIPTION_BYTES})`,
        );
      }
      const bytes = await source.readAll();
      return parseXmlDocument(new TextDecoder('utf-8').decode(bytes), { file: path, format });
    },
    referencedBy,
  );
}

/**
 * The `<VTKFile>` root's single content element, checked against the expected `type`s
 * (`<VTKFile type="PImageData"><PImageData …>`).
 */
export function vtkFileContent(
  root: XmlElement,
  expectedTypes: readonly string[],
  context: XmlContext,
): { type: string; version: string | undefined; content: XmlElement } {
  if (root.name !== 'VTKFile') {
    throw new ReadError(context.file, context.format, `root element is <${root.name}>, expected <VTKFile>`, {
      line: root.line,
    });
  }
  const type = root.attributes.type;
  if (type === undefined || !expectedTypes.includes(type)) {
    throw new ReadError(
      context.file,
      context.format,
      `VTKFile type '${type ?? '(missing)'}' is not one of ${expectedTypes.join(', ')}`,
      { line: root.line },
    );
  }
  const content = root.children.find((child) => child.name === type);
  if (!content) {
    throw new ReadError(context.file, context.format, `<VTKFile type="${type}"> has no <${type}> element`, {
      line: root.line,
    });
  }
  return { type, version: root.attributes.version, content };
}

/** A whitespace-separated list of exactly `count` finite numbers, or undefined when absent. */
export function numberListAttribute(
  element: XmlElement,
  name: string,
  count: number,
  context: XmlContext,
): number[] | undefined {
  const raw = element.attributes[name];
  if (raw === undefined) return undefined;
  const words = raw.trim().split(/\s+/).filter(Boolean);
  const values = words.map(Number);
  if (values.length !== count || values.some((v) => !Number.isFinite(v))) {
    throw new ReadError(
      context.file,
      context.format,
      `<${element.name}> attribute ${name}="${raw}" must be ${count} numbers`,
      { line: element.line },
    );
  }
  return values;
}

/** A non-negative integer attribute no larger than `max`, or undefined when absent. */
export function integerAttribute(
  element: XmlElement,
  name: string,
  context: XmlContext,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  const raw = element.attributes[name];
  if (raw === undefined) return undefined;
  const value = Number(raw.trim());
  if (!Number.isInteger(value) || value < 0 || value > max || raw.trim() === '') {
    throw new ReadError(
      context.file,
      context.format,
      `<${element.name}> attribute ${name}="${raw}" must be an integer from 0 to ${max}`,
      { line: element.line },
    );
  }
  return value;
}
