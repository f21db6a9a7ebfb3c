// HPy 0.9.0's test_number.py, on hpy-node: HPy's tables of unary and binary
// operations, on numbers and on BigInts, with JavaScript's operators (the
// docs/values.md's mapping); a BigInt zero divisor fails HPy_TrueDivide as Python's
// int does (test_hpyerr's "error value returned by API functions"). The
// operator-overloading cases (__matmul__, __iadd__, __ipow__, ...) have no
// JavaScript counterpart; test/universal/number-protocol.test.ts covers the
// rest (MatrixMultiply's TypeError, InPlace* = plain, Number_Check).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ZeroDivisionError } from '../../src/index';
import { makeModule } from '../support/make-module';

const UNARY = ['Negative', 'Positive', 'Absolute', 'Invert', 'Index', 'Long', 'Float'];
const BINARY = ['Add', 'Subtract', 'Multiply', 'FloorDivide', 'TrueDivide', 'Remainder', 'Divmod', 'Lshift', 'Rshift', 'And', 'Xor', 'Or'];

const m = makeModule(`
HPyDef_METH(unary, "unary", HPyFunc_VARARGS)
static HPy unary_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    switch (HPyLong_AsLong(ctx, args[0])) {
${UNARY.map((op, i) => `    case ${i}: return HPy_${op}(ctx, args[1]);`).join('\n')}
    }
    return HPyErr_SetString(ctx, ctx->h_ValueError, "no such operation");
}
HPyDef_METH(binary, "binary", HPyFunc_VARARGS)
static HPy binary_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    switch (HPyLong_AsLong(ctx, args[0])) {
${BINARY.map((op, i) => `    case ${i}: return HPy_${op}(ctx, args[1], args[2]);`).join('\n')}
${BINARY.filter((op) => op !== 'Divmod').map((op) => `    case ${100 + BINARY.indexOf(op)}: return HPy_InPlace${op}(ctx, args[1], args[2]);`).join('\n')}
    }
    return HPyErr_SetString(ctx, ctx->h_ValueError, "no such operation");
}
HPyDef_METH(power, "power", HPyFunc_VARARGS)
static HPy power_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    return HPyLong_AsLong(ctx, args[0]) ? HPy_InPlacePower(ctx, args[1], args[2], args[3])
                                        : HPy_Power(ctx, args[1], args[2], args[3]);
}
/* the result, or -42 when the call failed (the error cleared) */
HPyDef_METH(true_divide_or_42, "true_divide_or_42", HPyFunc_VARARGS)
static HPy true_divide_or_42_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPy r = HPy_TrueDivide(ctx, args[0], args[1]);
    if (HPy_IsNull(r)) {
        HPyErr_Clear(ctx);
        return HPyLong_FromLong(ctx, -42);
    }
    return r;
}`);

const op = (name: string) => UNARY.indexOf(name);

test('the unary operations on -5, 6 and 4.75 (numbers) and on BigInts', () => {
  // [operation, f(-5), f(6), f(4.75) or the error it raises]
  const table: Array<[string, unknown, unknown, unknown]> = [
    ['Negative', 5, -6, -4.75],
    ['Positive', -5, 6, 4.75],
    ['Absolute', 5, 6, 4.75],
    ['Invert', 4, -7, -5], // JavaScript's ~ truncates; Python's int has no float ~ (TypeError)
    ['Index', -5, 6, TypeError],
    ['Long', -5, 6, 4],
    ['Float', -5, 6, 4.75],
  ];
  for (const [name, neg, pos, frac] of table) {
    assert.equal(m.unary(op(name), -5), neg, `${name}(-5)`);
    assert.equal(m.unary(op(name), 6), pos, `${name}(6)`);
    if (typeof frac === 'function') assert.throws(() => m.unary(op(name), 4.75), frac as typeof TypeError, `${name}(4.75)`);
    else assert.equal(m.unary(op(name), 4.75), frac, `${name}(4.75)`);
  }
  const big = 2n ** 70n;
  assert.deepEqual(['Negative', 'Positive', 'Absolute', 'Invert', 'Index', 'Long'].map((name) => m.unary(op(name), -big)), [big, -big, big, big - 1n, -big, -big]);
});

test('the binary operations on (5, 4) and (6, 3), as numbers and as BigInts, and their in-place forms', () => {
  const expected: Record<string, [unknown, unknown]> = {
    Add: [9, 9], Subtract: [1, 3], Multiply: [20, 18], FloorDivide: [1, 2], TrueDivide: [1.25, 2], Remainder: [1, 0],
    Divmod: [[1, 1], [2, 0]], Lshift: [80, 48], Rshift: [0, 0], And: [4, 2], Xor: [1, 5], Or: [5, 7],
  };
  const bigint = (v: unknown): unknown => (Array.isArray(v) ? v.map(bigint) : typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : v);
  BINARY.forEach((name, i) => {
    const [a, b] = expected[name];
    assert.deepEqual(m.binary(i, 5, 4), a, `${name}(5, 4)`);
    assert.deepEqual(m.binary(i, 6, 3), b, `${name}(6, 3)`);
    // BigInts keep Python's integer results (TrueDivide gives a number)
    assert.deepEqual(m.binary(i, 5n, 4n), name === 'TrueDivide' ? a : bigint(a), `${name}(5n, 4n)`);
    if (name !== 'Divmod') assert.deepEqual(m.binary(100 + i, 5, 4), a, `InPlace${name}(5, 4)`);
  });
});

test('HPy_Power and HPy_InPlacePower, with None or a modulus', () => {
  for (const inplace of [0, 1]) {
    assert.equal(m.power(inplace, 4, 5, undefined), 4 ** 5);
    assert.equal(m.power(inplace, 4, 5, 7), 2);
    assert.equal(m.power(inplace, 4n, 5n, 7n), 2n);
  }
});

test('HPy_TrueDivide returns HPy_NULL for a BigInt zero divisor (ZeroDivisionError); a number 0 gives Infinity, as in JavaScript', () => {
  assert.equal(m.true_divide_or_42(21, 3), 7);
  assert.equal(m.true_divide_or_42(21n, 0n), -42);
  assert.throws(() => m.binary(BINARY.indexOf('TrueDivide'), 21n, 0n), (e: Error) => e instanceof ZeroDivisionError && e.message === 'division by zero');
  assert.equal(m.true_divide_or_42(21, 0), Infinity);
});
