/* hpy/runtime/buildvalue.h: HPy_BuildValue, as in HPy 0.9.0.
 *
 * Format units: i I k l L K n (integers), f d (floats), s (UTF-8 string;
 * NULL gives None), O and S (a handle, duplicated, never stolen; HPy_NULL
 * fails), and the containers (...) tuple, [...] list, {k:v, ...} dict.
 * Spaces and commas between units are ignored. An empty format gives None,
 * one unit its value, several a tuple. 'N' is refused, as in HPy.
 */
#ifndef HPY_RUNTIME_BUILDVALUE_H
#define HPY_RUNTIME_BUILDVALUE_H

#include "hpy.h"
#include "hpy/runtime/helper_api.h"

#ifdef __cplusplus
extern "C" {
#endif

HPyAPI_HELPER HPy
HPy_BuildValue(HPyContext *ctx, const char *fmt, ...);

#ifdef __cplusplus
}
#endif
#endif /* HPY_RUNTIME_BUILDVALUE_H */
