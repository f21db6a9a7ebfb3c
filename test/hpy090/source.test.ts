// HPy 0.9.0 source compatibility of module definitions: both spellings of a
// VARARGS method compile without warnings in C and C++, module slots run at
// load time with HPy's rules, and keyword arguments reach KEYWORDS methods.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { INCLUDE_DIR, buildExtension } from '../../src/cli/build';
import { load, kwargs } from '../../src/index';
import { TMP_DIR, makeModule } from '../support/make-module';

const OUT = join(TMP_DIR, 'hpy090-source');

// The seed's add (HPy *args, HPy_ssize_t nargs) beside HPy 0.9.0's spelling
// (const HPy *args, size_t nargs), a KEYWORDS method and an exec slot.
const BOTH_SPELLINGS = `#include "hpy.h"
HPyDef_METH(add, "add", HPyFunc_VARARGS)
static HPy add_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs)
{
    if (nargs != 2) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "expected exactly two args");
        return HPy_NULL;
    }
    return HPy_Add(ctx, args[0], args[1]);
}
HPyDef_METH(add090, "add090", HPyFunc_VARARGS, .doc = "HPy 0.9.0's spelling")
static HPy add090_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    if (nargs != 2) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "expected exactly two args");
        return HPy_NULL;
    }
    return HPy_Add(ctx, args[0], args[1]);
}
HPyDef_METH(nkw, "nkw", HPyFunc_KEYWORDS)
static HPy nkw_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs, HPy kwnames)
{
    return HPyLong_FromSize_t(ctx, nargs + (HPy_IsNull(kwnames) ? 0 : (size_t)HPy_Length(ctx, kwnames)));
}
HPyDef_SLOT(exec, HPy_mod_exec)
static int exec_impl(HPyContext *ctx, HPy mod)
{
    HPy v = HPyLong_FromLong(ctx, 42);
    int r = HPy_SetAttr_s(ctx, mod, "answer", v);
    HPy_Close(ctx, v);
    return r;
}
static HPyDef *defines[] = { &add, &add090, &nkw, &exec, NULL };
static HPyModuleDef moduledef = { .doc = "both spellings", .defines = defines };
`;

function compileWith(compiler: string, std: string, file: string): { status: number | null; stderr: string } {
  mkdirSync(OUT, { recursive: true });
  const src = join(OUT, file);
  writeFileSync(src, `${BOTH_SPELLINGS}HPy_MODINIT(${file.slice(0, file.indexOf('.'))}, moduledef)\n`);
  const r = spawnSync(compiler, [`-std=${std}`, '-shared', '-fPIC', '-Wall', '-Wextra', '-Wno-unused-parameter', '-Werror', `-I${INCLUDE_DIR}`, src, '-o', join(OUT, file.replace(/\.\w+$/, '.hpy0.so'))], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

for (const [compiler, std, file] of [
  ['cc', 'gnu11', 'spell_gnu11.c'],
  ['cc', 'c2x', 'spell_c23.c'],
  ['g++', 'c++17', 'spell_cxx17.cc'],
  ['g++', 'c++20', 'spell_cxx20.cc'],
] as const) {
  test(`both spellings of a VARARGS method compile without warnings (${compiler} -std=${std} -Wall -Wextra -Werror) and work`, () => {
    const r = compileWith(compiler, std, file);
    assert.equal(r.status, 0, r.stderr);
    const m = load(join(OUT, file.replace(/\.\w+$/, '.hpy0.so'))) as unknown as Record<string, (...a: unknown[]) => unknown> & { answer: number };
    assert.equal(m.add(1, 2), 3);
    assert.equal(m.add090(40, 2), 42);
    assert.equal(m.nkw(1, 2, kwargs({ a: 1, b: 2, c: 3 })), 5);
    assert.equal(m.answer, 42);
  });
}

test('the seed example itself (examples/snippets.c) builds with -Werror', () => {
  const out = join(OUT, 'snippets.hpy0.so');
  buildExtension(join(__dirname, '..', '..', 'examples', 'snippets.c'), { output: out, flags: ['-Werror'] });
  assert.equal((load(out) as unknown as { add(a: number, b: number): number }).add(1, 2), 3);
});

test('an HPy_mod_exec slot that fails makes load() throw its exception, and a later load tries again', () => {
  const src = `
static int fail_exec = 1;
HPyDef_SLOT(exec, HPy_mod_exec)
static int exec_impl(HPyContext *ctx, HPy mod)
{
    if (fail_exec) { fail_exec = 0; HPyErr_SetString(ctx, ctx->h_ValueError, "exec says no"); return -1; }
    return 0;
}`;
  const path = join(OUT, 'exec_fail.hpy0.so');
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'exec_fail.c'), `#include "hpy.h"\n${src}\nstatic HPyDef *defines[] = { &exec, NULL };\nstatic HPyModuleDef moduledef = { .defines = defines };\nHPy_MODINIT(exec_fail, moduledef)\n`);
  buildExtension(join(OUT, 'exec_fail.c'), { output: path });
  assert.throws(() => load(path), { name: 'ValueError', message: 'exec says no' });
  assert.equal(typeof load(path), 'object');
});

test('an exec slot runs before the module object is frozen', () => {
  const m = makeModule(`
HPyDef_SLOT(exec, HPy_mod_exec)
static int exec_impl(HPyContext *ctx, HPy mod)
{
    return HPy_SetAttr_s(ctx, mod, "ready", ctx->h_True);
}`) as unknown as { ready: boolean };
  assert.equal(m.ready, true);
  assert.ok(Object.isFrozen(m));
});

/** Builds a module whose definitions are `defines` and nothing else (no doc). */
function bareModule(name: string, source: string, defines: string[]): string {
  mkdirSync(OUT, { recursive: true });
  const c = join(OUT, `${name}.c`);
  writeFileSync(c, `#include "hpy.h"\n${source}\nstatic HPyDef *defines[] = { ${defines.map((d) => `&${d}, `).join('')}NULL };\nstatic HPyModuleDef moduledef = { .defines = defines };\nHPy_MODINIT(${name}, moduledef)\n`);
  return buildExtension(c, { output: join(OUT, `${name}.hpy0.so`) });
}

const CREATE = `
HPyDef_SLOT(create, HPy_mod_create)
static HPy create_impl(HPyContext *ctx, HPy spec)
{
    HPy d = HPyDict_New(ctx);
    HPy name = HPy_GetAttr_s(ctx, spec, "name");
    HPy_SetItem_s(ctx, d, "made_from", name);
    HPy_Close(ctx, name);
    return d;
}
HPyDef_METH(f, "f", HPyFunc_NOARGS)
static HPy f_impl(HPyContext *ctx, HPy self) { return HPy_Dup(ctx, ctx->h_None); }`;

test('HPy_mod_create makes the module from what it returns; with anything else defined it is refused', () => {
  assert.deepEqual({ ...(load(bareModule('created_mod', CREATE, ['create'])) as object) }, { made_from: 'created_mod' });
  assert.throws(
    () => load(bareModule('created_and_more', CREATE, ['create', 'f'])),
    /defines an HPy_mod_create slot and other slots or methods: a custom HPy_mod_create slot cannot return a module object built from the HPyModuleDef/,
  );
});

test('keyword arguments: kwargs() reaches KEYWORDS methods as HPy passes them; other kinds refuse keywords', () => {
  const m = makeModule(`
HPyDef_METH(show, "show", HPyFunc_KEYWORDS)
static HPy show_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs, HPy kwnames)
{
    size_t nkw = HPy_IsNull(kwnames) ? 0 : (size_t)HPy_Length(ctx, kwnames);
    HPy all = HPyTuple_FromArray(ctx, (HPy *)args, nargs + nkw);
    HPy items[3] = { HPyLong_FromSize_t(ctx, nargs), HPy_IsNull(kwnames) ? HPy_Dup(ctx, ctx->h_None) : HPy_Dup(ctx, kwnames), all };
    HPy r = HPyTuple_FromArray(ctx, items, 3);
    for (int i = 0; i < 3; i++) HPy_Close(ctx, items[i]);
    return r;
}
HPyDef_METH(plain, "plain", HPyFunc_VARARGS)
static HPy plain_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs) { return HPyLong_FromSize_t(ctx, nargs); }
HPyDef_METH(call_show, "call_show", HPyFunc_NOARGS)
static HPy call_show_impl(HPyContext *ctx, HPy self)
{
    HPy fn = HPy_GetAttr_s(ctx, self, "show");
    HPy name = HPyUnicode_FromString(ctx, "key");
    HPy kwnames = HPyTuple_FromArray(ctx, &name, 1);
    HPy args[2] = { HPyLong_FromLong(ctx, 1), HPyLong_FromLong(ctx, 2) };
    HPy r = HPy_Call(ctx, fn, args, 1, kwnames);
    HPy_Close(ctx, fn); HPy_Close(ctx, name); HPy_Close(ctx, kwnames); HPy_Close(ctx, args[0]); HPy_Close(ctx, args[1]);
    return r;
}`);
  assert.deepEqual(m.show(1, 2, kwargs({ x: 3, y: 4 })), [2, ['x', 'y'], [1, 2, 3, 4]]);
  assert.deepEqual(m.show(1), [1, undefined, [1]]);
  assert.deepEqual(m.show(kwargs({})), [0, undefined, []]);
  assert.deepEqual(m.call_show(), [1, ['key'], [1, 2]]);
  assert.equal(m.plain(1, { x: 3 }), 2, 'a plain object is an ordinary argument');
  assert.throws(() => m.plain(1, kwargs({ x: 3 })), { name: 'TypeError', message: /\.plain\(\) takes no keyword arguments/ });
  assert.throws(() => kwargs(null as never), { name: 'TypeError', message: /kwargs: values must be a plain object of keyword arguments/ });
});

test('#include <Python.h> is a compile error that says why, as under HPy\'s universal ABI', () => {
  mkdirSync(OUT, { recursive: true });
  const c = join(OUT, 'with_python.c');
  writeFileSync(c, '#include <Python.h>\n#include "hpy.h"\n');
  assert.throws(() => buildExtension(c, { output: join(OUT, 'with_python.hpy0.so') }), /It is forbidden to #include <Python\.h> when targeting the HPy Universal ABI/);
});

test('a type slot compiles (types have them) but a module that lists one is refused at load, saying where it belongs', () => {
  mkdirSync(OUT, { recursive: true });
  const c = join(OUT, 'type_slot.c');
  writeFileSync(c, '#include "hpy.h"\nHPyDef_SLOT(r, HPy_tp_repr)\nstatic HPy r_impl(HPyContext *ctx, HPy self) { return HPy_Dup(ctx, self); }\n' +
    'static HPyDef *defs[] = { &r, NULL };\nstatic HPyModuleDef def = { .defines = defs };\nHPy_MODINIT(type_slot, def)\n');
  const so = join(OUT, 'type_slot.hpy0.so');
  buildExtension(c, { output: so });
  assert.throws(() => load(so), /slot 66, which a module cannot have: .*type slots belong in an HPyType_Spec/);
});

test('hpy-node build names its output as HPy does: <source>.hpy0.so beside the source', async () => {
  const { defaultOutput } = await import('../../src/cli/build');
  assert.equal(defaultOutput('/src/ext/point.c'), '/src/ext/point.hpy0.so');
});
