/* A small extension with a realistic mix of HPy calls, for the demo (`npm
 * start`) and the dashboard tests: numbers, lists, dicts, strings, calls. */
#include "hpy.h"
#include <string.h>

HPyDef_METH(add, "add", HPyFunc_VARARGS, .doc = "add(a, b): a + b")
static HPy add_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs)
{
    if (nargs != 2) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "add() expects exactly two arguments");
        return HPy_NULL;
    }
    return HPy_Add(ctx, args[0], args[1]);
}

HPyDef_METH(sum_list, "sum_list", HPyFunc_O, .doc = "sum_list(items): the sum of a list of numbers")
static HPy sum_list_impl(HPyContext *ctx, HPy self, HPy items)
{
    HPy_ssize_t n = HPy_Length(ctx, items);
    if (n < 0)
        return HPy_NULL;
    HPy total = HPyLong_FromInt64_t(ctx, 0);
    for (HPy_ssize_t i = 0; i < n; i++) {
        HPy item = HPy_GetItem_i(ctx, items, i);
        if (HPy_IsNull(item)) {
            HPy_Close(ctx, total);
            return HPy_NULL;
        }
        HPy next = HPy_Add(ctx, total, item);
        HPy_Close(ctx, item);
        HPy_Close(ctx, total);
        if (HPy_IsNull(next))
            return HPy_NULL;
        total = next;
    }
    return total;
}

HPyDef_METH(make_record, "make_record", HPyFunc_VARARGS, .doc = "make_record(name, value): { name, value, tags }")
static HPy make_record_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs)
{
    if (nargs != 2) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "make_record() expects (name, value)");
        return HPy_NULL;
    }
    HPy rec = HPyDict_New(ctx);
    HPy tags = HPyList_New(ctx, 0);
    HPy tag = HPyUnicode_FromString(ctx, "demo");
    HPyList_Append(ctx, tags, tag);
    HPy_SetItem_s(ctx, rec, "name", args[0]);
    HPy_SetItem_s(ctx, rec, "value", args[1]);
    HPy_SetItem_s(ctx, rec, "tags", tags);
    HPy_Close(ctx, tag);
    HPy_Close(ctx, tags);
    return rec;
}

HPyDef_METH(shout, "shout", HPyFunc_O, .doc = "shout(text): text in upper case, with '!'")
static HPy shout_impl(HPyContext *ctx, HPy self, HPy text)
{
    HPy_ssize_t size;
    const char *s = HPyUnicode_AsUTF8AndSize(ctx, text, &size);
    if (s == NULL)
        return HPy_NULL;
    char buf[256];
    HPy_ssize_t n = size < 254 ? size : 254;
    for (HPy_ssize_t i = 0; i < n; i++)
        buf[i] = (s[i] >= 'a' && s[i] <= 'z') ? (char)(s[i] - 32) : s[i];
    buf[n] = '!';
    buf[n + 1] = '\0';
    return HPyUnicode_FromString(ctx, buf);
}

HPyDef_METH(apply, "apply", HPyFunc_VARARGS, .doc = "apply(fn, x): fn(x)")
static HPy apply_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs)
{
    if (nargs != 2 || !HPyCallable_Check(ctx, args[0])) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "apply() expects (callable, value)");
        return HPy_NULL;
    }
    return HPy_Call(ctx, args[0], &args[1], 1, HPy_NULL);
}

static HPyDef *module_defines[] = { &add, &sum_list, &make_record, &shout, &apply, NULL };

static HPyModuleDef moduledef = {
    .doc = "A demo workload for hpy-node's trace mode",
    .defines = module_defines,
};

HPy_MODINIT(workload, moduledef)
