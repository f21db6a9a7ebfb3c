/* HPy_BuildValue: a value (or a tuple of values) from a format string and C
 * arguments.
 *
 * Part of the helper library that `hpy-node build` compiles into every
 * extension (HPy 0.9.0's hpy/devel/src/runtime/buildvalue.c there). Only
 * context calls are made.
 *
 * Two passes: `check` reads the whole format first and reports a malformed
 * one (unmatched brackets, a bad unit, dict syntax) before any argument is
 * read, so building never has to undo half a structure because of the
 * format; then `build` reads the arguments and makes the values, and can
 * only fail on a value (an HPy_NULL 'O', a failing context call).
 */
#include "hpy.h"

#include <stdio.h>
#include <string.h>

/* "<problem> '<c>' in the format string passed to HPy_BuildValue", the
 * wording of HPy 0.9.0's messages (its tests match them). */
static int format_error(HPyContext *ctx, const char *problem, char c)
{
    char text[160];
    snprintf(text, sizeof text, "%s '%c' in the format string passed to HPy_BuildValue", problem, c);
    HPyErr_SetString(ctx, ctx->h_SystemError, text);
    return 0;
}

static int is_separator(char c)
{
    return c == ' ' || c == ',';
}

static char closer_of(char opener)
{
    return opener == '(' ? ')' : opener == '[' ? ']' : '}';
}

/* ---- pass 1: the format alone ------------------------------------------ */

/* One error per malformed format. Unclosed brackets at the end are reported
 * by the outermost one (HPy 0.9.0 does the same: its tests expect "([(i)k"
 * to be an unmatched '('), a wrong closer by the bracket it fails to close. */
typedef struct {
    const char *p;
    const char *outermost_open; /* the first bracket still open, or NULL */
} Checker;

static int check_unit(HPyContext *ctx, Checker *c);

static int check_items(HPyContext *ctx, Checker *c, char opener)
{
    char closer = opener ? closer_of(opener) : '\0';
    for (;;) {
        while (is_separator(*c->p))
            c->p++;
        char ch = *c->p;
        if (ch == closer && ch != '\0') {
            c->p++;
            return 1;
        }
        if (ch == '\0') return opener ? format_error(ctx, "unmatched", *c->outermost_open) : 1;
        if (ch == ')' || ch == ']' || ch == '}') return format_error(ctx, "unmatched", opener ? opener : ch);
        if (!check_unit(ctx, c)) return 0;
    }
}

/* {key: value, ...}: a ',' between entries, ':' inside each; spaces and a
 * trailing ',' are allowed. */
static int check_dict(HPyContext *ctx, Checker *c)
{
    int after_entry = 0;
    for (;;) {
        while (*c->p == ' ')
            c->p++;
        char ch = *c->p;
        if (ch == '}') {
            c->p++;
            return 1;
        }
        if (ch == '\0' || ch == ')' || ch == ']')
            return format_error(ctx, "unmatched", ch == '\0' ? *c->outermost_open : '{');
        if (ch == ',') {
            if (!after_entry) return format_error(ctx, "unexpected", ',');
            after_entry = 0;
            c->p++;
            continue;
        }
        if (after_entry) return format_error(ctx, "missing", ',');
        if (!check_unit(ctx, c)) return 0;
        while (*c->p == ' ')
            c->p++;
        if (*c->p != ':') return format_error(ctx, "missing", ':');
        c->p++;
        while (*c->p == ' ')
            c->p++;
        if (*c->p == '\0' || *c->p == '}' || *c->p == ',')
            return format_error(ctx, "missing value after", ':');
        if (!check_unit(ctx, c)) return 0;
        after_entry = 1;
    }
}

static int check_unit(HPyContext *ctx, Checker *c)
{
    char ch = *c->p++;
    switch (ch) {
    case 'i':
    case 'I':
    case 'k':
    case 'l':
    case 'L':
    case 'K':
    case 'n':
    case 'f':
    case 'd':
    case 's':
    case 'O':
    case 'S':
        return 1;
    case '(':
    case '[':
    case '{': {
        int outermost = c->outermost_open == NULL;
        if (outermost) c->outermost_open = c->p - 1;
        int ok = ch == '{' ? check_dict(ctx, c) : check_items(ctx, c, ch);
        if (outermost) c->outermost_open = NULL;
        return ok;
    }
    case 'N':
        HPyErr_SetString(ctx, ctx->h_SystemError,
                         "HPy_BuildValue does not support the 'N' formatting unit. HPy functions never "
                         "take over a handle: pass it with 'O' and close it after the call.");
        return 0;
    default:
        return format_error(ctx, "bad format char", ch);
    }
}

/* ---- pass 2: the values ------------------------------------------------ */

typedef struct {
    const char *p;
    va_list *ap;
} Builder;

/* A new handle for the unit at b->p, or HPy_NULL with an exception set. */
static HPy build_unit(HPyContext *ctx, Builder *b);

static void skip_separators(Builder *b)
{
    while (is_separator(*b->p))
        b->p++;
}

/* The number of units before the closer of the sequence starting at p (the
 * format is known to be well formed). */
static HPy_ssize_t count_items(const char *p)
{
    HPy_ssize_t n = 0;
    int depth = 0;
    for (; *p; p++) {
        char ch = *p;
        if (ch == '(' || ch == '[' || ch == '{') {
            if (depth++ == 0) n++;
        } else if (ch == ')' || ch == ']' || ch == '}') {
            if (depth-- == 0) break;
        } else if (depth == 0 && !is_separator(ch)) {
            n++;
        }
    }
    return n;
}

static HPy build_tuple(HPyContext *ctx, Builder *b, char closer)
{
    HPy_ssize_t n = count_items(b->p);
    HPyTupleBuilder tb = HPyTupleBuilder_New(ctx, n);
    if (tb._tup == 0) return HPy_NULL; /* HPyTupleBuilder_New failed */
    for (HPy_ssize_t i = 0; i < n; i++) {
        skip_separators(b);
        HPy item = build_unit(ctx, b);
        if (HPy_IsNull(item)) {
            HPyTupleBuilder_Cancel(ctx, tb);
            return HPy_NULL;
        }
        HPyTupleBuilder_Set(ctx, tb, i, item);
        HPy_Close(ctx, item);
    }
    skip_separators(b);
    if (closer) b->p++;
    return HPyTupleBuilder_Build(ctx, tb);
}

static HPy build_list(HPyContext *ctx, Builder *b)
{
    HPy_ssize_t n = count_items(b->p);
    HPyListBuilder lb = HPyListBuilder_New(ctx, n);
    if (lb._lst == 0) return HPy_NULL; /* HPyListBuilder_New failed */
    for (HPy_ssize_t i = 0; i < n; i++) {
        skip_separators(b);
        HPy item = build_unit(ctx, b);
        if (HPy_IsNull(item)) {
            HPyListBuilder_Cancel(ctx, lb);
            return HPy_NULL;
        }
        HPyListBuilder_Set(ctx, lb, i, item);
        HPy_Close(ctx, item);
    }
    skip_separators(b);
    b->p++; /* ']' */
    return HPyListBuilder_Build(ctx, lb);
}

static HPy build_dict(HPyContext *ctx, Builder *b)
{
    HPy dict = HPyDict_New(ctx);
    if (HPy_IsNull(dict)) return HPy_NULL;
    for (;;) {
        while (*b->p == ' ' || *b->p == ',')
            b->p++;
        if (*b->p == '}') {
            b->p++;
            return dict;
        }
        HPy key = build_unit(ctx, b);
        if (HPy_IsNull(key)) break;
        while (*b->p == ' ' || *b->p == ':')
            b->p++;
        HPy value = build_unit(ctx, b);
        int failed = HPy_IsNull(value) || HPy_SetItem(ctx, dict, key, value) < 0;
        HPy_Close(ctx, key);
        if (!HPy_IsNull(value)) HPy_Close(ctx, value);
        if (failed) break;
    }
    HPy_Close(ctx, dict);
    return HPy_NULL;
}

static HPy build_unit(HPyContext *ctx, Builder *b)
{
    switch (*b->p++) {
    case '(':
        return build_tuple(ctx, b, ')');
    case '[':
        return build_list(ctx, b);
    case '{':
        return build_dict(ctx, b);
    /* Arguments narrower than int arrive promoted to int, float to double. */
    case 'i':
        return HPyLong_FromInt64_t(ctx, va_arg(*b->ap, int));
    case 'I':
        return HPyLong_FromUInt64_t(ctx, va_arg(*b->ap, unsigned int));
    case 'l':
        return HPyLong_FromInt64_t(ctx, va_arg(*b->ap, long));
    case 'k':
        return HPyLong_FromUInt64_t(ctx, va_arg(*b->ap, unsigned long));
    case 'L':
        return HPyLong_FromInt64_t(ctx, va_arg(*b->ap, long long));
    case 'K':
        return HPyLong_FromUInt64_t(ctx, va_arg(*b->ap, unsigned long long));
    case 'n':
        return HPyLong_FromSsize_t(ctx, va_arg(*b->ap, HPy_ssize_t));
    case 'f':
    case 'd':
        return HPyFloat_FromDouble(ctx, va_arg(*b->ap, double));
    case 's': {
        const char *s = va_arg(*b->ap, const char *);
        /* NULL is None, as in Py_BuildValue */
        return s == NULL ? HPy_Dup(ctx, ctx->h_None) : HPyUnicode_FromString(ctx, s);
    }
    case 'O':
    case 'S': {
        HPy h = va_arg(*b->ap, HPy);
        if (HPy_IsNull(h)) {
            /* Usually the result of a failed call passed straight in: keep
             * its exception, which says what went wrong. */
            if (!HPyErr_Occurred(ctx))
                HPyErr_SetString(ctx, ctx->h_SystemError, "HPy_NULL object passed to HPy_BuildValue");
            return HPy_NULL;
        }
        return HPy_Dup(ctx, h);
    }
    default: /* the check pass lets no other unit through */
        format_error(ctx, "internal error: HPy_BuildValue met the unchecked unit", b->p[-1]);
        return HPy_NULL;
    }
}

HPyAPI_HELPER HPy HPy_BuildValue(HPyContext *ctx, const char *fmt, ...)
{
    Checker c = { fmt, NULL };
    if (!check_items(ctx, &c, '\0')) return HPy_NULL;

    va_list ap;
    va_start(ap, fmt);
    Builder b = { fmt, &ap };
    HPy result;
    HPy_ssize_t n = count_items(fmt);
    if (n == 0) {
        result = HPy_Dup(ctx, ctx->h_None);
    } else if (n == 1) {
        skip_separators(&b);
        result = build_unit(ctx, &b);
    } else {
        result = build_tuple(ctx, &b, '\0');
    }
    va_end(ap);
    return result;
}
