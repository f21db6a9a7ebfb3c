// Selection (modules, context functions) and histogram boundaries: options
// and HPY_METRICS_* variables, applied alike to the counters, the histogram
// and debug mode's metrics, on each exporter; and what OpenTelemetry Views do
// and cannot do to hpy-node's metrics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { AggregationType, MeterProvider, type Histogram, type MetricData } from '@opentelemetry/sdk-metrics';
import { hpyMetricProducer, registerHpyMetrics, type HpyMetricProducerOptions } from '../../src/otel';
import { readSelection } from '../../src/otel/selection';
import { registerHpyCollector } from '../../src/prom-client';
import { makeModule } from '../support/make-module';
import { get_call_counts } from '../../src/trace/index';
import { fn, mod, samples, snap } from './helpers';

// Bounds 10, 20, 50, 100 ns: five buckets, +Inf last.
const SNAPSHOT = snap(
  [10, 20, 50, 100],
  mod('shop', [fn('ctx_Add', 400, [1, 2, 3, 4, 5]), fn('ctx_Long_FromInt64_t', 90, [0, 1, 1, 0, 0]), fn('ctx_Close', 5, [1, 0, 0, 0, 0])]),
  mod('vendor_x', [fn('ctx_Add', 30, [0, 1, 0, 0, 0])]),
);
const DEBUG = () => [
  { name: 'shop', path: '/ext/shop.hpy.so', openHandles: 2, invalidUses: 1 },
  { name: 'vendor_x', path: '/ext/vendor_x.hpy.so', openHandles: 7, invalidUses: 0 },
];

async function collected(options: HpyMetricProducerOptions): Promise<Map<string, MetricData>> {
  const { resourceMetrics, errors } = await hpyMetricProducer({ snapshot: () => SNAPSHOT, debug: DEBUG, ...options }).collect();
  assert.deepEqual(errors, []);
  return new Map(resourceMetrics.scopeMetrics[0].metrics.map((m) => [m.descriptor.name, m]));
}

/** "module/function" of every point of `name` ("module" for debug metrics). */
function seriesOf(byName: Map<string, MetricData>, name: string): string[] {
  return (byName.get(name)?.dataPoints ?? []).map((p) => [p.attributes['hpy.module'], p.attributes['hpy.function']].filter(Boolean).join('/'));
}

test('modules and functions select the same series of the counter and the histogram, and debug mode follows the module choice', async () => {
  const cases: Array<[HpyMetricProducerOptions, string[], string[]]> = [
    [{}, ['shop/ctx_Close', 'shop/ctx_Long_FromInt64_t', 'shop/ctx_Add', 'vendor_x/ctx_Add'], ['shop', 'vendor_x']],
    [{ modules: ['shop'] }, ['shop/ctx_Close', 'shop/ctx_Long_FromInt64_t', 'shop/ctx_Add'], ['shop']],
    [{ excludeModules: ['vendor_*'] }, ['shop/ctx_Close', 'shop/ctx_Long_FromInt64_t', 'shop/ctx_Add'], ['shop']],
    [{ functions: ['ctx_Add', 'ctx_Long_*'] }, ['shop/ctx_Long_FromInt64_t', 'shop/ctx_Add', 'vendor_x/ctx_Add'], ['shop', 'vendor_x']],
    [{ excludeFunctions: ['ctx_Close'], modules: ['*'], excludeModules: ['shop'] }, ['vendor_x/ctx_Add'], ['vendor_x']],
  ];
  for (const [options, series, debugModules] of cases) {
    const byName = await collected(options);
    const what = JSON.stringify(options);
    assert.deepEqual(seriesOf(byName, 'hpy.api.calls'), series, what);
    assert.deepEqual(seriesOf(byName, 'hpy.api.duration'), series, what);
    assert.deepEqual(seriesOf(byName, 'hpy.debug.open_handles'), debugModules, what);
    assert.deepEqual(seriesOf(byName, 'hpy.debug.invalid_uses'), debugModules, what);
  }
});

test('boundaries coarsen the store buckets exactly: each bucket adds up the store buckets below its bound', async () => {
  const byName = await collected({ boundaries: [2e-8, 1e-7], functions: ['ctx_Add'], modules: ['shop'] });
  const h = byName.get('hpy.api.duration')!.dataPoints[0].value as Histogram;
  // Store buckets [<=10, <=20, <=50, <=100, +Inf] = [1, 2, 3, 4, 5].
  assert.deepEqual(h.buckets, { boundaries: [2e-8, 1e-7], counts: [3, 7, 5] });
  assert.equal(h.count, 15);
  assert.equal(h.sum, 400e-9);
  assert.equal(byName.get('hpy.api.calls')!.dataPoints[0].value, 15, 'the counter is not touched by boundaries');
});

test('a boundary between two store bounds is refused with the bounds to choose from, never approximated', async () => {
  const warnings: string[] = [];
  const producer = hpyMetricProducer({ snapshot: () => SNAPSHOT, boundaries: [3e-8], warn: (m) => warnings.push(m) });
  const { resourceMetrics, errors } = await producer.collect();
  assert.equal(errors.length, 1);
  assert.match(warnings[0], /histogram boundaries 3e-8 are not bounds of the trace store's buckets.*choose among 1e-8, 2e-8, 5e-8, 1e-7 \(seconds\)/);
  assert.deepEqual(
    resourceMetrics.scopeMetrics[0].metrics.map((m) => m.descriptor.name).filter((n) => n.startsWith('hpy.api')),
    [],
    'no series rather than wrong ones',
  );
  // On the native store the bounds are known at once: the error comes at construction.
  assert.throws(() => hpyMetricProducer({ boundaries: [1.5e-6] }), { name: 'TypeError', message: /1\.5e-6 are not bounds.*choose among 1e-8, 2e-8, 5e-8, 1e-7, 2e-7, 5e-7, 1e-6, .*, 0\.5, 1, 2, 5, 10 \(seconds\)/ });
  assert.throws(() => hpyMetricProducer({ boundaries: [1e-3, 1e-6] }), /option boundaries: \[0\.001,0\.000001\] is not ascending/);
  assert.throws(() => hpyMetricProducer({ boundaries: [] }), /boundaries must be a non-empty array of positive numbers/);
});

test('a function name that names no context function is an error naming the option or the variable', () => {
  assert.throws(() => hpyMetricProducer({ functions: ['HPy_Add'] }), { name: 'TypeError', message: /option functions: "HPy_Add" names no HPy context function.*such as ctx_Add/ });
  assert.throws(() => readSelection({}, { HPY_METRICS_EXCLUDE_FUNCTIONS: 'ctx_Add, ctx_Nope*' }), /^TypeError: HPY_METRICS_EXCLUDE_FUNCTIONS="ctx_Add, ctx_Nope\*": "ctx_Nope\*" names no/);
  assert.throws(() => readSelection({}, { HPY_METRICS_BOUNDARIES: '1e-6,fast' }), /HPY_METRICS_BOUNDARIES="1e-6,fast": give the histogram's upper bounds in seconds as a comma list/);
});

test('HPY_METRICS_* variables apply when the option is not given; an option wins over its variable', () => {
  const env = { HPY_METRICS_FUNCTIONS: 'ctx_Add', HPY_METRICS_EXCLUDE_MODULES: 'vendor_*', HPY_METRICS_BOUNDARIES: '2e-8, 1e-7' };
  const s = readSelection({}, env);
  assert.equal(s.module('shop'), true);
  assert.equal(s.module('vendor_x'), false);
  assert.equal(s.functions.reduce((a, b) => a + b, 0), 1);
  assert.deepEqual((s.bucketsFor([10, 20, 50, 100]) as { boundaries: number[] }).boundaries, [2e-8, 1e-7]);
  const given = readSelection({ functions: ['ctx_Close', 'ctx_Dup'], excludeModules: [] }, env);
  assert.equal(given.functions.reduce((a, b) => a + b, 0), 2);
  assert.equal(given.module('vendor_x'), true);
});

test('the variables reach a producer built with no options (as hpy-node/register, OTLP and /metrics build theirs)', async () => {
  process.env.HPY_METRICS_FUNCTIONS = 'ctx_Long_*';
  try {
    const byName = await collected({});
    assert.deepEqual(seriesOf(byName, 'hpy.api.calls'), ['shop/ctx_Long_FromInt64_t']);
    assert.deepEqual(seriesOf(byName, 'hpy.api.duration'), ['shop/ctx_Long_FromInt64_t']);
  } finally {
    delete process.env.HPY_METRICS_FUNCTIONS;
  }
});

test('prom-client and the provider bridge export the same selection and boundaries', async () => {
  const options = { snapshot: () => SNAPSHOT, excludeModules: ['vendor_x'], functions: ['ctx_Add'], boundaries: [5e-8] } as const;
  const registry = new Registry();
  registerHpyCollector(registry, { ...options, functions: [...options.functions], excludeModules: [...options.excludeModules], boundaries: [...options.boundaries] });
  const promText = samples(await registry.metrics()).filter((l) => l.startsWith('hpy_api'));
  assert.deepEqual(promText, [
    'hpy_api_calls_total{hpy_function="ctx_Add",hpy_module="shop"} 15',
    'hpy_api_duration_bucket{hpy_function="ctx_Add",hpy_module="shop",le="5e-8"} 6',
    'hpy_api_duration_bucket{hpy_function="ctx_Add",hpy_module="shop",le="+Inf"} 15',
    'hpy_api_duration_sum{hpy_function="ctx_Add",hpy_module="shop"} 4e-7',
    'hpy_api_duration_count{hpy_function="ctx_Add",hpy_module="shop"} 15',
  ]);

  const reader = new PrometheusExporter({ preventServerStart: true });
  const provider = new MeterProvider({ readers: [reader] });
  registerHpyMetrics(provider, { ...options, functions: [...options.functions], excludeModules: [...options.excludeModules], boundaries: [...options.boundaries] });
  try {
    const byName = new Map((await reader.collect()).resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).map((m) => [m.descriptor.name, m]));
    assert.deepEqual(seriesOf(byName, 'hpy.api.calls'), ['shop/ctx_Add']);
    assert.deepEqual(seriesOf(byName, 'hpy.api.duration'), ['shop/ctx_Add']);
    assert.deepEqual((byName.get('hpy.api.duration')!.dataPoints[0].value as Histogram).buckets.counts, [6, 9]);
  } finally {
    await provider.shutdown();
  }
});

test('Views reach the provider bridge counters but not the histogram, which a MetricProducer hands over as it is', async () => {
  const reader = new PrometheusExporter({ preventServerStart: true });
  const provider = new MeterProvider({
    readers: [reader],
    views: [
      { instrumentName: 'hpy.api.duration', aggregation: { type: AggregationType.DROP } },
      { instrumentName: 'hpy.api.calls', name: 'shop.hpy.calls' },
    ],
  });
  registerHpyMetrics(provider, { snapshot: () => SNAPSHOT });
  try {
    const names = (await reader.collect()).resourceMetrics.scopeMetrics.flatMap((s) => s.metrics.map((m) => m.descriptor.name)).sort();
    assert.deepEqual(names, ['hpy.api.duration', 'hpy.otel.collection.errors', 'shop.hpy.calls']);
  } finally {
    await provider.shutdown();
  }
});

test('on the native store: coarser boundaries keep count, +Inf and the call count equal', async () => {
  const m = makeModule(
    `
HPyDef_METH(f, "f", HPyFunc_VARARGS)
static HPy f_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    return HPy_Add(ctx, args[0], args[1]);
}`,
    { mode: 'trace', name: 'otel_selected' },
  );
  for (let i = 0; i < 500; i++) m.f(i, 1);
  const { resourceMetrics, errors } = await hpyMetricProducer({ modules: ['otel_selected'], functions: ['ctx_Add'], boundaries: [1e-6, 1e-3] }).collect();
  assert.deepEqual(errors, []);
  const metrics = resourceMetrics.scopeMetrics[0].metrics;
  const calls = metrics.find((x) => x.descriptor.name === 'hpy.api.calls')!.dataPoints;
  const duration = metrics.find((x) => x.descriptor.name === 'hpy.api.duration')!.dataPoints;
  assert.deepEqual(calls.map((p) => p.attributes), [{ 'hpy.function': 'ctx_Add', 'hpy.module': 'otel_selected' }]);
  const h = duration[0].value as Histogram;
  assert.deepEqual(h.buckets.boundaries, [1e-6, 1e-3]);
  assert.equal(h.count, get_call_counts({ module: 'otel_selected' }).ctx_Add);
  assert.equal(h.buckets.counts.reduce((a, b) => a + b, 0), h.count);
  assert.equal(calls[0].value, h.count);
});
