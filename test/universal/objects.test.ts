// The object protocol: attributes, items, types, identity, comparison,
// hashing and text conversions on JavaScript values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeModule } from '../support/make-module';
import { AttributeError, IndexError, Int, KeyError, SystemError, Tuple } from '../../src/index';
import { get_call_counts } from '../../src/trace/index';
import { diff } from '../support/call-diff';

const INT_STATUS = (name: string, expr: string, params = 'HPy *args, HPy_ssize_t nargs') => `
HPyDef_METH(${name}, "${name}", HPyFunc_VARARGS)
static HPy ${name}_impl(HPyContext *ctx, HPy self, ${params}) {
    int r = ${expr};
    if (r < 0) return HPy_NULL;
    return HPy_Dup(ctx, ctx->h_None);
}`;

const SRC = `
HPyDef_METH(getattr, "getattr", HPyFunc_VARARGS)
static HPy getattr_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    return HPy_GetAttr(ctx, args[0], args[1]);
}
HPyDef_METH(getattr_s, "getattr_s", HPyFunc_O)
static HPy getattr_s_impl(HPyContext *ctx, HPy self, HPy arg) {
    return HPy_GetAttr_s(ctx, arg, "x");
}
HPyDef_METH(hasattr, "hasattr", HPyFunc_VARARGS)
static HPy hasattr_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    return HPyBool_FromBool(ctx, HPy_HasAttr(ctx, args[0], args[1]));
}
HPyDef_METH(hasattr_s, "hasattr_s", HPyFunc_O)
static HPy hasattr_s_impl(HPyContext *ctx, HPy self, HPy arg) {
    return HPyBool_FromBool(ctx, HPy_HasAttr_s(ctx, arg, "x"));
}
${INT_STATUS('setattr', 'HPy_SetAttr(ctx, args[0], args[1], args[2])')}
${INT_STATUS('setattr_s', 'HPy_SetAttr_s(ctx, args[0], "x", args[1])')}
${INT_STATUS('delattr', 'HPy_SetAttr(ctx, args[0], args[1], HPy_NULL)')}
HPyDef_METH(getitem, "getitem", HPyFunc_VARARGS)
static HPy getitem_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    return HPy_GetItem(ctx, args[0], args[1]);
}
HPyDef_METH(getitem_i, "getitem_i", HPyFunc_VARARGS)
static HPy getitem_i_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    return HPy_GetItem_i(ctx, args[0], HPyLong_AsSsize_t(ctx, args[1]));
}
HPyDef_METH(getitem_s, "getitem_s", HPyFunc_O)
static HPy getitem_s_impl(HPyContext *ctx, HPy self, HPy arg) {
    return HPy_GetItem_s(ctx, arg, "k");
}
${INT_STATUS('setitem', 'HPy_SetItem(ctx, args[0], args[1], args[2])')}
${INT_STATUS('setitem_i', 'HPy_SetItem_i(ctx, args[0], HPyLong_AsSsize_t(ctx, args[1]), args[2])')}
${INT_STATUS('setitem_s', 'HPy_SetItem_s(ctx, args[0], "k", args[1])')}
${INT_STATUS('delitem', 'HPy_DelItem(ctx, args[0], args[1])')}
${INT_STATUS('delitem_i', 'HPy_DelItem_i(ctx, args[0], HPyLong_AsSsize_t(ctx, args[1]))')}
${INT_STATUS('delitem_s', 'HPy_DelItem_s(ctx, args[0], "k")')}
HPyDef_METH(contains, "contains", HPyFunc_VARARGS)
static HPy contains_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    int r = HPy_Contains(ctx, args[0], args[1]);
    if (r < 0) return HPy_NULL;
    return HPyBool_FromBool(ctx, r);
}
HPyDef_METH(length, "length", HPyFunc_O)
static HPy length_impl(HPyContext *ctx, HPy self, HPy arg) {
    HPy_ssize_t n = HPy_Length(ctx, arg);
    if (n < 0) return HPy_NULL;
    return HPyLong_FromSsize_t(ctx, n);
}
HPyDef_METH(type, "type", HPyFunc_O)
static HPy type_impl(HPyContext *ctx, HPy self, HPy arg) {
    return HPy_Type(ctx, arg);
}
HPyDef_METH(typecheck, "typecheck", HPyFunc_VARARGS)
static HPy typecheck_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    int r = HPy_TypeCheck(ctx, args[0], args[1]);
    if (HPyErr_Occurred(ctx)) return HPy_NULL;
    return HPyBool_FromBool(ctx, r);
}
HPyDef_METH(typecheck_builtin, "typecheck_builtin", HPyFunc_VARARGS)
static HPy typecheck_builtin_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    HPy types[] = { ctx->h_LongType, ctx->h_FloatType, ctx->h_UnicodeType, ctx->h_ListType,
                    ctx->h_TupleType, ctx->h_DictType, ctx->h_BoolType, ctx->h_BaseObjectType };
    return HPyBool_FromBool(ctx, HPy_TypeCheck(ctx, args[0], types[HPyLong_AsInt32_t(ctx, args[1])]));
}
HPyDef_METH(is, "is", HPyFunc_VARARGS)
static HPy is_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    return HPyBool_FromBool(ctx, HPy_Is(ctx, args[0], args[1]));
}
HPyDef_METH(is_dup, "is_dup", HPyFunc_O)
static HPy is_dup_impl(HPyContext *ctx, HPy self, HPy arg) {
    HPy d = HPy_Dup(ctx, arg);
    int r = HPy_Is(ctx, arg, d) && HPy_Is(ctx, ctx->h_None, ctx->h_None) && !HPy_Is(ctx, arg, ctx->h_None);
    HPy_Close(ctx, d);
    return HPyBool_FromBool(ctx, r);
}
HPyDef_METH(repr, "repr", HPyFunc_O)
static HPy repr_impl(HPyContext *ctx, HPy self, HPy arg) { return HPy_Repr(ctx, arg); }
HPyDef_METH(str, "str", HPyFunc_O)
static HPy str_impl(HPyContext *ctx, HPy self, HPy arg) { return HPy_Str(ctx, arg); }
HPyDef_METH(ascii, "ascii", HPyFunc_O)
static HPy ascii_impl(HPyContext *ctx, HPy self, HPy arg) { return HPy_ASCII(ctx, arg); }
HPyDef_METH(bytes, "bytes", HPyFunc_O)
static HPy bytes_impl(HPyContext *ctx, HPy self, HPy arg) { return HPy_Bytes(ctx, arg); }
HPyDef_METH(richcompare, "richcompare", HPyFunc_VARARGS)
static HPy richcompare_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    return HPy_RichCompare(ctx, args[0], args[1], HPyLong_AsInt32_t(ctx, args[2]));
}
HPyDef_METH(richcompare_bool, "richcompare_bool", HPyFunc_VARARGS)
static HPy richcompare_bool_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    int r = HPy_RichCompareBool(ctx, args[0], args[1], HPyLong_AsInt32_t(ctx, args[2]));
    if (r < 0) return HPy_NULL;
    return HPyLong_FromInt32_t(ctx, r);
}
HPyDef_METH(hash, "hash", HPyFunc_O)
static HPy hash_impl(HPyContext *ctx, HPy self, HPy arg) {
    HPy_hash_t h = HPy_Hash(ctx, arg);
    if (h == -1) return HPy_NULL;
    return HPyLong_FromSsize_t(ctx, h);
}
HPyDef_METH(type_name, "type_name", HPyFunc_O)
static HPy type_name_impl(HPyContext *ctx, HPy self, HPy arg) {
    const char *name = HPyType_GetName(ctx, arg);
    if (name == NULL) return HPy_NULL;
    return HPyUnicode_FromString(ctx, name);
}
HPyDef_METH(type_name_len, "type_name_len", HPyFunc_O)
static HPy type_name_len_impl(HPyContext *ctx, HPy self, HPy arg) {
    /* strlen of the scratch string: checks it is NUL-terminated C memory */
    const char *name = HPyType_GetName(ctx, arg);
    if (name == NULL) return HPy_NULL;
    size_t n = 0;
    while (name[n]) n++;
    return HPyLong_FromSize_t(ctx, n);
}
HPyDef_METH(is_subtype, "is_subtype", HPyFunc_VARARGS)
static HPy is_subtype_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    int r = HPyType_IsSubtype(ctx, args[0], args[1]);
    if (HPyErr_Occurred(ctx)) return HPy_NULL;
    return HPyBool_FromBool(ctx, r);
}
HPyDef_METH(getattr_closed, "getattr_closed", HPyFunc_O)
static HPy getattr_closed_impl(HPyContext *ctx, HPy self, HPy arg) {
    HPy h = HPy_Dup(ctx, arg);
    HPy_Close(ctx, h);
    return HPy_GetAttr_s(ctx, h, "x");
}
HPyDef_METH(getattr_s_null, "getattr_s_null", HPyFunc_O)
static HPy getattr_s_null_impl(HPyContext *ctx, HPy self, HPy arg) {
    return HPy_GetAttr_s(ctx, arg, NULL);
}`;

const m = makeModule(SRC);

test('HPy_GetAttr reads own, inherited and primitive properties', () => {
  class A { get g() { return 'got'; } }
  assert.equal(m.getattr({ a: 1 }, 'a'), 1);
  assert.equal(m.getattr(new A(), 'g'), 'got');
  assert.equal(m.getattr('abc', 'length'), 3);
  const s = Symbol('s');
  assert.equal(m.getattr({ [s]: 2 }, s), 2);
});

test('HPy_GetAttr raises AttributeError for a missing property or on undefined/null', () => {
  assert.throws(() => m.getattr({}, 'nope'), { name: 'AttributeError', message: /'nope'/ });
  assert.throws(() => m.getattr(undefined, 'a'), AttributeError);
  assert.throws(() => m.getattr(null, 'a'), AttributeError);
});

test('a property whose value is undefined still exists for GetAttr', () => {
  assert.equal(m.getattr({ u: undefined }, 'u'), undefined);
});

test('HPy_GetAttr_s reads the property named by a C string', () => {
  assert.equal(m.getattr_s({ x: 'ex' }), 'ex');
  assert.throws(() => m.getattr_s({}), AttributeError);
});

test('HPy_GetAttr_s with a NULL name raises SystemError', () => {
  assert.throws(() => m.getattr_s_null({}), SystemError);
});

test('HPy_HasAttr and HasAttr_s answer with `in`, never failing', () => {
  assert.equal(m.hasattr({ a: 1 }, 'a'), true);
  assert.equal(m.hasattr({}, 'a'), false);
  assert.equal(m.hasattr('abc', 'length'), true);
  assert.equal(m.hasattr(undefined, 'a'), false);
  assert.equal(m.hasattr_s({ x: 0 }), true);
  assert.equal(m.hasattr_s([]), false);
});

test('HPy_HasAttr swallows an exception from a Proxy trap and answers false', () => {
  const p = new Proxy({}, { has() { throw new Error('trap'); } });
  assert.equal(m.hasattr(p, 'a'), false);
});

test('HPy_SetAttr and SetAttr_s set properties', () => {
  const o: Record<string, unknown> = {};
  m.setattr(o, 'a', 1);
  m.setattr_s(o, 2);
  assert.deepEqual(o, { a: 1, x: 2 });
});

test('HPy_SetAttr raises AttributeError on frozen objects and primitives', () => {
  assert.throws(() => m.setattr(Object.freeze({}), 'a', 1), AttributeError);
  assert.throws(() => m.setattr(5, 'a', 1), AttributeError);
  assert.throws(() => m.setattr(undefined, 'a', 1), AttributeError);
});

test('HPy_SetAttr with HPy_NULL as value deletes the property', () => {
  const o: Record<string, unknown> = { a: 1, b: 2 };
  m.delattr(o, 'a');
  assert.deepEqual(o, { b: 2 });
  assert.throws(() => m.delattr(o, 'a'), AttributeError);
});

test('HPy_GetItem indexes arrays, with negative indices from the end', () => {
  assert.equal(m.getitem([10, 20, 30], 1), 20);
  assert.equal(m.getitem([10, 20, 30], -1), 30);
  assert.equal(m.getitem('abc', 2), 'c');
  assert.equal(m.getitem(new Uint8Array([7, 8]), -2), 7);
});

test('HPy_GetItem raises IndexError out of range and for fractional indices', () => {
  assert.throws(() => m.getitem([1], 1), IndexError);
  assert.throws(() => m.getitem([1], -2), IndexError);
  assert.throws(() => m.getitem([1, 2], 0.5), IndexError);
  assert.throws(() => m.getitem('', 0), IndexError);
});

test('HPy_GetItem reads Map entries and object properties, KeyError when missing', () => {
  const key = {};
  assert.equal(m.getitem(new Map([[key, 'v']]), key), 'v');
  assert.equal(m.getitem({ a: 1 }, 'a'), 1);
  assert.throws(() => m.getitem(new Map(), 'a'), KeyError);
  assert.throws(() => m.getitem({}, 'a'), { name: 'KeyError', message: /'a'/ });
});

test('HPy_GetItem on undefined or null raises TypeError', () => {
  assert.throws(() => m.getitem(undefined, 0), TypeError);
  assert.throws(() => m.getitem(null, 'a'), TypeError);
});

test('HPy_GetItem_i and GetItem_s read by C index and C string', () => {
  assert.equal(m.getitem_i(['a', 'b'], 1), 'b');
  assert.equal(m.getitem_i(['a', 'b'], -2), 'a');
  assert.throws(() => m.getitem_i(['a'], 5), IndexError);
  assert.equal(m.getitem_s({ k: 'kay' }), 'kay');
  assert.equal(m.getitem_s(new Map([['k', 3]])), 3);
  assert.throws(() => m.getitem_s({}), KeyError);
});

test('HPy_SetItem writes array elements, Map entries and properties', () => {
  const a = [1, 2];
  m.setitem(a, -1, 'z');
  const mp = new Map();
  m.setitem(mp, 1, 'one');
  const o: Record<string, unknown> = {};
  m.setitem(o, 'p', true);
  assert.deepEqual([a, [...mp], o], [[1, 'z'], [[1, 'one']], { p: true }]);
});

test('HPy_SetItem raises TypeError on tuples (frozen arrays) and primitives, IndexError out of range', () => {
  assert.throws(() => m.setitem(Object.freeze([1]), 0, 2), { name: 'TypeError', message: /tuple/ });
  assert.throws(() => m.setitem('abc', 0, 'x'), TypeError);
  assert.throws(() => m.setitem([], 0, 1), IndexError);
});

test('HPy_SetItem_i and SetItem_s write by C index and C string', () => {
  const a = [0, 0];
  m.setitem_i(a, 1, 5);
  const o: Record<string, unknown> = {};
  m.setitem_s(o, 'v');
  assert.deepEqual([a, o], [[0, 5], { k: 'v' }]);
});

test('HPy_DelItem removes array elements (shifting), Map entries and properties', () => {
  const a = [1, 2, 3];
  m.delitem(a, 0);
  const mp = new Map([['a', 1]]);
  m.delitem(mp, 'a');
  const o: Record<string, unknown> = { a: 1 };
  m.delitem(o, 'a');
  assert.deepEqual([a, mp.size, o], [[2, 3], 0, {}]);
});

test('HPy_DelItem raises KeyError for missing keys and TypeError on tuples', () => {
  assert.throws(() => m.delitem({}, 'a'), KeyError);
  assert.throws(() => m.delitem(new Map(), 'a'), KeyError);
  assert.throws(() => m.delitem(Object.freeze([1]), 0), TypeError);
  assert.throws(() => m.delitem([1], 3), IndexError);
});

test('HPy_DelItem_i and DelItem_s delete by C index and C string', () => {
  const a = ['a', 'b', 'c'];
  m.delitem_i(a, -1);
  const o: Record<string, unknown> = { k: 1, j: 2 };
  m.delitem_s(o);
  assert.deepEqual([a, o], [['a', 'b'], { j: 2 }]);
});

test('HPy_Contains: includes for arrays and strings, has for Map/Set, in for objects', () => {
  assert.equal(m.contains([1, NaN], NaN), true);
  assert.equal(m.contains([1], '1'), false);
  assert.equal(m.contains('hello', 'ell'), true);
  assert.equal(m.contains(new Set([1]), 1), true);
  assert.equal(m.contains(new Map([['a', 1]]), 'b'), false);
  assert.equal(m.contains({ a: 1 }, 'a'), true);
});

test('HPy_Contains raises TypeError for a non-string in a string and for non-containers', () => {
  assert.throws(() => m.contains('abc', 1), TypeError);
  assert.throws(() => m.contains(5, 1), TypeError);
  assert.throws(() => m.contains(undefined, 1), TypeError);
});

test('HPy_Length of arrays, strings, Maps, Sets, typed arrays and plain objects', () => {
  assert.equal(m.length([1, 2, 3]), 3);
  assert.equal(m.length('héllo'), 5);
  assert.equal(m.length(new Map([[1, 1]])), 1);
  assert.equal(m.length(new Set()), 0);
  assert.equal(m.length(new Uint8Array(4)), 4);
  assert.equal(m.length({ a: 1, b: 2 }), 2);
});

test('HPy_Length raises TypeError for values without a length', () => {
  for (const bad of [5, undefined, null, () => 0, 1n]) assert.throws(() => m.length(bad), TypeError, String(bad));
});

test('HPy_Type gives the constructor (Number for all numbers, Object for undefined)', () => {
  class A {}
  assert.equal(m.type(1), Number);
  assert.equal(m.type('s'), String);
  assert.equal(m.type([]), Array);
  assert.equal(m.type(new A()), A);
  assert.equal(m.type(undefined), Object);
  assert.equal(m.type(2n), BigInt);
});

test('HPy_TypeCheck against ctx->h_LongType/h_FloatType/... uses the marker classes', () => {
  const LONG = 0, FLOAT = 1, STR = 2, LIST = 3, TUPLE = 4, DICT = 5, BOOL = 6, OBJECT = 7;
  assert.equal(m.typecheck_builtin(3, LONG), true);
  assert.equal(m.typecheck_builtin(3.5, LONG), false);
  assert.equal(m.typecheck_builtin(2n ** 70n, LONG), true);
  assert.equal(m.typecheck_builtin(3.5, FLOAT), true);
  assert.equal(m.typecheck_builtin('s', STR), true);
  assert.equal(m.typecheck_builtin([], LIST), true);
  assert.equal(m.typecheck_builtin(Object.freeze([]), TUPLE), true);
  assert.equal(m.typecheck_builtin([], TUPLE), false);
  assert.equal(m.typecheck_builtin(new Map(), DICT), true);
  assert.equal(m.typecheck_builtin(true, BOOL), true);
  assert.equal(m.typecheck_builtin(1, BOOL), false);
  assert.equal(m.typecheck_builtin(undefined, OBJECT), true);
});

test('HPy_TypeCheck with a JS class is instanceof', () => {
  class A {}
  class B extends A {}
  assert.equal(m.typecheck(new B(), A), true);
  assert.equal(m.typecheck(new A(), B), false);
  assert.equal(m.typecheck(5, Int), true);
  assert.equal(m.typecheck(Object.freeze([1]), Tuple), true);
});

test('HPy_TypeCheck with a type that is no class sets TypeError', () => {
  assert.throws(() => m.typecheck(1, 'number'), { name: 'TypeError', message: /not a class/ });
});

test('HPy_Is is === for objects and strings', () => {
  const o = {};
  assert.equal(m.is(o, o), true);
  assert.equal(m.is({}, {}), false);
  assert.equal(m.is('ab', 'ab'), true);
  assert.equal(m.is(1, '1'), false);
  assert.equal(m.is(undefined, undefined), true);
});

test('HPy_Is compares numbers by value, NaN identical to itself', () => {
  assert.equal(m.is(1, 1), true);
  assert.equal(m.is(1, 2), false);
  assert.equal(m.is(NaN, NaN), true);
});

test('HPy_Is holds for a handle and its HPy_Dup, and for constants', () => {
  assert.equal(m.is_dup({}), true);
  assert.equal(m.is_dup(1.5), true);
});

test('HPy_Repr is util.inspect, HPy_Str is String()', () => {
  assert.equal(m.repr('a'), "'a'");
  assert.equal(m.repr([1, 2]), '[ 1, 2 ]');
  assert.equal(m.repr(undefined), 'undefined');
  assert.equal(m.str([1, 2]), '1,2');
  assert.equal(m.str(undefined), 'undefined');
  assert.equal(m.str(12n), '12');
  assert.equal(m.str({ toString: () => 'custom' }), 'custom');
});

test('HPy_Str of an object without toString raises the JS TypeError', () => {
  assert.throws(() => m.str(Object.create(null)), TypeError);
});

test('HPy_ASCII escapes non-ASCII characters in the repr', () => {
  assert.equal(m.ascii('é'), "'\\xe9'");
  assert.equal(m.ascii('€'), "'\\u20ac'");
  assert.equal(m.ascii('😀'), "'\\U0001f600'");
});

test('HPy_Bytes copies byte-like values into a Buffer and rejects strings', () => {
  const b = m.bytes(new Uint8Array([1, 2]));
  assert.ok(Buffer.isBuffer(b));
  assert.deepEqual([...b], [1, 2]);
  assert.deepEqual([...m.bytes([3, 4])], [3, 4]);
  assert.throws(() => m.bytes('abc'), { name: 'TypeError', message: /encoding/ });
  assert.throws(() => m.bytes(5), TypeError);
});

const [LT, LE, EQ, NE, GT, GE] = [0, 1, 2, 3, 4, 5];

test('HPy_RichCompare on numbers gives each operator', () => {
  assert.deepEqual([LT, LE, EQ, NE, GT, GE].map((op) => m.richcompare(1, 2, op)), [true, true, false, true, false, false]);
  assert.deepEqual([LT, LE, EQ, NE, GT, GE].map((op) => m.richcompare(NaN, NaN, op)), [false, false, false, true, false, false]);
});

test('HPy_RichCompare on other values is the JS comparison (strict equality)', () => {
  assert.equal(m.richcompare('a', 'b', LT), true);
  assert.equal(m.richcompare(1, '1', EQ), false);
  assert.equal(m.richcompare(1n, 2n, LT), true);
  assert.equal(m.richcompare([1], [1], EQ), false);
  assert.equal(m.richcompare('10', '9', LT), true);
});

test('HPy_RichCompare with an invalid operator raises SystemError', () => {
  assert.throws(() => m.richcompare(1, 2, 6), SystemError);
  assert.throws(() => m.richcompare('a', 'b', -1), SystemError);
  assert.throws(() => m.richcompare_bool(1, 2, 99), SystemError);
});

test('HPy_RichCompareBool returns 1 or 0', () => {
  assert.equal(m.richcompare_bool(2, 1, GT), 1);
  assert.equal(m.richcompare_bool('a', 'a', EQ), 1);
  assert.equal(m.richcompare_bool({}, {}, EQ), 0);
});

test('HPy_Hash: integers hash to themselves, -1 to -2', () => {
  assert.equal(m.hash(42), 42);
  assert.equal(m.hash(-1), -2);
  assert.equal(m.hash(true), 1);
});

test('HPy_Hash is equal for equal strings and stable per object', () => {
  assert.equal(m.hash('abc'), m.hash('ab' + 'c'));
  assert.notEqual(m.hash('abc'), m.hash('abd'));
  const o = {};
  assert.equal(m.hash(o), m.hash(o));
  assert.notEqual(m.hash({}), m.hash({}));
  assert.equal(typeof m.hash(1.5), 'number');
  assert.equal(m.hash(10n), m.hash(10n));
});

test('HPyType_GetName gives a class name as a C string', () => {
  class MyThing {}
  assert.equal(m.type_name(MyThing), 'MyThing');
  assert.equal(m.type_name(Number), 'Number');
  assert.equal(m.type_name_len(Map), 3);
});

test('HPyType_GetName raises TypeError for a value that is no class', () => {
  assert.throws(() => m.type_name({}), { name: 'TypeError', message: /expected a class, got Object/ });
  assert.throws(() => m.type_name(1), TypeError);
});

test('HPyType_IsSubtype follows the prototype chain', () => {
  class A {}
  class B extends A {}
  assert.equal(m.is_subtype(B, A), true);
  assert.equal(m.is_subtype(A, B), false);
  assert.equal(m.is_subtype(A, A), true);
  assert.equal(m.is_subtype(A, Object), true);
  assert.equal(m.is_subtype(RangeError, Error), true);
});

test('HPyType_IsSubtype raises TypeError when an argument is no class', () => {
  assert.throws(() => m.is_subtype({}, Object), TypeError);
});

test('an attribute read through a closed handle raises SystemError', () => {
  assert.throws(() => m.getattr_closed({ x: 1 }), { name: 'SystemError', message: /invalid handle/ });
});


test('in trace mode item access counts the _i variant and the index conversion', () => {
  const t = makeModule(SRC, { mode: 'trace' });
  const before = get_call_counts();
  assert.equal(t.getitem_i([5, 6], 1), 6);
  assert.deepEqual(diff(before, get_call_counts()), { ctx_GetItem_i: 1, ctx_Long_AsSsize_t: 1 });
});

test('in trace mode a failing GetAttr still counts once', () => {
  const t = makeModule(SRC, { mode: 'trace' });
  const before = get_call_counts();
  assert.throws(() => t.getattr({}, 'missing'), AttributeError);
  assert.deepEqual(diff(before, get_call_counts()), { ctx_GetAttr: 1 });
});
