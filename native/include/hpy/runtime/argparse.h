/* hpy/runtime/argparse.h: HPyArg_Parse and friends, as in HPy 0.9.0.
 *
 * Format units: b B h H i I l k L K n (integers), f d (floats), O (handle),
 * p (truth value), s (UTF-8 string); `|` starts the optional arguments, `$`
 * the keyword-only ones (keyword parsing only), `:name` names the function
 * in error messages and `;message` replaces them. Each returns 1 on success
 * and 0 with an exception set. With a non-NULL `ht`, a tracker is created;
 * close it after use on success (on failure it is already closed).
 */
#ifndef HPY_RUNTIME_ARGPARSE_H
#define HPY_RUNTIME_ARGPARSE_H

#include "hpy.h"
#include "hpy/runtime/helper_api.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Positional arguments only. */
HPyAPI_HELPER int
HPyArg_Parse(HPyContext *ctx, HPyTracker *ht, const HPy *args, size_t nargs,
             const char *fmt, ...);

/* HPy's calling convention: the values of the keyword arguments follow the
 * `nargs` positional ones in `args`, and `kwnames` (a tuple of strings, or
 * HPy_NULL) names them. `keywords` is NULL-terminated, one name per format
 * unit; "" marks a positional-only argument (these come first). */
HPyAPI_HELPER int
HPyArg_ParseKeywords(HPyContext *ctx, HPyTracker *ht, const HPy *args,
                     size_t nargs, HPy kwnames, const char *fmt,
                     const char *keywords[], ...);

/* The same with the keyword arguments in a dict `kw` (HPy_NULL for none). */
HPyAPI_HELPER int
HPyArg_ParseKeywordsDict(HPyContext *ctx, HPyTracker *ht, const HPy *args,
                         HPy_ssize_t nargs, HPy kw, const char *fmt,
                         const char *keywords[], ...);

#ifdef __cplusplus
}
#endif
#endif /* HPY_RUNTIME_ARGPARSE_H */
