// HPy 0.9.0's test_hpylong.py, on hpy-node: HPyLong_As<T>(x) * 2 back
// through HPyLong_From<T> for every fixed-width type and C long type, as
// HPy's template does, with numbers and BigInts; the From<T> limits of the C
// long types. Python's __int__/__index__ have no JavaScript counterpart: an
// object with valueOf() is no int to any of them. test/universal/
// numbers.test.ts covers the fixed-width limits, range errors, AsVoidPtr and
// AsDouble.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OverflowError } from '../../src/index';
import { makeModule } from '../support/make-module';

// [C type, As suffix, From suffix]
const AS: Array<[string, string, string]> = [
  ['int32_t', 'Int32_t', 'Int32_t'],
  ['uint32_t', 'UInt32_t', 'UInt32_t'],
  ['uint32_t', 'UInt32_tMask', 'UInt32_t'],
  ['int64_t', 'Int64_t', 'Int64_t'],
  ['uint64_t', 'UInt64_t', 'UInt64_t'],
  ['uint64_t', 'UInt64_tMask', 'UInt64_t'],
  ['long', 'Long', 'Long'],
  ['unsigned long', 'UnsignedLong', 'UnsignedLong'],
  ['unsigned long', 'UnsignedLongMask', 'UnsignedLong'],
  ['long long', 'LongLong', 'LongLong'],
  ['unsigned long long', 'UnsignedLongLong', 'UnsignedLongLong'],
  ['unsigned long long', 'UnsignedLongLongMask', 'UnsignedLongLong'],
  ['size_t', 'Size_t', 'Size_t'],
  ['HPy_ssize_t', 'Ssize_t', 'Ssize_t'],
];
// [C type, From suffix, value]
const FROM: Array<[string, string, string]> = [
  ['long', 'Long', 'LONG_MIN'], ['unsigned long', 'UnsignedLong', 'ULONG_MAX'],
  ['long long', 'LongLong', 'LLONG_MIN'], ['unsigned long long', 'UnsignedLongLong', 'ULLONG_MAX'],
  ['size_t', 'Size_t', 'SIZE_MAX'], ['HPy_ssize_t', 'Ssize_t', 'PTRDIFF_MIN'],
];

const m = makeModule(`
${AS.map(([type, as, from]) => `
HPyDef_METH(as_${as}, "as_${as}", HPyFunc_O)
static HPy as_${as}_impl(HPyContext *ctx, HPy self, HPy arg)
{
    ${type} v = HPyLong_As${as}(ctx, arg);
    if (v == (${type})-1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    /* doubled in unsigned arithmetic: wraps modulo 2^width, as HPy's test expects */
    return HPyLong_From${from}(ctx, (${type})((unsigned long long)v * 2u));
}`).join('')}
${FROM.map(([type, from, value]) => `
HPyDef_METH(from_${from}, "from_${from}", HPyFunc_NOARGS)
static HPy from_${from}_impl(HPyContext *ctx, HPy self)
{
    ${type} v = ${value};
    return HPyLong_From${from}(ctx, v);
}`).join('')}`, { prelude: '#include <limits.h>\n#include <stdint.h>' });

const as = (suffix: string) => (m as Record<string, (x: unknown) => unknown>)[`as_${suffix}`];

test('HPyLong_As<T>(x) * 2, back through HPyLong_From<T>: HPy\'s cases for the fixed-width types', () => {
  assert.equal(as('Int32_t')(45), 90);
  assert.equal(as('Int32_t')(-45), -90);
  assert.ok((as('Int32_t')(2147483647) as number) < 0, 'doubling INT32_MAX wraps to a negative int32_t');
  assert.equal(as('UInt32_t')(45), 90);
  assert.throws(() => as('UInt32_t')(-45), OverflowError);
  assert.equal(as('UInt32_t')(2147483647), 4294967294);
  assert.equal(as('UInt32_tMask')(0xffffffffffffffffn), 0xfffffffe);
  assert.equal(as('Int64_t')(45), 90);
  assert.equal(as('Int64_t')(-45), -90);
  assert.equal(as('Int64_t')(2147483647), 4294967294);
  assert.ok((as('Int64_t')(9223372036854775807n) as bigint) < 0n, 'doubling INT64_MAX wraps to a negative int64_t');
  assert.equal(as('UInt64_t')(45), 90);
  assert.throws(() => as('UInt64_t')(-45), OverflowError);
  assert.equal(as('UInt64_t')(9223372036854775807n), 18446744073709551614n);
  assert.equal(as('UInt64_tMask')(0xffffffffffffffffffn), 0xfffffffffffffffen, 'a 72-bit value is masked to 64 bits');
});

test("HPyLong_As<T> for C's long types: HPy's cases", () => {
  assert.equal(as('Long')(45), 90);
  assert.equal(as('UnsignedLong')(45), 90);
  assert.throws(() => as('UnsignedLong')(-91), OverflowError);
  assert.equal(as('UnsignedLongMask')(45), 90);
  assert.equal(as('UnsignedLongMask')(-1), 2n ** 64n - 2n, '-1 masks to ULONG_MAX (64-bit long), doubled modulo 2^64');
  assert.equal(as('LongLong')(2147483648), 4294967296);
  assert.equal(as('LongLong')(-2147483648), -4294967296);
  assert.equal(as('UnsignedLongLong')(4294967296), 8589934592);
  assert.throws(() => as('UnsignedLongLong')(-4294967296), OverflowError);
  assert.equal(as('UnsignedLongLongMask')(-1), 2n ** 64n - 2n);
  assert.equal(as('Size_t')(2147483648), 4294967296);
  assert.throws(() => as('Size_t')(-2147483648), OverflowError);
  assert.equal(as('Ssize_t')(41), 82);
  assert.equal(as('Ssize_t')(-41), -82);
});

test('HPyLong_From<T> of the limits of C\'s long types', () => {
  const f = m as Record<string, () => unknown>;
  assert.equal(f.from_Long(), -(2n ** 63n));
  assert.equal(f.from_UnsignedLong(), 2n ** 64n - 1n);
  assert.equal(f.from_LongLong(), -(2n ** 63n));
  assert.equal(f.from_UnsignedLongLong(), 2n ** 64n - 1n);
  assert.equal(f.from_Size_t(), 2n ** 64n - 1n);
  assert.equal(f.from_Ssize_t(), -(2n ** 63n));
});

test('no HPyLong_As<T> takes a string, or an object that converts itself (valueOf, JavaScript\'s __int__/__index__)', () => {
  const magic = { valueOf: () => 2, [Symbol.toPrimitive]: () => 2 };
  for (const [, suffix] of AS) {
    assert.throws(() => as(suffix)('this is not a number'), TypeError, suffix);
    assert.throws(() => as(suffix)(magic), TypeError, suffix);
  }
});
