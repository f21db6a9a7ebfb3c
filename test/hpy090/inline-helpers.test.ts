// HPy 0.9.0's inline helpers (hpy/inline_helpers.h): written on top of the
// context calls, so they behave as those do and trace mode counts them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeModule } from '../support/make-module';
import { get_call_counts } from '../../src/trace/index';
import { diff } from '../support/call-diff';

const m = makeModule(`
HPyDef_METH(pack, "pack", HPyFunc_VARARGS)
static HPy pack_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    if (nargs == 0) return HPyTuple_Pack(ctx, 0);
    return HPyTuple_Pack(ctx, 3, args[0], args[0], args[nargs - 1]);
}
HPyDef_METH(delattr, "delattr", HPyFunc_VARARGS)
static HPy delattr_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    if (HPy_DelAttr_s(ctx, args[0], "a") < 0 || HPy_DelAttr(ctx, args[0], args[1]) < 0) return HPy_NULL;
    return HPy_Dup(ctx, args[0]);
}
HPyDef_METH(ulong_roundtrip, "ulong_roundtrip", HPyFunc_O)
static HPy ulong_roundtrip_impl(HPyContext *ctx, HPy self, HPy arg)
{
    unsigned long v = HPyLong_AsUnsignedLong(ctx, arg);
    if (v == (unsigned long)-1 && HPyErr_Occurred(ctx)) return HPy_NULL;
    return HPyLong_FromUnsignedLong(ctx, v);
}
HPyDef_METH(ulonglong_mask, "ulonglong_mask", HPyFunc_O)
static HPy ulonglong_mask_impl(HPyContext *ctx, HPy self, HPy arg)
{
    return HPyLong_FromUnsignedLongLong(ctx, HPyLong_AsUnsignedLongLongMask(ctx, arg));
}
HPyDef_METH(long_roundtrip, "long_roundtrip", HPyFunc_O)
static HPy long_roundtrip_impl(HPyContext *ctx, HPy self, HPy arg)
{
    long v = HPyLong_AsLong(ctx, arg);
    if (v == -1 && HPyErr_Occurred(ctx)) return HPy_NULL;
    return HPyLong_FromLong(ctx, v);
}
HPyDef_METH(bool_from_long, "bool_from_long", HPyFunc_O)
static HPy bool_from_long_impl(HPyContext *ctx, HPy self, HPy arg)
{
    return HPyBool_FromLong(ctx, HPyLong_AsLong(ctx, arg));
}
HPyDef_METH(adjust, "adjust", HPyFunc_VARARGS)
static HPy adjust_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPy_ssize_t length = HPyLong_AsSsize_t(ctx, args[0]);
    HPy_ssize_t start, stop, step;
    if (HPySlice_Unpack(ctx, args[1], &start, &stop, &step) < 0) return HPy_NULL;
    HPy_ssize_t n = HPySlice_AdjustIndices(ctx, length, &start, &stop, step);
    HPy items[4] = { HPyLong_FromSsize_t(ctx, start), HPyLong_FromSsize_t(ctx, stop), HPyLong_FromSsize_t(ctx, step),
                     HPyLong_FromSsize_t(ctx, n) };
    HPy r = HPyTuple_FromArray(ctx, items, 4);
    for (int i = 0; i < 4; i++) HPy_Close(ctx, items[i]);
    return r;
}
HPyDef_METH(call_method, "call_method", HPyFunc_VARARGS)
static HPy call_method_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPy r1 = HPy_CallMethodTupleDict_s(ctx, "join", args[0], args[1], HPy_NULL);
    if (HPy_IsNull(r1)) return HPy_NULL;
    HPy name = HPyUnicode_FromString(ctx, "join");
    HPy r2 = HPy_CallMethodTupleDict(ctx, name, args[0], args[1], HPy_NULL);
    HPy_Close(ctx, name);
    if (HPy_IsNull(r2)) { HPy_Close(ctx, r1); return HPy_NULL; }
    HPy items[2] = { r1, r2 };
    HPy r = HPyTuple_FromArray(ctx, items, 2);
    HPy_Close(ctx, r1);
    HPy_Close(ctx, r2);
    return r;
}
static int capsule_target = 7, capsule_context = 9;
HPyDef_METH(capsule_fields, "capsule_fields", HPyFunc_NOARGS)
static HPy capsule_fields_impl(HPyContext *ctx, HPy self)
{
    HPy c = HPyCapsule_New(ctx, &capsule_target, "first", NULL);
    if (HPyCapsule_SetName(ctx, c, "second") < 0 || HPyCapsule_SetContext(ctx, c, &capsule_context) < 0 ||
        HPyCapsule_SetPointer(ctx, c, &capsule_context) < 0) return HPy_NULL;
    int *p = (int *)HPyCapsule_GetPointer(ctx, c, "second");
    int *cx = (int *)HPyCapsule_GetContext(ctx, c);
    HPy name = HPyUnicode_FromString(ctx, HPyCapsule_GetName(ctx, c));
    HPy items[3] = { HPyLong_FromLong(ctx, *p), HPyLong_FromLong(ctx, *cx), name };
    HPy r = HPyTuple_FromArray(ctx, items, 3);
    for (int i = 0; i < 3; i++) HPy_Close(ctx, items[i]);
    HPy_Close(ctx, c);
    return r;
}
HPyDef_METH(void_p, "void_p", HPyFunc_O)
static HPy void_p_impl(HPyContext *ctx, HPy self, HPy arg)
{
    return HPy_Dup(ctx, HPy_FromVoidP(HPy_AsVoidP(arg)));
}`, { mode: 'trace' });

test('HPyTuple_Pack packs n handles into a tuple (n = 0 too)', () => {
  assert.deepEqual(m.pack(1, 2), [1, 1, 2]);
  assert.ok(Object.isFrozen(m.pack(1)));
  assert.deepEqual(m.pack(), []);
});

test('HPy_DelAttr and HPy_DelAttr_s delete properties; a missing one is AttributeError', () => {
  assert.deepEqual(m.delattr({ a: 1, b: 2, c: 3 }, 'b'), { c: 3 });
  assert.throws(() => m.delattr({ b: 1 }, 'b'), { name: 'AttributeError' });
});

test('HPyLong_* helpers for C long types round-trip and check their ranges', () => {
  assert.equal(m.ulong_roundtrip(2n ** 64n - 1n), 2n ** 64n - 1n);
  assert.throws(() => m.ulong_roundtrip(-1), { name: 'OverflowError' });
  assert.equal(m.ulonglong_mask(-1), 2n ** 64n - 1n);
  assert.equal(m.long_roundtrip(-(2n ** 63n)), -(2n ** 63n));
  assert.throws(() => m.long_roundtrip(2n ** 63n), { name: 'OverflowError' });
  assert.equal(m.bool_from_long(5), true);
  assert.equal(m.bool_from_long(0), false);
});

test('HPySlice_AdjustIndices clamps to the length and counts the items, as Python does', () => {
  const { Slice } = require('../../src/universal/values') as typeof import('../../src/universal/values');
  // [start, stop, step, count] for list(range(10))[s]
  assert.deepEqual(m.adjust(10, new Slice(2, 8, 2)), [2, 8, 2, 3]);
  assert.deepEqual(m.adjust(10, new Slice(-3, undefined, undefined)), [7, 10, 1, 3]);
  assert.deepEqual(m.adjust(10, new Slice(undefined, undefined, -1)), [9, -1, -1, 10]);
  assert.deepEqual(m.adjust(10, new Slice(20, 30, undefined)), [10, 10, 1, 0]);
  assert.deepEqual(m.adjust(10, new Slice(-20, 5, undefined)), [0, 5, 1, 5]);
  assert.deepEqual(m.adjust(5, new Slice(100, -100, -2)), [4, -1, -2, 3]);
});

test('HPy_CallMethodTupleDict(_s) call a method of the receiver', () => {
  assert.deepEqual(m.call_method(['a', 'b'], ['-']), ['a-b', 'a-b']);
  assert.throws(() => m.call_method(null, ['-']), { name: 'AttributeError' });
});

test('capsule field helpers read and write through HPyCapsule_Get/Set, and trace mode counts them', () => {
  const before = get_call_counts();
  assert.deepEqual(m.capsule_fields(), [9, 9, 'second']);
  const d = diff(before, get_call_counts());
  assert.equal(d.ctx_Capsule_Set, 3);
  assert.equal(d.ctx_Capsule_Get, 3);
});

test('HPy_FromVoidP and HPy_AsVoidP convert a handle to a pointer and back', () => {
  const o = { x: 1 };
  assert.equal(m.void_p(o), o);
});

const cmp = makeModule<{ cmp(a: number, b: number, op: number): boolean; field_null(): boolean }>(`
HPyDef_METH(cmp, "cmp", HPyFunc_VARARGS)
static HPy cmp_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    long a = HPyLong_AsLong(ctx, args[0]), b = HPyLong_AsLong(ctx, args[1]);
    int op = (int)HPyLong_AsLong(ctx, args[2]);
    HPy_RETURN_RICHCOMPARE(ctx, a, b, op);
}
HPyDef_METH(field_null, "field_null", HPyFunc_NOARGS)
static HPy field_null_impl(HPyContext *ctx, HPy self)
{
    HPyField f = HPyField_NULL;
    return HPyBool_FromLong(ctx, HPyField_IsNull(f));
}
`);

test('HPy_RETURN_RICHCOMPARE answers each HPy_RichCmpOp for C values; HPyField_NULL is a null field', () => {
  // HPy_LT, HPy_LE, HPy_EQ, HPy_NE, HPy_GT, HPy_GE are 0..5
  const pairs: Array<[number, number]> = [[1, 2], [2, 2], [3, 2]];
  const ops = [(a: number, b: number) => a < b, (a: number, b: number) => a <= b, (a: number, b: number) => a === b,
    (a: number, b: number) => a !== b, (a: number, b: number) => a > b, (a: number, b: number) => a >= b];
  for (const [a, b] of pairs) ops.forEach((f, op) => assert.equal(cmp.cmp(a, b, op), f(a, b), `${a} op${op} ${b}`));
  assert.equal(cmp.field_null(), true);
});
