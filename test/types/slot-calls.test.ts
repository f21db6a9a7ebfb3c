// Slots reached from C (HPy_Add, HPy_InPlaceAdd, HPy_IsTrue on instances):
// slot_calls.cc calls the slot's C function directly. These tests pin the
// protocol it must keep from the JavaScript path: left operand first, then
// the right one's slot with the same operand order, NotImplemented skipped,
// a TypeError naming both types when no slot takes the pair, and errors (or
// a failure without one) from the slot reaching the caller.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeModule } from '../support/make-module';

const SRC = `
typedef struct { long v; } NumObject;
HPyType_HELPERS(NumObject)

HPyDef_SLOT(Num_new, HPy_tp_new)
static HPy Num_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    long v = 0;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "|l", &v))
        return HPy_NULL;
    NumObject *n;
    HPy h = HPy_New(ctx, cls, &n);
    if (!HPy_IsNull(h))
        n->v = v;
    return h;
}

HPyDef_MEMBER(Num_v, "v", HPyMember_LONG, offsetof(NumObject, v))

/* a + b where a is a Num: b a number; anything else is NotImplemented. When
 * the Num is the right operand (reflected), the result is 1000 + ...: so a
 * test sees which slot ran and in which order. */
HPyDef_SLOT(Num_add, HPy_nb_add)
static HPy Num_add_impl(HPyContext *ctx, HPy a, HPy b)
{
    if (HPy_TypeCheck(ctx, a, HPy_Type(ctx, b)) && !HPyNumber_Check(ctx, a)) {
        /* both Nums */
        return HPyLong_FromLong(ctx, NumObject_AsStruct(ctx, a)->v + NumObject_AsStruct(ctx, b)->v);
    }
    HPy num = HPyNumber_Check(ctx, b) ? a : b, other = HPyNumber_Check(ctx, b) ? b : a;
    if (!HPyNumber_Check(ctx, other))
        return HPy_Dup(ctx, ctx->h_NotImplemented);
    long x = HPyLong_AsLong(ctx, other);
    long base = HPy_Is(ctx, num, a) ? 0 : 1000;
    return HPyLong_FromLong(ctx, base + NumObject_AsStruct(ctx, num)->v * 10 + x);
}

/* Fails: with an error for v < 0, without one (a bug) otherwise. */
HPyDef_SLOT(Num_sub, HPy_nb_subtract)
static HPy Num_sub_impl(HPyContext *ctx, HPy a, HPy b)
{
    HPy num = HPyNumber_Check(ctx, a) ? b : a;
    if (NumObject_AsStruct(ctx, num)->v < 0)
        HPyErr_SetString(ctx, ctx->h_ValueError, "negative Num");
    return HPy_NULL;
}

/* v == 0 is false; v < 0 raises. */
HPyDef_SLOT(Num_bool, HPy_nb_bool)
static int Num_bool_impl(HPyContext *ctx, HPy self)
{
    long v = NumObject_AsStruct(ctx, self)->v;
    if (v < 0) {
        HPyErr_SetString(ctx, ctx->h_ValueError, "no truth for a negative Num");
        return -1;
    }
    return v != 0;
}

/* In place: changes the Num itself, for numbers only. */
HPyDef_SLOT(Num_iadd, HPy_nb_inplace_add)
static HPy Num_iadd_impl(HPyContext *ctx, HPy a, HPy b)
{
    if (!HPyNumber_Check(ctx, b))
        return HPy_Dup(ctx, ctx->h_NotImplemented);
    NumObject_AsStruct(ctx, a)->v += HPyLong_AsLong(ctx, b);
    return HPy_Dup(ctx, a);
}

static HPyDef *Num_defines[] = { &Num_new, &Num_v, &Num_add, &Num_sub, &Num_bool, &Num_iadd, NULL };
static HPyType_Spec Num_spec = { .name = "sc.Num", .basicsize = sizeof(NumObject), .builtin_shape = SHAPE(NumObject), .defines = Num_defines };

/* A sized type without nb_bool: its truth is its length. */
typedef struct { long n; } BagObject;
HPyType_HELPERS(BagObject)
HPyDef_SLOT(Bag_len, HPy_sq_length)
static HPy_ssize_t Bag_len_impl(HPyContext *ctx, HPy self) { return 0; }
static HPyDef *Bag_defines[] = { &Bag_len, NULL };
static HPyType_Spec Bag_spec = { .name = "sc.Bag", .basicsize = sizeof(BagObject), .builtin_shape = SHAPE(BagObject), .defines = Bag_defines };

HPyDef_SLOT(mod_exec, HPy_mod_exec)
static int mod_exec_impl(HPyContext *ctx, HPy m)
{
    return HPyHelpers_AddType(ctx, m, "Num", &Num_spec, NULL) && HPyHelpers_AddType(ctx, m, "Bag", &Bag_spec, NULL) ? 0 : -1;
}

HPyDef_METH(add, "add", HPyFunc_VARARGS)
static HPy add_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs) { return HPy_Add(ctx, args[0], args[1]); }

HPyDef_METH(sub, "sub", HPyFunc_VARARGS)
static HPy sub_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs) { return HPy_Subtract(ctx, args[0], args[1]); }

HPyDef_METH(iadd, "iadd", HPyFunc_VARARGS)
static HPy iadd_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs) { return HPy_InPlaceAdd(ctx, args[0], args[1]); }

HPyDef_METH(truth, "truth", HPyFunc_O)
static HPy truth_impl(HPyContext *ctx, HPy self, HPy a)
{
    int r = HPy_IsTrue(ctx, a);
    return r < 0 ? HPy_NULL : HPyLong_FromLong(ctx, r);
}
`;

interface Num { v: number }
const m = makeModule<{
  Num: new (v?: number) => Num; Bag: new () => object;
  add(a: unknown, b: unknown): unknown; sub(a: unknown, b: unknown): unknown; iadd(a: unknown, b: unknown): unknown; truth(a: unknown): number;
}>(SRC);
const num = (x: unknown) => Number(x);

test('HPy_Add on instances: the left slot, else the right one with the same operand order', () => {
  assert.equal(num(m.add(new m.Num(4), 2)), 42);
  assert.equal(num(m.add(2, new m.Num(4))), 1042, 'the instance on the right: its slot gets (2, num)');
  assert.equal(num(m.add(new m.Num(4), new m.Num(5))), 9);
  assert.equal(num(m.add(3, 4)), 7, 'numbers keep the fast path');
  assert.equal(m.add('a', 'b'), 'ab', 'values without the slot keep the JavaScript semantics');
});

test('HPy_Add: NotImplemented from every slot is a TypeError naming both types', () => {
  assert.throws(() => m.add(new m.Num(1), 'x'), { name: 'TypeError', message: "unsupported operand type(s) for +: 'Num' and 'String'" });
  assert.throws(() => m.add([], new m.Num(1)), { name: 'TypeError', message: "unsupported operand type(s) for +: 'Array' and 'Num'" });
});

test('a failing slot: its error reaches the caller; a failure without one is a SystemError', () => {
  assert.throws(() => m.sub(new m.Num(-1), 1), { name: 'ValueError', message: 'negative Num' });
  assert.throws(() => m.sub(1, new m.Num(-1)), { name: 'ValueError', message: 'negative Num' });
  assert.throws(() => m.sub(new m.Num(1), 1), { name: 'SystemError', message: /nb_subtract returned an error result without setting an exception/ });
});

test('HPy_IsTrue: nb_bool, else the length; an error from nb_bool reaches the caller', () => {
  assert.equal(m.truth(new m.Num(3)), 1);
  assert.equal(m.truth(new m.Num(0)), 0);
  assert.throws(() => m.truth(new m.Num(-2)), { name: 'ValueError', message: 'no truth for a negative Num' });
  assert.equal(m.truth(new m.Bag()), 0, 'a length of 0 is false');
  assert.equal(m.truth({}), 1, 'an object without the slots: JavaScript truthiness');
});

test('HPy_InPlaceAdd: the in-place slot changes the instance; NotImplemented falls back to nb_add', () => {
  const n = new m.Num(5);
  assert.equal(m.iadd(n, 2), n);
  assert.equal(n.v, 7);
  assert.throws(() => m.iadd(n, 'x'), { name: 'TypeError', message: /unsupported operand type\(s\) for \+: 'Num' and 'String'/ });
  assert.equal(n.v, 7);
});
