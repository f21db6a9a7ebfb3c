// The native histogram lookup (branch-free, table-driven) against the plain
// definition of a Prometheus `le` bucket: the first bound >= the duration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { native, traceSnapshot } from '../../src/native';

const ticksPerNs = native.traceClockFrequency() / 1e9;
// Same arithmetic as the native table (double multiply, then floor).
const boundTicks = traceSnapshot().boundsNs.map((ns) => Math.floor(ns * ticksPerNs));

function expectedBucket(ticks: number): number {
  const i = boundTicks.findIndex((bound) => ticks <= bound);
  return i === -1 ? boundTicks.length : i;
}

test('every bound lands in its own bucket, one tick more in the next', () => {
  boundTicks.forEach((bound, i) => {
    assert.equal(native.traceBucketOf(bound), expectedBucket(bound), `bound ${i} (${bound} ticks)`);
    assert.equal(native.traceBucketOf(bound + 1), expectedBucket(bound + 1), `bound ${i} + 1 tick`);
    if (bound > 0) assert.equal(native.traceBucketOf(bound - 1), expectedBucket(bound - 1), `bound ${i} - 1 tick`);
  });
});

test('zero, every power of two and its neighbours, and the overflow bucket', () => {
  assert.equal(native.traceBucketOf(0), 0);
  for (let bits = 0; bits < 52; bits++) {
    for (const ticks of [2 ** bits - 1, 2 ** bits, 2 ** bits + 1]) {
      assert.equal(native.traceBucketOf(ticks), expectedBucket(ticks), `${ticks} ticks`);
    }
  }
  assert.equal(native.traceBucketOf(boundTicks[boundTicks.length - 1] * 4), boundTicks.length, '+Inf');
});

test('random durations across the whole range', () => {
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < 20000; i++) {
    const ticks = Math.floor(2 ** (next() * 40));
    assert.equal(native.traceBucketOf(ticks), expectedBucket(ticks), `${ticks} ticks`);
  }
});

test('the binding rejects a negative or missing duration', () => {
  assert.throws(() => native.traceBucketOf(-1), /non-negative/);
  assert.throws(() => (native.traceBucketOf as (t?: number) => number)(), /non-negative/);
});
