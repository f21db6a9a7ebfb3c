// HPyCallable_Check, HPy_Call, HPy_CallMethod, HPy_CallTupleDict: JS calls,
// keywords as a trailing options object.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeModule } from '../support/make-module';
import { AttributeError } from '../../src/index';
import { get_call_counts } from '../../src/trace/index';
import { diff } from '../support/call-diff';

const SRC = `
HPyDef_METH(callable, "callable", HPyFunc_O)
static HPy callable_impl(HPyContext *ctx, HPy self, HPy arg) {
    return HPyBool_FromBool(ctx, HPyCallable_Check(ctx, arg));
}
/* call(f, ...args): HPy_Call with positional arguments only. */
HPyDef_METH(call, "call", HPyFunc_VARARGS)
static HPy call_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    return HPy_Call(ctx, args[0], args + 1, (size_t)(nargs - 1), HPy_NULL);
}
/* call_kw(f, kwnames, ...positional, ...keyword values) */
HPyDef_METH(call_kw, "call_kw", HPyFunc_VARARGS)
static HPy call_kw_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    HPy_ssize_t nkw = HPy_Length(ctx, args[1]);
    if (nkw < 0) return HPy_NULL;
    return HPy_Call(ctx, args[0], args + 2, (size_t)(nargs - 2 - nkw), args[1]);
}
/* call_kwnames_raw(f, kwnames, value): kwnames of any type, one keyword value */
HPyDef_METH(call_kwnames_raw, "call_kwnames_raw", HPyFunc_VARARGS)
static HPy call_kwnames_raw_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    return HPy_Call(ctx, args[0], args + 2, 0, args[1]);
}
/* method(name, receiver, ...args) */
HPyDef_METH(method, "method", HPyFunc_VARARGS)
static HPy method_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    return HPy_CallMethod(ctx, args[0], args + 1, (size_t)(nargs - 1), HPy_NULL);
}
/* method_kw(name, kwnames, receiver, ...positional, ...keyword values) */
HPyDef_METH(method_kw, "method_kw", HPyFunc_VARARGS)
static HPy method_kw_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    HPy_ssize_t nkw = HPy_Length(ctx, args[1]);
    if (nkw < 0) return HPy_NULL;
    HPy shifted[16];
    shifted[0] = args[2];
    for (HPy_ssize_t i = 3; i < nargs && i < 17; i++) shifted[i - 2] = args[i];
    return HPy_CallMethod(ctx, args[0], shifted, (size_t)(nargs - 2 - nkw), args[1]);
}
HPyDef_METH(method_no_receiver, "method_no_receiver", HPyFunc_O)
static HPy method_no_receiver_impl(HPyContext *ctx, HPy self, HPy arg) {
    return HPy_CallMethod(ctx, arg, NULL, 0, HPy_NULL);
}
/* tuple_dict(f, args, kw): None stands for HPy_NULL */
HPyDef_METH(tuple_dict, "tuple_dict", HPyFunc_VARARGS)
static HPy tuple_dict_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    HPy a = HPy_Is(ctx, args[1], ctx->h_None) ? HPy_NULL : args[1];
    HPy k = HPy_Is(ctx, args[2], ctx->h_None) ? HPy_NULL : args[2];
    return HPy_CallTupleDict(ctx, args[0], a, k);
}
HPyDef_METH(call_closed, "call_closed", HPyFunc_O)
static HPy call_closed_impl(HPyContext *ctx, HPy self, HPy f) {
    HPy h = HPy_Dup(ctx, f);
    HPy_Close(ctx, h);
    HPy argv[1] = { h };
    return HPy_Call(ctx, f, argv, 1, HPy_NULL);
}
HPyDef_METH(call_null_args, "call_null_args", HPyFunc_O)
static HPy call_null_args_impl(HPyContext *ctx, HPy self, HPy f) {
    return HPy_Call(ctx, f, NULL, 2, HPy_NULL);
}
HPyDef_METH(callable_closed, "callable_closed", HPyFunc_O)
static HPy callable_closed_impl(HPyContext *ctx, HPy self, HPy f) {
    HPy h = HPy_Dup(ctx, f);
    HPy_Close(ctx, h);
    if (HPyCallable_Check(ctx, h)) return HPy_Dup(ctx, ctx->h_True);
    return HPy_NULL; /* the invalid-handle error is set */
}`;

const m = makeModule(SRC);

test('HPyCallable_Check is true for functions and classes only', () => {
  assert.equal(m.callable(() => 1), true);
  assert.equal(m.callable(class A {}), true);
  assert.equal(m.callable(Math.max), true);
  for (const no of [1, 'f', {}, null, undefined, [() => 1]]) assert.equal(m.callable(no), false, String(no));
});

test('HPyCallable_Check on a closed handle reports SystemError', () => {
  assert.throws(() => m.callable_closed(() => 1), { name: 'SystemError' });
});

test('HPy_Call passes positional arguments and returns the result', () => {
  assert.equal(m.call((a: number, b: number) => a - b, 10, 3), 7);
  assert.equal(m.call(() => 'none'), 'none');
  assert.deepEqual(m.call((...xs: unknown[]) => xs, 1, 'a', null), [1, 'a', null]);
});

test('HPy_Call calls with this === undefined', () => {
  assert.equal(m.call(function (this: unknown) { 'use strict'; return this; }), undefined);
});

test('HPy_Call passes more than 16 arguments (heap path)', () => {
  const args = Array.from({ length: 40 }, (_, i) => i);
  assert.deepEqual(m.call((...xs: number[]) => xs, ...args), args);
});

test('HPy_Call turns kwnames into a trailing options object', () => {
  const f = (...xs: unknown[]) => xs;
  assert.deepEqual(m.call_kw(f, ['b', 'c'], 1, 2, 3), [1, { b: 2, c: 3 }]);
  assert.deepEqual(m.call_kw(f, Object.freeze(['k']), 'v'), [{ k: 'v' }]);
  assert.deepEqual(m.call_kw(f, [], 1, 2), [1, 2]);
});

test('HPy_Call raises TypeError for a kwnames that is no tuple or has non-string names', () => {
  const f = () => 0;
  assert.throws(() => m.call_kwnames_raw(f, 'ab', 1), { name: 'TypeError', message: /kwnames must be a tuple/ });
  assert.throws(() => m.call_kwnames_raw(f, [1], 1), { name: 'TypeError', message: /keyword names must be strings/ });
});

test('HPy_Call on a non-callable raises TypeError naming its type', () => {
  assert.throws(() => m.call(5), { name: 'TypeError', message: /'number' object is not callable/ });
  assert.throws(() => m.call({}), { name: 'TypeError', message: /'Object' object is not callable/ });
});

test('an exception thrown by the callee reaches JS unchanged', () => {
  const err = new RangeError('inner');
  assert.throws(() => m.call(() => { throw err; }), (e) => e === err);
  assert.throws(() => m.call(() => { throw 42; }), (e) => e === 42);
});

test('a callee may call back into the extension (nested frames)', () => {
  const inner = (x: number) => m.call((y: number) => y * 2, x + 1);
  assert.equal(m.call(inner, 4), 10);
});

test('HPy_Call with a closed argument handle raises SystemError', () => {
  assert.throws(() => m.call_closed(() => 1), { name: 'SystemError', message: /invalid handle/ });
});

test('HPy_Call with args NULL but nargs > 0 raises SystemError', () => {
  assert.throws(() => m.call_null_args(() => 1), { name: 'SystemError', message: /args is NULL/ });
});

test('HPy_CallMethod calls args[0].name(...) with args[0] as this', () => {
  class Counter {
    n = 1;
    add(k: number) { return this.n + k; }
  }
  assert.equal(m.method('add', new Counter(), 41), 42);
  assert.equal(m.method('join', [1, 2, 3], '-'), '1-2-3');
});

test('HPy_CallMethod works on primitives (boxed like JS member access)', () => {
  assert.equal(m.method('toUpperCase', 'abc'), 'ABC');
  assert.equal(m.method('toFixed', 1.2345, 2), '1.23');
  assert.equal(m.method('toString', 255n, 16), 'ff');
});

test('HPy_CallMethod accepts a Symbol name', () => {
  const s = Symbol('m');
  assert.equal(m.method(s, { [s]: () => 'sym' }), 'sym');
});

test('HPy_CallMethod passes keywords as a trailing options object', () => {
  const o = { f(...xs: unknown[]) { return xs; } };
  assert.deepEqual(m.method_kw('f', ['x'], o, 1, 2), [1, { x: 2 }]);
});

test('HPy_CallMethod raises AttributeError for a missing member and TypeError for one that cannot be called', () => {
  assert.throws(() => m.method('nope', {}), { name: 'AttributeError', message: /no method 'nope'/ });
  assert.throws(() => m.method('n', { n: 1 }), { name: 'TypeError', message: /'number' object is not callable \(member 'n' of a 'Object' object\)/ });
  assert.throws(() => m.method(Symbol('q'), {}), AttributeError);
});

test('HPy_CallMethod on undefined or null raises AttributeError', () => {
  assert.throws(() => m.method('x', undefined), AttributeError);
  assert.throws(() => m.method('x', null), AttributeError);
});

test('HPy_CallMethod without a receiver raises TypeError', () => {
  assert.throws(() => m.method_no_receiver('x'), { name: 'TypeError', message: /receiver/ });
});

test('HPy_CallTupleDict spreads a tuple or array of arguments', () => {
  const f = (...xs: unknown[]) => xs;
  assert.deepEqual(m.tuple_dict(f, Object.freeze([1, 2]), undefined), [1, 2]);
  assert.deepEqual(m.tuple_dict(f, ['a'], undefined), ['a']);
  assert.deepEqual(m.tuple_dict(f, undefined, undefined), []);
});

test('HPy_CallTupleDict passes a non-empty kw dict as a trailing options object', () => {
  const f = (...xs: unknown[]) => xs;
  assert.deepEqual(m.tuple_dict(f, [1], { k: 2 }), [1, { k: 2 }]);
  assert.deepEqual(m.tuple_dict(f, undefined, { k: 2 }), [{ k: 2 }]);
  assert.deepEqual(m.tuple_dict(f, [1], {}), [1]);
});

test('HPy_CallTupleDict accepts a Map as kw', () => {
  const f = (...xs: unknown[]) => xs;
  assert.deepEqual(m.tuple_dict(f, [], new Map([['a', 1]])), [{ a: 1 }]);
});

test('HPy_CallTupleDict raises TypeError for args that are no tuple or kw that is no dict', () => {
  const f = () => 0;
  assert.throws(() => m.tuple_dict(f, 'ab', undefined), { name: 'TypeError', message: /args to be a tuple/ });
  assert.throws(() => m.tuple_dict(f, [], [1]), { name: 'TypeError', message: /kw to be a dict/ });
  assert.throws(() => m.tuple_dict(1, [], undefined), { name: 'TypeError', message: /not callable/ });
});


test('in trace mode HPy_Call counts once, and a nested call counts again', () => {
  const t = makeModule(SRC, { mode: 'trace' });
  const before = get_call_counts();
  assert.equal(t.call((x: number) => t.call((y: number) => y + 1, x), 1), 2);
  assert.deepEqual(diff(before, get_call_counts()), { ctx_Call: 2 });
});

test('in trace mode HPy_CallMethod and HPy_CallTupleDict count once each', () => {
  const t = makeModule(SRC, { mode: 'trace' });
  const before = get_call_counts();
  t.method('at', [1], 0);
  t.tuple_dict(() => 0, [], { a: 1 });
  assert.deepEqual(diff(before, get_call_counts()), { ctx_CallMethod: 1, ctx_CallTupleDict: 1, ctx_Is: 2 });
});
