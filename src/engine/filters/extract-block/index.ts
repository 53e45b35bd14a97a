/**
 * ExtractBlock (vtkExtractBlockUsingDataAssembly): keeps the chosen subtrees of a multiblock.
 *
 * `Selectors` are paths in ParaView's hierarchy, whose root is `Root` and whose nodes are named
 * after the blocks (characters not allowed in XML names become `_`, a leading digit gets a `_`
 * prefix, unnamed blocks are `Block<i>`): `/Root/fluid/inlet` names one node, `//inlet` every
 * node called `inlet`. `BlockIndices` are VTK's flat (pre-order) composite indices, the root
 * being 0. A selected node brings its whole subtree; unselected branches are pruned, names and
 * order are kept. Datasets (not multiblocks) have only the root: selecting it returns them.
 */
import { PipelineError } from '../../../errors.js';
import { type Block, createMultiBlock, type DataObject, type MultiBlock } from '../../data/dataset.js';
import { onlyInput } from '../cell-access/blocks.js';
import { resolveProperties } from '../properties.js';
import type { FilterDefinition, PropertySchema } from '../types.js';

export interface ExtractBlockOptions {
  selectors?: readonly string[];
  blockIndices?: readonly number[];
}

/** vtkDataAssembly's node name for a block name. */
export function assemblyName(name: string, index: number): string {
  if (!name) return `Block${index}`;
  let out = name.replace(/[^A-Za-z0-9_.-]/g, '_');
  if (/^[0-9.-]/.test(out) || /^xml/i.test(out)) out = `_${out}`;
  return out;
}

function matches(selector: string, path: string): boolean {
  if (selector.startsWith('//')) {
    const tail = selector.slice(1);
    return path.endsWith(tail) || path === tail;
  }
  return path === selector.replace(/\/+$/, '');
}

export function extractBlock(input: DataObject, options: ExtractBlockOptions): DataObject {
  const selectors = options.selectors ?? [];
  const indices = new Set(options.blockIndices ?? []);
  const selected = (path: string, flat: number) =>
    indices.has(flat) || selectors.some((s) => matches(s, path));
  if (input.type !== 'MultiBlock') {
    if (input.type === 'TimeSeries')
      throw new PipelineError('ExtractBlock cannot process a TimeSeries input');
    return selected('/Root', 0) ? input : createMultiBlock();
  }
  if (selected('/Root', 0)) return input;
  let flat = 1;
  const visit = (node: MultiBlock, path: string): MultiBlock | null => {
    const kept: Block[] = [];
    node.blocks.forEach((block, i) => {
      const childPath = `${path}/${assemblyName(block.name, i)}`;
      const index = flat++;
      const take = selected(childPath, index);
      if (take) {
        kept.push(block);
        if (block.data?.type === 'MultiBlock') flat += countNodes(block.data);
      } else if (block.data?.type === 'MultiBlock') {
        const sub = visit(block.data, childPath);
        if (sub) kept.push({ name: block.name, data: sub });
      }
    });
    if (kept.length === 0) return null;
    const out = createMultiBlock(kept);
    out.fieldData = node.fieldData;
    return out;
  };
  return visit(input, '/Root') ?? createMultiBlock();
}

/** Nodes below a multiblock in VTK's flat numbering (children and their descendants). */
function countNodes(node: MultiBlock): number {
  let count = 0;
  for (const block of node.blocks) {
    count++;
    if (block.data?.type === 'MultiBlock') count += countNodes(block.data);
  }
  return count;
}

const properties: readonly PropertySchema[] = [
  {
    name: 'Selectors',
    type: 'strings',
    default: [],
    doc: 'Hierarchy paths of the blocks to keep (/Root/…, //name).',
  },
  {
    name: 'BlockIndices',
    type: 'numbers',
    default: [],
    doc: 'Flat composite indices of the blocks to keep (root = 0).',
  },
];

export const extractBlockDefinition: FilterDefinition = {
  name: 'ExtractBlock',
  kind: 'filter',
  description:
    'Keeps the selected blocks (and their subtrees) of a multiblock, by hierarchy path or flat index.',
  inputs: { min: 1, max: 1 },
  properties,
  async execute(inputs, values) {
    const p = resolveProperties('ExtractBlock', properties, values);
    return extractBlock(onlyInput('ExtractBlock', inputs), {
      selectors: p.Selectors as string[],
      blockIndices: p.BlockIndices as number[],
    });
  },
};
