import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { hpyMetricProducer } from '../../src/otel';
import { FastHistogramSerializer } from '../../src/otel/serializer';
import { TraceSnapshot } from '../../src/native';

function snapshot(): TraceSnapshot {
  const boundsNs = [10, 20, 50, 100, 1000];
  const fn = (id: number, k: number) => ({ id, calls: 3 * k, sumNs: 123.5 * k, buckets: [k, 0, k, 0, k, 0] });
  return {
    boundsNs,
    modules: [
      { name: 'plain', path: '/a/plain.hpy.so', startTimeMs: 1, functions: [fn(0, 1), fn(5, 7)] },
      { name: 'we"ird\\mo\ndule}', path: '/b', startTimeMs: 2, functions: [fn(100, 2)] },
    ],
  };
}

test('the fast histogram serializer writes exactly what OpenTelemetry writes', async () => {
  const { resourceMetrics } = await hpyMetricProducer({ snapshot }).collect();
  const cases: ConstructorParameters<typeof PrometheusSerializer>[] = [
    [undefined, false, undefined, false, true],
    [undefined, true, undefined, false, false],
  ];
  for (const args of cases) {
    const fast = new FastHistogramSerializer(...args).serialize(resourceMetrics);
    const stock = new PrometheusSerializer(...args).serialize(resourceMetrics);
    assert.ok(fast.includes('hpy_api_duration_bucket'), 'the output has histogram buckets');
    assert.equal(fast, stock);
  }
});
