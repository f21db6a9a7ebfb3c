// Types of builtin_shape List and Dict: instances are an array and a Map of
// the class (with the C struct, HPy_AsStruct_List/_Dict), which HPy's list
// and dict functions take as lists and dicts. Shapes hpy-node does not make
// yet are a NotImplementedError naming them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeModule } from '../support/make-module';
import { Dict, kwargs } from '../../src/index';
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

test('shapes not made yet are a NotImplementedError naming them; an invalid one a ValueError', () => {
  for (const [shape, name] of [[2, 'Long'], [3, 'Float'], [4, 'Unicode']] as const)
    assert.throws(() => m.make_shaped(shape), { name: 'NotImplementedError', message: new RegExp(`builtin_shape ${name} is not supported`) });
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
