/* See mock_ctx.h. Plain C; only what the three parsers call is filled in, a
 * call of anything else is a NULL function pointer (a crash to look at). */
#include "mock_ctx.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_OBJECTS 4096
#define MAX_ITEMS 16

typedef struct {
    enum MockKind kind;
    long long num;
    double real;
    char text[16];
    HPy_ssize_t len;
    int items[MAX_ITEMS]; /* TUPLE items; DICT keys then values at +MAX_ITEMS/2 */
    int nitems;
    int made;   /* made by the code under test: must be closed */
    int open;
} Obj;

static Obj objects[MAX_OBJECTS];
static int nobjects;
static int error_set;
static HPyContext ctx;

static void die(const char *why)
{
    fprintf(stderr, "mock_ctx: %s\n", why);
    abort();
}

static Obj *obj_of(HPy h)
{
    if (h._i <= 0 || h._i > nobjects) return NULL;
    return &objects[h._i - 1];
}

static HPy new_obj(enum MockKind kind, int made)
{
    if (nobjects == MAX_OBJECTS) die("object table full");
    Obj *o = &objects[nobjects++];
    memset(o, 0, sizeof *o);
    o->kind = kind;
    o->made = made;
    o->open = 1;
    return (HPy){ nobjects };
}

static HPy raise(HPy type, const char *msg)
{
    (void)type;
    (void)msg;
    error_set = 1;
    return HPy_NULL;
}

/* ---- the context functions -------------------------------------------- */

static int m_Err_Occurred(HPyContext *c) { (void)c; return error_set; }
static void m_Err_Clear(HPyContext *c) { (void)c; error_set = 0; }
static int m_Err_ExceptionMatches(HPyContext *c, HPy exc) { (void)c; (void)exc; return error_set; }
static HPy m_Err_SetString(HPyContext *c, HPy type, const char *msg)
{
    (void)c;
    if (msg == NULL) die("HPyErr_SetString with a NULL message");
    (void)strlen(msg); /* reads it whole, as the host does */
    return raise(type, msg);
}
static HPy m_Err_SetObject(HPyContext *c, HPy type, HPy value) { (void)c; (void)value; return raise(type, ""); }
static HPy m_Err_NoMemory(HPyContext *c) { (void)c; return raise(HPy_NULL, "no memory"); }

static void m_Close(HPyContext *c, HPy h)
{
    (void)c;
    Obj *o = obj_of(h);
    if (o == NULL) return; /* a constant or a foreign handle */
    if (!o->open) die("a handle closed twice");
    if (o->made) o->open = 0;
}
static HPy m_Dup(HPyContext *c, HPy h)
{
    (void)c;
    Obj *o = obj_of(h);
    if (o != NULL && !o->open) die("HPy_Dup of a closed handle");
    HPy d = new_obj(o ? o->kind : MOCK_OTHER, 1);
    if (o) {
        Obj *n = obj_of(d);
        int open = n->open, made = n->made;
        *n = *o;
        n->open = open;
        n->made = made;
    }
    return d;
}
static int m_Is(HPyContext *c, HPy a, HPy b) { (void)c; return a._i == b._i; }
static int m_IsTrue(HPyContext *c, HPy h)
{
    (void)c;
    Obj *o = obj_of(h);
    if (o == NULL) return 1;
    return o->kind == MOCK_NONE ? 0 : o->kind == MOCK_INT ? o->num != 0 : 1;
}
static HPy_ssize_t m_Length(HPyContext *c, HPy h)
{
    Obj *o = obj_of(h);
    if (o == NULL || (o->kind != MOCK_TUPLE && o->kind != MOCK_DICT && o->kind != MOCK_STR)) {
        m_Err_SetString(c, ctx.h_TypeError, "object has no len()");
        return -1;
    }
    return o->kind == MOCK_STR ? o->len : o->nitems;
}
static HPy m_GetItem_i(HPyContext *c, HPy h, HPy_ssize_t i)
{
    Obj *o = obj_of(h);
    if (o == NULL || o->kind != MOCK_TUPLE || i < 0 || i >= o->nitems) return m_Err_SetString(c, ctx.h_IndexError, "index");
    return m_Dup(c, (HPy){ o->items[i] });
}
static HPy m_GetItem_s(HPyContext *c, HPy h, const char *key)
{
    Obj *o = obj_of(h);
    if (o == NULL || o->kind != MOCK_DICT) return m_Err_SetString(c, ctx.h_TypeError, "not a dict");
    for (int i = 0; i < o->nitems; i++)
        if (strcmp(objects[o->items[i] - 1].text, key) == 0) return m_Dup(c, (HPy){ o->items[MAX_ITEMS / 2 + i] });
    return m_Err_SetString(c, ctx.h_KeyError, key);
}
static int m_Unicode_Check(HPyContext *c, HPy h) { (void)c; Obj *o = obj_of(h); return o != NULL && o->kind == MOCK_STR; }
static const char *m_Unicode_AsUTF8AndSize(HPyContext *c, HPy h, HPy_ssize_t *size)
{
    Obj *o = obj_of(h);
    if (o == NULL || o->kind != MOCK_STR) {
        m_Err_SetString(c, ctx.h_TypeError, "not a str");
        return NULL;
    }
    if (size) *size = o->len;
    return o->text;
}
static HPy str_of(const char *s, size_t n)
{
    HPy h = new_obj(MOCK_STR, 1);
    Obj *o = obj_of(h);
    o->len = (HPy_ssize_t)(n < sizeof o->text - 1 ? n : sizeof o->text - 1);
    memcpy(o->text, s, (size_t)o->len);
    return h;
}
static HPy m_Unicode_FromString(HPyContext *c, const char *s) { (void)c; return str_of(s, strlen(s)); }
static HPy m_Bytes_FromStringAndSize(HPyContext *c, const char *s, HPy_ssize_t n)
{
    (void)c;
    if (n < 0) die("HPyBytes_FromStringAndSize with a negative size");
    volatile char last = n > 0 ? s[n - 1] : 0; /* the whole range must be readable */
    (void)last;
    HPy h = str_of(s, (size_t)n);
    obj_of(h)->kind = MOCK_OTHER;
    return h;
}
static HPy m_Unicode_FromEncodedObject(HPyContext *c, HPy obj, const char *enc, const char *errors)
{
    (void)enc;
    (void)errors;
    Obj *o = obj_of(obj);
    if (o == NULL) return m_Err_SetString(c, ctx.h_TypeError, "decoding");
    return str_of(o->text, (size_t)o->len);
}
static HPy m_Str(HPyContext *c, HPy h) { (void)c; (void)h; return str_of("str", 3); }
static HPy m_Repr(HPyContext *c, HPy h) { (void)c; (void)h; return str_of("repr", 4); }
static HPy m_ASCII(HPyContext *c, HPy h) { (void)c; (void)h; return str_of("ascii", 5); }

static int64_t m_Long_AsInt64_t(HPyContext *c, HPy h)
{
    Obj *o = obj_of(h);
    if (o == NULL || o->kind != MOCK_INT) {
        m_Err_SetString(c, ctx.h_TypeError, "an integer is required");
        return -1;
    }
    return o->num;
}
static uint64_t m_Long_AsUInt64_tMask(HPyContext *c, HPy h) { return (uint64_t)m_Long_AsInt64_t(c, h); }
static HPy_ssize_t m_Long_AsSsize_t(HPyContext *c, HPy h) { return (HPy_ssize_t)m_Long_AsInt64_t(c, h); }
static double m_Float_AsDouble(HPyContext *c, HPy h)
{
    Obj *o = obj_of(h);
    if (o != NULL && o->kind == MOCK_INT) return (double)o->num;
    if (o == NULL || o->kind != MOCK_FLOAT) {
        m_Err_SetString(c, ctx.h_TypeError, "must be real number");
        return -1.0;
    }
    return o->real;
}
static HPy m_Long_FromInt64_t(HPyContext *c, int64_t v) { (void)c; HPy h = new_obj(MOCK_INT, 1); obj_of(h)->num = v; return h; }
static HPy m_Long_FromUInt64_t(HPyContext *c, uint64_t v) { return m_Long_FromInt64_t(c, (int64_t)v); }
static HPy m_Long_FromSsize_t(HPyContext *c, HPy_ssize_t v) { return m_Long_FromInt64_t(c, v); }
static HPy m_Float_FromDouble(HPyContext *c, double v) { (void)c; HPy h = new_obj(MOCK_FLOAT, 1); obj_of(h)->real = v; return h; }
static HPy m_Dict_New(HPyContext *c) { (void)c; return new_obj(MOCK_DICT, 1); }
static int m_SetItem(HPyContext *c, HPy obj, HPy key, HPy value)
{
    (void)c;
    Obj *o = obj_of(obj), *k = obj_of(key), *v = obj_of(value);
    if (o == NULL || o->kind != MOCK_DICT) die("HPy_SetItem on something that is not a dict it made");
    if ((k && !k->open) || (v && !v->open)) die("HPy_SetItem with a closed handle");
    return 0;
}

/* Trackers and builders: a collection object (a tracker lists the handles
 * it was given, and closes them with itself). */
static HPy collection(HPy_ssize_t size)
{
    if (size < 0) die("a builder or tracker of negative size");
    return new_obj(MOCK_TUPLE, 1);
}
static HPyTracker m_Tracker_New(HPyContext *c, HPy_ssize_t size) { (void)c; return (HPyTracker){ collection(size)._i }; }
static int m_Tracker_Add(HPyContext *c, HPyTracker ht, HPy h)
{
    (void)c;
    Obj *t = obj_of((HPy){ ht._i });
    if (t == NULL || !t->open) die("HPyTracker_Add on a closed tracker");
    if (t->nitems == MAX_ITEMS) die("tracker full (raise MAX_ITEMS)");
    t->items[t->nitems++] = (int)h._i;
    return 0;
}
static void m_Tracker_Close(HPyContext *c, HPyTracker ht)
{
    Obj *t = obj_of((HPy){ ht._i });
    if (t == NULL || !t->open) die("HPyTracker_Close of a closed tracker");
    for (int i = 0; i < t->nitems; i++) m_Close(c, (HPy){ t->items[i] });
    t->open = 0;
}
static HPyTupleBuilder m_TupleBuilder_New(HPyContext *c, HPy_ssize_t n) { (void)c; return (HPyTupleBuilder){ collection(n)._i }; }
/* Set copies the item (HPy's builders do not steal it: the caller closes
 * its own handle); Build makes the builder's handle the result; Cancel closes
 * it. */
static Obj *open_builder(intptr_t b, const char *what)
{
    Obj *o = obj_of((HPy){ b });
    if (o == NULL || !o->open) die(what);
    return o;
}
static void builder_set(intptr_t b, HPy item)
{
    open_builder(b, "a Set on a closed builder");
    Obj *it = obj_of(item);
    if (it != NULL && !it->open) die("a builder given a closed handle");
}
static void builder_cancel(intptr_t b) { open_builder(b, "Cancel of a closed builder")->open = 0; }
static void m_TupleBuilder_Set(HPyContext *c, HPyTupleBuilder b, HPy_ssize_t i, HPy item) { (void)c; (void)i; builder_set(b._tup, item); }
static void m_TupleBuilder_Cancel(HPyContext *c, HPyTupleBuilder b) { (void)c; builder_cancel(b._tup); }
static HPy m_TupleBuilder_Build(HPyContext *c, HPyTupleBuilder b)
{
    (void)c;
    open_builder(b._tup, "Build of a closed builder");
    return (HPy){ b._tup };
}
static HPyListBuilder m_ListBuilder_New(HPyContext *c, HPy_ssize_t n) { (void)c; return (HPyListBuilder){ collection(n)._i }; }
static void m_ListBuilder_Set(HPyContext *c, HPyListBuilder b, HPy_ssize_t i, HPy item) { (void)c; (void)i; builder_set(b._lst, item); }
static void m_ListBuilder_Cancel(HPyContext *c, HPyListBuilder b) { (void)c; builder_cancel(b._lst); }
static HPy m_ListBuilder_Build(HPyContext *c, HPyListBuilder b) { return m_TupleBuilder_Build(c, (HPyTupleBuilder){ b._lst }); }

/* ---- the harness side --------------------------------------------------- */

HPyContext *mock_reset(void)
{
    nobjects = 0;
    error_set = 0;
    if (ctx.ctx_Close == NULL) {
        ctx.name = "hpy-node fuzz mock";
        /* Constants: handles outside the table, distinct from one another. */
        HPy *constants = &ctx.h_None;
        for (HPy *h = constants; h <= &ctx.h_UnicodeType; h++) h->_i = -1000 - (h - constants);
        ctx.ctx_Err_Occurred = m_Err_Occurred;
        ctx.ctx_Err_Clear = m_Err_Clear;
        ctx.ctx_Err_ExceptionMatches = m_Err_ExceptionMatches;
        ctx.ctx_Err_SetString = m_Err_SetString;
        ctx.ctx_Err_SetObject = m_Err_SetObject;
        ctx.ctx_Err_NoMemory = m_Err_NoMemory;
        ctx.ctx_Close = m_Close;
        ctx.ctx_Dup = m_Dup;
        ctx.ctx_Is = m_Is;
        ctx.ctx_IsTrue = m_IsTrue;
        ctx.ctx_Length = m_Length;
        ctx.ctx_GetItem_i = m_GetItem_i;
        ctx.ctx_GetItem_s = m_GetItem_s;
        ctx.ctx_Unicode_Check = m_Unicode_Check;
        ctx.ctx_Unicode_AsUTF8AndSize = m_Unicode_AsUTF8AndSize;
        ctx.ctx_Unicode_FromString = m_Unicode_FromString;
        ctx.ctx_Unicode_FromEncodedObject = m_Unicode_FromEncodedObject;
        ctx.ctx_Bytes_FromStringAndSize = m_Bytes_FromStringAndSize;
        ctx.ctx_Str = m_Str;
        ctx.ctx_Repr = m_Repr;
        ctx.ctx_ASCII = m_ASCII;
        ctx.ctx_Long_AsInt64_t = m_Long_AsInt64_t;
        ctx.ctx_Long_AsUInt64_tMask = m_Long_AsUInt64_tMask;
        ctx.ctx_Long_AsSsize_t = m_Long_AsSsize_t;
        ctx.ctx_Float_AsDouble = m_Float_AsDouble;
        ctx.ctx_Long_FromInt64_t = m_Long_FromInt64_t;
        ctx.ctx_Long_FromUInt64_t = m_Long_FromUInt64_t;
        ctx.ctx_Long_FromSsize_t = m_Long_FromSsize_t;
        ctx.ctx_Float_FromDouble = m_Float_FromDouble;
        ctx.ctx_Dict_New = m_Dict_New;
        ctx.ctx_SetItem = m_SetItem;
        ctx.ctx_Tracker_New = m_Tracker_New;
        ctx.ctx_Tracker_Add = m_Tracker_Add;
        ctx.ctx_Tracker_Close = m_Tracker_Close;
        ctx.ctx_TupleBuilder_New = m_TupleBuilder_New;
        ctx.ctx_TupleBuilder_Set = m_TupleBuilder_Set;
        ctx.ctx_TupleBuilder_Cancel = m_TupleBuilder_Cancel;
        ctx.ctx_TupleBuilder_Build = m_TupleBuilder_Build;
        ctx.ctx_ListBuilder_New = m_ListBuilder_New;
        ctx.ctx_ListBuilder_Set = m_ListBuilder_Set;
        ctx.ctx_ListBuilder_Cancel = m_ListBuilder_Cancel;
        ctx.ctx_ListBuilder_Build = m_ListBuilder_Build;
    }
    return &ctx;
}

HPy mock_arg(enum MockKind kind, const char *text, long long num)
{
    HPy h = new_obj(kind, 0);
    Obj *o = obj_of(h);
    o->num = num;
    o->real = (double)num / 4;
    if (kind == MOCK_STR && text) {
        o->len = (HPy_ssize_t)strnlen(text, sizeof o->text - 1);
        memcpy(o->text, text, (size_t)o->len);
    }
    return h;
}

void mock_tuple_push(HPy tuple, HPy item)
{
    Obj *t = obj_of(tuple);
    if (t->nitems < MAX_ITEMS) t->items[t->nitems++] = (int)item._i;
}

void mock_dict_put(HPy dict, HPy key, HPy value)
{
    Obj *d = obj_of(dict);
    if (d->nitems >= MAX_ITEMS / 2) return;
    d->items[MAX_ITEMS / 2 + d->nitems] = (int)value._i;
    d->items[d->nitems++] = (int)key._i;
}

void mock_close(HPy h) { m_Close(&ctx, h); }

void mock_check(int made_ok)
{
    if (made_ok && error_set) die("success returned with an exception set");
    if (!made_ok && !error_set) die("failure returned without an exception set");
    for (int i = 0; i < nobjects; i++)
        if (objects[i].made && objects[i].open) die("a handle the parser made was never closed (a leak)");
}
