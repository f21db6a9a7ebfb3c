// HPy 0.9.0's test_hpymodule.py and test_importing.py, on hpy-node: exec
// slots run in declaration order on the module object; an HPy_mod_create
// slot gets a spec and its result is the module; a create slot that raises,
// or comes with a doc or an exec slot, refuses the load. Loading by file
// stands for Python's import. test/hpy090/source.test.ts and
// binary-layout.test.ts cover one exec slot, create with a method, and the
// size/legacy_methods checks; test/universal/capsules-globals-imports.test.ts
// covers test_hpyimport.py and test_hpyglobal.py.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildExtension } from '../../src/cli/build';
import { RuntimeError, load, moduleNameOf } from '../../src/index';
import { TMP_DIR } from '../support/make-module';

const OUT = join(TMP_DIR, 'hpy090-module');

/** Builds `name.hpy0.so` from `source`, whose module definition is
 * `{ .doc = doc, .defines = { defines } }`. */
function build(name: string, source: string, defines: string[], doc?: string): string {
  mkdirSync(OUT, { recursive: true });
  const c = join(OUT, `${name}.c`);
  writeFileSync(c, `#include "hpy.h"
${source}
static HPyDef *moduledefs[] = { ${defines.map((d) => `&${d}, `).join('')}NULL };
static HPyModuleDef moduledef = { .doc = ${doc === undefined ? 'NULL' : JSON.stringify(doc)}, .size = 0, .legacy_methods = NULL, .defines = moduledefs, .globals = NULL };
HPy_MODINIT(${name}, moduledef)
`);
  return buildExtension(c, { output: join(OUT, `${name}.hpy0.so`) });
}

const CREATE_RAISES = `
HPyDef_SLOT(create, HPy_mod_create)
static HPy create_impl(HPyContext *ctx, HPy spec)
{
    HPyErr_SetString(ctx, ctx->h_RuntimeError, "Test error");
    return HPy_NULL;
}`;

test('exec slots run in declaration order, each seeing what the one before did', () => {
  const path = build('exec_order', `
HPyDef_SLOT(exec1, HPy_mod_exec)
static int exec1_impl(HPyContext *ctx, HPy mod)
{
    HPy list = HPyList_New(ctx, 0);
    if (HPy_IsNull(list))
        return -1;
    int r = HPy_SetAttr_s(ctx, mod, "data", list);
    HPy_Close(ctx, list);
    return r;
}
HPyDef_SLOT(exec2, HPy_mod_exec)
static int exec2_impl(HPyContext *ctx, HPy mod)
{
    HPy list = HPy_GetAttr_s(ctx, mod, "data");
    if (HPy_IsNull(list))
        return -1;
    if (HPy_Length(ctx, list) != 0) {
        HPyErr_SetString(ctx, ctx->h_RuntimeError, "exec2 ran first");
        HPy_Close(ctx, list);
        return -1;
    }
    HPy item = HPyLong_FromLong(ctx, 42);
    int r = HPyList_Append(ctx, list, item);
    HPy_Close(ctx, item);
    HPy_Close(ctx, list);
    return r;
}`, ['exec1', 'exec2'], 'Some doc');
  const m = load(path) as unknown as { doc: string; data: number[] };
  assert.deepEqual(m.data, [42]);
  assert.equal(m.doc, 'Some doc');
});

test('HPy_mod_create gets the spec { name, origin } and its result, any object, is the module', () => {
  const path = build('create_spec', `
HPyDef_SLOT(create, HPy_mod_create)
static HPy create_impl(HPyContext *ctx, HPy spec)
{
    HPy ns = HPyDict_New(ctx);
    if (HPy_IsNull(ns) || HPy_SetItem_s(ctx, ns, "spec", spec) < 0)
        return HPy_NULL;
    return ns;
}`, ['create']);
  const m = load(path) as unknown as { spec: { name: string; origin: string } };
  assert.deepEqual(Object.keys(m), ['spec']);
  assert.equal(m.spec.name, 'create_spec');
  assert.equal(m.spec.origin, path);
});

test('an HPy_mod_create slot that returns no object refuses the load', () => {
  const path = build('create_number', `
HPyDef_SLOT(create, HPy_mod_create)
static HPy create_impl(HPyContext *ctx, HPy spec)
{
    return HPyLong_FromLong(ctx, 42);
}`, ['create']);
  assert.throws(() => load(path), /its HPy_mod_create slot returned a value that is not an object/);
});

test('an HPy_mod_create slot that raises makes load() throw its exception', () => {
  assert.throws(() => load(build('create_raises', CREATE_RAISES, ['create'])), (e: Error) => e instanceof RuntimeError && e.message === 'Test error');
});

test('an HPy_mod_create slot with a doc, or with an exec slot, refuses the load before running', () => {
  assert.throws(() => load(build('create_doc', CREATE_RAISES, ['create'], 'Some doc - this is non-default')),
    /defines an HPy_mod_create slot and sets \.doc or \.globals/);
  const exec = `${CREATE_RAISES}
HPyDef_SLOT(exec, HPy_mod_exec)
static int exec_impl(HPyContext *ctx, HPy mod) { return 0; }`;
  assert.throws(() => load(build('create_exec', exec, ['create', 'exec'])), /defines an HPy_mod_create slot and other slots or methods/);
});

test('a module is loaded by file, as Python imports it: its name comes from the file, its doc from the definition', () => {
  const path = build('mytest', '', [], 'some test for hpy');
  assert.equal(moduleNameOf(path), 'mytest');
  const m = load(path);
  assert.equal(m.doc, 'some test for hpy');
  assert.equal(load(path), m, 'loading it again gives the same module, as sys.modules does');
});
