// Deltas made from a cumulative producer: the change since the previous
// collection of the same series, a restart counted whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AggregationTemporality, type Histogram, type MetricData } from '@opentelemetry/sdk-metrics';
import { hpyMetricProducer } from '../../src/otel';
import { DeltaMetricProducer } from '../../src/otel/delta';
import { fn, mod, snap } from './helpers';

const metric = (metrics: MetricData[], name: string) => metrics.find((m) => m.descriptor.name === name)!;

test('a second collection gives the difference; a module that restarted (new start time) counts whole; a new series counts whole', async () => {
  let current = snap([100], mod('snippets', [fn('ctx_Add', 100, [4, 1])]));
  const delta = new DeltaMetricProducer(hpyMetricProducer({ snapshot: () => current }));
  const collect = async () => (await delta.collect()).resourceMetrics.scopeMetrics[0].metrics;

  const first = await collect();
  assert.equal(metric(first, 'hpy.api.calls').aggregationTemporality, AggregationTemporality.DELTA);
  assert.equal(metric(first, 'hpy.api.calls').dataPoints[0].value, 5, 'the first collection: everything so far');

  current = snap([100], mod('snippets', [fn('ctx_Add', 180, [6, 2]), fn('ctx_Dup', 5, [1, 0])]));
  const second = await collect();
  const calls = Object.fromEntries(metric(second, 'hpy.api.calls').dataPoints.map((p) => [p.attributes['hpy.function'], p]));
  assert.deepEqual([calls.ctx_Add.value, calls.ctx_Dup.value], [3, 1], 'ctx_Add 5 -> 8, ctx_Dup new');
  assert.deepEqual(calls.ctx_Add.startTime, metric(first, 'hpy.api.calls').dataPoints[0].endTime, 'a delta starts where the last collection ended');
  const h = metric(second, 'hpy.api.duration').dataPoints.find((p) => p.attributes['hpy.function'] === 'ctx_Add')!.value as Histogram;
  assert.deepEqual([h.buckets.counts, h.count], [[2, 1], 3]);
  assert.ok(Math.abs(h.sum! - 80e-9) < 1e-15);
  // The error counter, a cumulative sum too, goes to 0 for no new errors.
  assert.equal(metric(second, 'hpy.otel.collection.errors').dataPoints[0].value, 0);

  current = snap([100], mod('snippets', [fn('ctx_Add', 10, [1, 0])], 1_800_000_000_000));
  const third = await collect();
  assert.equal(metric(third, 'hpy.api.calls').dataPoints[0].value, 1, 'restarted: counted from its own start');
});
