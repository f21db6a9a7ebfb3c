// registerHpyMetrics() without a provider follows the global one: what it
// does when that provider cannot take the metrics, and after unregister().
// The orders themselves (before and after sdk.start(), a provider set later
// and replaced), on both SDK lines, are in order.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { registerHpyMetrics } from '../../src/otel';
import { WATCH_MS } from '../../src/otel/global-provider';
import { fn, mod, snap } from './helpers';

const SNAPSHOT = snap([100, 1000], mod('snippets', [fn('ctx_Add', 450, [1, 2, 0])]));
const options = { snapshot: () => SNAPSHOT };

test.afterEach(() => metrics.disable());

test('a global provider that already has the metrics: set now, an exception; set later, a warning', async () => {
  const provider = new MeterProvider({ readers: [new PrometheusExporter({ preventServerStart: true })] });
  const explicit = registerHpyMetrics(provider, options);
  try {
    metrics.setGlobalMeterProvider(provider);
    assert.throws(() => registerHpyMetrics(options), /already collects hpy-node metrics/);
    metrics.disable();
    const warnings: string[] = [];
    const following = registerHpyMetrics(undefined, { ...options, warn: (m) => warnings.push(m) });
    metrics.setGlobalMeterProvider(provider);
    await sleep(3 * WATCH_MS);
    assert.equal(following.meterProvider, undefined);
    assert.match(warnings.join('\n'), /^hpy-node\/otel: registerHpyMetrics\(\) could not join the global MeterProvider set just now: .*already collects/);
    following.unregister();
  } finally {
    explicit.unregister();
    await provider.shutdown();
  }
});

test('after unregister() a provider set later gets nothing', async () => {
  const reader = new PrometheusExporter({ preventServerStart: true });
  const provider = new MeterProvider({ readers: [reader] });
  const registration = registerHpyMetrics(options);
  registration.unregister();
  metrics.setGlobalMeterProvider(provider);
  await sleep(3 * WATCH_MS);
  try {
    assert.equal(registration.meterProvider, undefined);
    const { resourceMetrics } = await reader.collect();
    assert.deepEqual(resourceMetrics.scopeMetrics, []);
  } finally {
    await provider.shutdown();
  }
});
