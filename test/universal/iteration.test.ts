// HPy_GetIter, HPyIter_Next, HPyIter_Check, HPySlice_*, HPy_GetSlice/SetSlice/DelSlice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeModule } from '../support/make-module';
import { Slice, ValueError } from '../../src/index';

const m = makeModule(`
/* all items of an iterable, through GetIter and Iter_Next */
HPyDef_METH(collect, "collect", HPyFunc_O)
static HPy collect_impl(HPyContext *ctx, HPy self, HPy arg) {
    HPy it = HPy_GetIter(ctx, arg);
    if (HPy_IsNull(it)) return HPy_NULL;
    HPy out = HPyList_New(ctx, 0);
    HPy item;
    while (!HPy_IsNull(item = HPyIter_Next(ctx, it))) {
        HPyList_Append(ctx, out, item);
        HPy_Close(ctx, item);
    }
    HPy_Close(ctx, it);
    if (HPyErr_Occurred(ctx)) { HPy_Close(ctx, out); return HPy_NULL; }
    return out;
}
HPyDef_METH(next_one, "next_one", HPyFunc_O)
static HPy next_one_impl(HPyContext *ctx, HPy self, HPy arg) {
    HPy item = HPyIter_Next(ctx, arg);
    if (HPy_IsNull(item)) {
        if (HPyErr_Occurred(ctx)) return HPy_NULL;
        return HPyUnicode_FromString(ctx, "exhausted");
    }
    return item;
}
HPyDef_METH(get_iter, "get_iter", HPyFunc_O)
static HPy get_iter_impl(HPyContext *ctx, HPy self, HPy arg) {
    return HPy_GetIter(ctx, arg);
}
HPyDef_METH(iter_check, "iter_check", HPyFunc_O)
static HPy iter_check_impl(HPyContext *ctx, HPy self, HPy arg) {
    return HPyBool_FromLong(ctx, HPyIter_Check(ctx, arg));
}
HPyDef_METH(slice_new, "slice_new", HPyFunc_VARARGS)
static HPy slice_new_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    return HPySlice_New(ctx, nargs > 0 ? args[0] : HPy_NULL, nargs > 1 ? args[1] : HPy_NULL, nargs > 2 ? args[2] : HPy_NULL);
}
/* start, stop, step as strings (Py_ssize_t does not fit a JS number) */
HPyDef_METH(slice_unpack, "slice_unpack", HPyFunc_O)
static HPy slice_unpack_impl(HPyContext *ctx, HPy self, HPy arg) {
    HPy_ssize_t a, b, c;
    if (HPySlice_Unpack(ctx, arg, &a, &b, &c) < 0) return HPy_NULL;
    char buf[100];
    snprintf(buf, sizeof buf, "%zd %zd %zd", a, b, c);
    return HPyUnicode_FromString(ctx, buf);
}
HPyDef_METH(get_slice, "get_slice", HPyFunc_VARARGS)
static HPy get_slice_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    return HPy_GetSlice(ctx, args[0], HPyLong_AsLong(ctx, args[1]), nargs > 2 ? HPyLong_AsLong(ctx, args[2]) : PTRDIFF_MAX);
}
HPyDef_METH(set_slice, "set_slice", HPyFunc_VARARGS)
static HPy set_slice_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    HPy value = HPy_Is(ctx, args[3], ctx->h_None) ? HPy_NULL : args[3];
    if (HPy_SetSlice(ctx, args[0], HPyLong_AsLong(ctx, args[1]), HPyLong_AsLong(ctx, args[2]), value) < 0) return HPy_NULL;
    return HPy_Dup(ctx, args[0]);
}
HPyDef_METH(del_slice, "del_slice", HPyFunc_VARARGS)
static HPy del_slice_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    if (HPy_DelSlice(ctx, args[0], HPyLong_AsLong(ctx, args[1]), HPyLong_AsLong(ctx, args[2])) < 0) return HPy_NULL;
    return HPy_Dup(ctx, args[0]);
}
`, { prelude: '#include <stdio.h>' });

const MAX = '9223372036854775807';
const MIN = '-9223372036854775808';

test('HPy_GetIter and HPyIter_Next walk arrays, strings, Maps and generators', () => {
  assert.deepEqual(m.collect([1, 2, 3]), [1, 2, 3]);
  assert.deepEqual(m.collect('a😀'), ['a', '😀']);
  assert.deepEqual(m.collect(new Map([['k', 1]])), [['k', 1]]);
  assert.deepEqual(m.collect((function* () { yield 'g'; })()), ['g']);
  assert.deepEqual(m.collect([]), []);
});

test('HPyIter_Next returns HPy_NULL without an error when exhausted', () => {
  const it = [7][Symbol.iterator]();
  assert.equal(m.next_one(it), 7);
  assert.equal(m.next_one(it), 'exhausted');
});

test('HPyIter_Next passes on an error thrown by the iterator', () => {
  // eslint-disable-next-line require-yield -- throws on the first next(), before any value
  const it = (function* () { throw new RangeError('from the generator'); })();
  assert.throws(() => m.next_one(it), { name: 'RangeError', message: 'from the generator' });
});

test('HPyIter_Next on a non-iterator is a TypeError', () => {
  assert.throws(() => m.next_one([1]), { name: 'TypeError', message: /is not an iterator/ });
});

test('HPy_GetIter of a non-iterable is a TypeError', () => {
  assert.throws(() => m.get_iter(42), { name: 'TypeError', message: "'Number' object is not iterable" });
  assert.throws(() => m.get_iter(undefined), TypeError);
});

test('HPyIter_Check is true for objects with a next method', () => {
  assert.equal(m.iter_check([1][Symbol.iterator]()), true);
  assert.equal(m.iter_check({ next() { return { done: true }; } }), true);
  assert.equal(m.iter_check([1]), false);
  assert.equal(m.iter_check(null), false);
});

test('HPySlice_New makes a Slice; NULL bounds are undefined (None)', () => {
  const s = m.slice_new(1, 5, 2);
  assert.ok(s instanceof Slice);
  assert.deepEqual([s.start, s.stop, s.step], [1, 5, 2]);
  const open = m.slice_new();
  assert.deepEqual([open.start, open.stop, open.step], [undefined, undefined, undefined]);
});

test('HPySlice_Unpack gives the bounds and fills None with Python defaults', () => {
  assert.equal(m.slice_unpack(new Slice(1, 5, 2)), '1 5 2');
  assert.equal(m.slice_unpack(new Slice(undefined, undefined, undefined)), `0 ${MAX} 1`);
  assert.equal(m.slice_unpack(new Slice(undefined, undefined, -1)), `${MAX} ${MIN} -1`);
});

test('HPySlice_Unpack clamps huge bounds to Py_ssize_t, and the step to -PY_SSIZE_T_MAX', () => {
  assert.equal(m.slice_unpack(new Slice(2 ** 70, -(2 ** 70), 1)), `${MAX} ${MIN} 1`);
  assert.equal(m.slice_unpack(m.slice_new(10n ** 30n, 3n, -(10n ** 30n))), `${MAX} 3 -${MAX}`);
});

test('HPySlice_Unpack with a zero step is a ValueError', () => {
  assert.throws(() => m.slice_unpack(new Slice(0, 1, 0)), (e: Error) => e instanceof ValueError && e.message === 'slice step cannot be zero');
});

test('HPySlice_Unpack with non-integer bounds or a non-slice is a TypeError', () => {
  assert.throws(() => m.slice_unpack(m.slice_new('a')), { name: 'TypeError', message: /slice indices must be integers or None/ });
  assert.throws(() => m.slice_unpack(new Slice(1.5, 2, 1)), TypeError);
  assert.throws(() => m.slice_unpack([1, 2]), { name: 'TypeError', message: /expected a slice/ });
});

test('HPy_GetSlice slices arrays, strings and Buffers', () => {
  assert.deepEqual(m.get_slice([1, 2, 3, 4], 1, 3), [2, 3]);
  assert.deepEqual(m.get_slice([1, 2, 3, 4], -2), [3, 4]);
  assert.equal(m.get_slice('hello', 1, 4), 'ell');
  assert.deepEqual(m.get_slice(Buffer.from('hello'), 0, 2), Buffer.from('he'));
});

test('HPy_GetSlice of a tuple is a tuple', () => {
  assert.ok(Object.isFrozen(m.get_slice(Object.freeze([1, 2, 3]), 0, 2)));
});

test('HPy_GetSlice of a Buffer is a copy, as Python slices are', () => {
  const b = Buffer.from('hello');
  const s = m.get_slice(b, 0, 2);
  s[0] = 0x58;
  assert.equal(b.toString(), 'hello');
  assert.ok(Buffer.isBuffer(s));
});

test('HPy_GetSlice of a non-sequence is a TypeError', () => {
  assert.throws(() => m.get_slice({}, 0, 1), { name: 'TypeError', message: /not sliceable/ });
});

test('HPy_SetSlice replaces a range of a list with an iterable', () => {
  assert.deepEqual(m.set_slice([1, 2, 3, 4], 1, 3, ['a', 'b', 'c']), [1, 'a', 'b', 'c', 4]);
  assert.deepEqual(m.set_slice([1, 2], 5, 9, 'xy'), [1, 2, 'x', 'y']);
});

test('HPy_SetSlice with a NULL value deletes the range', () => {
  assert.deepEqual(m.set_slice([1, 2, 3, 4], 1, 3, undefined), [1, 4]);
});

test('HPy_SetSlice with a non-iterable value or on a tuple is a TypeError', () => {
  assert.throws(() => m.set_slice([1], 0, 1, 5), { name: 'TypeError', message: /can only assign an iterable/ });
  assert.throws(() => m.set_slice(Object.freeze([1]), 0, 1, []), { name: 'TypeError', message: /does not support slice assignment/ });
});

test('HPy_DelSlice deletes a range with Python index rules', () => {
  assert.deepEqual(m.del_slice([1, 2, 3, 4], -3, -1), [1, 4]);
  assert.deepEqual(m.del_slice([1, 2], 0, 100), []);
});

test('HPy_DelSlice of a string is a TypeError', () => {
  assert.throws(() => m.del_slice('abc', 0, 1), TypeError);
});
