// registerHpyMetrics on a MeterProvider the application built itself: the
// hpy-node metrics come out of its readers next to its own instruments.
import { test } from 'node:test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import assert from 'node:assert/strict';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { registerHpyMetrics } from '../../src/otel';
import { TEST_RESOURCE, fn, get, mod, snap } from './helpers';

const servers: Server[] = [];
test.after(() => servers.forEach((s) => s.close()));

const SNAPSHOT = snap([100, 1000], mod('snippets', [fn('ctx_Add', 450, [1, 2, 0])]));
const LATER = snap([100, 1000], mod('snippets', [fn('ctx_Add', 900, [2, 4, 0])]));
let current = SNAPSHOT;

test('the metrics join the application provider: its resource, its own instruments, every reader', async () => {
  const prometheus = new PrometheusExporter({ host: '127.0.0.1', port: 0, preventServerStart: true });
  const memory = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const periodic = new PeriodicExportingMetricReader({ exporter: memory, exportIntervalMillis: 60_000 });
  const provider = new MeterProvider({ resource: TEST_RESOURCE, readers: [prometheus, periodic] });
  provider.getMeter('app').createCounter('app.requests').add(5);
  const registration = registerHpyMetrics(provider, { snapshot: () => current });
  assert.equal(registration.readers, 2);
  assert.equal(registration.histogram, true);
  try {
    // Mounted in a server of the test's own, as an application would.
    const server = createServer((req, res) => prometheus.getMetricsRequestHandler(req, res));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const text = (await get(`http://127.0.0.1:${port}/metrics`)).text;
    assert.match(text, /^target_info\{service_name="otel-test"\} 1$/m);
    assert.match(text, /^app_requests_total\{[^}]*\} 5$/m);
    assert.match(text, /^hpy_api_calls_total\{[^}]*hpy_function="ctx_Add",hpy_module="snippets"[^}]*\} 3$/m);
    assert.match(text, /^hpy_api_duration_count\{[^}]*hpy_function="ctx_Add"[^}]*\} 3$/m);

    await periodic.forceFlush();
    const pushed = memory.getMetrics().at(-1)!;
    const names = pushed.scopeMetrics.flatMap((s) => s.metrics.map((m) => m.descriptor.name));
    assert.ok(names.includes('app.requests') && names.includes('hpy.api.calls') && names.includes('hpy.api.duration'), names.join(', '));

    current = LATER;
    registration.unregister();
    const after = (await get(`http://127.0.0.1:${port}/metrics`)).text;
    assert.doesNotMatch(after, /hpy_api_duration/);
    // The SDK keeps reporting the last value of a cumulative asynchronous
    // counter whose callback is gone; it no longer follows the store.
    assert.match(after, /^hpy_api_calls_total\{[^}]*hpy_function="ctx_Add"[^}]*\} 3$/m);
    assert.match(after, /^app_requests_total/m, 'the application metrics stay');
  } finally {
    await provider.shutdown();
  }
});

test('registering twice on one provider is refused; after unregister it works again', async () => {
  const provider = new MeterProvider({ readers: [new PrometheusExporter({ preventServerStart: true })] });
  try {
    const first = registerHpyMetrics(provider, { snapshot: () => SNAPSHOT });
    assert.throws(() => registerHpyMetrics(provider), /already collects hpy-node metrics; call unregister\(\)/);
    first.unregister();
    registerHpyMetrics(provider, { snapshot: () => SNAPSHOT }).unregister();
  } finally {
    await provider.shutdown();
  }
});

test('a provider without readers is refused; one whose readers cannot be reached gets the counters and a warning naming metricProducers', async () => {
  assert.throws(() => registerHpyMetrics(new MeterProvider()), /has no readers, so nothing would ever collect/);
  // An object that is neither a provider nor options ({} is no options).
  assert.throws(() => registerHpyMetrics({ meter: 1 } as unknown as MeterProvider), { name: 'TypeError', message: /MeterProvider of your OpenTelemetry setup.*, or options such as/ });
  // Any implementation of the metrics API: here an SDK provider seen only
  // through a wrapper that forwards getMeter, so its readers are out of reach.
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const inner = new MeterProvider({ resource: TEST_RESOURCE, readers: [exporter] });
  const warnings: string[] = [];
  const wrapped = { getMeter: (...args: Parameters<MeterProvider['getMeter']>) => inner.getMeter(...args) } as unknown as MeterProvider;
  const registration = registerHpyMetrics(wrapped, { snapshot: () => SNAPSHOT, warn: (m) => warnings.push(m) });
  try {
    assert.equal(registration.histogram, false);
    assert.equal(registration.readers, 0);
    assert.match(warnings.join('\n'), /exports the counters \(hpy\.api\.calls, hpy\.extension\.calls, \.\.\.\) but not the histograms hpy\.api\.duration and hpy\.extension\.duration.*metricProducers: \[hpyMetricProducer\(\)\]/);
    const { resourceMetrics } = await exporter.collect();
    const names = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics.map((m) => m.descriptor.name));
    assert.deepEqual(names.sort(), ['hpy.api.calls', 'hpy.otel.collection.errors']);
  } finally {
    registration.unregister();
    await inner.shutdown();
  }
});

test('a delta reader gets deltas of the histogram; the counters follow its temporality through the SDK', async () => {
  const memory = new InMemoryMetricExporter(AggregationTemporality.DELTA);
  const reader = new PeriodicExportingMetricReader({ exporter: memory, exportIntervalMillis: 60_000 });
  const provider = new MeterProvider({ readers: [reader] });
  let now = SNAPSHOT;
  registerHpyMetrics(provider, { snapshot: () => now });
  try {
    await reader.forceFlush();
    now = LATER;
    await reader.forceFlush();
    const last = memory.getMetrics().at(-1)!.scopeMetrics.flatMap((s) => s.metrics);
    const calls = last.find((m) => m.descriptor.name === 'hpy.api.calls')!;
    const duration = last.find((m) => m.descriptor.name === 'hpy.api.duration')!;
    assert.equal(calls.aggregationTemporality, AggregationTemporality.DELTA);
    assert.equal(calls.dataPoints[0].value, 3, 'calls 3 -> 6');
    assert.equal(duration.aggregationTemporality, AggregationTemporality.DELTA);
    const h = duration.dataPoints[0].value as { count: number; sum: number; buckets: { counts: number[] } };
    assert.deepEqual(h.buckets.counts, [1, 2, 0]);
    assert.equal(h.count, 3);
    assert.ok(Math.abs(h.sum - 450e-9) < 1e-15, String(h.sum));
  } finally {
    await provider.shutdown();
  }
});

test('one collection reads the store once: the counters and the histogram see the same numbers', async () => {
  const reader = new PrometheusExporter({ preventServerStart: true });
  const provider = new MeterProvider({ readers: [reader] });
  let reads = 0;
  let finished = 0;
  // Every read finds one more call finished than the last: two reads in one
  // collection would show _count above the call count.
  registerHpyMetrics(provider, {
    snapshot: () => {
      reads++;
      finished++;
      return snap([100], mod('snippets', [fn('ctx_Add', 10 * finished, [finished, 0], finished)]));
    },
  });
  try {
    const { resourceMetrics } = await reader.collect();
    assert.equal(reads, 1);
    const metrics = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
    const calls = metrics.find((m) => m.descriptor.name === 'hpy.api.calls')!.dataPoints[0].value;
    const count = (metrics.find((m) => m.descriptor.name === 'hpy.api.duration')!.dataPoints[0].value as { count: number }).count;
    assert.deepEqual([calls, count], [1, 1]);
    await new Promise((r) => setImmediate(r));
    await reader.collect();
    assert.equal(reads, 2, 'the next collection reads again');
  } finally {
    await provider.shutdown();
  }
});
