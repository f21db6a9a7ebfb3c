// hpy-node on each supported OpenTelemetry SDK line. The repository's lock
// file holds one line (2.x); the other (3.x, which needs Node >= 22.15) is
// installed from the npm registry into a project under the system's temp
// directory with hpy-node's tarball (support/sdk-line-3.ts), which must not
// nest a second OpenTelemetry, and fixtures/sdk-line-check.cjs runs there: every
// place where hpy-node touches the SDK, including the internals it checks
// (the reader-producer path of registerHpyMetrics, the OTLP transport, the
// Prometheus serializer) and the NodeSDK recipe of docs/metrics.md. The same
// check runs on this repository's line too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { staleDist } from '../support/dist-fresh';
import { INSTALL_TIMEOUT_MS, LINE_3, atLeast, installTarball, node22, project } from '../support/sdk-line-3';

const ROOT = join(__dirname, '..', '..');
const CHECK = join(__dirname, 'fixtures', 'sdk-line-check.cjs');

interface Findings {
  error?: string;
  node: string;
  sdkMetrics: string;
  api: string;
  register: { readers: number; histogram: boolean; names: string[]; deltaTemporalities: boolean[] };
  registerWarning?: string;
  scrape: string;
  stockScrape: string;
  otlp: Record<string, number | string>;
  otlpWarning?: string;
  nodeSdk: { histogram: boolean; names: string[] };
  internals: Array<{ internal: string; problem?: string }>;
}

function run(nodeBinary: string, script: string, cwd: string): Findings {
  const out = execFileSync(nodeBinary, [script], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, OTEL_METRICS_EXPORTER: 'none' } });
  const findings = JSON.parse(out) as Findings;
  assert.equal(findings.error, undefined, findings.error);
  return findings;
}

const NAMES = ['hpy.api.calls', 'hpy.api.duration', 'hpy.otel.collection.errors'];

/** Every internal of sdk-internals.ts, none missing. */
const INTERNALS = [
  'MeterProvider._sharedState.metricCollectors[]._metricReader._metricProducers',
  'PrometheusExporter._server',
  'PrometheusSerializer._serializeHistogramDataPoint',
  'OTLPMetricExporter._delegate._transport._parameters.agentFactory',
];

function assertWorks(f: Findings, line: number): void {
  assert.equal(Number(f.sdkMetrics.split('.')[0]), line, `sdk-metrics ${f.sdkMetrics}`);
  assert.deepEqual(f.internals, INTERNALS.map((internal) => ({ internal })), 'checkSdkInternals() finds every internal');
  assert.deepEqual(f.register, { readers: 2, histogram: true, names: NAMES, deltaTemporalities: [true, true, true] });
  assert.equal(f.registerWarning, undefined);
  assert.match(f.scrape, /^hpy_api_duration_bucket\{hpy_function="ctx_Dup",hpy_module="snippets",le="\+Inf"\} 3$/m);
  assert.equal(f.scrape, f.stockScrape, "the fast histogram serializer writes the stock serializer's text");
  for (const protocol of ['http/json', 'http/protobuf']) assert.ok(typeof f.otlp[protocol] === 'number' && f.otlp[protocol] > 0, `OTLP ${protocol}: ${f.otlp[protocol]}`);
  assert.equal(f.otlpWarning, undefined);
  assert.deepEqual(f.nodeSdk, { histogram: true, names: NAMES });
}

/** Both checks run dist/, not the sources: all of it must be what
 * `npm run prepare` makes of src/ now. */
function assertDistFresh(): void {
  assert.deepEqual(staleDist(ROOT), [], 'dist/ is not built from src/ as it is: run npm run prepare first');
}

test("this repository's SDK line (2.x, from the lock file)", () => {
  assertDistFresh();
  // Run in place: the script finds hpy-node by the package's own name.
  assertWorks(run(process.execPath, CHECK, ROOT), 2);
});

test('the 3.x SDK line (installed from the npm registry, run on Node >= 22.15)', { timeout: 2 * INSTALL_TIMEOUT_MS }, () => {
  assertDistFresh();
  const dir = project('otel-3', LINE_3);
  // hpy-node as a user installs it (the checks need no addon).
  installTarball(ROOT, dir);
  // One OpenTelemetry for the application and hpy-node: nothing nested under
  // hpy-node, and no invalid peer (`npm ls` fails on one).
  assert.equal(existsSync(join(dir, 'node_modules', 'hpy-node', 'node_modules', '@opentelemetry')), false, 'hpy-node got a nested @opentelemetry copy');
  const tree = JSON.parse(execFileSync('npm', ['ls', '--all', '--json', '@opentelemetry/api', '@opentelemetry/sdk-metrics'], { cwd: dir, encoding: 'utf8' })) as { problems?: string[] };
  assert.deepEqual(tree.problems ?? [], []);
  copyFileSync(CHECK, join(dir, 'check.cjs'));
  const f = run(node22(), join(dir, 'check.cjs'), dir);
  assert.ok(atLeast(f.node, 22, 15), f.node);
  assert.match(f.api, /^1\.1\d\./);
  assertWorks(f, 3);
});
