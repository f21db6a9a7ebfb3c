/* hpy/runtime/helper_api.h: what the helper headers need from hpy.h.
 *
 * The helper library (native/runtime/) is compiled into each extension,
 * as HPy's hpy/devel/src/runtime is. Its functions are HPyAPI_HELPER: hidden
 * in the shared object, so two extensions in one process never bind to each
 * other's copies. hpy.h may define these names itself (HPy 0.9.0's does);
 * then its definitions win.
 */
#ifndef HPY_RUNTIME_HELPER_API_H
#define HPY_RUNTIME_HELPER_API_H

#include <stdarg.h>
#include <stdint.h>

#ifndef HPyAPI_HELPER
#  ifdef __GNUC__
#    define HPyAPI_HELPER __attribute__((visibility("hidden")))
#  else
#    define HPyAPI_HELPER
#  endif
#endif

#ifndef HPY_SSIZE_T_MAX
#  define HPY_SSIZE_T_MAX INTPTR_MAX
#  define HPY_SSIZE_T_MIN (-HPY_SSIZE_T_MAX - 1)
#endif

#endif /* HPY_RUNTIME_HELPER_API_H */
