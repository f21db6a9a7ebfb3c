/* An object-heavy extension for `hpy-node top` and `hpy-node profile`: a 2-D
 * vector type whose arithmetic makes a new object per operation (HPy_New),
 * and a module function that folds a list of vectors with HPy_Add from C, so
 * that the profile shows entries nested in entries. */
#include "hpy.h"
#include <math.h>

typedef struct { double x; double y; } VecObject;
HPyType_HELPERS(VecObject)

static HPy new_vec(HPyContext *ctx, HPy type, double x, double y)
{
    VecObject *v;
    HPy h = HPy_New(ctx, type, &v);
    if (HPy_IsNull(h))
        return HPy_NULL;
    v->x = x;
    v->y = y;
    return h;
}

HPyDef_SLOT(Vec_new, HPy_tp_new)
static HPy Vec_new_impl(HPyContext *ctx, HPy cls, const HPy *args, HPy_ssize_t nargs, HPy kw)
{
    double x = nargs > 0 ? HPyFloat_AsDouble(ctx, args[0]) : 0;
    double y = nargs > 1 ? HPyFloat_AsDouble(ctx, args[1]) : 0;
    if (HPyErr_Occurred(ctx))
        return HPy_NULL;
    return new_vec(ctx, cls, x, y);
}

HPyDef_SLOT(Vec_add, HPy_nb_add)
static HPy Vec_add_impl(HPyContext *ctx, HPy a, HPy b)
{
    HPy type = HPy_Type(ctx, a);
    VecObject *va = VecObject_AsStruct(ctx, a);
    VecObject *vb = VecObject_AsStruct(ctx, b);
    HPy r = new_vec(ctx, type, va->x + vb->x, va->y + vb->y);
    HPy_Close(ctx, type);
    return r;
}

HPyDef_SLOT(Vec_multiply, HPy_nb_multiply)
static HPy Vec_multiply_impl(HPyContext *ctx, HPy a, HPy b)
{
    double k = HPyFloat_AsDouble(ctx, b);
    if (HPyErr_Occurred(ctx))
        return HPy_NULL;
    HPy type = HPy_Type(ctx, a);
    VecObject *v = VecObject_AsStruct(ctx, a);
    HPy r = new_vec(ctx, type, v->x * k, v->y * k);
    HPy_Close(ctx, type);
    return r;
}

HPyDef_METH(Vec_length, "length", HPyFunc_NOARGS)
static HPy Vec_length_impl(HPyContext *ctx, HPy self)
{
    VecObject *v = VecObject_AsStruct(ctx, self);
    return HPyFloat_FromDouble(ctx, sqrt(v->x * v->x + v->y * v->y));
}

HPyDef_GETSET(Vec_x, "x")
static HPy Vec_x_get(HPyContext *ctx, HPy self, void *closure)
{
    return HPyFloat_FromDouble(ctx, VecObject_AsStruct(ctx, self)->x);
}
static int Vec_x_set(HPyContext *ctx, HPy self, HPy value, void *closure)
{
    double x = HPyFloat_AsDouble(ctx, value);
    if (HPyErr_Occurred(ctx))
        return -1;
    VecObject_AsStruct(ctx, self)->x = x;
    return 0;
}

HPyDef_GETSET(Vec_y, "y")
static HPy Vec_y_get(HPyContext *ctx, HPy self, void *closure)
{
    return HPyFloat_FromDouble(ctx, VecObject_AsStruct(ctx, self)->y);
}
static int Vec_y_set(HPyContext *ctx, HPy self, HPy value, void *closure)
{
    double y = HPyFloat_AsDouble(ctx, value);
    if (HPyErr_Occurred(ctx))
        return -1;
    VecObject_AsStruct(ctx, self)->y = y;
    return 0;
}

static HPyDef *Vec_defines[] = { &Vec_new, &Vec_add, &Vec_multiply, &Vec_length, &Vec_x, &Vec_y, NULL };
static HPyType_Spec Vec_spec = {
    .name = "vector.Vec",
    .basicsize = sizeof(VecObject),
    .builtin_shape = SHAPE(VecObject),
    .defines = Vec_defines,
};

HPyDef_SLOT(vector_exec, HPy_mod_exec)
static int vector_exec_impl(HPyContext *ctx, HPy m)
{
    return HPyHelpers_AddType(ctx, m, "Vec", &Vec_spec, NULL) ? 0 : -1;
}

/* sum(vectors, start): start + vectors[0] + ...; each + is an HPy_Add, which
 * runs Vec's nb_add: an entry inside this one. */
HPyDef_METH(sum, "sum", HPyFunc_VARARGS, .doc = "sum(vectors, start): start plus every vector of the list")
static HPy sum_impl(HPyContext *ctx, HPy self, const HPy *args, size_t nargs)
{
    if (nargs != 2) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "sum() expects (vectors, start)");
        return HPy_NULL;
    }
    HPy_ssize_t n = HPy_Length(ctx, args[0]);
    if (n < 0)
        return HPy_NULL;
    HPy total = HPy_Dup(ctx, args[1]);
    for (HPy_ssize_t i = 0; i < n; i++) {
        HPy item = HPy_GetItem_i(ctx, args[0], i);
        if (HPy_IsNull(item)) {
            HPy_Close(ctx, total);
            return HPy_NULL;
        }
        HPy next = HPy_Add(ctx, total, item);
        HPy_Close(ctx, item);
        HPy_Close(ctx, total);
        if (HPy_IsNull(next))
            return HPy_NULL;
        total = next;
    }
    return total;
}

static HPyDef *module_defines[] = { &vector_exec, &sum, NULL };
static HPyModuleDef moduledef = {
    .doc = "A 2-D vector type: an object per operation",
    .defines = module_defines,
};

HPy_MODINIT(vector, moduledef)
