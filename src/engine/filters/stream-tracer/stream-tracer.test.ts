import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DataArray } from '../../data/data-array.js';
import type { PolyData } from '../../data/dataset.js';
import { numberOfCells } from '../../data/queries.js';
import { readVtkLegacy } from '../../io/vtk-legacy/index.js';
import { integrateVariables } from '../integrate-variables/index.js';
import { hexBlock, image, referenceResult, relativeError, sharedPath } from '../test-support/grids.js';
import { Reason, streamTracer, streamTracerDefinition } from './index.js';
import { inverseRoot } from './integrate.worker.js';

test('office.binary.vtk: 42 stream lines as ParaView (office-streamtracer.json)', async () => {
  const expected = referenceResult('office-streamtracer.json');
  const office = await readVtkLegacy(sharedPath('data/legacy_vtk/office.binary.vtk'));
  const out = (await streamTracerDefinition.execute(
    [office],
    {
      Vectors: ['POINTS', 'vectors'],
      SeedType: { Type: 'Line', Point1: [0.1, 2.1, 0.5], Point2: [0.1, 2.1, 2.2], Resolution: 20 },
      MaximumStreamlineLength: 20,
    },
    {},
  )) as PolyData;
  assert.equal(numberOfCells(out), expected.cells);
  // Point counts are chaotic: one ulp in a step size changes a line a few dozen steps on. With
  // VTK's arithmetic reproduced (hexahedron Newton, C's pow) we are within a point or two.
  assert.ok(
    relativeError(out.points.numberOfTuples, expected.points) < 0.005,
    `${out.points.numberOfTuples} points`,
  );
  for (const name of ['vectors', 'IntegrationTime', 'scalars']) {
    const range = out.pointData.getDataArray(name)!.getRange();
    const wanted = expected.pointData.find((a) => a.name === name)!.range;
    range.forEach((v, k) => {
      assert.ok(Math.abs(v - wanted[k]) <= 1e-6 * Math.abs(wanted[k]), `${name} range ${range}`);
    });
  }
  assert.deepEqual(
    [...out.pointData.names, ...out.cellData.names],
    [...expected.pointData.map((a) => a.name), ...expected.cellData.map((a) => a.name)],
  );
  assert.deepEqual(out.cellData.getDataArray('SeedIds')!.getRange(), [0, 20]);
  const reasons = out.cellData.getDataArray('ReasonForTermination')!.getRange();
  assert.ok(reasons[0] >= 1 && reasons[1] <= 6);
  const integrals = integrateVariables(out);
  const reference = expected.integrated;
  assert.ok(
    relativeError(integrals.Length!, reference.Length as number) < 0.02,
    `Length ${integrals.Length}`,
  );
  assert.ok(relativeError(integrals.point.scalars[0], reference.scalars as number) < 0.02);
  (reference.vectors as number[]).forEach((v, c) => {
    assert.ok(relativeError(integrals.point.vectors[c], v) < 0.02);
  });
  assert.ok(relativeError(integrals.point.AngularVelocity[0], reference.AngularVelocity as number) < 0.02);
  assert.ok(relativeError(integrals.point.Rotation[0], reference.Rotation as number) < 0.02);
  assert.ok(relativeError(integrals.cell.SeedIds[0], reference.SeedIds as number) < 0.02);
});

function uniform(dims: [number, number, number], vector: [number, number, number]) {
  const data = image(dims);
  const n = dims[0] * dims[1] * dims[2];
  const values = new Float32Array(3 * n);
  for (let p = 0; p < n; p++) values.set(vector, 3 * p);
  data.pointData.setAttribute('vectors', new DataArray({ name: 'v', values, numberOfComponents: 3 }));
  return data;
}

test('a uniform field gives straight lines that stop at the boundary or at the length limit', async () => {
  const data = uniform([11, 5, 5], [2, 0, 0]);
  const seeds = { type: 'Line', point1: [2, 1, 1], point2: [2, 3, 3], resolution: 2 } as const;
  const out = await streamTracer(data, {
    seeds,
    integrator: 'Runge-Kutta 4',
    integrationDirection: 'FORWARD',
  });
  assert.equal(numberOfCells(out), 3);
  // The default maximum length is the largest side of the bounds (10), but the x = 10 face is 8
  // away: the lines leave the domain within one step (0.2 cell diagonals = 0.2·√3) of it.
  const reasons = Array.from(out.cellData.getDataArray('ReasonForTermination')!.values as Int32Array);
  assert.deepEqual(reasons, [Reason.OUT_OF_DOMAIN, Reason.OUT_OF_DOMAIN, Reason.OUT_OF_DOMAIN]);
  const length = integrateVariables(out).Length!;
  assert.ok(length <= 3 * 8 + 1e-9 && length > 3 * (8 - Math.sqrt(3) * 0.2), `length ${length}`);
  const ys = out.points.getRange(1);
  assert.deepEqual(ys, [1, 3]);
  const limited = await streamTracer(data, {
    seeds,
    integrator: 'Runge-Kutta 4',
    integrationDirection: 'BOTH',
    maximumLength: 1.5,
  });
  assert.equal(numberOfCells(limited), 6);
  assert.ok(Math.abs(integrateVariables(limited).Length! - 6 * 1.5) < 1e-9);
  // Time is distance over speed (2), negative backwards.
  const time = limited.pointData.getDataArray('IntegrationTime')!.getRange();
  assert.ok(Math.abs(time[0] + 0.75) < 1e-9 && Math.abs(time[1] - 0.75) < 1e-9, `${time}`);
  // Out of the domain backwards from x = 0.5.
  const short = await streamTracer(data, {
    seeds: { type: 'Line', point1: [0.5, 2, 2], point2: [0.5, 2, 2], resolution: 1 },
    integrator: 'Runge-Kutta 2',
    integrationDirection: 'BACKWARD',
  });
  assert.deepEqual(Array.from(short.cellData.getDataArray('ReasonForTermination')!.values as Int32Array), [
    Reason.OUT_OF_DOMAIN,
    Reason.OUT_OF_DOMAIN,
  ]);
});

test('a rotating field gives circles; hexahedra give the same lines as the image', async () => {
  const dims: [number, number, number] = [21, 21, 3];
  const data = image(dims, [0.2, 0.2, 0.5]);
  const n = dims[0] * dims[1] * dims[2];
  const values = new Float64Array(3 * n);
  for (let p = 0; p < n; p++) {
    const x = (p % 21) * 0.2 - 2;
    const y = (Math.floor(p / 21) % 21) * 0.2 - 2;
    values.set([-y, x, 0], 3 * p);
  }
  data.origin = [-2, -2, 0];
  data.pointData.setAttribute('vectors', new DataArray({ name: 'v', values, numberOfComponents: 3 }));
  const options = {
    seeds: { type: 'Line', point1: [1, 0, 0.5], point2: [1.5, 0, 0.5], resolution: 1 },
    integrationDirection: 'FORWARD',
    maximumLength: 2 * Math.PI,
  } as const;
  const circles = await streamTracer(data, options);
  const points = circles.points;
  const { offsets } = circles.lines;
  for (let line = 0; line < 2; line++) {
    const r0 = Math.hypot(points.getComponent(offsets[line], 0), points.getComponent(offsets[line], 1));
    for (let p = offsets[line]; p < offsets[line + 1]; p++) {
      const r = Math.hypot(points.getComponent(p, 0), points.getComponent(p, 1));
      assert.ok(Math.abs(r - r0) < 2e-3 * r0, `radius ${r} at ${p}, seed radius ${r0}`);
    }
  }
  // Angular velocity of a rigid rotation: vorticity (0, 0, 2) along the unit tangent ⇒ 0.
  const vorticity = circles.pointData.getDataArray('Vorticity')!;
  assert.ok(Math.abs(vorticity.getComponent(5, 2) - 2) < 1e-9);

  const block = hexBlock(4, 0.5);
  const blockValues = new Float64Array(3 * block.points.numberOfTuples).fill(0);
  for (let p = 0; p < block.points.numberOfTuples; p++) blockValues.set([1, 0.5, 0], 3 * p);
  block.pointData.setAttribute(
    'vectors',
    new DataArray({ name: 'v', values: blockValues, numberOfComponents: 3 }),
  );
  const grid = uniform([5, 5, 5], [1, 0.5, 0]);
  grid.spacing = [0.5, 0.5, 0.5];
  const seeds = { type: 'Line', point1: [0.2, 0.1, 0.3], point2: [0.3, 1.1, 1.7], resolution: 19 } as const;
  const fromImage = await streamTracer(grid, { seeds, integrator: 'Runge-Kutta 4' }, { workers: 1 });
  const fromHexes = await streamTracer(block, { seeds, integrator: 'Runge-Kutta 4' }, { workers: 2 });
  assert.equal(fromHexes.points.numberOfTuples, fromImage.points.numberOfTuples);
  const a = fromImage.points.values;
  const b = fromHexes.points.values;
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(Number(a[i]) - Number(b[i])) < 1e-5);
});

test('inverseRoot rounds pow(x, −0.2) and pow(x, −0.25) to nearest, where Math.pow may not', () => {
  // C's pow gives 1.2482200180682523 (the nearest double); V8's Math.pow ends in …521.
  assert.equal(inverseRoot(0.3300230578501488, 5), 1.2482200180682523);
  for (const x of [1e-9, 0.01, 0.5, 1, 2, 16, 81, 12345.678]) {
    assert.ok(Math.abs(inverseRoot(x, 4) - x ** -0.25) <= 2 ** -52 * x ** -0.25);
    assert.ok(Math.abs(inverseRoot(x, 5) - x ** -0.2) <= 2 ** -52 * x ** -0.2);
  }
  assert.equal(inverseRoot(16, 4), 0.5);
  assert.equal(inverseRoot(1, 5), 1);
});
