// HpyInstrumentation as NodeSDK (and registerInstrumentations) drive it:
// setMeterProvider with the no-op stand-in and then a real provider,
// enable(), disable(), setConfig(). Its use inside a real NodeSDK, on both
// SDK lines, is in order.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import type { NodeSDKConfiguration } from '@opentelemetry/sdk-node';
import { HpyInstrumentation, registerHpyMetrics } from '../../src/otel';
import { fn, mod, snap } from './helpers';

/** The instrumentation's registration now (a call, so that the compiler
 * does not carry an assertion about it past the next method call). */
const on = (i: HpyInstrumentation) => i.registration;

const SNAPSHOT = snap([100, 1000], mod('snippets', [fn('ctx_Add', 450, [1, 2, 0])]));

/** The metric names a collection of `reader` gives. */
async function names(reader: PrometheusExporter): Promise<string[]> {
  const { resourceMetrics } = await reader.collect();
  return resourceMetrics.scopeMetrics.flatMap((s) => s.metrics.map((m) => m.descriptor.name)).sort();
}

test("NodeSDK's instrumentations option takes it (checked by the compiler)", () => {
  const instrumentations: NodeSDKConfiguration['instrumentations'] = [new HpyInstrumentation()];
  assert.equal(instrumentations.length, 1);
  const i = new HpyInstrumentation();
  assert.deepEqual([i.instrumentationName, typeof i.instrumentationVersion, i.getConfig()], ['hpy-node', 'string', { enabled: true }]);
});

test('the metrics go on the provider given last, not on the no-op stand-in, and disable() takes them off', async () => {
  const reader = new PrometheusExporter({ preventServerStart: true });
  const provider = new MeterProvider({ readers: [reader] });
  const instrumentation = new HpyInstrumentation({ snapshot: () => SNAPSHOT });
  try {
    // What NodeSDK's start() does: the global provider before its own exists, then its own.
    instrumentation.setMeterProvider(metrics.getMeterProvider());
    assert.equal(on(instrumentation), undefined);
    instrumentation.setMeterProvider(provider);
    assert.equal(on(instrumentation)?.meterProvider, provider);
    assert.deepEqual(await names(reader), ['hpy.api.calls', 'hpy.api.duration', 'hpy.otel.collection.errors']);

    instrumentation.disable();
    assert.equal(on(instrumentation), undefined);
    assert.deepEqual(instrumentation.getConfig().enabled, false);
    assert.ok(!(await names(reader)).includes('hpy.api.duration'));

    instrumentation.enable();
    assert.equal(on(instrumentation)?.histogram, true);
    assert.ok((await names(reader)).includes('hpy.api.duration'));
  } finally {
    instrumentation.disable();
    await provider.shutdown();
  }
});

test('setConfig() applies at once; a bad config is a TypeError naming the option', async () => {
  const reader = new PrometheusExporter({ preventServerStart: true });
  const provider = new MeterProvider({ readers: [reader] });
  const instrumentation = new HpyInstrumentation({ snapshot: () => SNAPSHOT });
  try {
    instrumentation.setMeterProvider(provider);
    instrumentation.setConfig({ enabled: false });
    assert.equal(on(instrumentation), undefined);
    instrumentation.setConfig({ snapshot: () => SNAPSHOT });
    assert.equal(instrumentation.getConfig().enabled, true, 'enabled unless said otherwise, as in OpenTelemetry');
    assert.equal(on(instrumentation)?.meterProvider, provider);
    assert.throws(() => new HpyInstrumentation({ enabled: 'yes' as never }), { name: 'TypeError', message: 'HpyInstrumentation: enabled must be true or false, got "yes"' });
    assert.throws(() => instrumentation.setConfig({ meterProvider: provider } as never), /^TypeError: HpyInstrumentation.setConfig: unknown option "meterProvider" in config/);
  } finally {
    instrumentation.disable();
    await provider.shutdown();
  }
});

test('a provider that already has the metrics gets a warning, not an exception inside sdk.start()', async () => {
  const provider = new MeterProvider({ readers: [new PrometheusExporter({ preventServerStart: true })] });
  const first = registerHpyMetrics(provider, { snapshot: () => SNAPSHOT });
  const warnings: string[] = [];
  const instrumentation = new HpyInstrumentation({ snapshot: () => SNAPSHOT, warn: (m) => warnings.push(m) });
  try {
    instrumentation.setMeterProvider(provider);
    assert.equal(on(instrumentation), undefined);
    assert.match(warnings.join('\n'), /^hpy-node\/otel: HpyInstrumentation could not put hpy-node's metrics on the MeterProvider it was given: .*already collects hpy-node metrics/);
  } finally {
    first.unregister();
    await provider.shutdown();
  }
});
