// HPyArg_Parse: every format unit of HPy 0.9.0 and the behaviour its
// test_argparse.py checks (TestParseItem, TestArgParse), on JavaScript
// values. Integers that C returns beyond ±2^53 come back as BigInts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeModule } from '../support/make-module';
import { OverflowError, SystemError, ValueError } from '../../src/index';

// One method per case, as HPy's make_parse_item: parse one argument with
// `unit` into a C `type`, return it through `back`.
const ITEMS: Array<[name: string, unit: string, type: string, back: string]> = [
  ['b', 'b', 'unsigned char', 'HPyLong_FromInt64_t'],
  ['B', 'B', 'unsigned char', 'HPyLong_FromInt64_t'],
  ['h', 'h', 'short', 'HPyLong_FromInt64_t'],
  ['H_short', 'H', 'short', 'HPyLong_FromInt64_t'],
  ['H_ushort', 'H', 'unsigned short', 'HPyLong_FromUInt64_t'],
  ['i', 'i', 'int', 'HPyLong_FromInt64_t'],
  ['I_int', 'I', 'int', 'HPyLong_FromInt64_t'],
  ['I_uint', 'I', 'unsigned int', 'HPyLong_FromUInt64_t'],
  ['l', 'l', 'long', 'HPyLong_FromInt64_t'],
  ['k_long', 'k', 'long', 'HPyLong_FromInt64_t'],
  ['k_ulong', 'k', 'unsigned long', 'HPyLong_FromUInt64_t'],
  ['L', 'L', 'long long', 'HPyLong_FromInt64_t'],
  ['K_ll', 'K', 'long long', 'HPyLong_FromInt64_t'],
  ['K_ull', 'K', 'unsigned long long', 'HPyLong_FromUInt64_t'],
  ['n', 'n', 'HPy_ssize_t', 'HPyLong_FromSsize_t'],
  ['f', 'f', 'float', 'HPyFloat_FromDouble'],
  ['d', 'd', 'double', 'HPyFloat_FromDouble'],
  ['O', 'O', 'HPy', 'HPy_Dup'],
  ['p', 'p', 'int', 'HPyLong_FromInt64_t'],
  ['s', 's', 'const char *', 'HPyUnicode_FromString'],
];

const item = ([name, unit, type, back]: (typeof ITEMS)[number]) => `
HPyDef_METH(item_${name}, "item_${name}", HPyFunc_VARARGS)
static HPy item_${name}_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    ${type} a;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "${unit}", &a))
        return HPy_NULL;
    return ${back}(ctx, a);
}`;

type Fn = (...args: unknown[]) => unknown;
const items = makeModule<Record<string, Fn>>(ITEMS.map(item).join('\n'));

// Returns a + b, b defaulting to 5 when the format makes it optional.
const twoArgAdd = (name: string, fmt: string) => `
HPyDef_METH(${name}, "${name}", HPyFunc_VARARGS)
static HPy ${name}_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    HPy a, b = HPy_NULL, res;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "${fmt}", &a, &b))
        return HPy_NULL;
    b = HPy_IsNull(b) ? HPyLong_FromInt64_t(ctx, 5) : HPy_Dup(ctx, b);
    res = HPy_Add(ctx, a, b);
    HPy_Close(ctx, b);
    return res;
}`;

const m = makeModule<Record<string, Fn>>(`
${twoArgAdd('unsupported', 'ZZ:two_add')}
${twoArgAdd('named', 'OO:two_add')}
${twoArgAdd('optional', 'O|O')}
${twoArgAdd('kwonly', 'O$O:two_add')}
${twoArgAdd('default_message', 'OOO')}
${twoArgAdd('my_func', 'OOO:my_func')}
${twoArgAdd('overridden', 'OOO;my-error-message')}
HPyDef_METH(many_ints, "many_ints", HPyFunc_VARARGS)
static HPy many_ints_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    long a, b, c, d, e;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "lllll", &a, &b, &c, &d, &e))
        return HPy_NULL;
    return HPyLong_FromInt64_t(ctx, 10000*a + 1000*b + 100*c + 10*d + e);
}
HPyDef_METH(many_handles, "many_handles", HPyFunc_VARARGS)
static HPy many_handles_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    HPy a, b;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "OO", &a, &b))
        return HPy_NULL;
    return HPy_Add(ctx, a, b);
}
HPyDef_METH(with_tracker, "with_tracker", HPyFunc_VARARGS)
static HPy with_tracker_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    HPy a, b, result;
    HPyTracker ht;
    if (!HPyArg_Parse(ctx, &ht, args, nargs, "OO", &a, &b))
        return HPy_NULL;
    result = HPy_Add(ctx, a, b);
    HPyTracker_Close(ctx, ht);
    return result;
}
/* every unit after '|': what is not given keeps its default */
HPyDef_METH(defaults, "defaults", HPyFunc_VARARGS)
static HPy defaults_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    long l = -7; double d = -7.5; int p = -7; const char *s = "default"; HPy o = ctx->h_True;
    unsigned char b = 7; long long L = -7;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "|ldpsObL", &l, &d, &p, &s, &o, &b, &L))
        return HPy_NULL;
    return HPy_BuildValue(ctx, "ldisOiL", l, d, p, s, o, (int)b, L);
}
`);

test('b: an unsigned char, OverflowError outside 0..255 with HPy\'s messages', () => {
  assert.equal(items.item_b(0), 0);
  assert.equal(items.item_b(1), 1);
  assert.equal(items.item_b(255), 255);
  assert.throws(() => items.item_b(256), { name: 'OverflowError', message: 'function unsigned byte integer is greater than maximum' });
  assert.throws(() => items.item_b(-1), (e: unknown) => e instanceof OverflowError && e.message === 'function unsigned byte integer is less than minimum');
});

test('B: wraps modulo 2^8', () => {
  assert.deepEqual([0, 1, 2 ** 8 - 1, 2 ** 8, -1].map((v) => items.item_B(v)), [0, 1, 255, 0, 255]);
});

test('h: a short, OverflowError outside its range', () => {
  for (const v of [0, 1, -1, 2 ** 15 - 1, -(2 ** 15)]) assert.equal(items.item_h(v), v);
  assert.throws(() => items.item_h(2 ** 15), { name: 'OverflowError', message: 'function signed short integer is greater than maximum' });
  assert.throws(() => items.item_h(-(2 ** 15) - 1), { name: 'OverflowError', message: 'function signed short integer is less than minimum' });
});

test('H: wraps modulo 2^16, into short and unsigned short', () => {
  const cases: Array<[number, number, number]> = [
    [0, 0, 0], [1, 1, 1], [-1, -1, 2 ** 16 - 1], [2 ** 15 - 1, 2 ** 15 - 1, 2 ** 15 - 1], [-(2 ** 15), -(2 ** 15), 2 ** 15],
    [2 ** 16 - 1, -1, 2 ** 16 - 1], [-(2 ** 16) + 1, 1, 1], [2 ** 16, 0, 0], [-(2 ** 16), 0, 0],
  ];
  for (const [v, asShort, asUnsigned] of cases) {
    assert.equal(items.item_H_short(v), asShort, `H short ${v}`);
    assert.equal(items.item_H_ushort(v), asUnsigned, `H unsigned short ${v}`);
  }
});

test('i: an int, OverflowError outside its range', () => {
  for (const v of [0, 1, -1, 2 ** 31 - 1, -(2 ** 31)]) assert.equal(items.item_i(v), v);
  assert.throws(() => items.item_i(2 ** 31), { name: 'OverflowError', message: 'function signed integer is greater than maximum' });
  assert.throws(() => items.item_i(-(2 ** 31) - 1), { name: 'OverflowError', message: 'function signed integer is less than minimum' });
});

test('I: wraps modulo 2^32, into int and unsigned int', () => {
  const cases: Array<[number, number, number]> = [
    [0, 0, 0], [1, 1, 1], [-1, -1, 2 ** 32 - 1], [2 ** 31 - 1, 2 ** 31 - 1, 2 ** 31 - 1], [-(2 ** 31), -(2 ** 31), 2 ** 31],
    [2 ** 32 - 1, -1, 2 ** 32 - 1], [-(2 ** 32) + 1, 1, 1], [2 ** 32, 0, 0], [-(2 ** 32), 0, 0],
  ];
  for (const [v, asInt, asUnsigned] of cases) {
    assert.equal(items.item_I_int(v), asInt, `I int ${v}`);
    assert.equal(items.item_I_uint(v), asUnsigned, `I unsigned int ${v}`);
  }
});

test('l and L: a (long) long, OverflowError beyond 64 bits; BigInts in and out', () => {
  for (const f of [items.item_l, items.item_L]) {
    for (const v of [0, 1, -1]) assert.equal(f(v), v);
    assert.equal(f(2n ** 63n - 1n), 2n ** 63n - 1n);
    assert.equal(f(-(2n ** 63n)), -(2n ** 63n));
    assert.equal(f(12n), 12, 'a small BigInt comes back as a number');
    assert.throws(() => f(2n ** 63n), OverflowError);
    assert.throws(() => f(-(2n ** 63n) - 1n), OverflowError);
  }
});

test('k and K: wrap modulo 2^64, into signed and unsigned', () => {
  for (const [signed, unsigned] of [[items.item_k_long, items.item_k_ulong], [items.item_K_ll, items.item_K_ull]]) {
    const cases: Array<[bigint | number, bigint | number, bigint | number]> = [
      [0, 0, 0], [1, 1, 1], [-1, -1, 2n ** 64n - 1n],
      [2n ** 63n - 1n, 2n ** 63n - 1n, 2n ** 63n - 1n], [-(2n ** 63n), -(2n ** 63n), 2n ** 63n],
      [2n ** 64n - 1n, -1, 2n ** 64n - 1n], [-(2n ** 64n) + 1n, 1, 1], [2n ** 64n, 0, 0], [-(2n ** 64n), 0, 0],
    ];
    for (const [v, asSigned, asUnsigned] of cases) {
      assert.equal(signed(v), asSigned, `signed ${v}`);
      assert.equal(unsigned(v), asUnsigned, `unsigned ${v}`);
    }
  }
});

test('n: an HPy_ssize_t, OverflowError beyond it', () => {
  for (const v of [0, 1, -1]) assert.equal(items.item_n(v), v);
  assert.equal(items.item_n(2n ** 63n - 1n), 2n ** 63n - 1n);
  assert.equal(items.item_n(-(2n ** 63n)), -(2n ** 63n));
  assert.throws(() => items.item_n(2n ** 63n), OverflowError);
  assert.throws(() => items.item_n(-(2n ** 63n) - 1n), OverflowError);
});

test('f and d: numbers to float and double; TypeError for a string', () => {
  assert.equal(items.item_f(1.0), 1);
  assert.equal(items.item_f(-2), -2);
  assert.equal(items.item_f(0.1), Math.fround(0.1), 'f rounds to a C float');
  assert.equal(items.item_d(0.1), 0.1);
  assert.equal(items.item_d(-2), -2);
  assert.throws(() => items.item_f('x'), TypeError);
  assert.throws(() => items.item_d('x'), TypeError);
});

test('O: the argument itself', () => {
  assert.equal(items.item_O('a'), 'a');
  assert.equal(items.item_O(5), 5);
  const obj = { some: 'object' };
  assert.equal(items.item_O(obj), obj);
});

test('p: JavaScript truthiness', () => {
  const cases: Array<[unknown, number]> = [
    [0, 0], [1, 1], [-1, 1], [false, 0], [true, 1], ['', 0], ['0', 1], [undefined, 0], [null, 0], [NaN, 0],
    // Python's [] is false; JavaScript's is true (the value mapping's HPy_IsTrue)
    [[], 1], [[0], 1],
  ];
  for (const [v, expected] of cases) assert.equal(items.item_p(v), expected, `p ${String(v)}`);
});

test('s: a string as UTF-8; ValueError for an embedded NUL, TypeError for a non-string', () => {
  assert.equal(items.item_s('hello HPy'), 'hello HPy');
  assert.equal(items.item_s('héllo €😀'), 'héllo €😀');
  assert.throws(() => items.item_s('hello\0HPy'), (e: unknown) => e instanceof ValueError && e.message === 'function embedded null character');
  assert.throws(() => items.item_s(Buffer.from('hello HPy')), { name: 'TypeError', message: 'function a string is required' });
  assert.throws(() => items.item_s(42), { name: 'TypeError', message: 'function a string is required' });
});

test('a value that is not an integer is the host\'s TypeError', () => {
  for (const f of [items.item_b, items.item_i, items.item_l, items.item_K_ull, items.item_n]) {
    assert.throws(() => f('7'), TypeError);
    assert.throws(() => f(1.5), TypeError);
  }
});

test('many arguments: integers and handles', () => {
  assert.equal(m.many_ints(4, 5, 6, 7, 8), 45678);
  assert.equal(m.many_handles('a', 'b'), 'ab');
});

test('with an HPyTracker', () => {
  assert.equal(m.with_tracker('a', 'b'), 'ab');
  assert.throws(() => m.with_tracker('a'), { name: 'TypeError', message: 'function required positional argument missing' });
});

test('an unknown format unit is a SystemError', () => {
  assert.throws(() => m.unsupported('a'), (e: unknown) => e instanceof SystemError && e.message === 'two_add() unknown arg format code');
});

test('too few and too many arguments are TypeErrors', () => {
  assert.throws(() => m.named(), { name: 'TypeError', message: 'two_add() required positional argument missing' });
  assert.throws(() => m.named(1, 2, 3), { name: 'TypeError', message: 'two_add() mismatched args (too many arguments for fmt)' });
});

test('| makes the rest optional; $ is not a unit of HPyArg_Parse', () => {
  assert.equal(m.optional(1), 6);
  assert.equal(m.optional(3, 4), 7);
  assert.throws(() => m.kwonly(1, 2), { name: 'SystemError', message: 'two_add() unknown arg format code' });
});

test('error messages: default, :name, ;message', () => {
  assert.throws(() => m.default_message(1, 2), { name: 'TypeError', message: 'function required positional argument missing' });
  assert.throws(() => m.my_func(1, 2), { name: 'TypeError', message: 'my_func() required positional argument missing' });
  assert.throws(() => m.overridden(1, 2), { name: 'TypeError', message: 'my-error-message' });
});

test('optional arguments not given keep their C defaults, whatever their unit', () => {
  assert.deepEqual(m.defaults(), [-7, -7.5, -7, 'default', true, 7, -7]);
  assert.deepEqual(m.defaults(1, 2.5, [], 'x', null, 200, 2n ** 62n), [1, 2.5, 1, 'x', null, 200, 2n ** 62n]);
  assert.deepEqual(m.defaults(1, 2.5), [1, 2.5, -7, 'default', true, 7, -7]);
});
