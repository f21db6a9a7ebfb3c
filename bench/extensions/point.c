/* Figure 10: the Point of issue 11 as an HPy type (tp_new reading two
 * floats, a double member, a method), to compare with the same class written
 * by hand with node-addon-api's ObjectWrap (bench/napi-floor/add.cc). */
#include "hpy.h"

typedef struct { double x; double y; } PointObject;
HPyType_HELPERS(PointObject)

HPyDef_SLOT(Point_new, HPy_tp_new)
static HPy Point_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    if (nargs != 2) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "Point(x, y): two numbers expected");
        return HPy_NULL;
    }
    double x = HPyFloat_AsDouble(ctx, args[0]), y = HPyFloat_AsDouble(ctx, args[1]);
    if ((x == -1.0 || y == -1.0) && HPyErr_Occurred(ctx))
        return HPy_NULL;
    PointObject *p;
    HPy h = HPy_New(ctx, cls, &p);
    if (HPy_IsNull(h))
        return HPy_NULL;
    p->x = x;
    p->y = y;
    return h;
}

HPyDef_MEMBER(Point_x, "x", HPyMember_DOUBLE, offsetof(PointObject, x))
HPyDef_MEMBER(Point_y, "y", HPyMember_DOUBLE, offsetof(PointObject, y))

HPyDef_METH(Point_sum, "sum", HPyFunc_NOARGS)
static HPy Point_sum_impl(HPyContext *ctx, HPy self)
{
    PointObject *p = PointObject_AsStruct(ctx, self);
    return HPyFloat_FromDouble(ctx, p->x + p->y);
}

static HPyDef *Point_defines[] = { &Point_new, &Point_x, &Point_y, &Point_sum, NULL };
static HPyType_Spec Point_spec = {
    .name = "bench_point.Point", .basicsize = sizeof(PointObject), .defines = Point_defines,
};

HPyDef_SLOT(point_exec, HPy_mod_exec)
static int point_exec_impl(HPyContext *ctx, HPy m)
{
    return HPyHelpers_AddType(ctx, m, "Point", &Point_spec, NULL) ? 0 : -1;
}

static HPyDef *module_defines[] = { &point_exec, NULL };
static HPyModuleDef moduledef = { .doc = "figure 10's Point", .defines = module_defines };
HPy_MODINIT(bench_point, moduledef)
