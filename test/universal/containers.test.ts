// HPyList_*, HPyTuple_*, HPyDict_*: arrays, frozen arrays, plain objects/Maps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeModule } from '../support/make-module';
import { SystemError, Tuple } from '../../src/index';

const m = makeModule(`
HPyDef_METH(list_check, "list_check", HPyFunc_O)
static HPy list_check_impl(HPyContext *ctx, HPy self, HPy arg) {
    return HPyBool_FromLong(ctx, HPyList_Check(ctx, arg));
}
HPyDef_METH(list_new, "list_new", HPyFunc_O)
static HPy list_new_impl(HPyContext *ctx, HPy self, HPy arg) {
    return HPyList_New(ctx, HPyLong_AsLong(ctx, arg));
}
HPyDef_METH(append, "append", HPyFunc_VARARGS)
static HPy append_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    if (HPyList_Append(ctx, args[0], args[1]) < 0) return HPy_NULL;
    return HPy_Dup(ctx, args[0]);
}
HPyDef_METH(insert, "insert", HPyFunc_VARARGS)
static HPy insert_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    if (HPyList_Insert(ctx, args[0], HPyLong_AsLong(ctx, args[1]), args[2]) < 0) return HPy_NULL;
    return HPy_Dup(ctx, args[0]);
}
/* builds [0, 1, ..., n-1] with Append, closing each item */
HPyDef_METH(range_list, "range_list", HPyFunc_O)
static HPy range_list_impl(HPyContext *ctx, HPy self, HPy arg) {
    long n = HPyLong_AsLong(ctx, arg);
    HPy list = HPyList_New(ctx, 0);
    for (long i = 0; i < n; i++) {
        HPy item = HPyLong_FromLong(ctx, i);
        int r = HPyList_Append(ctx, list, item);
        HPy_Close(ctx, item);
        if (r < 0) { HPy_Close(ctx, list); return HPy_NULL; }
    }
    return list;
}
HPyDef_METH(tuple_check, "tuple_check", HPyFunc_O)
static HPy tuple_check_impl(HPyContext *ctx, HPy self, HPy arg) {
    return HPyBool_FromLong(ctx, HPyTuple_Check(ctx, arg));
}
HPyDef_METH(tuple_of, "tuple_of", HPyFunc_VARARGS)
static HPy tuple_of_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    return HPyTuple_FromArray(ctx, args, nargs);
}
HPyDef_METH(tuple_bad, "tuple_bad", HPyFunc_O)
static HPy tuple_bad_impl(HPyContext *ctx, HPy self, HPy arg) {
    long which = HPyLong_AsLong(ctx, arg);
    HPy items[2] = { ctx->h_None, { 777777 } };
    if (which == 0) return HPyTuple_FromArray(ctx, NULL, 2);
    if (which == 1) return HPyTuple_FromArray(ctx, items, -1);
    return HPyTuple_FromArray(ctx, items, 2);
}
HPyDef_METH(dict_check, "dict_check", HPyFunc_O)
static HPy dict_check_impl(HPyContext *ctx, HPy self, HPy arg) {
    return HPyBool_FromLong(ctx, HPyDict_Check(ctx, arg));
}
HPyDef_METH(dict_new, "dict_new", HPyFunc_NOARGS)
static HPy dict_new_impl(HPyContext *ctx, HPy self) {
    HPy d = HPyDict_New(ctx);
    HPy v = HPyLong_FromLong(ctx, 1);
    HPy_SetItem_s(ctx, d, "one", v);
    HPy_Close(ctx, v);
    return d;
}
HPyDef_METH(dict_keys, "dict_keys", HPyFunc_O)
static HPy dict_keys_impl(HPyContext *ctx, HPy self, HPy arg) {
    return HPyDict_Keys(ctx, arg);
}
HPyDef_METH(dict_copy, "dict_copy", HPyFunc_O)
static HPy dict_copy_impl(HPyContext *ctx, HPy self, HPy arg) {
    return HPyDict_Copy(ctx, arg);
}
`);

test('HPyList_Check is true for arrays that are not frozen', () => {
  assert.equal(m.list_check([1]), true);
  assert.equal(m.list_check(new (class extends Array {})()), true);
  assert.equal(m.list_check(Object.freeze([1])), false);
  assert.equal(m.list_check({ length: 0 }), false);
  assert.equal(m.list_check('ab'), false);
});

test('HPyList_New(n) is an array of n undefined values without holes', () => {
  const l = m.list_new(3);
  assert.deepEqual(l, [undefined, undefined, undefined]);
  assert.ok(0 in l && 2 in l);
  assert.deepEqual(m.list_new(0), []);
});

test('HPyList_New with a negative length is a SystemError', () => {
  assert.throws(() => m.list_new(-1), (e: Error) => e instanceof SystemError && /ctx_List_New: negative size -1/.test(e.message));
});

test('HPyList_Append appends in place', () => {
  const l = [1];
  assert.equal(m.append(l, 'x'), l);
  assert.deepEqual(l, [1, 'x']);
});

test('HPyList_Append keeps the values of items closed right after', () => {
  assert.deepEqual(m.range_list(5), [0, 1, 2, 3, 4]);
});

test('HPyList_Append to a tuple or a non-list is a SystemError naming the function', () => {
  assert.throws(() => m.append(Object.freeze([1]), 2), { name: 'SystemError', message: /ctx_List_Append: expected a list.*got a tuple/ });
  assert.throws(() => m.append({}, 2), { name: 'SystemError', message: /ctx_List_Append: expected a list.*got Object/ });
});

test('HPyList_Insert inserts with Python index rules', () => {
  assert.deepEqual(m.insert([1, 2, 3], 1, 'x'), [1, 'x', 2, 3]);
  assert.deepEqual(m.insert([1, 2, 3], -1, 'x'), [1, 2, 'x', 3]);
  assert.deepEqual(m.insert([1, 2, 3], 100, 'x'), [1, 2, 3, 'x']);
  assert.deepEqual(m.insert([1, 2, 3], -100, 'x'), ['x', 1, 2, 3]);
});

test('HPyList_Insert into a non-list is a SystemError', () => {
  assert.throws(() => m.insert('abc', 0, 'x'), SystemError);
});

test('HPyTuple_Check is true for frozen arrays only', () => {
  assert.equal(m.tuple_check(Object.freeze([1, 2])), true);
  assert.equal(m.tuple_check([1, 2]), false);
  assert.equal(m.tuple_check(Object.freeze({})), false);
});

test('HPyTuple_FromArray makes a frozen array of the items', () => {
  const t = m.tuple_of(1, 'a', null);
  assert.deepEqual(t, [1, 'a', null]);
  assert.ok(Object.isFrozen(t));
  assert.ok(t instanceof Tuple);
  assert.deepEqual(m.tuple_of(), []);
});

test('HPyTuple_FromArray with NULL items, a negative size or an invalid handle fails cleanly', () => {
  assert.throws(() => m.tuple_bad(0), { name: 'SystemError', message: /items is NULL/ });
  assert.throws(() => m.tuple_bad(1), { name: 'SystemError', message: /negative size/ });
  assert.throws(() => m.tuple_bad(2), { name: 'SystemError', message: /invalid handle/ });
});

test('HPyDict_Check is true for plain objects and Maps', () => {
  assert.equal(m.dict_check({}), true);
  assert.equal(m.dict_check(Object.create(null)), true);
  assert.equal(m.dict_check(new Map()), true);
  assert.equal(m.dict_check([]), false);
  assert.equal(m.dict_check(new Date()), false);
  assert.equal(m.dict_check('x'), false);
});

test('HPyDict_New makes a plain object', () => {
  const d = m.dict_new();
  assert.deepEqual(d, { one: 1 });
  assert.equal(Object.getPrototypeOf(d), Object.prototype);
});

test('HPyDict_Keys lists the keys of a plain object or a Map', () => {
  assert.deepEqual(m.dict_keys({ a: 1, b: 2 }), ['a', 'b']);
  const k = {};
  assert.deepEqual(m.dict_keys(new Map<unknown, number>([[k, 1], [2, 3]])), [k, 2]);
  assert.equal(m.list_check(m.dict_keys({})), true);
});

test('HPyDict_Copy is a shallow copy of the same kind', () => {
  const inner = [1];
  const src = { a: inner };
  const c = m.dict_copy(src);
  assert.notEqual(c, src);
  assert.deepEqual(c, src);
  assert.equal(c.a, inner);
  const map = new Map([['x', 1]]);
  const mc = m.dict_copy(map);
  assert.ok(mc instanceof Map && mc !== map && mc.get('x') === 1);
});

test('HPyDict_Keys and HPyDict_Copy of a non-dict are SystemErrors', () => {
  assert.throws(() => m.dict_keys([1]), { name: 'SystemError', message: /ctx_Dict_Keys: expected a dict/ });
  assert.throws(() => m.dict_copy(5), { name: 'SystemError', message: /ctx_Dict_Copy: expected a dict/ });
});
