// HPy 0.9.0's test_cpy_compat.py and test_legacy_forbidden.py, on hpy-node.
// test_cpy_compat converts between handles and CPython's PyObject* (and
// counts references): there is no CPython in Node.js, so it has nothing to
// run here; what applies is what HPy's universal ABI does with these
// functions: a compile error naming them as legacy (gcc), and at run time
// (through the context slot, which still compiles) NotImplementedError.
// #include <Python.h> is test/hpy090/source.test.ts's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildExtension } from '../../src/cli/build';
import { NotImplementedError } from '../../src/index';
import { TMP_DIR, makeModule } from '../support/make-module';

const OUT = join(TMP_DIR, 'hpy090-legacy');

function compile(name: string, body: string): void {
  mkdirSync(OUT, { recursive: true });
  const c = join(OUT, `${name}.c`);
  writeFileSync(c, `#include "hpy.h"
HPyDef_METH(f, "f", HPyFunc_NOARGS)
static HPy f_impl(HPyContext *ctx, HPy self)
{
${body}
}
static HPyDef *defines[] = { &f, NULL };
static HPyModuleDef moduledef = { .defines = defines };
HPy_MODINIT(${name}, moduledef)
`);
  buildExtension(c, { output: join(OUT, `${name}.hpy0.so`) });
}

test('HPy_AsPyObject in a universal-ABI extension is a compile error that says why', () => {
  assert.throws(() => compile('legacy_as', '    cpy_PyObject *o = HPy_AsPyObject(ctx, self);\n    (void)o;\n    return HPy_NULL;'),
    /.HPy_AsPyObject. is unavailable: hpy-node runs HPy's universal ABI: there are no PyObjects/);
});

test('HPy_FromPyObject in a universal-ABI extension is a compile error that says why', () => {
  assert.throws(() => compile('legacy_from', '    cpy_PyObject *o = NULL;\n    return HPy_FromPyObject(ctx, o);'),
    /.HPy_FromPyObject. is unavailable: hpy-node runs HPy's universal ABI: there are no PyObjects/);
});

test('called anyway (through the context), AsPyObject and FromPyObject raise NotImplementedError naming them', () => {
  const m = makeModule(`
HPyDef_METH(as_py, "as_py", HPyFunc_O)
static HPy as_py_impl(HPyContext *ctx, HPy self, HPy arg)
{
    cpy_PyObject *o = ctx->ctx_AsPyObject(ctx, arg);
    return o == NULL ? HPy_NULL : HPy_Dup(ctx, ctx->h_None);
}
HPyDef_METH(from_py, "from_py", HPyFunc_NOARGS)
static HPy from_py_impl(HPyContext *ctx, HPy self)
{
    return ctx->ctx_FromPyObject(ctx, NULL);
}`);
  assert.throws(() => m.as_py(1), (e: Error) => e instanceof NotImplementedError && /ctx_AsPyObject/.test(e.message));
  assert.throws(() => m.from_py(), (e: Error) => e instanceof NotImplementedError && /ctx_FromPyObject/.test(e.message));
});
