// HPyUnicode_FromFormat and HPyErr_Format: the cases of HPy 0.9.0's
// test_hpyunicode.py (test_FromFormat*, taken there from CPython) and
// test_hpyerr.py (test_HPyErr_Format), on JavaScript values.
//
// HPy's table formats None with %S %R %A, whose text is "None". JavaScript's
// None is undefined ("undefined"), so the table's methods take an object
// whose String(), inspect() and so HPy_Str, HPy_Repr and HPy_ASCII are all
// "None", and the expected strings stay HPy's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { makeModule } from '../support/make-module';
import { MemoryError, OverflowError, SystemError, ValueError } from '../../src/index';

type Fn = (...args: unknown[]) => unknown;
type Expected = string | [error: new (...a: never[]) => Error, message: string | RegExp];
type Case = [fmt: string, expected: Expected, args: string];

const NONE_LIKE = { toString: () => 'None', [inspect.custom]: () => 'None' };

// ---- the table ----------------------------------------------------------

const CAST: Record<string, string> = {
  d: 'int', i: 'int', u: 'unsigned int', ld: 'long', li: 'long', lu: 'unsigned long', lld: 'long long',
  lli: 'long long', llu: 'unsigned long long', zd: 'HPy_ssize_t', zi: 'HPy_ssize_t', zu: 'size_t', x: 'int',
};
const DECIMAL = ['d', 'i', 'u', 'ld', 'li', 'lu', 'lld', 'lli', 'llu', 'zd', 'zi', 'zu'];
const SIGNED = ['d', 'i', 'ld', 'li', 'lld', 'lli', 'zd', 'zi'];

// [spec, 123 in decimal, 123 in %x]
const POSITIVE: Array<[string, string, string]> = [
  ['', '123', '7b'], ['1', '123', '7b'], ['5', '  123', '   7b'], ['05', '00123', '0007b'],
  ['.1', '123', '7b'], ['.5', '00123', '0007b'], ['7.5', '  00123', '  0007b'], ['07.5', '0000123', '000007b'],
  ['5.7', '0000123', '000007b'], ['05.7', '0000123', '000007b'],
];
// [spec, -123 in decimal], and [spec, -123 in %x] (0xffffff85 is 8 digits wide)
const NEGATIVE: Array<[string, string]> = [
  ['', '-123'], ['1', '-123'], ['5', ' -123'], ['05', '-0123'], ['.1', '-123'], ['.5', '-00123'],
  ['7.5', ' -00123'], ['07.5', '-000123'], ['5.7', '-0000123'], ['05.7', '-0000123'],
];
const NEGATIVE_X: Array<[string, string]> = [
  ['', 'ffffff85'], ['1', 'ffffff85'], ['9', ' ffffff85'], ['09', '0ffffff85'], ['.1', 'ffffff85'],
  ['.9', '0ffffff85'], ['10.9', ' 0ffffff85'], ['010.9', '00ffffff85'], ['9.10', '00ffffff85'], ['09.10', '00ffffff85'],
];
// [spec, "None" formatted]
const STRINGS: Array<[string, string]> = [
  ['', 'None'], ['1', 'None'], ['5', ' None'], ['.1', 'N'], ['.5', 'None'], ['5.1', '    N'], ['1.5', 'None'],
];
const STRING_ARGS: Array<[string, string]> = [
  ['s', '"None"'], ['U', 'unicode'], ['A', 'none'], ['S', 'none'], ['R', 'none'], ['V', 'unicode, "ignored"'], ['V', 'HPy_NULL, "None"'],
];

const CASES: Case[] = [
  // unrecognized
  ['%y%d', [SystemError, 'invalid format string'], "'w', 42"],
  ['%04.2y%d', [SystemError, 'invalid format string'], "'w', 42"],
  ['%u %? %u', [SystemError, 'invalid format string'], '1, 2'],
  // "%%" (options are rejected)
  ['%%', '%', '0'],
  ['%%%c', '%w', "'w'"],
  ...['%0%', '%00%', '%2%', '%02%', '%.0%', '%.2%'].map((f): Case => [f, [SystemError, 'invalid format string'], '0']),
  ['%c', 'c', "'c'"],
  ...POSITIVE.flatMap(([spec, dec, hex]) => [
    ...DECIMAL.map((u): Case => [`%${spec}${u}`, dec, `(${CAST[u]})123`]),
    [`%${spec}x`, hex, '(int)123'] as Case,
  ]),
  ...NEGATIVE.flatMap(([spec, dec]) => SIGNED.map((u): Case => [`%${spec}${u}`, dec, `(${CAST[u]})-123`])),
  ...NEGATIVE_X.map(([spec, hex]): Case => [`%${spec}x`, hex, '(int)-123']),
  // precision 0 and the value 0: "0", not C's empty string
  ...[...DECIMAL, 'x'].map((u): Case => [`%.0${u}`, '0', `(${CAST[u]})0`]),
  ...STRINGS.flatMap(([spec, text]) => STRING_ARGS.map(([u, args]): Case => [`%${spec}${u}`, text, args])),
  ['%c', [OverflowError, 'character argument not in range(0x110000)'], '0x10ffff + 2'],
  // HPy's has h_True and h_False: "True" and "False" in Python
  ['check if %5d %s %6.3d is %5S or %6.3S', 'check if    42 ==   -042 is  true or    fal', '42, "==", -42, ctx->h_True, ctx->h_False'],
  // stricter than CPython, as in HPy
  ['%s', [SystemError, "null c string passed as value for formatting unit '%s'"], '(const char *)NULL'],
  ...['%4p', '%.4p', '%8.4p'].map((f): Case => [f, [SystemError, "formatting unit '%p' does not support width nor precision"], '(void *)0']),
  ...['%04p', '%08.4p', '%0p'].map((f): Case => [f, [SystemError, "formatting unit '%p' does not support 0-padding"], '(void *)0']),
  ...['%4c', '%.4c', '%8.4c'].map((f): Case => [f, [SystemError, "formatting unit '%c' does not support width nor precision"], '0']),
  ...['%04c', '%08.4c'].map((f): Case => [f, [SystemError, "formatting unit '%c' does not support 0-padding"], '0']),
  ...['U', 'S', 'R', 'A'].map((u): Case => [`%${u}`, [SystemError, /HPy_NULL passed/], 'HPy_NULL']),
  ...['s', 'U', 'V', 'S', 'R', 'A'].map((u): Case => [`%0${u}`, [SystemError, `formatting unit '%${u}' does not support 0-padding`], '0']),
];

const method = ([fmt, , args]: Case, i: number) => `
HPyDef_METH(a${i}, "a${i}", HPyFunc_O)
static HPy a${i}_impl(HPyContext *ctx, HPy self, HPy none) {
    HPy unicode = HPyUnicode_FromString(ctx, "None");
    if (HPy_IsNull(unicode)) return HPy_NULL;
    HPy result = HPyUnicode_FromFormat(ctx, "${fmt}", ${args});
    HPy_Close(ctx, unicode);
    return result;
}`;

test(`HPy's table: ${CASES.length} formats`, () => {
  const m = makeModule<Record<string, Fn>>(CASES.map(method).join('\n'));
  CASES.forEach((c, i) => {
    const [fmt, expected, args] = c;
    const what = `HPyUnicode_FromFormat("${fmt}", ${args})`;
    if (typeof expected === 'string') {
      assert.equal(m[`a${i}`](NONE_LIKE), expected, what);
    } else {
      const [type, message] = expected;
      assert.throws(() => m[`a${i}`](NONE_LIKE), (e: unknown) => {
        assert.ok(e instanceof type, `${what}: ${String(e)} is not a ${type.name}`);
        if (typeof message === 'string') assert.equal((e as Error).message, message, what);
        else assert.match((e as Error).message, message, what);
        return true;
      });
    }
  });
});

// ---- the other tests of test_hpyunicode.py and test_hpyerr.py ---------------

const m = makeModule<Record<string, Fn>>(`
#include <stdio.h>
#include <string.h>
HPyDef_METH(p, "p", HPyFunc_NOARGS)
static HPy p_impl(HPyContext *ctx, HPy self) {
    return HPyUnicode_FromFormat(ctx, "prefix-%p-suffix", (void *)0xbeef);
}
HPyDef_METH(p_null, "p_null", HPyFunc_NOARGS)
static HPy p_null_impl(HPyContext *ctx, HPy self) {
    return HPyUnicode_FromFormat(ctx, "%p", (void *)NULL);
}
HPyDef_METH(S, "S", HPyFunc_O)
static HPy S_impl(HPyContext *ctx, HPy self, HPy arg) { return HPyUnicode_FromFormat(ctx, "prefix-%S-suffix", arg); }
HPyDef_METH(R, "R", HPyFunc_O)
static HPy R_impl(HPyContext *ctx, HPy self, HPy arg) { return HPyUnicode_FromFormat(ctx, "prefix-%R-suffix", arg); }
HPyDef_METH(A, "A", HPyFunc_O)
static HPy A_impl(HPyContext *ctx, HPy self, HPy arg) { return HPyUnicode_FromFormat(ctx, "prefix-%A-suffix", arg); }
HPyDef_METH(no_ascii_fmt, "no_ascii_fmt", HPyFunc_O)
static HPy no_ascii_fmt_impl(HPyContext *ctx, HPy self, HPy arg) {
    HPy_ssize_t s;
    const char *fmt = HPyUnicode_AsUTF8AndSize(ctx, arg, &s);
    return HPyUnicode_FromFormat(ctx, fmt);
}
HPyDef_METH(unicode_width, "unicode_width", HPyFunc_O)
static HPy unicode_width_impl(HPyContext *ctx, HPy self, HPy arg) { return HPyUnicode_FromFormat(ctx, "%10.5S", arg); }
HPyDef_METH(U_width, "U_width", HPyFunc_O)
static HPy U_width_impl(HPyContext *ctx, HPy self, HPy arg) { return HPyUnicode_FromFormat(ctx, "[%4U|%.1U]", arg, arg); }
HPyDef_METH(long_format, "long_format", HPyFunc_NOARGS)
static HPy long_format_impl(HPyContext *ctx, HPy self) {
    const size_t chunk_size = 1000 + 1; /* for the '%d' */
    const size_t total_size = (1000 + 1) * 5 + 1;
    char fmt[(1000 + 1) * 5 + 1];
    memset(fmt, 'a', total_size);
    fmt[total_size - 1] = '\\0';
    for (size_t i = 0; i < 5; i++) {
        fmt[i * chunk_size] = '%';
        fmt[(i * chunk_size) + 1] = 'd';
    }
    return HPyUnicode_FromFormat(ctx, fmt, 1, 2, 3, 4, 5);
}
HPyDef_METH(width, "width", HPyFunc_NOARGS)
static HPy width_impl(HPyContext *ctx, HPy self) {
    char fmt[512];
    snprintf(fmt, sizeof fmt, "%%%llud", ((unsigned long long)HPY_SSIZE_T_MAX) + 1ull);
    return HPyUnicode_FromFormat(ctx, fmt, 42);
}
HPyDef_METH(precision, "precision", HPyFunc_NOARGS)
static HPy precision_impl(HPyContext *ctx, HPy self) {
    char fmt[512];
    snprintf(fmt, sizeof fmt, "%%.%llud", ((unsigned long long)HPY_SSIZE_T_MAX) + 1ull);
    return HPyUnicode_FromFormat(ctx, fmt, 42);
}
/* a width no memory holds: MemoryError, not a crash */
HPyDef_METH(huge_width, "huge_width", HPyFunc_NOARGS)
static HPy huge_width_impl(HPyContext *ctx, HPy self) {
    char fmt[512];
    snprintf(fmt, sizeof fmt, "%%%lldd", (long long)HPY_SSIZE_T_MAX);
    return HPyUnicode_FromFormat(ctx, fmt, 42);
}
HPyDef_METH(nul_char, "nul_char", HPyFunc_O)
static HPy nul_char_impl(HPyContext *ctx, HPy self, HPy arg) { return HPyUnicode_FromFormat(ctx, "a%cb|%U|%c", 0, arg, 0x1F600); }
HPyDef_METH(s_precision, "s_precision", HPyFunc_NOARGS)
static HPy s_precision_impl(HPyContext *ctx, HPy self) {
    /* "h\\xc3\\xa9llo": the precision of %s counts bytes, and never cuts a character */
    return HPyUnicode_FromFormat(ctx, "%.2s|%.3s|%6.2s", "h\\xc3\\xa9llo", "h\\xc3\\xa9llo", "h\\xc3\\xa9llo");
}
HPyDef_METH(V_nothing, "V_nothing", HPyFunc_NOARGS)
static HPy V_nothing_impl(HPyContext *ctx, HPy self) { return HPyUnicode_FromFormat(ctx, "%V", HPy_NULL, (const char *)NULL); }
HPyDef_METH(values, "values", HPyFunc_NOARGS)
static HPy values_impl(HPyContext *ctx, HPy self) {
    return HPyUnicode_FromFormat(ctx, "%S %R %A %S", ctx->h_None, ctx->h_True, ctx->h_None, ctx->h_NotImplemented);
}
HPyDef_METH(extremes, "extremes", HPyFunc_NOARGS)
static HPy extremes_impl(HPyContext *ctx, HPy self) {
    return HPyUnicode_FromFormat(ctx, "%lld %llu %zd", (long long)(-9223372036854775807LL - 1), 18446744073709551615ULL,
                                 (HPy_ssize_t)HPY_SSIZE_T_MIN);
}
static HPy via_v(HPyContext *ctx, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    HPy r = HPyUnicode_FromFormatV(ctx, fmt, ap);
    va_end(ap);
    return r;
}
HPyDef_METH(formatv, "formatv", HPyFunc_O)
static HPy formatv_impl(HPyContext *ctx, HPy self, HPy arg) { return via_v(ctx, "%d-%S-%s", 7, arg, "end"); }
HPyDef_METH(err_format, "err_format", HPyFunc_O)
static HPy err_format_impl(HPyContext *ctx, HPy self, HPy arg) {
    return HPyErr_Format(ctx, ctx->h_ValueError, "Formatted '%S' and %d", arg, 42);
}
HPyDef_METH(err_format_bad, "err_format_bad", HPyFunc_NOARGS)
static HPy err_format_bad_impl(HPyContext *ctx, HPy self) {
    return HPyErr_Format(ctx, ctx->h_ValueError, "%y", 42);
}
`);

test('%p: 0x and hex digits', () => {
  assert.match(m.p() as string, /^prefix-0x0*beef-suffix$/i);
  assert.equal(m.p_null(), '0x0');
});

test('%S, %R, %A: HPy_Str, HPy_Repr, HPy_ASCII of JavaScript values', () => {
  class MyObj {
    toString(): string {
      return 'MyObj.__str__';
    }
    [inspect.custom](): string {
      return 'MyObj.__repr__ü';
    }
  }
  assert.equal(m.S('ABC'), 'prefix-ABC-suffix');
  assert.equal(m.S(42), 'prefix-42-suffix');
  assert.equal(m.S(new MyObj()), 'prefix-MyObj.__str__-suffix');
  assert.equal(m.R('ABC'), "prefix-'ABC'-suffix");
  assert.equal(m.R(42), 'prefix-42-suffix');
  assert.equal(m.R(new MyObj()), 'prefix-MyObj.__repr__ü-suffix');
  assert.equal(m.A('ABC'), "prefix-'ABC'-suffix");
  assert.equal(m.A(42), 'prefix-42-suffix');
  assert.equal(m.A(new MyObj()), 'prefix-MyObj.__repr__\\xfc-suffix');
  assert.equal(m.values(), 'undefined true undefined Symbol(hpy.NotImplemented)');
});

test('a non-ASCII format is a ValueError naming the byte', () => {
  assert.throws(() => m.no_ascii_fmt('format ü'), (e: unknown) => e instanceof ValueError && e.message === 'expected an ASCII-encoded format string, got a non-ASCII byte: 0xc3');
});

test('width and precision count characters of strings, not bytes or UTF-16 units', () => {
  assert.equal(m.unicode_width('€urΘpe'), '     €urΘp');
  // 😀 is one character (two UTF-16 units in JavaScript, four UTF-8 bytes)
  assert.equal(m.U_width('😀'), '[   😀|😀]');
  assert.equal(m.U_width('ab'), '[  ab|a]');
});

test('%s precision counts bytes and leaves a cut character out', () => {
  assert.equal(m.s_precision(), 'h|hé|     h');
});

test('a long format and output grow past any initial buffer', () => {
  assert.equal(m.long_format(), [1, 2, 3, 4, 5].map((i) => String(i) + 'a'.repeat(999)).join(''));
});

test('width and precision beyond HPy_ssize_t are a ValueError; one beyond memory a MemoryError', () => {
  assert.throws(() => m.width(), (e: unknown) => e instanceof ValueError && e.message === 'width too big');
  assert.throws(() => m.precision(), (e: unknown) => e instanceof ValueError && e.message === 'precision too big');
  assert.throws(() => m.huge_width(), MemoryError);
});

test('NUL characters (%c of 0, a string holding one) are kept; %c writes any code point', () => {
  assert.equal(m.nul_char('x\0y'), 'a\0b|x\0y|😀');
});

test('%V with neither a string nor a C string is a SystemError', () => {
  assert.throws(() => m.V_nothing(), SystemError);
});

test('64-bit extremes', () => {
  assert.equal(m.extremes(), '-9223372036854775808 18446744073709551615 -9223372036854775808');
});

test('HPyUnicode_FromFormatV takes a va_list', () => {
  assert.equal(m.formatv('mid'), '7-mid-end');
});

test('HPyErr_Format raises the formatted message; a bad format raises the format\'s error', () => {
  assert.throws(() => m.err_format('error message'), (e: unknown) => e instanceof ValueError && e.message === "Formatted 'error message' and 42");
  assert.throws(() => m.err_format_bad(), { name: 'SystemError', message: 'invalid format string' });
});
