/* HPyStructSequence_NewType and HPyStructSequence_New.
 *
 * Part of the helper library that `hpy-node build` compiles into every
 * extension (HPy 0.9.0's hpy/devel/src/runtime/structseq.c there). HPy's
 * universal build makes the type with Python's collections.namedtuple, which
 * JavaScript has no counterpart of; here the type is a tuple subclass made
 * with HPyType_FromSpec. hpy-node does not implement HPyType_FromSpec yet,
 * so NewType fails with that NotImplementedError until it does (after
 * checking the descriptor). New only needs a callable type with an integer
 * `n_fields`, as HPy's universal New does.
 */
#include "hpy.h"

HPyAPI_HELPER const char * const HPyStructSequence_UnnamedField = "_";

static const char N_FIELDS[] = "n_fields";

HPyAPI_HELPER HPy
HPyStructSequence_NewType(HPyContext *ctx, HPyStructSequence_Desc *desc)
{
    if (desc == NULL || desc->name == NULL || desc->fields == NULL) {
        HPyErr_SetString(ctx, ctx->h_SystemError,
                         desc == NULL ? "HPyStructSequence_NewType: the descriptor is NULL"
                         : desc->name == NULL ? "HPyStructSequence_NewType: the descriptor has no name"
                                              : "HPyStructSequence_NewType: the descriptor has no fields");
        return HPy_NULL;
    }
    HPy_ssize_t n_fields = 0;
    while (desc->fields[n_fields].name != NULL)
        n_fields++;

    HPyType_Spec spec = {
        .name = desc->name,
        .doc = desc->doc,
        .builtin_shape = HPyType_BuiltinShape_Tuple,
    };
    HPyType_SpecParam params[] = {
        { 1 /* HPyType_SpecParam_Base */, ctx->h_TupleType },
        { 0, HPy_NULL },
    };
    HPy type = HPyType_FromSpec(ctx, &spec, params);
    if (HPy_IsNull(type)) return HPy_NULL;

    HPy count = HPyLong_FromSsize_t(ctx, n_fields);
    int failed = HPy_IsNull(count) || HPy_SetAttr_s(ctx, type, N_FIELDS, count) < 0;
    if (!HPy_IsNull(count)) HPy_Close(ctx, count);
    if (failed) {
        HPy_Close(ctx, type);
        return HPy_NULL;
    }
    return type;
}

HPyAPI_HELPER HPy
HPyStructSequence_New(HPyContext *ctx, HPy type, HPy_ssize_t nargs, HPy *args)
{
    HPy count = HPy_GetAttr_s(ctx, type, N_FIELDS);
    if (HPy_IsNull(count)) {
        HPyErr_Clear(ctx);
        return HPyErr_Format(ctx, ctx->h_TypeError, "object %R does not look like a struct sequence type: it has no n_fields", type);
    }
    HPy_ssize_t n_fields = HPyLong_AsSsize_t(ctx, count);
    HPy_Close(ctx, count);
    if (n_fields == -1 && HPyErr_Occurred(ctx)) return HPy_NULL;
    if (nargs != n_fields)
        return HPyErr_Format(ctx, ctx->h_TypeError, "expected exactly %zd arguments but got %zd", n_fields, nargs);
    HPy tuple = HPyTuple_FromArray(ctx, args, nargs);
    if (HPy_IsNull(tuple)) return HPy_NULL;
    HPy result = HPy_CallTupleDict(ctx, type, tuple, HPy_NULL);
    HPy_Close(ctx, tuple);
    return result;
}
