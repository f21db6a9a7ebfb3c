// HPy 0.9.0's test_hpytype behaviours on hpy-node: members of every kind
// (read-only ones too), getsets (HPyDef_GET/SET/GETSET with closures),
// HPy_New zeroing, HPyType_GenericNew as tp_new, bases from
// HPyType_SpecParam (and BASETYPE), HPyType_IsSubtype, HPy_TypeCheck,
// _HPyType_GetBuiltinShape, specs hpy-node refuses; and trace mode counting
// the type functions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeModule } from '../support/make-module';
import { get_call_counts } from '../../src/trace/index';
import { POINT_SRC } from './sources';

const SRC = `
typedef struct {
    short s; int i; long l; float f; double d; char c; signed char b; unsigned char ub;
    unsigned short us; unsigned int ui; unsigned long ul; char inplace[8]; char flag;
    long long ll; unsigned long long ull; HPy_ssize_t ss; const char *str;
} AllObject;
HPyType_HELPERS(AllObject)

#define M(NAME, KIND, FIELD) HPyDef_MEMBER(All_##NAME, #NAME, KIND, offsetof(AllObject, FIELD))
#define R(NAME, KIND, FIELD) HPyDef_MEMBER(All_##NAME, #NAME, KIND, offsetof(AllObject, FIELD), .readonly = 1)
M(s, HPyMember_SHORT, s)
M(i, HPyMember_INT, i)
M(l, HPyMember_LONG, l)
M(f, HPyMember_FLOAT, f)
M(d, HPyMember_DOUBLE, d)
M(c, HPyMember_CHAR, c)
M(b, HPyMember_BYTE, b)
M(ub, HPyMember_UBYTE, ub)
M(us, HPyMember_USHORT, us)
M(ui, HPyMember_UINT, ui)
M(ul, HPyMember_ULONG, ul)
M(flag, HPyMember_BOOL, flag)
M(ll, HPyMember_LONGLONG, ll)
M(ull, HPyMember_ULONGLONG, ull)
M(ss, HPyMember_HPYSSIZET, ss)
R(ro_i, HPyMember_INT, i)
R(inplace, HPyMember_STRING_INPLACE, inplace)
R(str, HPyMember_STRING, str)
M(str_rw, HPyMember_STRING, str)
M(inplace_rw, HPyMember_STRING_INPLACE, inplace)
HPyDef_MEMBER(All_none, "none", HPyMember_NONE, 0)

HPyDef_SLOT(All_new, HPy_tp_new)
static HPy All_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    AllObject *o;
    HPy h = HPy_New(ctx, cls, &o);
    if (HPy_IsNull(h)) return HPy_NULL;
    if (o->i != 0 || o->d != 0 || o->str != NULL) {   /* HPy_New zeroes the struct */
        HPyErr_SetString(ctx, ctx->h_SystemError, "not zeroed");
        return HPy_NULL;
    }
    memcpy(o->inplace, "inpl", 5);
    o->str = "hello";
    return h;
}

static int closure_value = 42;
HPyDef_GETSET(All_both, "both", .closure = &closure_value)
static HPy All_both_get(HPyContext *ctx, HPy self, void *closure)
{
    return HPyLong_FromLong(ctx, AllObject_AsStruct(ctx, self)->i + *(int *)closure);
}
static int All_both_set(HPyContext *ctx, HPy self, HPy value, void *closure)
{
    long v = HPyLong_AsLong(ctx, value);
    if (v == -1 && HPyErr_Occurred(ctx)) return -1;
    AllObject_AsStruct(ctx, self)->i = (int)v - *(int *)closure;
    return 0;
}
HPyDef_GET(All_only_get, "only_get")
static HPy All_only_get_get(HPyContext *ctx, HPy self, void *closure) { return HPyUnicode_FromString(ctx, "got"); }
HPyDef_SET(All_only_set, "only_set")
static int All_only_set_set(HPyContext *ctx, HPy self, HPy value, void *closure)
{
    AllObject_AsStruct(ctx, self)->l = HPyLong_AsLong(ctx, value) * 2;
    return HPyErr_Occurred(ctx) ? -1 : 0;
}

static HPyDef *All_defines[] = { &All_new, &All_s, &All_i, &All_l, &All_f, &All_d, &All_c, &All_b, &All_ub, &All_us,
    &All_ui, &All_ul, &All_flag, &All_ll, &All_ull, &All_ss, &All_ro_i, &All_inplace, &All_str, &All_str_rw, &All_inplace_rw, &All_none,
    &All_both, &All_only_get, &All_only_set, NULL };
static HPyType_Spec All_spec = { .name = "hpytype.All", .basicsize = sizeof(AllObject), .defines = All_defines };

typedef struct { long a; } BaseObject;
typedef struct { BaseObject base; long b; } SubObject;
HPyType_HELPERS(SubObject)
HPyDef_SLOT(Base_new, HPy_tp_new)
static HPy Base_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    return HPyType_GenericNew(ctx, cls, args, nargs, kw);
}
HPyDef_MEMBER(Base_a, "a", HPyMember_LONG, offsetof(BaseObject, a))
HPyDef_METH(Base_who, "who", HPyFunc_NOARGS)
static HPy Base_who_impl(HPyContext *ctx, HPy self) { return HPyUnicode_FromString(ctx, "base"); }
static HPyDef *Base_defines[] = { &Base_new, &Base_a, &Base_who, NULL };
static HPyType_Spec Base_spec = { .name = "hpytype.Base", .basicsize = sizeof(BaseObject),
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_BASETYPE, .defines = Base_defines };
HPyDef_MEMBER(Sub_b, "b", HPyMember_LONG, offsetof(SubObject, b))
static HPyDef *Sub_defines[] = { &Sub_b, NULL };
static HPyType_Spec Sub_spec = { .name = "hpytype.Sub", .basicsize = sizeof(SubObject), .defines = Sub_defines };
static HPyType_Spec Final_spec = { .name = "hpytype.Final", .basicsize = 8 };

HPyDef_SLOT(mod_exec, HPy_mod_exec)
static int mod_exec_impl(HPyContext *ctx, HPy m)
{
    if (!HPyHelpers_AddType(ctx, m, "All", &All_spec, NULL)) return -1;
    if (!HPyHelpers_AddType(ctx, m, "Base", &Base_spec, NULL)) return -1;
    if (!HPyHelpers_AddType(ctx, m, "Final", &Final_spec, NULL)) return -1;
    HPy base = HPy_GetAttr_s(ctx, m, "Base");
    if (HPy_IsNull(base)) return -1;
    HPyType_SpecParam params[] = { { HPyType_SpecParam_Base, base }, { (HPyType_SpecParam_Kind)0 } };
    int ok = HPyHelpers_AddType(ctx, m, "Sub", &Sub_spec, params);
    HPy_Close(ctx, base);
    return ok ? 0 : -1;
}

HPyDef_MEMBER(Far_member, "far", HPyMember_DOUBLE, 64)
static HPyDef *Far_defines[] = { &Far_member, NULL };
static HPyType_Spec Far_spec = { .name = "hpytype.Far", .basicsize = 16, .defines = Far_defines };

HPyDef_METH(make_type, "make_type", HPyFunc_VARARGS)
static HPy make_type_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    if (HPyLong_AsLong(ctx, args[0]) == 4)
        return HPyType_FromSpec(ctx, &Far_spec, NULL);
    static HPyType_Spec spec = { .name = "hpytype.Dyn", .basicsize = 8 };
    long what = HPyLong_AsLong(ctx, args[0]);
    static int dummy;
    spec.builtin_shape = what == 1 ? (HPyType_BuiltinShape)123 : HPyType_BuiltinShape_Object;
    spec.legacy_slots = what == 2 ? &dummy : NULL;
    HPyType_SpecParam params[] = { { HPyType_SpecParam_Base, nargs > 1 ? args[1] : ctx->h_BaseObjectType },
                                   { what == 3 ? HPyType_SpecParam_Metaclass : (HPyType_SpecParam_Kind)0, ctx->h_LongType },
                                   { (HPyType_SpecParam_Kind)0 } };
    return HPyType_FromSpec(ctx, &spec, params);
}

HPyDef_METH(issubtype, "issubtype", HPyFunc_VARARGS)
static HPy issubtype_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    return HPyBool_FromLong(ctx, HPyType_IsSubtype(ctx, args[0], args[1]));
}
HPyDef_METH(typecheck, "typecheck", HPyFunc_VARARGS)
static HPy typecheck_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    return HPyBool_FromLong(ctx, HPy_TypeCheck(ctx, args[0], args[1]));
}
HPyDef_METH(shape, "shape", HPyFunc_O)
static HPy shape_impl(HPyContext *ctx, HPy self, HPy t) { return HPyLong_FromLong(ctx, _HPyType_GetBuiltinShape(ctx, t)); }
HPyDef_METH(type_of, "type_of", HPyFunc_O)
static HPy type_of_impl(HPyContext *ctx, HPy self, HPy o) { return HPy_Type(ctx, o); }
HPyDef_METH(as_struct, "as_struct", HPyFunc_O)
static HPy as_struct_impl(HPyContext *ctx, HPy self, HPy o)
{
    return _HPy_AsStruct_Object(ctx, o) ? HPy_Dup(ctx, ctx->h_True) : HPy_NULL;
}
`;

const m = makeModule<Record<string, any>>(SRC, { prelude: '#include <string.h>' });

test('members of every HPyMember kind read and write the struct', () => {
  const o = new m.All();
  const ints: Record<string, [number, number]> = { s: [-5, -5], i: [70000, 70000], l: [-(2 ** 40), -(2 ** 40)], b: [-3, -3], ub: [250, 250], us: [65000, 65000], ui: [4e9, 4e9], ul: [2 ** 50, 2 ** 50], ll: [-7, -7], ull: [9, 9], ss: [-2, -2] };
  for (const [k, [write, read]] of Object.entries(ints)) {
    assert.equal(o[k], 0, `${k} starts at 0`);
    o[k] = write;
    assert.equal(o[k], read, k);
  }
  o.ub = 257;
  assert.equal(o.ub, 1, 'a C unsigned char wraps, as in C');
  o.ull = 2n ** 63n;
  assert.equal(o.ull, 2n ** 63n, 'beyond 2^53: a BigInt');
  o.f = 1.5;
  o.d = 0.1;
  assert.deepEqual([o.f, o.d], [1.5, 0.1]);
  o.c = 'x';
  assert.equal(o.c, 'x');
  assert.throws(() => (o.c = 'xy'), { name: 'TypeError', message: /one ASCII character/ });
  // CPython's T_CHAR takes one byte of UTF-8; Latin-1 stored "€" as 0xAC.
  for (const c of ['€', 'é']) assert.throws(() => (o.c = c), { name: 'TypeError', message: /one ASCII character/ }, c);
  assert.equal(o.c, 'x');
  assert.equal(o.flag, false);
  o.flag = true;
  assert.equal(o.flag, true);
  assert.throws(() => (o.flag = 1), { name: 'TypeError', message: /boolean/ });
  assert.throws(() => (o.i = 1.5), { name: 'TypeError', message: /integer/ });
  assert.equal(o.none, undefined);
});

test('read-only members refuse writes with AttributeError; STRING, STRING_INPLACE and NONE with TypeError, as in HPy', () => {
  const o = new m.All();
  o.i = 12;
  assert.equal(o.ro_i, 12);
  assert.equal(o.inplace, 'inpl');
  assert.equal(o.str, 'hello');
  for (const k of ['ro_i', 'inplace', 'str']) assert.throws(() => (o[k] = 1), { name: 'AttributeError', message: new RegExp(`readonly attribute '${k}'`) }, k);
  for (const k of ['inplace_rw', 'str_rw', 'none']) assert.throws(() => (o[k] = 'x'), { name: 'TypeError', message: /cannot be written/ }, k);
  assert.deepEqual([o.inplace, o.str], ['inpl', 'hello']);
});

test('an integer member given a value no C integer holds is an OverflowError, as in HPy; narrower kinds wrap', () => {
  const o = new m.All();
  const signed = ['s', 'i', 'l', 'b', 'll', 'ss'];
  const unsigned = ['ub', 'us', 'ui', 'ul', 'ull'];
  for (const k of [...signed, ...unsigned]) {
    o[k] = 7;
    for (const big of [2n ** 200n, -(2n ** 200n), 2 ** 200, -(2 ** 200), 2 ** 64, 2n ** 64n, -(2n ** 63n) - 1n]) {
      assert.throws(() => (o[k] = big), { name: 'OverflowError', message: new RegExp(`attribute '${k}'`) }, `${k} = ${big}`);
    }
    assert.equal(o[k], 7, `${k} keeps its value`);
    assert.throws(() => (o[k] = null), { name: 'TypeError' }, k);
    assert.throws(() => (o[k] = Infinity), { name: 'TypeError' }, k);
  }
  // 2^63 fits an unsigned kind only (as CPython's unsigned long).
  for (const k of signed) assert.throws(() => (o[k] = 2n ** 63n), { name: 'OverflowError' }, k);
  o.ull = 2 ** 63;
  assert.equal(o.ull, 2n ** 63n);
  o.ull = -1;
  assert.equal(o.ull, 2n ** 64n - 1n, 'a negative value into an unsigned kind wraps (CPython warns and wraps)');
  o.s = 70000;
  assert.equal(o.s, 70000 - 65536, 'within a long, a narrower kind wraps (CPython: a RuntimeWarning)');
});

test('HPyDef_GETSET, HPyDef_GET and HPyDef_SET, with their closure', () => {
  const o = new m.All();
  o.i = 1;
  assert.equal(o.both, 43);
  o.both = 50;
  assert.equal(o.i, 8);
  assert.equal(o.only_get, 'got');
  assert.throws(() => (o.only_get = 1), { name: 'AttributeError', message: /not writable/ });
  o.only_set = 21;
  assert.equal(o.l, 42);
  assert.equal(o.only_set, undefined, 'a set-only attribute reads as undefined');
  assert.throws(() => (o.both = 'x'), { name: 'TypeError' });
});

test('a base from HPyType_SpecParam: the subtype extends the base struct, inherits tp_new, members and methods', () => {
  const s = new m.Sub();
  s.a = 3;
  s.b = 4;
  assert.deepEqual([s.a, s.b, s.who()], [3, 4, 'base']);
  assert.ok(s instanceof m.Sub && s instanceof m.Base);
  assert.equal(m.issubtype(m.Sub, m.Base), true);
  assert.equal(m.issubtype(m.Base, m.Sub), false);
  assert.equal(m.typecheck(s, m.Base), true);
  assert.equal(m.typecheck(new m.Base(), m.Sub), false);
  assert.equal(m.type_of(s), m.Sub);
  assert.ok(new m.Base(1) instanceof m.Base, 'HPyType_GenericNew as tp_new ignores the arguments');
});

test('without HPy_TPFLAGS_BASETYPE a type cannot be extended, in C or in JavaScript', () => {
  assert.throws(() => m.make_type(0, m.Final), { name: 'TypeError', message: /not an acceptable base type/ });
  class F2 extends m.Final {}
  assert.throws(() => new F2(), { name: 'TypeError', message: /not an acceptable base type/ });
  assert.ok(new m.Final() instanceof m.Final);
});

test('_HPyType_GetBuiltinShape; invalid shapes, legacy slots and metaclasses that are no metaclass are refused', () => {
  assert.equal(m.shape(m.All), 0);
  assert.equal(m.shape(Map), 0);
  assert.throws(() => m.make_type(1), { name: 'ValueError', message: /invalid builtin_shape 123/ });
  assert.throws(() => m.make_type(2), { name: 'TypeError', message: /legacy_slots/ });
  assert.throws(() => m.make_type(3), { name: 'TypeError', message: /the metaclass must be type or a type of builtin_shape Type/ });
  assert.throws(() => m.make_type(4), { name: 'TypeError', message: /member 'far' \(offset 64\) lies outside the instance struct \(basicsize 16\)/ });
  const Dyn = m.make_type(0);
  assert.equal(Dyn.name, 'Dyn');
  assert.ok(new Dyn() instanceof Dyn);
});

test('HPy_AsStruct on an object that is no instance is a TypeError, not a crash', () => {
  assert.throws(() => m.as_struct({}), { name: 'TypeError', message: /not an instance of a type made by HPyType_FromSpec/ });
  assert.equal(m.as_struct(new m.All()), true);
});

test('trace mode counts the type functions (ctx_Type_FromSpec, ctx_New, ctx_AsStruct_Object, ctx_Field_*)', () => {
  const FIELD_SRC = POINT_SRC + `
HPyDef_METH(fields, "fields", HPyFunc_O)
static HPy fields_impl(HPyContext *ctx, HPy self, HPy p)
{
    static HPyField f;
    HPyField_Store(ctx, p, &f, p);
    return HPyField_Load(ctx, p, f);
}`;
  const before = get_call_counts();
  const t = makeModule<Record<string, any>>(FIELD_SRC, { mode: 'trace' });
  const p = new t.Point(1, 2);
  p.sum();
  p.sum();
  assert.equal(t.fields(p), p);
  const after = get_call_counts();
  const d = (k: string) => (after as Record<string, number>)[k] - ((before as Record<string, number>)[k] ?? 0);
  assert.equal(d('ctx_Type_FromSpec'), 1);
  assert.equal(d('ctx_New'), 1);
  assert.equal(d('ctx_AsStruct_Object'), 2);
  assert.equal(d('ctx_Field_Store'), 1);
  assert.equal(d('ctx_Field_Load'), 1);
});
