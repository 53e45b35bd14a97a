import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PolyData } from '../../data/dataset.js';
import { readVtkLegacy } from '../../io/vtk-legacy/index.js';
import { hexBlock, sharedPath } from '../test-support/grids.js';
import { plotOverLine, plotOverLineDefinition } from './index.js';

test('samples along a line: interpolated arrays, arc_length and validity', async () => {
  const out = await plotOverLine(hexBlock(2), {
    point1: [-1, 0.5, 0.5],
    point2: [3, 0.5, 0.5],
    resolution: 8,
  });
  assert.equal(out.points.numberOfTuples, 9);
  assert.equal(out.lines.offsets[1], 9);
  assert.deepEqual(out.pointData.names, ['x', 'id', 'arc_length', 'vtkValidPointMask']);
  assert.deepEqual(
    Array.from(out.pointData.getDataArray('vtkValidPointMask')!.values as Uint8Array),
    [0, 0, 1, 1, 1, 1, 1, 0, 0],
  );
  assert.deepEqual(
    Array.from(out.pointData.getDataArray('x')!.values as Float64Array),
    [0, 0, 0, 0.5, 1, 1.5, 2, 0, 0],
  );
  assert.deepEqual(
    Array.from(out.pointData.getDataArray('arc_length')!.values as Float64Array),
    [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4],
  );
});

test('defaults span the bounds diagonal with 1001 samples (office.binary.vtk)', async () => {
  const office = await readVtkLegacy(sharedPath('data/legacy_vtk/office.binary.vtk'));
  const out = (await plotOverLineDefinition.execute([office], {}, {})) as PolyData;
  assert.equal(out.points.numberOfTuples, 1001);
  const mask = out.pointData.getDataArray('vtkValidPointMask')!;
  assert.deepEqual(mask.getRange(), [1, 1]);
  const arc = out.pointData.getDataArray('arc_length')!;
  // From (0.01, 0.01, 0.01) to (4.5, 4.5, 2.5): the diagonal of the bounds.
  assert.ok(Math.abs(arc.getRange()[1] - Math.hypot(4.49, 4.49, 2.49)) < 1e-6);
  // Endpoints coincide with grid corners, so the probe returns the corner values exactly.
  const scalars = office.pointData.getDataArray('scalars')!;
  assert.ok(
    Math.abs(out.pointData.getDataArray('scalars')!.getComponent(0, 0) - scalars.getComponent(0, 0)) < 1e-6,
  );
});
