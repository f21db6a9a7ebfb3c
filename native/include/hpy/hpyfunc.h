/* hpy/hpyfunc.h: the signatures of the C functions an extension hands to
 * hpy-node (methods, slots), by HPyFunc_Signature, as HPy 0.9.0 numbers and
 * declares them. Included by hpy.h. */
#ifndef HPY_HPYFUNC_H
#define HPY_HPYFUNC_H

typedef enum {
    HPyFunc_VARARGS = 1,
    HPyFunc_KEYWORDS = 2,
    HPyFunc_NOARGS = 3,
    HPyFunc_O = 4,
    HPyFunc_DESTROYFUNC,
    HPyFunc_GETBUFFERPROC,
    HPyFunc_RELEASEBUFFERPROC,
    HPyFunc_UNARYFUNC,
    HPyFunc_BINARYFUNC,
    HPyFunc_TERNARYFUNC,
    HPyFunc_INQUIRY,
    HPyFunc_LENFUNC,
    HPyFunc_SSIZEARGFUNC,
    HPyFunc_SSIZESSIZEARGFUNC,
    HPyFunc_SSIZEOBJARGPROC,
    HPyFunc_SSIZESSIZEOBJARGPROC,
    HPyFunc_OBJOBJARGPROC,
    HPyFunc_FREEFUNC,
    HPyFunc_GETATTRFUNC,
    HPyFunc_GETATTROFUNC,
    HPyFunc_SETATTRFUNC,
    HPyFunc_SETATTROFUNC,
    HPyFunc_REPRFUNC,
    HPyFunc_HASHFUNC,
    HPyFunc_RICHCMPFUNC,
    HPyFunc_GETITERFUNC,
    HPyFunc_ITERNEXTFUNC,
    HPyFunc_DESCRGETFUNC,
    HPyFunc_DESCRSETFUNC,
    HPyFunc_INITPROC,
    HPyFunc_NEWFUNC,
    HPyFunc_GETTER,
    HPyFunc_SETTER,
    HPyFunc_OBJOBJPROC,
    HPyFunc_TRAVERSEPROC,
    HPyFunc_DESTRUCTOR,
    HPyFunc_CAPSULE_DESTRUCTOR,
    HPyFunc_VECTORCALLFUNC,
    HPyFunc_MOD_CREATE,
} HPyFunc_Signature;

/* What the definition structs store: a function pointer of any signature.
 * _HPyFunc_AS_CFUNCTION converts through void (*)(void), the function type
 * compilers accept as matching every other. */
typedef void *(*HPyCFunction)();
#define _HPyFunc_AS_CFUNCTION(F) ((HPyCFunction)(void (*)(void))(F))

/* C++ gets default member values, so a definition that names only some
 * fields (`{ .doc = ..., .defines = ... }`) compiles without warnings, as C's
 * designated initializers do. */
#ifdef __cplusplus
#define _HPy_DEFAULT(V) = V
#else
#define _HPy_DEFAULT(V)
#endif

/* The signatures hpy-node calls. VARARGS and KEYWORDS are vectorcall-like:
 * `args` holds the positional arguments and, for KEYWORDS, the keyword
 * values after them; `nargs` counts the positional ones; `kwnames` is a tuple
 * of the keyword names, or HPy_NULL. */
typedef HPy (*HPyFunc_noargs)(HPyContext *ctx, HPy self);
typedef HPy (*HPyFunc_o)(HPyContext *ctx, HPy self, HPy arg);
typedef HPy (*HPyFunc_varargs)(HPyContext *ctx, HPy self, const HPy *args, size_t nargs);
typedef HPy (*HPyFunc_keywords)(HPyContext *ctx, HPy self, const HPy *args, size_t nargs, HPy kwnames);
typedef int (*HPyFunc_inquiry)(HPyContext *ctx, HPy self);
typedef HPy (*HPyFunc_mod_create)(HPyContext *ctx, HPy spec);
typedef void (*HPyFunc_Capsule_Destructor)(const char *name, void *pointer, void *context);

/* ~~~ declaring an implementation ~~~
 * _HPyFunc_ENTRY(IMPL, SIG) declares what a definition macro needs to take
 * the address of IMPL before the extension writes it, and
 * _HPyFunc_ENTRY_NAME(IMPL, SIG) names that address.
 *
 * Fixed signatures get a prototype, so the compiler checks the definition.
 * VARARGS and KEYWORDS accept two spellings of their arguments: HPy 0.9.0's
 * `const HPy *args, size_t nargs` and the one of HPy's documentation and the
 * trace-mode example, `HPy *args, HPy_ssize_t nargs`. Both have the same
 * calling convention, but no one prototype admits both, so instead of a
 * prototype the entry is an alias of the implementation's symbol (C) or a
 * template whose call is resolved when it is instantiated, after the
 * implementation is defined (C++). */
#define _HPyFunc_ENTRY(IMPL, SIG) _HPyFunc_ENTRY_EXPANDED(IMPL, SIG)
#define _HPyFunc_ENTRY_NAME(IMPL, SIG) _HPyFunc_ENTRY_NAME_EXPANDED(IMPL, SIG)
/* One level more, so that SIG (e.g. HPySlot_SIG(HPy_mod_exec)) is expanded
 * before it is pasted. */
#define _HPyFunc_ENTRY_EXPANDED(IMPL, SIG) _HPyFunc_ENTRY_##SIG(IMPL)
#define _HPyFunc_ENTRY_NAME_EXPANDED(IMPL, SIG) _HPyFunc_ENTRY_NAME_##SIG(IMPL)

#define _HPyFunc_ENTRY_HPyFunc_NOARGS(IMPL) static HPy IMPL(HPyContext *ctx, HPy self);
#define _HPyFunc_ENTRY_NAME_HPyFunc_NOARGS(IMPL) IMPL
#define _HPyFunc_ENTRY_HPyFunc_O(IMPL) static HPy IMPL(HPyContext *ctx, HPy self, HPy arg);
#define _HPyFunc_ENTRY_NAME_HPyFunc_O(IMPL) IMPL
#define _HPyFunc_ENTRY_HPyFunc_INQUIRY(IMPL) static int IMPL(HPyContext *ctx, HPy self);
#define _HPyFunc_ENTRY_NAME_HPyFunc_INQUIRY(IMPL) IMPL
#define _HPyFunc_ENTRY_HPyFunc_MOD_CREATE(IMPL) static HPy IMPL(HPyContext *ctx, HPy spec);
#define _HPyFunc_ENTRY_NAME_HPyFunc_MOD_CREATE(IMPL) IMPL

#ifdef __cplusplus
#define _HPyFunc_ENTRY_HPyFunc_VARARGS(IMPL)                                                   \
    template <class _HPyCtx>                                                                   \
    static HPy IMPL##_hpy_entry(_HPyCtx *ctx, HPy self, const HPy *args, size_t nargs)          \
    { return IMPL(ctx, self, const_cast<HPy *>(args), nargs); }
#define _HPyFunc_ENTRY_HPyFunc_KEYWORDS(IMPL)                                                  \
    template <class _HPyCtx>                                                                   \
    static HPy IMPL##_hpy_entry(_HPyCtx *ctx, HPy self, const HPy *args, size_t nargs,          \
                                HPy kwnames)                                                   \
    { return IMPL(ctx, self, const_cast<HPy *>(args), nargs, kwnames); }
#define _HPyFunc_ENTRY_NAME_HPyFunc_VARARGS(IMPL) (&IMPL##_hpy_entry<HPyContext>)
#define _HPyFunc_ENTRY_NAME_HPyFunc_KEYWORDS(IMPL) (&IMPL##_hpy_entry<HPyContext>)
#else
#define _HPyFunc_ENTRY_ALIAS(IMPL)                                                             \
    _Pragma("GCC diagnostic push")                                                             \
    _Pragma("GCC diagnostic ignored \"-Wattribute-alias\"")                                    \
    static void IMPL##_hpy_entry(void) __attribute__((alias(#IMPL)));                          \
    _Pragma("GCC diagnostic pop")
#define _HPyFunc_ENTRY_HPyFunc_VARARGS(IMPL) _HPyFunc_ENTRY_ALIAS(IMPL)
#define _HPyFunc_ENTRY_HPyFunc_KEYWORDS(IMPL) _HPyFunc_ENTRY_ALIAS(IMPL)
#define _HPyFunc_ENTRY_NAME_HPyFunc_VARARGS(IMPL) IMPL##_hpy_entry
#define _HPyFunc_ENTRY_NAME_HPyFunc_KEYWORDS(IMPL) IMPL##_hpy_entry
#endif

#endif /* HPY_HPYFUNC_H */
