/* HPyHelpers_AddType and HPyHelpers_PackArgsAndKeywords.
 *
 * Part of the helper library that `hpy-node build` compiles into every
 * extension (HPy 0.9.0's hpy/devel/src/runtime/helpers.c there).
 */
#include "hpy.h"

HPyAPI_HELPER int HPyHelpers_AddType(HPyContext *ctx, HPy obj, const char *name, HPyType_Spec *hpyspec,
                                     HPyType_SpecParam *params)
{
    HPy type = HPyType_FromSpec(ctx, hpyspec, params);
    if (HPy_IsNull(type)) return 0;
    int failed = HPy_SetAttr_s(ctx, obj, name, type) < 0;
    HPy_Close(ctx, type);
    return !failed;
}

/* A dict of the keyword arguments: kwnames[i] -> args[nargs + i]. */
static HPy keywords_dict(HPyContext *ctx, const HPy *values, HPy kwnames, HPy_ssize_t count)
{
    HPy dict = HPyDict_New(ctx);
    if (HPy_IsNull(dict)) return HPy_NULL;
    for (HPy_ssize_t i = 0; i < count; i++) {
        HPy name = HPy_GetItem_i(ctx, kwnames, i);
        int failed = HPy_IsNull(name) || HPy_SetItem(ctx, dict, name, values[i]) < 0;
        if (!HPy_IsNull(name)) HPy_Close(ctx, name);
        if (failed) {
            HPy_Close(ctx, dict);
            return HPy_NULL;
        }
    }
    return dict;
}

HPyAPI_HELPER int HPyHelpers_PackArgsAndKeywords(HPyContext *ctx, const HPy *args, size_t nargs, HPy kwnames,
                                                 HPy *out_pos_args, HPy *out_kwd)
{
    if (out_pos_args == NULL || out_kwd == NULL) {
        HPyErr_SetString(ctx, ctx->h_SystemError,
                         out_pos_args == NULL
                             ? "HPyHelpers_PackArgsAndKeywords: argument 'out_pos_args' must not be NULL"
                             : "HPyHelpers_PackArgsAndKeywords: argument 'out_kwd' must not be NULL");
        return 0;
    }
    HPy_ssize_t nkw = HPy_IsNull(kwnames) ? 0 : HPy_Length(ctx, kwnames);
    if (nkw < 0) return 0;
    HPy kwd = HPy_NULL, pos = HPy_NULL;
    if (nkw > 0 && HPy_IsNull(kwd = keywords_dict(ctx, args + nargs, kwnames, nkw))) return 0;
    if (nargs > 0 && HPy_IsNull(pos = HPyTuple_FromArray(ctx, args, (HPy_ssize_t)nargs))) {
        if (!HPy_IsNull(kwd)) HPy_Close(ctx, kwd);
        return 0;
    }
    /* written only now: on failure the caller's variables are untouched */
    *out_pos_args = pos;
    *out_kwd = kwd;
    return 1;
}
