// HPy_BuildValue: the behaviour of HPy 0.9.0's test_hpybuildvalue.py on
// JavaScript values: None is undefined, a tuple a frozen array, a list an
// array, a dict a plain object.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeModule } from '../support/make-module';
import { SystemError, ValueError } from '../../src/index';

type Fn = (...args: unknown[]) => unknown;

// Like HPy's make_tests_module: f(i) runs case i.
function casesModule(cases: string[]): Fn {
  const m = makeModule<Record<string, Fn>>(`
#include <limits.h>
HPyDef_METH(f, "f", HPyFunc_O)
static HPy f_impl(HPyContext *ctx, HPy self, HPy arg) {
    switch (HPyLong_AsInt64_t(ctx, arg)) {
${cases.map((c, i) => `    case ${i}: ${c}`).join('\n')}
    default:
        HPyErr_SetString(ctx, ctx->h_ValueError, "Wrong test case number");
        return HPy_NULL;
    }
}`);
  return m.f;
}

const tuple = (...items: unknown[]) => Object.freeze(items);

const FORMATS: Array<[string, unknown]> = [
  ['return HPy_BuildValue(ctx, "");', undefined],
  ['return HPy_BuildValue(ctx, "i", 42);', 42],
  ['return HPy_BuildValue(ctx, "i", 0);', 0],
  ['return HPy_BuildValue(ctx, "i", -1);', -1],
  ['return HPy_BuildValue(ctx, "I", 33);', 33],
  ['return HPy_BuildValue(ctx, "k", 1);', 1],
  ['return HPy_BuildValue(ctx, "K", 6543);', 6543],
  ['return HPy_BuildValue(ctx, "n", 9876);', 9876],
  ['return HPy_BuildValue(ctx, "l", 345L);', 345],
  ['return HPy_BuildValue(ctx, "l", -876L);', -876],
  ['return HPy_BuildValue(ctx, "L", 545LL);', 545],
  ['return HPy_BuildValue(ctx, "L", -344LL);', -344],
  ['return HPy_BuildValue(ctx, "f", 0.25f);', 0.25],
  ['return HPy_BuildValue(ctx, "d", 0.25);', 0.25],
  ['return HPy_BuildValue(ctx, "ii", -1, 1);', tuple(-1, 1)],
  ['return HPy_BuildValue(ctx, "(i)", -1);', tuple(-1)],
  ['return HPy_BuildValue(ctx, "(i,i)", -1, 1);', tuple(-1, 1)],
  ['return HPy_BuildValue(ctx, "(ii)", -1, 1);', tuple(-1, 1)],
  ['return HPy_BuildValue(ctx, "s", "test string");', 'test string'],
  ['return HPy_BuildValue(ctx, "[ii]", 4, 2);', [4, 2]],
  ['return HPy_BuildValue(ctx, "[i,i]", 4, 2);', [4, 2]],
  ['return HPy_BuildValue(ctx, "[is]", 4, "2");', [4, '2']],
  ['return HPy_BuildValue(ctx, "[]");', []],
  ['return HPy_BuildValue(ctx, "[(is)((f)[kk])i]", 4, "str", 0.25, 4UL, 2UL, 14267);', [tuple(4, 'str'), tuple(tuple(0.25), [4, 2]), 14267]],
  ['return HPy_BuildValue(ctx, "{s:i, s:f}", "A", 4, "B", 0.25);', { A: 4, B: 0.25 }],
  ['return HPy_BuildValue(ctx, "{s:(i,i), s:f}", "A", 4, 4, "B", 0.25);', { A: tuple(4, 4), B: 0.25 }],
  ['return HPy_BuildValue(ctx, "[{s:(i,i), s:f},i]", "A", 4, 4, "B", 0.25, 42);', [{ A: tuple(4, 4), B: 0.25 }, 42]],
  ['return HPy_BuildValue(ctx, "({s:(i,i), s:f},[i])", "A", 4, 4, "B", 0.25, 42);', tuple({ A: tuple(4, 4), B: 0.25 }, [42])],
  // beyond HPy's cases
  ['return HPy_BuildValue(ctx, "()");', tuple()],
  ['return HPy_BuildValue(ctx, "{}");', {}],
  ['return HPy_BuildValue(ctx, " ( i , i ) ", 1, 2);', tuple(1, 2)],
  ['return HPy_BuildValue(ctx, "{s : i, s:s,}", "a", 1, "b", "c");', { a: 1, b: 'c' }],
  ['return HPy_BuildValue(ctx, "s", (const char *)NULL);', undefined],
  ['return HPy_BuildValue(ctx, "s", "h\\xc3\\xa9llo \\xe2\\x82\\xac");', 'héllo €'],
  ['return HPy_BuildValue(ctx, "(s)", "x");', tuple('x')],
];

test('every format unit and container', () => {
  const f = casesModule(FORMATS.map(([c]) => c));
  FORMATS.forEach(([code, expected], i) => {
    const actual = f(i);
    assert.deepEqual(actual, expected, code);
    // deepEqual does not tell a frozen array (tuple) from a list
    if (Array.isArray(expected)) assert.equal(Object.isFrozen(actual), Object.isFrozen(expected), `${code}: tuple or list`);
  });
});

const BAD_FORMATS: Array<[string, string]> = [
  ['return HPy_BuildValue(ctx, "(q)", 42);', "bad format char 'q' in the format string passed to HPy_BuildValue"],
  ['return HPy_BuildValue(ctx, "(i", 42);', "unmatched '(' in the format string passed to HPy_BuildValue"],
  ['return HPy_BuildValue(ctx, "[i", 42);', "unmatched '[' in the format string passed to HPy_BuildValue"],
  ['return HPy_BuildValue(ctx, "([(i)k", 42, 1UL);', "unmatched '(' in the format string passed to HPy_BuildValue"],
  ['return HPy_BuildValue(ctx, "(i]", 42);', "unmatched '(' in the format string passed to HPy_BuildValue"],
  ['return HPy_BuildValue(ctx, "[i)", 42);', "unmatched '[' in the format string passed to HPy_BuildValue"],
  ['return HPy_BuildValue(ctx, "N", 42);', "HPy_BuildValue does not support the 'N' formatting unit."],
  ['return HPy_BuildValue(ctx, "{i:i", 1, 42);', "unmatched '{' in the format string passed to HPy_BuildValue"],
  ['return HPy_BuildValue(ctx, "{i:i,,}", 1, 42);', "unexpected ',' in the format string passed to HPy_BuildValue"],
  ['return HPy_BuildValue(ctx, "{i:ii,}", 1, 42, 42);', "missing ',' in the format string passed to HPy_BuildValue"],
  ['return HPy_BuildValue(ctx, "{i}", 42);', "missing ':' in the format string passed to HPy_BuildValue"],
  // beyond HPy's cases
  ['return HPy_BuildValue(ctx, "i)", 42);', "unmatched ')' in the format string passed to HPy_BuildValue"],
  ['return HPy_BuildValue(ctx, "{s:}", "a");', "missing value after ':' in the format string passed to HPy_BuildValue"],
  ['return HPy_BuildValue(ctx, "(i:i)", 1, 2);', "bad format char ':' in the format string passed to HPy_BuildValue"],
];

test('a malformed format is a SystemError that says what is wrong', () => {
  const f = casesModule(BAD_FORMATS.map(([c]) => c));
  BAD_FORMATS.forEach(([code, message], i) => {
    assert.throws(() => f(i), (e: unknown) => e instanceof SystemError && e.message.includes(message), code);
  });
});

const objects = makeModule<Record<string, Fn>>(`
HPyDef_METH(fo, "fo", HPyFunc_O)
static HPy fo_impl(HPyContext *ctx, HPy self, HPy arg) { return HPy_BuildValue(ctx, "O", arg); }
HPyDef_METH(fs, "fs", HPyFunc_O)
static HPy fs_impl(HPyContext *ctx, HPy self, HPy arg) { return HPy_BuildValue(ctx, "S", arg); }
/* the caller still owns (and closes) what it passes with 'O' */
HPyDef_METH(new_object, "new_object", HPyFunc_O)
static HPy new_object_impl(HPyContext *ctx, HPy self, HPy arg) {
    HPy o = HPyLong_FromInt64_t(ctx, 42);
    HPy result = HPyLong_AsInt64_t(ctx, arg) ? HPy_BuildValue(ctx, "O", o) : HPy_BuildValue(ctx, "(dO)", 0.25, o);
    HPy_Close(ctx, o);
    return result;
}
HPyDef_METH(no_msg, "no_msg", HPyFunc_O)
static HPy no_msg_impl(HPyContext *ctx, HPy self, HPy arg) {
    if (HPyLong_AsInt64_t(ctx, arg))
        return HPy_BuildValue(ctx, "O", HPy_NULL);
    return HPy_BuildValue(ctx, "(iO)", 42, HPy_NULL);
}
HPyDef_METH(with_msg, "with_msg", HPyFunc_O)
static HPy with_msg_impl(HPyContext *ctx, HPy self, HPy arg) {
    int64_t which = HPyLong_AsInt64_t(ctx, arg);
    HPyErr_SetString(ctx, ctx->h_ValueError, "Some err msg that will be asserted");
    return which ? HPy_BuildValue(ctx, "O", HPy_NULL) : HPy_BuildValue(ctx, "(iO)", 42, HPy_NULL);
}
HPyDef_METH(pair, "pair", HPyFunc_NOARGS)
static HPy pair_impl(HPyContext *ctx, HPy self) {
    HPy o1 = HPyLong_FromInt64_t(ctx, 1);
    HPy o2 = HPyLong_FromInt64_t(ctx, 2);
    HPy result = HPy_BuildValue(ctx, "(OO)", o1, o2);
    HPy_Close(ctx, o1);
    HPy_Close(ctx, o2);
    return result;
}
/* a dict with a value that is a failing 'O': the dict is dropped */
HPyDef_METH(dict_null, "dict_null", HPyFunc_NOARGS)
static HPy dict_null_impl(HPyContext *ctx, HPy self) {
    return HPy_BuildValue(ctx, "{s:i,s:O}", "a", 1, "b", HPy_NULL);
}`);

test('O and S: the same value, duplicated (identity kept)', () => {
  class Dummy {}
  const obj = new Dummy();
  assert.equal(objects.fo(obj), obj);
  assert.equal(objects.fs(obj), obj);
});

test('O does not take over the handle: the caller closes it after', () => {
  assert.deepEqual(objects.new_object(0), tuple(0.25, 42));
  assert.equal(objects.new_object(1), 42);
  assert.deepEqual(objects.pair(), tuple(1, 2));
});

test('O with HPy_NULL: the pending exception is kept, else SystemError', () => {
  for (const i of [0, 1]) {
    assert.throws(() => objects.with_msg(i), (e: unknown) => e instanceof ValueError && e.message === 'Some err msg that will be asserted');
    assert.throws(() => objects.no_msg(i), { name: 'SystemError', message: 'HPy_NULL object passed to HPy_BuildValue' });
  }
  assert.throws(() => objects.dict_null(), { name: 'SystemError', message: 'HPy_NULL object passed to HPy_BuildValue' });
});

test('the limits of each C integer type', () => {
  const f = casesModule([
    'return HPy_BuildValue(ctx, "(ii)", INT_MIN, INT_MAX);',
    'return HPy_BuildValue(ctx, "(ll)", LONG_MIN, LONG_MAX);',
    'return HPy_BuildValue(ctx, "(LL)", LLONG_MIN, LLONG_MAX);',
    'return HPy_BuildValue(ctx, "(iI)", -1, UINT_MAX);',
    'return HPy_BuildValue(ctx, "(ik)", -1, ULONG_MAX);',
    'return HPy_BuildValue(ctx, "(iK)", -1, ULLONG_MAX);',
    'return HPy_BuildValue(ctx, "(nn)", HPY_SSIZE_T_MIN, HPY_SSIZE_T_MAX);',
  ]);
  const i64 = tuple(-(2n ** 63n), 2n ** 63n - 1n);
  assert.deepEqual(f(0), tuple(-(2 ** 31), 2 ** 31 - 1));
  assert.deepEqual(f(1), i64);
  assert.deepEqual(f(2), i64);
  assert.deepEqual(f(3), tuple(-1, 2 ** 32 - 1));
  assert.deepEqual(f(4), tuple(-1, 2n ** 64n - 1n));
  assert.deepEqual(f(5), tuple(-1, 2n ** 64n - 1n));
  assert.deepEqual(f(6), i64);
});
