// Types of builtin_shape List, Dict, Long, Float and Unicode: instances are
// an array, a Map, a Number or String object of the class (with the C
// struct, HPy_AsStruct_List/_Dict/_Long/...), which HPy's functions for the
// builtin type take as such. HPy 0.9.0's test_hpytype.py test_builtin_shape
// (a Long-shaped Point) is here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeModule } from '../support/make-module';
import { Dict, Int, kwargs } from '../../src/index';
import { get_call_counts } from '../../src/trace/index';

const SRC = `
typedef struct { long appended; } StackObject;
HPyType_HELPERS(StackObject, HPyType_BuiltinShape_List)
typedef struct { long lookups; } CounterObject;
HPyType_HELPERS(CounterObject, HPyType_BuiltinShape_Dict)

/* push(v): HPyList_Append on self, counted in the struct */
HPyDef_METH(Stack_push, "push", HPyFunc_O)
static HPy Stack_push_impl(HPyContext *ctx, HPy self, HPy v)
{
    if (HPyList_Append(ctx, self, v) < 0) return HPy_NULL;
    return HPyLong_FromLong(ctx, ++StackObject_AsStruct(ctx, self)->appended);
}
static HPyDef *Stack_defines[] = { &Stack_push, NULL };
static HPyType_Spec Stack_spec = {
    .name = "shapes.Stack", .basicsize = sizeof(StackObject), .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_BASETYPE,
    .builtin_shape = SHAPE(StackObject), .defines = Stack_defines,
};

/* lookup(key): HPy_GetItem on self, counted in the struct */
HPyDef_METH(Counter_lookup, "lookup", HPyFunc_O)
static HPy Counter_lookup_impl(HPyContext *ctx, HPy self, HPy key)
{
    CounterObject_AsStruct(ctx, self)->lookups++;
    return HPy_GetItem(ctx, self, key);
}
HPyDef_GET(Counter_lookups, "lookups")
static HPy Counter_lookups_get(HPyContext *ctx, HPy self, void *closure)
{
    return HPyLong_FromLong(ctx, CounterObject_AsStruct(ctx, self)->lookups);
}
static HPyDef *Counter_defines[] = { &Counter_lookup, &Counter_lookups, NULL };
static HPyType_Spec Counter_spec = {
    .name = "shapes.Counter", .basicsize = sizeof(CounterObject), .builtin_shape = SHAPE(CounterObject),
    .defines = Counter_defines,
};

HPyDef_SLOT(mod_exec, HPy_mod_exec)
static int mod_exec_impl(HPyContext *ctx, HPy m)
{
    HPyType_SpecParam list_base[] = { { HPyType_SpecParam_Base, ctx->h_ListType }, { (HPyType_SpecParam_Kind)0 } };
    HPyType_SpecParam dict_base[] = { { HPyType_SpecParam_Base, ctx->h_DictType }, { (HPyType_SpecParam_Kind)0 } };
    if (!HPyHelpers_AddType(ctx, m, "Stack", &Stack_spec, list_base)) return -1;
    return HPyHelpers_AddType(ctx, m, "Counter", &Counter_spec, dict_base) ? 0 : -1;
}

/* [List_Check, Dict_Check, Length, IsSubtype(type, list), IsSubtype(type, dict)] */
HPyDef_METH(inspect_c, "inspect_c", HPyFunc_O)
static HPy inspect_c_impl(HPyContext *ctx, HPy self, HPy v)
{
    HPy type = HPy_Type(ctx, v);
    HPy items[5] = {
        HPyBool_FromLong(ctx, HPyList_Check(ctx, v)),
        HPyBool_FromLong(ctx, HPyDict_Check(ctx, v)),
        HPyLong_FromSsize_t(ctx, HPy_Length(ctx, v)),
        HPyBool_FromLong(ctx, HPyType_IsSubtype(ctx, type, ctx->h_ListType)),
        HPyBool_FromLong(ctx, HPyType_IsSubtype(ctx, type, ctx->h_DictType)),
    };
    HPy_Close(ctx, type);
    HPy r = HPyTuple_FromArray(ctx, items, 5);
    for (int i = 0; i < 5; i++) HPy_Close(ctx, items[i]);
    return r;
}
HPyDef_METH(list_struct, "list_struct", HPyFunc_O)
static HPy list_struct_impl(HPyContext *ctx, HPy self, HPy o) { return _HPy_AsStruct_List(ctx, o) ? HPy_Dup(ctx, ctx->h_True) : HPy_NULL; }
HPyDef_METH(dict_struct, "dict_struct", HPyFunc_O)
static HPy dict_struct_impl(HPyContext *ctx, HPy self, HPy o) { return _HPy_AsStruct_Dict(ctx, o) ? HPy_Dup(ctx, ctx->h_True) : HPy_NULL; }
HPyDef_METH(new_empty, "new_empty", HPyFunc_O)
static HPy new_empty_impl(HPyContext *ctx, HPy self, HPy type) { void *data; return HPy_New(ctx, type, &data); }

/* make_shaped(shape): a type of that shape, no base */
HPyDef_METH(make_shaped, "make_shaped", HPyFunc_O)
static HPy make_shaped_impl(HPyContext *ctx, HPy self, HPy shape)
{
    static HPyType_Spec spec = { .name = "shapes.Any" };
    spec.builtin_shape = (HPyType_BuiltinShape)HPyLong_AsLong(ctx, shape);
    return HPyType_FromSpec(ctx, &spec, NULL);
}
`;

const m = makeModule<Record<string, any>>(SRC);

test('builtin_shape List: an array of the class; HPyList_Append and the struct work on it', () => {
  const s = new m.Stack(1, 2);
  assert.deepEqual([...s], [1, 2]);
  assert.ok(Array.isArray(s) && !Object.isFrozen(s));
  assert.equal(s instanceof m.Stack, true);
  assert.equal(s.push('x'), 1);
  assert.equal(s.push('y'), 2);
  assert.deepEqual([...s], [1, 2, 'x', 'y']);
  assert.deepEqual(m.inspect_c(s), Object.freeze([true, false, 4, true, false]));
  assert.equal(m.list_struct(s), true);
  assert.deepEqual([...m.new_empty(m.Stack)], [], 'HPy_New gives an empty list');
  assert.equal(Object.getPrototypeOf(s.filter(() => true)), Array.prototype);
  assert.throws(() => m.dict_struct(s), { name: 'TypeError', message: /whose builtin_shape is List/ });
});

test('builtin_shape Dict: a Map of the class, from a Map, pairs, an object or keywords', () => {
  const c = new m.Counter({ a: 1 });
  assert.deepEqual([c instanceof Map, c instanceof Dict], [true, true]);
  assert.equal(c.lookup('a'), 1);
  assert.equal(c.lookups, 1);
  assert.deepEqual([...new m.Counter([['k', 'v']])], [['k', 'v']]);
  assert.deepEqual([...new m.Counter(new Map([[1, 2]]))], [[1, 2]]);
  assert.deepEqual([...new m.Counter([['x', 1]], kwargs({ y: 2 }))], [['x', 1], ['y', 2]], 'keywords are entries, as dict(pairs, **kw)');
  assert.deepEqual(m.inspect_c(c), Object.freeze([false, true, 1, false, true]));
  assert.equal(m.dict_struct(c), true);
  assert.equal(m.new_empty(m.Counter).size, 0);
  assert.throws(() => new m.Counter(1, 2), { name: 'TypeError', message: /at most 1 argument/ });
  assert.throws(() => new m.Counter(5), { name: 'TypeError', message: /must be a Map, an iterable of pairs or an object/ });
});

test('an invalid shape is a ValueError', () => {
  assert.throws(() => m.make_shaped(99), { name: 'ValueError', message: /invalid builtin_shape 99/ });
  assert.equal(new (m.make_shaped(6))('a').length, 1, 'a List shape without a base extends list');
});

test('trace mode counts ctx_AsStruct_List and ctx_AsStruct_Dict', () => {
  const before = get_call_counts() as Record<string, number>;
  const t = makeModule<Record<string, any>>(SRC, { mode: 'trace' });
  new t.Stack().push(1);
  new t.Counter({ a: 1 }).lookup('a');
  const after = get_call_counts() as Record<string, number>;
  assert.equal(after.ctx_AsStruct_List - (before.ctx_AsStruct_List ?? 0), 1);
  assert.equal(after.ctx_AsStruct_Dict - (before.ctx_AsStruct_Dict ?? 0), 1);
});

test('List and Dict shapes under debug mode', () => {
  const d = makeModule<Record<string, any>>(SRC, { mode: 'debug' });
  const s = new d.Stack();
  assert.equal(s.push(3), 1);
  assert.deepEqual(d.inspect_c(s), Object.freeze([true, false, 1, true, false]));
  assert.equal(new d.Counter({ k: 2 }).lookup('k'), 2);
});

const PRIMITIVE_SRC = `
typedef struct { long x; long y; } PointObject;
HPyType_HELPERS(PointObject, HPyType_BuiltinShape_Long)
typedef struct { double scale; } MeterObject;
HPyType_HELPERS(MeterObject, HPyType_BuiltinShape_Float)
typedef struct { long reads; } NameObject;
HPyType_HELPERS(NameObject, HPyType_BuiltinShape_Unicode)

HPyDef_MEMBER(Point_x, "x", HPyMember_LONG, offsetof(PointObject, x))
HPyDef_MEMBER(Point_y, "y", HPyMember_LONG, offsetof(PointObject, y))
static HPyDef *Point_defines[] = { &Point_x, &Point_y, NULL };
static HPyType_Spec Point_spec = {
    .name = "mytest.Point", .basicsize = sizeof(PointObject), .builtin_shape = SHAPE(PointObject), .defines = Point_defines,
};
HPyDef_MEMBER(Meter_scale, "scale", HPyMember_DOUBLE, offsetof(MeterObject, scale))
static HPyDef *Meter_defines[] = { &Meter_scale, NULL };
static HPyType_Spec Meter_spec = {
    .name = "mytest.Meter", .basicsize = sizeof(MeterObject), .builtin_shape = SHAPE(MeterObject), .defines = Meter_defines,
};
/* utf8(): HPyUnicode_AsUTF8AndSize on self, counted in the struct */
HPyDef_METH(Name_utf8, "utf8", HPyFunc_NOARGS)
static HPy Name_utf8_impl(HPyContext *ctx, HPy self)
{
    HPy_ssize_t n;
    const char *s = HPyUnicode_AsUTF8AndSize(ctx, self, &n);
    if (s == NULL) return HPy_NULL;
    NameObject_AsStruct(ctx, self)->reads++;
    return HPyBytes_FromStringAndSize(ctx, s, n);
}
HPyDef_MEMBER(Name_reads, "reads", HPyMember_LONG, offsetof(NameObject, reads), .readonly = 1)
static HPyDef *Name_defines[] = { &Name_utf8, &Name_reads, NULL };
static HPyType_Spec Name_spec = {
    .name = "mytest.Name", .basicsize = sizeof(NameObject), .builtin_shape = SHAPE(NameObject), .defines = Name_defines,
};

HPyDef_SLOT(mod_exec, HPy_mod_exec)
static int mod_exec_impl(HPyContext *ctx, HPy m)
{
    HPyType_SpecParam long_base[] = { { HPyType_SpecParam_Base, ctx->h_LongType }, { (HPyType_SpecParam_Kind)0 } };
    HPyType_SpecParam float_base[] = { { HPyType_SpecParam_Base, ctx->h_FloatType }, { (HPyType_SpecParam_Kind)0 } };
    HPyType_SpecParam str_base[] = { { HPyType_SpecParam_Base, ctx->h_UnicodeType }, { (HPyType_SpecParam_Kind)0 } };
    return HPyHelpers_AddType(ctx, m, "Point", &Point_spec, long_base) &&
           HPyHelpers_AddType(ctx, m, "Meter", &Meter_spec, float_base) &&
           HPyHelpers_AddType(ctx, m, "Name", &Name_spec, str_base) ? 0 : -1;
}

/* [AsInt64 (or -1), AsDouble, Number_Check, Unicode_Check, TypeCheck(long), IsSubtype(type, long)] */
HPyDef_METH(inspect_c, "inspect_c", HPyFunc_O)
static HPy inspect_c_impl(HPyContext *ctx, HPy self, HPy v)
{
    int64_t i = HPyLong_AsInt64_t(ctx, v);
    if (i == -1 && HPyErr_Occurred(ctx)) HPyErr_Clear(ctx);
    double d = HPyFloat_AsDouble(ctx, v);
    if (d == -1.0 && HPyErr_Occurred(ctx)) HPyErr_Clear(ctx);
    HPy type = HPy_Type(ctx, v);
    HPy items[6] = {
        HPyLong_FromInt64_t(ctx, i), HPyFloat_FromDouble(ctx, d),
        HPyBool_FromLong(ctx, HPyNumber_Check(ctx, v)), HPyBool_FromLong(ctx, HPyUnicode_Check(ctx, v)),
        HPyBool_FromLong(ctx, HPy_TypeCheck(ctx, v, ctx->h_LongType)),
        HPyBool_FromLong(ctx, HPyType_IsSubtype(ctx, type, ctx->h_LongType)),
    };
    HPy_Close(ctx, type);
    HPy r = HPyTuple_FromArray(ctx, items, 6);
    for (int k = 0; k < 6; k++) HPy_Close(ctx, items[k]);
    return r;
}
HPyDef_METH(add_one, "add_one", HPyFunc_O)
static HPy add_one_impl(HPyContext *ctx, HPy self, HPy v)
{
    HPy one = HPyLong_FromLong(ctx, 1);
    HPy r = HPy_Add(ctx, v, one);
    HPy_Close(ctx, one);
    return r;
}
HPyDef_METH(long_struct, "long_struct", HPyFunc_O)
static HPy long_struct_impl(HPyContext *ctx, HPy self, HPy o) { return HPyLong_FromLong(ctx, PointObject_AsStruct(ctx, o)->x); }
`;

test('test_builtin_shape: a Long-shaped Point is a Number object with its own struct, an int for HPy', () => {
  const p = makeModule<Record<string, any>>(PRIMITIVE_SRC);
  const p0 = new p.Point();
  assert.equal(p0 == 0, true);
  assert.deepEqual([p0.x, p0.y], [0, 0]);
  const p42 = new p.Point(42);
  p42.x = 123;
  p42.y = 456;
  assert.equal(p42 == 42, true);
  assert.deepEqual([p42.x, p42.y], [123, 456]);
  assert.equal(p.long_struct(p42), 123);
  assert.deepEqual([p42 instanceof p.Point, p42 instanceof Number, p42 instanceof Int], [true, true, true]);
  assert.deepEqual(p.inspect_c(p42), Object.freeze([42, 42, true, false, true, true]));
  assert.equal(p.add_one(p42), 43);
  assert.equal(p42 * 2, 84, "JavaScript's operators unbox it");
  assert.equal(new p.Point(4.7) == 4, true, 'int(4.7) is 4');
  assert.equal(new p.Point(7n) == 7, true);
  assert.throws(() => new p.Point(2n ** 60n), { name: 'OverflowError' });
  assert.throws(() => new p.Point('x'), { name: 'TypeError', message: /argument must be a number/ });
});

test('Float- and Unicode-shaped types: Number and String objects that HPyFloat_AsDouble and HPyUnicode_AsUTF8AndSize take', () => {
  const p = makeModule<Record<string, any>>(PRIMITIVE_SRC);
  const m1 = new p.Meter(1.5);
  m1.scale = 2;
  assert.deepEqual(p.inspect_c(m1), Object.freeze([-1, 1.5, true, false, false, false]), 'not an int: it holds 1.5');
  assert.equal(m1.scale, 2);
  const n = new p.Name('héllo');
  assert.equal(String(n), 'héllo');
  assert.equal(n.length, 5);
  assert.equal(n.toUpperCase(), 'HÉLLO', "String's methods");
  assert.deepEqual(p.inspect_c(n).slice(2, 4), [false, true], 'HPyUnicode_Check');
  assert.deepEqual(p.inspect_c(n).slice(0, 2), [-1, -1]);
  assert.deepEqual(p.inspect_c('plain').slice(2, 4), [false, true]);
  assert.equal(n.utf8().toString(), 'héllo');
  assert.equal(n.reads, 1);
  assert.equal(String(new p.Name(12)), '12', 'str(x)');
});

test('Long, Float and Unicode shapes in trace mode (ctx_AsStruct_Long counted) and debug mode', () => {
  const before = get_call_counts() as Record<string, number>;
  const t = makeModule<Record<string, any>>(PRIMITIVE_SRC, { mode: 'trace' });
  const pt = new t.Point(5);
  pt.x = 9;
  assert.equal(t.long_struct(pt), 9);
  const after = get_call_counts() as Record<string, number>;
  assert.equal(after.ctx_AsStruct_Long - (before.ctx_AsStruct_Long ?? 0), 1);

  const d = makeModule<Record<string, any>>(PRIMITIVE_SRC, { mode: 'debug' });
  assert.deepEqual(d.inspect_c(new d.Point(3)), Object.freeze([3, 3, true, false, true, true]));
  assert.equal(d.add_one(new d.Meter(0.5)), 1.5);
  assert.equal(new d.Name('ab').utf8().toString(), 'ab');
});
