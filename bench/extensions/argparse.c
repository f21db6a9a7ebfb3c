/* Figure 9: what HPyArg_Parse costs a call from JavaScript.
 *
 * `add` is the seed's add (HPy_Add on the two arguments); `parse_add` parses
 * the same two arguments with HPyArg_Parse("ll") and returns their sum, the
 * way an extension ported from PyArg_ParseTuple does. `by_hand_add` makes the
 * same context calls as parse_add without the parser (two HPyLong_AsInt64_t,
 * one HPyLong_FromLong): the difference to parse_add is the parser's own
 * cost, the difference to add the cost of the calls. All take (1, 2) from the
 * same kind of JavaScript loop, in one module, so the ratios are taken side
 * by side. loop_parse and loop_by_hand time the same in a C loop, where the
 * parser's own cost stands out of the noise of JavaScript calls.
 */
#include "hpy.h"

#include "seed_add.h"

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

/* loop_parse(n, a, b) and loop_by_hand(n, a, b): n parses of (a, b), with
 * HPyArg_Parse and by hand; return the checksum n * (a + b). */
static int64_t iterations(HPyContext *ctx, HPy arg)
{
    double d = HPyFloat_AsDouble(ctx, arg);
    return d > 0 ? (int64_t)d : 0;
}

HPyDef_METH(loop_parse, "loop_parse", HPyFunc_VARARGS)
static HPy loop_parse_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs)
{
    if (nargs != 3) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "loop_parse(n, a, b)");
        return HPy_NULL;
    }
    int64_t n = iterations(ctx, args[0]);
    double sum = 0;
    for (int64_t i = 0; i < n; i++) {
        long a, b;
        if (!HPyArg_Parse(ctx, NULL, args + 1, 2, "ll", &a, &b))
            return HPy_NULL;
        sum += (double)(a + b);
    }
    return HPyFloat_FromDouble(ctx, sum);
}

HPyDef_METH(loop_by_hand, "loop_by_hand", HPyFunc_VARARGS)
static HPy loop_by_hand_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs)
{
    if (nargs != 3) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "loop_by_hand(n, a, b)");
        return HPy_NULL;
    }
    int64_t n = iterations(ctx, args[0]);
    double sum = 0;
    for (int64_t i = 0; i < n; i++) {
        long a = HPyLong_AsInt64_t(ctx, args[1]);
        if (a == -1 && HPyErr_Occurred(ctx))
            return HPy_NULL;
        long b = HPyLong_AsInt64_t(ctx, args[2]);
        if (b == -1 && HPyErr_Occurred(ctx))
            return HPy_NULL;
        sum += (double)(a + b);
    }
    return HPyFloat_FromDouble(ctx, sum);
}

static HPyDef *defines[] = { &add, &parse_add, &by_hand_add, &loop_parse, &loop_by_hand, NULL };
static HPyModuleDef moduledef = { .doc = "HPyArg_Parse benchmark", .defines = defines };
HPy_MODINIT(bench_argparse, moduledef)
