/**
 * Runs every pipeline of shared/reference/pipelines with `periscope run`'s engine and compares
 * the result with what ParaView 5.11 produced (expected.jsonl). Pipelines whose filters are not
 * in the catalogue fail (they are not skipped).
 *
 * What is compared, and how closely:
 * - type, and point/cell counts exactly for the filters of this engine core (contours, slices,
 *   clips, thresholds, calculators: same algorithms and decisions as ParaView's); within 10% for
 *   the other filters;
 * - bounds, and the range of every array ParaView output (1e-5 relative for exact pipelines,
 *   0.5% otherwise);
 * - integrated Length/Area/Volume within 0.5% (2% for stream lines); scalar array integrals
 *   within 0.5%; vector array integrals within 1% of their length (components can cancel, and
 *   the diagonal chosen to split a cut quad moves them slightly); Normals within 0.5% of the
 *   measure (unit vectors, so the measure is their scale).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { registerReader } from '../src/engine/io/registry.js';
import { vtkLegacyReader } from '../src/engine/io/vtk-legacy/index.js';
import { vtkXmlReader } from '../src/engine/io/vtk-xml/index.js';
import { runPipelineFile } from '../src/engine/pipeline/run-file.js';
import { getDefaultPool } from '../src/engine/workers/pool.js';

registerReader(vtkLegacyReader);
registerReader(vtkXmlReader);
after(() => getDefaultPool().close());

const directory = fileURLToPath(new URL('../../shared/reference/pipelines/', import.meta.url));

interface ExpectedArray {
  name: string;
  components: number;
  range: [number, number];
}

interface Expected {
  pipeline: string;
  type: string;
  points: number;
  cells: number;
  bounds: number[];
  pointData: ExpectedArray[];
  cellData: ExpectedArray[];
  integrated: Record<string, number | number[]>;
}

const expected: Expected[] = readFileSync(`${directory}expected.jsonl`, 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line));

/** Pipelines whose counts are exactly ParaView's (same algorithm, same decisions). */
const EXACT = new Set([
  'wavelet128-contour.json',
  'wavelet128-contour-multi.json',
  'hydrogen-contour.json',
  'ironprot-contour.json',
  'rectgrid2-contour.json',
  'post-contour.json',
  'wavelet128-slice-z.json',
  'wavelet128-slice-oblique.json',
  'can-slice.json',
  'post-slice.json',
  'office-slice.json',
  'wavelet128-threshold.json',
  'can-threshold-eqps.json',
  'wavelet128-calculator.json',
  'wavelet128-calculator-vector.json',
  'wavelet128-clip-x.json',
  'wavelet128-clip-crinkle.json',
  'wavelet128-clip-sphere.json',
  'wavelet128-clip-scalar.json',
  'can-clip.json',
]);

function close(actual: number, wanted: number, relative: number, absolute = 1e-9): boolean {
  return Math.abs(actual - wanted) <= relative * Math.abs(wanted) + absolute;
}

function measureOf(integrated: Record<string, number | number[]>): number {
  return Number(integrated.Volume ?? integrated.Area ?? integrated.Length ?? 0);
}

for (const reference of expected) {
  test(`reference pipeline ${reference.pipeline}`, async () => {
    const exact = EXACT.has(reference.pipeline);
    const [ours] = await runPipelineFile(`${directory}${reference.pipeline}`);
    const name = reference.pipeline;
    assert.equal(ours.type, reference.type, `${name}: type`);
    if (exact) {
      assert.equal(ours.points, reference.points, `${name}: points`);
      assert.equal(ours.cells, reference.cells, `${name}: cells`);
    } else {
      assert.ok(
        close(ours.points, reference.points, 0.1),
        `${name}: points ${ours.points} vs ${reference.points}`,
      );
      assert.ok(
        close(ours.cells, reference.cells, 0.1),
        `${name}: cells ${ours.cells} vs ${reference.cells}`,
      );
    }
    const size = Math.max(...[0, 2, 4].map((a) => reference.bounds[a + 1] - reference.bounds[a]), 1e-12);
    // Stream lines end where an integration step leaves the data, so their extent carries the
    // same step-size noise as their length (2% in the reference README); elsewhere bounds are tight.
    const boundsTolerance = name.includes('streamtracer') ? 2e-3 : 1e-5;
    reference.bounds.forEach((b, i) => {
      assert.ok(
        Math.abs(ours.bounds[i] - b) <= boundsTolerance * size,
        `${name}: bounds[${i}] ${ours.bounds[i]} vs ${b}`,
      );
    });
    const rangeTolerance = exact ? 1e-5 : 5e-3;
    for (const [kind, wanted, got] of [
      ['point', reference.pointData, ours.pointData],
      ['cell', reference.cellData, ours.cellData],
    ] as const) {
      for (const array of wanted) {
        const mine = got.find((a) => a.name === array.name);
        assert.ok(mine, `${name}: ${kind} array ${array.name} missing`);
        assert.equal(mine.components, array.components, `${name}: ${array.name} components`);
        const scale = Math.max(Math.abs(array.range[0]), Math.abs(array.range[1]));
        for (const k of [0, 1]) {
          assert.ok(
            mine.range && Math.abs(mine.range[k] - array.range[k]) <= rangeTolerance * scale + 1e-12,
            `${name}: ${array.name} range ${JSON.stringify(mine.range)} vs ${JSON.stringify(array.range)}`,
          );
        }
      }
    }
    assert.ok(ours.integrated, `${name}: nothing integrated`);
    const measure = measureOf(reference.integrated);
    const measureTolerance = name.includes('streamtracer') ? 0.02 : 0.005;
    for (const [key, value] of Object.entries(reference.integrated)) {
      const mine = ours.integrated[key];
      assert.ok(mine !== undefined, `${name}: integrated ${key} missing`);
      if (key === 'Length' || key === 'Area' || key === 'Volume') {
        assert.ok(
          close(Number(mine), Number(value), measureTolerance),
          `${name}: ${key} ${mine} vs ${value}`,
        );
      } else if (typeof value === 'number') {
        assert.ok(
          close(Number(mine), value, measureTolerance, 1e-9 * measure),
          `${name}: ∫${key} ${mine} vs ${value}`,
        );
      } else {
        const vector = mine as number[];
        const difference = Math.hypot(...value.map((v, c) => vector[c] - v));
        const allowed = key === 'Normals' ? 0.005 * measure : 0.01 * Math.hypot(...value);
        assert.ok(
          difference <= allowed,
          `${name}: ∫${key} ${JSON.stringify(vector)} vs ${JSON.stringify(value)}`,
        );
      }
    }
  });
}

test('every reference pipeline has an expected result', () => {
  const files = readdirSync(directory).filter((f) => f.endsWith('.json'));
  assert.deepEqual(files.sort(), expected.map((e) => e.pipeline).sort());
});
