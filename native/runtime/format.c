/* HPyUnicode_FromFormat, HPyUnicode_FromFormatV, HPyErr_Format.
 *
 * Part of the helper library that `hpy-node build` compiles into every
 * extension (HPy 0.9.0's hpy/devel/src/runtime/format.c there). The text is
 * built as UTF-8 in C and made into a string with one context call; the
 * handle units (%U %V %S %R %A) add a context call or two each.
 *
 * Units, flags and errors follow HPy 0.9.0 (its tests check them): numbers
 * take `%[0][width][.precision]` as CPython formats them (the 0 flag pads to
 * the width even with a precision), text units take width and precision in
 * characters, %c and %p take neither, and the 0 flag only goes with numbers.
 */
#include "hpy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the output buffer ------------------------------------------------- */

/* Grows from a buffer on the stack, which holds most messages, to the heap.
 * A failed allocation is remembered and reported once, at the end. */
typedef struct {
    char *data;
    size_t len, cap;
    int out_of_memory;
    char stack[256];
} Text;

static void text_init(Text *t)
{
    t->data = t->stack;
    t->len = 0;
    t->cap = sizeof t->stack;
    t->out_of_memory = 0;
}

static void text_free(Text *t)
{
    if (t->data != t->stack) free(t->data);
}

/* No JavaScript string is this long (V8's limit is 2^29 UTF-16 units, at
 * most 3 UTF-8 bytes each): a larger width is refused before it is asked of
 * malloc, which may not fail cleanly for absurd sizes (AddressSanitizer
 * aborts). */
#define MAX_TEXT_BYTES ((size_t)1 << 32)

static int text_reserve(Text *t, size_t extra)
{
    if (t->out_of_memory) return 0;
    if (extra <= t->cap - t->len) return 1;
    if (extra > MAX_TEXT_BYTES - t->len) {
        t->out_of_memory = 1;
        return 0;
    }
    size_t cap = t->cap * 2 > t->len + extra ? t->cap * 2 : t->len + extra;
    char *p = t->data == t->stack ? malloc(cap) : realloc(t->data, cap);
    if (p == NULL) {
        t->out_of_memory = 1;
        return 0;
    }
    if (t->data == t->stack) memcpy(p, t->stack, t->len);
    t->data = p;
    t->cap = cap;
    return 1;
}

static int text_append(Text *t, const char *s, size_t n)
{
    if (!text_reserve(t, n)) return 0;
    memcpy(t->data + t->len, s, n);
    t->len += n;
    return 1;
}

static int text_repeat(Text *t, char c, size_t n)
{
    if (!text_reserve(t, n)) return 0;
    memset(t->data + t->len, c, n);
    t->len += n;
    return 1;
}

/* ---- one conversion ---------------------------------------------------- */

/* `%[0][width][.precision][l|ll|z]unit`; -1 for a width or precision not
 * given. */
typedef struct {
    int zero;
    HPy_ssize_t width, precision;
    enum { PLAIN, LONG, LONGLONG, SIZE } size;
    char unit;
} Spec;

static HPy_ssize_t utf8_chars(const char *s, size_t n)
{
    HPy_ssize_t chars = 0;
    for (size_t i = 0; i < n; i++)
        chars += ((unsigned char)s[i] & 0xC0) != 0x80; /* not a continuation byte */
    return chars;
}

/* The byte length of the first `chars` characters of s[0..n). */
static size_t utf8_prefix(const char *s, size_t n, HPy_ssize_t chars)
{
    size_t i = 0;
    for (; i < n; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80 && chars-- == 0) break;
    }
    return i;
}

/* Text cut to the precision and padded on the left with spaces to the width
 * (in characters). The precision counts characters, or bytes for C strings
 * (as in CPython), where a character cut in two is left out whole. */
static int put_text(Text *t, const Spec *sp, const char *s, size_t n, int precision_in_bytes)
{
    if (sp->precision >= 0 && precision_in_bytes) {
        if ((size_t)sp->precision < n) {
            n = (size_t)sp->precision;
            while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) /* s[n] continues a character */
                n--;
        }
    } else if (sp->precision >= 0) {
        n = utf8_prefix(s, n, sp->precision);
    }
    HPy_ssize_t chars = sp->width > 0 ? utf8_chars(s, n) : 0;
    if (sp->width > chars && !text_repeat(t, ' ', (size_t)(sp->width - chars))) return 0;
    return text_append(t, s, n);
}

/* Digits of the magnitude, a minus sign, zeros up to the precision, then
 * padding up to the width: zeros after the sign with the 0 flag, else spaces
 * before it. A precision of 0 still writes "0" for zero, as CPython does. */
static int put_number(Text *t, const Spec *sp, int negative, const char *digits, size_t ndigits)
{
    size_t precision = sp->precision > (HPy_ssize_t)ndigits ? (size_t)sp->precision : ndigits;
    size_t body = precision + (negative ? 1 : 0);
    size_t pad = sp->width > (HPy_ssize_t)body ? (size_t)sp->width - body : 0;
    if (!sp->zero && !text_repeat(t, ' ', pad)) return 0;
    if (negative && !text_append(t, "-", 1)) return 0;
    if (sp->zero && !text_repeat(t, '0', pad)) return 0;
    return text_repeat(t, '0', precision - ndigits) && text_append(t, digits, ndigits);
}

static int put_integer(Text *t, const Spec *sp, va_list *ap)
{
    char digits[32];
    int n;
    int negative = 0;
    if (sp->unit == 'x') {
        n = snprintf(digits, sizeof digits, "%x", va_arg(*ap, unsigned int));
    } else if (sp->unit == 'u') {
        unsigned long long v = sp->size == LONG       ? va_arg(*ap, unsigned long)
                               : sp->size == LONGLONG ? va_arg(*ap, unsigned long long)
                               : sp->size == SIZE     ? va_arg(*ap, size_t)
                                                      : va_arg(*ap, unsigned int);
        n = snprintf(digits, sizeof digits, "%llu", v);
    } else {
        long long v = sp->size == LONG       ? va_arg(*ap, long)
                      : sp->size == LONGLONG ? va_arg(*ap, long long)
                      : sp->size == SIZE     ? (long long)va_arg(*ap, HPy_ssize_t)
                                             : va_arg(*ap, int);
        negative = v < 0;
        /* the magnitude as unsigned: -LLONG_MIN does not fit in long long */
        unsigned long long mag = negative ? 0ULL - (unsigned long long)v : (unsigned long long)v;
        n = snprintf(digits, sizeof digits, "%llu", mag);
    }
    return put_number(t, sp, negative, digits, (size_t)n);
}

static int put_char(HPyContext *ctx, Text *t, int cp)
{
    char u[4];
    size_t n;
    if (cp < 0 || cp > 0x10FFFF) {
        HPyErr_SetString(ctx, ctx->h_OverflowError, "character argument not in range(0x110000)");
        return -1;
    }
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return text_append(t, u, n);
}

/* A string handle's text. */
static int put_string(HPyContext *ctx, Text *t, const Spec *sp, HPy h)
{
    HPy_ssize_t n;
    const char *s = HPyUnicode_AsUTF8AndSize(ctx, h, &n);
    if (s == NULL) return -1;
    return put_text(t, sp, s, (size_t)n, 0);
}

/* %S %R %A: the text of HPy_Str / HPy_Repr / HPy_ASCII of the argument. */
static int put_converted(HPyContext *ctx, Text *t, const Spec *sp, HPy h)
{
    if (HPy_IsNull(h)) {
        char text[80];
        snprintf(text, sizeof text, "HPy_NULL passed as value for formatting unit '%%%c'", sp->unit);
        HPyErr_SetString(ctx, ctx->h_SystemError, text);
        return -1;
    }
    HPy s = sp->unit == 'S' ? HPy_Str(ctx, h) : sp->unit == 'R' ? HPy_Repr(ctx, h) : HPy_ASCII(ctx, h);
    if (HPy_IsNull(s)) return -1;
    int r = put_string(ctx, t, sp, s);
    HPy_Close(ctx, s);
    return r;
}

static int system_error(HPyContext *ctx, const char *message)
{
    HPyErr_SetString(ctx, ctx->h_SystemError, message);
    return -1;
}

/* Writes the argument of `sp`. 1 on success; 0 when out of memory (reported
 * at the end); -1 with an exception set. */
static int put_arg(HPyContext *ctx, Text *t, const Spec *sp, va_list *ap)
{
    char text[80];
    switch (sp->unit) {
    case 'd':
    case 'i':
    case 'u':
    case 'x':
        return put_integer(t, sp, ap);
    case 'c':
        return put_char(ctx, t, va_arg(*ap, int));
    case 'p': {
        /* Always 0x and lowercase hex: the C library's %p varies ("(nil)"
         * for NULL in glibc). */
        int n =
            snprintf(text, sizeof text, "0x%llx", (unsigned long long)(uintptr_t)va_arg(*ap, const void *));
        return text_append(t, text, (size_t)n);
    }
    case 's': {
        const char *s = va_arg(*ap, const char *);
        if (s == NULL) return system_error(ctx, "null c string passed as value for formatting unit '%s'");
        return put_text(t, sp, s, strlen(s), 1);
    }
    case 'U': {
        HPy h = va_arg(*ap, HPy);
        if (HPy_IsNull(h)) return system_error(ctx, "HPy_NULL passed as value for formatting unit '%U'");
        return put_string(ctx, t, sp, h);
    }
    case 'V': {
        HPy h = va_arg(*ap, HPy);
        const char *s = va_arg(*ap, const char *);
        if (!HPy_IsNull(h)) return put_string(ctx, t, sp, h);
        if (s == NULL)
            return system_error(ctx,
                                "HPy_NULL and a null c string passed as values for formatting unit '%V'");
        return put_text(t, sp, s, strlen(s), 1);
    }
    case 'S':
    case 'R':
    case 'A': {
        HPy h = va_arg(*ap, HPy);
        return put_converted(ctx, t, sp, h);
    }
    default:
        return system_error(ctx, "invalid format string");
    }
}

/* Reads a decimal width or precision; -1 with ValueError past HPy_ssize_t. */
static HPy_ssize_t read_count(HPyContext *ctx, const char **f, const char *what)
{
    HPy_ssize_t n = 0;
    for (; **f >= '0' && **f <= '9'; (*f)++) {
        int digit = **f - '0';
        if (n > (HPY_SSIZE_T_MAX - digit) / 10) {
            HPyErr_SetString(ctx, ctx->h_ValueError, what);
            return -1;
        }
        n = n * 10 + digit;
    }
    return n;
}

/* Parses the conversion at f (just after its '%'). Returns the position after
 * it, or NULL with an exception set. */
static const char *read_spec(HPyContext *ctx, const char *f, Spec *sp)
{
    sp->zero = *f == '0';
    if (sp->zero) f++;
    sp->width = sp->precision = -1;
    if (*f >= '0' && *f <= '9' && (sp->width = read_count(ctx, &f, "width too big")) < 0) return NULL;
    if (*f == '.') {
        f++;
        if ((sp->precision = read_count(ctx, &f, "precision too big")) < 0) return NULL;
    }
    sp->size = PLAIN;
    if (f[0] == 'l' && f[1] == 'l' && f[2] && strchr("diu", f[2])) {
        sp->size = LONGLONG;
        f += 2;
    } else if ((f[0] == 'l' || f[0] == 'z') && f[1] && strchr("diu", f[1])) {
        sp->size = f[0] == 'l' ? LONG : SIZE;
        f++;
    }
    sp->unit = *f;
    /* '%' with options ("%0%", "%.2%") and a '%' at the very end are as
     * invalid as an unknown unit. */
    if (sp->unit == '\0' || !strchr("cdiuxpsUVSRA", sp->unit)) {
        HPyErr_SetString(ctx, ctx->h_SystemError, "invalid format string");
        return NULL;
    }
    char text[80];
    if (sp->zero && strchr("sUVSRApc", sp->unit)) {
        snprintf(text, sizeof text, "formatting unit '%%%c' does not support 0-padding", sp->unit);
        HPyErr_SetString(ctx, ctx->h_SystemError, text);
        return NULL;
    }
    if ((sp->unit == 'c' || sp->unit == 'p') && (sp->width >= 0 || sp->precision >= 0)) {
        snprintf(text, sizeof text, "formatting unit '%%%c' does not support width nor precision", sp->unit);
        HPyErr_SetString(ctx, ctx->h_SystemError, text);
        return NULL;
    }
    return f + 1;
}

/* The string for t's UTF-8, which may hold NUL characters (%c of 0, a
 * string with "\0"): HPyUnicode_FromString would stop at the first. */
static HPy text_to_string(HPyContext *ctx, Text *t)
{
    if (memchr(t->data, '\0', t->len) == NULL) {
        /* the common case, one context call; the buffer has room for the
         * terminator, reserved by the caller */
        t->data[t->len] = '\0';
        return HPyUnicode_FromString(ctx, t->data);
    }
    HPy bytes = HPyBytes_FromStringAndSize(ctx, t->data, (HPy_ssize_t)t->len);
    if (HPy_IsNull(bytes)) return HPy_NULL;
    HPy s = HPyUnicode_FromEncodedObject(ctx, bytes, "utf-8", "strict");
    HPy_Close(ctx, bytes);
    return s;
}

static HPy format(HPyContext *ctx, const char *fmt, va_list *ap)
{
    Text t;
    text_init(&t);
    HPy result = HPy_NULL;
    const char *f = fmt;
    while (*f) {
        if (*f != '%') {
            const char *start = f;
            for (; *f && *f != '%'; f++) {
                if ((unsigned char)*f > 127) {
                    char text[96];
                    snprintf(text, sizeof text,
                             "expected an ASCII-encoded format string, got a non-ASCII byte: 0x%02x",
                             (unsigned char)*f);
                    HPyErr_SetString(ctx, ctx->h_ValueError, text);
                    goto done;
                }
            }
            if (!text_append(&t, start, (size_t)(f - start))) break;
            continue;
        }
        if (f[1] == '%') {
            if (!text_append(&t, "%", 1)) break;
            f += 2;
            continue;
        }
        Spec sp;
        if ((f = read_spec(ctx, f + 1, &sp)) == NULL) goto done;
        int r = put_arg(ctx, &t, &sp, ap);
        if (r < 0) goto done;
        if (r == 0) break;
    }
    if (!text_reserve(&t, 1)) {
        /* out of memory somewhere above: the text is incomplete */
        HPyErr_SetString(
            ctx, ctx->h_MemoryError,
            "HPyUnicode_FromFormat: out of memory building the string (or it would exceed 4 GiB)");
        goto done;
    }
    result = text_to_string(ctx, &t);
done:
    text_free(&t);
    return result;
}

HPyAPI_HELPER HPy HPyUnicode_FromFormatV(HPyContext *ctx, const char *fmt, va_list vargs)
{
    /* a copy, so that the units can take arguments through a pointer */
    va_list ap;
    va_copy(ap, vargs);
    HPy result = format(ctx, fmt, &ap);
    va_end(ap);
    return result;
}

HPyAPI_HELPER HPy HPyUnicode_FromFormat(HPyContext *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    HPy result = format(ctx, fmt, &ap);
    va_end(ap);
    return result;
}

HPyAPI_HELPER HPy HPyErr_Format(HPyContext *ctx, HPy h_type, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    HPy message = format(ctx, fmt, &ap);
    va_end(ap);
    /* A failed format leaves its own exception, which says what is wrong
     * with the format. */
    if (HPy_IsNull(message)) return HPy_NULL;
    HPyErr_SetObject(ctx, h_type, message);
    HPy_Close(ctx, message);
    return HPy_NULL;
}
