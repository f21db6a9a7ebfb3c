// The internals of OpenTelemetry's packages hpy-node uses (src/otel/
// sdk-internals.ts): present on this repository's SDK line (the 3.x line runs
// the same check in sdk-lines.test.ts), and, when an object lacks one, an
// error naming the internal, the tested versions and the consequence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { checkSdkInternals, SdkInternalsError } from '../../src/otel';
import { histogramHooksOf, readerSlotsOf, rewireOtlpTransport } from '../../src/otel/sdk-internals';

test('checkSdkInternals finds all four internals on the installed packages', () => {
  const checks = checkSdkInternals();
  assert.equal(checks.length, 4);
  assert.deepEqual(
    checks.filter((c) => c.problem !== undefined),
    [],
  );
});

test('a provider without the reader internals is an SdkInternalsError naming the field and the tested versions', () => {
  const inner = new MeterProvider();
  const wrapped = { getMeter: inner.getMeter.bind(inner) };
  const slots = readerSlotsOf(wrapped);
  assert.ok(slots instanceof SdkInternalsError);
  assert.match(slots.message, /_metricReader\._metricProducers is not there.*tested with sdk-metrics 2\.12\+ and 3\.x.*cannot be reached/);
});

test('a serializer without _serializeHistogramDataPoint says the stock serializer is used', () => {
  const serializer = new PrometheusSerializer();
  Object.defineProperty(serializer, '_serializeHistogramDataPoint', { value: undefined });
  const hooks = histogramHooksOf(serializer);
  assert.ok(hooks instanceof SdkInternalsError);
  assert.match(hooks.message, /PrometheusSerializer\._serializeHistogramDataPoint.*OpenTelemetry's own serializer/);
});

test('an OTLP exporter of another shape is refused: hpy-node does not push', () => {
  assert.throws(() => rewireOtlpTransport({ _delegate: {} }, (make) => make), {
    name: 'SdkInternalsError',
    message: /agentFactory is not there.*could keep the process alive.*npm ls @opentelemetry\/exporter-metrics-otlp-http/,
  });
});
