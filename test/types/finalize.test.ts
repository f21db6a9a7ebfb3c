// HPy_tp_finalize on hpy-node: once per instance, before tp_destroy, never on
// a reachable object; at collection on a stand-in of the same class carrying
// the dead instance's struct, at environment teardown on the instance
// itself. Its fields read as NULL (those tp_traverse visits) or raise a
// SystemError (the others); an exception it leaves is reported as
// HPyErr_WriteUnraisable does; cycles through fields are still collected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { join, resolve } from 'node:path';
import { buildModule } from '../support/make-module';
import { load } from '../../src/index';

const ROOT = resolve(__dirname, '..', '..');

export const RES_SRC = `
#include <stdio.h>
#include <string.h>
#define MAX_IDS 100000
typedef struct { long id; long magic; HPyField link; HPyField hidden; } ResObject;
HPyType_HELPERS(ResObject)

static unsigned char finalized[MAX_IDS], destroyed[MAX_IDS], finalized_after_destroy[MAX_IDS];
static long n_struct_ok, n_method_ok, n_link_null, n_hidden_error, n_total_finalized;
static long next_id;
static char last_type[64];
static int trace_exit;   /* print each finalize and destroy, for the exit test */
static HPyGlobal kept;

HPyDef_SLOT(Res_new, HPy_tp_new)
static HPy Res_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    ResObject *r;
    HPy h = HPy_New(ctx, cls, &r);
    if (HPy_IsNull(h)) return HPy_NULL;
    r->id = next_id++ % MAX_IDS;
    r->magic = 0x5eed;
    return h;
}

HPyDef_SLOT(Res_traverse, HPy_tp_traverse)
static int Res_traverse_impl(void *self, HPyFunc_visitproc visit, void *arg)
{
    HPy_VISIT(&((ResObject *)self)->link);   /* 'hidden' is left out on purpose */
    return 0;
}

HPyDef_METH(Res_ident, "ident", HPyFunc_NOARGS)
static HPy Res_ident_impl(HPyContext *ctx, HPy self) { return HPyLong_FromLong(ctx, ResObject_AsStruct(ctx, self)->id); }

HPyDef_METH(Res_link, "link", HPyFunc_O)
static HPy Res_link_impl(HPyContext *ctx, HPy self, HPy other)
{
    HPyField_Store(ctx, self, &ResObject_AsStruct(ctx, self)->link, other);
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(Res_hide, "hide", HPyFunc_O)
static HPy Res_hide_impl(HPyContext *ctx, HPy self, HPy other)
{
    HPyField_Store(ctx, self, &ResObject_AsStruct(ctx, self)->hidden, other);
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_SLOT(Res_finalize, HPy_tp_finalize)
static void Res_finalize_impl(HPyContext *ctx, HPy self)
{
    ResObject *r = ResObject_AsStruct(ctx, self);
    if (r == NULL || r->magic != 0x5eed) return;
    if (trace_exit) fprintf(stderr, "finalize %ld\\n", r->id);
    n_struct_ok++;
    finalized[r->id]++;
    n_total_finalized++;
    if (destroyed[r->id]) finalized_after_destroy[r->id]++;
    HPy name = HPyUnicode_FromString(ctx, "ident");
    HPy id = HPy_CallMethod(ctx, name, &self, 1, HPy_NULL);
    if (!HPy_IsNull(id) && HPyLong_AsLong(ctx, id) == r->id) n_method_ok++;
    HPy_Close(ctx, id);
    HPy_Close(ctx, name);
    if (HPyField_IsNull(r->link)) n_link_null++;
    if (!HPyField_IsNull(r->hidden)) {
        HPy h = HPyField_Load(ctx, self, r->hidden);
        if (HPy_IsNull(h) && HPyErr_Occurred(ctx)) n_hidden_error++;
        HPyErr_Clear(ctx);
        HPy_Close(ctx, h);
    }
    HPy t = HPy_Type(ctx, self);
    const char *tn = HPyType_GetName(ctx, t);
    strncpy(last_type, tn ? tn : "?", sizeof last_type - 1);
    HPy_Close(ctx, t);
    if (r->id == 7) HPyGlobal_Store(ctx, &kept, self);   /* keeps the stand-in past tp_finalize */
    if (r->id == 9) HPyErr_SetString(ctx, ctx->h_ValueError, "finalizer of 9 failed");
}

HPyDef_SLOT(Res_destroy, HPy_tp_destroy)
static void Res_destroy_impl(void *obj)
{
    destroyed[((ResObject *)obj)->id]++;
    if (trace_exit) fprintf(stderr, "destroy %ld\\n", ((ResObject *)obj)->id);
}

HPyDef_METH(print_lifecycle, "print_lifecycle", HPyFunc_NOARGS)
static HPy print_lifecycle_impl(HPyContext *ctx, HPy self) { trace_exit = 1; return HPy_Dup(ctx, ctx->h_None); }

static HPyDef *Res_defines[] = { &Res_new, &Res_traverse, &Res_ident, &Res_link, &Res_hide, &Res_finalize,
    &Res_destroy, NULL };
static HPyType_Spec Res_spec = {
    .name = "fin.Res", .basicsize = sizeof(ResObject),
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_BASETYPE | HPy_TPFLAGS_HAVE_GC, .defines = Res_defines,
};

HPyDef_SLOT(mod_exec, HPy_mod_exec)
static int mod_exec_impl(HPyContext *ctx, HPy m)
{
    return HPyHelpers_AddType(ctx, m, "Res", &Res_spec, NULL) ? 0 : -1;
}

HPyDef_METH(stats, "stats", HPyFunc_NOARGS)
static HPy stats_impl(HPyContext *ctx, HPy self)
{
    long once = 0, twice = 0, after = 0, destroyed_n = 0;
    for (long i = 0; i < MAX_IDS; i++) {
        if (finalized[i] == 1) once++;
        if (finalized[i] > 1) twice++;
        after += finalized_after_destroy[i];
        destroyed_n += destroyed[i];
    }
    return HPy_BuildValue(ctx, "{s:l,s:l,s:l,s:l,s:l,s:l,s:l,s:l,s:l,s:s}", "once", once, "twice", twice,
        "afterDestroy", after, "destroyed", destroyed_n, "structOk", n_struct_ok, "methodOk", n_method_ok,
        "linkNull", n_link_null, "hiddenError", n_hidden_error, "total", n_total_finalized, "lastType", last_type);
}

HPyDef_METH(finalized_in, "finalized_in", HPyFunc_VARARGS)
static HPy finalized_in_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    long lo = HPyLong_AsLong(ctx, args[0]), hi = HPyLong_AsLong(ctx, args[1]), n = 0;
    for (long i = lo; i <= hi && i < MAX_IDS; i++) n += finalized[i];
    return HPyLong_FromLong(ctx, n);
}

HPyDef_METH(kept_stand_in, "kept_stand_in", HPyFunc_NOARGS)
static HPy kept_stand_in_impl(HPyContext *ctx, HPy self) { return HPyGlobal_Load(ctx, kept); }
`;

type Stats = { once: number; twice: number; afterDestroy: number; destroyed: number; structOk: number; methodOk: number;
  linkNull: number; hiddenError: number; total: number; lastType: string };

// Runs `body` in a child process with --expose-gc, `m` loaded in `mode`;
// the body's last expression is awaited and printed as JSON.
function child(mode: string, body: string): { out: Record<string, unknown>; stderr: string } {
  const so = buildModule(RES_SRC, { mode: mode as 'universal' });
  const script = `
const { load } = require(${JSON.stringify(join(ROOT, 'src', 'index.ts'))});
const m = load(${JSON.stringify(so)}, { mode: ${JSON.stringify(mode)} });
const collect = async (until) => {
  for (let i = 0; i < 60 && !until(); i++) { global.gc(); await new Promise((r) => setImmediate(r)); }
};
(async () => { ${body} })().then((r) => console.log(JSON.stringify(r)), (e) => { console.error(e); process.exitCode = 1; });`;
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 120000 });
  assert.equal(r.status, 0, r.stderr);
  return { out: JSON.parse(r.stdout.trim().split('\n').pop()!), stderr: r.stderr };
}

const COLLECT_CYCLES = (mode: string): string => `
// Debug mode reports each store into the field tp_traverse leaves out
// (traverse.test.ts); counted here instead of failing the call.
let reports = 0;
if (${JSON.stringify(mode)} === 'debug') require(${JSON.stringify(join(ROOT, 'src', 'debug', 'index.ts'))}).set_on_invalid_handle(() => reports++);
const N = 2000;
let collected = 0;
const registry = new FinalizationRegistry(() => collected++);
const alive = new m.Res();              // id 0: reachable throughout
(function () {
  for (let i = 0; i < N / 2; i++) {
    const a = new m.Res(), b = new m.Res();
    a.link(b); b.link(a);                 // a cycle through traversed fields
    a.hide({ payload: i });               // and an untraversed one
    registry.register(a, 0); registry.register(b, 0);
  }
})();
await collect(() => collected >= N && m.stats().total >= N);
return { ...m.stats(), collected, reports, aliveFinalized: m.finalized_in(0, 0), aliveOk: alive.ident() === 0 };`;

for (const mode of ['universal', 'trace', 'debug'] as const) {
  test(`${mode}: tp_finalize runs once per collected instance, before tp_destroy, on a stand-in with its struct`, () => {
    const { out, stderr } = child(mode, COLLECT_CYCLES(mode));
    const s = out as Stats & { collected: number; reports: number; aliveFinalized: number; aliveOk: boolean };
    assert.equal(s.reports, mode === 'debug' ? 1000 : 0);
    assert.equal(s.collected, 2000, 'cycles through fields are collected (no leak)');
    assert.equal(s.total, 2000, 'tp_finalize ran for each collected instance');
    assert.equal(s.once, 2000);
    assert.equal(s.twice, 0, 'never twice');
    assert.equal(s.afterDestroy, 0, 'always before tp_destroy');
    assert.equal(s.structOk, 2000, 'HPy_AsStruct gives the dead instance\'s struct');
    assert.equal(s.methodOk, 2000, 'the type\'s methods work on the stand-in');
    assert.equal(s.linkNull, 2000, 'fields tp_traverse visits read as NULL');
    assert.equal(s.hiddenError, 1000, 'loading an unvisited field raises');
    assert.equal(s.lastType, 'Res');
    assert.equal(s.aliveFinalized, 0, 'a reachable instance is never finalized');
    assert.ok(s.aliveOk);
    assert.equal(stderr.match(/exception ignored/g)?.length, 1, 'only id 9\'s finalizer raised');
  });
}

test('an exception left by tp_finalize is reported as unraisable; a stand-in kept past it is no instance any more', () => {
  const { out, stderr } = child('universal', `
for (let i = 0; i < 12; i++) new m.Res();    // ids 0..11; 7 keeps its stand-in, 9 raises
await collect(() => m.stats().total >= 12);
const kept = m.kept_stand_in();
let error;
try { kept.ident(); } catch (e) { error = e.name + ': ' + e.message; }
return { total: m.stats().total, keptIsRes: kept instanceof m.Res, error };`);
  assert.equal(out.total, 12);
  assert.match(stderr, /exception ignored in: .*\n.*ValueError: finalizer of 9 failed/);
  assert.equal(out.keptIsRes, true, 'the stand-in has the class\'s prototype');
  assert.match(String(out.error), /^TypeError: ident of 'fin.Res' objects called on an object that is not one/, 'no use of freed memory');
});

test('instances alive when the process exits are finalized then, once each, before tp_destroy', () => {
  const { stderr } = child('universal', `
globalThis.keep = [new m.Res(), new m.Res(), new m.Res()];   // ids 0, 1, 2
m.print_lifecycle();
return 'exiting';`);
  const lines = stderr.split('\n').filter((l) => /^(finalize|destroy) /.test(l));
  for (const id of [0, 1, 2]) {
    const f = lines.indexOf(`finalize ${id}`), d = lines.indexOf(`destroy ${id}`);
    assert.ok(f >= 0, `instance ${id} finalized at exit`);
    assert.equal(lines.lastIndexOf(`finalize ${id}`), f, 'once');
    if (d >= 0) assert.ok(d > f, 'tp_destroy after tp_finalize');
  }
});

test('a JavaScript subclass\'s instance is finalized as one', () => {
  const { out } = child('universal', `
class Sub extends m.Res {}
(function () { for (let i = 0; i < 5; i++) new Sub(); })();
await collect(() => m.stats().total >= 5);
return m.stats();`);
  assert.equal((out as Stats).total, 5);
  assert.equal((out as Stats).lastType, 'Sub', 'HPy_Type of the stand-in is the subclass');
});

test('trace mode counts the context calls tp_finalize makes', () => {
  const { out } = child('trace', `
const { get_call_counts } = require(${JSON.stringify(join(ROOT, 'src', 'trace', 'index.ts'))});
const before = get_call_counts({ module: m }).ctx_CallMethod ?? 0;
(function () { for (let i = 0; i < 10; i++) new m.Res(); })();
await collect(() => m.stats().total >= 10);
return { calls: (get_call_counts({ module: m }).ctx_CallMethod ?? 0) - before, total: m.stats().total };`);
  assert.equal(out.total, 10);
  assert.equal(out.calls, 10, 'one HPy_CallMethod per tp_finalize');
});

test('a worker\'s live instances are finalized at its teardown, once, before tp_destroy', async () => {
  const so = buildModule(RES_SRC);
  const m = load(so) as unknown as { Res: new () => { ident(): number }; finalized_in(lo: number, hi: number): number; stats(): Stats };
  const body = `require('tsx/cjs');
const { parentPort } = require('node:worker_threads');
const { load } = require(${JSON.stringify(join(ROOT, 'src', 'index.ts'))});
const m = load(${JSON.stringify(so)});
globalThis.keep = [];
for (let i = 0; i < 10; i++) { const r = new m.Res(); r.link(r); globalThis.keep.push(r); }
parentPort.postMessage({ first: globalThis.keep[0].ident(), last: globalThis.keep[9].ident(),
  before: m.finalized_in(globalThis.keep[0].ident(), globalThis.keep[9].ident()) });`;
  type Report = { first: number; last: number; before: number };
  const report = await new Promise<Report>((res, rej) => {
    const w = new Worker(body, { eval: true });
    let msg: Report | undefined;
    w.once('message', (x) => (msg = x));
    w.once('error', rej);
    w.once('exit', () => (msg ? res(msg) : rej(new Error('no report'))));
  });
  assert.equal(report.before, 0, 'alive: not finalized');
  assert.equal(m.finalized_in(report.first, report.last), 10, 'each finalized at the worker\'s teardown');
  const s = m.stats();
  assert.equal(s.twice, 0);
  assert.equal(s.afterDestroy, 0);
});

test('debug mode: tp_finalize gets debug handles (closing its borrowed argument is reported)', () => {
  const src = `
typedef struct { long v; } BadObject;
HPyType_HELPERS(BadObject)
HPyDef_SLOT(Bad_finalize, HPy_tp_finalize)
static void Bad_finalize_impl(HPyContext *ctx, HPy self) { HPy_Close(ctx, self); }
static HPyDef *Bad_defines[] = { &Bad_finalize, NULL };
static HPyType_Spec Bad_spec = { .name = "fin.Bad", .basicsize = sizeof(BadObject), .defines = Bad_defines };
HPyDef_SLOT(mod_exec, HPy_mod_exec)
static int mod_exec_impl(HPyContext *ctx, HPy m) { return HPyHelpers_AddType(ctx, m, "Bad", &Bad_spec, NULL) ? 0 : -1; }
`;
  const so = buildModule(src, { mode: 'debug' });
  const script = `
const { load } = require(${JSON.stringify(join(ROOT, 'src', 'index.ts'))});
const m = load(${JSON.stringify(so)}, { mode: 'debug' });
(function () { new m.Bad(); })();
(async () => { for (let i = 0; i < 20; i++) { global.gc(); await new Promise((r) => setImmediate(r)); } })();`;
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 60000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /exception ignored in: [^]*SystemError: hpy-node debug mode \(module '.*'\): the extension closed its argument handle/);
});

