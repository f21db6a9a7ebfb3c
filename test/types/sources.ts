// C sources shared by the type tests.

/** The Point of issue 11: tp_new, two members (y read-only), two methods,
 * added by HPyHelpers_AddType in HPy_mod_exec. */
export const POINT_SRC = `
typedef struct { double x; double y; } PointObject;
HPyType_HELPERS(PointObject)

HPyDef_SLOT(Point_new, HPy_tp_new)
static HPy Point_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    double x = 0, y = 0;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "|dd", &x, &y))
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
HPyDef_MEMBER(Point_y, "y", HPyMember_DOUBLE, offsetof(PointObject, y), .readonly = 1)

HPyDef_METH(Point_sum, "sum", HPyFunc_NOARGS)
static HPy Point_sum_impl(HPyContext *ctx, HPy self)
{
    PointObject *p = PointObject_AsStruct(ctx, self);
    return HPyFloat_FromDouble(ctx, p->x + p->y);
}

HPyDef_METH(Point_scale, "scale", HPyFunc_O)
static HPy Point_scale_impl(HPyContext *ctx, HPy self, HPy arg)
{
    double k = HPyFloat_AsDouble(ctx, arg);
    if (k == -1.0 && HPyErr_Occurred(ctx))
        return HPy_NULL;
    PointObject *p = PointObject_AsStruct(ctx, self);
    PointObject *q;
    HPy h = HPy_New(ctx, HPy_Type(ctx, self), &q);
    if (HPy_IsNull(h))
        return HPy_NULL;
    q->x = p->x * k;
    q->y = p->y * k;
    return h;
}

static HPyDef *Point_defines[] = { &Point_new, &Point_x, &Point_y, &Point_sum, &Point_scale, NULL };
static HPyType_Spec Point_spec = {
    .name = "mytest.Point",
    .basicsize = sizeof(PointObject),
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_BASETYPE,
    .builtin_shape = SHAPE(PointObject),
    .defines = Point_defines,
    .doc = "a point",
};

HPyDef_SLOT(mod_exec, HPy_mod_exec)
static int mod_exec_impl(HPyContext *ctx, HPy m)
{
    return HPyHelpers_AddType(ctx, m, "Point", &Point_spec, NULL) ? 0 : -1;
}

HPyDef_METH(get_name, "get_name", HPyFunc_O)
static HPy get_name_impl(HPyContext *ctx, HPy self, HPy t)
{
    const char *name = HPyType_GetName(ctx, t);
    return name ? HPyUnicode_FromString(ctx, name) : HPy_NULL;
}

HPyDef_METH(make, "make", HPyFunc_VARARGS)
static HPy make_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    PointObject *p;
    HPy h = HPy_New(ctx, args[0], &p);
    if (HPy_IsNull(h))
        return HPy_NULL;
    p->x = HPyFloat_AsDouble(ctx, args[1]);
    p->y = 7;
    return h;
}
`;
