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

test('the metrics join the application provider: its resource, its own instruments, every reader', async () => {
  const prometheus = new PrometheusExporter({ host: '127.0.0.1', port: 0, preventServerStart: true });
  const memory = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const periodic = new PeriodicExportingMetricReader({ exporter: memory, exportIntervalMillis: 60_000 });
  const provider = new MeterProvider({ resource: TEST_RESOURCE, readers: [prometheus, periodic] });
  provider.getMeter('app').createCounter('app.requests').add(5);
  const registration = registerHpyMetrics(provider, { snapshot: () => SNAPSHOT });
  assert.equal(registration.readers, 2);
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

    registration.unregister();
    const after = (await get(`http://127.0.0.1:${port}/metrics`)).text;
    assert.doesNotMatch(after, /hpy_api_calls_total/);
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

test('a provider without readers, or not from sdk-metrics, gets an error saying what to do', () => {
  assert.throws(() => registerHpyMetrics(new MeterProvider()), /has no readers, so nothing would ever collect/);
  const foreign = { getMeter: () => ({}) } as unknown as MeterProvider;
  assert.throws(() => registerHpyMetrics(foreign), {
    name: 'TypeError',
    message: /not an @opentelemetry\/sdk-metrics 2\.x MeterProvider.*metricProducers: \[hpyMetricProducer\(\)\]/,
  });
});
