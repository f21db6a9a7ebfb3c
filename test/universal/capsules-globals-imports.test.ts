// HPyCapsule_*, HPyGlobal_Store/Load and HPyImport_ImportModule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { buildModule, makeModule } from '../support/make-module';
import { Capsule, ModuleNotFoundError, SystemError, ValueError } from '../../src/index';

const ROOT = resolve(__dirname, '..', '..');

const CAPSULES = `
static int destroyed = 0;
HPyCapsule_DESTRUCTOR(dtor)
static void dtor_impl(const char *name, void *pointer, void *context) {
    destroyed += *(int *)pointer;
}
static int payload = 42, other = 7;

HPyDef_METH(cap_new, "cap_new", HPyFunc_O)
static HPy cap_new_impl(HPyContext *ctx, HPy self, HPy arg) {
    long which = HPyLong_AsLong(ctx, arg);
    if (which == 0) return HPyCapsule_New(ctx, &payload, "mod.cap", &dtor);
    if (which == 1) return HPyCapsule_New(ctx, &payload, NULL, NULL);
    return HPyCapsule_New(ctx, NULL, "mod.cap", NULL);
}
/* the int the capsule points to; name None means NULL */
HPyDef_METH(cap_get, "cap_get", HPyFunc_VARARGS)
static HPy cap_get_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    const char *name = HPy_Is(ctx, args[1], ctx->h_None) ? NULL : HPyUnicode_AsUTF8AndSize(ctx, args[1], NULL);
    int *p = (int *)HPyCapsule_Get(ctx, args[0], HPyCapsule_key_Pointer, name);
    if (!p) return HPy_NULL;
    return HPyLong_FromLong(ctx, *p);
}
HPyDef_METH(cap_name, "cap_name", HPyFunc_O)
static HPy cap_name_impl(HPyContext *ctx, HPy self, HPy arg) {
    const char *name = (const char *)HPyCapsule_Get(ctx, arg, HPyCapsule_key_Name, NULL);
    if (!name) return HPyErr_Occurred(ctx) ? HPy_NULL : HPy_Dup(ctx, ctx->h_None);
    return HPyUnicode_FromString(ctx, name);
}
/* context as a number, and whether the destructor is ours */
HPyDef_METH(cap_context_dtor, "cap_context_dtor", HPyFunc_O)
static HPy cap_context_dtor_impl(HPyContext *ctx, HPy self, HPy arg) {
    long c = (long)(intptr_t)HPyCapsule_Get(ctx, arg, HPyCapsule_key_Context, NULL);
    void *d = HPyCapsule_Get(ctx, arg, HPyCapsule_key_Destructor, NULL);
    if (HPyErr_Occurred(ctx)) return HPy_NULL;
    return HPyLong_FromLong(ctx, c * 10 + (d == &dtor ? 1 : 0));
}
HPyDef_METH(cap_is_valid, "cap_is_valid", HPyFunc_VARARGS)
static HPy cap_is_valid_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    const char *name = HPy_Is(ctx, args[1], ctx->h_None) ? NULL : HPyUnicode_AsUTF8AndSize(ctx, args[1], NULL);
    HPy cap = nargs > 2 ? (HPy){ 987654 } : args[0];
    int r = HPyCapsule_IsValid(ctx, cap, name);
    return HPyLong_FromLong(ctx, r * 10 + HPyErr_Occurred(ctx));
}
HPyDef_METH(cap_set, "cap_set", HPyFunc_VARARGS)
static HPy cap_set_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    long which = HPyLong_AsLong(ctx, args[1]);
    int r;
    if (which == 0) r = HPyCapsule_Set(ctx, args[0], HPyCapsule_key_Pointer, &other);
    else if (which == 1) r = HPyCapsule_Set(ctx, args[0], HPyCapsule_key_Name, (void *)"mod.renamed");
    else if (which == 2) r = HPyCapsule_Set(ctx, args[0], HPyCapsule_key_Context, (void *)(intptr_t)12);
    else if (which == 3) r = HPyCapsule_Set(ctx, args[0], HPyCapsule_key_Destructor, NULL);
    else if (which == 4) r = HPyCapsule_Set(ctx, args[0], HPyCapsule_key_Pointer, NULL);
    else r = HPyCapsule_Set(ctx, args[0], (_HPyCapsule_key)99, NULL);
    if (r < 0) return HPy_NULL;
    return HPy_Dup(ctx, args[0]);
}
HPyDef_METH(destroyed_total, "destroyed_total", HPyFunc_NOARGS)
static HPy destroyed_total_impl(HPyContext *ctx, HPy self) {
    return HPyLong_FromLong(ctx, destroyed);
}
`;

const GLOBALS = `
static HPyGlobal g_val, g_never;
HPyDef_METH(g_store, "g_store", HPyFunc_O)
static HPy g_store_impl(HPyContext *ctx, HPy self, HPy arg) {
    HPyGlobal_Store(ctx, &g_val, arg);
    return HPy_Dup(ctx, ctx->h_None);
}
HPyDef_METH(g_load, "g_load", HPyFunc_NOARGS)
static HPy g_load_impl(HPyContext *ctx, HPy self) {
    return HPyGlobal_Load(ctx, g_val);
}
HPyDef_METH(g_clear, "g_clear", HPyFunc_NOARGS)
static HPy g_clear_impl(HPyContext *ctx, HPy self) {
    HPyGlobal_Store(ctx, &g_val, HPy_NULL);
    return HPy_Dup(ctx, ctx->h_None);
}
HPyDef_METH(g_misuse, "g_misuse", HPyFunc_O)
static HPy g_misuse_impl(HPyContext *ctx, HPy self, HPy arg) {
    long which = HPyLong_AsLong(ctx, arg);
    if (which == 0) return HPyGlobal_Load(ctx, g_never);
    if (which == 1) { HPyGlobal bogus = { 999999999 }; return HPyGlobal_Load(ctx, bogus); }
    HPyGlobal_Store(ctx, NULL, ctx->h_None);
    return HPy_NULL;
}
`;

const IMPORTS = `
HPyDef_METH(import_module, "import_module", HPyFunc_O)
static HPy import_module_impl(HPyContext *ctx, HPy self, HPy arg) {
    const char *name = HPy_Is(ctx, arg, ctx->h_None) ? NULL : HPyUnicode_AsUTF8AndSize(ctx, arg, NULL);
    return HPyImport_ImportModule(ctx, name);
}
`;

const caps = makeModule(CAPSULES);
const globals = makeModule(GLOBALS, { name: 'hpy_globals_test' });
const imports = makeModule(IMPORTS);

test('HPyCapsule_New makes a Capsule whose name JavaScript can read', () => {
  const c = caps.cap_new(0);
  assert.ok(c instanceof Capsule);
  assert.equal(c.name, 'mod.cap');
  assert.throws(() => { 'use strict'; (c as { name: string }).name = 'x'; }, TypeError);
});

test('HPyCapsule_New with a NULL pointer is a ValueError', () => {
  assert.throws(() => caps.cap_new(2), (e: Error) => e instanceof ValueError && e.message === 'ctx_Capsule_New called with null pointer');
});

test('HPyCapsule_Get returns the pointer for the right name', () => {
  assert.equal(caps.cap_get(caps.cap_new(0), 'mod.cap'), 42);
  assert.equal(caps.cap_get(caps.cap_new(1), undefined), 42);
});

test('HPyCapsule_Get with a wrong name is a ValueError, as in CPython', () => {
  assert.throws(() => caps.cap_get(caps.cap_new(0), 'mod.other'), (e: Error) =>
    e instanceof ValueError && /ctx_Capsule_Get called with incorrect name \(asked for 'mod.other', the capsule's is 'mod.cap'\)/.test(e.message));
  assert.throws(() => caps.cap_get(caps.cap_new(0), undefined), ValueError);
  assert.throws(() => caps.cap_get(caps.cap_new(1), 'mod.cap'), ValueError);
});

test('HPyCapsule_Get of a non-capsule is a ValueError', () => {
  assert.throws(() => caps.cap_get({ name: 'mod.cap' }, 'mod.cap'), { name: 'ValueError', message: /invalid PyCapsule object \(got Object\)/ });
  assert.throws(() => caps.cap_get(new Capsule(), 'mod.cap'), ValueError);
  assert.throws(() => caps.cap_get(5, 'mod.cap'), ValueError);
});

test('HPyCapsule_Get reads the name, context and destructor', () => {
  const c = caps.cap_new(0);
  assert.equal(caps.cap_name(c), 'mod.cap');
  assert.equal(caps.cap_name(caps.cap_new(1)), undefined);
  assert.equal(caps.cap_context_dtor(c), 1);
});

test('HPyCapsule_IsValid checks the capsule and its name, without raising', () => {
  const c = caps.cap_new(0);
  assert.equal(caps.cap_is_valid(c, 'mod.cap'), 10);
  assert.equal(caps.cap_is_valid(c, 'mod.other'), 0);
  assert.equal(caps.cap_is_valid(c, undefined), 0);
  assert.equal(caps.cap_is_valid({}, 'mod.cap'), 0);
  assert.equal(caps.cap_is_valid(c, 'mod.cap', 'invalid handle'), 0);
});

test('HPyCapsule_Set changes the pointer, name, context and destructor', () => {
  const c = caps.cap_new(0);
  caps.cap_set(c, 0);
  assert.equal(caps.cap_get(c, 'mod.cap'), 7);
  caps.cap_set(c, 1);
  assert.equal(c.name, 'mod.renamed');
  assert.equal(caps.cap_get(c, 'mod.renamed'), 7);
  caps.cap_set(c, 2);
  caps.cap_set(c, 3);
  assert.equal(caps.cap_context_dtor(c), 120);
});

test('HPyCapsule_Set with a NULL pointer is a ValueError, a bad key a SystemError', () => {
  const c = caps.cap_new(0);
  assert.throws(() => caps.cap_set(c, 4), { name: 'ValueError', message: /null pointer/ });
  assert.throws(() => caps.cap_set(c, 5), { name: 'SystemError', message: /invalid key 99/ });
  assert.throws(() => caps.cap_set([], 0), ValueError);
  assert.equal(caps.cap_get(c, 'mod.cap'), 42);
});

test('a capsule destructor runs when the capsule is garbage collected', () => {
  const so = buildModule(CAPSULES);
  const script = `
const { load } = require(${JSON.stringify(join(ROOT, 'src', 'index.ts'))});
const m = load(${JSON.stringify(so)});
(function () { for (let i = 0; i < 3; i++) m.cap_new(0); m.cap_new(1); })();
(async () => {
  for (let i = 0; i < 20 && m.destroyed_total() < 126; i++) {
    global.gc();
    await new Promise((r) => setImmediate(r));
  }
  console.log(m.destroyed_total());
})();`;
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', '-e', script], { encoding: 'utf8' });
  assert.equal(r.stderr, '');
  assert.equal(r.stdout.trim(), '126'); // three capsules with the destructor, 42 each; none for the fourth
});

test('HPyGlobal_Store/Load keep a value across calls', () => {
  const obj = { kept: true };
  globals.g_store(obj);
  assert.equal(globals.g_load(), obj);
  globals.g_store(undefined);
  assert.equal(globals.g_load(), undefined);
  globals.g_store('again');
  assert.equal(globals.g_load(), 'again');
});

test('HPyGlobal_Load after storing HPy_NULL is a SystemError', () => {
  globals.g_clear();
  assert.throws(() => globals.g_load(), { name: 'SystemError', message: /holds no value in this JavaScript environment/ });
  globals.g_store('restored');
});

test('HPyGlobal_Load of a global never stored, or holding garbage, is a SystemError', () => {
  assert.throws(() => globals.g_misuse(0), { name: 'SystemError', message: /never stored/ });
  assert.throws(() => globals.g_misuse(1), { name: 'SystemError', message: /HPyGlobal_Store never gave it/ });
  assert.throws(() => globals.g_misuse(2), { name: 'SystemError', message: /pointer is NULL/ });
});

test('HPyGlobal values belong to each JavaScript environment (worker threads)', async () => {
  globals.g_store('main value');
  const so = buildModule(GLOBALS, { name: 'hpy_globals_test' });
  const body = `
require('tsx/cjs');
const { parentPort } = require('node:worker_threads');
const m = require(${JSON.stringify(join(ROOT, 'src', 'index.ts'))}).load(${JSON.stringify(so)});
let before;
try { before = m.g_load(); } catch (e) { before = e.name + ': ' + e.message; }
m.g_store('worker value');
parentPort.postMessage({ before, after: m.g_load() });`;
  const result = await new Promise<{ before: string; after: string }>((res, rej) => {
    const w = new Worker(body, { eval: true });
    w.once('message', res);
    w.once('error', rej);
  });
  assert.match(result.before, /^SystemError: .*holds no value in this JavaScript environment/);
  assert.equal(result.after, 'worker value');
  assert.equal(globals.g_load(), 'main value');
});

test('HPyImport_ImportModule resolves like require()', () => {
  assert.equal(imports.import_module('node:path'), require('node:path'));
  assert.equal(imports.import_module('tsx/cjs'), require('tsx/cjs'));
});

test('HPyImport_ImportModule of a missing module is a ModuleNotFoundError', () => {
  assert.throws(() => imports.import_module('no-such-module-hpy-node'), (e: Error) =>
    e instanceof ModuleNotFoundError && /No module named 'no-such-module-hpy-node'/.test(e.message));
});

test('HPyImport_ImportModule with a NULL name is a SystemError', () => {
  assert.throws(() => imports.import_module(null), SystemError);
});
