// The hpy.extension metrics (per profile entry) and the opt-in hpy.entry
// attribute of hpy.api.calls, read from the real native store of a compiled
// extension in trace mode: exact counts after N calls, the numbers of
// get_profile() at the same moment, selection, and every exporter (the
// producer, the provider bridge, prom-client), promtool-clean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader, type Histogram, type MetricData } from '@opentelemetry/sdk-metrics';
import { hpyMetricProducer, registerHpyMetrics, type HpyMetricProducerOptions } from '../../src/otel';
import { registerHpyCollector } from '../../src/prom-client';
import { get_call_counts, get_profile } from '../../src/trace/index';
import { makeModule } from '../support/make-module';
import { endpointText, families, only, promtool } from './families';
import { entry, fn, mod, snap, withEntries } from './helpers';

const SRC = `
HPyDef_METH(add, "add", HPyFunc_VARARGS)
static HPy add_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    HPy sum = HPy_Add(ctx, args[0], args[1]);
    HPy twice = HPy_Add(ctx, sum, sum);
    HPy_Close(ctx, sum);
    return twice;
}
HPyDef_METH(none, "none", HPyFunc_NOARGS)
static HPy none_impl(HPyContext *ctx, HPy self) {
    return HPy_Dup(ctx, ctx->h_None);
}`;

interface Entries {
  add(a: number, b: number): number;
  none(): null;
}

/** A traced copy of SRC named `name`, called `adds` and `nones` times. */
function traced(name: string, adds = 300, nones = 200): void {
  const m = makeModule<Entries>(SRC, { mode: 'trace', name });
  for (let i = 0; i < adds; i++) assert.equal(m.add(i, 1), 2 * (i + 1));
  for (let i = 0; i < nones; i++) m.none();
}

async function collect(options: HpyMetricProducerOptions): Promise<Map<string, MetricData>> {
  const warnings: string[] = [];
  const { resourceMetrics, errors } = await hpyMetricProducer({ warn: (w) => warnings.push(w), ...options }).collect();
  assert.deepEqual([errors, warnings], [[], []]);
  return new Map(resourceMetrics.scopeMetrics[0].metrics.map((m) => [m.descriptor.name, m]));
}

/** `entry -> value` of a metric's points (the value as `pick` reads it). */
function byEntry<T>(metric: MetricData | undefined, pick: (value: never) => T): Record<string, T> {
  return Object.fromEntries((metric?.dataPoints ?? []).map((p) => [String(p.attributes['hpy.entry']), pick(p.value as never)]));
}

test('per entry: exact calls, a histogram of real durations, the API time, as get_profile() reads them', async () => {
  traced('ent_exact');
  const metrics = await collect({ modules: ['ent_exact'] });
  const profile = Object.fromEntries(get_profile({ module: 'ent_exact' }).map((r) => [r.entry, r]));

  assert.deepEqual(byEntry(metrics.get('hpy.extension.calls'), (v: number) => v), { 'ent_exact.add': 300, 'ent_exact.none': 200 });
  for (const p of metrics.get('hpy.extension.calls')!.dataPoints) assert.deepEqual(Object.keys(p.attributes), ['hpy.entry', 'hpy.module']);
  const durations = byEntry(metrics.get('hpy.extension.duration'), (h: Histogram) => h);
  const api = byEntry(metrics.get('hpy.extension.api_duration'), (v: number) => v);
  for (const name of ['ent_exact.add', 'ent_exact.none']) {
    const h = durations[name];
    assert.equal(h.count, profile[name].calls, `${name}: every call completed and is in the histogram`);
    assert.equal(h.buckets.counts.reduce((a, b) => a + b, 0), h.count, `${name}: the buckets add up to the count`);
    assert.equal(h.sum, profile[name].total_ns / 1e9, `${name}: sum = get_profile() total_ns`);
    assert.equal(api[name], profile[name].api_ns / 1e9, `${name}: api_duration = get_profile() api_ns`);
    assert.ok(api[name] > 0 && api[name] < h.sum!, `${name}: the API time is part of the inclusive time`);
    // The buckets hold each call's own duration: the sum lies between the
    // calls at their buckets' lower bounds and at their upper bounds.
    const { boundaries, counts } = h.buckets;
    const low = counts.reduce((s, n, k) => s + n * (k === 0 ? 0 : boundaries[k - 1]), 0);
    const high = counts.reduce((s, n, k) => s + (n === 0 ? 0 : n * (k < boundaries.length ? boundaries[k] : Infinity)), 0);
    assert.ok(low <= h.sum! && h.sum! <= high, `${name}: ${low} <= ${h.sum} <= ${high}`);
  }
});

test('entryAttribute: hpy.api.calls per (function, module, entry), adding up to get_call_counts(); hpy.api.duration stays per function', async () => {
  traced('ent_optin', 50, 20);
  const metrics = await collect({ modules: ['ent_optin'], entryAttribute: true });
  const calls = metrics.get('hpy.api.calls')!.dataPoints.map((p) => [Object.keys(p.attributes).join(','), p.attributes['hpy.entry'], p.attributes['hpy.function'], p.value]);
  assert.deepEqual(calls.sort(), [
    ['hpy.function,hpy.module,hpy.entry', 'ent_optin.add', 'ctx_Add', 100],
    ['hpy.function,hpy.module,hpy.entry', 'ent_optin.add', 'ctx_Close', 50],
    ['hpy.function,hpy.module,hpy.entry', 'ent_optin.none', 'ctx_Dup', 20],
  ]);
  const counts = get_call_counts({ module: 'ent_optin' });
  assert.deepEqual([counts.ctx_Add, counts.ctx_Close, counts.ctx_Dup], [100, 50, 20]);
  for (const p of metrics.get('hpy.api.duration')!.dataPoints) assert.deepEqual(Object.keys(p.attributes), ['hpy.function', 'hpy.module']);

  const off = await collect({ modules: ['ent_optin'] });
  for (const p of off.get('hpy.api.calls')!.dataPoints) assert.deepEqual(Object.keys(p.attributes), ['hpy.function', 'hpy.module'], 'off by default');
});

test('HPY_METRICS_ENTRY_ATTRIBUTE=1 turns it on, the option wins over it, a bad value names the variable', async () => {
  traced('ent_env', 5, 0);
  const saved = process.env.HPY_METRICS_ENTRY_ATTRIBUTE;
  const keys = async (options: HpyMetricProducerOptions = {}) =>
    (await collect({ modules: ['ent_env'], ...options })).get('hpy.api.calls')!.dataPoints.map((p) => Object.keys(p.attributes).join(','));
  try {
    process.env.HPY_METRICS_ENTRY_ATTRIBUTE = '1';
    assert.deepEqual(await keys(), ['hpy.function,hpy.module,hpy.entry', 'hpy.function,hpy.module,hpy.entry']);
    assert.deepEqual(await keys({ entryAttribute: false }), ['hpy.function,hpy.module', 'hpy.function,hpy.module']);
    process.env.HPY_METRICS_ENTRY_ATTRIBUTE = 'yes';
    assert.throws(() => hpyMetricProducer(), { name: 'TypeError', message: /^HPY_METRICS_ENTRY_ATTRIBUTE="yes": give 1 \(or true\)/ });
    assert.throws(() => hpyMetricProducer({ entryAttribute: 'yes' as unknown as boolean }), /entryAttribute must be true or false/);
  } finally {
    if (saved === undefined) delete process.env.HPY_METRICS_ENTRY_ATTRIBUTE;
    else process.env.HPY_METRICS_ENTRY_ATTRIBUTE = saved;
  }
});

test('selection: modules choose the entries; functions choose only the per-function series; boundaries coarsen the entry histogram too', async () => {
  traced('ent_sel_a', 10, 10);
  traced('ent_sel_b', 4, 0);
  const modulesOf = (m: MetricData | undefined) => [...new Set((m?.dataPoints ?? []).map((p) => p.attributes['hpy.module']))].sort();
  const some = await collect({ modules: ['ent_sel_*'], excludeModules: ['ent_sel_b'] });
  for (const name of ['hpy.extension.calls', 'hpy.extension.duration', 'hpy.extension.api_duration']) assert.deepEqual(modulesOf(some.get(name)), ['ent_sel_a'], name);

  const withAdd = await collect({ modules: ['ent_sel_a'], entryAttribute: true });
  const noAdd = await collect({ modules: ['ent_sel_a'], entryAttribute: true, excludeFunctions: ['ctx_Add'] });
  assert.deepEqual(
    noAdd.get('hpy.api.calls')!.dataPoints.map((p) => `${p.attributes['hpy.entry']}/${p.attributes['hpy.function']}`).sort(),
    ['ent_sel_a.add/ctx_Close', 'ent_sel_a.none/ctx_Dup'],
  );
  // The entry's own numbers are the whole entry's, whichever functions are exported.
  assert.deepEqual(byEntry(noAdd.get('hpy.extension.calls'), (v: number) => v), byEntry(withAdd.get('hpy.extension.calls'), (v: number) => v));
  assert.ok(byEntry(noAdd.get('hpy.extension.api_duration'), (v: number) => v)['ent_sel_a.add'] >= byEntry(withAdd.get('hpy.extension.api_duration'), (v: number) => v)['ent_sel_a.add']);

  const coarse = await collect({ modules: ['ent_sel_a'], boundaries: [1e-6, 1e-3] });
  for (const p of coarse.get('hpy.extension.duration')!.dataPoints) {
    const h = p.value as Histogram;
    assert.deepEqual(h.buckets.boundaries, [1e-6, 1e-3]);
    assert.equal(h.buckets.counts.reduce((a, b) => a + b, 0), h.count);
  }
});

test('the provider bridge exports the entry counters as instruments and the entry histogram through its reader', async () => {
  traced('ent_bridge', 7, 3);
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
  const provider = new MeterProvider({ readers: [reader] });
  const registration = registerHpyMetrics(provider, { modules: ['ent_bridge'] });
  try {
    await reader.forceFlush();
    const metrics = new Map(exporter.getMetrics().at(-1)!.scopeMetrics.flatMap((s) => s.metrics).map((m) => [m.descriptor.name, m]));
    assert.deepEqual(byEntry(metrics.get('hpy.extension.calls'), (v: number) => v), { 'ent_bridge.add': 7, 'ent_bridge.none': 3 });
    assert.deepEqual(byEntry(metrics.get('hpy.extension.duration'), (h: Histogram) => h.count), { 'ent_bridge.add': 7, 'ent_bridge.none': 3 });
    assert.ok(byEntry(metrics.get('hpy.extension.api_duration'), (v: number) => v)['ent_bridge.add'] > 0);
    assert.equal(metrics.get('hpy.extension.calls')!.descriptor.unit, '{call}');
  } finally {
    registration.unregister();
    await provider.shutdown();
  }
});

test('the endpoint and prom-client serve the same entry families, promtool-clean, opt-in on', async () => {
  traced('ent_scrape', 12, 2);
  const options = { modules: ['ent_scrape'], entryAttribute: true };
  const text = await endpointText(options);
  assert.match(text, /^hpy_extension_calls_total\{hpy_entry="ent_scrape.add",hpy_module="ent_scrape"\} 12$/m);
  assert.match(text, /^hpy_extension_duration_count\{hpy_entry="ent_scrape.none",hpy_module="ent_scrape"\} 2$/m);
  assert.match(text, /^hpy_extension_duration_bucket\{hpy_entry="ent_scrape.add",hpy_module="ent_scrape",le="\+Inf"\} 12$/m);
  assert.match(text, /^hpy_extension_api_duration_total\{hpy_entry="ent_scrape.add",hpy_module="ent_scrape"\} \d/m);
  assert.match(text, /^hpy_api_calls_total\{hpy_function="ctx_Add",hpy_module="ent_scrape",hpy_entry="ent_scrape.add"\} 24$/m);
  const registry = new Registry();
  registerHpyCollector(registry, options);
  const fromRegistry = await registry.metrics();
  // The store does not move between the two reads (no call runs), so the families are equal.
  assert.deepEqual(only(families(fromRegistry), 'hpy_extension'), only(families(text), 'hpy_extension'));
  const checked = promtool(text);
  if (checked) {
    assert.deepEqual(checked, { status: 0, output: '' }, text);
    assert.deepEqual(promtool(fromRegistry), { status: 0, output: '' }, fromRegistry);
  }
});

test('a hand-made snapshot: entries of one module from two shared objects add up; bad entries are skipped and counted', async () => {
  const base = snap([100], mod('hm', [fn('ctx_Add', 10, [1, 0])]));
  const twice = withEntries(base, entry('hm', 'f', 100, [1, 1], [['ctx_Add', 1, 10]]), entry('hm', 'f', 50, [0, 1], [['ctx_Add', 2, 20]]));
  const metrics = await collect({ snapshot: () => twice, debug: () => [] });
  assert.deepEqual(byEntry(metrics.get('hpy.extension.calls'), (v: number) => v), { 'hm.f': 3 });
  assert.deepEqual(byEntry(metrics.get('hpy.extension.duration'), (h: Histogram) => [h.buckets.counts, h.sum]), { 'hm.f': [[1, 2], 150e-9] });
  assert.deepEqual(byEntry(metrics.get('hpy.extension.api_duration'), (v: number) => v), { 'hm.f': 30e-9 });

  const warnings: string[] = [];
  const bad = withEntries(base, { ...entry('hm', 'f', 100, [1, 1]), buckets: [1] });
  const producer = hpyMetricProducer({ snapshot: () => bad, debug: () => [], warn: (w) => warnings.push(w) });
  const { resourceMetrics } = await producer.collect();
  const names = resourceMetrics.scopeMetrics[0].metrics.map((m) => m.descriptor.name);
  assert.ok(names.includes('hpy.api.calls') && !names.includes('hpy.extension.calls'), names.join());
  assert.equal(producer.collectionErrors, 1);
  assert.match(warnings[0], /skipped the snapshot's entries: entry "hm.f" of module "hm": expected 2 bucket counts, got \[1\]/);
});
