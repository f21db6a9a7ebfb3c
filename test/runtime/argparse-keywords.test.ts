// HPyArg_ParseKeywords and HPyArg_ParseKeywordsDict: the behaviour of HPy
// 0.9.0's TestArgParseKeywords, on JavaScript values.
//
// A KEYWORDS method gets kwnames = HPy_NULL from JavaScript, so keyword calls
// go through a C driver: `f(npos, kwnames, ...values)` passes args + 2 (the
// positional values, then the keyword values) with `npos` and the kwnames
// tuple to HPyArg_ParseKeywords, exactly as HPy's calling convention lays
// them out. callKw(f, [1], { b: 2 }) is Python's f(1, b=2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeModule } from '../support/make-module';
import { get_call_counts } from '../../src/trace/index';

type Fn = (...args: unknown[]) => unknown;

function callKw(f: Fn, positional: unknown[], keywords: Record<string, unknown> = {}): unknown {
  const names = Object.keys(keywords);
  // a frozen array is a tuple
  const kwnames = names.length ? Object.freeze(names) : undefined;
  return f(positional.length, kwnames, ...positional, ...Object.values(keywords));
}

const DRIVER = `
/* args[0]: how many positional values follow args[1]; args[1]: the tuple of
 * keyword names, or undefined for none */
static int split(HPyContext *ctx, HPy *args, HPy_ssize_t nargs, size_t *npos, HPy *kwnames) {
    if (nargs < 2) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "driver: f(npos, kwnames, ...values)");
        return 0;
    }
    *npos = (size_t)HPyLong_AsInt64_t(ctx, args[0]);
    *kwnames = HPy_Is(ctx, args[1], ctx->h_None) ? HPy_NULL : args[1];
    return 1;
}`;

// a + b through HPyArg_ParseKeywords with keywords {a, b}; b defaults to 5.
const twoArgAdd = (name: string, fmt: string, kwlist = '"a", "b"') => `
HPyDef_METH(${name}, "${name}", HPyFunc_VARARGS)
static HPy ${name}_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    size_t npos; HPy kwnames;
    if (!split(ctx, args, nargs, &npos, &kwnames)) return HPy_NULL;
    HPy a, b = HPy_NULL, res;
    HPyTracker ht;
    static const char *kwlist[] = { ${kwlist}, NULL };
    if (!HPyArg_ParseKeywords(ctx, &ht, args + 2, npos, kwnames, "${fmt}", kwlist, &a, &b))
        return HPy_NULL;
    if (HPy_IsNull(b)) {
        b = HPyLong_FromInt64_t(ctx, 5);
        HPyTracker_Add(ctx, ht, b);
    }
    res = HPy_Add(ctx, a, b);
    HPyTracker_Close(ctx, ht);
    return res;
}`;

const SOURCE = `
${DRIVER}
${twoArgAdd('oo', 'OO')}
${twoArgAdd('optional', 'O|O')}
${twoArgAdd('unsupported', 'ZZ:two_add')}
${twoArgAdd('add_two', 'OO:add_two')}
${twoArgAdd('too_few', 'OOO:add_two')}
${twoArgAdd('too_many', 'O:add_two')}
${twoArgAdd('positional_only', 'O|O', '"", "b"')}
${twoArgAdd('keyword_only', 'O$O')}
${twoArgAdd('default_message', 'OOO')}
${twoArgAdd('my_func', 'OOO:my_func')}
${twoArgAdd('overridden', 'OOO;my-error-message')}
${twoArgAdd('one_keyword', 'O', '"a"')}
HPyDef_METH(blank_keyword, "blank_keyword", HPyFunc_VARARGS)
static HPy blank_keyword_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    size_t npos; HPy kwnames;
    if (!split(ctx, args, nargs, &npos, &kwnames)) return HPy_NULL;
    long a, b, c;
    static const char *kwlist[] = { "", "b", "", NULL };
    if (!HPyArg_ParseKeywords(ctx, NULL, args + 2, npos, kwnames, "lll", kwlist, &a, &b, &c))
        return HPy_NULL;
    return HPy_Dup(ctx, ctx->h_None);
}
/* 'O' needs a tracker in keyword parsing */
HPyDef_METH(no_tracker, "no_tracker", HPyFunc_VARARGS)
static HPy no_tracker_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    size_t npos; HPy kwnames;
    if (!split(ctx, args, nargs, &npos, &kwnames)) return HPy_NULL;
    HPy a;
    static const char *kwlist[] = { "a", NULL };
    if (!HPyArg_ParseKeywords(ctx, NULL, args + 2, npos, kwnames, "O", kwlist, &a))
        return HPy_NULL;
    return HPy_Dup(ctx, a);
}
/* numbers need none: l, d and s by keyword, no tracker */
HPyDef_METH(numbers, "numbers", HPyFunc_VARARGS)
static HPy numbers_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    size_t npos; HPy kwnames;
    if (!split(ctx, args, nargs, &npos, &kwnames)) return HPy_NULL;
    long x = 0; double y = 0.5; const char *label = "none";
    static const char *kwlist[] = { "x", "y", "label", NULL };
    if (!HPyArg_ParseKeywords(ctx, NULL, args + 2, npos, kwnames, "l|ds", kwlist, &x, &y, &label))
        return HPy_NULL;
    return HPy_BuildValue(ctx, "lds", x, y, label);
}
/* a real KEYWORDS method: JavaScript passes kwnames = HPy_NULL */
HPyDef_METH(kw_method, "kw_method", HPyFunc_KEYWORDS)
static HPy kw_method_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs, HPy kwnames) {
    long a, b = 5;
    static const char *kwlist[] = { "a", "b", NULL };
    if (!HPyArg_ParseKeywords(ctx, NULL, args, nargs, kwnames, "l|l:kw_method", kwlist, &a, &b))
        return HPy_NULL;
    return HPyLong_FromInt64_t(ctx, a * 10 + b);
}
/* HPy's test_keywords_dict: f(args_tuple, kwdict) */
HPyDef_METH(dict_f, "dict_f", HPyFunc_VARARGS)
static HPy dict_f_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    HPy a, b = HPy_NULL, res;
    HPyTracker ht;
    static const char *kwlist[] = { "a", "b", NULL };
    if (nargs != 2) {
        HPyErr_SetString(ctx, ctx->h_SystemError, "expected exactly two args");
        return HPy_NULL;
    }
    HPy_ssize_t n = HPy_Length(ctx, args[0]);
    if (n < 0) return HPy_NULL;
    HPy *arr = (HPy *)malloc((size_t)(n ? n : 1) * sizeof(HPy));
    for (HPy_ssize_t i = 0; i < n; i++)
        arr[i] = HPy_GetItem_i(ctx, args[0], i);
    int ok = HPyArg_ParseKeywordsDict(ctx, &ht, arr, n, args[1], "O|O", kwlist, &a, &b);
    for (HPy_ssize_t i = 0; i < n; i++)
        HPy_Close(ctx, arr[i]);
    free(arr);
    if (!ok) return HPy_NULL;
    if (HPy_IsNull(b)) {
        b = HPyLong_FromInt64_t(ctx, 5);
        HPyTracker_Add(ctx, ht, b);
    }
    res = HPy_Add(ctx, a, b);
    HPyTracker_Close(ctx, ht);
    return res;
}
`;

const m = makeModule<Record<string, Fn>>(`#include <stdlib.h>\n${SOURCE}`);

test('two arguments, positional and by keyword, in any order', () => {
  assert.equal(callKw(m.oo, ['x'], { b: 'y' }), 'xy');
  assert.equal(callKw(m.oo, [], { b: 'y', a: 'x' }), 'xy');
  assert.equal(callKw(m.oo, ['x', 'y']), 'xy');
});

test('optional arguments', () => {
  assert.equal(callKw(m.optional, [], { a: 3, b: 2 }), 5);
  assert.equal(callKw(m.optional, [3, 2]), 5);
  assert.equal(callKw(m.optional, [], { a: 3 }), 8);
  assert.equal(callKw(m.optional, [3]), 8);
});

test('an unknown format unit is a SystemError', () => {
  assert.throws(() => callKw(m.unsupported, ['a']), { name: 'SystemError', message: 'two_add() unknown arg format code' });
});

test('a required argument given neither way is a TypeError', () => {
  assert.throws(() => callKw(m.add_two, [1]), { name: 'TypeError', message: 'add_two() no value for required argument' });
  assert.throws(() => callKw(m.add_two, [], { b: 1 }), { name: 'TypeError', message: 'add_two() no value for required argument' });
});

test('a format with more or fewer units than keywords is a TypeError', () => {
  assert.throws(() => callKw(m.too_few, [1, 2]), { name: 'TypeError', message: 'add_two() mismatched args (too few keywords for fmt)' });
  assert.throws(() => callKw(m.too_many, [1, 2]), { name: 'TypeError', message: 'add_two() mismatched args (too many keywords for fmt)' });
});

test('more positional arguments than the format has are a TypeError (HPy 0.9.0 ignored them)', () => {
  assert.equal(callKw(m.one_keyword, [1]), 6);
  assert.throws(() => callKw(m.one_keyword, [1, 2]), { name: 'TypeError', message: 'function mismatched args (too many arguments for fmt)' });
});

test('an empty keyword name after a real one is a SystemError', () => {
  assert.throws(() => callKw(m.blank_keyword, []), { name: 'SystemError', message: 'function empty keyword parameter name' });
});

test('positional-only arguments ("") cannot be given by keyword', () => {
  assert.equal(callKw(m.positional_only, [1], { b: 2 }), 3);
  assert.equal(callKw(m.positional_only, [1, 2]), 3);
  assert.equal(callKw(m.positional_only, [1]), 6);
  assert.throws(() => callKw(m.positional_only, [], { a: 1, b: 2 }), { name: 'TypeError', message: 'function no value for required argument' });
});

test('keyword-only arguments ($) cannot be given by position', () => {
  assert.equal(callKw(m.keyword_only, [1], { b: 2 }), 3);
  assert.equal(callKw(m.keyword_only, [], { a: 1, b: 2 }), 3);
  assert.throws(() => callKw(m.keyword_only, [1, 2]), { name: 'TypeError', message: 'function keyword only argument passed as positional argument' });
});

test('error messages: default, :name, ;message', () => {
  assert.throws(() => callKw(m.default_message, [1, 2]), { name: 'TypeError', message: 'function mismatched args (too few keywords for fmt)' });
  assert.throws(() => callKw(m.my_func, [1, 2]), { name: 'TypeError', message: 'my_func() mismatched args (too few keywords for fmt)' });
  assert.throws(() => callKw(m.overridden, [1, 2]), { name: 'TypeError', message: 'my-error-message' });
});

test('\'O\' without a tracker is a SystemError that says to pass one', () => {
  assert.throws(() => callKw(m.no_tracker, [1]), { name: 'SystemError', message: /'O'.*needs an HPyTracker/ });
});

test('units other than O need no tracker, by position and by keyword', () => {
  assert.deepEqual(callKw(m.numbers, [7]), [7, 0.5, 'none']);
  assert.deepEqual(callKw(m.numbers, [], { label: 'ü', x: 2n ** 60n }), [2n ** 60n, 0.5, 'ü']);
  assert.deepEqual(callKw(m.numbers, [1, 2.25], { label: 'z' }), [1, 2.25, 'z']);
  assert.throws(() => callKw(m.numbers, [], { x: 'seven' }), TypeError);
});

test('keyword names that are not strings are a TypeError', () => {
  assert.throws(() => m.oo(0, Object.freeze([1, 2]), 'x', 'y'), TypeError);
});

test('a KEYWORDS method called from JavaScript parses its arguments as positional', () => {
  assert.equal(m.kw_method(1, 2), 12);
  assert.equal(m.kw_method(4), 45);
  assert.throws(() => m.kw_method(), { name: 'TypeError', message: 'kw_method() no value for required argument' });
});

test('HPyArg_ParseKeywordsDict: keywords from a plain object or a Map', () => {
  assert.equal(m.dict_f([], { a: 3, b: 2 }), 5);
  assert.equal(m.dict_f([3, 2], {}), 5);
  assert.equal(m.dict_f([], { a: 3 }), 8);
  assert.equal(m.dict_f([3], {}), 8);
  assert.equal(m.dict_f([], new Map<string, unknown>([['a', 'x'], ['b', 'y']])), 'xy');
  assert.equal(m.dict_f([4], undefined), 9, 'None: no keywords');
  assert.throws(() => m.dict_f([], {}), { name: 'TypeError', message: 'function no value for required argument' });
});

test('HPyArg_ParseKeywordsDict: a lookup that fails for another reason than a missing key is that error', () => {
  const kw = {
    get a(): unknown {
      throw new RangeError('the getter failed');
    },
  };
  assert.throws(() => m.dict_f([], kw), { name: 'RangeError', message: 'the getter failed' });
});

test('on failure the tracker is closed for the caller, on success the caller closes it', () => {
  const t = makeModule<Record<string, Fn>>(`#include <stdlib.h>\n${SOURCE}`, { mode: 'trace' });
  const counts = () => get_call_counts({ module: t });
  const before = counts();
  callKw(t.oo, ['x'], { b: 'y' });
  assert.throws(() => callKw(t.add_two, [1]));
  assert.throws(() => callKw(t.keyword_only, [1, 2]));
  assert.throws(() => t.dict_f([], {}));
  const after = counts();
  assert.equal(after.ctx_Tracker_New - before.ctx_Tracker_New, 4);
  assert.equal(after.ctx_Tracker_Close - before.ctx_Tracker_Close, 4);
});
