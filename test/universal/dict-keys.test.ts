// A dict key "__proto__" is an entry like any other: wherever hpy-node writes
// dict entries (HPy_SetItem, HPy_SetItem_s, HPy_BuildValue's "{...}", the
// keyword object HPy_Call and HPy_CallTupleDict hand a JavaScript function)
// it becomes an own property, read back by HPy_GetItem and listed by
// HPyDict_Keys, and the dict keeps Object.prototype. It used to go through
// the __proto__ setter: the dict's prototype was replaced (data from JSON or
// headers injecting inherited properties) and the entry was lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeModule } from '../support/make-module';

const SRC = `
HPyDef_METH(set_s, "set_s", HPyFunc_VARARGS)
static HPy set_s_impl(HPyContext *ctx, HPy self, const HPy *args, HPy_ssize_t nargs) {
    HPy d = HPyDict_New(ctx);
    const char *key = HPyUnicode_AsUTF8AndSize(ctx, args[0], NULL);
    if (HPy_IsNull(d) || !key || HPy_SetItem_s(ctx, d, key, args[1]) < 0) return HPy_NULL;
    return d;
}
HPyDef_METH(set_item, "set_item", HPyFunc_VARARGS)
static HPy set_item_impl(HPyContext *ctx, HPy self, const HPy *args, HPy_ssize_t nargs) {
    if (HPy_SetItem(ctx, args[0], args[1], args[2]) < 0) return HPy_NULL;
    return HPy_Dup(ctx, args[0]);
}
HPyDef_METH(get_item, "get_item", HPyFunc_VARARGS)
static HPy get_item_impl(HPyContext *ctx, HPy self, const HPy *args, HPy_ssize_t nargs) {
    return HPy_GetItem(ctx, args[0], args[1]);
}
HPyDef_METH(keys, "keys", HPyFunc_O)
static HPy keys_impl(HPyContext *ctx, HPy self, HPy d) { return HPyDict_Keys(ctx, d); }
HPyDef_METH(build, "build", HPyFunc_O)
static HPy build_impl(HPyContext *ctx, HPy self, HPy v) {
    return HPy_BuildValue(ctx, "{s:O,s:i}", "__proto__", v, "a", 1);
}
/* call_kw(f, name, value): f(name=value) through HPy_Call's kwnames */
HPyDef_METH(call_kw, "call_kw", HPyFunc_VARARGS)
static HPy call_kw_impl(HPyContext *ctx, HPy self, const HPy *args, HPy_ssize_t nargs) {
    HPy names = HPyTuple_Pack(ctx, 1, args[1]);
    if (HPy_IsNull(names)) return HPy_NULL;
    HPy r = HPy_Call(ctx, args[0], &args[2], 0, names);
    HPy_Close(ctx, names);
    return r;
}
HPyDef_METH(call_dict, "call_dict", HPyFunc_VARARGS)
static HPy call_dict_impl(HPyContext *ctx, HPy self, const HPy *args, HPy_ssize_t nargs) {
    return HPy_CallTupleDict(ctx, args[0], HPy_NULL, args[1]);
}
`;

type M = {
  set_s(key: string, v: unknown): Record<string, unknown>;
  set_item(d: object, key: unknown, v: unknown): Record<string, unknown>;
  get_item(d: object, key: unknown): unknown;
  keys(d: object): string[];
  build(v: unknown): Record<string, unknown>;
  call_kw(f: (...a: unknown[]) => unknown, name: string, v: unknown): unknown;
  call_dict(f: (...a: unknown[]) => unknown, d: object): unknown;
};

// d holds "__proto__" -> value as an own, enumerable entry, and nothing
// leaked into its prototype chain.
function assertOwnEntry(m: M, d: Record<string, unknown>, value: unknown, what: string) {
  assert.equal(Object.getPrototypeOf(d), Object.prototype, `${what}: the prototype is untouched`);
  assert.deepEqual(Object.getOwnPropertyDescriptor(d, '__proto__'), { value, writable: true, enumerable: true, configurable: true }, `${what}: an own entry`);
  assert.equal((d as { polluted?: unknown }).polluted, undefined, `${what}: nothing inherited from the value`);
  assert.equal(m.get_item(d, '__proto__'), value, `${what}: HPy_GetItem reads it back`);
  assert.ok(m.keys(d).includes('__proto__'), `${what}: HPyDict_Keys lists it`);
}

for (const mode of ['universal', 'debug'] as const) {
  test(`${mode}: a "__proto__" key is stored as an own entry by every native dict writer`, () => {
    const m = makeModule<M>(SRC, { mode });
    const evil = { polluted: true };
    assertOwnEntry(m, m.set_s('__proto__', evil), evil, 'HPy_SetItem_s');
    assertOwnEntry(m, m.set_item({}, '__proto__', evil), evil, 'HPy_SetItem');
    const built = m.build(evil);
    assertOwnEntry(m, built, evil, 'HPy_BuildValue "{s:O}"');
    assert.equal(built.a, 1);
    // Set twice: the second write replaces the entry's value.
    const twice = m.set_item(m.set_s('__proto__', 1), '__proto__', evil);
    assertOwnEntry(m, twice, evil, 'HPy_SetItem over an existing entry');
    // A frozen dict still refuses the write instead of dropping it.
    assert.throws(() => m.set_item(Object.freeze({}), '__proto__', 1), { name: 'TypeError', message: /does not support item assignment/ });
    const seen = (...xs: unknown[]) => xs[xs.length - 1];
    assertOwnEntry(m, m.call_kw(seen, '__proto__', evil) as Record<string, unknown>, evil, 'HPy_Call keyword');
    assertOwnEntry(m, m.call_dict(seen, m.set_s('__proto__', evil)) as Record<string, unknown>, evil, 'HPy_CallTupleDict kw dict');
  });
}
