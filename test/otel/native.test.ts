// End to end with the real native store: what the producer exports equals
// what hpy-node/trace's get_call_counts()/get_durations() read, at the same
// moment (no traced call runs in between).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Histogram } from '@opentelemetry/sdk-metrics';
import { makeModule } from '../support/make-module';
import { get_call_counts, get_durations } from '../../src/trace/index';
import { hpyMetricProducer, startPrometheusExporter } from '../../src/otel';
import { TEST_RESOURCE, get, sample } from './helpers';

const SRC = `
HPyDef_METH(f, "f", HPyFunc_VARARGS)
static HPy f_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    HPy sum = HPy_Add(ctx, args[0], args[1]);
    HPy twice = HPy_Add(ctx, sum, sum);
    HPy_Close(ctx, sum);
    return twice;
}`;

test('counter, histogram count and sum agree with get_call_counts() and get_durations()', async () => {
  const m = makeModule(SRC, { mode: 'trace', name: 'otel_e2e' });
  for (let i = 0; i < 1000; i++) assert.equal(m.f(i, 1), 2 * (i + 1));
  const warnings: string[] = [];
  const { resourceMetrics, errors } = await hpyMetricProducer({ warn: (w) => warnings.push(w) }).collect();
  const counts = get_call_counts({ module: 'otel_e2e' });
  const durations = get_durations({ module: 'otel_e2e' });
  assert.deepEqual([errors, warnings], [[], []]);

  const [calls, duration] = resourceMetrics.scopeMetrics[0].metrics;
  const mine = (p: { attributes: Record<string, unknown> }) => p.attributes['hpy.module'] === 'otel_e2e';
  const used = Object.entries(counts).filter(([, n]) => n > 0).map(([name]) => name).sort();
  assert.deepEqual(used, ['ctx_Add', 'ctx_Close']);
  assert.deepEqual(calls.dataPoints.filter(mine).map((p) => p.attributes['hpy.function']).sort(), used, 'one series per used function');
  for (const p of calls.dataPoints.filter(mine)) {
    assert.equal(p.value, counts[p.attributes['hpy.function'] as keyof typeof counts]);
  }
  assert.equal(counts.ctx_Add, 2000);
  for (const p of duration.dataPoints.filter(mine)) {
    const name = p.attributes['hpy.function'] as keyof typeof counts;
    const h = p.value as Histogram;
    assert.equal(h.count, counts[name], `${name}: histogram count = call count`);
    // get_durations() gives whole nanoseconds, as HPy does; the histogram
    // keeps the store's fraction.
    assert.ok(Math.abs(h.sum! * 1e9 - durations[name]) <= 0.5, `${name}: histogram sum ${h.sum} s = accumulated duration ${durations[name]} ns, rounded`);
    assert.ok(h.sum! > 0);
    assert.equal(h.buckets.counts.length, h.buckets.boundaries.length + 1);
  }
});

test('a scrape of the real store shows get_call_counts() numbers', async () => {
  const m = makeModule(SRC, { mode: 'trace', name: 'otel_e2e_scrape' });
  for (let i = 0; i < 10; i++) m.f(1, 2);
  const endpoint = await startPrometheusExporter({ port: 0, resource: TEST_RESOURCE });
  try {
    const { text } = await get(endpoint.url);
    const counts = get_call_counts({ module: 'otel_e2e_scrape' });
    const series = (fn: string) => `{hpy_function="${fn}",hpy_module="otel_e2e_scrape"}`;
    assert.equal(sample(text, `hpy_api_calls_total${series('ctx_Add')}`), counts.ctx_Add);
    assert.equal(sample(text, `hpy_api_duration_count${series('ctx_Add')}`), counts.ctx_Add);
    assert.equal(sample(text, `hpy_api_duration_bucket${series('ctx_Add').replace('}', ',le="+Inf"}')}`), counts.ctx_Add);
    assert.equal(sample(text, 'hpy_otel_collection_errors_total'), 0);
  } finally {
    await endpoint.shutdown();
  }
});
