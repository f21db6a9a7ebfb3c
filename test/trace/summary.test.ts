import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bucketQuantile, get_summary } from '../../src/trace/index';
import { TraceSnapshot } from '../../src/native';

test('bucketQuantile interpolates inside the bucket holding the rank', () => {
  const bounds = [10, 20, 50];
  assert.equal(bucketQuantile(0.5, bounds, [0, 10, 0, 0]), 15);
  assert.equal(bucketQuantile(0.99, bounds, [100, 0, 0, 0]), 9.9);
  assert.equal(bucketQuantile(0.5, bounds, [0, 0, 0, 4]), 50, 'the +Inf bucket answers its lower bound');
  assert.ok(Number.isNaN(bucketQuantile(0.5, bounds, [0, 0, 0, 0])));
});

test('get_summary sums modules and ranks by total time', () => {
  const snapshot: TraceSnapshot = {
    boundsNs: [10, 20, 50],
    modules: [
      { name: 'a', path: '/a', startTimeMs: 0, functions: [{ id: 0, calls: 2, sumNs: 30, buckets: [0, 2, 0, 0] }] },
      { name: 'b', path: '/b', startTimeMs: 0, functions: [{ id: 0, calls: 1, sumNs: 5, buckets: [1, 0, 0, 0] }, { id: 1, calls: 1, sumNs: 40, buckets: [0, 0, 1, 0] }] },
    ],
  };
  const all = get_summary({ snapshot });
  assert.deepEqual(all.map((s) => [s.name, s.calls, s.totalNs]), [['ctx_Close', 1, 40], ['ctx_Dup', 3, 35]]);
  assert.equal(all[1].meanNs, 35 / 3);
  const per = get_summary({ snapshot, byModule: true });
  assert.deepEqual(per.map((s) => `${s.module}:${s.name}`), ['b:ctx_Close', 'a:ctx_Dup', 'b:ctx_Dup']);
});
