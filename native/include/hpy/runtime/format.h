/* hpy/runtime/format.h: printf-style string formatting, as in HPy 0.9.0.
 *
 * Units: %% %c %d %i %u %x %ld %li %lu %lld %lli %llu %zd %zi %zu %s %p,
 * and on handles %U (a string), %V (a string handle, or the C string after
 * it when the handle is HPy_NULL), %S (HPy_Str), %R (HPy_Repr), %A
 * (HPy_ASCII). Each takes `%[0][width][.precision]`; width and precision
 * count characters (precision counts bytes for C strings). The format must
 * be ASCII.
 */
#ifndef HPY_RUNTIME_FORMAT_H
#define HPY_RUNTIME_FORMAT_H

#include "hpy.h"
#include "hpy/runtime/helper_api.h"

#ifdef __cplusplus
extern "C" {
#endif

HPyAPI_HELPER HPy
HPyUnicode_FromFormat(HPyContext *ctx, const char *fmt, ...);

HPyAPI_HELPER HPy
HPyUnicode_FromFormatV(HPyContext *ctx, const char *fmt, va_list vargs);

/* Sets `h_type` with the formatted message and returns HPy_NULL. */
HPyAPI_HELPER HPy
HPyErr_Format(HPyContext *ctx, HPy h_type, const char *fmt, ...);

#ifdef __cplusplus
}
#endif
#endif /* HPY_RUNTIME_FORMAT_H */
