import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dataArrayFrom } from '../../data/data-array.js';
import type { PolyData } from '../../data/dataset.js';
import { boundsOf, numberOfCells } from '../../data/queries.js';
import { readVtkLegacy } from '../../io/vtk-legacy/index.js';
import { integrateVariables } from '../integrate-variables/index.js';
import { image, referenceResult, relativeError, sharedPath } from '../test-support/grids.js';
import { glyph, glyphDefinition } from './index.js';

test('office.binary.vtk: arrows every 10th point as ParaView (office-glyph.json)', async () => {
  const expected = referenceResult('office-glyph.json');
  const office = await readVtkLegacy(sharedPath('data/legacy_vtk/office.binary.vtk'));
  const out = (await glyphDefinition.execute(
    [office],
    {
      GlyphType: 'Arrow',
      OrientationArray: ['POINTS', 'vectors'],
      ScaleArray: ['POINTS', 'No scale array'],
      ScaleFactor: 0.2,
      GlyphMode: 'Every Nth Point',
      Stride: 10,
    },
    {},
  )) as PolyData;
  assert.equal(out.points.numberOfTuples, expected.points);
  assert.equal(numberOfCells(out), expected.cells);
  boundsOf(out).forEach((b, i) => {
    assert.ok(Math.abs(b - expected.bounds[i]) < 1e-6, `bound ${i}: ${b}`);
  });
  for (const { name, range } of expected.pointData) {
    const [min, max] = out.pointData.getDataArray(name)!.getRange();
    assert.ok(relativeError(min, range[0]) < 1e-6 || Math.abs(min - range[0]) < 1e-9, `${name} ${min}`);
    assert.ok(relativeError(max, range[1]) < 1e-6, `${name} ${max}`);
  }
  assert.deepEqual(out.pointData.names, ['scalars', 'vectors']);
  const integrals = integrateVariables(out);
  const reference = expected.integrated;
  assert.ok(relativeError(integrals.Area!, reference.Area as number) < 1e-5, `Area ${integrals.Area}`);
  assert.ok(relativeError(integrals.point.scalars[0], reference.scalars as number) < 1e-4);
  (reference.vectors as number[]).forEach((v, c) => {
    assert.ok(
      relativeError(integrals.point.vectors[c], v) < 1e-3,
      `vectors[${c}] ${integrals.point.vectors[c]} vs ${v}`,
    );
  });
});

test('spheres carry rotated normals; a scale array scales; all points, cell centres', async () => {
  const data = image([3, 3, 1]);
  data.pointData.add(dataArrayFrom('s', 'Float32', [1, 2, 3, 1, 2, 3, 1, 2, 3]));
  const spheres = (await glyph(data, {
    glyphType: { Type: 'Sphere', Radius: 0.5, ThetaResolution: 8, PhiResolution: 8, Center: [0, 0, 0] },
    scaleArray: ['POINTS', 's'],
    scaleFactor: 0.1,
    glyphMode: 'All Points',
  })) as PolyData;
  assert.equal(spheres.points.numberOfTuples, 9 * 50);
  assert.ok(spheres.pointData.has('Normals') && spheres.pointData.has('s') && spheres.pointData.has('x'));
  // The glyph at x = 2 (scale 3 · 0.1) reaches three times as far as the one at x = 0 (0.1).
  const b = boundsOf(spheres);
  assert.ok(Math.abs(b[1] - 2 - 3 * -b[0]) < 1e-6 && -b[0] > 0.04 && -b[0] <= 0.05, `${b}`);
  data.cellData.add(dataArrayFrom('v', 'Float32', [0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0], 3));
  const atCells = (await glyph(data, {
    glyphType: { Type: 'Line', Point1: [0, 0, 0], Point2: [1, 0, 0], Resolution: 1 },
    orientationArray: ['CELLS', 'v'],
    scaleFactor: 1,
    glyphMode: 'All Points',
  })) as PolyData;
  // Lines from the four cell centres pointing along +y.
  assert.equal(atCells.lines.offsets.length - 1, 4);
  assert.deepEqual(atCells.points.getTuple(0), [0.5, 0.5, 0]);
  assert.deepEqual(
    atCells.points.getTuple(1).map((v) => Math.round(v * 1e6) / 1e6),
    [0.5, 1.5, 0],
  );
});

test('bounds-based sampling picks distinct points; big inputs run on the pool with the same result', async () => {
  const data = image([60, 60, 60]);
  const options = { glyphType: { Type: 'Cone' }, scaleFactor: 0.5 } as const;
  const sampled = (await glyph(data, { ...options, maximumNumberOfSamplePoints: 500 })) as PolyData;
  const glyphs = sampled.points.numberOfTuples / 7;
  assert.ok(glyphs > 300 && glyphs <= 500, `${glyphs} glyphs`);
  const all = (await glyph(data, { ...options, glyphMode: 'All Points' }, { workers: 2 })) as PolyData;
  const inline = (await glyph(
    data,
    { ...options, glyphMode: 'Every Nth Point', stride: 1 },
    { workers: 1 },
  )) as PolyData;
  assert.equal(all.points.numberOfTuples, 216000 * 7);
  assert.deepEqual(all.points.values, inline.points.values);
});
