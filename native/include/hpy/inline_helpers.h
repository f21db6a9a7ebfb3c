/* hpy/inline_helpers.h: HPy 0.9.0's helpers that are not context calls but
 * are written on top of them (so trace mode counts the calls they make).
 * Included by hpy.h after the context. */
#ifndef HPY_INLINE_HELPERS_H
#define HPY_INLINE_HELPERS_H

#include <stdarg.h>

/* ---- handles as pointers ---------------------------------------------- */
HPyAPI_FUNC HPy HPy_FromVoidP(void *p) { HPy h = { (intptr_t)p }; return h; }
HPyAPI_FUNC void *HPy_AsVoidP(HPy h) { return (void *)h._i; }

/* ---- errors ------------------------------------------------------------ */
#define HPyErr_SetFromErrno(ctx, h_type) HPyErr_SetFromErrnoWithFilename(ctx, h_type, NULL)
#define HPyErr_SetFromErrnoWithFilenameObject(ctx, h_type, filename) \
    HPyErr_SetFromErrnoWithFilenameObjects(ctx, h_type, filename, HPy_NULL)

/* ---- rich comparison ---------------------------------------------------- */
/* Returns (from the enclosing tp_richcompare) True or False for `a op b`, for
 * any two C values that compare; a macro because they can be of any type. */
#define HPy_RETURN_RICHCOMPARE(ctx, a, b, op)                                  \
    do {                                                                       \
        int hpy_rc_result_ = 0;                                                \
        switch (op) {                                                          \
        case HPy_LT: hpy_rc_result_ = (a) < (b); break;                        \
        case HPy_LE: hpy_rc_result_ = (a) <= (b); break;                       \
        case HPy_EQ: hpy_rc_result_ = (a) == (b); break;                       \
        case HPy_NE: hpy_rc_result_ = (a) != (b); break;                       \
        case HPy_GT: hpy_rc_result_ = (a) > (b); break;                        \
        case HPy_GE: hpy_rc_result_ = (a) >= (b); break;                       \
        default: HPy_FatalError(ctx, "Invalid value for HPy_RichCmpOp");       \
        }                                                                      \
        return HPy_Dup(ctx, hpy_rc_result_ ? (ctx)->h_True : (ctx)->h_False);  \
    } while (0)

/* ---- tuples and attributes ------------------------------------------- */
/* HPyTuple_Pack(ctx, n, h1, ..., hn): a tuple of n handles. */
HPyAPI_FUNC HPy HPyTuple_Pack(HPyContext *ctx, HPy_ssize_t n, ...)
{
    if (n <= 0)
        return HPyTuple_FromArray(ctx, NULL, 0);
    HPy *items = (HPy *)alloca((size_t)n * sizeof(HPy));
    va_list ap;
    va_start(ap, n);
    for (HPy_ssize_t i = 0; i < n; i++)
        items[i] = va_arg(ap, HPy);
    va_end(ap);
    return HPyTuple_FromArray(ctx, items, n);
}

HPyAPI_FUNC int HPy_DelAttr(HPyContext *ctx, HPy obj, HPy name) { return HPy_SetAttr(ctx, obj, name, HPy_NULL); }
HPyAPI_FUNC int HPy_DelAttr_s(HPyContext *ctx, HPy obj, const char *utf8_name)
{
    return HPy_SetAttr_s(ctx, obj, utf8_name, HPy_NULL);
}

/* ---- integers of C's own types, through the fixed-width functions ------ */
HPyAPI_FUNC HPy HPyBool_FromLong(HPyContext *ctx, long v) { return HPyBool_FromBool(ctx, v != 0); }
HPyAPI_FUNC HPy HPyLong_FromLong(HPyContext *ctx, long v)
{
    return sizeof(long) <= sizeof(int32_t) ? HPyLong_FromInt32_t(ctx, (int32_t)v) : HPyLong_FromInt64_t(ctx, (int64_t)v);
}
HPyAPI_FUNC HPy HPyLong_FromUnsignedLong(HPyContext *ctx, unsigned long v)
{
    return sizeof(unsigned long) <= sizeof(uint32_t) ? HPyLong_FromUInt32_t(ctx, (uint32_t)v)
                                                     : HPyLong_FromUInt64_t(ctx, (uint64_t)v);
}
HPyAPI_FUNC HPy HPyLong_FromLongLong(HPyContext *ctx, long long v) { return HPyLong_FromInt64_t(ctx, (int64_t)v); }
HPyAPI_FUNC HPy HPyLong_FromUnsignedLongLong(HPyContext *ctx, unsigned long long v)
{
    return HPyLong_FromUInt64_t(ctx, (uint64_t)v);
}
HPyAPI_FUNC long HPyLong_AsLong(HPyContext *ctx, HPy h)
{
    return sizeof(long) <= sizeof(int32_t) ? (long)HPyLong_AsInt32_t(ctx, h) : (long)HPyLong_AsInt64_t(ctx, h);
}
HPyAPI_FUNC unsigned long HPyLong_AsUnsignedLong(HPyContext *ctx, HPy h)
{
    return sizeof(unsigned long) <= sizeof(uint32_t) ? (unsigned long)HPyLong_AsUInt32_t(ctx, h)
                                                     : (unsigned long)HPyLong_AsUInt64_t(ctx, h);
}
HPyAPI_FUNC unsigned long HPyLong_AsUnsignedLongMask(HPyContext *ctx, HPy h)
{
    return sizeof(unsigned long) <= sizeof(uint32_t) ? (unsigned long)HPyLong_AsUInt32_tMask(ctx, h)
                                                     : (unsigned long)HPyLong_AsUInt64_tMask(ctx, h);
}
HPyAPI_FUNC long long HPyLong_AsLongLong(HPyContext *ctx, HPy h) { return (long long)HPyLong_AsInt64_t(ctx, h); }
HPyAPI_FUNC unsigned long long HPyLong_AsUnsignedLongLong(HPyContext *ctx, HPy h)
{
    return (unsigned long long)HPyLong_AsUInt64_t(ctx, h);
}
HPyAPI_FUNC unsigned long long HPyLong_AsUnsignedLongLongMask(HPyContext *ctx, HPy h)
{
    return (unsigned long long)HPyLong_AsUInt64_tMask(ctx, h);
}

/* ---- slices --------------------------------------------------------------
 * Clamps *start and *stop (as HPySlice_Unpack leaves them) to a sequence of
 * `length` and returns how many items the slice selects. */
HPyAPI_FUNC HPy_ssize_t HPySlice_AdjustIndices(HPyContext *ctx, HPy_ssize_t length, HPy_ssize_t *start,
                                               HPy_ssize_t *stop, HPy_ssize_t step)
{
    (void)ctx;
    HPy_ssize_t lowest = step < 0 ? -1 : 0;
    HPy_ssize_t *bounds[2] = { start, stop };
    for (int i = 0; i < 2; i++) {
        HPy_ssize_t *b = bounds[i];
        if (*b < 0) {
            *b += length;
            if (*b < 0) *b = lowest;
        } else if (*b >= length) {
            *b = step < 0 ? length - 1 : length;
        }
    }
    if (step < 0)
        return *stop < *start ? (*start - *stop - 1) / (-step) + 1 : 0;
    return *start < *stop ? (*stop - *start - 1) / step + 1 : 0;
}

/* ---- calls -------------------------------------------------------------
 * HPy_CallMethodTupleDict(ctx, name, receiver, args, kw) calls the method
 * `name` of `receiver` with a tuple of arguments and a dict of keywords. It
 * goes through HPy_CallMethod so the method gets the receiver as `this`, as a
 * JavaScript method needs (a method read with HPy_GetAttr is not bound). */
HPyAPI_FUNC HPy HPy_CallMethodTupleDict(HPyContext *ctx, HPy name, HPy receiver, HPy args, HPy kw)
{
    HPy_ssize_t nargs = HPy_IsNull(args) ? 0 : HPy_Length(ctx, args);
    if (nargs < 0)
        return HPy_NULL;
    HPy keys = HPy_IsNull(kw) ? HPy_NULL : HPyDict_Keys(ctx, kw);
    if (!HPy_IsNull(kw) && HPy_IsNull(keys))
        return HPy_NULL;
    HPy_ssize_t nkw = HPy_IsNull(keys) ? 0 : HPy_Length(ctx, keys);
    HPy *argv = (HPy *)alloca((size_t)(1 + nargs + (nkw > 0 ? nkw : 0)) * sizeof(HPy));
    HPy_ssize_t filled = 0, i;
    HPy result = HPy_NULL;
    if (nkw < 0)
        goto done;
    for (i = 0; i < nargs; i++, filled++)
        if (HPy_IsNull(argv[1 + i] = HPy_GetItem_i(ctx, args, i)))
            goto done;
    for (i = 0; i < nkw; i++, filled++) {
        HPy key = HPy_GetItem_i(ctx, keys, i);
        argv[1 + nargs + i] = HPy_IsNull(key) ? HPy_NULL : HPy_GetItem(ctx, kw, key);
        HPy_Close(ctx, key);
        if (HPy_IsNull(argv[1 + nargs + i]))
            goto done;
    }
    argv[0] = receiver;
    result = HPy_CallMethod(ctx, name, argv, (size_t)(1 + nargs), nkw > 0 ? keys : HPy_NULL);
done:
    for (i = 0; i < filled; i++)
        HPy_Close(ctx, argv[1 + i]);
    HPy_Close(ctx, keys);
    return result;
}
HPyAPI_FUNC HPy HPy_CallMethodTupleDict_s(HPyContext *ctx, const char *utf8_name, HPy receiver, HPy args, HPy kw)
{
    HPy name = HPyUnicode_FromString(ctx, utf8_name);
    if (HPy_IsNull(name))
        return HPy_NULL;
    HPy result = HPy_CallMethodTupleDict(ctx, name, receiver, args, kw);
    HPy_Close(ctx, name);
    return result;
}

/* ---- capsules: each field through HPyCapsule_Get/Set --------------------- */
HPyAPI_FUNC void *HPyCapsule_GetPointer(HPyContext *ctx, HPy capsule, const char *name)
{
    return HPyCapsule_Get(ctx, capsule, HPyCapsule_key_Pointer, name);
}
HPyAPI_FUNC const char *HPyCapsule_GetName(HPyContext *ctx, HPy capsule)
{
    return (const char *)HPyCapsule_Get(ctx, capsule, HPyCapsule_key_Name, NULL);
}
HPyAPI_FUNC void *HPyCapsule_GetContext(HPyContext *ctx, HPy capsule)
{
    return HPyCapsule_Get(ctx, capsule, HPyCapsule_key_Context, NULL);
}
HPyAPI_FUNC int HPyCapsule_SetPointer(HPyContext *ctx, HPy capsule, void *pointer)
{
    return HPyCapsule_Set(ctx, capsule, HPyCapsule_key_Pointer, pointer);
}
HPyAPI_FUNC int HPyCapsule_SetName(HPyContext *ctx, HPy capsule, const char *name)
{
    return HPyCapsule_Set(ctx, capsule, HPyCapsule_key_Name, (void *)name);
}
HPyAPI_FUNC int HPyCapsule_SetContext(HPyContext *ctx, HPy capsule, void *context)
{
    return HPyCapsule_Set(ctx, capsule, HPyCapsule_key_Context, context);
}
HPyAPI_FUNC int HPyCapsule_SetDestructor(HPyContext *ctx, HPy capsule, HPyCapsule_Destructor *destructor)
{
    return HPyCapsule_Set(ctx, capsule, HPyCapsule_key_Destructor, (void *)destructor);
}

/* ---- leaving "Python" (JavaScript) execution around blocking C code ---- */
#define HPy_BEGIN_LEAVE_PYTHON(context) { HPyThreadState _hpy_leave_token = HPy_LeavePythonExecution(context);
#define HPy_END_LEAVE_PYTHON(context) HPy_ReenterPythonExecution(context, _hpy_leave_token); }

#endif /* HPY_INLINE_HELPERS_H */
