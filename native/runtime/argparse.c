/* HPyArg_Parse, HPyArg_ParseKeywords, HPyArg_ParseKeywordsDict.
 *
 * Part of the helper library that `hpy-node build` compiles into every
 * extension (HPy 0.9.0's hpy/devel/src/runtime/argparse.c does the same job
 * there). Only context calls are made, so the helpers run unchanged in
 * universal and trace mode; in trace mode they are counted as the context
 * calls they make.
 *
 * Format units and the messages of the errors follow HPy 0.9.0, whose tests
 * check them ("function required positional argument missing", "f()
 * mismatched args (too many arguments for fmt)", ...).
 */
#include "hpy.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#if defined(__GNUC__)
/* The parsers are on the path of every call of a method that uses them
 * (bench figure 9): inlining the unit conversion into each loop keeps the
 * va_list in registers and saves a call per argument. */
#define ALWAYS_INLINE static inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE static inline
#endif

/* Format units end at the end of the string, or at ":name" or ";message".
 * Every unit letter and '|' sort after ';', so most characters take one
 * comparison. */
static inline int units_end(char c)
{
    return (unsigned char)c <= ';' && (c == '\0' || c == ':' || c == ';');
}

/* Sets the exception `type`, worded after the end of the format: "function
 * <what>" by default, "<name>() <what>" after ":name", and only "<message>"
 * after ";message". Read only when there is an error to report. */
static void fail(HPyContext *ctx, HPy type, const char *fmt, const char *what)
{
    while (!units_end(*fmt))
        fmt++;
    if (*fmt == ';') {
        HPyErr_SetString(ctx, type, fmt + 1);
        return;
    }
    char text[512];
    if (*fmt == ':')
        snprintf(text, sizeof text, "%.200s() %.256s", fmt + 1, what);
    else
        snprintf(text, sizeof text, "function %.256s", what);
    HPyErr_SetString(ctx, type, text);
}

/* ---- one format unit --------------------------------------------------- */

/* Each integer read fails with the host's error already set (TypeError for a
 * value that is not an integer, OverflowError beyond 64 bits); the range
 * checks of the narrower C types are added here. -1 is a valid result, so
 * HPyErr_Occurred is asked only then. */
static int read_int64(HPyContext *ctx, HPy arg, int64_t *out)
{
    *out = HPyLong_AsInt64_t(ctx, arg);
    return *out != -1 || !HPyErr_Occurred(ctx);
}

/* Modulo 2^64: the bitfield units (B H I k K) wrap instead of checking. */
static int read_bits(HPyContext *ctx, HPy arg, uint64_t *out)
{
    *out = HPyLong_AsUInt64_tMask(ctx, arg);
    return *out != (uint64_t)-1 || !HPyErr_Occurred(ctx);
}

static int read_double(HPyContext *ctx, HPy arg, double *out)
{
    *out = HPyFloat_AsDouble(ctx, arg);
    return *out != -1.0 || !HPyErr_Occurred(ctx);
}

static int in_range(HPyContext *ctx, const char *fmt, int64_t v, int64_t min, int64_t max, const char *below,
                    const char *above)
{
    if (v < min) {
        fail(ctx, ctx->h_OverflowError, fmt, below);
        return 0;
    }
    if (v > max) {
        fail(ctx, ctx->h_OverflowError, fmt, above);
        return 0;
    }
    return 1;
}

static int read_utf8(HPyContext *ctx, const char *fmt, HPy arg, const char **out)
{
    if (!HPyUnicode_Check(ctx, arg)) {
        fail(ctx, ctx->h_TypeError, fmt, "a string is required");
        return 0;
    }
    HPy_ssize_t size;
    const char *data = HPyUnicode_AsUTF8AndSize(ctx, arg, &size);
    if (data == NULL) return 0;
    /* A C string ends at its first NUL: a string holding one would be read
     * short without a word. */
    if (memchr(data, '\0', (size_t)size) != NULL) {
        fail(ctx, ctx->h_ValueError, fmt, "embedded null character");
        return 0;
    }
    *out = data;
    return 1;
}

/* The integer units differ only in their C type and, for the ranged ones,
 * their bounds and the words of the range error. A unit whose argument was
 * not given consumes its pointer and leaves the variable as it is. */
#define CONVERT_RANGED(UNIT, TYPE, MIN, MAX, WHAT)                                                          \
    case UNIT: {                                                                                            \
        TYPE *out = va_arg(*ap, TYPE *);                                                                    \
        if (HPy_IsNull(arg)) return 1;                                                                      \
        if (!read_int64(ctx, arg, &i64) || !in_range(ctx, fmt, i64, MIN, MAX, WHAT " is less than minimum", \
                                                     WHAT " is greater than maximum"))                      \
            return 0;                                                                                       \
        *out = (TYPE)i64;                                                                                   \
        return 1;                                                                                           \
    }
/* Floating-point units: a double, narrowed to the unit's type. */
#define CONVERT_REAL(UNIT, TYPE)                  \
    case UNIT: {                                  \
        TYPE *out = va_arg(*ap, TYPE *);          \
        double v;                                 \
        if (HPy_IsNull(arg)) return 1;            \
        if (!read_double(ctx, arg, &v)) return 0; \
        *out = (TYPE)v;                           \
        return 1;                                 \
    }
/* Unsigned units that wrap, as CPython's do (no range check). */
#define CONVERT_BITS(UNIT, TYPE)                  \
    case UNIT: {                                  \
        TYPE *out = va_arg(*ap, TYPE *);          \
        if (HPy_IsNull(arg)) return 1;            \
        if (!read_bits(ctx, arg, &u64)) return 0; \
        *out = (TYPE)u64;                         \
        return 1;                                 \
    }

/* Converts `arg` by the unit `unit` into the variable the next pointer in
 * `ap` points to. `arg` is HPy_NULL for an optional argument not given: the
 * pointer is consumed and the variable keeps its default. `own` asks for 'O'
 * to return a new handle added to the tracker, for arguments whose handle
 * does not outlive the parse (looked up in a dict). Returns 1, or 0 with an
 * exception set. */
ALWAYS_INLINE int convert(HPyContext *ctx, HPyTracker *ht, HPy arg, int own, char unit, va_list *ap,
                          const char *fmt)
{
    int64_t i64;
    uint64_t u64;
    switch (unit) {
        CONVERT_RANGED('b', unsigned char, 0, UCHAR_MAX, "unsigned byte integer")
        CONVERT_BITS('B', unsigned char)
        CONVERT_RANGED('h', short, SHRT_MIN, SHRT_MAX, "signed short integer")
        CONVERT_BITS('H', unsigned short)
        CONVERT_RANGED('i', int, INT_MIN, INT_MAX, "signed integer")
        CONVERT_BITS('I', unsigned int)
    case 'l': {
        long *out = va_arg(*ap, long *);
        if (HPy_IsNull(arg)) return 1;
        if (!read_int64(ctx, arg, &i64)) return 0;
#if LONG_MAX < INT64_MAX /* where long is 32 bits */
        if (!in_range(ctx, fmt, i64, LONG_MIN, LONG_MAX, "signed long integer is less than minimum",
                      "signed long integer is greater than maximum"))
            return 0;
#endif
        *out = (long)i64;
        return 1;
    }
        CONVERT_BITS('k', unsigned long)
    case 'L': {
        long long *out = va_arg(*ap, long long *);
        if (HPy_IsNull(arg)) return 1;
        if (!read_int64(ctx, arg, &i64)) return 0;
        *out = (long long)i64;
        return 1;
    }
        CONVERT_BITS('K', unsigned long long)
    case 'n': {
        HPy_ssize_t *out = va_arg(*ap, HPy_ssize_t *);
        if (HPy_IsNull(arg)) return 1;
        HPy_ssize_t v = HPyLong_AsSsize_t(ctx, arg);
        if (v == -1 && HPyErr_Occurred(ctx)) return 0;
        *out = v;
        return 1;
    }
        CONVERT_REAL('f', float)
        CONVERT_REAL('d', double)
    case 'O': {
        HPy *out = va_arg(*ap, HPy *);
        if (HPy_IsNull(arg)) return 1;
        if (!own) {
            *out = arg;
            return 1;
        }
        HPy dup = HPy_Dup(ctx, arg);
        if (HPy_IsNull(dup)) return 0;
        if (HPyTracker_Add(ctx, *ht, dup) < 0) {
            HPy_Close(ctx, dup);
            return 0;
        }
        *out = dup;
        return 1;
    }
    case 'p': {
        int *out = va_arg(*ap, int *);
        if (HPy_IsNull(arg)) return 1;
        int truth = HPy_IsTrue(ctx, arg);
        if (truth < 0) return 0;
        *out = truth ? 1 : 0;
        return 1;
    }
    case 's': {
        const char **out = va_arg(*ap, const char **);
        if (HPy_IsNull(arg)) return 1;
        return read_utf8(ctx, fmt, arg, out);
    }
    default:
        /* '$' lands here in HPyArg_Parse, as in HPy: it has no keywords. */
        fail(ctx, ctx->h_SystemError, fmt, "unknown arg format code");
        return 0;
    }
}

/* ---- positional arguments ---------------------------------------------- */

static int open_tracker(HPyContext *ctx, HPyTracker *ht)
{
    if (ht == NULL) return 1;
    *ht = HPyTracker_New(ctx, 0);
    return !HPy_IsNull(*ht); /* HPy_IsNull reads ._i, which HPyTracker has too */
}

static void close_tracker(HPyContext *ctx, HPyTracker *ht)
{
    if (ht != NULL) HPyTracker_Close(ctx, *ht);
}

ALWAYS_INLINE int parse_positional(HPyContext *ctx, HPyTracker *ht, const HPy *args, size_t nargs,
                                   const char *fmt, va_list *ap)
{
    if (!open_tracker(ctx, ht)) return 0;
    int optional = 0;
    size_t i = 0;
    for (const char *f = fmt; !units_end(*f); f++) {
        if (*f == '|') {
            optional = 1;
            continue;
        }
        HPy arg = i < nargs ? args[i] : HPy_NULL;
        if (HPy_IsNull(arg) && !optional) {
            fail(ctx, ctx->h_TypeError, fmt, "required positional argument missing");
            goto error;
        }
        if (!convert(ctx, ht, arg, 0, *f, ap, fmt)) goto error;
        i++;
    }
    if (i < nargs) {
        fail(ctx, ctx->h_TypeError, fmt, "mismatched args (too many arguments for fmt)");
        goto error;
    }
    return 1;
error:
    close_tracker(ctx, ht);
    return 0;
}

HPyAPI_HELPER int HPyArg_Parse(HPyContext *ctx, HPyTracker *ht, const HPy *args, size_t nargs,
                               const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int ok = parse_positional(ctx, ht, args, nargs, fmt, &ap);
    va_end(ap);
    return ok;
}

/* ---- keyword arguments ------------------------------------------------- */

/* Where keyword values come from: HPy's kwnames tuple (values after the
 * positional ones in `args`) or a dict. */
typedef struct {
    HPy names_or_dict; /* HPy_NULL: no keywords */
    int is_dict;
    const HPy *values; /* kwnames: the values, in the order of the names */
    HPy_ssize_t count; /* kwnames: how many */
} Keywords;

/* Looks `key` up. 1 with *found set (HPy_NULL when absent; a new handle to
 * close in *owned for a dict), 0 with an exception set. */
static int find_keyword(HPyContext *ctx, const Keywords *kw, const char *key, HPy *found, HPy *owned)
{
    *found = HPy_NULL;
    *owned = HPy_NULL;
    if (HPy_IsNull(kw->names_or_dict)) return 1;
    if (kw->is_dict) {
        HPy v = HPy_GetItem_s(ctx, kw->names_or_dict, key);
        if (HPy_IsNull(v)) {
            /* absent is KeyError; anything else is a real failure */
            if (!HPyErr_ExceptionMatches(ctx, ctx->h_KeyError)) return 0;
            HPyErr_Clear(ctx);
            return 1;
        }
        *found = *owned = v;
        return 1;
    }
    for (HPy_ssize_t j = 0; j < kw->count; j++) {
        HPy name = HPy_GetItem_i(ctx, kw->names_or_dict, j);
        if (HPy_IsNull(name)) return 0;
        const char *utf8 = HPyUnicode_AsUTF8AndSize(ctx, name, NULL);
        int same = utf8 != NULL && strcmp(utf8, key) == 0;
        HPy_Close(ctx, name);
        if (utf8 == NULL) return 0; /* a keyword name that is not a string */
        if (same) {
            *found = kw->values[j];
            return 1;
        }
    }
    return 1;
}

/* How many names `keywords` has; 0 with SystemError for an empty name after
 * a real one (positional-only names, "", come first). */
static int count_keywords(HPyContext *ctx, const char *fmt, const char *keywords[], size_t *count)
{
    size_t n = 0;
    while (keywords[n] != NULL && keywords[n][0] == '\0')
        n++;
    for (; keywords[n] != NULL; n++) {
        if (keywords[n][0] == '\0') {
            fail(ctx, ctx->h_SystemError, fmt, "empty keyword parameter name");
            return 0;
        }
    }
    *count = n;
    return 1;
}

static int parse_with_keywords(HPyContext *ctx, HPyTracker *ht, const HPy *args, size_t nargs, Keywords kw,
                               const char *fmt, const char *keywords[], va_list *ap)
{
    size_t nkeywords;
    if (!count_keywords(ctx, fmt, keywords, &nkeywords)) return 0;
    if (!open_tracker(ctx, ht)) return 0;
    if (!kw.is_dict && !HPy_IsNull(kw.names_or_dict)) {
        kw.count = HPy_Length(ctx, kw.names_or_dict);
        if (kw.count < 0) goto error;
    }
    int optional = 0, keyword_only = 0;
    size_t i = 0;
    for (const char *f = fmt; !units_end(*f); f++) {
        if (*f == '|' || *f == '$') {
            optional = 1;
            keyword_only |= *f == '$';
            continue;
        }
        if (*f == 'O' && ht == NULL) {
            /* keyword values from a dict are new handles: 'O' must hand
             * them out through a tracker */
            fail(ctx, ctx->h_SystemError, fmt,
                 "the format unit 'O' of HPyArg_ParseKeywords needs an HPyTracker: pass &ht, not NULL");
            goto error;
        }
        if (i >= nkeywords) {
            fail(ctx, ctx->h_TypeError, fmt, "mismatched args (too few keywords for fmt)");
            goto error;
        }
        HPy arg = HPy_NULL, owned = HPy_NULL;
        if (i < nargs) {
            if (keyword_only) {
                fail(ctx, ctx->h_TypeError, fmt, "keyword only argument passed as positional argument");
                goto error;
            }
            arg = args[i];
        } else if (keywords[i][0] != '\0' && !find_keyword(ctx, &kw, keywords[i], &arg, &owned)) {
            goto error;
        }
        if (HPy_IsNull(arg) && !optional) {
            fail(ctx, ctx->h_TypeError, fmt, "no value for required argument");
            goto error;
        }
        int ok = convert(ctx, ht, arg, 1, *f, ap, fmt);
        if (!HPy_IsNull(owned)) HPy_Close(ctx, owned);
        if (!ok) goto error;
        i++;
    }
    if (i != nkeywords) {
        fail(ctx, ctx->h_TypeError, fmt, "mismatched args (too many keywords for fmt)");
        goto error;
    }
    /* HPy 0.9.0 ignores positional arguments beyond the format; they are an
     * error here, as they are in HPyArg_Parse. */
    if (nargs > i) {
        fail(ctx, ctx->h_TypeError, fmt, "mismatched args (too many arguments for fmt)");
        goto error;
    }
    return 1;
error:
    close_tracker(ctx, ht);
    return 0;
}

HPyAPI_HELPER int HPyArg_ParseKeywords(HPyContext *ctx, HPyTracker *ht, const HPy *args, size_t nargs,
                                       HPy kwnames, const char *fmt, const char *keywords[], ...)
{
    Keywords kw = { kwnames, 0, args + nargs, 0 };
    va_list ap;
    va_start(ap, keywords);
    int ok = parse_with_keywords(ctx, ht, args, nargs, kw, fmt, keywords, &ap);
    va_end(ap);
    return ok;
}

HPyAPI_HELPER int HPyArg_ParseKeywordsDict(HPyContext *ctx, HPyTracker *ht, const HPy *args,
                                           HPy_ssize_t nargs, HPy kw_dict, const char *fmt,
                                           const char *keywords[], ...)
{
    /* None stands for "no keywords" as HPy_NULL does: HPy 0.9.0 reads None
     * as a dict without entries. */
    HPy dict = HPy_IsNull(kw_dict) || HPy_Is(ctx, kw_dict, ctx->h_None) ? HPy_NULL : kw_dict;
    Keywords kw = { dict, 1, NULL, 0 };
    if (nargs < 0) {
        HPyErr_SetString(ctx, ctx->h_SystemError, "HPyArg_ParseKeywordsDict: nargs is negative");
        return 0;
    }
    va_list ap;
    va_start(ap, keywords);
    int ok = parse_with_keywords(ctx, ht, args, (size_t)nargs, kw, fmt, keywords, &ap);
    va_end(ap);
    return ok;
}
