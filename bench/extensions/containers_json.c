/* Figure 15 (b): a JSON-like codec written against the HPy API, as a C
 * parser or serializer binding would be: decode(text) builds dicts (string
 * keys through HPy_SetItem_s), lists (HPyList_Append: a parser does not
 * know the length ahead), strings, ints, floats, True/False/None; encode(v)
 * walks them back (HPyDict_Keys, HPy_GetItem, HPy_GetItem_i,
 * HPyUnicode_AsUTF8AndSize) into one string. Numbers: an int is written as
 * an integer, a float with %.17g (the figure's data keeps to floats that
 * print the same way in JavaScript). Built for both hosts like figure 15's
 * loops.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hpy.h"

/* ---- decoding ---------------------------------------------------------- */

typedef struct {
    const char *p, *end;
    char *scratch;      /* one string's bytes, NUL-terminated */
    size_t scratch_cap;
} Parser;

static HPy parse_value(HPyContext *ctx, Parser *ps);

static HPy syntax_error(HPyContext *ctx, Parser *ps, const char *what)
{
    (void)ps;
    HPyErr_SetString(ctx, ctx->h_ValueError, what);
    return HPy_NULL;
}

static void skip_ws(Parser *ps)
{
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\n' || *ps->p == '\r' || *ps->p == '\t')) ps->p++;
}

static int put(Parser *ps, size_t *len, char c)
{
    if (*len + 2 > ps->scratch_cap) {
        size_t cap = ps->scratch_cap ? ps->scratch_cap * 2 : 256;
        char *s = realloc(ps->scratch, cap);
        if (!s) return -1;
        ps->scratch = s;
        ps->scratch_cap = cap;
    }
    ps->scratch[(*len)++] = c;
    return 0;
}

static int put_utf8(Parser *ps, size_t *len, unsigned cp)
{
    if (cp < 0x80) return put(ps, len, (char)cp);
    if (cp < 0x800) return put(ps, len, (char)(0xC0 | cp >> 6)) | put(ps, len, (char)(0x80 | (cp & 0x3F)));
    if (cp < 0x10000)
        return put(ps, len, (char)(0xE0 | cp >> 12)) | put(ps, len, (char)(0x80 | ((cp >> 6) & 0x3F))) |
               put(ps, len, (char)(0x80 | (cp & 0x3F)));
    return put(ps, len, (char)(0xF0 | cp >> 18)) | put(ps, len, (char)(0x80 | ((cp >> 12) & 0x3F))) |
           put(ps, len, (char)(0x80 | ((cp >> 6) & 0x3F))) | put(ps, len, (char)(0x80 | (cp & 0x3F)));
}

static int hex4(Parser *ps, unsigned *out)
{
    if (ps->end - ps->p < 4) return -1;
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = *ps->p++;
        v = v * 16 + (unsigned)(c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 99);
        if (v > 0xFFFF) return -1;
    }
    *out = v;
    return 0;
}

/* A string's contents into ps->scratch (NUL-terminated); -1 on bad input. */
static int parse_string_bytes(Parser *ps)
{
    size_t len = 0;
    ps->p++; /* the opening quote */
    while (ps->p < ps->end && *ps->p != '"') {
        char c = *ps->p++;
        if (c != '\\') {
            if (put(ps, &len, c)) return -1;
            continue;
        }
        if (ps->p >= ps->end) return -1;
        char e = *ps->p++;
        unsigned cp;
        switch (e) {
        case 'n': c = '\n'; break;
        case 't': c = '\t'; break;
        case 'r': c = '\r'; break;
        case 'b': c = '\b'; break;
        case 'f': c = '\f'; break;
        case '"': case '\\': case '/': c = e; break;
        case 'u':
            if (hex4(ps, &cp)) return -1;
            if (cp >= 0xD800 && cp < 0xDC00 && ps->end - ps->p >= 6 && ps->p[0] == '\\' && ps->p[1] == 'u') {
                unsigned lo;
                ps->p += 2;
                if (hex4(ps, &lo) || lo < 0xDC00 || lo > 0xDFFF) return -1;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            if (put_utf8(ps, &len, cp)) return -1;
            continue;
        default: return -1;
        }
        if (put(ps, &len, c)) return -1;
    }
    if (ps->p >= ps->end) return -1;
    ps->p++; /* the closing quote */
    if (put(ps, &len, 0)) return -1;
    return 0;
}

static HPy parse_number(HPyContext *ctx, Parser *ps)
{
    char *stop;
    const char *start = ps->p;
    int is_float = 0;
    while (ps->p < ps->end && strchr("+-0123456789.eE", *ps->p)) {
        if (*ps->p == '.' || *ps->p == 'e' || *ps->p == 'E') is_float = 1;
        ps->p++;
    }
    if (is_float) {
        double d = strtod(start, &stop);
        if (stop != ps->p) return syntax_error(ctx, ps, "decode: bad number");
        return HPyFloat_FromDouble(ctx, d);
    }
    long l = strtol(start, &stop, 10);
    if (stop != ps->p) return syntax_error(ctx, ps, "decode: bad number");
    return HPyLong_FromLong(ctx, l);
}

static HPy parse_object(HPyContext *ctx, Parser *ps)
{
    HPy d = HPyDict_New(ctx);
    ps->p++;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == '}') {
        ps->p++;
        return d;
    }
    while (!HPy_IsNull(d)) {
        skip_ws(ps);
        if (ps->p >= ps->end || *ps->p != '"' || parse_string_bytes(ps)) break;
        skip_ws(ps);
        if (ps->p >= ps->end || *ps->p++ != ':') break;
        /* The key stays in scratch while the value is parsed: copy it. */
        char key_buf[64];
        char *key = strlen(ps->scratch) < sizeof key_buf ? strcpy(key_buf, ps->scratch) : strdup(ps->scratch);
        HPy v = parse_value(ctx, ps);
        int r = HPy_IsNull(v) ? -1 : HPy_SetItem_s(ctx, d, key, v);
        if (key != key_buf) free(key);
        HPy_Close(ctx, v);
        if (r) break;
        skip_ws(ps);
        if (ps->p < ps->end && *ps->p == ',') { ps->p++; continue; }
        if (ps->p < ps->end && *ps->p == '}') { ps->p++; return d; }
        break;
    }
    HPy_Close(ctx, d);
    return HPyErr_Occurred(ctx) ? HPy_NULL : syntax_error(ctx, ps, "decode: bad object");
}

static HPy parse_array(HPyContext *ctx, Parser *ps)
{
    HPy l = HPyList_New(ctx, 0);
    ps->p++;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == ']') {
        ps->p++;
        return l;
    }
    while (!HPy_IsNull(l)) {
        HPy v = parse_value(ctx, ps);
        int r = HPy_IsNull(v) ? -1 : HPyList_Append(ctx, l, v);
        HPy_Close(ctx, v);
        if (r) break;
        skip_ws(ps);
        if (ps->p < ps->end && *ps->p == ',') { ps->p++; continue; }
        if (ps->p < ps->end && *ps->p == ']') { ps->p++; return l; }
        break;
    }
    HPy_Close(ctx, l);
    return HPyErr_Occurred(ctx) ? HPy_NULL : syntax_error(ctx, ps, "decode: bad array");
}

static int literal(Parser *ps, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n)) return 0;
    ps->p += n;
    return 1;
}

static HPy parse_value(HPyContext *ctx, Parser *ps)
{
    skip_ws(ps);
    if (ps->p >= ps->end) return syntax_error(ctx, ps, "decode: unexpected end");
    switch (*ps->p) {
    case '{': return parse_object(ctx, ps);
    case '[': return parse_array(ctx, ps);
    case '"':
        if (parse_string_bytes(ps)) return syntax_error(ctx, ps, "decode: bad string");
        return HPyUnicode_FromString(ctx, ps->scratch);
    }
    if (literal(ps, "true")) return HPy_Dup(ctx, ctx->h_True);
    if (literal(ps, "false")) return HPy_Dup(ctx, ctx->h_False);
    if (literal(ps, "null")) return HPy_Dup(ctx, ctx->h_None);
    return parse_number(ctx, ps);
}

HPyDef_METH(decode, "decode", HPyFunc_O)
static HPy decode_impl(HPyContext *ctx, HPy self, HPy text)
{
    HPy_ssize_t n;
    const char *s = HPyUnicode_AsUTF8AndSize(ctx, text, &n);
    if (!s) return HPy_NULL;
    Parser ps = { s, s + n, NULL, 0 };
    HPy v = parse_value(ctx, &ps);
    free(ps.scratch);
    return v;
}

/* ---- encoding ---------------------------------------------------------- */

typedef struct {
    char *s;
    size_t len, cap;
} Out;

static int out_bytes(Out *o, const char *p, size_t n)
{
    if (o->len + n + 1 > o->cap) {
        size_t cap = o->cap ? o->cap : 1024;
        while (o->len + n + 1 > cap) cap *= 2;
        char *s = realloc(o->s, cap);
        if (!s) return -1;
        o->s = s;
        o->cap = cap;
    }
    memcpy(o->s + o->len, p, n);
    o->len += n;
    return 0;
}

/* A JSON string as JSON.stringify writes it: ", \ and control characters
 * escaped, everything else as it is. */
static int out_string(HPyContext *ctx, Out *o, HPy h)
{
    HPy_ssize_t n;
    const char *s = HPyUnicode_AsUTF8AndSize(ctx, h, &n);
    if (!s || out_bytes(o, "\"", 1)) return -1;
    HPy_ssize_t run = 0;
    for (HPy_ssize_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        char esc[8];
        const char *e = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\n' ? "\\n" : c == '\t' ? "\\t"
                      : c == '\r' ? "\\r" : c == '\b' ? "\\b" : c == '\f' ? "\\f" : NULL;
        if (!e) {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            e = esc;
        }
        if (out_bytes(o, s + run, (size_t)(i - run)) || out_bytes(o, e, strlen(e))) return -1;
        run = i + 1;
    }
    return out_bytes(o, s + run, (size_t)(n - run)) || out_bytes(o, "\"", 1) ? -1 : 0;
}

static int encode_value(HPyContext *ctx, Out *o, HPy v);

static int encode_dict(HPyContext *ctx, Out *o, HPy d)
{
    HPy keys = HPyDict_Keys(ctx, d);
    if (HPy_IsNull(keys)) return -1;
    HPy_ssize_t n = HPy_Length(ctx, keys);
    int r = n < 0 || out_bytes(o, "{", 1) ? -1 : 0;
    for (HPy_ssize_t i = 0; i < n && r == 0; i++) {
        HPy k = HPy_GetItem_i(ctx, keys, i);
        HPy v = HPy_IsNull(k) ? HPy_NULL : HPy_GetItem(ctx, d, k);
        r = HPy_IsNull(v) || (i && out_bytes(o, ",", 1)) || out_string(ctx, o, k) || out_bytes(o, ":", 1) ||
            encode_value(ctx, o, v) ? -1 : 0;
        HPy_Close(ctx, v);
        HPy_Close(ctx, k);
    }
    HPy_Close(ctx, keys);
    return r || out_bytes(o, "}", 1) ? -1 : 0;
}

static int encode_list(HPyContext *ctx, Out *o, HPy l)
{
    HPy_ssize_t n = HPy_Length(ctx, l);
    int r = n < 0 || out_bytes(o, "[", 1) ? -1 : 0;
    for (HPy_ssize_t i = 0; i < n && r == 0; i++) {
        HPy v = HPy_GetItem_i(ctx, l, i);
        r = HPy_IsNull(v) || (i && out_bytes(o, ",", 1)) || encode_value(ctx, o, v) ? -1 : 0;
        HPy_Close(ctx, v);
    }
    return r || out_bytes(o, "]", 1) ? -1 : 0;
}

static int encode_value(HPyContext *ctx, Out *o, HPy v)
{
    char num[32];
    if (HPy_Is(ctx, v, ctx->h_None)) return out_bytes(o, "null", 4);
    if (HPy_Is(ctx, v, ctx->h_True)) return out_bytes(o, "true", 4);
    if (HPy_Is(ctx, v, ctx->h_False)) return out_bytes(o, "false", 5);
    if (HPyUnicode_Check(ctx, v)) return out_string(ctx, o, v);
    if (HPyDict_Check(ctx, v)) return encode_dict(ctx, o, v);
    if (HPyList_Check(ctx, v)) return encode_list(ctx, o, v);
    /* HPy 0.9.0 has no HPyLong_Check/HPyFloat_Check: type checks do it. */
    if (HPy_TypeCheck(ctx, v, ctx->h_LongType)) {
        long l = HPyLong_AsLong(ctx, v);
        if (l == -1 && HPyErr_Occurred(ctx)) return -1;
        snprintf(num, sizeof num, "%ld", l);
        return out_bytes(o, num, strlen(num));
    }
    if (HPy_TypeCheck(ctx, v, ctx->h_FloatType)) {
        snprintf(num, sizeof num, "%.17g", HPyFloat_AsDouble(ctx, v));
        return out_bytes(o, num, strlen(num));
    }
    HPyErr_SetString(ctx, ctx->h_TypeError, "encode: not JSON-like data");
    return -1;
}

HPyDef_METH(encode, "encode", HPyFunc_O)
static HPy encode_impl(HPyContext *ctx, HPy self, HPy v)
{
    Out o = { NULL, 0, 0 };
    HPy r = HPy_NULL;
    if (encode_value(ctx, &o, v) == 0 && out_bytes(&o, "", 0) == 0) {
        o.s[o.len] = 0;
        r = HPyUnicode_FromString(ctx, o.s);
    }
    free(o.s);
    return r;
}

static HPyDef *module_defines[] = { &decode, &encode, NULL };
static HPyModuleDef moduledef = { .doc = "figure 15's JSON-like codec", .defines = module_defines };
HPy_MODINIT(bench_json, moduledef)
