// The OTEL_* variables: what each accepts, and the error for what it does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { otelResource, parseExporters, readOtelConfig } from '../../src/otel';
import { sdkDisabled } from '../../src/otel/config';

test('OTEL_METRICS_EXPORTER: default prometheus, comma lists, case and spaces, none', () => {
  assert.deepEqual(parseExporters(undefined), ['prometheus']);
  assert.deepEqual(parseExporters('  '), ['prometheus']);
  assert.deepEqual(parseExporters('otlp'), ['otlp']);
  assert.deepEqual(parseExporters(' Prometheus , OTLP,prometheus'), ['prometheus', 'otlp']);
  assert.deepEqual(parseExporters('none'), []);
  assert.deepEqual(parseExporters('console,prometheus'), ['console', 'prometheus']);
});

test('OTEL_METRICS_EXPORTER: an unknown name is an error naming it and the supported ones', () => {
  assert.throws(() => parseExporters('prometheus,zipkin'), {
    message: 'OTEL_METRICS_EXPORTER="prometheus,zipkin": unknown metrics exporter "zipkin"; hpy-node supports prometheus, otlp, console (or a comma list such as prometheus,otlp), and none to turn metrics off',
  });
  assert.throws(() => parseExporters('none,otlp'), /"none" turns metrics off and cannot be combined/);
});

test('Prometheus host and port: defaults, values, and a bad port named', () => {
  assert.deepEqual(readOtelConfig({}).prometheus, { host: '127.0.0.1', port: 9464, endpoint: '/metrics' });
  assert.deepEqual(readOtelConfig({ OTEL_EXPORTER_PROMETHEUS_HOST: '0.0.0.0', OTEL_EXPORTER_PROMETHEUS_PORT: '0' }).prometheus, {
    host: '0.0.0.0',
    port: 0,
    endpoint: '/metrics',
  });
  for (const port of ['http', '70000', '-1', '9464.5']) {
    assert.throws(() => readOtelConfig({ OTEL_EXPORTER_PROMETHEUS_PORT: port }), {
      message: `OTEL_EXPORTER_PROMETHEUS_PORT=${JSON.stringify(port)} is not a TCP port: give a number from 1 to 65535 (0 picks a free port)`,
    });
  }
});

test('only the configured exporters are checked', () => {
  const config = readOtelConfig({ OTEL_METRICS_EXPORTER: 'otlp', OTEL_EXPORTER_PROMETHEUS_PORT: 'nope' });
  assert.equal(config.prometheus, undefined);
  assert.deepEqual(config.otlp, { protocol: 'http/protobuf', temporality: 'cumulative', intervalMillis: 60000, timeoutMillis: 30000 });
  assert.deepEqual(readOtelConfig({ OTEL_METRICS_EXPORTER: 'none', OTEL_METRIC_EXPORT_INTERVAL: 'x' }), { exporters: [], prometheus: undefined, otlp: undefined, console: undefined });
});

test('OTLP: interval and timeout, clamped timeout, and bad values named', () => {
  const otlp = (env: Record<string, string>) => readOtelConfig({ OTEL_METRICS_EXPORTER: 'otlp', ...env }).otlp;
  assert.deepEqual(otlp({ OTEL_METRIC_EXPORT_INTERVAL: '1000' }), { protocol: 'http/protobuf', temporality: 'cumulative', intervalMillis: 1000, timeoutMillis: 1000 });
  assert.deepEqual(otlp({ OTEL_METRIC_EXPORT_INTERVAL: '5000', OTEL_METRIC_EXPORT_TIMEOUT: '200' }), { protocol: 'http/protobuf', temporality: 'cumulative', intervalMillis: 5000, timeoutMillis: 200 });
  assert.throws(() => otlp({ OTEL_METRIC_EXPORT_INTERVAL: '0' }), /^Error: OTEL_METRIC_EXPORT_INTERVAL="0" is not a duration/);
  assert.throws(() => otlp({ OTEL_METRIC_EXPORT_TIMEOUT: '5s' }), /OTEL_METRIC_EXPORT_TIMEOUT="5s" is not a duration: give a whole number of milliseconds/);
});

test('OTLP protocol: http/protobuf by default, or http/json; the metrics variable wins over the general one', () => {
  const otlp = (env: Record<string, string>) => readOtelConfig({ OTEL_METRICS_EXPORTER: 'otlp', ...env }).otlp!;
  assert.equal(otlp({}).protocol, 'http/protobuf');
  assert.equal(otlp({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }).protocol, 'http/json');
  assert.equal(otlp({ OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/protobuf', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }).protocol, 'http/protobuf');
  assert.equal(otlp({ OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }).protocol, 'http/json');
  assert.throws(() => otlp({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }), {
    message:
      'OTEL_EXPORTER_OTLP_PROTOCOL="grpc": hpy-node pushes OTLP metrics over HTTP only, as http/protobuf or http/json; ' +
      "set OTEL_EXPORTER_OTLP_METRICS_PROTOCOL=http/protobuf (a collector's OTLP/HTTP receiver, port 4318, accepts it)",
  });
  assert.throws(() => otlp({ OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/xml' }), /OTEL_EXPORTER_OTLP_METRICS_PROTOCOL="http\/xml"/);
});

function withEnv<T>(vars: Record<string, string | undefined>, run: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const set = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  set(vars);
  try {
    return run();
  } finally {
    set(saved);
  }
}

test('resource: OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES, over the SDK defaults', () => {
  const attrs = withEnv({ OTEL_SERVICE_NAME: 'shop', OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod,team=a%2Cb' }, () => otelResource().attributes);
  assert.equal(attrs['service.name'], 'shop');
  assert.equal(attrs['deployment.environment'], 'prod');
  assert.equal(attrs['team'], 'a,b');
  assert.equal(attrs['telemetry.sdk.language'], 'nodejs');
  const plain = withEnv({ OTEL_SERVICE_NAME: undefined, OTEL_RESOURCE_ATTRIBUTES: undefined }, () => otelResource().attributes);
  assert.match(String(plain['service.name']), /^unknown_service:/);
});

test('resource: a malformed OTEL_RESOURCE_ATTRIBUTES entry is left out with a warning naming it; the others are kept', () => {
  const run = (value: string) => {
    const warnings: string[] = [];
    const attributes = withEnv({ OTEL_SERVICE_NAME: undefined, OTEL_RESOURCE_ATTRIBUTES: value }, () => otelResource((m) => warnings.push(m)).attributes);
    return { attributes, warnings };
  };
  const r = run('a=1,b,team=x%3Dy');
  assert.equal(r.attributes['a'], '1');
  assert.equal(r.attributes['team'], 'x=y');
  assert.equal('b' in r.attributes, false);
  assert.deepEqual(r.warnings, ['hpy-node: OTEL_RESOURCE_ATTRIBUTES entry "b" is not key=value (percent-encode "," and "=" inside keys and values); it is left out, the other entries are kept']);
  assert.match(run('a=1=2,c=3').warnings[0], /entry "a=1=2" is not key=value/);
  assert.equal(run('a=1=2,c=3').attributes['c'], '3');
  assert.match(run('=1').warnings[0], /entry "=1" has an empty key/);
  assert.match(run('a=%E0%A4%A,service.name=kept').warnings[0], /entry "a=%E0%A4%A" has a bad percent-encoding/);
  assert.equal(run('a=%E0%A4%A,service.name=kept').attributes['service.name'], 'kept');
});

test('OTEL_SDK_DISABLED: true in any case turns everything off; false and unset do not; anything else warns and does not', () => {
  const warnings: string[] = [];
  const warn = (m: string) => warnings.push(m);
  assert.equal(sdkDisabled({ OTEL_SDK_DISABLED: 'TRUE' }, warn), true);
  assert.equal(sdkDisabled({ OTEL_SDK_DISABLED: 'false' }, warn), false);
  assert.equal(sdkDisabled({}, warn), false);
  assert.deepEqual(warnings, []);
  assert.equal(sdkDisabled({ OTEL_SDK_DISABLED: '1' }, warn), false);
  assert.deepEqual(warnings, ['hpy-node: OTEL_SDK_DISABLED="1" is neither true nor false; taken as false (metrics stay on)']);
  assert.equal(sdkDisabled({ OTEL_SDK_DISABLED: '1' }, warn), false);
  assert.equal(warnings.length, 1, 'the same value is warned about once');
  // Disabled wins over everything else, and nothing else is read.
  assert.deepEqual(readOtelConfig({ OTEL_SDK_DISABLED: 'true', OTEL_METRICS_EXPORTER: 'bogus' }), { exporters: [], disabled: true });
});

test('console exporter: the push schedule of the OTEL_METRIC_EXPORT_* variables', () => {
  assert.deepEqual(readOtelConfig({ OTEL_METRICS_EXPORTER: 'console', OTEL_METRIC_EXPORT_INTERVAL: '500' }).console, { intervalMillis: 500, timeoutMillis: 500 });
});

test('OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: cumulative by default, delta, lowmemory, any case; anything else named', () => {
  const otlp = (env: Record<string, string>) => readOtelConfig({ OTEL_METRICS_EXPORTER: 'otlp', ...env }).otlp!;
  assert.equal(otlp({}).temporality, 'cumulative');
  assert.equal(otlp({ OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'Delta' }).temporality, 'delta');
  assert.equal(otlp({ OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'lowmemory' }).temporality, 'lowmemory');
  assert.throws(() => otlp({ OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'deltas' }), {
    message: 'OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE="deltas": give cumulative, delta, lowmemory (unset, it is cumulative)',
  });
});
