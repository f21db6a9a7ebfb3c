// hpy-node/register beside an application's own OpenTelemetry SDK (the real
// NodeSDK, configured by the same OTEL_* variables). With
// OTEL_METRICS_EXPORTER=prometheus both would want one port: hpy-node joins
// the application's MeterProvider instead, whichever --import comes first
// (with hpy-node first, its endpoint, up from start-up, then answers with the
// application's exporter), and says so loudly when the application's
// provider comes too late.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { freePort } from '../support/free-port';
import { join } from 'node:path';
import { get } from './helpers';

const ROOT = join(__dirname, '..', '..');
const REGISTER = ['--import', './src/register.ts'];
const INSTRUMENTATION = ['--import', './examples/otel/instrumentation.mjs'];
const APP = "require('@opentelemetry/api').metrics.getMeter('app').createCounter('app.requests').add(7); setInterval(() => {}, 1000)";

interface Run {
  stderr: string;
  scraped: string;
}

/** Runs the application with `imports`, waits until stderr matches `ready`,
 * scrapes the port until the text matches `complete` (the application's
 * start-up runs on after hpy-node's message), and ends it. */
function run(imports: string[], script: string, port: number, ready: RegExp, complete: RegExp): Promise<Run> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_') && k !== 'HPY'));
  const env = { ...base, HPY: 'trace', OTEL_METRICS_EXPORTER: 'prometheus', OTEL_EXPORTER_PROMETHEUS_PORT: String(port), OTEL_SERVICE_NAME: 'shop' };
  const child = spawn(process.execPath, ['--import', 'tsx', ...imports, '-e', script], { cwd: ROOT, env });
  let stderr = '';
  let scraped = '';
  let scraping = false;
  const killer = setTimeout(() => child.kill(), 20000);
  child.stderr.on('data', (d) => {
    stderr += d;
    if (scraping || !ready.test(stderr)) return;
    scraping = true;
    const again = (left: number, err?: unknown): Promise<void> =>
      left > 0 ? new Promise((r) => setTimeout(r, 200)).then(() => attempt(left - 1)) : Promise.reject(err);
    const attempt = (left: number): Promise<void> =>
      get(`http://127.0.0.1:${port}/metrics`).then(
        (r) => {
          scraped = r.text;
          if (!complete.test(scraped)) return again(left);
        },
        (err) => again(left, err),
      );
    attempt(25).finally(() => child.kill());
  });
  return new Promise((resolve) =>
    child.on('close', () => {
      clearTimeout(killer);
      resolve({ stderr, scraped });
    }),
  );
}

const JOINED = "^hpy-node: joined the application's OpenTelemetry MeterProvider: hpy\\.api\\.\\* leave through its readers; ";

/** The application's own metric and resource, and hpy-node's, as the
 * application's PrometheusExporter serves them. */
function assertBoth(scraped: string): void {
  assert.match(scraped, /^app_requests_total\{[^}]*\} 7$/m);
  assert.match(scraped, /^target_info\{.*service_name="shop"/m);
  assert.match(scraped, /^hpy_otel_collection_errors_total\{otel_scope_name="hpy-node"[^}]*\} 0$/m);
}

test("--import hpy-node/register with NodeSDK and OTEL_METRICS_EXPORTER=prometheus (the SDK first): one endpoint, the application's, with both", async () => {
  const port = await freePort();
  const r = await run([...INSTRUMENTATION, ...REGISTER], APP, port, /joined the application's OpenTelemetry MeterProvider/, /app_requests_total/);
  // The provider is there when hpy-node/register runs: it never listens.
  assert.match(r.stderr, new RegExp(`${JOINED}hpy-node starts no exporter of its own$`, 'm'));
  assert.doesNotMatch(r.stderr, /Prometheus metrics at/);
  assertBoth(r.scraped);
});

test("--import hpy-node/register with NodeSDK and OTEL_METRICS_EXPORTER=prometheus (hpy-node/register first): its endpoint answers with the application's exporter, with both", async () => {
  const port = await freePort();
  const r = await run([...REGISTER, ...INSTRUMENTATION], APP, port, /joined the application's OpenTelemetry MeterProvider/, /app_requests_total/);
  // hpy-node's endpoint serves from start-up, so the SDK's exporter
  // usually finds the port taken; the endpoint then answers with that
  // exporter. Both listen at start-up, and now and then (seen on Node 22 in
  // CI) the SDK's listens first: hpy-node then joins its provider and says
  // so, without reporting the taken port as an error.
  const url = `http://127\\.0\\.0\\.1:${port}/metrics`;
  if (new RegExp(`^hpy-node: Prometheus metrics at ${url}\n`).test(r.stderr)) {
    assert.match(r.stderr, new RegExp(`${JOINED}hpy-node's endpoint, ${url}, answers with the application's PrometheusExporter from now on \\(it found the port taken\\)$`, 'm'));
  } else {
    assert.doesNotMatch(r.stderr, /cannot serve|metrics is off/);
    assert.match(r.stderr, new RegExp(`${JOINED}hpy-node's own endpoint found the port taken \\(by the application's exporter, started at the same time\\) and starts no exporter$`, 'm'));
  }
  assertBoth(r.scraped);
});

test('an application provider registered after hpy-node started its own endpoint gets a loud warning naming the port', async () => {
  const port = await freePort();
  const late = `setTimeout(() => { const { NodeSDK } = require('@opentelemetry/sdk-node'); new NodeSDK().start(); }, 2600); ${APP}`;
  const r = await run([...REGISTER], late, port, /WARNING/, /hpy_otel/);
  assert.match(r.stderr, new RegExp(`^hpy-node: Prometheus metrics at http://127\\.0\\.0\\.1:${port}/metrics$`, 'm'));
  assert.match(
    r.stderr,
    new RegExp(
      `^hpy-node: WARNING: the application registered its OpenTelemetry MeterProvider after hpy-node had started its own exporters and serves Prometheus on 127\\.0\\.0\\.1:${port}\\. ` +
        `OTEL_METRICS_EXPORTER asks the application's SDK for Prometheus too: its exporter could not listen on port ${port}`,
      'm',
    ),
  );
  // What is served is hpy-node's endpoint: the application's metrics are the ones missing.
  assert.match(r.scraped, /^hpy_otel_collection_errors_total 0$/m);
  assert.doesNotMatch(r.scraped, /app_requests_total/);
});

test("an application provider without a Prometheus exporter: hpy-node joins it and closes its own endpoint", async () => {
  const port = await freePort();
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_') && k !== 'HPY'));
  // The application's provider pushes (to memory here); it turns up after
  // hpy-node's endpoint has started.
  const app =
    "const m = require('@opentelemetry/sdk-metrics'); setTimeout(() => require('@opentelemetry/api').metrics.setGlobalMeterProvider(new m.MeterProvider({ readers: " +
    '[new m.PeriodicExportingMetricReader({ exporter: new m.InMemoryMetricExporter(m.AggregationTemporality.CUMULATIVE) })] })), 300); setInterval(() => {}, 1000)';
  const child = spawn(process.execPath, ['--import', 'tsx', ...REGISTER, '-e', app], { cwd: ROOT, env: { ...base, HPY: 'trace', OTEL_EXPORTER_PROMETHEUS_PORT: String(port) } });
  const killer = setTimeout(() => child.kill(), 20000);
  let stderr = '';
  let afterJoin: string | undefined;
  child.stderr.on('data', (d) => {
    stderr += d;
    if (afterJoin !== undefined || !/joined/.test(stderr)) return;
    afterJoin = '';
    get(`http://127.0.0.1:${port}/metrics`).then(
      (r) => (afterJoin = `answered ${r.status}`),
      (err: Error) => (afterJoin = String((err.cause as Error | undefined)?.message ?? err.message)),
    ).finally(() => child.kill());
  });
  await new Promise((resolve) => child.on('close', resolve));
  clearTimeout(killer);
  assert.match(stderr, new RegExp(`^hpy-node: Prometheus metrics at http://127\\.0\\.0\\.1:${port}/metrics$`, 'm'));
  assert.match(stderr, new RegExp(`${JOINED}hpy-node's own endpoint, http://127\\.0\\.0\\.1:${port}/metrics, is closed$`, 'm'));
  assert.match(afterJoin ?? '', /ECONNREFUSED/);
});
