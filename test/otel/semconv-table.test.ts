// HPY_METRIC, the table every writer of a metric describes it from (the
// producer, the provider bridge, hpy-node/prom-client, the dashboard), says
// what the producer exports: the same metrics in the same order, with their
// units, descriptions, kinds and attribute order. A row added without its
// data points in the producer (or the other way round) fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataPointType, type MetricData } from '@opentelemetry/sdk-metrics';
import { HpyMetricProducer } from '../../src/otel/producer';
import { HPY_METRICS } from '../../src/otel/semconv';
import { entry, fn, mod, snap, withEntries } from './helpers';

function kindOf(m: MetricData): string {
  if (m.dataPointType === DataPointType.HISTOGRAM) return 'histogram';
  if (m.dataPointType === DataPointType.SUM && m.isMonotonic) return 'counter';
  return 'gauge';
}

test('HPY_METRICS describes every metric of a collection, debug mode on', async () => {
  const producer = new HpyMetricProducer({
    snapshot: () => withEntries(snap([100], mod('m', [fn('ctx_Add', 10, [1, 0])])), entry('m', 'f', 30, [1, 0], [['ctx_Add', 1, 10]])),
    debug: () => [{ name: 'm', path: '/ext/m.hpy.so', openHandles: 1, invalidUses: 0 }],
  });
  const { resourceMetrics } = await producer.collect();
  const collected = resourceMetrics.scopeMetrics[0].metrics.map((m) => ({
    name: m.descriptor.name,
    unit: m.descriptor.unit,
    description: m.descriptor.description,
    kind: kindOf(m),
    attributes: Object.keys(m.dataPoints[0].attributes),
  }));
  assert.deepEqual(
    collected,
    HPY_METRICS.map(({ name, unit, description, kind, attributes }) => ({ name, unit, description, kind, attributes: [...attributes] })),
  );
});
