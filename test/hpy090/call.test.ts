// HPy 0.9.0's test_call.py, on hpy-node: every way HPy spells the same
// arguments (positional, kwnames, a tuple and a dict, HPy_NULL) reaches a
// JavaScript function as positional arguments and one trailing options
// object; calling a class constructs it; HPy_CallTupleDict refuses what is no
// tuple or dict. Single cases already in test/universal/calls.test.ts (the
// options object, non-callables, callee exceptions, 40 arguments,
// HPyCallable_Check) are not repeated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UnicodeEncodeError, ValueError } from '../../src/index';
import { makeModule } from '../support/make-module';

const m = makeModule(`
/* call(f, kwnames or None, ...positional, ...keyword values) */
HPyDef_METH(call, "call", HPyFunc_VARARGS)
static HPy call_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPy kwnames = HPy_Is(ctx, args[1], ctx->h_None) ? HPy_NULL : args[1];
    HPy_ssize_t nkw = HPy_IsNull(kwnames) ? 0 : HPy_Length(ctx, kwnames);
    return HPy_Call(ctx, args[0], args + 2, nargs - 2 - (size_t)nkw, kwnames);
}
/* call_tupledict(f, args, kw, nulls): bit 0 of nulls passes HPy_NULL as args, bit 1 as kw */
HPyDef_METH(call_tupledict, "call_tupledict", HPyFunc_VARARGS)
static HPy call_tupledict_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    long nulls = HPyLong_AsLong(ctx, args[3]);
    return HPy_CallTupleDict(ctx, args[0], (nulls & 1) ? HPy_NULL : args[1], (nulls & 2) ? HPy_NULL : args[2]);
}
/* call_method(name, kwnames or None, receiver, ...positional, ...keyword values) */
HPyDef_METH(call_method, "call_method", HPyFunc_VARARGS)
static HPy call_method_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPy kwnames = HPy_Is(ctx, args[1], ctx->h_None) ? HPy_NULL : args[1];
    HPy_ssize_t nkw = HPy_IsNull(kwnames) ? 0 : HPy_Length(ctx, kwnames);
    return HPy_CallMethod(ctx, args[0], args + 2, nargs - 2 - (size_t)nkw, kwnames);
}`);

/** A JavaScript function of (a, b), each positional or in a trailing options
 * object, as JavaScript spells keyword arguments. */
function sum(...xs: unknown[]): number {
  const last = xs[xs.length - 1];
  const kw = (typeof last === 'object' && last !== null ? xs.pop() : {}) as { a?: number; b?: number };
  const [a = kw.a, b = kw.b] = xs as number[];
  if (a === undefined || b === undefined) throw new TypeError('sum() needs a and b');
  return a + b;
}

/** Every split of `items` into leading positional values and trailing
 * keywords, as HPy's tests enumerate them. */
function splits(items: Record<string, number>): Array<{ positional: number[]; keywords: Record<string, number> }> {
  const entries = Object.entries(items);
  return entries.map((_, i) => i).concat(entries.length).map((i) => ({
    positional: entries.slice(0, i).map(([, v]) => v),
    keywords: Object.fromEntries(entries.slice(i)),
  }));
}

test('HPy_Call: positional values and kwnames reach a JavaScript function, keywords as its options object', () => {
  for (const { positional, keywords } of splits({ a: 1, b: 2 })) {
    const names = Object.keys(keywords);
    assert.equal(m.call(sum, names.length ? names : undefined, ...positional, ...Object.values(keywords)), 3, JSON.stringify({ positional, keywords }));
    // an empty kwnames tuple is the same as HPy_NULL
    if (!names.length) assert.equal(m.call(sum, Object.freeze([]), ...positional), 3);
  }
  for (const { positional, keywords } of splits({ a: 1 })) {
    const names = Object.keys(keywords);
    assert.throws(() => m.call(sum, names.length ? names : undefined, ...positional, ...Object.values(keywords)), TypeError);
  }
  assert.equal(m.call(() => 'this is g', undefined), 'this is g');
  assert.equal(m.call(String, undefined, 2), '2');
  assert.deepEqual(m.call(Object.assign, ['a', 'b'], {}, 0, 1), { a: 0, b: 1 }, 'keywords as the options object');
});

test('HPy_CallTupleDict: a tuple or HPy_NULL, a dict or HPy_NULL, in every combination', () => {
  for (const { positional, keywords } of splits({ a: 1, b: 2 })) {
    const what = JSON.stringify({ positional, keywords });
    assert.equal(m.call_tupledict(sum, Object.freeze(positional), keywords, 0), 3, what);
    if (!positional.length) assert.equal(m.call_tupledict(sum, undefined, keywords, 1), 3, `${what}, args NULL`);
    if (!Object.keys(keywords).length) {
      assert.equal(m.call_tupledict(sum, Object.freeze(positional), undefined, 2), 3, `${what}, kw NULL`);
      assert.equal(m.call_tupledict(sum, Object.freeze(positional), new Map(), 0), 3, `${what}, kw an empty Map`);
    }
  }
  assert.equal(m.call_tupledict(() => 'this is g', undefined, undefined, 3), 'this is g');
  assert.equal(m.call_tupledict(() => 'this is g', Object.freeze([]), {}, 0), 'this is g');
  assert.throws(() => m.call_tupledict(sum, Object.freeze([1]), {}, 0), TypeError);
  assert.throws(() => m.call_tupledict('not callable', undefined, { unknown: 2 }, 1), { name: 'TypeError', message: /not callable/ });
});

test('HPy_CallTupleDict refuses args that are no tuple and kw that is no dict, None included', () => {
  // hpy-node also takes a plain array as args (JavaScript callers have no
  // tuples); anything else is refused as HPy refuses it.
  for (const args of ['string', 1, undefined]) {
    assert.throws(() => m.call_tupledict(sum, args, undefined, 2), { name: 'TypeError', message: /requires args to be a tuple/ }, String(args));
  }
  for (const kw of [[1, 2], 'string', 1, undefined]) {
    assert.throws(() => m.call_tupledict(sum, undefined, kw, 1), { name: 'TypeError', message: /requires kw to be a dict/ }, String(kw));
  }
});

test('calling a class constructs it, as calling a type does in Python', () => {
  class Point {
    constructor(readonly x: number, readonly y: number) {}
  }
  const p = m.call(Point, undefined, 3, 4);
  assert.ok(p instanceof Point);
  assert.deepEqual([p.x, p.y], [3, 4]);
  const q = m.call_tupledict(Point, Object.freeze([5]), { y: 6 }, 0);
  assert.ok(q instanceof Point, 'through the helper path (keywords) too');
  assert.deepEqual(m.call(Map, undefined), new Map(), 'a built-in constructor that needs new');
  assert.deepEqual(m.call_tupledict(Map, Object.freeze([[['k', 1]]]), undefined, 2), new Map([['k', 1]]));
  const Anonymous = [class { v = 7; }][0];
  assert.equal(m.call(Anonymous, undefined).v, 7, 'a class created without a name');
  const err = m.call(ValueError, undefined, 'made, not raised');
  assert.ok(err instanceof ValueError && err.message === 'made, not raised');
  assert.ok(m.call_tupledict(UnicodeEncodeError, Object.freeze(['utf-8', 'object', 0, 2, 'reason']), undefined, 2) instanceof UnicodeEncodeError);
});

test('a function that calls a class without new inside is not called a second time', () => {
  class Inner {}
  let calls = 0;
  function outer() {
    calls++;
    return (Inner as unknown as () => unknown)();
  }
  assert.throws(() => m.call(outer, undefined), { name: 'TypeError', message: /Class constructor Inner cannot be invoked without 'new'/ });
  assert.equal(calls, 1);
});

test('HPy_CallMethod: arguments in every spelling reach the method, with its receiver as this', () => {
  const target = {
    base: 10,
    f(...xs: unknown[]) { return this.base + sum(...xs); },
    g() { return 'this is g'; },
  };
  for (const { positional, keywords } of splits({ a: 1, b: 2 })) {
    const names = Object.keys(keywords);
    assert.equal(m.call_method('f', names.length ? names : undefined, target, ...positional, ...Object.values(keywords)), 13);
  }
  assert.equal(m.call_method('g', undefined, target), 'this is g');
  assert.throws(() => m.call_method('embedded\0null byte', undefined, target), { name: 'AttributeError' });
});

test('HPy_CallMethod of a member that is not a function is a TypeError, as in Python and JavaScript', () => {
  assert.throws(() => m.call_method('not_callable', undefined, { not_callable: 123 }), TypeError);
});
