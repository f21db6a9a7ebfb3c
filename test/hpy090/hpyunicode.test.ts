// HPy 0.9.0's test_hpyunicode.py (HPyUnicode_FromFormat aside: the helper
// library's tests have it), on hpy-node: HPyUnicode_AsUTF8AndSize with an
// embedded NUL and without a size, HPyUnicode_FromEncodedObject with HPy's
// encodings (UTF-16 included) and error handlers, HPyUnicode_Substring
// against slicing. test/universal/strings.test.ts covers the other functions
// (Check, FromString, FromWideChar, the As*String encoders, the decoders,
// ReadChar, the FS codec).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LookupError, SystemError, UnicodeDecodeError } from '../../src/index';
import { makeModule } from '../support/make-module';

const m = makeModule(`
/* The UTF-8 bytes as digits: with the size AsUTF8AndSize gives, and with
   strlen when the size pointer is NULL. */
static HPy digits(HPyContext *ctx, HPy arg, int with_size)
{
    HPy_ssize_t n;
    const char *s = HPyUnicode_AsUTF8AndSize(ctx, arg, with_size ? &n : NULL);
    if (s == NULL)
        return HPy_NULL;
    if (!with_size)
        n = (HPy_ssize_t)strlen(s);
    long r = 0;
    for (HPy_ssize_t i = 0; i < n; i++)
        r = r * 10 + s[i];
    return HPyLong_FromLong(ctx, r);
}
HPyDef_METH(digits_sized, "digits_sized", HPyFunc_O)
static HPy digits_sized_impl(HPyContext *ctx, HPy self, HPy arg) { return digits(ctx, arg, 1); }
HPyDef_METH(digits_strlen, "digits_strlen", HPyFunc_O)
static HPy digits_strlen_impl(HPyContext *ctx, HPy self, HPy arg) { return digits(ctx, arg, 0); }
/* decode(obj, encoding, errors): None passes HPy_NULL or NULL */
HPyDef_METH(decode, "decode", HPyFunc_VARARGS)
static HPy decode_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    const char *s[2] = { NULL, NULL };
    for (int i = 0; i < 2; i++)
        if (!HPy_Is(ctx, args[i + 1], ctx->h_None) && !(s[i] = HPyUnicode_AsUTF8AndSize(ctx, args[i + 1], NULL)))
            return HPy_NULL;
    return HPyUnicode_FromEncodedObject(ctx, HPy_Is(ctx, args[0], ctx->h_None) ? HPy_NULL : args[0], s[0], s[1]);
}
HPyDef_METH(substring, "substring", HPyFunc_VARARGS)
static HPy substring_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    HPy_ssize_t start = HPyLong_AsSsize_t(ctx, args[1]);
    if (start == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    HPy_ssize_t end = HPyLong_AsSsize_t(ctx, args[2]);
    if (end == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyUnicode_Substring(ctx, args[0], start, end);
}`, { prelude: '#include <string.h>' });

const code = (c: string) => c.charCodeAt(0);

test('HPyUnicode_AsUTF8AndSize counts an embedded NUL; without a size pointer the C string ends there', () => {
  const abc = 100 * code('A') + 10 * code('B') + code('C');
  assert.equal(m.digits_sized('ABC'), abc);
  assert.equal(m.digits_sized('A\0C'), 100 * code('A') + code('C'));
  assert.equal(m.digits_strlen('ABC'), abc);
  assert.equal(m.digits_strlen('A'), code('A'));
  assert.equal(m.digits_strlen('A\0'), code('A'));
});

// "hellö" in UTF-8, and in UTF-16 with its byte order mark
const UTF8 = Buffer.from('hell\xc3\xb6', 'latin1');
const UTF16 = Buffer.from([0xff, 0xfe, 0x68, 0, 0x65, 0, 0x6c, 0, 0x6c, 0, 0xf6, 0]);
const ASCII_CODEPOINTS = Buffer.from(Array.from({ length: 127 }, (_, i) => i + 1));

test('HPyUnicode_FromEncodedObject decodes ASCII, UTF-8 and UTF-16 under every error handler', () => {
  for (const errors of [undefined, 'strict', 'ignore', 'replace']) {
    assert.equal(m.decode(Buffer.from('hello'), 'ascii', errors), 'hello');
    assert.equal(m.decode(UTF8, 'utf8', errors), 'hellö');
    assert.equal(m.decode(UTF16, 'utf16', errors), 'hellö');
    assert.equal(m.decode(ASCII_CODEPOINTS, 'ascii', errors).length, 127);
    assert.equal(m.decode(ASCII_CODEPOINTS, 'utf8', errors).length, 127);
  }
});

test('HPyUnicode_FromEncodedObject: UTF-16 follows its byte order mark, little-endian without one, as Python on this machine', () => {
  assert.equal(m.decode(Buffer.from([0xfe, 0xff, 0, 0x68, 0xd8, 0x3d, 0xde, 0]), 'UTF-16', undefined), 'h😀');
  assert.equal(m.decode(Buffer.from([0x68, 0, 0x69, 0]), 'utf_16', undefined), 'hi');
  assert.equal(m.decode(Buffer.from([0xff, 0xfe, 0x68, 0]), 'utf-16-le', undefined), '\ufeffh', 'utf-16-le keeps a BOM');
  assert.equal(m.decode(Buffer.from([0, 0x68]), 'utf-16-be', undefined), 'h');
  assert.throws(() => m.decode(Buffer.from([0x68, 0, 0x69]), 'utf-16', undefined), (e: Error) =>
    e instanceof UnicodeDecodeError && e.message === "'utf-16-le' codec can't decode byte 0x69 in position 2: truncated data");
  assert.throws(() => m.decode(Buffer.from([0xfe, 0xff, 0xdc, 0]), 'utf-16', undefined), { message: "'utf-16-be' codec can't decode bytes in position 2-3: illegal encoding" });
  assert.throws(() => m.decode(Buffer.from([0, 0xd8, 0x41]), 'utf-16', undefined), { message: "'utf-16-le' codec can't decode bytes in position 0-2: unexpected end of data" });
  assert.equal(m.decode(Buffer.from([0, 0xd8, 0x41, 0]), 'utf-16', 'replace'), '\ufffdA', 'a high surrogate without its pair');
});

test('HPyUnicode_FromEncodedObject defaults to UTF-8 (strict) when the encoding is NULL', () => {
  for (const encoding of [undefined, 'utf8']) {
    assert.equal(m.decode(UTF8, encoding, undefined), 'hellö');
    assert.throws(() => m.decode(UTF16, encoding, undefined), UnicodeDecodeError);
    assert.equal(m.decode(UTF16, encoding, 'replace'), '\ufffd\ufffdh\0e\0l\0l\0\ufffd\0');
    assert.equal(m.decode(UTF16, encoding, 'ignore'), 'h\0e\0l\0l\0\0');
  }
});

test('HPyUnicode_FromEncodedObject refuses an unknown encoding (LookupError), HPy_NULL (SystemError), a string or a number (TypeError)', () => {
  assert.throws(() => m.decode(Buffer.from('hello'), 'qwertyasdf13', undefined), LookupError);
  assert.throws(() => m.decode(undefined, undefined, undefined), SystemError);
  assert.throws(() => m.decode('hello', undefined, undefined), TypeError);
  assert.throws(() => m.decode(123, undefined, undefined), TypeError);
});

test('HPyUnicode_Substring(s, start, end) is s[start:end] for non-negative indices; negative ones are IndexError', () => {
  const cases: Array<[number, number, string]> = [
    [0, 0, ''], [4, 4, ''], [5, 0, ''], [0, 5, 'hello'], [0, 100, 'hello'], [0, 1, 'h'], [0, 2, 'he'],
    [2, 5, 'llo'], [2, 4, 'll'], [100, 105, ''], [2000, 1000, ''], [2, 1, ''],
  ];
  for (const [start, end, expected] of cases) assert.equal(m.substring('hello', start, end), expected, `[${start}:${end}]`);
  assert.throws(() => m.substring('hello', -2, 5), { name: 'IndexError' });
  assert.throws(() => m.substring('hello', 2, -1), { name: 'IndexError' });
  const s = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const n = s.length;
  const indices = [0, 1, 3, 41, 1000, n - 1, n - 2, n - 37];
  for (const start of indices) {
    for (const stop of indices) assert.equal(m.substring(s, start, stop), [...s].slice(start, stop).join(''), `[${start}:${stop}]`);
  }
});
