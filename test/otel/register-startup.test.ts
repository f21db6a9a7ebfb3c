// Under --import hpy-node/register, /metrics answers from start-up with what
// there is, rather than after the 2 s it gives the application to register
// its own MeterProvider (the first scrape used to wait 2.4 s); when the
// application's provider turns up, the same port serves it, with hpy-node's
// metrics on it. The application here starts the real NodeSDK in its own
// code, 1 s in (within that wait, so hpy-node joins it), configured by the
// same variables (OTEL_METRICS_EXPORTER=prometheus on the same port).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { freePort } from '../support/free-port';
import { join } from 'node:path';
import { get } from './helpers';

const ROOT = join(__dirname, '..', '..');
const POLL_MS = 10;
/** How soon after the application's first line /metrics must answer. The
 * endpoint starts while hpy-node/register loads, before the application's
 * code, and the first answer then waits for the first collection (the first
 * use of the SDK's and hpy-node's code, compiled by tsx here): measured
 * 47-66 ms in 10 runs on a 2-core machine with another CI job running, once
 * 118 ms, so the 100 ms is met but would be a flaky bound. What this
 * guards against is the old wait for the application's provider: here the
 * first answer came with the application's SDK, 1 s in (1.1 s measured),
 * and without one after JOIN_WAIT_MS (2 s; 2.4 s after start-up in the
 * issue). 500 ms sits well between. */
const FIRST_ANSWER_BOUND_MS = 500;
const KILL_AFTER_MS = 20000;
const APP =
  "setTimeout(() => { new (require('@opentelemetry/sdk-node').NodeSDK)().start(); " +
  "require('@opentelemetry/api').metrics.getMeter('app').createCounter('app.requests').add(7); }, 1000); setInterval(() => {}, 1000)";

interface Answer {
  at: number;
  text: string;
}

interface Run {
  answers: Answer[];
  /** The application's first line, on this machine's clock. */
  appStartedAt: number;
  spawnedAt: number;
  stderr: string;
}

/** Runs `app` under hpy-node/register and polls /metrics every POLL_MS
 * until an answer matches `until` (or the child is gone). */
async function pollRegistered(app: string, until: RegExp): Promise<Run> {
  const port = await freePort();
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_') && k !== 'HPY'));
  const env = { ...base, HPY: 'trace', OTEL_METRICS_EXPORTER: 'prometheus', OTEL_EXPORTER_PROMETHEUS_PORT: String(port), OTEL_SERVICE_NAME: 'shop' };
  const spawnedAt = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', './src/register.ts', '-e', `console.log(\`app started at \${Date.now()}\`); ${app}`], { cwd: ROOT, env });
  const killer = setTimeout(() => child.kill(), KILL_AFTER_MS);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.on('close', resolve));
  const answers: Answer[] = [];
  try {
    while (child.exitCode === null && !answers.some((a) => until.test(a.text)) && Date.now() - spawnedAt < KILL_AFTER_MS) {
      await get(`http://127.0.0.1:${port}/metrics`).then(
        (r) => r.status === 200 && answers.push({ at: Date.now(), text: r.text }),
        () => undefined,
      );
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  } finally {
    child.kill();
    clearTimeout(killer);
    await exited;
  }
  const appStartedAt = Number(/app started at (\d+)/.exec(stdout)?.[1]);
  assert.ok(answers.length > 0 && !Number.isNaN(appStartedAt), `no answer, or no start line\n${stdout}${stderr}`);
  return { answers, appStartedAt, spawnedAt, stderr };
}

/** Asserts, and reports, how soon the first answer came. */
function assertAnsweredSoon(t: { diagnostic(message: string): void }, r: Run): Answer {
  const first = r.answers[0];
  t.diagnostic(`first answer ${first.at - r.appStartedAt} ms after the application's first line (${first.at - r.spawnedAt} ms after spawn)`);
  assert.ok(first.at - r.appStartedAt < FIRST_ANSWER_BOUND_MS, `the first answer came ${first.at - r.appStartedAt} ms after the application's first line`);
  // What there is at first: hpy-node's own metrics, on its own resource.
  assert.match(first.text, /^hpy_otel_collection_errors_total 0$/m);
  assert.match(first.text, /^target_info\{.*service_name="shop"/m);
  return first;
}

test('--import hpy-node/register without an application provider: /metrics answers at start-up', async (t) => {
  const r = await pollRegistered('setInterval(() => {}, 1000)', /hpy_otel_collection_errors_total/);
  assertAnsweredSoon(t, r);
});

test('--import hpy-node/register: /metrics answers at start-up, and serves the application provider that turns up later, with hpy.api.*', async (t) => {
  const r = await pollRegistered(APP, /app_requests_total/);
  const first = assertAnsweredSoon(t, r);
  assert.doesNotMatch(first.text, /app_requests_total/);
  // Then the application's provider, on the same port, with hpy-node's metrics.
  const last = r.answers[r.answers.length - 1].text;
  assert.match(last, /^app_requests_total\{[^}]*\} 7$/m);
  assert.match(last, /^target_info\{.*service_name="shop"/m);
  assert.match(last, /^hpy_otel_collection_errors_total\{otel_scope_name="hpy-node"[^}]*\} 0$/m);
  assert.match(r.stderr, /^hpy-node: joined the application's OpenTelemetry MeterProvider: .*answers with the application's PrometheusExporter from now on/m);
});
