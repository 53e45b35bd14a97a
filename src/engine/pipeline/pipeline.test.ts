import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ImageData, PolyData } from '../data/dataset.js';
import { numberOfPoints } from '../data/queries.js';
import { registerReader } from '../io/registry.js';
import { vtkXmlReader } from '../io/vtk-xml/index.js';
import { getDefaultPool } from '../workers/pool.js';
import { parsePipelineSpec, parsePipelineText } from './parse.js';
import { Pipeline } from './pipeline.js';

after(() => getDefaultPool().close());

const shared = fileURLToPath(new URL('../../../../shared/', import.meta.url));

const waveletContour = {
  nodes: [
    { id: 'w', type: 'Wavelet', inputs: [], properties: { WholeExtent: [-8, 8, -8, 8, -8, 8] } },
    {
      id: 'c',
      type: 'Contour',
      inputs: ['w'],
      properties: { ContourBy: ['POINTS', 'RTData'], Isosurfaces: [157] },
    },
    { id: 'k', type: 'Calculator', inputs: ['w'], properties: { Function: 'RTData*2' } },
  ],
  outputs: ['c'],
};

test('a node executes once and is then served from the cache', async () => {
  const pipeline = new Pipeline(parsePipelineSpec(waveletContour));
  const first = await pipeline.update('c');
  assert.equal(first.executed, true);
  assert.equal(first.output.type, 'PolyData');
  const second = await pipeline.update('c');
  assert.equal(second.executed, false);
  assert.equal(second.seconds, 0);
  assert.equal(second.output, first.output);
  assert.deepEqual(
    pipeline.timings().map((t) => [t.id, t.executions]),
    [
      ['w', 1],
      ['c', 1],
      ['k', 0],
    ],
  );
});

test('changing a property re-executes that node and what reads it, not its inputs', async () => {
  const pipeline = new Pipeline(parsePipelineSpec(waveletContour));
  const before = (await pipeline.update('c')).output as PolyData;
  await pipeline.update('k');
  pipeline.setProperties('c', { Isosurfaces: [200] });
  const after = await pipeline.update('c');
  assert.equal(after.executed, true);
  assert.notEqual(numberOfPoints(after.output as PolyData), numberOfPoints(before));
  assert.equal((await pipeline.update('k')).executed, false);
  pipeline.setProperties('w', { WholeExtent: [-4, 4, -4, 4, -4, 4] });
  assert.equal((await pipeline.update('k')).executed, true);
  assert.equal((await pipeline.update('c')).executed, true);
  assert.deepEqual(((await pipeline.update('w')).output as ImageData).extent, [-4, 4, -4, 4, -4, 4]);
  assert.deepEqual(
    pipeline.timings().map((t) => t.executions),
    [2, 3, 2],
  );
});

test('concurrent updates share one execution', async () => {
  const pipeline = new Pipeline(parsePipelineSpec(waveletContour));
  const [a, b] = await Promise.all([pipeline.update('c'), pipeline.update('c')]);
  assert.equal(a.output, b.output);
  assert.equal(pipeline.timings()[1].executions, 1);
});

test('a change made while a node executes is not lost: the next update re-executes it', async () => {
  let pipeline: Pipeline | undefined;
  let armed = false;
  let changed = false;
  pipeline = new Pipeline(parsePipelineSpec(waveletContour), {
    context: {
      onProgress: () => {
        // Change the contour's property while the contour itself is executing.
        if (armed && !changed) {
          changed = true;
          pipeline?.setProperties('c', { Isosurfaces: [200] });
        }
      },
    },
  });
  await pipeline.update('w');
  armed = true;
  const stale = await pipeline.update('c');
  assert.equal(changed, true, 'the contour reported progress while running');
  const fresh = await pipeline.update('c');
  assert.equal(fresh.executed, true, 'the output made before the change is not taken as current');
  assert.notEqual(numberOfPoints(fresh.output as PolyData), numberOfPoints(stale.output as PolyData));
  assert.equal((await pipeline.update('c')).executed, false);
});

test('an update requested after a change does not share a run requested before it', async () => {
  const pipeline = new Pipeline(parsePipelineSpec(waveletContour));
  const first = pipeline.update('c');
  pipeline.setProperties('c', { Isosurfaces: [120] });
  const second = pipeline.update('c');
  assert.notEqual(first, second);
  const result = await second;
  const reference = new Pipeline(parsePipelineSpec(waveletContour));
  reference.setProperties('c', { Isosurfaces: [120] });
  const expected = await reference.update('c');
  assert.equal(numberOfPoints(result.output as PolyData), numberOfPoints(expected.output as PolyData));
  await first;
  assert.equal((await pipeline.update('c')).executed, false);
});

test('a Reader reads its FileName relative to the pipeline directory', async () => {
  registerReader(vtkXmlReader);
  const pipeline = new Pipeline(
    parsePipelineSpec({
      nodes: [
        { id: 'r', type: 'Reader', properties: { FileName: 'data/vtk_xml/hydrogen.vti' } },
        {
          id: 'c',
          type: 'Contour',
          inputs: ['r'],
          properties: { ContourBy: ['POINTS', 'probability_density'], Isosurfaces: [0.1] },
        },
      ],
      outputs: ['c'],
    }),
    { baseDirectory: shared },
  );
  const read = await pipeline.update('r');
  assert.equal(read.format, 'vtk-xml');
  // ParaView: 6,792 points and 13,576 triangles (reference expected.jsonl).
  assert.equal(numberOfPoints((await pipeline.update('c')).output as PolyData), 6792);
});

test('pipeline files are validated: every problem names its node', () => {
  const node = (id: string, type: string, inputs: string[] = [], properties = {}) => ({
    id,
    type,
    inputs,
    properties,
  });
  const check = (document: unknown, pattern: RegExp) =>
    assert.throws(
      () => parsePipelineSpec(document),
      (e: Error & { code?: string }) => {
        assert.match(e.message, pattern);
        return e.code === 'PERISCOPE_E_PIPELINE' || e.code === 'PERISCOPE_E_PROPERTY';
      },
    );
  check({ nodes: [node('a', 'Frobnicate')], outputs: ['a'] }, /node 'a': unknown type 'Frobnicate'/);
  check({ nodes: [node('a', 'Contour', ['nope'])], outputs: ['a'] }, /node 'a': input 'nope' is not a node/);
  check({ nodes: [node('a', 'Wavelet'), node('a', 'Sphere')], outputs: ['a'] }, /duplicate node id 'a'/);
  check(
    { nodes: [node('a', 'Contour', ['b']), node('b', 'Contour', ['a'])], outputs: ['a'] },
    /cycle in pipeline: a → b → a|cycle in pipeline: b → a → b/,
  );
  check({ nodes: [node('a', 'Contour')], outputs: ['a'] }, /node 'a' \(Contour\) takes 1 input\(s\), got 0/);
  check({ nodes: [node('a', 'Wavelet')], outputs: ['z'] }, /output 'z' is not a node/);
  check(
    { nodes: [node('a', 'Wavelet', [], { Maximum: 'high' })], outputs: ['a'] },
    /Wavelet\[a\]\.Maximum: expected a finite number/,
  );
  check({ nodes: [{ id: 'a' }], outputs: ['a'] }, /malformed pipeline at nodes\.0\.type/);
  check({ nodes: [node('r', 'Reader')], outputs: ['r'] }, /Reader\[r\]\.FileName: is required/);
  assert.throws(() => parsePipelineText('{"nodes": ['), /not valid JSON/);
});

test('editing the graph: add, rewire (no cycles), remove', async () => {
  const pipeline = new Pipeline(parsePipelineSpec(waveletContour));
  pipeline.addNode({
    id: 's',
    type: 'Slice',
    inputs: ['w'],
    properties: { SliceType: { Type: 'Plane', Normal: [0, 0, 1] } },
  });
  assert.equal((await pipeline.update('s')).output.type, 'PolyData');
  pipeline.setInputs('s', ['c']);
  assert.equal((await pipeline.update('s')).executed, true);
  assert.throws(() => pipeline.setInputs('w', ['s']), /Wavelet\) takes 0/);
  assert.throws(() => pipeline.setInputs('c', ['s']), /cycle/);
  assert.throws(() => pipeline.removeNode('c'), /node 's' still reads 'c'/);
  pipeline.removeNode('s');
  assert.deepEqual(pipeline.nodeIds, ['w', 'c', 'k']);
});
