// The trace clock: the CPU counter where there is an invariant one, else
// (and with HPY_TRACE_CLOCK=monotonic) clock_gettime. Trace wrappers are
// compiled once per clock kind, so both sets are run here; the clock is
// chosen once per process, hence a child process for each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { ADD_F_SRC as SRC, buildModule } from '../support/make-module';

const ROOT = resolve(__dirname, '..', '..');

interface ChildReport {
  clock: string;
  frequency: number;
  adds: number;
  durationNs: number;
  histogramCount: number;
}

function traceIn(env: Record<string, string | undefined>): ChildReport {
  const so = buildModule(SRC, { mode: 'trace', name: 'clock_kinds' });
  const script = `
const { load } = require('./src/index');
const { native, traceSnapshot } = require('./src/native');
const { get_call_counts, get_durations, get_frequency } = require('./src/trace/index');
const m = load(${JSON.stringify(so)}, { mode: 'trace' });
for (let i = 0; i < 1000; i++) m.f(i, 1);
const row = traceSnapshot().modules[0].functions.find((f) => f.calls > 0);
console.log(JSON.stringify({
  clock: native.traceClockName(),
  frequency: get_frequency(),
  adds: get_call_counts().ctx_Add,
  durationNs: get_durations().ctx_Add,
  histogramCount: row.buckets.reduce((a, b) => a + b, 0),
}));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, HPY: undefined, ...env }, timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as ChildReport;
}

test('HPY_TRACE_CLOCK=monotonic: clock_gettime in ns, and the same counts', () => {
  const r = traceIn({ HPY_TRACE_CLOCK: 'monotonic' });
  assert.equal(r.clock, 'monotonic');
  assert.equal(r.frequency, 1e9);
  assert.equal(r.adds, 1000);
  assert.equal(r.histogramCount, 1000);
  assert.ok(r.durationNs > 0 && r.durationNs < 1e9, `${r.durationNs} ns for 1000 adds`);
});

test('the default clock: the CPU counter where there is one, calibrated', () => {
  const r = traceIn({ HPY_TRACE_CLOCK: undefined });
  const counter = process.arch === 'x64' ? 'tsc' : process.arch === 'arm64' ? 'cntvct' : 'monotonic';
  // A CPU without an invariant TSC falls back to the monotonic clock.
  assert.ok([counter, 'monotonic'].includes(r.clock), r.clock);
  if (r.clock !== 'monotonic') assert.ok(r.frequency > 1e6 && r.frequency < 1e11, `${r.frequency} Hz`);
  assert.equal(r.adds, 1000);
  assert.equal(r.histogramCount, 1000);
  assert.ok(r.durationNs > 0 && r.durationNs < 1e9, `${r.durationNs} ns for 1000 adds`);
});
