// Input that used to be accepted without a word now gets an error or a
// warning naming the variable, the value and what it accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { parseHpyEnv } from '../../src/mode';
import { parseExporters, readOtelConfig, startPrometheusExporter } from '../../src/otel';
import { traceClockProblem } from '../../src/trace/clock-env';
import { ADD_F_SRC, buildModule } from '../support/make-module';

const ROOT = resolve(__dirname, '..', '..');

test('HPY naming one module twice with two modes is an error naming both entries', () => {
  assert.throws(() => parseHpyEnv('wl:trace,wl:universal'), {
    message: 'invalid HPY="wl:trace,wl:universal": entries "wl:trace" and "wl:universal" give module "wl" two modes; keep one of them (the mode must be one of universal, debug, trace)',
  });
  assert.throws(() => parseHpyEnv('wl:trace, other:trace, wl=debug'), /entries "wl:trace" and "wl=debug" give module "wl" two modes/);
  // The same mode twice says nothing contradictory.
  assert.deepEqual([...parseHpyEnv('wl:trace,wl=trace').modules], [['wl', 'trace']]);
});

test('OTEL_METRICS_EXPORTER with only commas and blanks is an error, not metrics silently off', () => {
  for (const raw of [',,,', ' , ']) {
    assert.throws(() => parseExporters(raw), {
      message: `OTEL_METRICS_EXPORTER=${JSON.stringify(raw)} names no metrics exporter; write prometheus, otlp, console, a comma list such as prometheus,otlp, or none to turn metrics off (unset, it is prometheus)`,
    });
  }
  assert.throws(() => readOtelConfig({ OTEL_METRICS_EXPORTER: ',,,' }), /names no metrics exporter/);
  assert.deepEqual(parseExporters('none'), []);
  assert.deepEqual(parseExporters('prometheus,,otlp'), ['prometheus', 'otlp']);
});

test('HPY_TRACE_CLOCK: only unset, empty and monotonic are values', () => {
  for (const ok of [undefined, '', 'monotonic']) assert.equal(traceClockProblem(ok), undefined);
  for (const bad of ['MONOTONIC', 'tsc', ' monotonic', 'junk']) {
    assert.match(traceClockProblem(bad)!, new RegExp(`^HPY_TRACE_CLOCK=${JSON.stringify(bad).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not a trace clock hpy-node knows, so it is ignored.*Set HPY_TRACE_CLOCK=monotonic \\(lower case\\).*or leave it unset or empty`));
  }
});

/** stderr of a child that loads two traced modules and one universal one. */
function loadWithClock(clock: string | undefined): { stderr: string; adds: number } {
  const a = buildModule(ADD_F_SRC, { mode: 'trace', name: 'clock_env_a' });
  const b = buildModule(ADD_F_SRC, { mode: 'trace', name: 'clock_env_b' });
  const u = buildModule(ADD_F_SRC, { mode: 'universal', name: 'clock_env_u' });
  const script = `
const { load } = require('./src/index');
const { get_call_counts } = require('./src/trace/index');
load(${JSON.stringify(u)}, { mode: 'universal' }).f(1, 2);
load(${JSON.stringify(a)}, { mode: 'trace' }).f(1, 2);
load(${JSON.stringify(b)}, { mode: 'trace' }).f(1, 2);
console.log(get_call_counts().ctx_Add);`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, HPY: undefined, HPY_TRACE_CLOCK: clock },
    timeout: 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  return { stderr: r.stderr, adds: Number(r.stdout.trim()) };
}

test('HPY_TRACE_CLOCK=MONOTONIC is warned about once, when a module is first traced; monotonic is not', () => {
  const bad = loadWithClock('MONOTONIC');
  assert.equal(bad.adds, 2);
  const warnings = bad.stderr.split('\n').filter((l) => l.includes('HPY_TRACE_CLOCK'));
  assert.equal(warnings.length, 1, bad.stderr);
  assert.match(warnings[0], /\[HPY_NODE_BAD_TRACE_CLOCK\] Warning: HPY_TRACE_CLOCK="MONOTONIC" is not a trace clock hpy-node knows/);
  assert.doesNotMatch(loadWithClock('monotonic').stderr, /HPY_TRACE_CLOCK/);
});

test('HPY_TRACE_CLOCK=junk is warned about by get_frequency() too, which chooses the clock when nothing was traced yet', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', "require('./src/trace/index').get_frequency(); require('./src/trace/index').get_frequency();"], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, HPY_TRACE_CLOCK: 'junk' },
    timeout: 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr.split('\n').filter((l) => l.includes('HPY_TRACE_CLOCK="junk"')).length, 1, r.stderr);
});

test('the Prometheus URL names the address actually bound, not the host as written', async () => {
  // 127.1 is 127.0.0.1 written short, as 0 is 0.0.0.0.
  const endpoint = await startPrometheusExporter({ host: '127.1', port: 0 });
  try {
    assert.equal(endpoint.host, '127.0.0.1');
    assert.equal(endpoint.url, `http://127.0.0.1:${endpoint.port}/metrics`);
    assert.equal((await fetch(endpoint.url)).status, 200);
  } finally {
    await endpoint.shutdown();
  }
});
