// The producer turns hand-made trace snapshots into OpenTelemetry metrics;
// the first test reads them back through the real Prometheus serializer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataPointType, type Histogram, type MetricData } from '@opentelemetry/sdk-metrics';
import { hpyMetricProducer, startPrometheusExporter } from '../../src/otel';
import type { TraceSnapshot } from '../../src/native';
import { CTX_NAMES } from '../../src/generated/ctx-names';
import { TEST_RESOURCE, fn, get, mod, sample, samples, snap } from './helpers';

const EXPECTED = `# HELP target_info Target metadata
# TYPE target_info gauge
target_info{service_name="otel-test"} 1
# HELP hpy_api_calls_total HPy API (context) function calls made by an extension module, counted natively in trace mode
# UNIT hpy_api_calls_total {call}
# TYPE hpy_api_calls_total counter
hpy_api_calls_total{hpy_function="ctx_Dup",hpy_module="snippets"} 1
hpy_api_calls_total{hpy_function="ctx_Add",hpy_module="snippets"} 3
# HELP hpy_api_duration Duration of completed HPy API (context) function calls, measured natively in trace mode
# UNIT hpy_api_duration s
# TYPE hpy_api_duration histogram
hpy_api_duration_count{hpy_function="ctx_Dup",hpy_module="snippets"} 1
hpy_api_duration_sum{hpy_function="ctx_Dup",hpy_module="snippets"} 0.0000025
hpy_api_duration_bucket{hpy_function="ctx_Dup",hpy_module="snippets",le="1e-7"} 0
hpy_api_duration_bucket{hpy_function="ctx_Dup",hpy_module="snippets",le="0.000001"} 0
hpy_api_duration_bucket{hpy_function="ctx_Dup",hpy_module="snippets",le="+Inf"} 1
hpy_api_duration_count{hpy_function="ctx_Add",hpy_module="snippets"} 3
hpy_api_duration_sum{hpy_function="ctx_Add",hpy_module="snippets"} 4.5e-7
hpy_api_duration_bucket{hpy_function="ctx_Add",hpy_module="snippets",le="1e-7"} 1
hpy_api_duration_bucket{hpy_function="ctx_Add",hpy_module="snippets",le="0.000001"} 3
hpy_api_duration_bucket{hpy_function="ctx_Add",hpy_module="snippets",le="+Inf"} 3
# HELP hpy_otel_collection_errors_total Trace store entries hpy-node could not export (a module skipped, or the whole store unreadable); details are logged once
# UNIT hpy_otel_collection_errors_total {error}
# TYPE hpy_otel_collection_errors_total counter
hpy_otel_collection_errors_total 0
`;

/** Collects once and returns the metrics by name. */
async function collect(snapshot: () => TraceSnapshot, warn: (m: string) => void = () => {}) {
  const producer = hpyMetricProducer({ snapshot, warn });
  const { resourceMetrics, errors } = await producer.collect();
  const byName = new Map<string, MetricData>();
  for (const m of resourceMetrics.scopeMetrics[0].metrics) byName.set(m.descriptor.name, m);
  return { byName, errors, producer };
}

test('a small snapshot scrapes as exactly this Prometheus text', async () => {
  // ctx_Add: 3 calls, 450 ns, one under 100 ns and two under 1 us; ctx_Dup:
  // one call of 2.5 us, above the last bound.
  const snapshot = snap([100, 1000], mod('snippets', [fn('ctx_Add', 450, [1, 2, 0]), fn('ctx_Dup', 2500, [0, 0, 1])]));
  const producer = hpyMetricProducer({ snapshot: () => snapshot });
  const endpoint = await startPrometheusExporter({ host: '127.0.0.1', port: 0, producer, resource: TEST_RESOURCE });
  try {
    const res = await get(endpoint.url);
    assert.equal(res.status, 200);
    assert.equal(res.type, 'text/plain; version=0.0.4; charset=utf-8');
    assert.equal(res.text, EXPECTED);
  } finally {
    await endpoint.shutdown();
  }
});

test('instruments carry the documented names, units, types and attributes', async () => {
  const { byName } = await collect(() => snap([100], mod('m', [fn('ctx_Add', 10, [2, 0])]), mod('n', [fn('ctx_Add', 5, [1, 0])])));
  const calls = byName.get('hpy.api.calls')!;
  assert.equal(calls.descriptor.unit, '{call}');
  assert.equal(calls.dataPointType, DataPointType.SUM);
  assert.equal(calls.dataPointType === DataPointType.SUM && calls.isMonotonic, true);
  assert.deepEqual(
    calls.dataPoints.map((p) => p.attributes),
    [
      { 'hpy.function': 'ctx_Add', 'hpy.module': 'm' },
      { 'hpy.function': 'ctx_Add', 'hpy.module': 'n' },
    ],
  );
  const duration = byName.get('hpy.api.duration')!;
  assert.equal(duration.descriptor.unit, 's');
  assert.equal(duration.dataPointType, DataPointType.HISTOGRAM);
  for (const m of byName.values()) assert.ok(m.descriptor.description.length > 20, `${m.descriptor.name} has a description`);
});

test('histogram count is the sum of the buckets and sum is sumNs in seconds, while calls counts calls in flight too', async () => {
  // 5 calls entered, 4 completed (one still running): the counter says 5,
  // the histogram's count, +Inf bucket and _count say 4.
  const { byName } = await collect(() => snap([50, 500], mod('m', [fn('ctx_Long_AsInt32_t', 1234, [1, 2, 1], 5)])));
  const calls = byName.get('hpy.api.calls')!;
  assert.equal(calls.dataPoints[0].value, 5);
  const h = byName.get('hpy.api.duration')!.dataPoints[0].value as Histogram;
  assert.equal(h.count, 4);
  assert.equal(h.sum, 1234e-9);
  assert.deepEqual(h.buckets, { boundaries: [50e-9, 500e-9], counts: [1, 2, 1] });
});

test('points start at the module load time', async () => {
  const { byName } = await collect(() => snap([100], mod('m', [fn('ctx_Add', 10, [1, 0])], 1_700_000_000_123)));
  const p = byName.get('hpy.api.calls')!.dataPoints[0];
  assert.deepEqual(p.startTime, [1_700_000_000, 123_000_000]);
});

test('only functions present in the snapshot produce series; none at all leaves only the error counter', async () => {
  const one = await collect(() => snap([100], mod('m', [fn('ctx_Float_FromDouble', 1, [1, 0])])));
  assert.equal(one.byName.get('hpy.api.calls')!.dataPoints.length, 1);
  const none = await collect(() => snap([100], mod('m', [])));
  assert.deepEqual([...none.byName.keys()], ['hpy.otel.collection.errors']);
});

test('every (module, function) pair is exported: no 2000-series cap', async () => {
  const modules = Array.from({ length: 11 }, (_, i) => mod(`m${i}`, CTX_NAMES.map((name) => fn(name, 7, [1, 0]))));
  const { byName } = await collect(() => snap([100], ...modules));
  assert.equal(byName.get('hpy.api.calls')!.dataPoints.length, 11 * CTX_NAMES.length);
  assert.equal(byName.get('hpy.api.duration')!.dataPoints.length, 11 * CTX_NAMES.length);
});

test('two shared objects with one module name are added up into one series', async () => {
  const a = { ...mod('dup', [fn('ctx_Add', 10, [1, 0])], 2000), path: '/a/dup.hpy.so' };
  const b = { ...mod('dup', [fn('ctx_Add', 30, [0, 2]), fn('ctx_Dup', 1, [1, 0])], 1000), path: '/b/dup.hpy.so' };
  const { byName } = await collect(() => snap([100], a, b));
  const calls = byName.get('hpy.api.calls')!.dataPoints;
  assert.deepEqual(calls.map((p) => [p.attributes['hpy.function'], p.value]), [['ctx_Dup', 1], ['ctx_Add', 3]]);
  assert.deepEqual(calls[1].startTime, [1, 0], 'the earlier load starts the series');
  const h = byName.get('hpy.api.duration')!.dataPoints[1].value as Histogram;
  assert.deepEqual([h.count, h.sum, h.buckets.counts], [3, 40e-9, [1, 2]]);
});

test('a bad module is skipped, the others are exported, and it is logged once and counted every time', async () => {
  const warnings: string[] = [];
  const bad = mod('broken', [fn('ctx_Add', 10, [1, 0]), { id: 9999, calls: 1, sumNs: 1, buckets: [1, 0] }]);
  const good = mod('fine', [fn('ctx_Add', 10, [1, 0])]);
  const producer = hpyMetricProducer({ snapshot: () => snap([100], bad, good), warn: (m) => warnings.push(m) });
  for (let i = 0; i < 2; i++) {
    const { resourceMetrics, errors } = await producer.collect();
    assert.equal(errors.length, 1);
    const [calls, , selfErrors] = resourceMetrics.scopeMetrics[0].metrics;
    assert.deepEqual(calls.dataPoints.map((p) => p.attributes['hpy.module']), ['fine']);
    assert.equal(selfErrors.descriptor.name, 'hpy.otel.collection.errors');
    assert.equal(selfErrors.dataPoints[0].value, i + 1);
  }
  assert.equal(producer.collectionErrors, 2);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /skipped module broken.*\/ext\/broken\.hpy\.so.*function id 9999/);
  assert.match(warnings[0], /hpy\.otel\.collection\.errors/);
});

test('malformed function rows each name what is wrong', async () => {
  const cases: Array<[unknown, RegExp]> = [
    [{ id: 23, calls: -1, sumNs: 0, buckets: [0, 0] }, /calls=-1/],
    [{ id: 23, calls: 1, sumNs: NaN, buckets: [0, 0] }, /sumNs=NaN/],
    [{ id: 23, calls: 1, sumNs: 1, buckets: [1] }, /expected 2 bucket counts, got \[1\]/],
    [{ id: 1.5, calls: 1, sumNs: 1, buckets: [1, 0] }, /function id 1\.5: no such HPy context function/],
  ];
  for (const [row, message] of cases) {
    const warnings: string[] = [];
    await collect(() => snap([100], mod('m', [row as never])), (m) => warnings.push(m));
    assert.match(warnings[0], message);
  }
});

test('an unreadable store (no addon, bad bounds) never throws: only the error counter is exported', async () => {
  for (const [snapshot, message] of [
    [() => { throw new Error('the native addon could not be loaded'); }, /could not be read: the native addon could not be loaded/],
    [() => snap([100, 50], mod('m', [fn('ctx_Add', 1, [1, 0, 0])])), /bucket bounds are not ascending/],
  ] as Array<[() => TraceSnapshot, RegExp]>) {
    const warnings: string[] = [];
    const { byName, errors, producer } = await collect(snapshot, (m) => warnings.push(m));
    assert.deepEqual([...byName.keys()], ['hpy.otel.collection.errors']);
    assert.equal(byName.get('hpy.otel.collection.errors')!.dataPoints[0].value, 1);
    assert.equal(errors.length, 1);
    assert.match(warnings[0], message);
    await producer.collect();
    assert.equal(warnings.length, 1, 'logged once');
  }
});

test('a scrape still answers 200 with the good modules when one is bad', async () => {
  const bad = mod('broken', [{ id: 23, calls: 1, sumNs: 1, buckets: [] }]);
  const producer = hpyMetricProducer({ snapshot: () => snap([100], bad, mod('fine', [fn('ctx_Add', 10, [1, 0])])), warn: () => {} });
  const endpoint = await startPrometheusExporter({ port: 0, producer, resource: TEST_RESOURCE });
  try {
    const { status, text } = await get(endpoint.url);
    assert.equal(status, 200);
    assert.equal(sample(text, 'hpy_api_calls_total{hpy_function="ctx_Add",hpy_module="fine"}'), 1);
    assert.equal(sample(text, 'hpy_otel_collection_errors_total'), 1);
    assert.ok(!samples(text).some((l) => l.includes('broken')));
  } finally {
    await endpoint.shutdown();
  }
});
