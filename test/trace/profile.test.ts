// get_profile (hpy-node/trace): every way into an extension's C code is an
// entry, and each context call counts for the innermost running entry of its
// module. Real extensions, exact counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { buildModule, makeModule, ADD_F_SRC } from '../support/make-module';
import { load } from '../../src/index';
import { get_call_counts, get_durations, get_profile, CTX_NAMES, type ProfileRow } from '../../src/trace/index';
import { PROFILE_POINT_SRC, type ProfileModule } from '../fixtures/trace-profile-point';

function row(rows: ProfileRow[], entry: string): ProfileRow {
  const r = rows.find((x) => x.entry === entry);
  assert.ok(r, `no row ${entry} in ${rows.map((x) => x.entry).join(', ')}`);
  return r;
}

function callsOf(r: ProfileRow): Record<string, number> {
  return Object.fromEntries(Object.entries(r.functions).map(([k, v]) => [k, v!.calls]));
}

// The difference of two profiles of one entry (calls, per-function calls).
function delta(before: ProfileRow[], after: ProfileRow[], entry: string): { calls: number; functions: Record<string, number> } {
  const a = row(after, entry);
  const b = before.find((x) => x.entry === entry);
  const functions: Record<string, number> = {};
  for (const [k, v] of Object.entries(callsOf(a))) {
    const d = v - (b ? (b.functions[k as keyof ProfileRow['functions']]?.calls ?? 0) : 0);
    if (d) functions[k] = d;
  }
  return { calls: a.calls - (b?.calls ?? 0), functions };
}

const m = makeModule<ProfileModule>(PROFILE_POINT_SRC, { mode: 'trace', name: 'prof' });

test('nb_add is an entry with its context calls, from JavaScript and from C (HPy_Add nested in a module function)', () => {
  const a = new m.Point(1, 2);
  const b = new m.Point(3, 4);
  const before = get_profile({ module: 'prof' });
  const nbAdd = Symbol.for('hpy.nb_add');
  for (let i = 0; i < 10; i++) {
    const c = (a as unknown as Record<symbol, (o: unknown) => { x: number; y: number }>)[nbAdd](b);
    assert.deepEqual([c.x, c.y], [4, 6]);
  }
  const c = m.add(a, b);
  assert.deepEqual([c.x, c.y], [4, 6]);
  const after = get_profile({ module: 'prof' });
  // Each nb_add: HPy_Type, two AsStruct, HPy_New, HPy_Close.
  assert.deepEqual(delta(before, after, 'prof.Point.nb_add'), {
    calls: 11,
    functions: { ctx_Type: 11, ctx_AsStruct_Object: 22, ctx_New: 11, ctx_Close: 11 },
  });
  // The module function's own call: HPy_Add only; nb_add's calls are nb_add's.
  assert.deepEqual(delta(before, after, 'prof.add'), { calls: 1, functions: { ctx_Add: 1 } });
  const nb = row(after, 'prof.Point.nb_add');
  assert.equal(nb.module, 'prof');
  assert.ok(nb.total_ns >= nb.api_ns && nb.api_ns > 0, 'self time (total_ns - api_ns) is not negative');
  const sumNs = Object.values(nb.functions).reduce((s, f) => s + f!.ns, 0);
  assert.equal(nb.api_ns, sumNs);
});

test('tp_new, methods, getset getter and setter, and HPy_mod_exec are entries named by spec and slot', () => {
  const before = get_profile({ module: 'prof' });
  const p = new m.Point(5, 6);
  assert.equal(p.sum(), 11);
  assert.equal(p.x, 5);
  p.x = 7;
  assert.equal(p.x, 7);
  const after = get_profile({ module: 'prof' });
  assert.deepEqual(delta(before, after, 'prof.Point.tp_new'), {
    calls: 1,
    functions: { ctx_Float_AsDouble: 2, ctx_New: 1 },
  });
  assert.deepEqual(delta(before, after, 'prof.Point.sum'), { calls: 1, functions: { ctx_AsStruct_Object: 1, ctx_Float_FromDouble: 1 } });
  assert.deepEqual(delta(before, after, 'prof.Point.x.get'), { calls: 2, functions: { ctx_AsStruct_Object: 2, ctx_Float_FromDouble: 2 } });
  assert.deepEqual(delta(before, after, 'prof.Point.x.set'), { calls: 1, functions: { ctx_AsStruct_Object: 1, ctx_Float_AsDouble: 1 } });
  // Loading ran the exec slot once: the type and the attribute it added.
  const exec = row(after, 'prof.HPy_mod_exec');
  assert.equal(exec.calls, 1);
  assert.equal(exec.functions.ctx_Type_FromSpec?.calls, 1);
});

test('nested entries: C -> HPy_Call -> JavaScript -> another extension function; each context call goes to the innermost', () => {
  const before = get_profile({ module: 'prof' });
  const out = m.call_with(7, (x: number) => m.twice(x));
  assert.equal(out, 14);
  const after = get_profile({ module: 'prof' });
  assert.deepEqual(delta(before, after, 'prof.call_with'), { calls: 1, functions: { ctx_Call: 1 } });
  assert.deepEqual(delta(before, after, 'prof.twice'), { calls: 1, functions: { ctx_Long_AsInt64_t: 1, ctx_Long_FromInt64_t: 1 } });
  // The outer entry's HPy_Call holds the inner entry's whole time.
  const outer = row(after, 'prof.call_with');
  const inner = row(after, 'prof.twice');
  assert.ok(outer.functions.ctx_Call!.ns >= inner.total_ns - (before.find((r) => r.entry === 'prof.twice')?.total_ns ?? 0));
});

test('context calls made outside every entry (a C thread of the extension) go to <module>.<outside>', () => {
  const before = get_profile({ module: 'prof' });
  assert.equal(m.from_thread(), 1, 'the call from a thread without JavaScript failed, as documented');
  const after = get_profile({ module: 'prof' });
  assert.deepEqual(delta(before, after, 'prof.<outside>'), { calls: 0, functions: { ctx_Long_FromInt64_t: 1 } });
  assert.deepEqual(delta(before, after, "prof.from_thread"), { calls: 1, functions: { ctx_Long_FromInt64_t: 1 } });
  assert.equal(row(after, 'prof.<outside>').total_ns, 0);
});

test('per-function totals are unchanged: the rows of a module add up to get_call_counts and get_durations', () => {
  const rows = get_profile({ module: 'prof' });
  const counts = get_call_counts({ module: 'prof' });
  const durations = get_durations({ module: 'prof' });
  for (const name of CTX_NAMES) {
    const calls = rows.reduce((s, r) => s + (r.functions[name]?.calls ?? 0), 0);
    const ns = rows.reduce((s, r) => s + (r.functions[name]?.ns ?? 0), 0);
    assert.equal(calls, counts[name], name);
    assert.ok(Math.abs(ns - durations[name]) <= 1e-6 * Math.max(1, durations[name]) + rows.length, `${name}: ${ns} vs ${durations[name]}`);
  }
});

test('the module filter and its argument checks; a universal module is an error, as for get_call_counts', () => {
  const other = makeModule(ADD_F_SRC, { mode: 'trace', name: 'prof_other' });
  assert.equal(other.f(1, 2), 3);
  const all = get_profile();
  assert.ok(all.some((r) => r.module === 'prof') && all.some((r) => r.module === 'prof_other'));
  assert.deepEqual(
    get_profile({ module: 'prof_other' }).map((r) => [r.entry, r.module, r.calls]),
    [['prof_other.f', 'prof_other', 1]],
  );
  assert.deepEqual(get_profile({ module: other }), get_profile({ module: 'prof_other' }), 'the module object selects it too');
  assert.deepEqual(get_profile({ module: 'not_loaded' }), []);
  assert.throws(() => get_profile('prof' as never), { name: 'TypeError', message: /get_profile/ });
  assert.throws(() => get_profile({ module: 42 } as never), { name: 'TypeError', message: /get_profile.*module/ });
  assert.throws(() => get_profile({ modul: 'prof' } as never), { name: 'TypeError', message: /get_profile/ });
  const universal = makeModule(ADD_F_SRC, { mode: 'universal', name: 'prof_universal' });
  assert.equal(universal.f(1, 2), 3);
  assert.throws(() => get_profile({ module: 'prof_universal' }), /prof_universal\.hpy\.so is loaded in universal mode, which does not count calls/);
  assert.ok(!get_profile().some((r) => r.module === 'prof_universal'), 'a universal module makes no rows');
});

test('debug+trace mode: the same entries and counts', () => {
  const d = makeModule<ProfileModule>(PROFILE_POINT_SRC, { mode: 'debug+trace', name: 'prof_dt' });
  const a = new d.Point(1, 2);
  const c = d.add(a, a);
  assert.deepEqual([c.x, c.y], [2, 4]);
  const rows = get_profile({ module: 'prof_dt' });
  assert.deepEqual(callsOf(row(rows, 'prof.Point.nb_add')), { ctx_Type: 1, ctx_AsStruct_Object: 2, ctx_New: 1, ctx_Close: 1 });
  assert.deepEqual(callsOf(row(rows, 'prof_dt.add')), { ctx_Add: 1 });
  assert.equal(row(rows, 'prof.Point.tp_new').calls, 1);
});

function runWorker(path: string, calls: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = `require('tsx/cjs'); require(${JSON.stringify(join(__dirname, '..', 'fixtures', 'trace-profile-worker.ts'))});`;
    const w = new Worker(body, { eval: true, workerData: { path, calls } });
    let done: number | undefined;
    w.once('message', (n: number) => (done = n));
    w.once('error', reject);
    w.once('exit', () => (done !== undefined ? resolve(done) : reject(new Error('the worker exited without a report'))));
  });
}

test('2 workers adding points at once: the entry counts of every thread are exact', async () => {
  const path = buildModule(PROFILE_POINT_SRC, { mode: 'trace', name: 'prof_workers' });
  const main = load(path, { mode: 'trace' }) as unknown as ProfileModule;
  const calls = 20000;
  const results = await Promise.all([runWorker(path, calls), runWorker(path, calls)]);
  assert.deepEqual(results, [calls, calls]);
  const p = new main.Point(1, 1);
  main.add(p, p);
  const rows = get_profile({ module: 'prof_workers' });
  const nb = row(rows, 'prof.Point.nb_add');
  assert.equal(nb.calls, 2 * calls + 1);
  assert.deepEqual(callsOf(nb), { ctx_Type: 2 * calls + 1, ctx_AsStruct_Object: 2 * (2 * calls + 1), ctx_New: 2 * calls + 1, ctx_Close: 2 * calls + 1 });
  assert.equal(row(rows, 'prof_workers.add').calls, 2 * calls + 1);
  assert.equal(row(rows, 'prof_workers.HPy_mod_exec').calls, 3, 'the main thread and each worker ran the exec slot');
  const counts = get_call_counts({ module: 'prof_workers' });
  for (const name of CTX_NAMES) assert.equal(rows.reduce((s, r) => s + (r.functions[name]?.calls ?? 0), 0), counts[name], name);
});
