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

#ifdef __cplusplus
extern "C" {
#endif

/* The universal ABI version this header speaks (HPy 0.9 is 0.0). */
#define HPY_ABI_VERSION 0
#define HPY_ABI_VERSION_MINOR 0
#define HPY_ABI "universal"

#define HPy_EXPORTED_SYMBOL __attribute__((visibility("default")))
#define HPyAPI_FUNC static inline

/* ---- basic types ------------------------------------------------------ */
typedef intptr_t HPy_ssize_t;
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
#define HPyField_NULL_INIT {0}
#define HPyListBuilder_IsNull(b) ((b)._lst == 0)
#define HPyTupleBuilder_IsNull(b) ((b)._tup == 0)
#define HPyField_IsNull(f) ((f)._i == 0)
#define HPyTracker_IsNull(t) ((t)._i == 0) /* HPyTracker_New failed */

typedef void (*HPyCFunction)(void);

typedef enum {
    HPyFunc_VARARGS = 1,
    HPyFunc_KEYWORDS = 2,
    HPyFunc_NOARGS = 3,
    HPyFunc_O = 4,
} HPyFunc_Signature;

typedef enum {
    HPy_LT = 0, HPy_LE = 1, HPy_EQ = 2, HPy_NE = 3, HPy_GT = 4, HPy_GE = 5,
} HPy_RichCmpOp;

typedef enum {
    HPyType_BuiltinShape_Legacy = -1,
    HPyType_BuiltinShape_Object = 0,
    HPyType_BuiltinShape_Type = 1,
    HPyType_BuiltinShape_Long = 2,
    HPyType_BuiltinShape_Float = 3,
    HPyType_BuiltinShape_Unicode = 4,
    HPyType_BuiltinShape_Tuple = 5,
    HPyType_BuiltinShape_List = 6,
    HPyType_BuiltinShape_Dict = 7,
} HPyType_BuiltinShape;

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

typedef void (*HPyFunc_Capsule_Destructor)(const char *name, void *pointer, void *context);
typedef struct {
    void *cpy_trampoline;
    HPyFunc_Capsule_Destructor impl;
} HPyCapsule_Destructor;

/* HPyCapsule_DESTRUCTOR(dtor) declares `dtor_impl` (write its body next) and
 * defines the HPyCapsule_Destructor `dtor` to pass to HPyCapsule_New. There
 * is no CPython here, so no trampoline. */
#define HPyCapsule_DESTRUCTOR(SYM)                                          \
    static void SYM##_impl(const char *name, void *pointer, void *context); \
    static HPyCapsule_Destructor SYM = { NULL, SYM##_impl };

typedef struct {
    void *cpy_trampoline;
    HPyCFunction impl;
} HPyCallFunction;

/* Types defined from C are not supported by hpy-node yet; these keep the
 * context's signatures intact. */
typedef struct HPyDef HPyDef;
typedef struct {
    const char *name;
    int basicsize;
    int itemsize;
    unsigned long flags;
    HPyType_BuiltinShape builtin_shape;
    void *legacy_slots;
    HPyDef **defines;
    const char *doc;
} HPyType_Spec;
typedef struct { int kind; HPy object; } HPyType_SpecParam;

/* ---- the context ------------------------------------------------------ */
#include "hpy/autogen_ctx.h"
#include "hpy/autogen_public.h"

/* ---- module definition ------------------------------------------------ */
typedef enum {
    HPyDef_Kind_Slot = 1,
    HPyDef_Kind_Meth = 2,
    HPyDef_Kind_Member = 3,
    HPyDef_Kind_GetSet = 4,
} HPyDef_Kind;

typedef struct {
    const char *name;
    HPyCFunction impl;
    void *cpy_trampoline; /* unused here; kept for HPy 0.9's layout */
    HPyFunc_Signature signature;
    const char *doc;
} HPyMeth;

struct HPyDef {
    HPyDef_Kind kind;
    union {
        HPyMeth meth;
    };
};

typedef struct {
    const char *doc;
    HPyDef **defines; /* NULL-terminated */
    HPyGlobal **globals; /* NULL-terminated, may be NULL */
} HPyModuleDef;

/* Implementation signatures, one per HPyFunc_* kind. VARARGS and KEYWORDS take
 * `HPy *args, HPy_ssize_t nargs` (the signature of HPy's documentation and
 * of the trace-mode example); at the ABI level it is HPy 0.9's
 * `const HPy *args, size_t nargs`. */
typedef HPy (*HPyFunc_noargs)(HPyContext *ctx, HPy self);
typedef HPy (*HPyFunc_o)(HPyContext *ctx, HPy self, HPy arg);
typedef HPy (*HPyFunc_varargs)(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs);
typedef HPy (*HPyFunc_keywords)(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs, HPy kwnames);

#define _HPyFunc_PROTO_HPyFunc_NOARGS(f) HPy f(HPyContext *ctx, HPy self)
#define _HPyFunc_PROTO_HPyFunc_O(f) HPy f(HPyContext *ctx, HPy self, HPy arg)
#define _HPyFunc_PROTO_HPyFunc_VARARGS(f) HPy f(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs)
#define _HPyFunc_PROTO_HPyFunc_KEYWORDS(f) HPy f(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs, HPy kwnames)

/* HPyDef_METH(add, "add", HPyFunc_VARARGS) declares `add_impl` with the
 * signature of its kind and defines the HPyDef `add` to list in .defines.
 * An optional fourth argument `.doc = "..."` documents the method. */
#define HPyDef_METH(SYM, NAME, SIG, ...)                                   \
    static _HPyFunc_PROTO_##SIG(SYM##_impl);                              \
    HPyDef SYM = {                                                        \
        .kind = HPyDef_Kind_Meth,                                         \
        .meth = { .name = NAME, .impl = (HPyCFunction)SYM##_impl,         \
                  .signature = SIG, __VA_ARGS__ }                         \
    };

/* HPy_MODINIT(snippets, moduledef) exports what the loader looks for:
 * the required ABI version, the global context setter and HPyInit_snippets. */
#define HPy_MODINIT(EXT_NAME, MOD_DEF)                                          \
    HPyContext *_ctx_for_trampolines;                                           \
    HPy_EXPORTED_SYMBOL uint32_t get_required_hpy_major_version_##EXT_NAME(void) \
    { return HPY_ABI_VERSION; }                                                 \
    HPy_EXPORTED_SYMBOL uint32_t get_required_hpy_minor_version_##EXT_NAME(void) \
    { return HPY_ABI_VERSION_MINOR; }                                           \
    HPy_EXPORTED_SYMBOL void HPyInitGlobalContext_##EXT_NAME(HPyContext *ctx)   \
    { _ctx_for_trampolines = ctx; }                                             \
    HPy_EXPORTED_SYMBOL HPyModuleDef *HPyInit_##EXT_NAME(void)                  \
    { return &MOD_DEF; }

/* ---- small helpers that are not context calls ---------------------------- */
#define HPyErr_SetFromErrno(ctx, h_type) HPyErr_SetFromErrnoWithFilename(ctx, h_type, NULL)
#define HPyErr_SetFromErrnoWithFilenameObject(ctx, h_type, filename) \
    HPyErr_SetFromErrnoWithFilenameObjects(ctx, h_type, filename, HPy_NULL)

HPyAPI_FUNC HPy HPyBool_FromLong(HPyContext *ctx, long v) { return HPyBool_FromBool(ctx, v != 0); }
HPyAPI_FUNC HPy HPyLong_FromLong(HPyContext *ctx, long v) { return HPyLong_FromInt64_t(ctx, (int64_t)v); }
HPyAPI_FUNC long HPyLong_AsLong(HPyContext *ctx, HPy h) { return (long)HPyLong_AsInt64_t(ctx, h); }
HPyAPI_FUNC HPy HPyLong_FromLongLong(HPyContext *ctx, long long v) { return HPyLong_FromInt64_t(ctx, (int64_t)v); }
HPyAPI_FUNC long long HPyLong_AsLongLong(HPyContext *ctx, HPy h) { return (long long)HPyLong_AsInt64_t(ctx, h); }

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
