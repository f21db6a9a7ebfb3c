// The engine paths of issue 23 (native/src/engine/v8_strings.cc, v8_keys.cc,
// v8_dicts.cc): strings, dicts, attributes, lists and builders answered
// through V8's API. Each case here is one where the engine must give what
// the JavaScript helpers give, or hand over to them: odd property kinds,
// odd objects, odd keys, odd indexes and sizes, odd text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runInNewContext } from 'node:vm';
import { makeModule } from '../support/make-module';
import { IndexError, KeyError, SystemError, UnicodeEncodeError } from '../../src/index';

const m = makeModule(`
#include <string.h>
HPyDef_METH(from_bytes, "from_bytes", HPyFunc_O)
static HPy from_bytes_impl(HPyContext *ctx, HPy self, HPy arg) {
    const char *s = HPyBytes_AsString(ctx, arg);
    return s ? HPyUnicode_FromString(ctx, s) : HPy_NULL;
}
/* [utf8 bytes, size] of a string, through HPyUnicode_AsUTF8AndSize */
HPyDef_METH(as_utf8, "as_utf8", HPyFunc_O)
static HPy as_utf8_impl(HPyContext *ctx, HPy self, HPy arg) {
    HPy_ssize_t n = -1;
    const char *s = HPyUnicode_AsUTF8AndSize(ctx, arg, &n);
    if (!s) return HPy_NULL;
    if (s[n] != 0) { HPyErr_SetString(ctx, ctx->h_SystemError, "not NUL-terminated"); return HPy_NULL; }
    HPy items[2] = { HPyBytes_FromStringAndSize(ctx, s, n), HPyLong_FromLong(ctx, (long)n) };
    HPy r = HPyTuple_FromArray(ctx, items, 2);
    HPy_Close(ctx, items[0]);
    HPy_Close(ctx, items[1]);
    return r;
}
/* Each string of the list converted, then all converted again in reverse
 * order, each copy compared with the first: the number that matched, and
 * how many second reads gave the first read's pointer. */
HPyDef_METH(as_utf8_again, "as_utf8_again", HPyFunc_O)
static HPy as_utf8_again_impl(HPyContext *ctx, HPy self, HPy list) {
    HPy_ssize_t n = HPy_Length(ctx, list);
    const char *first[64];
    HPy_ssize_t size[64];
    long same = 0, pointer = 0;
    if (n < 0 || n > 64) return HPy_NULL;
    for (HPy_ssize_t i = 0; i < n; i++) {
        HPy s = HPy_GetItem_i(ctx, list, i);
        first[i] = HPyUnicode_AsUTF8AndSize(ctx, s, &size[i]);
        HPy_Close(ctx, s);
        if (!first[i]) return HPy_NULL;
    }
    for (HPy_ssize_t i = n - 1; i >= 0; i--) {
        HPy s = HPy_GetItem_i(ctx, list, i);
        HPy_ssize_t k;
        const char *again = HPyUnicode_AsUTF8AndSize(ctx, s, &k);
        HPy_Close(ctx, s);
        if (!again) return HPy_NULL;
        same += k == size[i] && memcmp(again, first[i], (size_t)k + 1) == 0;
        pointer += again == first[i];
    }
    HPy items[2] = { HPyLong_FromLong(ctx, same), HPyLong_FromLong(ctx, pointer) };
    HPy r = HPyTuple_FromArray(ctx, items, 2);
    HPy_Close(ctx, items[0]);
    HPy_Close(ctx, items[1]);
    return r;
}
HPyDef_METH(set_s, "set_s", HPyFunc_VARARGS)
static HPy set_s_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs) {
    const char *k = HPyUnicode_AsUTF8AndSize(ctx, args[1], NULL);
    if (!k || HPy_SetItem_s(ctx, args[0], k, args[2]) < 0) return HPy_NULL;
    return HPy_Dup(ctx, ctx->h_None);
}
HPyDef_METH(get_s, "get_s", HPyFunc_VARARGS)
static HPy get_s_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs) {
    const char *k = HPyUnicode_AsUTF8AndSize(ctx, args[1], NULL);
    return k ? HPy_GetItem_s(ctx, args[0], k) : HPy_NULL;
}
HPyDef_METH(get_h, "get_h", HPyFunc_VARARGS)
static HPy get_h_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs) {
    return HPy_GetItem(ctx, args[0], args[1]);
}
HPyDef_METH(set_h, "set_h", HPyFunc_VARARGS)
static HPy set_h_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs) {
    if (HPy_SetItem(ctx, args[0], args[1], args[2]) < 0) return HPy_NULL;
    return HPy_Dup(ctx, ctx->h_None);
}
HPyDef_METH(contains, "contains", HPyFunc_VARARGS)
static HPy contains_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs) {
    int r = HPy_Contains(ctx, args[0], args[1]);
    return r < 0 ? HPy_NULL : HPyBool_FromLong(ctx, r);
}
HPyDef_METH(getattr_s, "getattr_s", HPyFunc_VARARGS)
static HPy getattr_s_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs) {
    const char *k = HPyUnicode_AsUTF8AndSize(ctx, args[1], NULL);
    return k ? HPy_GetAttr_s(ctx, args[0], k) : HPy_NULL;
}
HPyDef_METH(getattr_h, "getattr_h", HPyFunc_VARARGS)
static HPy getattr_h_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs) {
    return HPy_GetAttr(ctx, args[0], args[1]);
}
HPyDef_METH(setattr_s, "setattr_s", HPyFunc_VARARGS)
static HPy setattr_s_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs) {
    const char *k = HPyUnicode_AsUTF8AndSize(ctx, args[1], NULL);
    if (!k || HPy_SetAttr_s(ctx, args[0], k, args[2]) < 0) return HPy_NULL;
    return HPy_Dup(ctx, ctx->h_None);
}
HPyDef_METH(dict_check, "dict_check", HPyFunc_O)
static HPy dict_check_impl(HPyContext *ctx, HPy self, HPy arg) {
    return HPyBool_FromLong(ctx, HPyDict_Check(ctx, arg));
}
HPyDef_METH(list_check, "list_check", HPyFunc_O)
static HPy list_check_impl(HPyContext *ctx, HPy self, HPy arg) {
    return HPyBool_FromLong(ctx, HPyList_Check(ctx, arg));
}
HPyDef_METH(append, "append", HPyFunc_VARARGS)
static HPy append_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs) {
    if (HPyList_Append(ctx, args[0], args[1]) < 0) return HPy_NULL;
    return HPy_Dup(ctx, args[0]);
}
HPyDef_METH(set_i, "set_i", HPyFunc_VARARGS)
static HPy set_i_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs) {
    if (HPy_SetItem_i(ctx, args[0], HPyLong_AsLong(ctx, args[1]), args[2]) < 0) return HPy_NULL;
    return HPy_Dup(ctx, args[0]);
}
/* A list builder of size n with item i set to i for i in [0, n) at the
 * given stride (the rest stay None), then item "bad" set if >= -1e9. */
HPyDef_METH(build_list, "build_list", HPyFunc_VARARGS)
static HPy build_list_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs) {
    long n = HPyLong_AsLong(ctx, args[0]), stride = HPyLong_AsLong(ctx, args[1]), bad = HPyLong_AsLong(ctx, args[2]);
    HPyListBuilder b = HPyListBuilder_New(ctx, n);
    if (HPyErr_Occurred(ctx)) return HPyListBuilder_Build(ctx, b);
    for (long i = 0; i < n; i += stride) {
        HPy v = HPyLong_FromLong(ctx, i);
        HPyListBuilder_Set(ctx, b, i, v);
        HPy_Close(ctx, v);
    }
    if (bad >= -1000000000L) HPyListBuilder_Set(ctx, b, bad, ctx->h_None);
    return HPyListBuilder_Build(ctx, b);
}
/* The same key text through one buffer whose content changes between
 * calls, then a long key and a non-ASCII key: {a: 1, b: 2, <long>: 3, é: 4}. */
HPyDef_METH(reused_key_buffer, "reused_key_buffer", HPyFunc_NOARGS)
static HPy reused_key_buffer_impl(HPyContext *ctx, HPy self) {
    char buf[80];
    HPy d = HPyDict_New(ctx);
    const char *keys[4] = { "a", "b", "a_key_longer_than_the_cache_keeps_which_is_47_bytes_x", "\\xc3\\xa9" };
    for (int i = 0; i < 4; i++) {
        strcpy(buf, keys[i]);
        HPy v = HPyLong_FromLong(ctx, i + 1);
        int r = HPy_SetItem_s(ctx, d, buf, v);
        HPy_Close(ctx, v);
        if (r < 0) { HPy_Close(ctx, d); return HPy_NULL; }
    }
    strcpy(buf, "a");
    HPy a = HPy_GetItem_s(ctx, d, buf);
    strcpy(buf, "b");
    HPy b = HPy_GetItem_s(ctx, d, buf);
    long ok = HPyLong_AsLong(ctx, a) == 1 && HPyLong_AsLong(ctx, b) == 2;
    HPy_Close(ctx, a);
    HPy_Close(ctx, b);
    if (!ok) { HPy_Close(ctx, d); HPyErr_SetString(ctx, ctx->h_SystemError, "wrong value read back"); return HPy_NULL; }
    return d;
}
`, { name: 'containers_engine' }) as Record<string, (...a: unknown[]) => unknown>;

const text = (s: string) => m.from_bytes(Buffer.from(`${s}\0`)) as string;

test('HPyUnicode_FromString: ASCII, Latin-1, BMP and astral text, each as JavaScript has it', () => {
  for (const s of ['', 'hello, world', 'héllo wörld ÿ', 'h€llo ✓', 'a😀b', 'x'.repeat(5000), 'é'.repeat(3000)]) assert.equal(text(s), s);
});

test('HPyUnicode_FromString: invalid UTF-8 still raises the codec errors', () => {
  const from = (bytes: number[]) => m.from_bytes(Buffer.from([...bytes, 0]));
  assert.throws(() => from([0x61, 0xff]), { name: 'UnicodeDecodeError', message: /invalid start byte/ });
  assert.throws(() => from([0xc3]), { name: 'UnicodeDecodeError', message: /unexpected end of data/ });
  assert.throws(() => from([0xed, 0xa0, 0x80]), { name: 'UnicodeDecodeError' }); // an encoded surrogate
  assert.throws(() => from([0xe0, 0x80, 0xaf]), { name: 'UnicodeDecodeError' }); // overlong
  assert.throws(() => from([0xf4, 0x90, 0x80, 0x80]), { name: 'UnicodeDecodeError' }); // above U+10FFFF
});

test('HPyUnicode_AsUTF8AndSize: one-byte, two-byte and astral strings, NUL-terminated, NULs counted', () => {
  for (const s of ['', 'hello', 'héllo ÿ', 'é'.repeat(300), 'h€llo ✓', 'a😀b', '✓'.repeat(300), 'a\0b', 'x'.repeat(4096)]) {
    const [bytes, n] = m.as_utf8(s) as [Buffer, number];
    assert.equal(n, Buffer.byteLength(s));
    assert.equal(bytes.toString('utf8'), s);
  }
});

test('HPyUnicode_AsUTF8AndSize: lone surrogates are a UnicodeEncodeError, other types a TypeError', () => {
  for (const s of ['a\ud800b', '\udc00', 'x\ud83d', '😀\ude00']) {
    assert.throws(() => m.as_utf8(s), (e: Error) => e instanceof UnicodeEncodeError && /surrogates not allowed/.test(e.message));
  }
  assert.throws(() => m.as_utf8(5), { name: 'TypeError' });
  assert.throws(() => m.as_utf8({}), { name: 'TypeError' });
});

test('HPyUnicode_AsUTF8AndSize of a long string read again in one call: the same copy while it is cached, right text always', () => {
  const long = (c: string) => c.repeat(100);
  const one = long('a');
  // The same string twice: the second read is the first's copy.
  assert.deepEqual(m.as_utf8_again([one, one]), [2, 2]);
  // Ten long strings (more than the few kept), one-byte and two-byte, and short ones: every copy right.
  const many = ['a', 'b', 'é', '✓', '😀', 'c', 'd', 'e', 'f', 'g'].map(long).concat(['short', 'ß']);
  const [same] = m.as_utf8_again(many) as [number, number];
  assert.equal(same, many.length);
  // Separate calls: a copy from an earlier call is never handed out again (its memory is gone).
  for (let i = 0; i < 5; i++) assert.equal((m.as_utf8(one) as [Buffer, number])[0].toString(), one);
  assert.throws(() => m.as_utf8(`${long('x')}\ud800`), (e: Error) => e instanceof UnicodeEncodeError);
});

test('dict items by string key: plain objects, null-prototype objects, Maps', () => {
  const d: Record<string, unknown> = {};
  m.set_s(d, 'k', 1);
  m.set_s(d, 'é', 2);
  assert.deepEqual(d, { k: 1, é: 2 });
  assert.equal(m.get_s(d, 'k'), 1);
  assert.equal(m.get_h(d, 'é'), 2);
  const bare = Object.create(null) as Record<string, unknown>;
  m.set_h(bare, 'x', 3);
  assert.equal(m.get_s(bare, 'x'), 3);
  const map = new Map<unknown, unknown>();
  m.set_s(map, 'k', 4);
  assert.equal(map.get('k'), 4);
  assert.equal(m.get_s(map, 'k'), 4);
});

test('dict reads: own entries only, missing keys a KeyError, throwing getters pass their error on', () => {
  const d = { a: 1, get boom(): number { throw new RangeError('getter'); } };
  assert.throws(() => m.get_s(d, 'toString'), (e: Error) => e instanceof KeyError);
  assert.throws(() => m.get_s(d, 'missing'), (e: Error) => e instanceof KeyError && /'missing'/.test(e.message));
  assert.throws(() => m.get_s(d, 'boom'), { name: 'RangeError', message: 'getter' });
  assert.throws(() => m.get_s([1, 2], 'a'), { name: 'TypeError' });
});

test('dict writes go through setters and read-only properties as before, and never add to Object.prototype', () => {
  const seen: unknown[] = [];
  const d = { set s(v: unknown) { seen.push(v); } } as Record<string, unknown>;
  m.set_s(d, 's', 5);
  assert.deepEqual(seen, [5]);
  assert.ok(Object.getOwnPropertyDescriptor(d, 's')?.set, 'the accessor is still there');
  Object.defineProperty(d, 'ro', { value: 1, writable: false, configurable: true, enumerable: true });
  assert.throws(() => m.set_s(d, 'ro', 2), { name: 'TypeError' });
  assert.equal(d.ro, 1);
  m.set_s(d, 'toString', 7); // inherited: an own entry now, Object.prototype untouched
  assert.equal(d.toString, 7);
  assert.equal(typeof Object.prototype.toString, 'function');
  assert.throws(() => m.set_s(Object.freeze({ a: 1 }), 'a', 2), { name: 'TypeError' });
  assert.throws(() => m.set_s(Object.preventExtensions({}), 'b', 2), { name: 'TypeError' });
  const sealed = Object.seal({ c: 1 });
  m.set_s(sealed, 'c', 2);
  assert.equal(sealed.c, 2);
});

test('a C key buffer reused for another key, long keys and non-ASCII keys each name their own entry', () => {
  for (let i = 0; i < 3; i++) {
    assert.deepEqual(m.reused_key_buffer(), { a: 1, b: 2, a_key_longer_than_the_cache_keeps_which_is_47_bytes_x: 3, é: 4 });
  }
});

test('HPy_Contains on dicts: own string keys; Maps, arrays and strings as before', () => {
  const d = { a: 1 };
  assert.equal(m.contains(d, 'a'), true);
  assert.equal(m.contains(d, 'b'), false);
  assert.equal(m.contains(d, 'toString'), false);
  assert.equal(m.contains(new Map([['a', 1]]), 'a'), true);
  assert.equal(m.contains([1, 'a'], 'a'), true);
  assert.equal(m.contains('xay', 'a'), true);
  assert.throws(() => m.contains(5, 'a'), { name: 'TypeError' });
});

test('HPyDict_Check: plain and null-prototype objects, Maps, and objects of another realm', () => {
  assert.equal(m.dict_check({}), true);
  assert.equal(m.dict_check(Object.create(null)), true);
  assert.equal(m.dict_check(new Map()), true);
  assert.equal(m.dict_check(runInNewContext('({ a: 1 })')), true);
  assert.equal(m.dict_check([]), false);
  assert.equal(m.dict_check(new (class X {})()), false);
  assert.equal(m.dict_check('a'), false);
  assert.equal(m.dict_check(new Proxy({}, {})), true); // what the helper says of a proxy of a plain object
});

test('HPy_GetAttr(_s): inherited members, missing names, getters, proxies and primitives', () => {
  const o = { x: 1, get boom(): number { throw new RangeError('getter'); } };
  assert.equal(m.getattr_s(o, 'x'), 1);
  assert.equal(m.getattr_h(o, 'toString'), Object.prototype.toString);
  assert.throws(() => m.getattr_s(o, 'nope'), { name: 'AttributeError' });
  assert.throws(() => m.getattr_s(o, 'boom'), { name: 'RangeError', message: 'getter' });
  const traps: string[] = [];
  const p = new Proxy({ y: 2 }, { has: (t, k) => (traps.push(`has ${String(k)}`), k in t), get: (t, k) => (traps.push(`get ${String(k)}`), (t as Record<PropertyKey, unknown>)[k]) });
  assert.equal(m.getattr_s(p, 'y'), 2);
  assert.deepEqual(traps, ['has y', 'get y']);
  assert.equal(m.getattr_s('abc', 'length'), 3);
  assert.throws(() => m.getattr_s(undefined, 'x'), { name: 'AttributeError' });
});

test('HPy_SetAttr_s: plain objects directly, setters and frozen objects as before', () => {
  const o: Record<string, unknown> = {};
  m.setattr_s(o, 'x', 1);
  assert.equal(o.x, 1);
  const seen: unknown[] = [];
  m.setattr_s({ set y(v: unknown) { seen.push(v); } }, 'y', 2);
  assert.deepEqual(seen, [2]);
  assert.throws(() => m.setattr_s(Object.freeze({}), 'z', 1), { name: 'AttributeError' });
  assert.throws(() => m.setattr_s(5, 'z', 1), { name: 'AttributeError' });
});

test('HPyList_Check and HPyList_Append: tuples and frozen arrays are no lists', () => {
  assert.equal(m.list_check([]), true);
  assert.equal(m.list_check(Object.freeze([1])), false);
  assert.equal(m.list_check(Object.seal([1])), true);
  assert.equal(m.list_check({ length: 0 }), false);
  assert.deepEqual(m.append([1], 2), [1, 2]);
  assert.throws(() => m.append(Object.freeze([1]), 2), (e: Error) => e instanceof SystemError && /a tuple/.test(e.message));
  assert.throws(() => m.append({}, 2), (e: Error) => e instanceof SystemError);
  const ro = [1];
  Object.defineProperty(ro, 'length', { writable: false });
  assert.equal(m.list_check(ro), true); // not frozen: the helper says so
});

test('HPy_SetItem_i on lists: negative indexes count from the end; out of range and tuples fail', () => {
  assert.deepEqual(m.set_i([1, 2, 3], -1, 9), [1, 2, 9]);
  assert.deepEqual(m.set_i([1, 2, 3], 0, 9), [9, 2, 3]);
  assert.throws(() => m.set_i([1, 2, 3], 3, 9), (e: Error) => e instanceof IndexError);
  assert.throws(() => m.set_i([1, 2, 3], -4, 9), (e: Error) => e instanceof IndexError);
  assert.throws(() => m.set_i([], 2 ** 40, 9), (e: Error) => e instanceof IndexError);
  assert.throws(() => m.set_i(Object.freeze([1]), 0, 9), { name: 'TypeError' });
});

test('HPyListBuilder: small and large sizes have no holes; a bad index fails Build', () => {
  assert.deepEqual(m.build_list(0, 1, -2e9), []);
  assert.deepEqual(m.build_list(3, 2, -2e9), [0, undefined, 2]);
  assert.ok(1 in (m.build_list(3, 2, -2e9) as unknown[]), 'no hole');
  const big = m.build_list(70000, 1000, -2e9) as unknown[]; // above the engine's one-call size
  assert.equal(big.length, 70000);
  assert.equal(big[69000], 69000);
  assert.ok(69001 in big);
  for (const bad of [-1, 3, 2 ** 33]) {
    assert.throws(() => m.build_list(3, 1, bad), (e: unknown) => e instanceof IndexError || e instanceof SystemError);
  }
  assert.throws(() => m.build_list(-1, 1, -2e9), (e: Error) => e instanceof SystemError);
  assert.throws(() => m.build_list(2 ** 40, 1, -2e9), { name: 'MemoryError' });
});
