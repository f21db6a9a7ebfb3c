// HPy 0.9.0's test_hpylist.py, test_hpytuple.py, test_hpydict.py,
// test_hpybytes.py, test_tracker.py and test_hpyslice.py, on hpy-node:
// subclasses pass the type checks (JavaScript subclasses Array, Map and
// Uint8Array as Python subclasses list, dict and bytes), HPyDict_Keys/Copy
// read a dict's own entries, the tracker example, and HPy's tables of slices.
// test/universal/{containers,builders,strings,iteration}.test.ts cover the
// rest (New, Append, the builders, Size, AsString, the tracker's own rules).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SystemError, ValueError } from '../../src/index';
import { makeModule } from '../support/make-module';

const m = makeModule(`
HPyDef_METH(checks, "checks", HPyFunc_O)
static HPy checks_impl(HPyContext *ctx, HPy self, HPy arg)
{
    const char *names[4] = { "list", "tuple", "dict", "bytes" };
    int is[4] = { HPyList_Check(ctx, arg), HPyTuple_Check(ctx, arg), HPyDict_Check(ctx, arg), HPyBytes_Check(ctx, arg) };
    HPy r = HPyList_New(ctx, 0);
    for (int i = 0; i < 4; i++) {
        if (!is[i]) continue;
        HPy name = HPyUnicode_FromString(ctx, names[i]);
        HPyList_Append(ctx, r, name);
        HPy_Close(ctx, name);
    }
    return r;
}
HPyDef_METH(with_self, "with_self", HPyFunc_O)
static HPy with_self_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPy x = HPyLong_FromLong(ctx, 42);
    if (HPy_IsNull(x))
        return HPy_NULL;
    HPy items[3] = { self, arg, x };
    HPy r = HPyTuple_FromArray(ctx, items, 3);
    HPy_Close(ctx, x);
    return r;
}
/* None stands for HPy_NULL */
HPyDef_METH(keys, "keys", HPyFunc_O)
static HPy keys_impl(HPyContext *ctx, HPy self, HPy arg)
{
    return HPyDict_Keys(ctx, HPy_Is(ctx, arg, ctx->h_None) ? HPy_NULL : arg);
}
HPyDef_METH(copy, "copy", HPyFunc_O)
static HPy copy_impl(HPyContext *ctx, HPy self, HPy arg)
{
    return HPyDict_Copy(ctx, HPy_Is(ctx, arg, ctx->h_None) ? HPy_NULL : arg);
}
HPyDef_METH(bytes_roundtrip, "bytes_roundtrip", HPyFunc_O)
static HPy bytes_roundtrip_impl(HPyContext *ctx, HPy self, HPy arg)
{
    const char *s = HPyBytes_AsString(ctx, arg);
    if (s == NULL)
        return HPy_NULL;
    return HPyBytes_FromString(ctx, s);
}
/* bytes_prefix(bytes, n): the first n bytes, or NULL data when bytes is None */
HPyDef_METH(bytes_prefix, "bytes_prefix", HPyFunc_VARARGS)
static HPy bytes_prefix_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    long n = HPyLong_AsLong(ctx, args[1]);
    const char *s = HPy_Is(ctx, args[0], ctx->h_None) ? NULL : HPyBytes_AsString(ctx, args[0]);
    return HPyBytes_FromStringAndSize(ctx, s, n);
}
/* squares(n, fail_at): {i: i*i for i in 1..n}, every key and value tracked;
   failing at fail_at closes them all and raises */
HPyDef_METH(squares, "squares", HPyFunc_VARARGS)
static HPy squares_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    long n = HPyLong_AsLong(ctx, args[0]);
    long fail_at = nargs > 1 ? HPyLong_AsLong(ctx, args[1]) : -1;
    HPyTracker ht = HPyTracker_New(ctx, 0);
    if (HPyTracker_IsNull(ht))
        return HPy_NULL;
    HPy dict = HPyDict_New(ctx);
    if (HPy_IsNull(dict))
        goto error;
    for (long i = 1; i <= n; i++) {
        if (i == fail_at)
            goto error;
        HPy key = HPyLong_FromLong(ctx, i);
        if (HPy_IsNull(key) || HPyTracker_Add(ctx, ht, key) < 0)
            goto error;
        HPy value = HPyLong_FromLong(ctx, i * i);
        if (HPy_IsNull(value) || HPyTracker_Add(ctx, ht, value) < 0)
            goto error;
        if (HPy_SetItem(ctx, dict, key, value) < 0)
            goto error;
    }
    HPyTracker_Close(ctx, ht);
    return dict;
error:
    HPyTracker_Close(ctx, ht);
    HPy_Close(ctx, dict);
    return HPyErr_SetString(ctx, ctx->h_ValueError, "Failed!");
}
HPyDef_METH(tracker_sizes, "tracker_sizes", HPyFunc_O)
static HPy tracker_sizes_impl(HPyContext *ctx, HPy self, HPy arg)
{
    HPyTracker a = HPyTracker_New(ctx, 10), b = HPyTracker_New(ctx, 0);
    if (HPyTracker_IsNull(a) || HPyTracker_IsNull(b))
        return HPy_NULL;
    HPyTracker_ForgetAll(ctx, b);                  /* nothing to forget */
    HPyTracker_Add(ctx, a, HPy_Dup(ctx, arg));     /* closed by Close */
    HPyTracker_Add(ctx, b, arg);                   /* forgotten: stays open */
    HPyTracker_ForgetAll(ctx, b);
    HPyTracker_Close(ctx, a);
    HPyTracker_Close(ctx, b);
    return HPy_Dup(ctx, arg);
}
/* unpack(start, stop, step): HPySlice_Unpack of HPySlice_New(start, stop, step) */
HPyDef_METH(unpack, "unpack", HPyFunc_VARARGS)
static HPy unpack_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPy slice = HPySlice_New(ctx, args[0], args[1], args[2]);
    if (HPy_IsNull(slice))
        return HPy_NULL;
    HPy_ssize_t start, stop, step;
    int r = HPySlice_Unpack(ctx, slice, &start, &stop, &step);
    HPy_Close(ctx, slice);
    if (r < 0)
        return HPy_NULL;
    HPy items[3] = { HPyLong_FromSsize_t(ctx, start), HPyLong_FromSsize_t(ctx, stop), HPyLong_FromSsize_t(ctx, step) };
    HPy t = HPyTuple_FromArray(ctx, items, 3);
    for (int i = 0; i < 3; i++) HPy_Close(ctx, items[i]);
    return t;
}
/* adjust(length, start, stop, step): [count, start, stop, step] after HPySlice_AdjustIndices */
HPyDef_METH(adjust, "adjust", HPyFunc_VARARGS)
static HPy adjust_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPy_ssize_t v[4];
    for (int i = 0; i < 4; i++) {
        v[i] = HPyLong_AsSsize_t(ctx, args[i]);
        if (v[i] == -1 && HPyErr_Occurred(ctx))
            return HPy_NULL;
    }
    v[0] = HPySlice_AdjustIndices(ctx, v[0], &v[1], &v[2], v[3]);
    HPy items[4];
    for (int i = 0; i < 4; i++) items[i] = HPyLong_FromSsize_t(ctx, v[i]);
    HPy t = HPyTuple_FromArray(ctx, items, 4);
    for (int i = 0; i < 4; i++) HPy_Close(ctx, items[i]);
    return t;
}`);

test('subclasses pass the type checks: of Array (list, frozen: tuple), Map (dict), Uint8Array (bytes)', () => {
  class MyList extends Array {}
  class MyDict extends Map {}
  class MyBytes extends Uint8Array {}
  class NotADict {}
  assert.deepEqual(m.checks([]), ['list']);
  assert.deepEqual(m.checks(new MyList()), ['list']);
  assert.deepEqual(m.checks(Object.freeze([])), ['tuple']);
  assert.deepEqual(m.checks(Object.freeze(new MyList())), ['tuple']);
  assert.deepEqual(m.checks({}), ['dict']);
  assert.deepEqual(m.checks(new MyDict()), ['dict']);
  assert.deepEqual(m.checks(Buffer.from('hello')), ['bytes']);
  assert.deepEqual(m.checks(new MyBytes(2)), ['bytes']);
  for (const none of ['hello', new NotADict(), 5]) assert.deepEqual(m.checks(none), [], String(none));
});

test('HPyTuple_FromArray takes any handles, the module itself included', () => {
  assert.deepEqual(m.with_self('hello'), [m, 'hello', 42]);
  assert.equal(m.with_self('hello')[0], m);
});

test("HPyDict_Keys and HPyDict_Copy read a dict's own entries, whatever a subclass overrides", () => {
  class SubMap extends Map<unknown, unknown> {
    override keys(): MapIterator<unknown> { return [1, 2, 3][Symbol.iterator]() as MapIterator<unknown>; }
    override entries(): MapIterator<[unknown, unknown]> { return [][Symbol.iterator]() as MapIterator<[unknown, unknown]>; }
    override [Symbol.iterator](): MapIterator<[unknown, unknown]> { return this.entries(); }
  }
  assert.deepEqual(m.keys({}), []);
  assert.deepEqual(m.keys({ hello: 1 }), ['hello']);
  assert.deepEqual(m.keys(new SubMap([['hello', 1]])), ['hello']);
  const copied = m.copy(new SubMap([['hello', 1]]));
  assert.deepEqual(copied, new Map([['hello', 1]]));
  for (const d of [{}, { hello: 1 }, new Map([['k', 'v']])]) {
    const c = m.copy(d);
    assert.deepEqual(c, d);
    assert.notEqual(c, d);
  }
});

test('HPyDict_Keys and HPyDict_Copy of HPy_NULL or a non-dict are SystemErrors', () => {
  for (const f of [m.keys, m.copy]) {
    assert.throws(() => f(undefined), SystemError);
    assert.throws(() => f(42), SystemError);
  }
});

test('HPyBytes_FromString of HPyBytes_AsString round-trips, the empty bytes too', () => {
  assert.deepEqual(m.bytes_roundtrip(Buffer.from('aaa')), Buffer.from('aaa'));
  assert.deepEqual(m.bytes_roundtrip(Buffer.alloc(0)), Buffer.alloc(0));
});

test('HPyBytes_FromStringAndSize: a prefix; NULL data is a ValueError whatever the size, a negative size a SystemError', () => {
  assert.deepEqual(m.bytes_prefix(Buffer.from('aaa'), 3), Buffer.from('aaa'));
  assert.deepEqual(m.bytes_prefix(Buffer.from('abc'), 2), Buffer.from('ab'));
  assert.deepEqual(m.bytes_prefix(Buffer.alloc(0), 0), Buffer.alloc(0));
  assert.throws(() => m.bytes_prefix(Buffer.from('abc'), -1), SystemError);
  for (const n of [-1, 0, 1]) {
    assert.throws(() => m.bytes_prefix(undefined, n), (e: Error) => e instanceof ValueError && /NULL char \* passed to ctx_Bytes_FromStringAndSize/.test(e.message), `size ${n}`);
  }
});

test('a tracker of key/value handles builds a dict, and on failure closes them all and raises', () => {
  const squares = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [i + 1, (i + 1) ** 2]));
  assert.deepEqual(m.squares(5), { 1: 1, 2: 4, 3: 9, 4: 16, 5: 25 });
  assert.deepEqual(m.squares(100), squares(100));
  assert.throws(() => m.squares(5, 3), (e: Error) => e instanceof ValueError && e.message === 'Failed!');
});

test('HPyTracker_New with a size hint, ForgetAll on an empty tracker, Close after Add', () => {
  const o = { kept: true };
  assert.equal(m.tracker_sizes(o), o);
});

const SSIZE_MAX = 2n ** 63n - 1n;
const SSIZE_MIN = -(2n ** 63n);

test("HPySlice_Unpack on HPy's table of slices: bounds clamped to Py_ssize_t, None filled in by the step's sign", () => {
  const big = (x: bigint) => (x >= -(2n ** 53n) && x <= 2n ** 53n ? Number(x) : x);
  const cases: Array<[unknown, unknown, unknown, [bigint, bigint, bigint]]> = [
    [2, 20, 2, [2n, 20n, 2n]],
    [4, 20, undefined, [4n, 20n, 1n]],
    [5, 1n << 129n, undefined, [5n, SSIZE_MAX, 1n]],
    [13, -27, -1, [13n, -27n, -1n]],
    [SSIZE_MIN - 1000n, SSIZE_MAX + 1000n, 1, [SSIZE_MIN, SSIZE_MAX, 1n]],
    [SSIZE_MAX, 0, -SSIZE_MAX - 1000n, [SSIZE_MAX, 0n, -SSIZE_MAX]],
    [undefined, 10, 1, [0n, 10n, 1n]],
    [undefined, 10, -1, [SSIZE_MAX, 10n, -1n]],
    [undefined, undefined, -1, [SSIZE_MAX, SSIZE_MIN, -1n]],
    [undefined, undefined, undefined, [0n, SSIZE_MAX, 1n]],
    [13, undefined, undefined, [13n, SSIZE_MAX, 1n]],
    [13, undefined, -1, [13n, SSIZE_MIN, -1n]],
  ];
  for (const [start, stop, step, expected] of cases) {
    assert.deepEqual(m.unpack(start, stop, step), expected.map(big), `slice(${start}, ${stop}, ${step})`);
  }
  assert.throws(() => m.unpack(1, 10, 0), ValueError);
  assert.throws(() => m.unpack(1, 10, '1'), TypeError);
  assert.throws(() => m.unpack(1, '10', 1), TypeError);
  assert.throws(() => m.unpack('0', 10, 1), TypeError);
});

test("HPySlice_AdjustIndices on HPy's table for a list of 10, steps ±1, ±2, ±3", () => {
  // [length, start, stop, step] -> [count, start, stop, step]
  const cases: Array<[number[], number[]]> = [
    [[10, 0, 10, 1], [10, 0, 10, 1]], [[10, 0, -1, 1], [9, 0, 9, 1]], [[10, -10, -1, 1], [9, 0, 9, 1]],
    [[10, 15, 20, 1], [0, 10, 10, 1]], [[10, 9, 0, -1], [9, 9, 0, -1]], [[10, -1, -10, -1], [9, 9, 0, -1]],
    [[10, 5, 5, -1], [0, 5, 5, -1]],
    [[10, 0, 10, 2], [5, 0, 10, 2]], [[10, 0, -1, 2], [5, 0, 9, 2]], [[10, -10, -1, 2], [5, 0, 9, 2]],
    [[10, 15, 20, 2], [0, 10, 10, 2]], [[10, 9, 0, -2], [5, 9, 0, -2]], [[10, -1, -10, -2], [5, 9, 0, -2]],
    [[10, 5, 5, -2], [0, 5, 5, -2]],
    [[10, 0, 10, 3], [4, 0, 10, 3]], [[10, 0, -1, 3], [3, 0, 9, 3]], [[10, -10, -1, 3], [3, 0, 9, 3]],
    [[10, 15, 20, 3], [0, 10, 10, 3]], [[10, 9, 0, -3], [3, 9, 0, -3]], [[10, -1, -10, -3], [3, 9, 0, -3]],
    [[10, 5, 5, -3], [0, 5, 5, -3]],
  ];
  for (const [args, expected] of cases) assert.deepEqual(m.adjust(...args), expected, `adjust(${args})`);
});
