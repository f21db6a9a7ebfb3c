// Struct sequences and types of builtin_shape Tuple: HPy 0.9.0's
// test_hpystructseq.py (HPyStructSequence_NewType/New from hpy-node's helper
// library), a Tuple-shaped type with its own struct (HPy_AsStruct_Tuple), and
// the route HPy's own binaries take (HPy's structseq.c compiled in calls
// collections.namedtuple, which hpy-node provides itself).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeModule } from '../support/make-module';
import { Tuple, namedtuple } from '../../src/index';
import { get_call_counts } from '../../src/trace/index';

const STRUCTSEQ_SRC = `
static HPyStructSequence_Field structseq_fields[] = {
    { "field0", "doc0" },
    { "field1", NULL },
    { NULL, NULL },
    { NULL, NULL },
};
static HPyStructSequence_Field structseq_empty_fields[] = { { NULL, NULL } };
static HPyStructSequence_Desc withfields_desc = { .name = "mytest.WithFields", .doc = "some doc", .fields = structseq_fields };
static HPyStructSequence_Desc nofields_desc = { .name = "mytest.NoFields", .fields = structseq_empty_fields };
static HPyStructSequence_Field sentinel = { NULL, NULL };
static HPyStructSequence_Desc noname_desc = { .fields = &sentinel };

#define N 3
HPyDef_METH(build, "build", HPyFunc_O)
static HPy build_impl(HPyContext *ctx, HPy self, HPy type)
{
    HPy elements[N];
    elements[0] = HPyLong_FromLong(ctx, 1);
    elements[1] = HPyFloat_FromDouble(ctx, 2.0);
    elements[2] = HPyUnicode_FromString(ctx, "3");
    HPy structseq = HPyStructSequence_New(ctx, type, N, elements);
    for (int i = 0; i < N; i++)
        HPy_Close(ctx, elements[i]);
    return structseq;
}

HPyDef_METH(new_type_noname, "new_type_noname", HPyFunc_NOARGS)
static HPy new_type_noname_impl(HPyContext *ctx, HPy self)
{
    return HPyStructSequence_NewType(ctx, &noname_desc);
}

/* what C sees of a value: [tuple?, length, item 2, TypeCheck(tuple), IsSubtype(type(v), tuple)] */
HPyDef_METH(inspect_c, "inspect_c", HPyFunc_O)
static HPy inspect_c_impl(HPyContext *ctx, HPy self, HPy v)
{
    HPy type = HPy_Type(ctx, v);
    HPy items[5];
    items[0] = HPyBool_FromLong(ctx, HPyTuple_Check(ctx, v));
    items[1] = HPyLong_FromSsize_t(ctx, HPy_Length(ctx, v));
    items[2] = HPy_GetItem_i(ctx, v, 2);
    items[3] = HPyBool_FromLong(ctx, HPy_TypeCheck(ctx, v, ctx->h_TupleType));
    items[4] = HPyBool_FromLong(ctx, HPyType_IsSubtype(ctx, type, ctx->h_TupleType));
    HPy_Close(ctx, type);
    HPy r = HPyTuple_FromArray(ctx, items, 5);
    for (int i = 0; i < 5; i++) HPy_Close(ctx, items[i]);
    return r;
}

HPyDef_SLOT(mod_exec, HPy_mod_exec)
static int mod_exec_impl(HPyContext *ctx, HPy module)
{
    structseq_fields[2].name = HPyStructSequence_UnnamedField;
    HPy t = HPyStructSequence_NewType(ctx, &withfields_desc);
    if (HPy_IsNull(t) || HPy_SetAttr_s(ctx, module, "WithFields", t) < 0) return -1;
    HPy_Close(ctx, t);
    t = HPyStructSequence_NewType(ctx, &nofields_desc);
    if (HPy_IsNull(t) || HPy_SetAttr_s(ctx, module, "NoFields", t) < 0) return -1;
    HPy_Close(ctx, t);
    return 0;
}
`;

type Seq = readonly unknown[] & { field0: unknown; field1: unknown };
const m = makeModule<Record<string, any>>(STRUCTSEQ_SRC);

test('HPyStructSequence_NewType: a class named after the descriptor, with its doc, module and n_fields', () => {
  assert.equal(m.WithFields.name, 'WithFields');
  assert.equal(m.WithFields.__doc__, 'some doc');
  assert.equal(m.WithFields.__module__, 'mytest');
  assert.equal(m.NoFields.name, 'NoFields');
  assert.ok(!m.NoFields.__doc__);
  assert.equal(m.NoFields.__module__, 'mytest');
  assert.equal(m.WithFields.n_fields, 3);
  assert.equal(m.NoFields.n_fields, 0);
});

test('HPyStructSequence_New: a tuple of the type, named fields as getters, the unnamed one by index', () => {
  const s0 = m.build(m.WithFields) as Seq;
  assert.equal(s0.field0, 1);
  assert.equal(s0.field1, 2.0);
  assert.equal(s0[2], '3');
  assert.ok(s0 instanceof m.WithFields);
  assert.ok(Array.isArray(s0) && Object.isFrozen(s0) && s0 instanceof Tuple, 'a tuple is a frozen array');
  assert.deepEqual([...s0], [1, 2, '3']);
  assert.equal(s0.length, 3);
  assert.ok(!('_' in s0), 'an unnamed field has no getter');
  assert.deepEqual(m.inspect_c(s0), Object.freeze([true, 3, '3', true, true]));
  assert.equal(Object.getPrototypeOf(s0.map((x) => x)), Array.prototype, 'map makes a plain array');
  assert.throws(() => m.build(m.NoFields), { name: 'TypeError', message: 'expected exactly 0 arguments but got 3' });
  assert.throws(() => m.build(String), { name: 'TypeError', message: /does not look like a struct sequence type/ });
});

test('a struct sequence class takes its items positionally from JavaScript, exactly n_fields of them', () => {
  const s = new m.WithFields('a', 'b', 'c') as Seq;
  assert.deepEqual([s.field0, s.field1, s[2]], ['a', 'b', 'c']);
  assert.throws(() => new m.WithFields('a'), { name: 'TypeError', message: 'expected exactly 3 arguments but got 1' });
  assert.deepEqual([...new m.NoFields()], []);
  assert.equal(Reflect.set(s, 0, 'x'), false, 'immutable');
  assert.equal(s[0], 'a');
});

test('HPyStructSequence_NewType: a descriptor without a name is a SystemError', () => {
  assert.throws(() => m.new_type_noname(), { name: 'SystemError', message: /descriptor has no name/ });
});

const SHAPED_SRC = `
typedef struct { long tag; HPyField extra; } PairObject;
HPyType_HELPERS(PairObject, HPyType_BuiltinShape_Tuple)

/* Pair.tagged(tag): an empty Pair (HPy_New) with the tag in its struct */
HPyDef_METH(Pair_tagged, "tagged", HPyFunc_O)
static HPy Pair_tagged_impl(HPyContext *ctx, HPy self, HPy tag)
{
    PairObject *p;
    HPy type = HPy_Type(ctx, self);
    HPy h = HPy_New(ctx, type, &p);
    HPy_Close(ctx, type);
    if (HPy_IsNull(h)) return HPy_NULL;
    p->tag = HPyLong_AsLong(ctx, tag);
    return h;
}
HPyDef_GET(Pair_tag, "tag")
static HPy Pair_tag_get(HPyContext *ctx, HPy self, void *closure)
{
    return HPyLong_FromLong(ctx, PairObject_AsStruct(ctx, self)->tag);
}
HPyDef_METH(Pair_keep, "keep", HPyFunc_O)
static HPy Pair_keep_impl(HPyContext *ctx, HPy self, HPy v)
{
    HPyField_Store(ctx, self, &PairObject_AsStruct(ctx, self)->extra, v);
    return HPyField_Load(ctx, self, PairObject_AsStruct(ctx, self)->extra);
}
static HPyDef *Pair_defines[] = { &Pair_tagged, &Pair_tag, &Pair_keep, NULL };
static HPyType_Spec Pair_spec = {
    .name = "shaped.Pair",
    .basicsize = sizeof(PairObject),
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_BASETYPE,
    .builtin_shape = SHAPE(PairObject),
    .defines = Pair_defines,
};
static HPyType_Spec Plain_spec = { .name = "shaped.Plain", .basicsize = 8 };

HPyDef_SLOT(mod_exec, HPy_mod_exec)
static int mod_exec_impl(HPyContext *ctx, HPy m)
{
    HPyType_SpecParam params[] = { { HPyType_SpecParam_Base, ctx->h_TupleType }, { (HPyType_SpecParam_Kind)0 } };
    if (!HPyHelpers_AddType(ctx, m, "Pair", &Pair_spec, params)) return -1;
    return HPyHelpers_AddType(ctx, m, "Plain", &Plain_spec, NULL) ? 0 : -1;
}

HPyDef_METH(tuple_struct, "tuple_struct", HPyFunc_O)
static HPy tuple_struct_impl(HPyContext *ctx, HPy self, HPy o)
{
    return _HPy_AsStruct_Tuple(ctx, o) ? HPy_Dup(ctx, ctx->h_True) : HPy_NULL;
}
HPyDef_METH(shape, "shape", HPyFunc_O)
static HPy shape_impl(HPyContext *ctx, HPy self, HPy t) { return HPyLong_FromLong(ctx, _HPyType_GetBuiltinShape(ctx, t)); }

/* a Tuple shape over a base that is no tuple */
static HPyType_Spec Bad_spec = { .name = "shaped.Bad", .builtin_shape = HPyType_BuiltinShape_Tuple };
HPyDef_METH(bad_base, "bad_base", HPyFunc_NOARGS)
static HPy bad_base_impl(HPyContext *ctx, HPy self)
{
    HPyType_SpecParam params[] = { { HPyType_SpecParam_Base, ctx->h_ListType }, { (HPyType_SpecParam_Kind)0 } };
    return HPyType_FromSpec(ctx, &Bad_spec, params);
}
`;

test('a type of builtin_shape Tuple: a frozen array of its class with its own struct (HPy_AsStruct_Tuple)', () => {
  const s = makeModule<Record<string, any>>(SHAPED_SRC);
  const p: any = new s.Pair(1, 'two');
  assert.deepEqual([...p], [1, 'two']);
  assert.deepEqual([p instanceof s.Pair, p instanceof Tuple, Object.isFrozen(p)], [true, true, true]);
  assert.equal(p.tag, 0, 'the struct starts zeroed');
  const q = p.tagged(7);
  assert.deepEqual([q.tag, q.length], [7, 0], 'HPy_New gives an empty tuple, as tp_alloc does');
  assert.equal(p.keep('kept'), 'kept', 'fields work on a frozen tuple');
  assert.equal(s.shape(s.Pair), 5);
  assert.equal(s.tuple_struct(p), true);
  assert.throws(() => s.tuple_struct(new s.Plain()), { name: 'TypeError', message: /'shaped.Plain', whose builtin_shape is Object/ });
  assert.throws(() => s.tuple_struct(Object.freeze([1])), { name: 'TypeError', message: /not an instance/ });
  assert.throws(() => s.bad_base(), { name: 'TypeError', message: /builtin_shape Tuple must extend the matching builtin type/ });
  const Pair: new (...items: unknown[]) => any = s.Pair;
  class Sub extends Pair {}
  const sub = new Sub(3);
  assert.ok(sub instanceof Sub && sub instanceof s.Pair && Object.isFrozen(sub));
  assert.equal(sub[0], 3);
});

// What HPy's own structseq.c does on the universal ABI, written here so the
// test needs no HPy checkout: collections.namedtuple called with the fields,
// rename=True and a None default each, then the name, doc and n_fields set.
const NAMEDTUPLE_SRC = `
HPyDef_METH(hpy_style_type, "hpy_style_type", HPyFunc_NOARGS)
static HPy hpy_style_type_impl(HPyContext *ctx, HPy self)
{
    HPy collections = HPyImport_ImportModule(ctx, "collections");
    if (HPy_IsNull(collections)) return HPy_NULL;
    HPy namedtuple = HPy_GetAttr_s(ctx, collections, "namedtuple");
    HPy_Close(ctx, collections);
    if (HPy_IsNull(namedtuple)) return HPy_NULL;
    HPy names[3] = { HPyUnicode_FromString(ctx, "field0"), HPyUnicode_FromString(ctx, "field1"),
                     HPyUnicode_FromString(ctx, "_") };
    HPy nones[3] = { ctx->h_None, ctx->h_None, ctx->h_None };
    HPy fields = HPyTuple_FromArray(ctx, names, 3);
    HPy defaults = HPyTuple_FromArray(ctx, nones, 3);
    for (int i = 0; i < 3; i++) HPy_Close(ctx, names[i]);
    HPy tmpname = HPyUnicode_FromString(ctx, "tmpname");
    HPy argv[2] = { tmpname, fields };
    HPy args = HPyTuple_FromArray(ctx, argv, 2);
    HPy kw = HPyDict_New(ctx);
    HPy_SetItem_s(ctx, kw, "rename", ctx->h_True);
    HPy_SetItem_s(ctx, kw, "defaults", defaults);
    HPy type = HPy_CallTupleDict(ctx, namedtuple, args, kw);
    HPy_Close(ctx, namedtuple); HPy_Close(ctx, fields); HPy_Close(ctx, defaults);
    HPy_Close(ctx, tmpname); HPy_Close(ctx, args); HPy_Close(ctx, kw);
    if (HPy_IsNull(type)) return HPy_NULL;
    HPy doc = HPyUnicode_FromString(ctx, "some doc"), name = HPyUnicode_FromString(ctx, "WithFields");
    HPy mod = HPyUnicode_FromString(ctx, "mytest"), n = HPyLong_FromLong(ctx, 3);
    int failed = HPy_SetAttr_s(ctx, type, "__doc__", doc) < 0 || HPy_SetAttr_s(ctx, type, "n_fields", n) < 0 ||
                 HPy_SetAttr_s(ctx, type, "__name__", name) < 0 || HPy_SetAttr_s(ctx, type, "__qualname__", name) < 0 ||
                 HPy_SetAttr_s(ctx, type, "__module__", mod) < 0;
    HPy_Close(ctx, doc); HPy_Close(ctx, name); HPy_Close(ctx, mod); HPy_Close(ctx, n);
    if (failed) { HPy_Close(ctx, type); return HPy_NULL; }
    return type;
}
`;

test("HPy's binaries: collections.namedtuple is hpy-node's, and makes the same kind of tuple class", () => {
  const b = makeModule<Record<string, any>>(NAMEDTUPLE_SRC + STRUCTSEQ_SRC.replace(/HPyDef_SLOT\(mod_exec[\s\S]*$/, ''));
  const T = b.hpy_style_type();
  assert.equal(T.name, 'WithFields', 'setting __name__ renames the class');
  assert.deepEqual([T.__doc__, T.__module__, T.n_fields], ['some doc', 'mytest', 3]);
  assert.deepEqual(T._fields, ['field0', 'field1', '_2'], 'rename=True renames "_"');
  const s0 = b.build(T);
  assert.deepEqual([s0.field0, s0.field1, s0[2], s0._2], [1, 2.0, '3', '3']);
  assert.deepEqual(b.inspect_c(s0), Object.freeze([true, 3, '3', true, true]));
  assert.deepEqual([...new T()], [undefined, undefined, undefined], 'None defaults');
  assert.throws(() => new T(1, 2, 3, 4), { name: 'TypeError', message: /takes 3 positional arguments but 4 were given/ });
});

test('namedtuple from JavaScript: Python\'s checks, defaults, _make/_asdict/_replace', () => {
  const P = namedtuple('Point', 'x, y', { defaults: [0] });
  const p = new P(1);
  assert.deepEqual([p.x, p.y, p.length], [1, 0, 2]);
  assert.ok(p instanceof Tuple && p instanceof P);
  assert.deepEqual((p as any)._asdict(), { x: 1, y: 0 });
  assert.deepEqual([...(p as any)._replace({ y: 5 })], [1, 5]);
  assert.deepEqual([...P._make([3, 4])], [3, 4]);
  assert.throws(() => new P(), { name: 'TypeError', message: "Point() missing 1 required positional argument: 'x'" });
  assert.throws(() => new P(1, 2, 3), { name: 'TypeError', message: 'Point() takes 2 positional arguments but 3 were given' });
  assert.throws(() => namedtuple('P', ['a', 'a']), { name: 'ValueError', message: /duplicate field name/ });
  assert.throws(() => namedtuple('P', ['_a']), { name: 'ValueError', message: /underscore/ });
  assert.throws(() => namedtuple('P', ['class']), { name: 'ValueError', message: /valid identifiers/ });
  assert.deepEqual(namedtuple('P', ['a', 'a', 'class', '_x'], { rename: true })._fields, ['a', '_1', '_2', '_3']);
});

test('trace mode counts the calls a struct sequence makes (ctx_Type_FromSpec, ctx_AsStruct_Tuple)', () => {
  const before = get_call_counts() as Record<string, number>;
  const t = makeModule<Record<string, any>>(STRUCTSEQ_SRC + `
HPyDef_METH(struct_of, "struct_of", HPyFunc_O)
static HPy struct_of_impl(HPyContext *ctx, HPy self, HPy o) { return _HPy_AsStruct_Tuple(ctx, o) ? HPy_Dup(ctx, ctx->h_True) : HPy_NULL; }
`, { mode: 'trace' });
  t.build(t.WithFields);
  t.struct_of(new t.WithFields(1, 2, 3));
  const after = get_call_counts() as Record<string, number>;
  const d = (k: string) => after[k] - (before[k] ?? 0);
  assert.equal(d('ctx_Type_FromSpec'), 2);
  assert.equal(d('ctx_AsStruct_Tuple'), 1);
  assert.ok(d('ctx_Tuple_FromArray') >= 1 && d('ctx_CallTupleDict') >= 1);
});

test('struct sequences in debug mode', () => {
  const dbg = makeModule<Record<string, any>>(STRUCTSEQ_SRC, { mode: 'debug' });
  const s0 = dbg.build(dbg.WithFields);
  assert.deepEqual([s0.field0, s0.field1, s0[2]], [1, 2.0, '3']);
  assert.deepEqual(dbg.inspect_c(s0), Object.freeze([true, 3, '3', true, true]));
  assert.throws(() => dbg.build(dbg.NoFields), TypeError);
});
