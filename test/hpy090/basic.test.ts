// HPy 0.9.0's test_00_basic.py, on hpy-node: module objects, the method
// kinds, the context's constant handles, definitions from another C file, the
// ABI macros and HPy_BEGIN/END_LEAVE_PYTHON, with JavaScript values. What
// test/ already covers (argument counts, bad signatures, ABI checks, repr/str,
// hashing, comparison, ctx->name, HPy_AsVoidP) is listed in the table of
// docs/compatibility.md ("HPy 0.9.0's tests on hpy-node"), not tested twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildExtension } from '../../src/cli/build';
import {
  Capsule, Complex, Ellipsis, IndexError, Int, NotImplemented, Slice, SystemError, Tuple, ValueError, kwargs, load,
} from '../../src/index';
import { TMP_DIR, makeModule } from '../support/make-module';

test('a module that defines nothing is a frozen object with only its doc', () => {
  const m = makeModule('');
  assert.deepEqual(Object.keys(m), ['doc']);
  assert.ok(Object.isFrozen(m));
});

const KINDS = `
HPyDef_METH(noop, "noop", HPyFunc_NOARGS, .doc = "does nothing")
static HPy noop_impl(HPyContext *ctx, HPy self)
{
    return HPy_Dup(ctx, ctx->h_None);
}
HPyDef_METH(me, "me", HPyFunc_NOARGS)
static HPy me_impl(HPyContext *ctx, HPy self)
{
    return HPy_Dup(ctx, self);
}
HPyDef_METH(same, "same", HPyFunc_O)
static HPy same_impl(HPyContext *ctx, HPy self, HPy arg)
{
    return HPy_Dup(ctx, arg);
}
HPyDef_METH(twice, "twice", HPyFunc_O)
static HPy twice_impl(HPyContext *ctx, HPy self, HPy arg)
{
    double d = HPyFloat_AsDouble(ctx, arg);
    if (d == -1.0 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyFloat_FromDouble(ctx, d + d);
}
HPyDef_METH(plus_one, "plus_one", HPyFunc_O)
static HPy plus_one_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy one = HPyLong_FromLong(ctx, 1);
    if (HPy_IsNull(one))
        return HPy_NULL;
    HPy sum = HPy_Add(ctx, arg, one);
    HPy_Close(ctx, one);
    return sum;
}
HPyDef_METH(above_five, "above_five", HPyFunc_O)
static HPy above_five_impl(HPyContext *ctx, HPy self, HPy arg)
{
    long v = HPyLong_AsLong(ctx, arg);
    if (v == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPy_Dup(ctx, v > 5 ? ctx->h_True : ctx->h_False);
}
HPyDef_METH(negate_small, "negate_small", HPyFunc_O)
static HPy negate_small_impl(HPyContext *ctx, HPy self, HPy arg)
{
    long v = HPyLong_AsLong(ctx, arg);
    if (v >= 5) {
        HPyErr_SetString(ctx, ctx->h_ValueError, "too big to negate");
        return HPy_NULL;
    }
    return HPyLong_FromLong(ctx, -v);
}
/* digits(a, b) = 10 * a + b, checking its arguments by hand */
HPyDef_METH(digits, "digits", HPyFunc_VARARGS)
static HPy digits_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    if (nargs != 2) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "digits() takes 2 arguments");
        return HPy_NULL;
    }
    long a = HPyLong_AsLong(ctx, args[0]);
    if (a == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    long b = HPyLong_AsLong(ctx, args[1]);
    if (b == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyLong_FromLong(ctx, 10 * a + b);
}
HPyDef_METH(constant, "constant", HPyFunc_NOARGS)
static HPy constant_impl(HPyContext *ctx, HPy self)
{
    return HPyFloat_FromDouble(ctx, 0.25);
}`;

test('the method kinds: NOARGS, O and VARARGS methods, their self, doc and results', () => {
  const m = makeModule(KINDS);
  assert.equal(m.noop(), undefined, 'None is undefined');
  assert.equal((m.noop as unknown as { doc: string }).doc, 'does nothing');
  assert.equal(m.me(), m, 'self is the module object');
  const o = {};
  assert.equal(m.same(o), o, 'the handle of an argument is that very object');
  assert.equal(m.twice(1.5), 3);
  assert.equal(m.plus_one(41.5), 42.5);
  assert.equal(m.above_five(4), false);
  assert.equal(m.above_five(6), true);
  assert.equal(m.negate_small(-10), 10);
  assert.throws(() => m.negate_small(20), (e: Error) => e instanceof ValueError && e.message === 'too big to negate');
  assert.equal(m.digits(4, 5), 45);
  assert.throws(() => m.digits('4', '5'), TypeError);
  assert.equal(m.constant(), 0.25);
});

test("a module's name (its HPyInit_<name>) names its methods in errors", () => {
  const m = makeModule(KINDS, { name: 'foo' });
  assert.throws(() => m.noop(kwargs({ x: 1 })), { name: 'TypeError', message: /^foo\.noop\(\) takes no keyword arguments/ });
});

test('the context constants are the JavaScript values docs/values.md maps them to', () => {
  const m = makeModule(`
HPyDef_METH(constant, "constant", HPyFunc_O)
static HPy constant_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy h;
    switch (HPyLong_AsLong(ctx, arg)) {
    case 0: h = ctx->h_None; break;
    case 1: h = ctx->h_False; break;
    case 2: h = ctx->h_True; break;
    case 3: h = ctx->h_ValueError; break;
    case 4: h = ctx->h_TypeError; break;
    case 5: h = ctx->h_IndexError; break;
    case 6: h = ctx->h_SystemError; break;
    case 7: h = ctx->h_BaseObjectType; break;
    case 8: h = ctx->h_TypeType; break;
    case 9: h = ctx->h_BoolType; break;
    case 10: h = ctx->h_LongType; break;
    case 11: h = ctx->h_FloatType; break;
    case 12: h = ctx->h_UnicodeType; break;
    case 13: h = ctx->h_TupleType; break;
    case 14: h = ctx->h_ListType; break;
    case 15: h = ctx->h_NotImplemented; break;
    case 16: h = ctx->h_Ellipsis; break;
    case 17: h = ctx->h_ComplexType; break;
    case 18: h = ctx->h_BytesType; break;
    case 19: h = ctx->h_MemoryViewType; break;
    case 20: h = ctx->h_SliceType; break;
    case 21: h = ctx->h_Builtins; break;
    case 22: h = ctx->h_CapsuleType; break;
    default:
        HPyErr_SetString(ctx, ctx->h_ValueError, "no such constant");
        return HPy_NULL;
    }
    return HPy_Dup(ctx, h);
}`);
  const expected = [
    undefined, false, true, ValueError, TypeError, IndexError, SystemError, Object, Function, Boolean, Int, Number, String,
    Tuple, Array, NotImplemented, Ellipsis, Complex, Uint8Array, DataView, Slice, globalThis, Capsule,
  ];
  expected.forEach((value, i) => assert.equal(m.constant(i), value, `constant ${i}`));
  assert.throws(() => m.constant(expected.length), ValueError);
});

test('HPyDefs defined in another C file (extern HPyDef) are the module\'s methods', () => {
  const dir = join(TMP_DIR, 'hpy090-basic');
  mkdirSync(dir, { recursive: true });
  const main = join(dir, 'extern_defs.c');
  const extra = join(dir, 'extern_defs_impl.c');
  writeFileSync(main, `#include "hpy.h"
extern HPyDef answer, echo, tens, keyed;
static HPyDef *defines[] = { &answer, &echo, &tens, &keyed, NULL };
static HPyModuleDef moduledef = { .doc = "definitions from elsewhere", .defines = defines };
HPy_MODINIT(extern_defs, moduledef)
`);
  writeFileSync(extra, `#include "hpy.h"
HPyDef_METH(answer, "answer", HPyFunc_NOARGS)
static HPy answer_impl(HPyContext *ctx, HPy self) { return HPyLong_FromLong(ctx, 12345); }
HPyDef_METH(echo, "echo", HPyFunc_O)
static HPy echo_impl(HPyContext *ctx, HPy self, HPy arg) { return HPy_Dup(ctx, arg); }
HPyDef_METH(tens, "tens", HPyFunc_VARARGS)
static HPy tens_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    if (nargs != 2) return HPyErr_SetString(ctx, ctx->h_TypeError, "tens() takes 2 arguments");
    long a = HPyLong_AsLong(ctx, args[0]), b = HPyLong_AsLong(ctx, args[1]);
    if (HPyErr_Occurred(ctx)) return HPy_NULL;
    return HPyLong_FromLong(ctx, 10 * a + b);
}
/* keyed(a, b) with a and b positional or keywords */
HPyDef_METH(keyed, "keyed", HPyFunc_KEYWORDS)
static HPy keyed_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs, HPy kwnames)
{
    HPy a = nargs > 0 ? args[0] : HPy_NULL, b = nargs > 1 ? args[1] : HPy_NULL;
    HPy_ssize_t nkw = HPy_IsNull(kwnames) ? 0 : HPy_Length(ctx, kwnames);
    for (HPy_ssize_t i = 0; i < nkw; i++) {
        HPy name = HPy_GetItem_i(ctx, kwnames, i);
        const char *s = HPyUnicode_AsUTF8AndSize(ctx, name, NULL);
        if (s && s[0] == 'a' && !s[1]) a = args[nargs + i];
        if (s && s[0] == 'b' && !s[1]) b = args[nargs + i];
        HPy_Close(ctx, name);
    }
    if (HPy_IsNull(a) || HPy_IsNull(b)) return HPyErr_SetString(ctx, ctx->h_TypeError, "keyed() needs a and b");
    long va = HPyLong_AsLong(ctx, a), vb = HPyLong_AsLong(ctx, b);
    if (HPyErr_Occurred(ctx)) return HPy_NULL;
    return HPyLong_FromLong(ctx, 10 * va + vb);
}
`);
  const m = load(buildExtension(main, { output: join(dir, 'extern_defs.hpy0.so'), flags: [extra] })) as unknown as Record<string, (...a: unknown[]) => unknown>;
  assert.equal(m.answer(), 12345);
  assert.equal(m.echo(42), 42);
  assert.equal(m.tens(5, 6), 56);
  assert.equal(m.keyed(4, 3), 43);
  assert.equal(m.keyed(kwargs({ a: 2, b: 5 })), 25);
  assert.throws(() => m.tens('not an integer', 'nor this'), TypeError);
});

test('HPY_ABI_VERSION, ctx->abi_version and HPY_ABI agree: 0, 0, "universal"', () => {
  const m = makeModule(`
HPyDef_METH(abi, "abi", HPyFunc_NOARGS)
static HPy abi_impl(HPyContext *ctx, HPy self)
{
    HPy items[3] = { HPyLong_FromLong(ctx, HPY_ABI_VERSION), HPyLong_FromLong(ctx, ctx->abi_version),
                     HPyUnicode_FromString(ctx, HPY_ABI) };
    HPy r = HPyTuple_FromArray(ctx, items, 3);
    for (int i = 0; i < 3; i++) HPy_Close(ctx, items[i]);
    return r;
}`);
  assert.deepEqual(m.abi(), [0, 0, 'universal']);
});

test('HPY_ABI_TAG is "hpy0", the tag in the file names', () => {
  const m = makeModule(`
HPyDef_METH(tag, "tag", HPyFunc_NOARGS)
static HPy tag_impl(HPyContext *ctx, HPy self)
{
    return HPyUnicode_FromString(ctx, HPY_ABI_TAG);
}`);
  assert.equal(m.tag(), 'hpy0');
});

test('HPy_BEGIN/END_LEAVE_PYTHON around C-only work is a no-op pair', () => {
  const m = makeModule(`
HPyDef_METH(count_a, "count_a", HPyFunc_O)
static HPy count_a_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy_ssize_t n;
    const char *s = HPyUnicode_AsUTF8AndSize(ctx, arg, &n);
    if (s == NULL)
        return HPy_NULL;
    size_t count = 0;
    HPy_BEGIN_LEAVE_PYTHON(ctx);
    for (HPy_ssize_t i = 0; i < n; i++)
        count += s[i] == 'a';
    HPy_END_LEAVE_PYTHON(ctx);
    return HPyLong_FromSize_t(ctx, count);
}`);
  assert.equal(m.count_a('abraka'), 3);
  assert.equal(m.count_a(''), 0);
});
