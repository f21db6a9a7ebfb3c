/* Benchmark loops for hpy-node (bench/, figures 1, 3, 4, 5).
 *
 * Each loop_* function takes an iteration count and runs its loop in C, so a
 * context call costs what it costs to C code, with no JavaScript in between.
 * The calls go through the context's function pointers into another shared
 * object, so the compiler cannot remove them; the results feed a checksum
 * that is returned, so nothing is dead.
 *
 * Built once per mode under its own module name (the loader binds a shared
 * object to one mode per process): BENCH_NAME is set with -D by bench/lib.ts.
 */
#include "hpy.h"

#ifndef BENCH_NAME
#define BENCH_NAME bench_loops
#endif

/* The iteration count, read from a JS number without HPyLong_* (some of those
 * may not be implemented yet on the host). */
static int64_t iterations(HPyContext *ctx, HPy arg) {
    double d = HPyFloat_AsDouble(ctx, arg);
    return d > 0 ? (int64_t)d : 0;
}

/* The seed's add: figure 3 calls it from JavaScript. */
#include "seed_add.h"

/* HPy_Add + HPy_Close on small ints: loop_add(n, 1, 2). */
HPyDef_METH(loop_add, "loop_add", HPyFunc_VARARGS)
static HPy loop_add_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    if (nargs != 3) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "loop_add(n, a, b)");
        return HPy_NULL;
    }
    int64_t n = iterations(ctx, args[0]);
    int64_t failures = 0;
    for (int64_t i = 0; i < n; i++) {
        HPy r = HPy_Add(ctx, args[1], args[2]);
        failures += HPy_IsNull(r);
        HPy_Close(ctx, r);
    }
    if (failures) return HPy_NULL;
    return HPyFloat_FromDouble(ctx, (double)n);
}

/* HPy_Dup + HPy_Close: loop_dup(n, x). */
HPyDef_METH(loop_dup, "loop_dup", HPyFunc_VARARGS)
static HPy loop_dup_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    if (nargs != 2) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "loop_dup(n, x)");
        return HPy_NULL;
    }
    int64_t n = iterations(ctx, args[0]);
    int64_t failures = 0;
    for (int64_t i = 0; i < n; i++) {
        HPy d = HPy_Dup(ctx, args[1]);
        failures += HPy_IsNull(d);
        HPy_Close(ctx, d);
    }
    if (failures) return HPy_NULL;
    return HPyFloat_FromDouble(ctx, (double)n);
}

/* HPyLong_FromInt64_t + HPy_Close: loop_long(n). */
HPyDef_METH(loop_long, "loop_long", HPyFunc_O)
static HPy loop_long_impl(HPyContext *ctx, HPy self, HPy arg)
{
    int64_t n = iterations(ctx, arg);
    for (int64_t i = 0; i < n; i++) {
        HPy v = HPyLong_FromInt64_t(ctx, i);
        if (HPy_IsNull(v)) return HPy_NULL; /* NotImplementedError on a host without it */
        HPy_Close(ctx, v);
    }
    return HPyFloat_FromDouble(ctx, (double)n);
}

static HPyDef *module_defines[] = { &add, &loop_add, &loop_dup, &loop_long, NULL };
static HPyModuleDef moduledef = { .doc = "hpy-node benchmark loops", .defines = module_defines };
/* One more level so BENCH_NAME is expanded before HPy_MODINIT pastes it. */
#define BENCH_MODINIT(name, def) HPy_MODINIT(name, def)
BENCH_MODINIT(BENCH_NAME, moduledef)
