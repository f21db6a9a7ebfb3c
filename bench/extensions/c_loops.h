/* What figure 13's objects.c and figure 15's containers.c share: C loops
 * called as loop_x(n, ...operands), each returning a sum its caller checks.
 * Included by the .c files only (each is its own extension). */
#pragma once
#include "hpy.h"

/* The iteration count, from a Python int or a JavaScript number. */
static long iterations(HPyContext *ctx, HPy arg)
{
    double d = HPyFloat_AsDouble(ctx, arg);
    return d > 0 ? (long)d : 0;
}

static HPy result(HPyContext *ctx, double sum)
{
    if (HPyErr_Occurred(ctx)) return HPy_NULL;
    return HPyFloat_FromDouble(ctx, sum);
}

/* Each loop_* below is VARARGS: (n, ...) with the operands after n. */
#define LOOP(name) \
    HPyDef_METH(name, #name, HPyFunc_VARARGS) \
    static HPy name##_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
#define NEED(k) \
    if (nargs != (k)) { \
        HPyErr_SetString(ctx, ctx->h_TypeError, "wrong number of arguments"); \
        return HPy_NULL; \
    } \
    long n = iterations(ctx, args[0]); \
    double sum = 0;
