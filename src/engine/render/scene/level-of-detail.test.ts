import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PolyData } from '../../data/dataset.js';
import { getFilter } from '../../filters/catalogue.js';
import { polyDataGeometry } from './geometry.js';
import { LOD_TRIANGLE_THRESHOLD, levelOfDetail } from './level-of-detail.js';

test('vertex clustering shrinks a 1M-triangle sphere and keeps it a sphere of radius 0.5', async () => {
  const sphere = (await getFilter('Sphere')!.execute(
    [],
    { ThetaResolution: 710, PhiResolution: 710 },
    {},
  )) as PolyData;
  const full = polyDataGeometry(sphere);
  const reduced = levelOfDetail(full);
  const before = full.triangles.length / 3;
  const after = reduced.triangles.length / 3;
  assert.ok(after < before / 4, `${after} of ${before} triangles kept`);
  assert.ok(after > 10_000, 'still a smooth surface');
  // Cluster means lie just inside the sphere: every vertex within 1% of the radius.
  for (let v = 0; v < reduced.positions.length / 3; v += 97) {
    const r = Math.hypot(
      reduced.positions[3 * v],
      reduced.positions[3 * v + 1],
      reduced.positions[3 * v + 2],
    );
    assert.ok(Math.abs(r - 0.5) < 0.005, `vertex ${v} at radius ${r}`);
  }
  for (const id of reduced.triangles) assert.ok(id < reduced.positions.length / 3);
  assert.equal(levelOfDetail(full), reduced, 'cached');
  const small = polyDataGeometry((await getFilter('Sphere')!.execute([], {}, {})) as PolyData);
  assert.ok(small.triangles.length / 3 < LOD_TRIANGLE_THRESHOLD);
  assert.equal(levelOfDetail(small), small, 'small geometry is drawn in full');
});
