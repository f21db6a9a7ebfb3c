// Order does not matter: registerHpyMetrics() before or after sdk.start(),
// registerHpyMetrics(metrics.getMeterProvider()) before it (the API's no-op
// stand-in then), HpyInstrumentation among NodeSDK's instrumentations, and a
// global provider set later and replaced, or set through another copy of
// the API (its ES module build). fixtures/order-check.cjs runs each
// with the real SDK and a real traced module, on the lock file's 2.x line
// (in place) and on the 3.x line (support/sdk-line-3.ts, Node >= 22.15), and
// reports what the reader exported beside what the trace store counted. The
// addon serves one Node major, so on Node 22 the fixture replays the store
// as this process read it after each round of traced calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { staleDist } from '../support/dist-fresh';
import { ADD_F_SRC, buildModule, makeModule } from '../support/make-module';
import { INSTALL_TIMEOUT_MS, LINE_3, installTarball, node22, project } from '../support/sdk-line-3';
import { CTX_NAMES } from '../../src/generated/ctx-names';
import { addonFile, traceEntries, traceSnapshot } from '../../src/native';

const ROOT = join(__dirname, '..', '..');
const CHECK = join(__dirname, 'fixtures', 'order-check.cjs');
const MODULE = 'order_check';

interface Exported {
  error?: string;
  calls?: number;
  counted: number;
  names: string[];
  histogram?: boolean;
}

interface Findings {
  error?: string;
  node: string;
  warnings: string[];
  orders: Record<string, Exported & Record<string, unknown>>;
}

const NAMES = ['hpy.api.calls', 'hpy.api.duration', 'hpy.extension.api_duration', 'hpy.extension.calls', 'hpy.extension.duration', 'hpy.otel.collection.errors'];
/** What the provider's own instruments keep exporting once the producer is off. */
const COUNTERS = ['hpy.api.calls', 'hpy.extension.api_duration', 'hpy.extension.calls', 'hpy.otel.collection.errors'];

/** Runs the fixture; `store` is the module to load there, or the file of
 * recorded snapshots. */
function run(nodeBinary: string, script: string, cwd: string, store: string): Findings {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_') && k !== 'HPY'));
  // The SDK's other signals off: only metrics are under test.
  const env = { ...base, OTEL_METRICS_EXPORTER: 'none', OTEL_TRACES_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none', HPY_NODE_ADDON: addonFile };
  const out = execFileSync(nodeBinary, [script, store, MODULE], { cwd, encoding: 'utf8', timeout: 60_000, env });
  const findings = JSON.parse(out) as Findings;
  assert.equal(findings.error, undefined, findings.error);
  return findings;
}

/** Every order exported the store's count of the traced call, with the histogram. */
function assertEveryOrder(f: Findings): void {
  for (const [order, found] of Object.entries(f.orders)) {
    assert.equal(found.error, undefined, `${order}: ${found.error}`);
    assert.ok(found.counted > 0, `${order}: the traced calls were counted`);
    assert.equal(found.calls, found.counted, `${order}: hpy.api.calls exported as counted`);
    assert.deepEqual(found.names, NAMES, order);
    assert.equal(found.histogram, true, order);
  }
  const o = f.orders;
  assert.equal(o['registerHpyMetrics() before sdk.start()'].boundBefore, false);
  assert.equal(o['registerHpyMetrics() after sdk.start()'].boundAtOnce, true);
  const instrumentation = o['new HpyInstrumentation() in NodeSDK instrumentations'];
  assert.equal(instrumentation.boundAtOnce, true, 'bound inside sdk.start()');
  // disable() takes the registration and the histogram off (the SDK keeps a
  // cumulative counter's last value, as for unregister()).
  assert.deepEqual(instrumentation.afterDisable, { registration: 'none', names: COUNTERS });
  const later = o['a global MeterProvider set later, then replaced'];
  assert.equal(later.boundBefore, false);
  assert.ok((later.waitedMs as number) < 1000, `bound ${later.waitedMs} ms after the provider was set`);
  const second = later.second as Exported;
  assert.ok(second.counted > later.counted);
  assert.equal(second.calls, second.counted, 'the replacing provider gets the metrics');
  assert.deepEqual(later.firstAfter, COUNTERS, 'the replaced one no longer gets the histogram');
  assert.deepEqual(f.warnings, [], 'no order warns');
}

test("every order on this repository's SDK line (2.x, from the lock file)", () => {
  assert.deepEqual(staleDist(ROOT), [], 'dist/ is not built from src/ as it is: run npm run prepare first');
  assertEveryOrder(run(process.execPath, CHECK, ROOT, buildModule(ADD_F_SRC, { mode: 'trace', name: MODULE })));
});

test('every order on the 3.x SDK line (installed from the npm registry, run on Node >= 22.15)', { timeout: 2 * INSTALL_TIMEOUT_MS }, () => {
  assert.deepEqual(staleDist(ROOT), [], 'dist/ is not built from src/ as it is: run npm run prepare first');
  const dir = project('otel-3-order', LINE_3);
  installTarball(ROOT, dir);
  copyFileSync(CHECK, join(dir, 'order-check.cjs'));
  // The store after each round of five traced calls, as the fixture's
  // rounds make them (the orders take 8 rounds).
  const traced = makeModule(ADD_F_SRC, { mode: 'trace', name: `${MODULE}_3` });
  const snapshots = Array.from({ length: 12 }, () => {
    for (let i = 0; i < 5; i++) traced.f(i, 1);
    const s = traceSnapshot();
    const entries = traceEntries()
      .filter((e) => e.module === `${MODULE}_3`)
      .map((e) => ({ ...e, module: MODULE, entry: e.entry.replace(`${MODULE}_3.`, `${MODULE}.`) }));
    return { ...s, modules: s.modules.filter((m) => m.name === `${MODULE}_3`).map((m) => ({ ...m, name: MODULE })), entries };
  });
  const recorded = join(dir, 'order-store.json');
  writeFileSync(recorded, JSON.stringify({ ctxAdd: CTX_NAMES.indexOf('ctx_Add'), snapshots }));
  const f = run(node22(), join(dir, 'order-check.cjs'), dir, recorded);
  assert.match(f.node, /^v2[2-9]\./);
  assertEveryOrder(f);
  // The case that rules out wrapping setGlobalMeterProvider (global-provider.ts).
  assert.equal(f.orders['a global MeterProvider set through the API as an ES module'].separateCopy, true);
});
