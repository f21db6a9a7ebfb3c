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

/* The buffer protocol's view (HPy 0.9.0's layout). */
typedef struct {
    void *buf;
    HPy obj; /* owned */
    HPy_ssize_t len;
    HPy_ssize_t itemsize;
    int readonly;
    int ndim;
    char *format;
    HPy_ssize_t *shape;
    HPy_ssize_t *strides;
    HPy_ssize_t *suboffsets;
    void *internal;
} HPy_buffer;

/* tp_traverse reports each HPyField of an object to `visit`. hpy-node keeps
 * field values where V8's collector sees them, so it never needs to call a
 * traverse function; extensions still define them for other hosts. */
typedef int (*HPyFunc_visitproc)(HPyField *, void *);
#define HPy_VISIT(hpyfield)                                 \
    do {                                                    \
        if (!HPyField_IsNull(*(hpyfield))) {                \
            int _hpy_vret = visit((hpyfield), arg);         \
            if (_hpy_vret) return _hpy_vret;                \
        }                                                   \
    } while (0)

/* The signatures of type slots, getters and setters. */
typedef HPy (*HPyFunc_unaryfunc)(HPyContext *ctx, HPy);
typedef HPy (*HPyFunc_binaryfunc)(HPyContext *ctx, HPy, HPy);
typedef HPy (*HPyFunc_ternaryfunc)(HPyContext *ctx, HPy, HPy, HPy);
typedef HPy_ssize_t (*HPyFunc_lenfunc)(HPyContext *ctx, HPy);
typedef HPy (*HPyFunc_ssizeargfunc)(HPyContext *ctx, HPy, HPy_ssize_t);
typedef HPy (*HPyFunc_ssizessizeargfunc)(HPyContext *ctx, HPy, HPy_ssize_t, HPy_ssize_t);
typedef int (*HPyFunc_ssizeobjargproc)(HPyContext *ctx, HPy, HPy_ssize_t, HPy);
typedef int (*HPyFunc_ssizessizeobjargproc)(HPyContext *ctx, HPy, HPy_ssize_t, HPy_ssize_t, HPy);
typedef int (*HPyFunc_objobjargproc)(HPyContext *ctx, HPy, HPy, HPy);
typedef HPy (*HPyFunc_reprfunc)(HPyContext *ctx, HPy);
typedef HPy_hash_t (*HPyFunc_hashfunc)(HPyContext *ctx, HPy);
typedef HPy (*HPyFunc_richcmpfunc)(HPyContext *ctx, HPy, HPy, int);
typedef HPy (*HPyFunc_getiterfunc)(HPyContext *ctx, HPy);
typedef HPy (*HPyFunc_iternextfunc)(HPyContext *ctx, HPy);
typedef int (*HPyFunc_initproc)(HPyContext *ctx, HPy self, const HPy *args, HPy_ssize_t nargs, HPy kw);
typedef HPy (*HPyFunc_newfunc)(HPyContext *ctx, HPy type, const HPy *args, HPy_ssize_t nargs, HPy kw);
typedef HPy (*HPyFunc_getter)(HPyContext *ctx, HPy, void *);
typedef int (*HPyFunc_setter)(HPyContext *ctx, HPy, HPy, void *);
typedef int (*HPyFunc_objobjproc)(HPyContext *ctx, HPy, HPy);
typedef int (*HPyFunc_getbufferproc)(HPyContext *ctx, HPy, HPy_buffer *, int);
typedef void (*HPyFunc_releasebufferproc)(HPyContext *ctx, HPy, HPy_buffer *);
typedef int (*HPyFunc_traverseproc)(void *object, HPyFunc_visitproc visit, void *arg);
typedef void (*HPyFunc_destructor)(HPyContext *ctx, HPy);
typedef void (*HPyFunc_destroyfunc)(void *);

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
/* Type slots, getters and setters: HPy 0.9.0's prototypes. */
#define _HPyFunc_ENTRY_HPyFunc_UNARYFUNC(IMPL) static HPy IMPL(HPyContext *ctx, HPy);
#define _HPyFunc_ENTRY_NAME_HPyFunc_UNARYFUNC(IMPL) IMPL
#define _HPyFunc_ENTRY_HPyFunc_BINARYFUNC(IMPL) static HPy IMPL(HPyContext *ctx, HPy, HPy);
#define _HPyFunc_ENTRY_NAME_HPyFunc_BINARYFUNC(IMPL) IMPL
#define _HPyFunc_ENTRY_HPyFunc_TERNARYFUNC(IMPL) static HPy IMPL(HPyContext *ctx, HPy, HPy, HPy);
#define _HPyFunc_ENTRY_NAME_HPyFunc_TERNARYFUNC(IMPL) IMPL
#define _HPyFunc_ENTRY_HPyFunc_LENFUNC(IMPL) static HPy_ssize_t IMPL(HPyContext *ctx, HPy);
#define _HPyFunc_ENTRY_NAME_HPyFunc_LENFUNC(IMPL) IMPL
#define _HPyFunc_ENTRY_HPyFunc_SSIZEARGFUNC(IMPL) static HPy IMPL(HPyContext *ctx, HPy, HPy_ssize_t);
#define _HPyFunc_ENTRY_NAME_HPyFunc_SSIZEARGFUNC(IMPL) IMPL
#define _HPyFunc_ENTRY_HPyFunc_SSIZESSIZEARGFUNC(IMPL) static HPy IMPL(HPyContext *ctx, HPy, HPy_ssize_t, HPy_ssize_t);
#define _HPyFunc_ENTRY_NAME_HPyFunc_SSIZESSIZEARGFUNC(IMPL) IMPL
#define _HPyFunc_ENTRY_HPyFunc_SSIZEOBJARGPROC(IMPL) static int IMPL(HPyContext *ctx, HPy, HPy_ssize_t, HPy);
#define _HPyFunc_ENTRY_NAME_HPyFunc_SSIZEOBJARGPROC(IMPL) IMPL
#define _HPyFunc_ENTRY_HPyFunc_SSIZESSIZEOBJARGPROC(IMPL) static int IMPL(HPyContext *ctx, HPy, HPy_ssize_t, HPy_ssize_t, HPy);
#define _HPyFunc_ENTRY_NAME_HPyFunc_SSIZESSIZEOBJARGPROC(IMPL) IMPL
#define _HPyFunc_ENTRY_HPyFunc_OBJOBJARGPROC(IMPL) static int IMPL(HPyContext *ctx, HPy, HPy, HPy);
#define _HPyFunc_ENTRY_NAME_HPyFunc_OBJOBJARGPROC(IMPL) IMPL
#define _HPyFunc_ENTRY_HPyFunc_REPRFUNC(IMPL) static HPy IMPL(HPyContext *ctx, HPy);
#define _HPyFunc_ENTRY_NAME_HPyFunc_REPRFUNC(IMPL) IMPL
#define _HPyFunc_ENTRY_HPyFunc_HASHFUNC(IMPL) static HPy_hash_t IMPL(HPyContext *ctx, HPy);
#define _HPyFunc_ENTRY_NAME_HPyFunc_HASHFUNC(IMPL) IMPL
#define _HPyFunc_ENTRY_HPyFunc_RICHCMPFUNC(IMPL) static HPy IMPL(HPyContext *ctx, HPy, HPy, HPy_RichCmpOp);
#define _HPyFunc_ENTRY_NAME_HPyFunc_RICHCMPFUNC(IMPL) IMPL
#define _HPyFunc_ENTRY_HPyFunc_GETITERFUNC(IMPL) static HPy IMPL(HPyContext *ctx, HPy);
#define _HPyFunc_ENTRY_NAME_HPyFunc_GETITERFUNC(IMPL) IMPL
#define _HPyFunc_ENTRY_HPyFunc_ITERNEXTFUNC(IMPL) static HPy IMPL(HPyContext *ctx, HPy);
#define _HPyFunc_ENTRY_NAME_HPyFunc_ITERNEXTFUNC(IMPL) IMPL
#define _HPyFunc_ENTRY_HPyFunc_INITPROC(IMPL) static int IMPL(HPyContext *ctx, HPy self, const HPy *args, HPy_ssize_t nargs, HPy kw);
#define _HPyFunc_ENTRY_NAME_HPyFunc_INITPROC(IMPL) IMPL
#define _HPyFunc_ENTRY_HPyFunc_NEWFUNC(IMPL) static HPy IMPL(HPyContext *ctx, HPy type, const HPy *args, HPy_ssize_t nargs, HPy kw);
#define _HPyFunc_ENTRY_NAME_HPyFunc_NEWFUNC(IMPL) IMPL
#define _HPyFunc_ENTRY_HPyFunc_GETTER(IMPL) static HPy IMPL(HPyContext *ctx, HPy, void *);
#define _HPyFunc_ENTRY_NAME_HPyFunc_GETTER(IMPL) IMPL
#define _HPyFunc_ENTRY_HPyFunc_SETTER(IMPL) static int IMPL(HPyContext *ctx, HPy, HPy, void *);
#define _HPyFunc_ENTRY_NAME_HPyFunc_SETTER(IMPL) IMPL
#define _HPyFunc_ENTRY_HPyFunc_OBJOBJPROC(IMPL) static int IMPL(HPyContext *ctx, HPy, HPy);
#define _HPyFunc_ENTRY_NAME_HPyFunc_OBJOBJPROC(IMPL) IMPL
#define _HPyFunc_ENTRY_HPyFunc_GETBUFFERPROC(IMPL) static int IMPL(HPyContext *ctx, HPy, HPy_buffer *, int);
#define _HPyFunc_ENTRY_NAME_HPyFunc_GETBUFFERPROC(IMPL) IMPL
#define _HPyFunc_ENTRY_HPyFunc_RELEASEBUFFERPROC(IMPL) static void IMPL(HPyContext *ctx, HPy, HPy_buffer *);
#define _HPyFunc_ENTRY_NAME_HPyFunc_RELEASEBUFFERPROC(IMPL) IMPL
#define _HPyFunc_ENTRY_HPyFunc_TRAVERSEPROC(IMPL) static int IMPL(void *object, HPyFunc_visitproc visit, void *arg);
#define _HPyFunc_ENTRY_NAME_HPyFunc_TRAVERSEPROC(IMPL) IMPL
#define _HPyFunc_ENTRY_HPyFunc_DESTRUCTOR(IMPL) static void IMPL(HPyContext *ctx, HPy);
#define _HPyFunc_ENTRY_NAME_HPyFunc_DESTRUCTOR(IMPL) IMPL
#define _HPyFunc_ENTRY_HPyFunc_DESTROYFUNC(IMPL) static void IMPL(void *);
#define _HPyFunc_ENTRY_NAME_HPyFunc_DESTROYFUNC(IMPL) IMPL

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
