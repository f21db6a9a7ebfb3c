// load(): modes, identity, HPY_LOG, and every kind of bad input, each with a
// clear error and the process alive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { load } from '../../src/index';
import { buildExtension } from '../../src/cli/build';
import { buildModule, makeModule, TMP_DIR } from '../support/make-module';

const ROOT = resolve(__dirname, '..', '..');
const F = `
HPyDef_METH(f, "f", HPyFunc_NOARGS, .doc = "returns 42")
static HPy f_impl(HPyContext *ctx, HPy self) { return HPyLong_FromInt64_t(ctx, 42); }`;

function cFile(name: string, text: string): string {
  mkdirSync(TMP_DIR, { recursive: true });
  const file = join(TMP_DIR, name);
  writeFileSync(file, text);
  return file;
}

test('a module exposes its methods and doc', () => {
  const m = makeModule(F, { name: 'load_doc' });
  assert.equal(m.doc, 'test module load_doc');
  assert.equal(m.f(), 42);
  assert.equal((m.f as unknown as { doc: string }).doc, 'returns 42');
});

test('loading the same file twice returns the same module object', () => {
  const path = buildModule(F, { name: 'load_twice' });
  assert.equal(load(path), load(path));
  assert.equal(load(path), load(join(dirname(path), '.', 'load_twice.hpy.so')));
});

test('a file loaded in one mode cannot be loaded in another in the same process', () => {
  const path = buildModule(F, { name: 'load_modes' });
  load(path, { mode: 'trace' });
  assert.throws(() => load(path, { mode: 'universal' }), /already loaded in this process in trace mode/);
});

test('a missing file says so and how to build one', () => {
  assert.throws(() => load('/nonexistent/ext.hpy.so'), /cannot load \/nonexistent\/ext\.hpy\.so: no such file.*hpy-node build/);
});

test('a file that is not a shared library is rejected with the loader message', () => {
  const path = cFile('notalib.hpy.so', 'just text\n');
  assert.throws(() => load(path), /cannot load .*notalib\.hpy\.so as a shared library/);
});

test('a shared library that is no HPy module names the missing HPyInit symbol', () => {
  const src = cFile('plainlib.c', 'int plain(void) { return 1; }\n');
  const so = buildExtension(src, { output: join(TMP_DIR, 'plainlib.hpy.so') });
  assert.throws(() => load(so), /is not an HPy module named 'plainlib': it does not export HPyInit_plainlib/);
});

test('an unsupported ABI version is refused with both versions named', () => {
  const src = cFile(
    'future.c',
    `#include "hpy.h"
static HPyModuleDef def = { .doc = "from the future" };
HPy_EXPORTED_SYMBOL uint32_t get_required_hpy_major_version_future(void) { return 7; }
HPy_EXPORTED_SYMBOL uint32_t get_required_hpy_minor_version_future(void) { return 1; }
HPy_EXPORTED_SYMBOL void HPyInitGlobalContext_future(HPyContext *ctx) { (void)ctx; }
HPy_EXPORTED_SYMBOL HPyModuleDef *HPyInit_future(void) { return &def; }
`,
  );
  const so = buildExtension(src, { output: join(TMP_DIR, 'future.hpy.so') });
  assert.throws(() => load(so), /requires unsupported version of the HPy runtime\. Requested version: 7\.1\. Current HPy version: 0\.0\. Rebuild /);
});

test('an invalid mode option is a TypeError', () => {
  const path = buildModule(F, { name: 'load_badmode' });
  assert.throws(() => load(path, { mode: 'fast' as never }), TypeError);
});

test('an invalid HPY value throws naming the entry', () => {
  const path = buildModule(F, { name: 'load_badenv' });
  const saved = process.env.HPY;
  process.env.HPY = 'load_badenv:turbo';
  try {
    assert.throws(() => load(path), /entry "load_badenv:turbo" has mode "turbo"/);
  } finally {
    if (saved === undefined) delete process.env.HPY;
    else process.env.HPY = saved;
  }
});

test('HPY picks the mode at load time and HPY_LOG prints the load line', () => {
  const path = buildModule(F, { name: 'load_log' });
  const script = `const { load } = require(${JSON.stringify(join(ROOT, 'src', 'index.ts'))}); load(${JSON.stringify(path)}); load(${JSON.stringify(path)});`;
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { env: { ...process.env, ...env }, encoding: 'utf8' });
  assert.equal(run({ HPY: 'load_log:trace', HPY_LOG: '1' }).stdout, "Loading 'load_log' in HPy universal mode with a trace context\n".repeat(2));
  assert.equal(run({ HPY: 'trace', HPY_LOG: '1' }).stdout, "Loading 'load_log' in HPy universal mode with a trace context\n".repeat(2));
  assert.equal(run({ HPY: 'other=trace', HPY_LOG: '1' }).stdout, "Loading 'load_log' in HPy universal mode\n".repeat(2));
  assert.equal(run({ HPY: 'trace' }).stdout, '');
  const debug = run({ HPY: 'debug', HPY_LOG: '' });
  assert.equal(debug.stdout, "Loading 'load_log' in HPy debug mode\n".repeat(2));
  assert.equal(debug.stderr, '');
  assert.equal(run({ HPY: 'load_log:debug+trace', HPY_LOG: '1' }).stdout, "Loading 'load_log' in HPy debug mode with a trace context\n".repeat(2));
});

test('a method returning HPy_NULL without an error raises SystemError naming it', () => {
  const m = makeModule(`
HPyDef_METH(bad, "bad", HPyFunc_NOARGS)
static HPy bad_impl(HPyContext *ctx, HPy self) { return HPy_NULL; }`);
  assert.throws(() => m.bad(), { name: 'SystemError', message: /t_\w+\.bad returned an error result without setting an exception/ });
});

test('a method that sets an error but returns a value raises SystemError with the error as cause', () => {
  const m = makeModule(`
HPyDef_METH(bad2, "bad2", HPyFunc_NOARGS)
static HPy bad2_impl(HPyContext *ctx, HPy self) {
    HPyErr_SetString(ctx, ctx->h_ValueError, "inner");
    return HPy_Dup(ctx, ctx->h_None);
}`);
  assert.throws(
    () => m.bad2(),
    (err: Error & { cause?: Error }) => err.name === 'SystemError' && /returned a result with an exception set/.test(err.message) && err.cause?.message === 'inner',
  );
  assert.equal(m.bad2.length >= 0, true, 'the process is alive and the module callable');
});

test('fixed-arity methods check their argument count', () => {
  const m = makeModule(`
HPyDef_METH(one, "one", HPyFunc_O)
static HPy one_impl(HPyContext *ctx, HPy self, HPy arg) { return HPy_Dup(ctx, arg); }
HPyDef_METH(none, "none", HPyFunc_NOARGS)
static HPy none_impl(HPyContext *ctx, HPy self) { return HPy_Dup(ctx, ctx->h_None); }`);
  assert.equal(m.one('x'), 'x');
  assert.equal(m.none(), undefined);
  assert.throws(() => m.one(), { name: 'TypeError', message: /one\(\) takes exactly one argument \(0 given\)/ });
  assert.throws(() => m.none(1), { name: 'TypeError', message: /none\(\) takes no arguments \(1 given\)/ });
});

test('an unsupported context function raises NotImplementedError naming it', () => {
  const m = makeModule(`
HPyDef_METH(unsup, "unsup", HPyFunc_NOARGS)
static HPy unsup_impl(HPyContext *ctx, HPy self) {
    /* the one context function left unsupported (CPython's trampolines) */
    ctx->ctx_CallRealFunctionFromTrampoline(ctx, HPyFunc_NOARGS, NULL, NULL);
    return HPyErr_Occurred(ctx) ? HPy_NULL : HPy_Dup(ctx, self);
}`);
  assert.throws(() => m.unsup(), { name: 'NotImplementedError', message: /ctx_CallRealFunctionFromTrampoline is not supported by hpy-node yet/ });
});

test('HPy_AsPyObject and HPy_FromPyObject , called through the context despite the compile error, raise NotImplementedError saying there is no CPython here', () => {
  const m = makeModule(`
HPyDef_METH(as_py, "as_py", HPyFunc_O)
static HPy as_py_impl(HPyContext *ctx, HPy self, HPy arg) {
    cpy_PyObject *o = ctx->ctx_AsPyObject(ctx, arg);
    return o ? HPy_Dup(ctx, ctx->h_None) : HPy_NULL;
}
HPyDef_METH(from_py, "from_py", HPyFunc_NOARGS)
static HPy from_py_impl(HPyContext *ctx, HPy self) {
    return ctx->ctx_FromPyObject(ctx, (cpy_PyObject *)0);
}`);
  const never = /is not supported by hpy-node, and never will be: hpy-node runs HPy on JavaScript values, with no CPython and so no PyObject\* to convert/;
  assert.throws(() => m.as_py(1), (e: Error) => e.name === 'NotImplementedError' && /^ctx_AsPyObject /.test(e.message) && never.test(e.message));
  assert.throws(() => m.from_py(), (e: Error) => e.name === 'NotImplementedError' && /^ctx_FromPyObject /.test(e.message) && never.test(e.message));
});
