/* hpy.h: the HPy API for extensions loaded by hpy-node.
 *
 * Extensions compile against this header only (`npx hpy-node build ext.c`).
 * Every API call goes through the HPyContext the host hands to the module at
 * load time, which is what lets hpy-node switch a module into trace mode
 * without recompiling it. The context layout follows HPy 0.9's universal ABI.
 */
#ifndef HPY_H
#define HPY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <wchar.h>
#include <alloca.h>
#include <stdlib.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The universal ABI version this header speaks (HPy 0.9 is 0.0). */
#define HPY_ABI_VERSION 0
#define HPY_ABI_VERSION_MINOR 0
#define HPY_ABI "universal"
/* The tag of extension file names: `name.hpy0.so`. */
#define HPY_ABI_TAG "hpy0"

/* Shown as ctx->name: HPy's tests check that it starts with "HPy Universal ABI". */
#define HPY_NODE_CTX_NAME "HPy Universal ABI (hpy-node backend)"

#define HPy_EXPORTED_SYMBOL __attribute__((visibility("default")))
#define _HPy_HIDDEN __attribute__((visibility("hidden")))
#define _HPy_UNUSED __attribute__((unused))
#define _HPy_NO_RETURN __attribute__((noreturn))
/* HPy's hybrid-ABI functions (PyObject interop): there is no CPython here,
 * so using one is a compile error. */
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 12
#define _HPy_CPYTHON_ONLY __attribute__((unavailable("hpy-node runs HPy's universal ABI: there are no PyObjects, so HPy_AsPyObject and HPy_FromPyObject cannot be used")))
#elif defined(__clang__)
#define _HPy_CPYTHON_ONLY __attribute__((unavailable("hpy-node runs HPy's universal ABI: there are no PyObjects")))
#else
#define _HPy_CPYTHON_ONLY __attribute__((deprecated("hpy-node runs HPy's universal ABI: there are no PyObjects; this call raises NotImplementedError")))
#endif
#define HPyAPI_FUNC _HPy_UNUSED static inline
#define HPyAPI_INLINE_HELPER HPyAPI_FUNC
/* Helpers compiled into each extension (hpy/runtime). */
#define HPyAPI_HELPER _HPy_HIDDEN

/* ---- basic types ------------------------------------------------------ */
typedef intptr_t HPy_ssize_t;
#define HPY_SSIZE_T_MAX INTPTR_MAX
#define HPY_SSIZE_T_MIN INTPTR_MIN
typedef HPy_ssize_t HPy_hash_t;
typedef uint32_t HPy_UCS4;

/* An opaque reference to a (JavaScript) value, valid until closed. */
typedef struct _HPy_s { intptr_t _i; } HPy;
typedef struct { intptr_t _i; } HPyField;
typedef struct { intptr_t _i; } HPyGlobal;
typedef struct { intptr_t _lst; } HPyListBuilder;
typedef struct { intptr_t _tup; } HPyTupleBuilder;
typedef struct { intptr_t _i; } HPyTracker;
typedef struct { intptr_t _i; } HPyThreadState;

typedef struct _HPyContext_s HPyContext;
typedef struct _object cpy_PyObject; /* there is no CPython here: never used */

#ifdef __cplusplus
#define HPy_NULL (HPy{0})
#else
#define HPy_NULL ((HPy){0})
#endif
#define HPy_IsNull(h) ((h)._i == 0)
#ifdef __cplusplus
#define HPyField_NULL (HPyField{0})
#else
#define HPyField_NULL ((HPyField){0})
#endif
#define HPyField_NULL_INIT {0}
#define HPyListBuilder_IsNull(b) ((b)._lst == 0)
#define HPyTupleBuilder_IsNull(b) ((b)._tup == 0)
#define HPyField_IsNull(f) ((f)._i == 0)
#define HPyTracker_IsNull(t) ((t)._i == 0) /* HPyTracker_New failed */

typedef enum {
    HPy_LT = 0, HPy_LE = 1, HPy_EQ = 2, HPy_NE = 3, HPy_GT = 4, HPy_GE = 5,
} HPy_RichCmpOp;

#include "hpy/hpyfunc.h"

typedef enum {
    HPy_SourceKind_Expr = 0,
    HPy_SourceKind_File = 1,
    HPy_SourceKind_Single = 2,
} HPy_SourceKind;

typedef enum {
    HPyCapsule_key_Pointer = 0,
    HPyCapsule_key_Name = 1,
    HPyCapsule_key_Context = 2,
    HPyCapsule_key_Destructor = 3,
} _HPyCapsule_key;

typedef struct HPyDef HPyDef;
#include "hpy/hpydef.h"

#include "hpy/hpytype.h"

/* ---- the context ------------------------------------------------------ */
#include "hpy/autogen_ctx.h"
#include "hpy/autogen_public.h"

/* ---- module definition ------------------------------------------------ */
#include "hpy/hpymodule.h"

/* ---- helpers on top of the context calls -------------------------------- */
#include "hpy/inline_helpers.h"

/* ---- the helper library (native/runtime/, compiled into each extension) */
#include "hpy/runtime/argparse.h"
#include "hpy/runtime/buildvalue.h"
#include "hpy/runtime/format.h"
#include "hpy/runtime/helpers.h"
#include "hpy/runtime/structseq.h"

#ifdef __cplusplus
}
#endif
#endif /* HPY_H */
