/* hpy/runtime/helpers.h: HPyHelpers_*, as in HPy 0.9.0. */
#ifndef HPY_RUNTIME_HELPERS_H
#define HPY_RUNTIME_HELPERS_H

#include "hpy.h"
#include "hpy/runtime/helper_api.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Creates a type with HPyType_FromSpec and sets it as attribute `name` of
 * `obj` (usually the module, in its HPy_mod_exec slot). 1 on success, 0
 * with an exception set. */
HPyAPI_HELPER int
HPyHelpers_AddType(HPyContext *ctx, HPy obj, const char *name,
                   HPyType_Spec *hpyspec, HPyType_SpecParam *params);

/* Converts HPy's calling convention (positional and keyword values in one
 * array, names in `kwnames`) into a tuple and a dict. Each output is HPy_NULL
 * when there is nothing to put in it; neither is written on failure. */
HPyAPI_HELPER int
HPyHelpers_PackArgsAndKeywords(HPyContext *ctx, const HPy *args, size_t nargs,
                               HPy kwnames, HPy *out_pos_args, HPy *out_kwd);

#ifdef __cplusplus
}
#endif
#endif /* HPY_RUNTIME_HELPERS_H */
