// HPyBytes_* and HPyUnicode_* in the universal context: bytes are Buffers,
// str is the JavaScript string, conversions follow Python's codecs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeModule } from '../support/make-module';
import { IndexError, LookupError, SystemError, UnicodeDecodeError, UnicodeEncodeError, ValueError } from '../../src/index';

const m = makeModule(`
HPyDef_METH(bytes_check, "bytes_check", HPyFunc_O)
static HPy bytes_check_impl(HPyContext *ctx, HPy self, HPy arg) {
    return HPyBool_FromLong(ctx, HPyBytes_Check(ctx, arg));
}
HPyDef_METH(bytes_size, "bytes_size", HPyFunc_O)
static HPy bytes_size_impl(HPyContext *ctx, HPy self, HPy arg) {
    HPy_ssize_t n = HPyBytes_Size(ctx, arg);
    if (n < 0) return HPy_NULL;
    return HPyLong_FromLong(ctx, n * 1000 + HPyBytes_GET_SIZE(ctx, arg));
}
/* strlen of AsString, then the bytes read back through a C string */
HPyDef_METH(bytes_as_string, "bytes_as_string", HPyFunc_O)
static HPy bytes_as_string_impl(HPyContext *ctx, HPy self, HPy arg) {
    const char *s = HPyBytes_AsString(ctx, arg);
    if (!s) return HPy_NULL;
    const char *t = HPyBytes_AS_STRING(ctx, arg);
    if (strcmp(s, t) != 0) return HPyErr_SetString(ctx, ctx->h_AssertionError, "AsString != AS_STRING");
    return HPyUnicode_FromString(ctx, s);
}
/* whether AsString gives the Buffer's own storage: writes through it */
HPyDef_METH(bytes_poke, "bytes_poke", HPyFunc_O)
static HPy bytes_poke_impl(HPyContext *ctx, HPy self, HPy arg) {
    char *s = (char *)HPyBytes_AsString(ctx, arg);
    if (!s) return HPy_NULL;
    s[0] = 'X';
    return HPy_Dup(ctx, arg);
}
HPyDef_METH(make_bytes, "make_bytes", HPyFunc_NOARGS)
static HPy make_bytes_impl(HPyContext *ctx, HPy self) {
    return HPyBytes_FromString(ctx, "hello");
}
HPyDef_METH(make_bytes_sized, "make_bytes_sized", HPyFunc_O)
static HPy make_bytes_sized_impl(HPyContext *ctx, HPy self, HPy arg) {
    long n = HPyLong_AsLong(ctx, arg);
    return HPyBytes_FromStringAndSize(ctx, n == 99 ? NULL : "a\\0b\\0c", n);
}
HPyDef_METH(u_check, "u_check", HPyFunc_O)
static HPy u_check_impl(HPyContext *ctx, HPy self, HPy arg) {
    return HPyBool_FromLong(ctx, HPyUnicode_Check(ctx, arg));
}
HPyDef_METH(u_from_utf8, "u_from_utf8", HPyFunc_O)
static HPy u_from_utf8_impl(HPyContext *ctx, HPy self, HPy arg) {
    /* the bytes of a Buffer as a C string */
    const char *s = HPyBytes_AsString(ctx, arg);
    if (!s) return HPy_NULL;
    return HPyUnicode_FromString(ctx, s);
}
HPyDef_METH(u_as_utf8, "u_as_utf8", HPyFunc_O)
static HPy u_as_utf8_impl(HPyContext *ctx, HPy self, HPy arg) {
    return HPyUnicode_AsUTF8String(ctx, arg);
}
HPyDef_METH(u_as_ascii, "u_as_ascii", HPyFunc_O)
static HPy u_as_ascii_impl(HPyContext *ctx, HPy self, HPy arg) {
    return HPyUnicode_AsASCIIString(ctx, arg);
}
HPyDef_METH(u_as_latin1, "u_as_latin1", HPyFunc_O)
static HPy u_as_latin1_impl(HPyContext *ctx, HPy self, HPy arg) {
    return HPyUnicode_AsLatin1String(ctx, arg);
}
/* AsUTF8AndSize: the size, and the bytes back as a Buffer */
HPyDef_METH(u_utf8_and_size, "u_utf8_and_size", HPyFunc_O)
static HPy u_utf8_and_size_impl(HPyContext *ctx, HPy self, HPy arg) {
    HPy_ssize_t n = -1;
    const char *s = HPyUnicode_AsUTF8AndSize(ctx, arg, &n);
    if (!s) return HPy_NULL;
    if (s[n] != 0) return HPyErr_SetString(ctx, ctx->h_AssertionError, "not NUL-terminated");
    if (HPyUnicode_AsUTF8AndSize(ctx, arg, NULL) == NULL) return HPy_NULL;
    return HPyBytes_FromStringAndSize(ctx, s, n);
}
HPyDef_METH(u_from_wide, "u_from_wide", HPyFunc_O)
static HPy u_from_wide_impl(HPyContext *ctx, HPy self, HPy arg) {
    long which = HPyLong_AsLong(ctx, arg);
    static const wchar_t text[] = L"h\\u00e9\\u20ac\\U0001F600";
    static const wchar_t bad[] = { 'a', 0x110000, 0 };
    if (which == 0) return HPyUnicode_FromWideChar(ctx, text, -1);
    if (which == 1) return HPyUnicode_FromWideChar(ctx, text, 2);
    if (which == 2) return HPyUnicode_FromWideChar(ctx, bad, 2);
    return HPyUnicode_FromWideChar(ctx, NULL, 3);
}
HPyDef_METH(u_fs_decode, "u_fs_decode", HPyFunc_O)
static HPy u_fs_decode_impl(HPyContext *ctx, HPy self, HPy arg) {
    HPy_ssize_t n = HPyBytes_Size(ctx, arg);
    if (n < 0) return HPy_NULL;
    HPy whole = HPyUnicode_DecodeFSDefaultAndSize(ctx, HPyBytes_AsString(ctx, arg), n);
    HPy cstr = HPyUnicode_DecodeFSDefault(ctx, HPyBytes_AsString(ctx, arg));
    if (HPy_IsNull(whole) || HPy_IsNull(cstr)) return HPy_NULL;
    HPy items[2] = { whole, cstr };
    HPy r = HPyTuple_FromArray(ctx, items, 2);
    HPy_Close(ctx, whole);
    HPy_Close(ctx, cstr);
    return r;
}
HPyDef_METH(u_fs_encode, "u_fs_encode", HPyFunc_O)
static HPy u_fs_encode_impl(HPyContext *ctx, HPy self, HPy arg) {
    return HPyUnicode_EncodeFSDefault(ctx, arg);
}
HPyDef_METH(u_read_char, "u_read_char", HPyFunc_VARARGS)
static HPy u_read_char_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    HPy_UCS4 c = HPyUnicode_ReadChar(ctx, args[0], HPyLong_AsLong(ctx, args[1]));
    if (c == (HPy_UCS4)-1 && HPyErr_Occurred(ctx)) return HPy_NULL;
    return HPyLong_FromLong(ctx, (long)c);
}
HPyDef_METH(u_decode, "u_decode", HPyFunc_VARARGS)
static HPy u_decode_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    const char *codec = HPyUnicode_AsUTF8AndSize(ctx, args[0], NULL);
    HPy_ssize_t n = HPyBytes_Size(ctx, args[1]);
    if (!codec || n < 0) return HPy_NULL;
    const char *errors = nargs > 2 ? HPyUnicode_AsUTF8AndSize(ctx, args[2], NULL) : NULL;
    const char *data = HPyBytes_AsString(ctx, args[1]);
    if (strcmp(codec, "ascii") == 0) return HPyUnicode_DecodeASCII(ctx, data, n, errors);
    return HPyUnicode_DecodeLatin1(ctx, data, n, errors);
}
HPyDef_METH(u_decode_negative, "u_decode_negative", HPyFunc_NOARGS)
static HPy u_decode_negative_impl(HPyContext *ctx, HPy self) {
    return HPyUnicode_DecodeASCII(ctx, "abc", -1, NULL);
}
HPyDef_METH(u_from_encoded, "u_from_encoded", HPyFunc_VARARGS)
static HPy u_from_encoded_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    const char *enc = nargs > 1 && !HPy_Is(ctx, args[1], ctx->h_None) ? HPyUnicode_AsUTF8AndSize(ctx, args[1], NULL) : NULL;
    const char *errors = nargs > 2 ? HPyUnicode_AsUTF8AndSize(ctx, args[2], NULL) : NULL;
    return HPyUnicode_FromEncodedObject(ctx, args[0], enc, errors);
}
HPyDef_METH(u_substring, "u_substring", HPyFunc_VARARGS)
static HPy u_substring_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs) {
    return HPyUnicode_Substring(ctx, args[0], HPyLong_AsLong(ctx, args[1]), HPyLong_AsLong(ctx, args[2]));
}
HPyDef_METH(null_strings, "null_strings", HPyFunc_O)
static HPy null_strings_impl(HPyContext *ctx, HPy self, HPy arg) {
    long which = HPyLong_AsLong(ctx, arg);
    if (which == 0) return HPyUnicode_FromString(ctx, NULL);
    if (which == 1) return HPyBytes_FromString(ctx, NULL);
    return HPyBytes_FromStringAndSize(ctx, "x", -1);
}
`, { prelude: '#include <string.h>' });

test('HPyBytes_Check is true for Buffers and Uint8Arrays only', () => {
  assert.equal(m.bytes_check(Buffer.from('a')), true);
  assert.equal(m.bytes_check(new Uint8Array(2)), true);
  assert.equal(m.bytes_check('a'), false);
  assert.equal(m.bytes_check(new Uint16Array(2)), false);
  assert.equal(m.bytes_check([1, 2]), false);
});

test('HPyBytes_Size and GET_SIZE give the byte length', () => {
  assert.equal(m.bytes_size(Buffer.from('héllo')), 6006);
});

test('HPyBytes_Size of a string is a TypeError naming the function', () => {
  assert.throws(() => m.bytes_size('abc'), { name: 'TypeError', message: 'ctx_Bytes_Size: expected bytes (a Buffer or Uint8Array), got string' });
});

test('HPyBytes_AsString gives a NUL-terminated C string of a JS Buffer', () => {
  assert.equal(m.bytes_as_string(Buffer.from('abc')), 'abc');
  assert.equal(m.bytes_as_string(Buffer.from('hello world').subarray(0, 5)), 'hello');
  assert.equal(m.bytes_as_string(Buffer.alloc(0)), '');
});

test('HPyBytes_AsString of bytes made by HPy is their own storage', () => {
  const b = m.make_bytes();
  m.bytes_poke(b);
  assert.equal(b.toString(), 'Xello');
});

test('HPyBytes_AsString of a JS Buffer is a copy: the Buffer is not written', () => {
  const b = Buffer.from('hello');
  m.bytes_poke(b);
  assert.equal(b.toString(), 'hello');
});

test('HPyBytes_AsString of a non-bytes value is a TypeError', () => {
  assert.throws(() => m.bytes_as_string(42), { name: 'TypeError', message: /ctx_Bytes_AsString: expected bytes.*got number/ });
});

test('HPyBytes_FromString makes a Buffer', () => {
  const b = m.make_bytes();
  assert.ok(Buffer.isBuffer(b));
  assert.deepEqual(b, Buffer.from('hello'));
});

test('HPyBytes_FromStringAndSize keeps embedded NUL bytes', () => {
  assert.deepEqual(m.make_bytes_sized(5), Buffer.from('a\0b\0c'));
  assert.deepEqual(m.make_bytes_sized(0), Buffer.alloc(0));
});

test('HPyBytes_FromStringAndSize with NULL data is a ValueError', () => {
  assert.throws(() => m.make_bytes_sized(99), (e: Error) => e instanceof ValueError && /NULL char \*/.test(e.message));
});

test('NULL strings and negative sizes are SystemErrors, not crashes', () => {
  assert.throws(() => m.null_strings(0), (e: Error) => e instanceof SystemError && /ctx_Unicode_FromString/.test(e.message));
  assert.throws(() => m.null_strings(1), SystemError);
  assert.throws(() => m.null_strings(2), { name: 'SystemError', message: /negative size/ });
});

test('HPyUnicode_Check is true for strings only', () => {
  assert.equal(m.u_check('x'), true);
  assert.equal(m.u_check(''), true);
  assert.equal(m.u_check(Buffer.from('x')), false);
  assert.equal(m.u_check(new String('x')), false);
});

test('HPyUnicode_FromString decodes UTF-8, astral characters included', () => {
  assert.equal(m.u_from_utf8(Buffer.from('héllo €😀')), 'héllo €😀');
});

test('HPyUnicode_FromString with invalid UTF-8 is a UnicodeDecodeError like Python', () => {
  assert.throws(() => m.u_from_utf8(Buffer.from([0x61, 0xff, 0x62])), (e: Error & Record<string, unknown>) =>
    e instanceof UnicodeDecodeError && e instanceof ValueError &&
    e.message === "'utf-8' codec can't decode byte 0xff in position 1: invalid start byte" &&
    e.encoding === 'utf-8' && e.start === 1 && e.end === 2 && e.reason === 'invalid start byte');
});

test('HPyUnicode_FromString rejects truncated sequences and encoded surrogates', () => {
  assert.throws(() => m.u_from_utf8(Buffer.from([0x61, 0xe2, 0x82])), { message: "'utf-8' codec can't decode bytes in position 1-2: unexpected end of data" });
  assert.throws(() => m.u_from_utf8(Buffer.from([0xed, 0xa0, 0x80])), { message: "'utf-8' codec can't decode byte 0xed in position 0: invalid continuation byte" });
  assert.throws(() => m.u_from_utf8(Buffer.from([0xc0, 0x80])), { message: /invalid start byte/ });
});

test('HPyUnicode_AsUTF8String encodes to a Buffer', () => {
  assert.deepEqual(m.u_as_utf8('h€😀'), Buffer.from('h€😀'));
});

test('HPyUnicode_AsUTF8String with a lone surrogate is a UnicodeEncodeError', () => {
  assert.throws(() => m.u_as_utf8('a\ud800b'), (e: Error & Record<string, unknown>) =>
    e instanceof UnicodeEncodeError && e.message === "'utf-8' codec can't encode character '\\ud800' in position 1: surrogates not allowed" &&
    e.start === 1 && e.end === 2 && e.object === 'a\ud800b');
});

test('HPyUnicode_AsUTF8String of a non-string is a TypeError', () => {
  assert.throws(() => m.u_as_utf8(5), { name: 'TypeError', message: 'ctx_Unicode_AsUTF8String: expected a string, got number' });
});

test('HPyUnicode_AsASCIIString encodes ASCII and rejects the rest with code point positions', () => {
  assert.deepEqual(m.u_as_ascii('abc'), Buffer.from('abc'));
  assert.throws(() => m.u_as_ascii('😀é'), (e: Error) =>
    e instanceof UnicodeEncodeError && e.message === "'ascii' codec can't encode characters in position 0-1: ordinal not in range(128)");
  assert.throws(() => m.u_as_ascii('ab€'), { message: "'ascii' codec can't encode character '\\u20ac' in position 2: ordinal not in range(128)" });
});

test('HPyUnicode_AsLatin1String encodes up to U+00FF and rejects beyond', () => {
  assert.deepEqual(m.u_as_latin1('café'), Buffer.from([0x63, 0x61, 0x66, 0xe9]));
  assert.throws(() => m.u_as_latin1('x😀'), { name: 'UnicodeEncodeError', message: "'latin-1' codec can't encode character '\\U0001f600' in position 1: ordinal not in range(256)" });
});

test('HPyUnicode_AsUTF8AndSize gives the UTF-8 bytes and their size, NUL-terminated', () => {
  assert.deepEqual(m.u_utf8_and_size('né€'), Buffer.from('né€'));
  assert.deepEqual(m.u_utf8_and_size(''), Buffer.alloc(0));
});

test('HPyUnicode_AsUTF8AndSize of a non-string is a TypeError', () => {
  assert.throws(() => m.u_utf8_and_size(Buffer.from('x')), { name: 'TypeError', message: /AsUTF8AndSize: expected a string, got Buffer/ });
});

test('HPyUnicode_FromWideChar reads UTF-32, whole or by size', () => {
  assert.equal(m.u_from_wide(0), 'hé€😀');
  assert.equal(m.u_from_wide(1), 'hé');
});

test('HPyUnicode_FromWideChar beyond U+10FFFF is a ValueError', () => {
  assert.throws(() => m.u_from_wide(2), { name: 'ValueError', message: 'character U+110000 is not in range [U+0000; U+10ffff]' });
});

test('HPyUnicode_FromWideChar with NULL and a size is a SystemError', () => {
  assert.throws(() => m.u_from_wide(3), SystemError);
});

test('HPyUnicode_DecodeFSDefault(AndSize) decode UTF-8 with surrogateescape', () => {
  assert.deepEqual(m.u_fs_decode(Buffer.from('dir/é')), ['dir/é', 'dir/é']);
  assert.deepEqual(m.u_fs_decode(Buffer.from([0x61, 0xff, 0x62])), ['a\udcffb', 'a\udcffb']);
});

test('HPyUnicode_DecodeFSDefaultAndSize keeps bytes after a NUL', () => {
  assert.deepEqual(m.u_fs_decode(Buffer.from('a\0b')), ['a\0b', 'a']);
});

test('HPyUnicode_EncodeFSDefault turns escaped surrogates back into bytes', () => {
  assert.deepEqual(m.u_fs_encode('a\udcffé'), Buffer.from([0x61, 0xff, 0xc3, 0xa9]));
});

test('HPyUnicode_EncodeFSDefault rejects other lone surrogates and non-strings', () => {
  assert.throws(() => m.u_fs_encode('\ud800'), { name: 'UnicodeEncodeError', message: /surrogates not allowed/ });
  assert.throws(() => m.u_fs_encode(null), TypeError);
});

test('HPyUnicode_ReadChar reads the code point at a code point index', () => {
  assert.equal(m.u_read_char('a😀b', 0), 0x61);
  assert.equal(m.u_read_char('a😀b', 1), 0x1f600);
  assert.equal(m.u_read_char('a😀b', 2), 0x62);
});

test('HPyUnicode_ReadChar out of range is an IndexError', () => {
  assert.throws(() => m.u_read_char('a😀b', 3), (e: Error) => e instanceof IndexError && /string index out of range/.test(e.message));
  assert.throws(() => m.u_read_char('abc', -1), IndexError);
});

test('HPyUnicode_ReadChar of a non-string is a TypeError', () => {
  assert.throws(() => m.u_read_char(['a'], 0), TypeError);
});

test('HPyUnicode_DecodeASCII decodes ASCII', () => {
  assert.equal(m.u_decode('ascii', Buffer.from('plain')), 'plain');
});

test('HPyUnicode_DecodeASCII strict raises UnicodeDecodeError', () => {
  assert.throws(() => m.u_decode('ascii', Buffer.from([0x61, 0xe9]), 'strict'), (e: Error & Record<string, unknown>) =>
    e instanceof UnicodeDecodeError && e.message === "'ascii' codec can't decode byte 0xe9 in position 1: ordinal not in range(128)" &&
    Buffer.isBuffer(e.object));
});

test('HPyUnicode_DecodeASCII applies the replace, ignore and surrogateescape handlers', () => {
  const b = Buffer.from([0x61, 0xe9, 0x62]);
  assert.equal(m.u_decode('ascii', b, 'replace'), 'a\ufffdb');
  assert.equal(m.u_decode('ascii', b, 'ignore'), 'ab');
  assert.equal(m.u_decode('ascii', b, 'surrogateescape'), 'a\udce9b');
  assert.equal(m.u_decode('ascii', b, 'backslashreplace'), 'a\\xe9b');
});

test('HPyUnicode_DecodeASCII with an unknown handler on bad input is a LookupError', () => {
  assert.throws(() => m.u_decode('ascii', Buffer.from([0xe9]), 'nonsense'), (e: Error) => e instanceof LookupError && /unknown error handler name 'nonsense'/.test(e.message));
});

test('HPyUnicode_DecodeASCII with a negative size is a SystemError', () => {
  assert.throws(() => m.u_decode_negative(), SystemError);
});

test('HPyUnicode_DecodeLatin1 maps every byte to U+0000..U+00FF', () => {
  assert.equal(m.u_decode('latin1', Buffer.from([0x63, 0xe9, 0xff, 0x00])), 'c\u00e9\u00ff\0');
});

test('HPyUnicode_FromEncodedObject decodes bytes with utf-8 by default', () => {
  assert.equal(m.u_from_encoded(Buffer.from('né')), 'né');
  assert.equal(m.u_from_encoded(Buffer.from('né'), 'UTF_8'), 'né');
});

test('HPyUnicode_FromEncodedObject decodes ascii and latin-1, and other bytes-likes', () => {
  assert.equal(m.u_from_encoded(Buffer.from([0xe9]), 'latin-1'), 'é');
  assert.equal(m.u_from_encoded(Buffer.from([0xe9]), 'ISO-8859-1'), 'é');
  assert.equal(m.u_from_encoded(Buffer.from('ok'), 'ascii'), 'ok');
  assert.equal(m.u_from_encoded(new Uint8Array([0x68, 0x69]).buffer), 'hi');
});

test('HPyUnicode_FromEncodedObject applies the errors handler', () => {
  assert.equal(m.u_from_encoded(Buffer.from([0x61, 0xff]), 'utf-8', 'replace'), 'a\ufffd');
  assert.throws(() => m.u_from_encoded(Buffer.from([0xff]), 'ascii', 'strict'), UnicodeDecodeError);
});

test('HPyUnicode_FromEncodedObject with an unknown encoding is a LookupError', () => {
  assert.throws(() => m.u_from_encoded(Buffer.from('x'), 'klingon'), (e: Error) => e instanceof LookupError && /unknown encoding: klingon/.test(e.message));
});

test('HPyUnicode_FromEncodedObject of a string or a number is a TypeError', () => {
  assert.throws(() => m.u_from_encoded('str'), { name: 'TypeError', message: /decoding str is not supported/ });
  assert.throws(() => m.u_from_encoded(3), { name: 'TypeError', message: /need a bytes-like object/ });
});

test('HPyUnicode_Substring slices by code points and clamps the end', () => {
  assert.equal(m.u_substring('a😀bc', 1, 3), '😀b');
  assert.equal(m.u_substring('abc', 1, 100), 'bc');
  assert.equal(m.u_substring('abc', 5, 9), '');
  assert.equal(m.u_substring('abc', 2, 1), '');
});

test('HPyUnicode_Substring with a negative index is an IndexError', () => {
  assert.throws(() => m.u_substring('abc', -1, 2), IndexError);
});

test('HPyUnicode_Substring of a non-string is a TypeError', () => {
  assert.throws(() => m.u_substring(42, 0, 1), TypeError);
});
