/* Figure 15 (a): the string and container context calls, each in a C loop,
 * as figure 13's objects.c does for the object model: one source, built by
 * hpy-node's CLI for hpy-node and against HPy 0.9.0's headers for CPython
 * (bench/figures/f15-containers.ts). Every loop returns a sum its caller checks
 * (n times the value the figure expects), so no call can be dropped, and
 * loop_empty is the loop alone, subtracted by the figure.
 *
 * Figure 15 (b), the JSON-like codec, is in containers_json.c.
 */
#include <string.h>
#include "c_loops.h"

/* Stops a loop at the first failure: its error is the loop's result. */
#define CHECK(cond) \
    if (!(cond)) return HPy_NULL;

static const char ASCII_SHORT[] = "hello, world";
static const char NON_ASCII_SHORT[] = "h\xc3\xa9llo, w\xc3\xb6rld \xe2\x9c\x93";  /* héllo, wörld ✓ */
static char ascii_1k[1025];

/* The loop alone: returns n. */
LOOP(loop_empty)
{
    NEED(1)
    for (long i = 0; i < n; i++) sum += 1.0;
    return result(ctx, sum);
}

/* HPyUnicode_FromString + HPy_Close of a literal; with `as`, also
 * HPyUnicode_AsUTF8AndSize. Returns n * the string's UTF-8 length when
 * `as`, else n. */
static HPy unicode_loop(HPyContext *ctx, long n, const char *s, int as)
{
    double sum = 0;
    for (long i = 0; i < n; i++) {
        HPy h = HPyUnicode_FromString(ctx, s);
        CHECK(!HPy_IsNull(h))
        if (as) {
            HPy_ssize_t size;
            const char *p = HPyUnicode_AsUTF8AndSize(ctx, h, &size);
            CHECK(p)
            sum += (double)size;
        } else {
            sum += 1.0;
        }
        HPy_Close(ctx, h);
    }
    return result(ctx, sum);
}

LOOP(loop_unicode_from_ascii) { NEED(1) (void)sum; return unicode_loop(ctx, n, ASCII_SHORT, 0); }
LOOP(loop_unicode_from_non_ascii) { NEED(1) (void)sum; return unicode_loop(ctx, n, NON_ASCII_SHORT, 0); }
LOOP(loop_unicode_from_1k) { NEED(1) (void)sum; return unicode_loop(ctx, n, ascii_1k, 0); }
LOOP(loop_unicode_roundtrip_ascii) { NEED(1) (void)sum; return unicode_loop(ctx, n, ASCII_SHORT, 1); }
LOOP(loop_unicode_roundtrip_non_ascii) { NEED(1) (void)sum; return unicode_loop(ctx, n, NON_ASCII_SHORT, 1); }

/* HPyUnicode_AsUTF8AndSize of the operand (a string made by the caller):
 * returns n * its UTF-8 length. */
LOOP(loop_unicode_as)
{
    NEED(2)
    for (long i = 0; i < n; i++) {
        HPy_ssize_t size;
        CHECK(HPyUnicode_AsUTF8AndSize(ctx, args[1], &size))
        sum += (double)size;
    }
    return result(ctx, sum);
}

/* HPyBytes_FromStringAndSize, _AsString, _Size, HPy_Close: returns n * 12. */
LOOP(loop_bytes)
{
    NEED(1)
    for (long i = 0; i < n; i++) {
        HPy h = HPyBytes_FromStringAndSize(ctx, ASCII_SHORT, 12);
        CHECK(!HPy_IsNull(h))
        const char *p = HPyBytes_AsString(ctx, h);
        CHECK(p && p[0] == 'h')
        sum += (double)HPyBytes_Size(ctx, h);
        HPy_Close(ctx, h);
    }
    return result(ctx, sum);
}

/* Issue 23's row: HPyDict_New, HPy_SetItem_s and HPy_GetItem_s of a long,
 * three closes. Returns n * 7. */
LOOP(loop_dict_s)
{
    NEED(1)
    for (long i = 0; i < n; i++) {
        HPy d = HPyDict_New(ctx);
        HPy v = HPyLong_FromLong(ctx, 7);
        CHECK(HPy_SetItem_s(ctx, d, "key", v) == 0)
        HPy r = HPy_GetItem_s(ctx, d, "key");
        CHECK(!HPy_IsNull(r))
        sum += (double)HPyLong_AsLong(ctx, r);
        HPy_Close(ctx, r);
        HPy_Close(ctx, v);
        HPy_Close(ctx, d);
    }
    return result(ctx, sum);
}

/* The same with a handle key (the operand, a string): HPy_SetItem,
 * HPy_GetItem, HPy_Contains. Returns n * 8. */
LOOP(loop_dict_h)
{
    NEED(2)
    HPy key = args[1];
    for (long i = 0; i < n; i++) {
        HPy d = HPyDict_New(ctx);
        HPy v = HPyLong_FromLong(ctx, 7);
        CHECK(HPy_SetItem(ctx, d, key, v) == 0)
        HPy r = HPy_GetItem(ctx, d, key);
        CHECK(!HPy_IsNull(r))
        sum += (double)HPyLong_AsLong(ctx, r) + HPy_Contains(ctx, d, key);
        HPy_Close(ctx, r);
        HPy_Close(ctx, v);
        HPy_Close(ctx, d);
    }
    return result(ctx, sum);
}

/* HPy_GetItem_s + HPyLong_AsLong + HPy_Close on the operand, a dict with
 * the key "b" holding 2: returns n * 2. */
LOOP(loop_dict_get_s)
{
    NEED(2)
    for (long i = 0; i < n; i++) {
        HPy r = HPy_GetItem_s(ctx, args[1], "b");
        CHECK(!HPy_IsNull(r))
        sum += (double)HPyLong_AsLong(ctx, r);
        HPy_Close(ctx, r);
    }
    return result(ctx, sum);
}

/* HPyDict_Keys + HPy_Length + HPy_Close on the operand (a dict of 4
 * entries): returns n * 4. */
LOOP(loop_dict_keys)
{
    NEED(2)
    for (long i = 0; i < n; i++) {
        HPy k = HPyDict_Keys(ctx, args[1]);
        CHECK(!HPy_IsNull(k))
        sum += (double)HPy_Length(ctx, k);
        HPy_Close(ctx, k);
    }
    return result(ctx, sum);
}

/* Issue 23's row: HPyListBuilder_New(4), 4 x (HPyFloat_FromDouble, _Set,
 * HPy_Close), _Build, HPy_Length, HPy_Close. Returns n * 4. */
LOOP(loop_list_builder)
{
    NEED(1)
    for (long i = 0; i < n; i++) {
        HPyListBuilder b = HPyListBuilder_New(ctx, 4);
        for (int j = 0; j < 4; j++) {
            HPy f = HPyFloat_FromDouble(ctx, j + 0.5);
            HPyListBuilder_Set(ctx, b, j, f);
            HPy_Close(ctx, f);
        }
        HPy l = HPyListBuilder_Build(ctx, b);
        CHECK(!HPy_IsNull(l))
        sum += (double)HPy_Length(ctx, l);
        HPy_Close(ctx, l);
    }
    return result(ctx, sum);
}

/* HPyTupleBuilder_New(2), 2 x _Set of the operand, _Build, HPy_Close:
 * returns n. */
LOOP(loop_tuple_builder)
{
    NEED(2)
    for (long i = 0; i < n; i++) {
        HPyTupleBuilder b = HPyTupleBuilder_New(ctx, 2);
        HPyTupleBuilder_Set(ctx, b, 0, args[1]);
        HPyTupleBuilder_Set(ctx, b, 1, args[1]);
        HPy t = HPyTupleBuilder_Build(ctx, b);
        CHECK(!HPy_IsNull(t))
        sum += 1.0;
        HPy_Close(ctx, t);
    }
    return result(ctx, sum);
}

/* HPyTuple_FromArray of 2 items + HPy_Close: returns n. */
LOOP(loop_tuple_array)
{
    NEED(2)
    HPy items[2] = { args[1], args[1] };
    for (long i = 0; i < n; i++) {
        HPy t = HPyTuple_FromArray(ctx, items, 2);
        CHECK(!HPy_IsNull(t))
        sum += 1.0;
        HPy_Close(ctx, t);
    }
    return result(ctx, sum);
}

/* HPyList_New(0), 4 x (HPyFloat_FromDouble, HPyList_Append, HPy_Close),
 * HPy_Length, HPy_Close: returns n * 4. */
LOOP(loop_list_append)
{
    NEED(1)
    for (long i = 0; i < n; i++) {
        HPy l = HPyList_New(ctx, 0);
        for (int j = 0; j < 4; j++) {
            HPy f = HPyFloat_FromDouble(ctx, j + 0.5);
            CHECK(HPyList_Append(ctx, l, f) == 0)
            HPy_Close(ctx, f);
        }
        sum += (double)HPy_Length(ctx, l);
        HPy_Close(ctx, l);
    }
    return result(ctx, sum);
}

/* On the operand, a list whose item 1 is 2.5: HPy_GetItem_i(1) +
 * HPyFloat_AsDouble + HPy_SetItem_i(1, the same item) + HPy_Close.
 * Returns n * 2.5. */
LOOP(loop_list_getset_i)
{
    NEED(2)
    for (long i = 0; i < n; i++) {
        HPy item = HPy_GetItem_i(ctx, args[1], 1);
        CHECK(!HPy_IsNull(item))
        sum += HPyFloat_AsDouble(ctx, item);
        CHECK(HPy_SetItem_i(ctx, args[1], 1, item) == 0)
        HPy_Close(ctx, item);
    }
    return result(ctx, sum);
}

/* Issue 23's row: HPy_GetAttr_s of the module (its loop_empty) +
 * HPy_Close: returns n. */
LOOP(loop_getattr_s)
{
    NEED(1)
    for (long i = 0; i < n; i++) {
        HPy a = HPy_GetAttr_s(ctx, self, "loop_empty");
        CHECK(!HPy_IsNull(a))
        sum += 1.0;
        HPy_Close(ctx, a);
    }
    return result(ctx, sum);
}

/* HPy_SetAttr_s(operand, "x", n's handle): returns n. */
LOOP(loop_setattr_s)
{
    NEED(2)
    for (long i = 0; i < n; i++) {
        CHECK(HPy_SetAttr_s(ctx, args[1], "x", args[0]) == 0)
        sum += 1.0;
    }
    return result(ctx, sum);
}

/* Calls of the operand f(a, b) = a + b from C, + HPyFloat_AsDouble +
 * HPy_Close: HPy_Call with 2 positional arguments, HPy_Call with 1 and the
 * keyword b, HPy_CallTupleDict with a tuple. Each returns n * 3. */
static HPy call_loop(HPyContext *ctx, long n, HPy f, int kind)
{
    double sum = 0;
    HPy ab[2] = { HPyFloat_FromDouble(ctx, 1.0), HPyFloat_FromDouble(ctx, 2.0) };
    HPy b_name = HPyUnicode_FromString(ctx, "b");
    HPy kwnames = HPyTuple_FromArray(ctx, &b_name, 1);
    HPy tuple = HPyTuple_FromArray(ctx, ab, 2);
    for (long i = 0; i < n && !HPy_IsNull(tuple); i++) {
        HPy r = kind == 0 ? HPy_Call(ctx, f, ab, 2, HPy_NULL)
              : kind == 1 ? HPy_Call(ctx, f, ab, 1, kwnames)
                          : HPy_CallTupleDict(ctx, f, tuple, HPy_NULL);
        if (HPy_IsNull(r)) break;
        sum += HPyFloat_AsDouble(ctx, r);
        HPy_Close(ctx, r);
    }
    HPy_Close(ctx, tuple);
    HPy_Close(ctx, kwnames);
    HPy_Close(ctx, b_name);
    HPy_Close(ctx, ab[0]);
    HPy_Close(ctx, ab[1]);
    return result(ctx, sum);
}

LOOP(loop_call) { NEED(2) (void)sum; return call_loop(ctx, n, args[1], 0); }
LOOP(loop_call_kw) { NEED(2) (void)sum; return call_loop(ctx, n, args[1], 1); }
LOOP(loop_call_tuple) { NEED(2) (void)sum; return call_loop(ctx, n, args[1], 2); }

HPyDef_SLOT(containers_exec, HPy_mod_exec)
static int containers_exec_impl(HPyContext *ctx, HPy m)
{
    for (int i = 0; i < 1024; i++) ascii_1k[i] = (char)('a' + i % 26);
    return 0;
}

static HPyDef *module_defines[] = {
    &containers_exec, &loop_empty, &loop_unicode_from_ascii, &loop_unicode_from_non_ascii, &loop_unicode_from_1k,
    &loop_unicode_roundtrip_ascii, &loop_unicode_roundtrip_non_ascii, &loop_unicode_as, &loop_bytes, &loop_dict_s,
    &loop_dict_h, &loop_dict_get_s, &loop_dict_keys, &loop_list_builder, &loop_tuple_builder, &loop_tuple_array,
    &loop_list_append, &loop_list_getset_i, &loop_getattr_s, &loop_setattr_s, &loop_call, &loop_call_kw,
    &loop_call_tuple, NULL,
};
static HPyModuleDef moduledef = { .doc = "figure 15's string and container loops", .defines = module_defines };
HPy_MODINIT(bench_containers, moduledef)
