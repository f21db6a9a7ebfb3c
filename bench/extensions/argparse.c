/* Figure 9: what HPyArg_Parse costs a call from JavaScript.
 *
 * `add` is the seed's add (HPy_Add on the two arguments); `parse_add` parses
 * the same two arguments with HPyArg_Parse("ll") and returns their sum, the
 * way an extension ported from PyArg_ParseTuple does. `by_hand_add` makes the
 * same context calls as parse_add without the parser (two HPyLong_AsInt64_t,
 * one HPyLong_FromLong): the difference to parse_add is the parser's own
 * cost, the difference to add the cost of the calls. All take (1, 2) from the
 * same kind of JavaScript loop, in one module, so the ratios are taken side
 * by side.
 */
#include "hpy.h"

HPyDef_METH(add, "add", HPyFunc_VARARGS)
static HPy add_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs)
{
    if (nargs != 2) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "expected exactly two args");
        return HPy_NULL;
    }
    return HPy_Add(ctx, args[0], args[1]);
}

HPyDef_METH(parse_add, "parse_add", HPyFunc_VARARGS)
static HPy parse_add_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs)
{
    long a, b;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "ll", &a, &b))
        return HPy_NULL;
    return HPyLong_FromLong(ctx, a + b);
}

HPyDef_METH(by_hand_add, "by_hand_add", HPyFunc_VARARGS)
static HPy by_hand_add_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs)
{
    if (nargs != 2) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "expected exactly two args");
        return HPy_NULL;
    }
    long a = HPyLong_AsInt64_t(ctx, args[0]);
    if (a == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    long b = HPyLong_AsInt64_t(ctx, args[1]);
    if (b == -1 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    return HPyLong_FromLong(ctx, a + b);
}

static HPyDef *defines[] = { &add, &parse_add, &by_hand_add, NULL };
static HPyModuleDef moduledef = { .doc = "HPyArg_Parse benchmark", .defines = defines };
HPy_MODINIT(bench_argparse, moduledef)
