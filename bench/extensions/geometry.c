/* Figure 13 (c): a small 2-D geometry library written as real HPy ports
 * are, to time object-heavy code on hpy-node, on CPython + HPy 0.9.0 (the
 * same binary, built with HPy's headers, when the figure has --hpy) and
 * beside its plain JavaScript twin (bench/js-twin/geometry.ts).
 *
 * Vec (two doubles), Segment and Box (two Vecs each, held through
 * HPyField), Polygon (a C++ object behind it, geometry_ring.cc, deleted by
 * tp_destroy). Operator slots return new instances: Vec + Vec, Vec * k,
 * -Vec, Vec == Vec, Segment + Vec, -Segment, Box | Box, Polygon + Vec. The
 * types live in HPyGlobals and every operand is checked with HPy_TypeCheck.
 * Constructors parse with HPyArg_ParseKeywordsDict (HPy 0.9.0's tp_new gets
 * its keywords as a dict), Segment.lerp with HPyArg_ParseKeywords;
 * Polygon(points) and total_length(segments) walk many instances.
 */
#include <math.h>
#include "hpy.h"
#include "geometry_ring.h"

typedef struct { double x, y; } VecObject;
typedef struct { HPyField a, b; } SegmentObject;
typedef struct { HPyField lo, hi; } BoxObject;
typedef struct { Ring *ring; } PolygonObject;
HPyType_HELPERS(VecObject)
HPyType_HELPERS(SegmentObject)
HPyType_HELPERS(BoxObject)
HPyType_HELPERS(PolygonObject)

static HPyGlobal g_Vec, g_Segment, g_Box, g_Polygon;

static int is_a(HPyContext *ctx, HPy obj, HPyGlobal g)
{
    HPy cls = HPyGlobal_Load(ctx, g);
    int r = HPy_TypeCheck(ctx, obj, cls);
    HPy_Close(ctx, cls);
    return r;
}

static HPy not_implemented(HPyContext *ctx) { return HPy_Dup(ctx, ctx->h_NotImplemented); }

static HPy type_error(HPyContext *ctx, const char *msg)
{
    HPyErr_SetString(ctx, ctx->h_TypeError, msg);
    return HPy_NULL;
}

/* ---- Vec ---- */

static HPy vec_new(HPyContext *ctx, double x, double y)
{
    HPy cls = HPyGlobal_Load(ctx, g_Vec);
    VecObject *v;
    HPy h = HPy_New(ctx, cls, &v);
    HPy_Close(ctx, cls);
    if (HPy_IsNull(h)) return h;
    v->x = x;
    v->y = y;
    return h;
}

HPyDef_SLOT(Vec_new, HPy_tp_new)
static HPy Vec_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    static const char *kwlist[] = { "x", "y", NULL };
    double x, y;
    if (!HPyArg_ParseKeywordsDict(ctx, NULL, args, nargs, kw, "dd", kwlist, &x, &y)) return HPy_NULL;
    VecObject *v;
    HPy h = HPy_New(ctx, cls, &v);
    if (HPy_IsNull(h)) return h;
    v->x = x;
    v->y = y;
    return h;
}

HPyDef_MEMBER(Vec_x, "x", HPyMember_DOUBLE, offsetof(VecObject, x), .readonly = 1)
HPyDef_MEMBER(Vec_y, "y", HPyMember_DOUBLE, offsetof(VecObject, y), .readonly = 1)

HPyDef_SLOT(Vec_add, HPy_nb_add)
static HPy Vec_add_impl(HPyContext *ctx, HPy a, HPy b)
{
    if (!is_a(ctx, a, g_Vec) || !is_a(ctx, b, g_Vec)) return not_implemented(ctx);
    VecObject *p = VecObject_AsStruct(ctx, a), *q = VecObject_AsStruct(ctx, b);
    return vec_new(ctx, p->x + q->x, p->y + q->y);
}

/* v * k and k * v, k a number. */
HPyDef_SLOT(Vec_multiply, HPy_nb_multiply)
static HPy Vec_multiply_impl(HPyContext *ctx, HPy a, HPy b)
{
    HPy v = a, k = b;
    if (!is_a(ctx, v, g_Vec)) v = b, k = a;
    if (!is_a(ctx, v, g_Vec) || !HPyNumber_Check(ctx, k)) return not_implemented(ctx);
    double f = HPyFloat_AsDouble(ctx, k);
    if (f == -1.0 && HPyErr_Occurred(ctx)) return HPy_NULL;
    VecObject *p = VecObject_AsStruct(ctx, v);
    return vec_new(ctx, p->x * f, p->y * f);
}

HPyDef_SLOT(Vec_negative, HPy_nb_negative)
static HPy Vec_negative_impl(HPyContext *ctx, HPy self)
{
    VecObject *p = VecObject_AsStruct(ctx, self);
    return vec_new(ctx, -p->x, -p->y);
}

HPyDef_SLOT(Vec_richcompare, HPy_tp_richcompare)
static HPy Vec_richcompare_impl(HPyContext *ctx, HPy a, HPy b, HPy_RichCmpOp op)
{
    if ((op != HPy_EQ && op != HPy_NE) || !is_a(ctx, b, g_Vec)) return not_implemented(ctx);
    VecObject *p = VecObject_AsStruct(ctx, a), *q = VecObject_AsStruct(ctx, b);
    int eq = p->x == q->x && p->y == q->y;
    return HPyBool_FromLong(ctx, op == HPy_EQ ? eq : !eq);
}

HPyDef_METH(Vec_dot, "dot", HPyFunc_O)
static HPy Vec_dot_impl(HPyContext *ctx, HPy self, HPy other)
{
    if (!is_a(ctx, other, g_Vec)) return type_error(ctx, "dot: a Vec expected");
    VecObject *p = VecObject_AsStruct(ctx, self), *q = VecObject_AsStruct(ctx, other);
    return HPyFloat_FromDouble(ctx, p->x * q->x + p->y * q->y);
}

HPyDef_METH(Vec_norm, "norm", HPyFunc_NOARGS)
static HPy Vec_norm_impl(HPyContext *ctx, HPy self)
{
    VecObject *p = VecObject_AsStruct(ctx, self);
    return HPyFloat_FromDouble(ctx, sqrt(p->x * p->x + p->y * p->y));
}

static HPyDef *Vec_defines[] = {
    &Vec_new, &Vec_x, &Vec_y, &Vec_add, &Vec_multiply, &Vec_negative, &Vec_richcompare, &Vec_dot, &Vec_norm, NULL,
};
static HPyType_Spec Vec_spec = {
    .name = "bench_geometry.Vec", .basicsize = sizeof(VecObject), .flags = HPy_TPFLAGS_DEFAULT, .defines = Vec_defines,
};

/* ---- Segment and Box: two Vecs each, through fields ---- */

/* A new instance of the type in `g` holding (a, b) in its two fields. */
static HPy pair_new(HPyContext *ctx, HPyGlobal g, HPy a, HPy b)
{
    HPy cls = HPyGlobal_Load(ctx, g);
    SegmentObject *s; /* Box has the same layout: two fields */
    HPy h = HPy_New(ctx, cls, &s);
    HPy_Close(ctx, cls);
    if (HPy_IsNull(h)) return h;
    HPyField_Store(ctx, h, &s->a, a);
    HPyField_Store(ctx, h, &s->b, b);
    return h;
}

/* Takes (a, b) or a=, b= (the names in kwlist), both Vecs. */
static HPy pair_init(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw, const char *kwlist[])
{
    HPyTracker ht;
    HPy a, b;
    if (!HPyArg_ParseKeywordsDict(ctx, &ht, args, nargs, kw, "OO", kwlist, &a, &b)) return HPy_NULL;
    HPy h = HPy_NULL;
    if (!is_a(ctx, a, g_Vec) || !is_a(ctx, b, g_Vec)) {
        type_error(ctx, "two Vecs expected");
    } else {
        SegmentObject *s;
        h = HPy_New(ctx, cls, &s);
        if (!HPy_IsNull(h)) {
            HPyField_Store(ctx, h, &s->a, a);
            HPyField_Store(ctx, h, &s->b, b);
        }
    }
    HPyTracker_Close(ctx, ht);
    return h;
}

HPyDef_SLOT(Pair_traverse, HPy_tp_traverse)
static int Pair_traverse_impl(void *self, HPyFunc_visitproc visit, void *arg)
{
    HPy_VISIT(&((SegmentObject *)self)->a);
    HPy_VISIT(&((SegmentObject *)self)->b);
    return 0;
}

/* The two Vecs' structs of a Segment or a Box. */
static void pair_load(HPyContext *ctx, HPy self, VecObject **a, VecObject **b)
{
    SegmentObject *s = SegmentObject_AsStruct(ctx, self);
    HPy ha = HPyField_Load(ctx, self, s->a), hb = HPyField_Load(ctx, self, s->b);
    *a = VecObject_AsStruct(ctx, ha);
    *b = VecObject_AsStruct(ctx, hb);
    /* The Vecs stay alive: the fields hold them. */
    HPy_Close(ctx, ha);
    HPy_Close(ctx, hb);
}

HPyDef_SLOT(Segment_new, HPy_tp_new)
static HPy Segment_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    static const char *kwlist[] = { "a", "b", NULL };
    return pair_init(ctx, cls, args, nargs, kw, kwlist);
}

static double segment_length(HPyContext *ctx, HPy self)
{
    VecObject *a, *b;
    pair_load(ctx, self, &a, &b);
    double dx = b->x - a->x, dy = b->y - a->y;
    return sqrt(dx * dx + dy * dy);
}

HPyDef_METH(Segment_length, "length", HPyFunc_NOARGS)
static HPy Segment_length_impl(HPyContext *ctx, HPy self) { return HPyFloat_FromDouble(ctx, segment_length(ctx, self)); }

/* s.lerp(t=0.5): the point at t along the segment. */
HPyDef_METH(Segment_lerp, "lerp", HPyFunc_KEYWORDS)
static HPy Segment_lerp_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs, HPy kwnames)
{
    static const char *kwlist[] = { "t", NULL };
    double t = 0.5;
    if (!HPyArg_ParseKeywords(ctx, NULL, args, nargs, kwnames, "|d", kwlist, &t)) return HPy_NULL;
    VecObject *a, *b;
    pair_load(ctx, self, &a, &b);
    return vec_new(ctx, a->x + (b->x - a->x) * t, a->y + (b->y - a->y) * t);
}

/* Segment + Vec: the segment moved by the vector (two new Vecs). */
HPyDef_SLOT(Segment_add, HPy_nb_add)
static HPy Segment_add_impl(HPyContext *ctx, HPy s, HPy v)
{
    if (!is_a(ctx, s, g_Segment) || !is_a(ctx, v, g_Vec)) return not_implemented(ctx);
    VecObject *a, *b, *d = VecObject_AsStruct(ctx, v);
    pair_load(ctx, s, &a, &b);
    HPy na = vec_new(ctx, a->x + d->x, a->y + d->y);
    HPy nb = vec_new(ctx, b->x + d->x, b->y + d->y);
    HPy r = HPy_IsNull(na) || HPy_IsNull(nb) ? HPy_NULL : pair_new(ctx, g_Segment, na, nb);
    HPy_Close(ctx, na);
    HPy_Close(ctx, nb);
    return r;
}

/* -Segment: the same Vecs, the other way round. */
HPyDef_SLOT(Segment_negative, HPy_nb_negative)
static HPy Segment_negative_impl(HPyContext *ctx, HPy self)
{
    SegmentObject *s = SegmentObject_AsStruct(ctx, self);
    HPy a = HPyField_Load(ctx, self, s->a), b = HPyField_Load(ctx, self, s->b);
    HPy r = pair_new(ctx, g_Segment, b, a);
    HPy_Close(ctx, a);
    HPy_Close(ctx, b);
    return r;
}

static HPyDef *Segment_defines[] = {
    &Segment_new, &Pair_traverse, &Segment_length, &Segment_lerp, &Segment_add, &Segment_negative, NULL,
};
static HPyType_Spec Segment_spec = {
    .name = "bench_geometry.Segment", .basicsize = sizeof(SegmentObject),
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_HAVE_GC, .defines = Segment_defines,
};

HPyDef_SLOT(Box_new, HPy_tp_new)
static HPy Box_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    static const char *kwlist[] = { "lo", "hi", NULL };
    return pair_init(ctx, cls, args, nargs, kw, kwlist);
}

/* Box | Box: the smallest box holding both (two new Vecs). */
HPyDef_SLOT(Box_or, HPy_nb_or)
static HPy Box_or_impl(HPyContext *ctx, HPy p, HPy q)
{
    if (!is_a(ctx, p, g_Box) || !is_a(ctx, q, g_Box)) return not_implemented(ctx);
    VecObject *plo, *phi, *qlo, *qhi;
    pair_load(ctx, p, &plo, &phi);
    pair_load(ctx, q, &qlo, &qhi);
    HPy lo = vec_new(ctx, fmin(plo->x, qlo->x), fmin(plo->y, qlo->y));
    HPy hi = vec_new(ctx, fmax(phi->x, qhi->x), fmax(phi->y, qhi->y));
    HPy r = HPy_IsNull(lo) || HPy_IsNull(hi) ? HPy_NULL : pair_new(ctx, g_Box, lo, hi);
    HPy_Close(ctx, lo);
    HPy_Close(ctx, hi);
    return r;
}

HPyDef_METH(Box_area, "area", HPyFunc_NOARGS)
static HPy Box_area_impl(HPyContext *ctx, HPy self)
{
    VecObject *lo, *hi;
    pair_load(ctx, self, &lo, &hi);
    return HPyFloat_FromDouble(ctx, (hi->x - lo->x) * (hi->y - lo->y));
}

HPyDef_METH(Box_contains, "contains", HPyFunc_O)
static HPy Box_contains_impl(HPyContext *ctx, HPy self, HPy v)
{
    if (!is_a(ctx, v, g_Vec)) return type_error(ctx, "contains: a Vec expected");
    VecObject *lo, *hi, *p = VecObject_AsStruct(ctx, v);
    pair_load(ctx, self, &lo, &hi);
    return HPyBool_FromLong(ctx, p->x >= lo->x && p->x <= hi->x && p->y >= lo->y && p->y <= hi->y);
}

static HPyDef *Box_defines[] = { &Box_new, &Pair_traverse, &Box_or, &Box_area, &Box_contains, NULL };
static HPyType_Spec Box_spec = {
    .name = "bench_geometry.Box", .basicsize = sizeof(BoxObject),
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_HAVE_GC, .defines = Box_defines,
};

/* ---- Polygon: a C++ object behind it (geometry_ring.cc) ---- */

/* A new Polygon owning `ring` (deleted here when HPy_New fails). */
static HPy polygon_wrap(HPyContext *ctx, HPy cls, Ring *ring)
{
    if (!ring) return HPyErr_NoMemory(ctx);
    PolygonObject *p;
    HPy h = HPy_New(ctx, cls, &p);
    if (HPy_IsNull(h)) ring_delete(ring);
    else p->ring = ring;
    return h;
}

/* Polygon(points): a list or tuple of Vecs, walked and copied. */
HPyDef_SLOT(Polygon_new, HPy_tp_new)
static HPy Polygon_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    static const char *kwlist[] = { "points", NULL };
    HPyTracker ht;
    HPy points;
    if (!HPyArg_ParseKeywordsDict(ctx, &ht, args, nargs, kw, "O", kwlist, &points)) return HPy_NULL;
    HPy_ssize_t n = HPy_Length(ctx, points);
    Ring *ring = n < 0 ? NULL : ring_new((size_t)n);
    if (n >= 0 && !ring) HPyErr_NoMemory(ctx);
    HPy vec = HPyGlobal_Load(ctx, g_Vec);
    for (HPy_ssize_t i = 0; ring && i < n; i++) {
        HPy item = HPy_GetItem_i(ctx, points, i);
        if (HPy_IsNull(item) || !HPy_TypeCheck(ctx, item, vec)) {
            if (!HPy_IsNull(item)) type_error(ctx, "Polygon: the points must be Vecs");
            ring_delete(ring);
            ring = NULL;
        } else {
            VecObject *p = VecObject_AsStruct(ctx, item);
            ring_set(ring, (size_t)i, p->x, p->y);
        }
        HPy_Close(ctx, item);
    }
    HPy_Close(ctx, vec);
    HPyTracker_Close(ctx, ht);
    return ring ? polygon_wrap(ctx, cls, ring) : HPy_NULL;
}

/* The C++ destructor, once, when the instance is gone. */
HPyDef_SLOT(Polygon_destroy, HPy_tp_destroy)
static void Polygon_destroy_impl(void *self) { ring_delete(((PolygonObject *)self)->ring); }

HPyDef_METH(Polygon_area, "area", HPyFunc_NOARGS)
static HPy Polygon_area_impl(HPyContext *ctx, HPy self)
{
    return HPyFloat_FromDouble(ctx, ring_area(PolygonObject_AsStruct(ctx, self)->ring));
}

HPyDef_METH(Polygon_perimeter, "perimeter", HPyFunc_NOARGS)
static HPy Polygon_perimeter_impl(HPyContext *ctx, HPy self)
{
    return HPyFloat_FromDouble(ctx, ring_perimeter(PolygonObject_AsStruct(ctx, self)->ring));
}

HPyDef_METH(Polygon_contains, "contains", HPyFunc_O)
static HPy Polygon_contains_impl(HPyContext *ctx, HPy self, HPy v)
{
    if (!is_a(ctx, v, g_Vec)) return type_error(ctx, "contains: a Vec expected");
    VecObject *q = VecObject_AsStruct(ctx, v);
    return HPyBool_FromLong(ctx, ring_contains(PolygonObject_AsStruct(ctx, self)->ring, q->x, q->y));
}

/* Polygon + Vec: a new polygon (a new C++ object), moved by the vector. */
HPyDef_SLOT(Polygon_add, HPy_nb_add)
static HPy Polygon_add_impl(HPyContext *ctx, HPy a, HPy v)
{
    if (!is_a(ctx, a, g_Polygon) || !is_a(ctx, v, g_Vec)) return not_implemented(ctx);
    VecObject *d = VecObject_AsStruct(ctx, v);
    HPy cls = HPyGlobal_Load(ctx, g_Polygon);
    HPy h = polygon_wrap(ctx, cls, ring_moved(PolygonObject_AsStruct(ctx, a)->ring, d->x, d->y));
    HPy_Close(ctx, cls);
    return h;
}

static HPyDef *Polygon_defines[] = {
    &Polygon_new, &Polygon_destroy, &Polygon_area, &Polygon_perimeter, &Polygon_contains, &Polygon_add, NULL,
};
static HPyType_Spec Polygon_spec = {
    .name = "bench_geometry.Polygon", .basicsize = sizeof(PolygonObject), .flags = HPy_TPFLAGS_DEFAULT,
    .defines = Polygon_defines,
};

/* ---- module ---- */

/* total_length(segments): the sum of the lengths of a list of Segments. */
HPyDef_METH(total_length, "total_length", HPyFunc_O)
static HPy total_length_impl(HPyContext *ctx, HPy self, HPy segments)
{
    HPy_ssize_t n = HPy_Length(ctx, segments);
    if (n < 0) return HPy_NULL;
    HPy cls = HPyGlobal_Load(ctx, g_Segment);
    double s = 0;
    int ok = 1;
    for (HPy_ssize_t i = 0; ok && i < n; i++) {
        HPy item = HPy_GetItem_i(ctx, segments, i);
        ok = !HPy_IsNull(item) && HPy_TypeCheck(ctx, item, cls);
        if (ok) s += segment_length(ctx, item);
        else if (!HPy_IsNull(item)) type_error(ctx, "total_length: Segments expected");
        HPy_Close(ctx, item);
    }
    HPy_Close(ctx, cls);
    return ok ? HPyFloat_FromDouble(ctx, s) : HPy_NULL;
}

static int add_type(HPyContext *ctx, HPy m, const char *name, HPyType_Spec *spec, HPyGlobal *g)
{
    HPy cls = HPyType_FromSpec(ctx, spec, NULL);
    if (HPy_IsNull(cls)) return -1;
    HPyGlobal_Store(ctx, g, cls);
    int r = HPy_SetAttr_s(ctx, m, name, cls);
    HPy_Close(ctx, cls);
    return r;
}

HPyDef_SLOT(geometry_exec, HPy_mod_exec)
static int geometry_exec_impl(HPyContext *ctx, HPy m)
{
    return add_type(ctx, m, "Vec", &Vec_spec, &g_Vec) || add_type(ctx, m, "Segment", &Segment_spec, &g_Segment) ||
           add_type(ctx, m, "Box", &Box_spec, &g_Box) || add_type(ctx, m, "Polygon", &Polygon_spec, &g_Polygon)
        ? -1 : 0;
}

static HPyDef *module_defines[] = { &geometry_exec, &total_length, NULL };
static HPyGlobal *module_globals[] = { &g_Vec, &g_Segment, &g_Box, &g_Polygon, NULL };
static HPyModuleDef moduledef = {
    .doc = "figure 13's geometry library",
    .defines = module_defines,
    .globals = module_globals,
};
HPy_MODINIT(bench_geometry, moduledef)
