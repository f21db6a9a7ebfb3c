// HPy 0.9.0's test_slots behaviours on hpy-node: each slot reached from C
// through HPy's protocol (HPy_Add, HPy_GetItem, HPy_Length, HPy_Repr, ...) and
// from JavaScript through its natural name (toString, util.inspect, valueOf)
// or the slot's symbol (Symbol.for('hpy.nb_add')).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { kwargs, typeSlot } from '../../src/index';
import { makeModule } from '../support/make-module';

const SRC = `
typedef struct { long v; } VecObject;
HPyType_HELPERS(VecObject)

static HPy make(HPyContext *ctx, HPy cls, long v)
{
    VecObject *o;
    HPy h = HPy_New(ctx, cls, &o);
    if (!HPy_IsNull(h)) o->v = v;
    return h;
}

HPyDef_SLOT(Vec_init, HPy_tp_init)
static int Vec_init_impl(HPyContext *ctx, HPy self, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    long v = 0;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "|l", &v))
        return -1;
    if (!HPy_IsNull(kw) && HPy_Length(ctx, kw) > 0) {
        HPy k = HPy_GetItem_s(ctx, kw, "v");
        if (HPy_IsNull(k)) return -1;
        v = HPyLong_AsLong(ctx, k);
        HPy_Close(ctx, k);
    }
    VecObject_AsStruct(ctx, self)->v = v;
    return 0;
}

static int value_of(HPyContext *ctx, HPy h, long *out)
{
    if (HPy_TypeCheck(ctx, h, ctx->h_LongType)) {
        *out = HPyLong_AsLong(ctx, h);
        return 1;
    }
    *out = VecObject_AsStruct(ctx, h)->v;
    return 1;
}

HPyDef_SLOT(Vec_add, HPy_nb_add)
static HPy Vec_add_impl(HPyContext *ctx, HPy a, HPy b)
{
    long x, y;
    value_of(ctx, a, &x);
    value_of(ctx, b, &y);
    HPy t = HPy_TypeCheck(ctx, a, ctx->h_LongType) ? HPy_Type(ctx, b) : HPy_Type(ctx, a);
    HPy r = make(ctx, t, x + y);
    HPy_Close(ctx, t);
    return r;
}

HPyDef_SLOT(Vec_iadd, HPy_nb_inplace_add)
static HPy Vec_iadd_impl(HPyContext *ctx, HPy self, HPy other)
{
    long y;
    value_of(ctx, other, &y);
    VecObject_AsStruct(ctx, self)->v += 100 * y;   /* in place, and told apart from nb_add */
    return HPy_Dup(ctx, self);
}

HPyDef_SLOT(Vec_neg, HPy_nb_negative)
static HPy Vec_neg_impl(HPyContext *ctx, HPy self)
{
    HPy t = HPy_Type(ctx, self);
    HPy r = make(ctx, t, -VecObject_AsStruct(ctx, self)->v);
    HPy_Close(ctx, t);
    return r;
}

HPyDef_SLOT(Vec_int, HPy_nb_int)
static HPy Vec_int_impl(HPyContext *ctx, HPy self)
{
    return HPyLong_FromLong(ctx, VecObject_AsStruct(ctx, self)->v);
}

HPyDef_SLOT(Vec_bool, HPy_nb_bool)
static int Vec_bool_impl(HPyContext *ctx, HPy self)
{
    return VecObject_AsStruct(ctx, self)->v != 3;   /* 3 is false, to tell nb_bool from mp_length */
}

HPyDef_SLOT(Vec_repr, HPy_tp_repr)
static HPy Vec_repr_impl(HPyContext *ctx, HPy self)
{
    char buf[64];
    snprintf(buf, sizeof buf, "Vec(%ld)", VecObject_AsStruct(ctx, self)->v);
    return HPyUnicode_FromString(ctx, buf);
}

HPyDef_SLOT(Vec_str, HPy_tp_str)
static HPy Vec_str_impl(HPyContext *ctx, HPy self)
{
    char buf[64];
    snprintf(buf, sizeof buf, "<%ld>", VecObject_AsStruct(ctx, self)->v);
    return HPyUnicode_FromString(ctx, buf);
}

HPyDef_SLOT(Vec_hash, HPy_tp_hash)
static HPy_hash_t Vec_hash_impl(HPyContext *ctx, HPy self)
{
    return VecObject_AsStruct(ctx, self)->v * 10;
}

HPyDef_SLOT(Vec_cmp, HPy_tp_richcompare)
static HPy Vec_cmp_impl(HPyContext *ctx, HPy a, HPy b, HPy_RichCmpOp op)
{
    long x, y;
    value_of(ctx, a, &x);
    value_of(ctx, b, &y);
    switch (op) {
    case HPy_EQ: return HPyBool_FromLong(ctx, x == y);
    case HPy_LT: return HPyBool_FromLong(ctx, x < y);
    default: return HPy_Dup(ctx, ctx->h_NotImplemented);
    }
}

HPyDef_SLOT(Vec_len, HPy_mp_length)
static HPy_ssize_t Vec_len_impl(HPyContext *ctx, HPy self)
{
    return VecObject_AsStruct(ctx, self)->v;
}

HPyDef_SLOT(Vec_item, HPy_sq_item)
static HPy Vec_item_impl(HPyContext *ctx, HPy self, HPy_ssize_t i)
{
    if (i < 0 || i >= VecObject_AsStruct(ctx, self)->v) {
        HPyErr_SetString(ctx, ctx->h_IndexError, "Vec index out of range");
        return HPy_NULL;
    }
    return HPyLong_FromSsize_t(ctx, i * i);
}

HPyDef_SLOT(Vec_sq_len, HPy_sq_length)
static HPy_ssize_t Vec_sq_len_impl(HPyContext *ctx, HPy self)
{
    return VecObject_AsStruct(ctx, self)->v;
}

HPyDef_SLOT(Vec_ass, HPy_mp_ass_subscript)
static int Vec_ass_impl(HPyContext *ctx, HPy self, HPy key, HPy value)
{
    VecObject_AsStruct(ctx, self)->v = HPy_IsNull(value) ? -1 : HPyLong_AsLong(ctx, value);
    return 0;
}

HPyDef_SLOT(Vec_contains, HPy_sq_contains)
static int Vec_contains_impl(HPyContext *ctx, HPy self, HPy x)
{
    long v = HPyLong_AsLong(ctx, x);
    if (v == -1 && HPyErr_Occurred(ctx)) return -1;
    return v >= 0 && v < VecObject_AsStruct(ctx, self)->v;
}

HPyDef_SLOT(Vec_call, HPy_tp_call)
static HPy Vec_call_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs, HPy kwnames)
{
    long n = (long)nargs + (HPy_IsNull(kwnames) ? 0 : 100 * (long)HPy_Length(ctx, kwnames));
    return HPyLong_FromLong(ctx, VecObject_AsStruct(ctx, self)->v * 1000 + n);
}

static HPyDef *Vec_defines[] = { &Vec_init, &Vec_add, &Vec_iadd, &Vec_neg, &Vec_int, &Vec_bool, &Vec_repr, &Vec_str, &Vec_hash, &Vec_cmp,
    &Vec_len, &Vec_item, &Vec_sq_len, &Vec_ass, &Vec_contains, &Vec_call, NULL };
static HPyType_Spec Vec_spec = { .name = "slots.Vec", .basicsize = sizeof(VecObject), .defines = Vec_defines };

HPyDef_SLOT(mod_exec, HPy_mod_exec)
static int mod_exec_impl(HPyContext *ctx, HPy m)
{
    return HPyHelpers_AddType(ctx, m, "Vec", &Vec_spec, NULL) ? 0 : -1;
}

HPyDef_METH(add, "add", HPyFunc_VARARGS)
static HPy add_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs) { return HPy_Add(ctx, args[0], args[1]); }
HPyDef_METH(iadd, "iadd", HPyFunc_VARARGS)
static HPy iadd_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs) { return HPy_InPlaceAdd(ctx, args[0], args[1]); }
HPyDef_METH(neg, "neg", HPyFunc_O)
static HPy neg_impl(HPyContext *ctx, HPy self, HPy a) { return HPy_Negative(ctx, a); }
HPyDef_METH(to_long, "to_long", HPyFunc_O)
static HPy to_long_impl(HPyContext *ctx, HPy self, HPy a) { return HPy_Long(ctx, a); }
HPyDef_METH(truth, "truth", HPyFunc_O)
static HPy truth_impl(HPyContext *ctx, HPy self, HPy a)
{
    int r = HPy_IsTrue(ctx, a);
    return r < 0 ? HPy_NULL : HPyBool_FromLong(ctx, r);
}
HPyDef_METH(repr, "repr", HPyFunc_O)
static HPy repr_impl(HPyContext *ctx, HPy self, HPy a) { return HPy_Repr(ctx, a); }
HPyDef_METH(str, "str", HPyFunc_O)
static HPy str_impl(HPyContext *ctx, HPy self, HPy a) { return HPy_Str(ctx, a); }
HPyDef_METH(hash, "hash", HPyFunc_O)
static HPy hash_impl(HPyContext *ctx, HPy self, HPy a)
{
    HPy_hash_t h = HPy_Hash(ctx, a);
    return h == -1 ? HPy_NULL : HPyLong_FromSsize_t(ctx, h);
}
HPyDef_METH(cmp, "cmp", HPyFunc_VARARGS)
static HPy cmp_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    return HPy_RichCompare(ctx, args[0], args[1], (int)HPyLong_AsLong(ctx, args[2]));
}
HPyDef_METH(length, "length", HPyFunc_O)
static HPy length_impl(HPyContext *ctx, HPy self, HPy a)
{
    HPy_ssize_t n = HPy_Length(ctx, a);
    return n < 0 ? HPy_NULL : HPyLong_FromSsize_t(ctx, n);
}
HPyDef_METH(getitem_i, "getitem_i", HPyFunc_VARARGS)
static HPy getitem_i_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    return HPy_GetItem_i(ctx, args[0], HPyLong_AsSsize_t(ctx, args[1]));
}
HPyDef_METH(setitem, "setitem", HPyFunc_VARARGS)
static HPy setitem_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    if (HPy_SetItem(ctx, args[0], args[1], args[2]) < 0) return HPy_NULL;
    return HPy_Dup(ctx, ctx->h_None);
}
HPyDef_METH(contains, "contains", HPyFunc_VARARGS)
static HPy contains_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    int r = HPy_Contains(ctx, args[0], args[1]);
    return r < 0 ? HPy_NULL : HPyBool_FromLong(ctx, r);
}
HPyDef_METH(construct_kw, "construct_kw", HPyFunc_O)
static HPy construct_kw_impl(HPyContext *ctx, HPy self, HPy cls)
{
    HPy args[1] = { HPyLong_FromLong(ctx, 5) };
    HPy names = HPyTuple_Pack(ctx, 1, HPyUnicode_FromString(ctx, "v"));
    HPy r = HPy_Call(ctx, cls, args, 0, names);
    HPy_Close(ctx, names);
    HPy_Close(ctx, args[0]);
    return r;
}
HPyDef_METH(call2, "call2", HPyFunc_O)
static HPy call2_impl(HPyContext *ctx, HPy self, HPy f)
{
    HPy args[3] = { ctx->h_None, ctx->h_None, ctx->h_True };
    HPy names = HPyTuple_Pack(ctx, 1, HPyUnicode_FromString(ctx, "k"));
    HPy r = HPy_Call(ctx, f, args, 2, names);
    HPy_Close(ctx, names);
    return r;
}
`;

const m = makeModule<Record<string, any>>(SRC, { prelude: "#include <stdio.h>" });
const Vec = m.Vec as new (...args: unknown[]) => any;

test('tp_init runs after the default new, with positional and keyword arguments', () => {
  assert.equal(m.to_long(new Vec(5)), 5);
  assert.equal(m.to_long(new Vec(kwargs({ v: 9 }))), 9);
  assert.equal(m.to_long(new Vec()), 0);
});

test('HPy_Call on the class constructs it, keywords reaching tp_init as its dict', () => {
  const v = m.construct_kw(Vec);
  assert.ok(v instanceof Vec);
  assert.equal(m.to_long(v), 5);
});

test('nb_add and nb_negative: HPy_Add/HPy_Negative from C, the slot symbols from JavaScript', () => {
  const r = m.add(new Vec(2), new Vec(3));
  assert.ok(r instanceof Vec);
  assert.equal(m.to_long(r), 5);
  assert.equal(m.to_long(m.add(new Vec(2), 40)), 42, 'instance on the left');
  assert.equal(m.to_long(m.add(40, new Vec(2))), 42, 'instance on the right: its nb_add, same operand order');
  assert.equal(m.to_long(m.neg(new Vec(7))), -7);
  assert.equal(m.to_long(new Vec(2)[typeSlot('nb_add')](new Vec(5))), 7);
  assert.equal(m.to_long(new Vec(2)[typeSlot('nb_add')](40, true)), 42, 'reflected: nb_add(40, v)');
  assert.equal(m.add(1, 2), 3, 'numbers keep their meaning');
});

test('nb_inplace_add is HPy_InPlaceAdd (the object itself changes); without it HPy_InPlaceAdd is HPy_Add', () => {
  const v = new Vec(1);
  assert.equal(m.iadd(v, 2), v);
  assert.equal(m.to_long(v), 201);
  assert.equal(m.to_long(m.iadd(40, new Vec(2))), 42, 'a number on the left: the right operand\'s nb_add');
  assert.equal(m.iadd(1, 2), 3);
});

test('nb_int is HPy_Long and valueOf, so JavaScript arithmetic sees the number', () => {
  assert.equal(m.to_long(new Vec(6)), 6);
  assert.equal(new Vec(6) * 2, 12);
});

test('nb_bool is HPy_IsTrue', () => {
  assert.equal(m.truth(new Vec(3)), false);
  assert.equal(m.truth(new Vec(0)), true);
  assert.equal(m.truth({}), true, 'other objects keep JavaScript truthiness');
});

test('tp_repr is HPy_Repr and util.inspect; tp_str is HPy_Str and toString', () => {
  const v = new Vec(3);
  assert.equal(m.repr(v), 'Vec(3)');
  assert.equal(inspect(v), 'Vec(3)');
  assert.equal(m.str(v), '<3>');
  assert.equal(String(v), '<3>');
  assert.equal(`${v}`, '<3>');
});

test('tp_hash is HPy_Hash; tp_richcompare is HPy_RichCompare, reflected when the left operand returns NotImplemented', () => {
  assert.equal(m.hash(new Vec(4)), 40);
  assert.equal(m.cmp(new Vec(4), new Vec(4), 2), true);
  assert.equal(m.cmp(new Vec(3), new Vec(4), 0), true);
  assert.equal(m.cmp(new Vec(4), new Vec(3), 4), true, 'a > b is b < a');
});

test('mp_length is HPy_Length; sq_item is HPy_GetItem_i (negative indices count from sq_length); mp_ass_subscript is HPy_SetItem', () => {
  const v = new Vec(4);
  assert.equal(m.length(v), 4);
  assert.equal(m.getitem_i(v, 3), 9);
  assert.equal(m.getitem_i(v, -1), 9);
  assert.throws(() => m.getitem_i(v, 4), { name: 'IndexError', message: 'Vec index out of range' });
  m.setitem(v, 'any', 7);
  assert.equal(m.length(v), 7);
});

test('sq_contains is HPy_Contains; errors from it propagate', () => {
  assert.equal(m.contains(new Vec(3), 2), true);
  assert.equal(m.contains(new Vec(3), 3), false);
  assert.throws(() => m.contains(new Vec(3), 'x'), { name: 'TypeError' });
});

test('tp_call: HPy_Call on an instance, with keywords as kwnames', () => {
  assert.equal(m.call2(new Vec(2)), 2102);
  assert.equal(new Vec(1)[Symbol.for('hpy.tp_call')](1, 2, 3), 1003);
});

test('a slot function refuses a `this` that is not an instance of its type', () => {
  const repr = Vec.prototype[Symbol.for('hpy.tp_repr')];
  assert.throws(() => repr.call({}), { name: 'TypeError', message: /tp_repr of 'slots.Vec' objects called on an object that is not one/ });
});

const CALL_SRC = `
typedef struct { long x; long y; } PointObject;
HPyType_HELPERS(PointObject)

HPyDef_SLOT(Point_call, HPy_tp_call)
static HPy Point_call_impl(HPyContext *ctx, HPy callable, const HPy *args, size_t nargs, HPy kwnames)
{
    long r = 0, factor = 1;
    PointObject *p = PointObject_AsStruct(ctx, callable);
    for (size_t i = 0; i < nargs; i++) r += HPyLong_AsLong(ctx, args[i]);
    if (!HPy_IsNull(kwnames) && HPy_Length(ctx, kwnames) == 1) factor = HPyLong_AsLong(ctx, args[nargs]);
    return HPyLong_FromLong(ctx, (r + p->x + p->y) * factor);
}

HPyDef_CALL_FUNCTION(Point_special_call)
static HPy Point_special_call_impl(HPyContext *ctx, HPy callable, const HPy *args, size_t nargs, HPy kwnames)
{
    HPy tmp = Point_call_impl(ctx, callable, args, nargs, kwnames);
    HPy res = HPy_Negative(ctx, tmp);
    HPy_Close(ctx, tmp);
    return res;
}

HPyDef_SLOT(Point_new, HPy_tp_new)
static HPy Point_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    long x, y;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "ll", &x, &y))
        return HPy_NULL;
    PointObject *point;
    HPy h = HPy_New(ctx, cls, &point);
    if (HPy_IsNull(h))
        return HPy_NULL;
    if (x < 0 && HPy_SetCallFunction(ctx, h, &Point_special_call) < 0) {
        HPy_Close(ctx, h);
        return HPy_NULL;
    }
    point->x = x;
    point->y = y;
    return h;
}

static HPyDef *Point_defines[] = { &Point_new, &Point_call, NULL };
static HPyType_Spec Point_spec = { .name = "calls.Point", .basicsize = sizeof(PointObject), .defines = Point_defines };

typedef struct { void *a; HPyCallFunction call_func; void *b; } FooObject;
HPyDef_MEMBER(Foo_vcall_offset, "__vectorcalloffset__", HPyMember_HPYSSIZET, offsetof(FooObject, call_func), .readonly = 1)
HPyDef_CALL_FUNCTION(Foo_call_func)
static HPy Foo_call_func_impl(HPyContext *ctx, HPy callable, const HPy *args, size_t nargs, HPy kwnames)
{
    return HPyUnicode_FromString(ctx, "hello manually initialized call function");
}
HPyDef_SLOT(Foo_new, HPy_tp_new)
static HPy Foo_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    FooObject *data;
    HPy h = HPy_New(ctx, cls, &data);
    if (!HPy_IsNull(h)) data->call_func = Foo_call_func;
    return h;
}
static HPyDef *Foo_defines[] = { &Foo_vcall_offset, &Foo_new, NULL };
static HPyType_Spec Foo_spec = { .name = "calls.Foo", .basicsize = sizeof(FooObject), .defines = Foo_defines };

static HPyDef *Bad_defines[] = { &Point_call, &Foo_vcall_offset, NULL };
static HPyType_Spec Bad_spec = { .name = "calls.Bad", .basicsize = sizeof(FooObject), .defines = Bad_defines };
static HPyDef *Var_defines[] = { &Point_call, NULL };
static HPyType_Spec Var_spec = { .name = "calls.Var", .itemsize = sizeof(intptr_t), .defines = Var_defines };

HPyDef_SLOT(mod_exec, HPy_mod_exec)
static int mod_exec_impl(HPyContext *ctx, HPy m)
{
    return HPyHelpers_AddType(ctx, m, "Point", &Point_spec, NULL) && HPyHelpers_AddType(ctx, m, "Foo", &Foo_spec, NULL) ? 0 : -1;
}

HPyDef_METH(call_set, "call_set", HPyFunc_O)
static HPy call_set_impl(HPyContext *ctx, HPy self, HPy arg)
{
    if (HPy_SetCallFunction(ctx, arg, &Point_special_call) < 0)
        return HPy_NULL;
    return HPy_Dup(ctx, ctx->h_None);
}
HPyDef_METH(bad_types, "bad_types", HPyFunc_O)
static HPy bad_types_impl(HPyContext *ctx, HPy self, HPy which)
{
    HPy t = HPyType_FromSpec(ctx, HPyLong_AsLong(ctx, which) ? &Bad_spec : &Var_spec, NULL);
    return t;
}
HPyDef_METH(call, "call", HPyFunc_VARARGS)
static HPy call_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPy names = HPyTuple_Pack(ctx, 1, HPyUnicode_FromString(ctx, "factor"));
    HPy r = HPy_Call(ctx, args[0], args + 1, nargs - 2, names);
    HPy_Close(ctx, names);
    return r;
}
`;

test('HPy 0.9.0 test_call: tp_call, HPy_SetCallFunction per instance, an explicit __vectorcalloffset__, invalid specs', () => {
  const c = makeModule<Record<string, any>>(CALL_SRC);
  const call = (o: unknown) => c.call(o, 3, 4, 5, 2);   // o(3, 4, 5, factor=2)
  assert.equal(call(new c.Point(1, 2)), 30);
  assert.equal(call(new c.Point(-1, 2)), -26, 'the call function set in tp_new');
  const p = new c.Point(1, 2);
  c.call_set(p);
  assert.equal(call(p), -30);
  assert.throws(() => c.call_set({}), { name: 'TypeError', message: /does not implement the HPy call protocol/ });
  assert.equal(call(new c.Foo()), 'hello manually initialized call function');
  assert.equal(new c.Foo()[Symbol.for('hpy.tp_call')](), 'hello manually initialized call function');
  assert.throws(() => c.bad_types(1), { name: 'TypeError', message: /not both/ });
  assert.throws(() => c.bad_types(0), { name: 'TypeError', message: /itemsize/ });
});
