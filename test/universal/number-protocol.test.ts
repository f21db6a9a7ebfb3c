// The number protocol: each HPy operation is the JavaScript operator (fast
// native path for two numbers, helper for everything else).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeModule } from '../support/make-module';
import { OverflowError, SystemError, ValueError, ZeroDivisionError } from '../../src/index';
import { get_call_counts } from '../../src/trace/index';
import { diff } from '../support/call-diff';

const BINARY = ['Add', 'Subtract', 'Multiply', 'MatrixMultiply', 'FloorDivide', 'TrueDivide', 'Remainder', 'Divmod',
  'Lshift', 'Rshift', 'And', 'Xor', 'Or'];
const INPLACE = BINARY.filter((n) => n !== 'Divmod');
const UNARY = ['Negative', 'Positive', 'Absolute', 'Invert', 'Index', 'Long', 'Float'];

const SRC = [
  ...BINARY.map((n) => `
HPyDef_METH(${n}, "${n}", HPyFunc_VARARGS)
static HPy ${n}_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    return HPy_${n}(ctx, args[0], args[1]);
}`),
  ...INPLACE.map((n) => `
HPyDef_METH(InPlace${n}, "InPlace${n}", HPyFunc_VARARGS)
static HPy InPlace${n}_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    return HPy_InPlace${n}(ctx, args[0], args[1]);
}`),
  ...UNARY.map((n) => `
HPyDef_METH(${n}, "${n}", HPyFunc_O)
static HPy ${n}_impl(HPyContext *ctx, HPy self, HPy arg) {
    return HPy_${n}(ctx, arg);
}`),
  `
HPyDef_METH(Power, "Power", HPyFunc_VARARGS)
static HPy Power_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    return HPy_Power(ctx, args[0], args[1], nargs > 2 ? args[2] : ctx->h_None);
}
HPyDef_METH(InPlacePower, "InPlacePower", HPyFunc_VARARGS)
static HPy InPlacePower_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    return HPy_InPlacePower(ctx, args[0], args[1], nargs > 2 ? args[2] : ctx->h_None);
}
HPyDef_METH(Number_Check, "Number_Check", HPyFunc_O)
static HPy Number_Check_impl(HPyContext *ctx, HPy self, HPy arg) {
    return HPyBool_FromBool(ctx, HPyNumber_Check(ctx, arg));
}
HPyDef_METH(IsTrue, "IsTrue", HPyFunc_O)
static HPy IsTrue_impl(HPyContext *ctx, HPy self, HPy arg) {
    int r = HPy_IsTrue(ctx, arg);
    if (r < 0) return HPy_NULL;
    return HPyBool_FromBool(ctx, r);
}
HPyDef_METH(add_closed, "add_closed", HPyFunc_O)
static HPy add_closed_impl(HPyContext *ctx, HPy self, HPy arg) {
    HPy h = HPy_Dup(ctx, arg);
    HPy_Close(ctx, h);
    return HPy_Add(ctx, arg, h);
}
HPyDef_METH(istrue_closed, "istrue_closed", HPyFunc_NOARGS)
static HPy istrue_closed_impl(HPyContext *ctx, HPy self) {
    HPy h = HPyLong_FromInt32_t(ctx, 1);
    HPy_Close(ctx, h);
    if (HPy_IsTrue(ctx, h) < 0) return HPy_NULL;
    return HPy_Dup(ctx, ctx->h_None);
}
HPyDef_METH(sum_loop, "sum_loop", HPyFunc_O)
static HPy sum_loop_impl(HPyContext *ctx, HPy self, HPy arg) {
    /* Accumulates with InPlaceAdd, closing as it goes: handles do not leak. */
    int32_t n = HPyLong_AsInt32_t(ctx, arg);
    HPy acc = HPyLong_FromInt32_t(ctx, 0);
    for (int32_t i = 1; i <= n; i++) {
        HPy k = HPyLong_FromInt32_t(ctx, i);
        HPy next = HPy_InPlaceAdd(ctx, acc, k);
        HPy_Close(ctx, k);
        HPy_Close(ctx, acc);
        acc = next;
    }
    return acc;
}`,
].join('\n');

const m = makeModule(SRC);

test('Add/Subtract/Multiply/TrueDivide on numbers are the JS operators', () => {
  assert.equal(m.Add(1, 2), 3);
  assert.equal(m.Subtract(1, 2.5), -1.5);
  assert.equal(m.Multiply(3, -4), -12);
  assert.equal(m.TrueDivide(1, 0), Infinity);
  assert.equal(m.TrueDivide(7, 2), 3.5);
});

test('Add on strings concatenates and mixes with numbers as JS does', () => {
  assert.equal(m.Add('a', 'b'), 'ab');
  assert.equal(m.Add('a', 1), 'a1');
  assert.equal(m.Multiply('3', 2), 6);
});

test('BigInt arithmetic goes through the helper and stays BigInt', () => {
  assert.equal(m.Add(2n ** 64n, 1n), 2n ** 64n + 1n);
  assert.equal(m.Multiply(-3n, 4n), -12n);
});

test('mixing BigInt and number raises TypeError, as in JS', () => {
  assert.throws(() => m.Add(1n, 1), TypeError);
  assert.throws(() => m.Subtract(1, 1n), TypeError);
});

test('FloorDivide floors toward -infinity, numbers and BigInts', () => {
  assert.equal(m.FloorDivide(7, 2), 3);
  assert.equal(m.FloorDivide(-7, 2), -4);
  assert.equal(m.FloorDivide(-7n, 2n), -4n);
  assert.equal(m.FloorDivide(7n, 2n), 3n);
  assert.equal(m.FloorDivide(1, 0), Infinity);
});

test('FloorDivide, Remainder and Divmod by BigInt zero raise ZeroDivisionError', () => {
  assert.throws(() => m.FloorDivide(1n, 0n), ZeroDivisionError);
  assert.throws(() => m.Remainder(1n, 0n), { name: 'ZeroDivisionError', message: 'integer modulo by zero' });
  assert.throws(() => m.InPlaceRemainder(1n, 0n), ZeroDivisionError);
  assert.throws(() => m.Divmod(1n, 0n), ZeroDivisionError);
});

test('Remainder is JS % (sign of the dividend), NaN for zero divisors', () => {
  assert.equal(m.Remainder(-7, 2), -1);
  assert.equal(m.Remainder(7.5, 2), 1.5);
  assert.ok(Number.isNaN(m.Remainder(1, 0)));
  assert.equal(m.Remainder(5, Infinity), 5);
  assert.equal(m.Remainder(5n, 3n), 2n);
});

test('Divmod returns a frozen [quotient, remainder] tuple with floor semantics', () => {
  const r = m.Divmod(-7, 2);
  assert.deepEqual(r, [-4, 1]);
  assert.ok(Object.isFrozen(r));
  assert.deepEqual(m.Divmod(7n, -2n), [-4n, -1n]);
});

test('Power without modulus is **, including its NaN cases', () => {
  assert.equal(m.Power(2, 10), 1024);
  assert.equal(m.Power(2, -1), 0.5);
  assert.ok(Number.isNaN(m.Power(1, NaN)));
  assert.ok(Number.isNaN(m.Power(-1, Infinity)));
  assert.equal(m.Power(NaN, 0), 1);
  assert.equal(m.Power(2n, 70n), 2n ** 70n);
});

test('Power with a modulus computes modular exponentiation', () => {
  assert.equal(m.Power(3, 4, 5), 1);
  assert.equal(m.Power(3n, 200n, 7n), 3n ** 200n % 7n);
  assert.throws(() => m.Power(3, -1, 5), ValueError);
});

test('Power of a BigInt to a negative BigInt raises the JS RangeError', () => {
  assert.throws(() => m.Power(2n, -1n), RangeError);
});

test('Negative/Positive/Absolute follow unary -, + and Math.abs', () => {
  assert.equal(m.Negative(3), -3);
  assert.equal(m.Negative(5n), -5n);
  assert.equal(m.Positive('3'), 3);
  assert.equal(m.Positive(7n), 7n);
  assert.equal(m.Absolute(-2.5), 2.5);
  assert.equal(m.Absolute(-(2n ** 70n)), 2n ** 70n);
  assert.ok(Number.isNaN(m.Negative('x')));
});

test('Invert is ~ on the ToInt32 of a number, and on BigInts', () => {
  assert.equal(m.Invert(5), -6);
  assert.equal(m.Invert(1.9), -2);
  assert.equal(m.Invert(2 ** 32 + 1), -2);
  assert.equal(m.Invert(NaN), -1);
  assert.equal(m.Invert(5n), -6n);
});

test('shifts work on 32-bit integers like JS << and >>', () => {
  assert.equal(m.Lshift(1, 31), -2147483648);
  assert.equal(m.Lshift(1, 32), 1);
  assert.equal(m.Lshift(-1, 4), -16);
  assert.equal(m.Rshift(-8, 1), -4);
  assert.equal(m.Rshift(2 ** 31, 0), -2147483648);
  assert.equal(m.Lshift(1n, 70n), 2n ** 70n);
});

test('And/Xor/Or apply ToInt32 (fractions, NaN, values beyond 2^32)', () => {
  assert.equal(m.And(2 ** 32 + 3, 1), 1);
  assert.equal(m.Xor(5, 3), 6);
  assert.equal(m.Or(5.7, 2), 7);
  assert.equal(m.Or(NaN, 0), 0);
  assert.equal(m.Or(-Infinity, 1), 1);
  assert.equal(m.And(-(2 ** 31) - 1, -1), 2147483647);
  assert.equal(m.Xor(0xffn, 0x0fn), 0xf0n);
});

test('bitwise operators on a BigInt and a number raise TypeError', () => {
  assert.throws(() => m.And(1n, 1), TypeError);
});

test('MatrixMultiply raises TypeError: JavaScript has no @', () => {
  assert.throws(() => m.MatrixMultiply([1], [2]), { name: 'TypeError', message: /matrix/ });
  assert.throws(() => m.InPlaceMatrixMultiply(1, 2), TypeError);
});

test('every InPlace operation gives the same result as its plain twin', () => {
  const cases: Array<[unknown, unknown]> = [[7, 2], [-7, 3], [7n, 2n], [5.5, 2]];
  for (const n of INPLACE.filter((x) => x !== 'MatrixMultiply')) {
    for (const [a, b] of cases) {
      let plain: unknown, inplace: unknown;
      try { plain = m[n](a, b); } catch (e) { plain = (e as Error).constructor; }
      try { inplace = m[`InPlace${n}`](a, b); } catch (e) { inplace = (e as Error).constructor; }
      assert.deepEqual(inplace, plain, `${n}(${a}, ${b})`);
    }
  }
  assert.equal(m.InPlacePower(2, 3), 8);
  assert.equal(m.InPlacePower(2, 3, 3), 2);
});

test('InPlaceAdd on an array does not mutate it (JS has no in-place +)', () => {
  const a = [1];
  assert.equal(m.InPlaceAdd(a, [2]), '12');
  assert.deepEqual(a, [1]);
});

test('Index returns integers as they are and rejects everything else with TypeError', () => {
  assert.equal(m.Index(5), 5);
  assert.equal(m.Index(-0), 0);
  assert.equal(m.Index(true), 1);
  assert.equal(m.Index(2n ** 70n), 2n ** 70n);
  for (const bad of [1.5, NaN, '1', null, {}]) assert.throws(() => m.Index(bad), TypeError, String(bad));
});

test('Long truncates numbers, becomes BigInt beyond 2^53 and parses integer strings', () => {
  assert.equal(m.Long(3.9), 3);
  assert.equal(m.Long(-3.9), -3);
  assert.ok(Object.is(m.Long(-0.5), 0), 'no negative zero');
  assert.equal(m.Long(1e20), 100000000000000000000n);
  assert.equal(m.Long(' 42 '), 42);
  assert.equal(m.Long('123456789012345678901234567890'), 123456789012345678901234567890n);
  assert.equal(m.Long(true), 1);
  assert.equal(m.Long(5n), 5n);
});

test('Long raises ValueError for NaN and bad strings, OverflowError for Infinity, TypeError otherwise', () => {
  assert.throws(() => m.Long(NaN), ValueError);
  assert.throws(() => m.Long('1.5'), ValueError);
  assert.throws(() => m.Long(Infinity), OverflowError);
  assert.throws(() => m.Long({}), TypeError);
  assert.throws(() => m.Long(undefined), TypeError);
});

test('Float converts numbers, BigInts, booleans and numeric strings', () => {
  assert.equal(m.Float(3), 3);
  assert.equal(m.Float('2.5'), 2.5);
  assert.equal(m.Float(3n), 3);
  assert.equal(m.Float(false), 0);
});

test('Float raises ValueError for non-numeric strings and TypeError for objects', () => {
  assert.throws(() => m.Float('x'), ValueError);
  assert.throws(() => m.Float(''), ValueError);
  assert.throws(() => m.Float({}), TypeError);
});

test('Number_Check is true for numbers, BigInts and booleans only', () => {
  for (const yes of [0, NaN, 1.5, 1n, true]) assert.equal(m.Number_Check(yes), true, String(yes));
  for (const no of ['1', null, undefined, {}, [1], () => 1]) assert.equal(m.Number_Check(no), false, String(no));
});

test('IsTrue is JavaScript truthiness', () => {
  for (const f of [0, -0, NaN, '', 0n, null, undefined, false]) assert.equal(m.IsTrue(f), false, String(f));
  for (const t of [1, -1, 'a', '0', [], {}, 1n, true, () => 0]) assert.equal(m.IsTrue(t), true, String(t));
});

test('an operation on a closed handle raises SystemError', () => {
  assert.throws(() => m.add_closed(1), { name: 'SystemError', message: /invalid handle/ });
  assert.throws(() => m.add_closed('s'), SystemError);
});

test('IsTrue on a closed handle returns -1 with SystemError', () => {
  assert.throws(() => m.istrue_closed(), SystemError);
});

test('a loop of InPlaceAdd with closes sums correctly (unboxed fast path)', () => {
  assert.equal(m.sum_loop(1000), 500500);
});


test('in trace mode InPlaceAdd counts as ctx_InPlaceAdd, not ctx_Add', () => {
  const t = makeModule(SRC, { mode: 'trace' });
  const before = get_call_counts();
  assert.equal(t.InPlaceAdd(1, 2), 3);
  assert.equal(t.Add(1n, 2n), 3n);
  assert.deepEqual(diff(before, get_call_counts()), { ctx_InPlaceAdd: 1, ctx_Add: 1 });
});

test('in trace mode Power and Number_Check count once each', () => {
  const t = makeModule(SRC, { mode: 'trace' });
  const before = get_call_counts();
  t.Power(2, 3);
  t.Number_Check('x');
  assert.deepEqual(diff(before, get_call_counts()), { ctx_Power: 1, ctx_Number_Check: 1, ctx_Bool_FromBool: 1 });
});
