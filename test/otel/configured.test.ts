// The zero-code path: exporters started from the OTEL_* variables, by
// startConfiguredExporters() and by `--import hpy-node/register` in a child.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { hpyMetricProducer, startConfiguredExporters } from '../../src/otel';
import { close, fn, get, listen, mod, sample, snap } from './helpers';
import { decodeMetricsRequest } from './otlp-protobuf';

const ROOT = join(__dirname, '..', '..');
const OTEL_VARS = ['OTEL_METRICS_EXPORTER', 'OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE', 'OTEL_SDK_DISABLED', 'OTEL_EXPORTER_PROMETHEUS_HOST', 'OTEL_EXPORTER_PROMETHEUS_PORT', 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT', 'OTEL_EXPORTER_OTLP_METRICS_PROTOCOL', 'OTEL_METRIC_EXPORT_INTERVAL', 'OTEL_SERVICE_NAME'];

async function withEnv<T>(vars: Record<string, string>, run: () => Promise<T>): Promise<T> {
  const saved = OTEL_VARS.map((k) => [k, process.env[k]] as const);
  for (const k of OTEL_VARS) delete process.env[k];
  Object.assign(process.env, vars);
  try {
    return await run();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

test('prometheus,otlp: one scrape endpoint and a periodic push, both from the environment', async () => {
  const pushes: any[] = [];
  const { server, port } = await listen((_req, body, res) => {
    pushes.push(JSON.parse(body.toString('utf8')));
    res.end('{}');
  });
  const producer = hpyMetricProducer({ snapshot: () => snap([100], mod('snippets', [fn('ctx_Add', 10, [2, 0])])) });
  const env = {
    OTEL_METRICS_EXPORTER: 'prometheus,otlp',
    OTEL_EXPORTER_PROMETHEUS_PORT: '0',
    OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: `http://127.0.0.1:${port}/v1/metrics`,
    OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/json',
    OTEL_METRIC_EXPORT_INTERVAL: '100',
    OTEL_SERVICE_NAME: 'configured-test',
  };
  const running = await withEnv(env, () => startConfiguredExporters({ producer }));
  try {
    assert.deepEqual(running.exporters, ['prometheus', 'otlp']);
    const { text } = await get(running.prometheus!.url);
    assert.match(running.prometheus!.url, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    assert.equal(sample(text, 'hpy_api_calls_total{hpy_function="ctx_Add",hpy_module="snippets"}'), 2);
    assert.match(text, /^target_info\{service_name="configured-test",telemetry_sdk_language="nodejs",.*\} 1$/m);
    const deadline = Date.now() + 5000;
    while (pushes.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.ok(pushes.length >= 2, `two periodic pushes, got ${pushes.length}`);
    assert.equal(pushes[0].resourceMetrics[0].scopeMetrics[0].metrics[0].name, 'hpy.api.calls');
  } finally {
    await running.shutdown();
    await close(server);
  }
});

test('none starts nothing; a bad variable rejects naming it', async () => {
  const none = await withEnv({ OTEL_METRICS_EXPORTER: 'none' }, () => startConfiguredExporters());
  assert.deepEqual([none.exporters, none.prometheus, none.otlp], [[], undefined, undefined]);
  await withEnv({ OTEL_METRICS_EXPORTER: 'prometheus', OTEL_EXPORTER_PROMETHEUS_PORT: 'ninety' }, () =>
    assert.rejects(startConfiguredExporters(), /OTEL_EXPORTER_PROMETHEUS_PORT="ninety" is not a TCP port/),
  );
});

interface Child {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `script` under `node --import tsx --import src/register.ts` with
 * only the given OTEL variables; `whileRunning` sees stderr as it comes and returns true to end the child. */
function runRegistered(script: string, env: Record<string, string>, whileRunning?: (stderr: string) => Promise<boolean>): Promise<Child> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_') && k !== 'HPY'));
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', './src/register.ts', '-e', script], { cwd: ROOT, env: { ...base, ...env } });
  let stdout = '';
  let stderr = '';
  let acting = false;
  setTimeout(() => child.kill(), 20000).unref(); // never hang the suite
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => {
    stderr += d;
    if (whileRunning && !acting) {
      acting = true;
      whileRunning(stderr).then((done) => (done ? child.kill() : (acting = false)), () => child.kill());
    }
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

test('register: a bad exporter name is printed and the application runs on', async () => {
  const r = await runRegistered('console.log("app ran")', { OTEL_METRICS_EXPORTER: 'prometheus,bogus' });
  assert.equal(r.code, 0);
  assert.equal(r.stdout, 'app ran\n');
  assert.match(r.stderr, /hpy-node: OTEL_METRICS_EXPORTER="prometheus,bogus": unknown metrics exporter "bogus".*\nhpy-node: metrics are off; the application runs on\./);
});

test('register: serves /metrics and says where', async () => {
  let scraped: { status: number; text: string } | undefined;
  const r = await runRegistered('setInterval(() => {}, 1000)', { HPY: 'trace', OTEL_EXPORTER_PROMETHEUS_PORT: '0' }, async (stderr) => {
    const url = /Prometheus metrics at (\S+)/.exec(stderr)?.[1];
    if (!url) return false;
    scraped = await get(url);
    return true;
  });
  assert.match(r.stderr, /^hpy-node: Prometheus metrics at http:\/\/127\.0\.0\.1:\d+\/metrics\n/);
  assert.doesNotMatch(r.stderr, /HPY does not select trace mode/);
  assert.equal(scraped?.status, 200);
  // Whether or not the addon is built, the self-metric is there.
  assert.match(scraped!.text, /^hpy_otel_collection_errors_total \d+$/m);
});

test('register: OTLP pushes the last numbers when the application ends, and hints at HPY', async () => {
  const pushes: any[] = [];
  const { server, port } = await listen((_req, body, res) => {
    // No protocol variable: the default, OTLP/HTTP with protobuf bodies.
    pushes.push(decodeMetricsRequest(body));
    res.end();
  });
  try {
    const r = await runRegistered('setTimeout(() => console.log("done"), 100)', {
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: `http://127.0.0.1:${port}/v1/metrics`,
    });
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'done\n');
    assert.match(r.stderr, new RegExp(`pushing OTLP metrics to http://127.0.0.1:${port}/v1/metrics`));
    assert.match(r.stderr, /HPY does not select trace mode, so no module is traced/);
    assert.equal(pushes.length, 1);
    assert.deepEqual(pushes[0].resourceMetrics[0].scopeMetrics[0].metrics.map((m: { name: string }) => m.name), ['hpy.otel.collection.errors']);
  } finally {
    await close(server);
  }
});

test('register: OTEL_SDK_DISABLED=true starts nothing and says so', async () => {
  const r = await runRegistered('setTimeout(() => console.log("app ran"), 100)', { OTEL_SDK_DISABLED: 'true', OTEL_METRICS_EXPORTER: 'prometheus,otlp' });
  assert.equal(r.code, 0);
  assert.equal(r.stdout, 'app ran\n');
  assert.equal(r.stderr, 'hpy-node: OTEL_SDK_DISABLED=true: hpy-node exports no metrics\n');
});

test('register: OTEL_SDK_DISABLED=yes warns once and exports as configured', async () => {
  const r = await runRegistered('setTimeout(() => console.log("app ran"), 100)', { OTEL_SDK_DISABLED: 'yes', OTEL_METRICS_EXPORTER: 'console' });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr.match(/OTEL_SDK_DISABLED="yes" is neither true nor false/g)?.length, 1, r.stderr);
  assert.match(r.stderr, /printing the metrics to stdout/);
});

test('register: the console exporter prints the metrics when the application ends', async () => {
  const r = await runRegistered('setTimeout(() => console.log("app ran"), 100)', { OTEL_METRICS_EXPORTER: 'console' });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^hpy-node: printing the metrics to stdout \(console exporter\)$/m);
  assert.match(r.stdout, /^app ran\n/);
  // OpenTelemetry's ConsoleMetricExporter format: one object per metric.
  assert.match(r.stdout, /name: 'hpy\.otel\.collection\.errors'/);
});

test('OTLP with OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE=delta: each push carries the change since the last', async () => {
  const pushes: any[] = [];
  const { server, port } = await listen((_req, body, res) => {
    pushes.push(JSON.parse(body.toString('utf8')));
    res.end('{}');
  });
  let calls = 2;
  const producer = hpyMetricProducer({ snapshot: () => snap([100], mod('snippets', [fn('ctx_Add', 10 * calls, [calls, 0])])) });
  const env = {
    OTEL_METRICS_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: `http://127.0.0.1:${port}/v1/metrics`,
    OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/json',
    OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'delta',
  };
  const running = await withEnv(env, () => startConfiguredExporters({ producer }));
  try {
    assert.equal(running.otlp!.temporality, 'delta');
    await running.otlp!.forceFlush();
    calls = 5;
    await running.otlp!.forceFlush();
    const metric = (push: any, name: string) => push.resourceMetrics[0].scopeMetrics[0].metrics.find((m: { name: string }) => m.name === name);
    const [first, second] = pushes.map((p) => metric(p, 'hpy.api.calls').sum);
    // OTLP's AggregationTemporality: 1 is DELTA.
    assert.equal(first.aggregationTemporality, 1);
    assert.deepEqual([Number(first.dataPoints[0].asInt), Number(second.dataPoints[0].asInt)], [2, 3]);
    assert.equal(second.dataPoints[0].startTimeUnixNano, first.dataPoints[0].timeUnixNano, 'a delta starts where the last one ended');
    const histogram = metric(pushes[1], 'hpy.api.duration').histogram;
    assert.equal(histogram.aggregationTemporality, 1);
    assert.deepEqual(histogram.dataPoints[0].bucketCounts.map(Number), [3, 0]);
  } finally {
    await running.shutdown();
    await close(server);
  }
});
