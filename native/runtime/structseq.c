/* HPyStructSequence_NewType and HPyStructSequence_New.
 *
 * Part of the helper library that `hpy-node build` compiles into every
 * extension (HPy 0.9.0's hpy/devel/src/runtime/structseq.c there). HPy's
 * universal build makes the type with Python's collections.namedtuple; here
 * it is a type of builtin_shape Tuple made with HPyType_FromSpec, so its
 * instances are tuples (frozen arrays) of their own class: indexable,
 * iterable, HPyTuple_Check true, each named field a getter of its item.
 * Like a namedtuple, the class takes the items positionally
 * (`new WithFields(1, 2, '3')`), exactly n_fields of them. (HPy's own
 * binaries, which carry HPy's structseq.c, get hpy-node's built-in
 * collections.namedtuple, which makes the same kind of class.)
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "hpy.h"

HPyAPI_HELPER const char *const HPyStructSequence_UnnamedField = "_";

static const char N_FIELDS[] = "n_fields";

/* The item a named field stands for; its index is the closure. */
static HPy structseq_field_get(HPyContext *ctx, HPy self, void *closure)
{
    return HPy_GetItem_i(ctx, self, (HPy_ssize_t)(intptr_t)closure);
}

/* The count of items, checked when the class is called. */
static int structseq_init(HPyContext *ctx, HPy self, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    (void)args;
    if (!HPy_IsNull(kw)) {
        HPyErr_SetString(ctx, ctx->h_TypeError,
                         "a struct sequence takes its items positionally, not as keywords");
        return -1;
    }
    HPy type = HPy_Type(ctx, self);
    HPy count = HPy_GetAttr_s(ctx, type, N_FIELDS);
    HPy_Close(ctx, type);
    if (HPy_IsNull(count)) return -1;
    HPy_ssize_t n_fields = HPyLong_AsSsize_t(ctx, count);
    HPy_Close(ctx, count);
    if (n_fields == -1 && HPyErr_Occurred(ctx)) return -1;
    if (nargs != n_fields) {
        HPyErr_Format(ctx, ctx->h_TypeError, "expected exactly %zd arguments but got %zd", n_fields, nargs);
        return -1;
    }
    return 0;
}

HPyDef_SLOT_IMPL(_hpy_node_structseq_init_def, structseq_init, HPy_tp_init)

    HPyAPI_HELPER HPy HPyStructSequence_NewType(HPyContext *ctx, HPyStructSequence_Desc *desc)
{
    if (desc == NULL || desc->name == NULL || desc->fields == NULL) {
        HPyErr_SetString(ctx, ctx->h_SystemError,
                         desc == NULL         ? "HPyStructSequence_NewType: the descriptor is NULL"
                         : desc->name == NULL ? "HPyStructSequence_NewType: the descriptor has no name"
                                              : "HPyStructSequence_NewType: the descriptor has no fields");
        return HPy_NULL;
    }
    HPy_ssize_t n_fields = 0;
    while (desc->fields[n_fields].name != NULL)
        n_fields++;

    /* The definitions live as long as the type, which lives as long as its
     * environment: they are never freed (a type made once per module). */
    HPyDef *defs = (HPyDef *)calloc((size_t)n_fields, sizeof(HPyDef));
    HPyDef **defines = (HPyDef **)calloc((size_t)n_fields + 2, sizeof(HPyDef *));
    if ((n_fields > 0 && defs == NULL) || defines == NULL) {
        free(defs);
        free(defines);
        HPyErr_NoMemory(ctx);
        return HPy_NULL;
    }
    size_t n_defs = 0;
    defines[n_defs++] = &_hpy_node_structseq_init_def;
    for (HPy_ssize_t i = 0; i < n_fields; i++) {
        const char *name = desc->fields[i].name;
        if (name == HPyStructSequence_UnnamedField || strcmp(name, HPyStructSequence_UnnamedField) == 0)
            continue; /* reached by index only */
        HPyDef *d = &defs[i];
        d->kind = HPyDef_Kind_GetSet;
        d->getset.name = name;
        d->getset.getter_impl = _HPyFunc_AS_CFUNCTION(structseq_field_get);
        d->getset.doc = desc->fields[i].doc;
        d->getset.closure = (void *)(intptr_t)i;
        defines[n_defs++] = d;
    }

    HPyType_Spec spec = {
        .name = desc->name,
        .doc = desc->doc,
        .flags = HPy_TPFLAGS_DEFAULT,
        .builtin_shape = HPyType_BuiltinShape_Tuple,
        .defines = defines,
    };
    HPyType_SpecParam params[] = {
        { HPyType_SpecParam_Base, ctx->h_TupleType },
        { (HPyType_SpecParam_Kind)0, HPy_NULL },
    };
    HPy type = HPyType_FromSpec(ctx, &spec, params);
    if (HPy_IsNull(type)) {
        free(defs);
        free(defines);
        return HPy_NULL;
    }

    HPy count = HPyLong_FromSsize_t(ctx, n_fields);
    int failed = HPy_IsNull(count) || HPy_SetAttr_s(ctx, type, N_FIELDS, count) < 0;
    if (!HPy_IsNull(count)) HPy_Close(ctx, count);
    if (failed) {
        HPy_Close(ctx, type);
        return HPy_NULL;
    }
    return type;
}

HPyAPI_HELPER HPy HPyStructSequence_New(HPyContext *ctx, HPy type, HPy_ssize_t nargs, HPy *args)
{
    HPy count = HPy_GetAttr_s(ctx, type, N_FIELDS);
    if (HPy_IsNull(count)) {
        HPyErr_Clear(ctx);
        return HPyErr_Format(ctx, ctx->h_TypeError,
                             "object %R does not look like a struct sequence type: it has no n_fields", type);
    }
    HPy_ssize_t n_fields = HPyLong_AsSsize_t(ctx, count);
    HPy_Close(ctx, count);
    if (n_fields == -1 && HPyErr_Occurred(ctx)) return HPy_NULL;
    if (nargs != n_fields)
        return HPyErr_Format(ctx, ctx->h_TypeError, "expected exactly %zd arguments but got %zd", n_fields,
                             nargs);
    HPy tuple = HPyTuple_FromArray(ctx, args, nargs);
    if (HPy_IsNull(tuple)) return HPy_NULL;
    HPy result = HPy_CallTupleDict(ctx, type, tuple, HPy_NULL);
    HPy_Close(ctx, tuple);
    return result;
}
