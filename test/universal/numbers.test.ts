// HPyLong_*, HPyFloat_*, HPyBool_*: numbers while safe, BigInt beyond 2^53;
// TypeError for non-integers, OverflowError out of range, Mask wraps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeModule } from '../support/make-module';
import { OverflowError, SystemError } from '../../src/index';
import { get_call_counts } from '../../src/trace/index';
import { diff } from '../support/call-diff';

// Each roundtrip reads its argument with HPyLong_As<T> and gives it back
// through the matching From function, so JS sees what C read.
const ROUNDTRIP = (name: string, ctype: string, as: string, from: string) => `
HPyDef_METH(${name}, "${name}", HPyFunc_O)
static HPy ${name}_impl(HPyContext *ctx, HPy self, HPy arg) {
    ${ctype} v = ${as}(ctx, arg);
    if (v == (${ctype})-1 && HPyErr_Occurred(ctx)) return HPy_NULL;
    return ${from}(ctx, v);
}`;

const SRC = [
  ROUNDTRIP('i32', 'int32_t', 'HPyLong_AsInt32_t', 'HPyLong_FromInt32_t'),
  ROUNDTRIP('u32', 'uint32_t', 'HPyLong_AsUInt32_t', 'HPyLong_FromUInt32_t'),
  ROUNDTRIP('u32mask', 'uint32_t', 'HPyLong_AsUInt32_tMask', 'HPyLong_FromUInt32_t'),
  ROUNDTRIP('i64', 'int64_t', 'HPyLong_AsInt64_t', 'HPyLong_FromInt64_t'),
  ROUNDTRIP('u64', 'uint64_t', 'HPyLong_AsUInt64_t', 'HPyLong_FromUInt64_t'),
  ROUNDTRIP('u64mask', 'uint64_t', 'HPyLong_AsUInt64_tMask', 'HPyLong_FromUInt64_t'),
  ROUNDTRIP('size', 'size_t', 'HPyLong_AsSize_t', 'HPyLong_FromSize_t'),
  ROUNDTRIP('ssize', 'HPy_ssize_t', 'HPyLong_AsSsize_t', 'HPyLong_FromSsize_t'),
  ROUNDTRIP('long_', 'long', 'HPyLong_AsLong', 'HPyLong_FromLong'),
  `
HPyDef_METH(voidptr, "voidptr", HPyFunc_O)
static HPy voidptr_impl(HPyContext *ctx, HPy self, HPy arg) {
    void *p = HPyLong_AsVoidPtr(ctx, arg);
    if (p == NULL && HPyErr_Occurred(ctx)) return HPy_NULL;
    return HPyLong_FromUInt64_t(ctx, (uint64_t)(uintptr_t)p);
}
HPyDef_METH(long_as_double, "long_as_double", HPyFunc_O)
static HPy long_as_double_impl(HPyContext *ctx, HPy self, HPy arg) {
    double d = HPyLong_AsDouble(ctx, arg);
    if (d == -1.0 && HPyErr_Occurred(ctx)) return HPy_NULL;
    return HPyFloat_FromDouble(ctx, d);
}
HPyDef_METH(float_as_double, "float_as_double", HPyFunc_O)
static HPy float_as_double_impl(HPyContext *ctx, HPy self, HPy arg) {
    double d = HPyFloat_AsDouble(ctx, arg);
    if (d == -1.0 && HPyErr_Occurred(ctx)) return HPy_NULL;
    return HPyFloat_FromDouble(ctx, d * 2);
}
HPyDef_METH(limits, "limits", HPyFunc_O)
static HPy limits_impl(HPyContext *ctx, HPy self, HPy arg) {
    /* One value per index (no list: that API is tested elsewhere). */
    switch (HPyLong_AsInt32_t(ctx, arg)) {
    case 0: return HPyLong_FromInt64_t(ctx, INT64_MIN);
    case 1: return HPyLong_FromInt64_t(ctx, INT64_MAX);
    case 2: return HPyLong_FromUInt64_t(ctx, UINT64_MAX);
    case 3: return HPyLong_FromInt64_t(ctx, 9007199254740991LL);
    case 4: return HPyLong_FromInt64_t(ctx, 9007199254740992LL);
    case 5: return HPyLong_FromInt64_t(ctx, -9007199254740992LL);
    case 6: return HPyLong_FromInt32_t(ctx, INT32_MIN);
    default: return HPyLong_FromUInt32_t(ctx, UINT32_MAX);
    }
}
HPyDef_METH(from_size, "from_size", HPyFunc_NOARGS)
static HPy from_size_impl(HPyContext *ctx, HPy self) {
    return HPyLong_FromSize_t(ctx, (size_t)1 << 60);
}
HPyDef_METH(from_ssize, "from_ssize", HPyFunc_NOARGS)
static HPy from_ssize_impl(HPyContext *ctx, HPy self) {
    return HPyLong_FromSsize_t(ctx, -5);
}
HPyDef_METH(float_from, "float_from", HPyFunc_NOARGS)
static HPy float_from_impl(HPyContext *ctx, HPy self) {
    return HPyFloat_FromDouble(ctx, 0.5);
}
HPyDef_METH(bool_from, "bool_from", HPyFunc_O)
static HPy bool_from_impl(HPyContext *ctx, HPy self, HPy arg) {
    return HPyBool_FromBool(ctx, HPyLong_AsInt32_t(ctx, arg) != 0);
}
HPyDef_METH(bool_is_constant, "bool_is_constant", HPyFunc_NOARGS)
static HPy bool_is_constant_impl(HPyContext *ctx, HPy self) {
    HPy t = HPyBool_FromBool(ctx, true), f = HPyBool_FromBool(ctx, false);
    int ok = t._i == ctx->h_True._i && f._i == ctx->h_False._i;
    HPy_Close(ctx, t);
    HPy_Close(ctx, f);
    return HPyBool_FromBool(ctx, ok);
}
HPyDef_METH(closed_handle, "closed_handle", HPyFunc_NOARGS)
static HPy closed_handle_impl(HPyContext *ctx, HPy self) {
    HPy h = HPyLong_FromInt32_t(ctx, 1);
    HPy_Close(ctx, h);
    int64_t v = HPyLong_AsInt64_t(ctx, h);
    if (v == -1 && HPyErr_Occurred(ctx)) return HPy_NULL;
    return HPyLong_FromInt64_t(ctx, v);
}
HPyDef_METH(error_values, "error_values", HPyFunc_O)
static HPy error_values_impl(HPyContext *ctx, HPy self, HPy arg) {
    int ok = HPyLong_AsInt32_t(ctx, arg) == -1 && HPyLong_AsUInt32_t(ctx, arg) == (uint32_t)-1 &&
             HPyLong_AsUInt64_t(ctx, arg) == (uint64_t)-1 && HPyLong_AsDouble(ctx, arg) == -1.0 &&
             HPyFloat_AsDouble(ctx, arg) == -1.0 && HPyLong_AsVoidPtr(ctx, arg) == NULL &&
             HPyErr_Occurred(ctx);
    HPyErr_Clear(ctx);
    return HPyBool_FromBool(ctx, ok);
}`,
].join('\n');

const m = makeModule(SRC);
const limit = (i: number) => m.limits(i);

test('HPyLong_FromInt32_t/UInt32_t give numbers at the limits', () => {
  assert.equal(limit(6), -2147483648);
  assert.equal(limit(7), 4294967295);
});

test('HPyLong_FromInt64_t gives a number up to 2^53 - 1 and a BigInt beyond', () => {
  assert.equal(limit(3), Number.MAX_SAFE_INTEGER);
  assert.equal(limit(4), 9007199254740992n);
  assert.equal(limit(5), -9007199254740992n);
  assert.equal(limit(0), -(2n ** 63n));
  assert.equal(limit(1), 2n ** 63n - 1n);
});

test('HPyLong_FromUInt64_t(UINT64_MAX) is the BigInt 2^64 - 1', () => {
  assert.equal(limit(2), 2n ** 64n - 1n);
});

test('HPyLong_FromSize_t and FromSsize_t follow the same number/BigInt rule', () => {
  assert.equal(m.from_size(), 2n ** 60n);
  assert.equal(m.from_ssize(), -5);
});

test('HPyLong_AsInt32_t reads integral numbers, BigInts and booleans', () => {
  assert.equal(m.i32(-2147483648), -2147483648);
  assert.equal(m.i32(2147483647n), 2147483647);
  assert.equal(m.i32(true), 1);
  assert.equal(m.i32(-0), 0);
});

test('HPyLong_AsInt32_t raises OverflowError just outside int32_t', () => {
  assert.throws(() => m.i32(2147483648), OverflowError);
  assert.throws(() => m.i32(-2147483649), OverflowError);
  assert.throws(() => m.i32(2n ** 100n), OverflowError);
});

test('HPyLong_As* raise TypeError for fractions, NaN, Infinity and non-numbers', () => {
  for (const bad of [1.5, NaN, Infinity, '1', null, undefined, {}, [1]]) {
    assert.throws(() => m.i32(bad), TypeError, `i32(${String(bad)})`);
    assert.throws(() => m.u64(bad), TypeError, `u64(${String(bad)})`);
  }
});

test('the TypeError names what was passed', () => {
  assert.throws(() => m.i64('7'), { name: 'TypeError', message: /ctx_Long_AsInt64_t.*string/ });
  assert.throws(() => m.i64(new Map()), { message: /Map/ });
  assert.throws(() => m.i64(2.5), { message: /2\.5/ });
});

test('HPyLong_AsUInt32_t raises OverflowError for negatives and values >= 2^32', () => {
  assert.equal(m.u32(4294967295), 4294967295);
  assert.throws(() => m.u32(-1), { name: 'OverflowError', message: /negative/ });
  assert.throws(() => m.u32(4294967296), OverflowError);
});

test('HPyLong_AsUInt32_tMask wraps modulo 2^32', () => {
  assert.equal(m.u32mask(-1), 4294967295);
  assert.equal(m.u32mask(2 ** 32 + 5), 5);
  assert.equal(m.u32mask(-(2n ** 70n) + 7n), 7);
});

test('HPyLong_AsInt64_t round-trips the int64_t limits as BigInt', () => {
  assert.equal(m.i64(-(2n ** 63n)), -(2n ** 63n));
  assert.equal(m.i64(2n ** 63n - 1n), 2n ** 63n - 1n);
  assert.equal(m.i64(123), 123);
  assert.throws(() => m.i64(2n ** 63n), OverflowError);
  assert.throws(() => m.i64(-(2n ** 63n) - 1n), OverflowError);
});

test('HPyLong_AsInt64_t reads integral numbers beyond 2^53 exactly', () => {
  assert.equal(m.i64(2 ** 60), 2n ** 60n);
  assert.equal(m.i64(-(2 ** 63)), -(2n ** 63n));
  assert.throws(() => m.i64(2 ** 63), OverflowError);
});

test('HPyLong_AsUInt64_t accepts up to 2^64 - 1 and rejects negatives', () => {
  assert.equal(m.u64(2n ** 64n - 1n), 2n ** 64n - 1n);
  assert.throws(() => m.u64(2n ** 64n), OverflowError);
  assert.throws(() => m.u64(-1n), OverflowError);
  assert.throws(() => m.u64(2 ** 64), OverflowError);
});

test('HPyLong_AsUInt64_tMask wraps modulo 2^64, numbers and BigInts', () => {
  assert.equal(m.u64mask(-1), 2n ** 64n - 1n);
  assert.equal(m.u64mask(-1n), 2n ** 64n - 1n);
  assert.equal(m.u64mask(2n ** 64n + 3n), 3);
  assert.equal(m.u64mask(-(2n ** 64n)), 0);
  assert.equal(m.u64mask(2 ** 65), 0);
  assert.equal(m.u64mask(-(2 ** 63)), 2n ** 63n);
});

test('HPyLong_AsUInt64_tMask still raises TypeError for non-integers', () => {
  assert.throws(() => m.u64mask(0.5), TypeError);
  assert.throws(() => m.u32mask('x'), TypeError);
});

test('HPyLong_AsSize_t rejects negatives; AsSsize_t accepts them', () => {
  assert.equal(m.size(2n ** 63n), 2n ** 63n);
  assert.throws(() => m.size(-1), OverflowError);
  assert.equal(m.ssize(-(2n ** 63n)), -(2n ** 63n));
  assert.throws(() => m.ssize(2n ** 63n), OverflowError);
});

test('HPyLong_AsLong (inline over AsInt64_t) round-trips', () => {
  assert.equal(m.long_(-42), -42);
});

test('HPyLong_AsVoidPtr reads unsigned pointers and negative values as intptr_t', () => {
  assert.equal(m.voidptr(0x7fff0000), 0x7fff0000);
  assert.equal(m.voidptr(2n ** 64n - 1n), 2n ** 64n - 1n);
  assert.equal(m.voidptr(-1), 2n ** 64n - 1n);
  assert.throws(() => m.voidptr(2n ** 64n), OverflowError);
  assert.throws(() => m.voidptr('p'), TypeError);
});

test('HPyLong_AsDouble converts integers, BigInts with rounding, and rejects fractions', () => {
  assert.equal(m.long_as_double(7), 7);
  assert.equal(m.long_as_double(2n ** 60n + 1n), 2 ** 60);
  assert.equal(m.long_as_double(false), 0);
  assert.throws(() => m.long_as_double(0.5), TypeError);
  assert.throws(() => m.long_as_double('1'), TypeError);
});

test('HPyLong_AsDouble raises OverflowError for a BigInt beyond the double range', () => {
  assert.throws(() => m.long_as_double(2n ** 1024n), OverflowError);
});

test('HPyFloat_FromDouble gives a number', () => {
  assert.equal(m.float_from(), 0.5);
});

test('HPyFloat_AsDouble reads numbers (NaN and Infinity too), BigInts and booleans', () => {
  assert.equal(m.float_as_double(1.25), 2.5);
  assert.ok(Number.isNaN(m.float_as_double(NaN)));
  assert.equal(m.float_as_double(-Infinity), -Infinity);
  assert.equal(m.float_as_double(3n), 6);
  assert.equal(m.float_as_double(true), 2);
});

test('HPyFloat_AsDouble raises TypeError for strings and objects, OverflowError for huge BigInts', () => {
  assert.throws(() => m.float_as_double('1.5'), { name: 'TypeError', message: /string/ });
  assert.throws(() => m.float_as_double({}), TypeError);
  assert.throws(() => m.float_as_double(undefined), TypeError);
  assert.throws(() => m.float_as_double(-(2n ** 2000n)), OverflowError);
});

test('HPyBool_FromBool gives true and false', () => {
  assert.equal(m.bool_from(1), true);
  assert.equal(m.bool_from(0), false);
});

test('HPyBool_FromBool returns the ctx->h_True / h_False constants', () => {
  assert.equal(m.bool_is_constant(), true);
});

test('every As function returns its documented error value with the error set', () => {
  assert.equal(m.error_values('x'), true);
});

test('a closed handle raises SystemError instead of crashing', () => {
  assert.throws(() => m.closed_handle(), SystemError);
});


test('in trace mode a round-trip counts one As and one From call', () => {
  const t = makeModule(SRC, { mode: 'trace' });
  const before = get_call_counts();
  assert.equal(t.i64(2n ** 62n), 2n ** 62n);
  assert.deepEqual(diff(before, get_call_counts()), { ctx_Long_AsInt64_t: 1, ctx_Long_FromInt64_t: 1 });
});

test('in trace mode a failed conversion counts the As call and Err_Occurred', () => {
  const t = makeModule(SRC, { mode: 'trace' });
  const before = get_call_counts();
  assert.throws(() => t.u32mask('no'), TypeError);
  assert.deepEqual(diff(before, get_call_counts()), { ctx_Long_AsUInt32_tMask: 1, ctx_Err_Occurred: 1 });
});
