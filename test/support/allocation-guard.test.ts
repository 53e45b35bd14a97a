import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

test('the allocation guard stops typed arrays, buffers and ArrayBuffers over the limit', () => {
  const guard = fileURLToPath(new URL('./allocation-guard.ts', import.meta.url));
  const script = `
    const { installAllocationGuard } = await import(${JSON.stringify(guard)});
    installAllocationGuard(1024);
    const outcomes = [];
    for (const make of [() => new Float64Array(200), () => Buffer.allocUnsafe(5000), () => new ArrayBuffer(4096), () => new Uint8Array(100)]) {
      try { make(); outcomes.push('ok'); } catch (e) { outcomes.push(e.name); }
    }
    console.log(JSON.stringify({ outcomes, instance: new Float32Array(2) instanceof Float32Array }));
  `;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), {
    outcomes: ['AllocationLimitExceeded', 'AllocationLimitExceeded', 'AllocationLimitExceeded', 'ok'],
    instance: true,
  });
});
