/* hpy/hpymodule.h: the module definition and HPy_MODINIT, with HPy 0.9.0's
 * layout and exports, so a module built by HPy's own toolchain loads too. */
#ifndef HPY_HPYMODULE_H
#define HPY_HPYMODULE_H

typedef struct _cpy_PyMethodDef cpy_PyMethodDef; /* no CPython here: must stay NULL */

typedef struct {
    const char *doc _HPy_DEFAULT(NULL);
    /* Bytes of module state. HPy 0.9.0 does not support module state yet:
     * 0 is the only value accepted (at load time). */
    HPy_ssize_t size _HPy_DEFAULT(0);
    /* CPython methods, for the hybrid ABI only: must be NULL. */
    cpy_PyMethodDef *legacy_methods _HPy_DEFAULT(NULL);
    HPyDef **defines _HPy_DEFAULT(NULL); /* NULL-terminated: methods and module slots */
    HPyGlobal **globals _HPy_DEFAULT(NULL); /* NULL-terminated, may be NULL */
} HPyModuleDef;

#if defined(__cplusplus)
#define HPy_EXPORTED_FUNC extern "C" HPy_EXPORTED_SYMBOL
#else
#define HPy_EXPORTED_FUNC HPy_EXPORTED_SYMBOL
#endif

/* Several HPy modules linked into one binary (HPY_EMBEDDED_MODULES) each keep
 * their own context pointer. */
#ifdef HPY_EMBEDDED_MODULES
#define _HPy_CTX_MODIFIER static
#define HPY_MOD_EMBEDDABLE(modname) _HPy_CTX_MODIFIER HPyContext *_ctx_for_trampolines;
#else
#define _HPy_CTX_MODIFIER _HPy_HIDDEN
#define HPY_MOD_EMBEDDABLE(modname)
#endif

/* HPy_MODINIT(snippets, moduledef) exports what the loader looks for: the
 * required ABI version, the global context setter and HPyInit_snippets. */
#define HPy_MODINIT(EXT_NAME, MOD_DEF)                                       \
    HPy_EXPORTED_FUNC uint32_t get_required_hpy_major_version_##EXT_NAME(void) \
    { return HPY_ABI_VERSION; }                                              \
    HPy_EXPORTED_FUNC uint32_t get_required_hpy_minor_version_##EXT_NAME(void) \
    { return HPY_ABI_VERSION_MINOR; }                                        \
    _HPy_CTX_MODIFIER HPyContext *_ctx_for_trampolines;                      \
    HPy_EXPORTED_FUNC void HPyInitGlobalContext_##EXT_NAME(HPyContext *ctx)  \
    { _ctx_for_trampolines = ctx; }                                          \
    HPy_EXPORTED_FUNC HPyModuleDef *HPyInit_##EXT_NAME(void)                 \
    { return &MOD_DEF; }

#endif /* HPY_HPYMODULE_H */
