/**
 * Reader for VTK XML composite files: .vtm (vtkMultiBlockDataSet, with nested <Block> and
 * <Piece> (vtkMultiPieceDataSet) elements; version 0 files with group/dataset attributes), .vtpc
 * (vtkPartitionedDataSetCollection) and .vtpd (vtkPartitionedDataSet). Every composite level
 * becomes a MultiBlock; a block without a name gets ParaView's default `Block N`. Leaves are read
 * through the registry, so they may be of any supported format (including other .vtm files).
 */
import { ReadError } from '../../../errors.js';
import { type Block, createMultiBlock, type MultiBlock } from '../../data/dataset.js';
import type { FormatReader } from '../types.js';
import { mapWithConcurrency } from './concurrency.js';
import {
  type CollectionReadOptions,
  concurrencyOf,
  enterCollection,
  readReferencedFile,
  resolveReference,
} from './references.js';
import {
  integerAttribute,
  readXmlDocument,
  vtkFileContent,
  type XmlContext,
  type XmlElement,
} from './xml-document.js';

export const VTM_FORMAT = 'vtm';
export const VTM_EXTENSIONS = ['.vtm', '.vtmb', '.vtpc', '.vtpd'] as const;

const COMPOSITE_TYPES = [
  'vtkMultiBlockDataSet',
  'vtkMultiGroupDataSet',
  'vtkHierarchicalDataSet',
  'vtkPartitionedDataSetCollection',
  'vtkPartitionedDataSet',
];

/** Block indices above this are refused: they would allocate that many empty slots. */
export const MAX_BLOCK_INDEX = 1 << 20;

/** ParaView's name for a block written without one. */
export function defaultBlockName(index: number): string {
  return `Block ${index}`;
}

interface PendingLeaf {
  reference: string;
  line: number;
  block: Block;
}

type Level = 'multiblock' | 'multipiece' | 'collection' | 'partitioned';

/** Which child elements each composite level accepts, and what they become. */
const CHILDREN: Record<Level, Record<string, Level | 'leaf'>> = {
  multiblock: { DataSet: 'leaf', Block: 'multiblock', Piece: 'multipiece' },
  multipiece: { DataSet: 'leaf' },
  collection: { Partitions: 'partitioned' },
  partitioned: { DataSet: 'leaf' },
};

/** Elements VTK writes for its own bookkeeping and that carry no blocks. */
const IGNORED = new Set(['DataAssembly', 'FieldData']);

function setSlot(blocks: Block[], index: number, block: Block): void {
  while (blocks.length < index) blocks.push({ name: defaultBlockName(blocks.length), data: null });
  blocks[index] = block;
}

class CompositeParser {
  readonly pending: PendingLeaf[] = [];
  constructor(readonly context: XmlContext) {}

  error(detail: string, element: XmlElement): ReadError {
    return new ReadError(this.context.file, this.context.format, detail, { line: element.line });
  }

  index(child: XmlElement, attribute: string, fallback: number): number {
    return integerAttribute(child, attribute, this.context, MAX_BLOCK_INDEX) ?? fallback;
  }

  leaf(element: XmlElement, name: string): Block {
    const block: Block = { name, data: null };
    const reference = element.attributes.file?.trim();
    if (reference) this.pending.push({ reference, line: element.line, block });
    return block;
  }

  /** Version ≥ 1: nested elements with `index` and `name`. */
  composite(element: XmlElement, level: Level): MultiBlock {
    const output = createMultiBlock();
    for (const child of element.children) {
      if (IGNORED.has(child.name)) continue;
      const kind = CHILDREN[level][child.name];
      if (kind === undefined) {
        throw this.error(`<${child.name}> is not allowed inside <${element.name}>`, child);
      }
      const index = this.index(child, 'index', output.blocks.length);
      const name = child.attributes.name ?? defaultBlockName(index);
      const block = kind === 'leaf' ? this.leaf(child, name) : { name, data: this.composite(child, kind) };
      setSlot(output.blocks, index, block);
    }
    return output;
  }

  /** Version 0: flat <DataSet group="g" dataset="d" file="…"/> entries, one block per group. */
  versionZero(element: XmlElement): MultiBlock {
    const output = createMultiBlock();
    for (const child of element.children) {
      if (child.name !== 'DataSet') continue;
      const group = this.index(child, 'group', -1);
      const dataset = this.index(child, 'dataset', -1);
      if (group < 0 || dataset < 0) continue;
      let groupBlock = output.blocks[group];
      if (!groupBlock?.data) {
        groupBlock = { name: defaultBlockName(group), data: createMultiBlock() };
        setSlot(output.blocks, group, groupBlock);
      }
      setSlot((groupBlock.data as MultiBlock).blocks, dataset, this.leaf(child, defaultBlockName(dataset)));
    }
    return output;
  }
}

/** Reads a .vtm/.vtpc/.vtpd file; leaves are read a few at a time. */
export async function readVtm(path: string, options: CollectionReadOptions = {}): Promise<MultiBlock> {
  const context: XmlContext = { file: path, format: VTM_FORMAT };
  const root = await readXmlDocument(path, VTM_FORMAT);
  const { type, version, content } = vtkFileContent(root, COMPOSITE_TYPES, context);
  const inner = enterCollection(path, VTM_FORMAT, options);
  const parser = new CompositeParser(context);
  const major = Number.parseInt(version ?? '1', 10);
  let output: MultiBlock;
  if (type === 'vtkPartitionedDataSetCollection') output = parser.composite(content, 'collection');
  else if (type === 'vtkPartitionedDataSet') output = parser.composite(content, 'partitioned');
  else if (major < 1) output = parser.versionZero(content);
  else output = parser.composite(content, 'multiblock');

  await mapWithConcurrency(
    parser.pending,
    concurrencyOf(options),
    async (leaf) => {
      const file = await resolveReference(path, leaf.reference);
      const data = await readReferencedFile(file, path, inner);
      if (data.type === 'TimeSeries') {
        throw new ReadError(
          path,
          VTM_FORMAT,
          `block file ${file} is a time series, which a block cannot hold`,
          {
            line: leaf.line,
          },
        );
      }
      leaf.block.data = data;
    },
    options.signal,
  );
  return output;
}

const decoder = new TextDecoder('utf-8', { fatal: false });

export const vtmReader: FormatReader = {
  format: VTM_FORMAT,
  description: 'VTK XML multiblock / partitioned dataset collection',
  extensions: VTM_EXTENSIONS,
  sniff(head: Uint8Array): boolean {
    return /<VTKFile[^>]*\btype\s*=\s*["'](vtkMultiBlockDataSet|vtkPartitionedDataSetCollection|vtkPartitionedDataSet|vtkMultiGroupDataSet|vtkHierarchicalDataSet)["']/.test(
      decoder.decode(head),
    );
  },
  read: (path, options) => readVtm(path, options),
};
