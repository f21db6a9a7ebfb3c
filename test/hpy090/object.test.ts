// HPy 0.9.0's test_object.py, on hpy-node: attributes of classes, of
// prototypes and through accessors; items of dicts (plain objects and Maps),
// lists and tuples by HPy key, C index and C string; containment in
// iterables; _HPy_Dump. test/universal/objects.test.ts already covers own
// properties, missing attributes, frozen objects, list indexing, lengths,
// types, identity and comparison; those are not repeated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttributeError, IndexError, KeyError } from '../../src/index';
import { makeModule } from '../support/make-module';

const STATUS = (name: string, call: string) => `
HPyDef_METH(${name}, "${name}", HPyFunc_O)
static HPy ${name}_impl(HPyContext *ctx, HPy self, HPy arg)
{
    if (${call} < 0)
        return HPy_NULL;
    return HPy_Dup(ctx, arg);
}`;

const m = makeModule(`
static HPy foo_name(HPyContext *ctx) { return HPyUnicode_FromString(ctx, "foo"); }
HPyDef_METH(getattr_foo, "getattr_foo", HPyFunc_O)
static HPy getattr_foo_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy name = foo_name(ctx);
    HPy r = HPy_GetAttr(ctx, arg, name);
    HPy_Close(ctx, name);
    return r;
}
HPyDef_METH(getattr_s_foo, "getattr_s_foo", HPyFunc_O)
static HPy getattr_s_foo_impl(HPyContext *ctx, HPy self, HPy arg)
{
    return HPy_GetAttr_s(ctx, arg, "foo");
}
/* [HPy_HasAttr, HPy_HasAttr_s] */
HPyDef_METH(hasattr_foo, "hasattr_foo", HPyFunc_O)
static HPy hasattr_foo_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy name = foo_name(ctx);
    int a = HPy_HasAttr(ctx, arg, name);
    HPy_Close(ctx, name);
    int b = HPy_HasAttr_s(ctx, arg, "foo");
    if (a < 0 || b < 0)
        return HPy_NULL;
    HPy items[2] = { HPyBool_FromBool(ctx, a), HPyBool_FromBool(ctx, b) };
    return HPyTuple_FromArray(ctx, items, 2);
}
static int set_foo(HPyContext *ctx, HPy obj)
{
    HPy name = foo_name(ctx);
    int r = HPy_SetAttr(ctx, obj, name, ctx->h_True);
    HPy_Close(ctx, name);
    return r;
}
static int del_foo(HPyContext *ctx, HPy obj)
{
    HPy name = foo_name(ctx);
    int r = HPy_DelAttr(ctx, obj, name);
    HPy_Close(ctx, name);
    return r;
}
static int item3(HPyContext *ctx, HPy obj, int op)
{
    HPy key = HPyLong_FromLong(ctx, 3);
    int r = op == 0 ? HPy_SetItem(ctx, obj, key, ctx->h_True) : HPy_DelItem(ctx, obj, key);
    HPy_Close(ctx, key);
    return r;
}
${STATUS('setattr_foo', 'set_foo(ctx, arg)')}
${STATUS('setattr_s_foo', 'HPy_SetAttr_s(ctx, arg, "foo", ctx->h_True)')}
${STATUS('delattr_foo', 'del_foo(ctx, arg)')}
${STATUS('delattr_s_foo', 'HPy_DelAttr_s(ctx, arg, "foo")')}
HPyDef_METH(getitem3, "getitem3", HPyFunc_O)
static HPy getitem3_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy key = HPyLong_FromLong(ctx, 3);
    HPy r = HPy_GetItem(ctx, arg, key);
    HPy_Close(ctx, key);
    return r;
}
HPyDef_METH(getitem_i3, "getitem_i3", HPyFunc_O)
static HPy getitem_i3_impl(HPyContext *ctx, HPy self, HPy arg)
{
    return HPy_GetItem_i(ctx, arg, 3);
}
HPyDef_METH(getitem_s_limes, "getitem_s_limes", HPyFunc_O)
static HPy getitem_s_limes_impl(HPyContext *ctx, HPy self, HPy arg)
{
    return HPy_GetItem_s(ctx, arg, "limes");
}
HPyDef_METH(getitem_key, "getitem_key", HPyFunc_VARARGS)
static HPy getitem_key_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    return HPy_GetItem(ctx, args[0], args[1]);
}
${STATUS('setitem3', 'item3(ctx, arg, 0)')}
${STATUS('setitem_i3', 'HPy_SetItem_i(ctx, arg, 3, ctx->h_True)')}
${STATUS('setitem_s_limes', 'HPy_SetItem_s(ctx, arg, "limes", ctx->h_True)')}
${STATUS('delitem3', 'item3(ctx, arg, 1)')}
${STATUS('delitem_i3', 'HPy_DelItem_i(ctx, arg, 3)')}
${STATUS('delitem_s3', 'HPy_DelItem_s(ctx, arg, "3")')}
HPyDef_METH(contains, "contains", HPyFunc_VARARGS)
static HPy contains_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    int r = HPy_Contains(ctx, args[0], args[1]);
    if (r < 0)
        return HPy_NULL;
    return HPyLong_FromLong(ctx, r);
}
HPyDef_METH(dump, "dump", HPyFunc_O)
static HPy dump_impl(HPyContext *ctx, HPy self, HPy arg)
{
    _HPy_Dump(ctx, arg);
    return HPy_Dup(ctx, ctx->h_None);
}`);

class ClassAttr {
  static foo = 10;
}
class ProtoAttr {}
(ProtoAttr.prototype as unknown as { foo: number }).foo = 10;
class ReadOnly {
  get foo() { return 11; }
}
class Writable {
  stored: unknown;
  get foo() { return this.stored; }
  set foo(v) { this.stored = v; }
}
class Raising {
  get foo(): number { throw new RangeError('no foo'); }
}

test('HPy_GetAttr(_s) read static class properties, prototype values and getters', () => {
  for (const get of [m.getattr_foo, m.getattr_s_foo]) {
    assert.equal(get(ClassAttr), 10);
    assert.equal(get(new ProtoAttr()), 10);
    assert.equal(get(new ReadOnly()), 11);
    assert.throws(() => get(new ClassAttr()), AttributeError, 'a static property is no property of instances');
    assert.throws(() => get(42), AttributeError);
  }
});

test('HPy_HasAttr(_s) answer as JavaScript\'s `in`: a getter exists without being run', () => {
  assert.deepEqual(m.hasattr_foo(ClassAttr), [true, true]);
  assert.deepEqual(m.hasattr_foo(new ProtoAttr()), [true, true]);
  assert.deepEqual(m.hasattr_foo(new ReadOnly()), [true, true]);
  assert.deepEqual(m.hasattr_foo(new ClassAttr()), [false, false]);
  assert.deepEqual(m.hasattr_foo(42), [false, false]);
  // HPy answers False here, as Python's hasattr() runs the getter; `in`
  // does not, so the property exists.
  assert.deepEqual(m.hasattr_foo(new Raising()), [true, true]);
});

test('HPy_SetAttr(_s) set class properties and run setters; a getter without setter is AttributeError', () => {
  for (const set of [m.setattr_foo, m.setattr_s_foo]) {
    class C {}
    set(C);
    assert.equal((C as unknown as { foo: boolean }).foo, true);
    const w = new Writable();
    set(w);
    assert.equal(w.stored, true, 'the setter ran');
    assert.throws(() => set(new ReadOnly()), AttributeError);
    assert.throws(() => set(Object.preventExtensions({})), AttributeError, 'an object that takes no new properties');
  }
});

test('HPy_DelAttr(_s) delete own properties (and configurable accessors), not inherited ones', () => {
  for (const del of [m.delattr_foo, m.delattr_s_foo]) {
    class C {
      static foo = true;
    }
    del(C);
    assert.equal('foo' in C, false);
    const own = { get foo() { return 1; } };
    del(own);
    assert.equal('foo' in own, false, 'an own, configurable accessor goes');
    const w = new Writable();
    w.foo = true;
    assert.throws(() => del(w), (e: Error) => e instanceof AttributeError && /it is inherited, not its own/.test(e.message), 'an accessor of the class has no "deleter"');
    assert.equal(w.foo, true);
    assert.throws(() => del(Object.defineProperty({}, 'foo', { value: 1 })), AttributeError, 'a non-configurable property');
  }
});

test('HPy_GetItem and HPy_GetItem_i with key 3: dicts by key (plain objects and Maps), lists by index', () => {
  for (const get of [m.getitem3, m.getitem_i3]) {
    assert.equal(get({ 3: 'hello' }), 'hello');
    assert.equal(get(new Map([[3, 'hello']])), 'hello');
    assert.throws(() => get({ 1: 'bad' }), (e: Error) => e instanceof KeyError && e.message === '3');
    assert.equal(get([0, 1, 2, 'hello']), 'hello');
    assert.throws(() => get([]), IndexError);
  }
});

test('HPy_GetItem_s: a dict by key; a list or a string takes no string key (TypeError)', () => {
  assert.equal(m.getitem_s_limes({ limes: 'hello' }), 'hello');
  assert.throws(() => m.getitem_s_limes({ oranges: 'bad' }), (e: Error) => e instanceof KeyError && e.message === "'limes'");
  assert.throws(() => m.getitem_s_limes([]), { name: 'TypeError', message: 'Array indices must be integers, not String' });
  assert.throws(() => m.getitem_s_limes(Object.assign([], { limes: 1 })), TypeError, 'not even a property of that name');
  assert.throws(() => m.getitem_key('abc', 'length'), TypeError);
  assert.equal(m.getitem_key([5, 6], 1n), 6, 'a BigInt index');
});

test('a dict (plain object) holds its own properties only: inherited ones are no items', () => {
  assert.throws(() => m.getitem_key({}, 'toString'), KeyError);
  assert.equal(m.contains({}, 'toString'), 0);
  assert.throws(() => m.delitem_s3(Object.create({ 3: 'inherited' })), KeyError, 'nor can an inherited key be deleted from any other object');
});

test('HPy_SetItem and HPy_SetItem_i with key 3: dicts gain or replace the key, lists replace the element', () => {
  for (const set of [m.setitem3, m.setitem_i3]) {
    assert.deepEqual(set({}), { 3: true });
    assert.deepEqual(set({ a: 1 }), { a: 1, 3: true });
    assert.deepEqual(set({ 3: false }), { 3: true });
    assert.deepEqual(set(new Map([[3, false]])), new Map([[3, true]]));
    assert.deepEqual(set([0, 1, 2, false]), [0, 1, 2, true]);
    assert.throws(() => set([]), IndexError);
  }
});

test('HPy_SetItem_s: dicts by key; a list takes no string key (TypeError)', () => {
  assert.deepEqual(m.setitem_s_limes({}), { limes: true });
  assert.deepEqual(m.setitem_s_limes({ a: 1 }), { a: 1, limes: true });
  assert.deepEqual(m.setitem_s_limes({ limes: false }), { limes: true });
  const list: unknown[] = [];
  assert.throws(() => m.setitem_s_limes(list), TypeError);
  assert.deepEqual(Object.keys(list), [], 'no property was set on the array');
});

test('HPy_DelItem, HPy_DelItem_i and HPy_DelItem_s: dicts lose the key, lists the element; tuples refuse', () => {
  for (const del of [m.delitem3, m.delitem_i3]) {
    assert.deepEqual(del({ 3: false, 4: true }), { 4: true });
    assert.throws(() => del({}), KeyError);
    assert.throws(() => del(Object.freeze([1, 2, 3, 4])), TypeError);
    assert.deepEqual(del([0, 1, 2, false]), [0, 1, 2]);
    assert.throws(() => del([]), IndexError);
  }
  assert.deepEqual(m.delitem_s3({ 3: false, 4: true }), { 4: true });
  assert.throws(() => m.delitem_s3({}), KeyError);
  assert.throws(() => m.delitem_s3(Object.freeze([1, 2, 3, 4])), TypeError);
  const list = [1, 2, 3, 4];
  assert.throws(() => m.delitem_s3(list), TypeError);
  assert.deepEqual(list, [1, 2, 3, 4], 'no hole was punched into the list');
});

test('HPy_Contains searches any iterable (a generator, a collection class) as Python searches an __iter__', () => {
  class Triple {
    *[Symbol.iterator]() { yield 1; yield 2; yield 3; }
  }
  assert.equal(m.contains([5, 6, 42, 7, 8], 42), 1);
  assert.equal(m.contains([5, 6, 42, 7, 8], 4), 0);
  assert.equal(m.contains(new Triple(), 2), 1);
  assert.equal(m.contains(new Triple(), 33), 0);
  const gen = (function* () { yield 'a'; yield 'b'; yield 'c'; })();
  assert.equal(m.contains(gen, 'b'), 1);
  assert.deepEqual([...gen], ['c'], 'a generator is consumed up to the match, as in Python');
  assert.equal(m.contains(new Triple(), NaN), 0);
  assert.equal(m.contains((function* () { yield NaN; })(), NaN), 1, 'NaN is found, as Array.prototype.includes finds it');
});

test('_HPy_Dump prints what a handle holds and returns', (t) => {
  const lines: string[] = [];
  t.mock.method(process.stderr, 'write', (s: string) => (lines.push(String(s)), true));
  assert.equal(m.dump('hello'), undefined);
  t.mock.restoreAll();
  assert.deepEqual(lines, ["hpy-node dump: String 'hello'\n"]);
});
