import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMultiBlock, type MultiBlock } from '../../data/dataset.js';
import { hexBlock, image } from '../test-support/grids.js';
import { assemblyName, extractBlock, extractBlockDefinition } from './index.js';

const tree = () =>
  createMultiBlock([
    {
      name: 'fluid',
      data: createMultiBlock([
        { name: 'inlet', data: hexBlock(1) },
        { name: 'outlet', data: hexBlock(2) },
      ]),
    },
    { name: 'solid', data: image([2, 2, 2]) },
    { name: 'inlet', data: null },
  ]);

const names = (m: MultiBlock): unknown =>
  m.blocks.map((b) => (b.data?.type === 'MultiBlock' ? { [b.name]: names(b.data) } : b.name));

test('selectors keep subtrees by path, prune the rest', () => {
  assert.deepEqual(names(extractBlock(tree(), { selectors: ['/Root/fluid/outlet'] }) as MultiBlock), [
    { fluid: ['outlet'] },
  ]);
  assert.deepEqual(names(extractBlock(tree(), { selectors: ['/Root/fluid', '/Root/solid'] }) as MultiBlock), [
    { fluid: ['inlet', 'outlet'] },
    'solid',
  ]);
  assert.deepEqual(names(extractBlock(tree(), { selectors: ['//inlet'] }) as MultiBlock), [
    { fluid: ['inlet'] },
    'inlet',
  ]);
});

test('flat indices number nodes depth first from the root (0)', async () => {
  // 0 Root, 1 fluid, 2 inlet, 3 outlet, 4 solid, 5 inlet (empty).
  assert.deepEqual(names(extractBlock(tree(), { blockIndices: [3, 4] }) as MultiBlock), [
    { fluid: ['outlet'] },
    'solid',
  ]);
  const out = await extractBlockDefinition.execute([tree()], { BlockIndices: [0] }, {});
  assert.equal((out as MultiBlock).blocks.length, 3);
  assert.equal(assemblyName('2 inlets', 0), '_2_inlets');
  assert.equal(assemblyName('', 4), 'Block4');
});
