/* Figure 13 (b): the object model's context calls, each in a C loop, so a
 * call costs what it costs to C code with no JavaScript or Python between
 * two calls. The same source is built by hpy-node's CLI for hpy-node and
 * against HPy 0.9.0's headers for CPython (bench/figures/f13-hpy.ts).
 *
 * Every loop returns a sum its caller checks, and every call goes through
 * the context's function pointers into another shared object, so none can
 * be removed. loop_empty is the loop alone, subtracted by the figure.
 *
 * Obj is a type as real extensions write one: a struct with a double and an
 * HPyField, HPy_TPFLAGS_HAVE_GC with tp_traverse (CPython needs it for the
 * field), tp_destroy counting the instances gone (HPy_New's loop waits for
 * them, so that it pays for collecting what it made), kept in an HPyGlobal.
 */
#include "hpy.h"

typedef struct {
    double x;
    HPyField f;
} ObjObject;
HPyType_HELPERS(ObjObject)

static HPyGlobal g_Obj;
static long destroyed;

HPyDef_SLOT(Obj_traverse, HPy_tp_traverse)
static int Obj_traverse_impl(void *self, HPyFunc_visitproc visit, void *arg)
{
    HPy_VISIT(&((ObjObject *)self)->f);
    return 0;
}

HPyDef_SLOT(Obj_destroy, HPy_tp_destroy)
static void Obj_destroy_impl(void *self) { destroyed++; }

HPyDef_MEMBER(Obj_x, "x", HPyMember_DOUBLE, offsetof(ObjObject, x))

static HPyDef *Obj_defines[] = { &Obj_traverse, &Obj_destroy, &Obj_x, NULL };
static HPyType_Spec Obj_spec = {
    .name = "bench_objects.Obj",
    .basicsize = sizeof(ObjObject),
    .flags = HPy_TPFLAGS_DEFAULT | HPy_TPFLAGS_HAVE_GC,
    .defines = Obj_defines,
};

#include "c_loops.h"

/* The loop alone: returns n. */
LOOP(loop_empty)
{
    NEED(1)
    for (long i = 0; i < n; i++) sum += 1.0;
    return result(ctx, sum);
}

/* HPy_New + HPy_Close from C: returns n. */
LOOP(loop_new)
{
    NEED(1)
    HPy cls = HPyGlobal_Load(ctx, g_Obj);
    for (long i = 0; i < n; i++) {
        ObjObject *data;
        HPy h = HPy_New(ctx, cls, &data);
        if (HPy_IsNull(h)) break;
        data->x = 1.0;
        sum += data->x;
        HPy_Close(ctx, h);
    }
    HPy_Close(ctx, cls);
    return result(ctx, sum);
}

/* HPy_AsStruct_Object (the HPyType_HELPERS accessor): returns n * obj.x. */
LOOP(loop_asstruct)
{
    NEED(2)
    for (long i = 0; i < n; i++) sum += ObjObject_AsStruct(ctx, args[1])->x;
    return result(ctx, sum);
}

/* HPy_TypeCheck against the type loaded once: returns n for an Obj. */
LOOP(loop_typecheck)
{
    NEED(2)
    HPy cls = HPyGlobal_Load(ctx, g_Obj);
    for (long i = 0; i < n; i++) sum += HPy_TypeCheck(ctx, args[1], cls);
    HPy_Close(ctx, cls);
    return result(ctx, sum);
}

/* HPyField_Store of args[2] into obj's field: returns n. */
LOOP(loop_field_store)
{
    NEED(3)
    ObjObject *data = ObjObject_AsStruct(ctx, args[1]);
    for (long i = 0; i < n; i++) {
        HPyField_Store(ctx, args[1], &data->f, args[2]);
        sum += 1.0;
    }
    return result(ctx, sum);
}

/* HPyField_Load + HPy_Close: returns n when the field is set. */
LOOP(loop_field_load)
{
    NEED(2)
    ObjObject *data = ObjObject_AsStruct(ctx, args[1]);
    for (long i = 0; i < n; i++) {
        HPy h = HPyField_Load(ctx, args[1], data->f);
        sum += !HPy_IsNull(h);
        HPy_Close(ctx, h);
    }
    return result(ctx, sum);
}

/* HPyGlobal_Load + HPy_Close: returns n. */
LOOP(loop_global_load)
{
    NEED(1)
    for (long i = 0; i < n; i++) {
        HPy h = HPyGlobal_Load(ctx, g_Obj);
        sum += !HPy_IsNull(h);
        HPy_Close(ctx, h);
    }
    return result(ctx, sum);
}

/* HPyTuple_FromArray of (a, b) + HPy_Close: returns n. */
LOOP(loop_tuple_array)
{
    NEED(3)
    for (long i = 0; i < n; i++) {
        HPy t = HPyTuple_FromArray(ctx, (HPy *)&args[1], 2);
        sum += !HPy_IsNull(t);
        HPy_Close(ctx, t);
    }
    return result(ctx, sum);
}

/* HPyTupleBuilder_New, two _Set, _Build + HPy_Close: returns n. */
LOOP(loop_tuple_builder)
{
    NEED(3)
    for (long i = 0; i < n; i++) {
        HPyTupleBuilder b = HPyTupleBuilder_New(ctx, 2);
        HPyTupleBuilder_Set(ctx, b, 0, args[1]);
        HPyTupleBuilder_Set(ctx, b, 1, args[2]);
        HPy t = HPyTupleBuilder_Build(ctx, b);
        sum += !HPy_IsNull(t);
        HPy_Close(ctx, t);
    }
    return result(ctx, sum);
}

/* HPy_GetItem_i(t, 0) + HPy_Close + HPyFloat_AsDouble: returns n * t[0]. */
LOOP(loop_getitem_i)
{
    NEED(2)
    for (long i = 0; i < n; i++) {
        HPy h = HPy_GetItem_i(ctx, args[1], 0);
        sum += HPyFloat_AsDouble(ctx, h);
        HPy_Close(ctx, h);
    }
    return result(ctx, sum);
}

/* HPyFloat_AsDouble: returns n * x. */
LOOP(loop_float_as)
{
    NEED(2)
    for (long i = 0; i < n; i++) sum += HPyFloat_AsDouble(ctx, args[1]);
    return result(ctx, sum);
}

/* HPyFloat_FromDouble + HPy_Close: returns n. */
LOOP(loop_float_from)
{
    NEED(1)
    for (long i = 0; i < n; i++) {
        HPy h = HPyFloat_FromDouble(ctx, 0.5);
        sum += 2 * !HPy_IsNull(h) * 0.5;
        HPy_Close(ctx, h);
    }
    return result(ctx, sum);
}

HPyDef_METH(destroyed_total, "destroyed_total", HPyFunc_NOARGS)
static HPy destroyed_total_impl(HPyContext *ctx, HPy self) { return HPyFloat_FromDouble(ctx, (double)destroyed); }

HPyDef_SLOT(objects_exec, HPy_mod_exec)
static int objects_exec_impl(HPyContext *ctx, HPy m)
{
    HPy cls = HPyType_FromSpec(ctx, &Obj_spec, NULL);
    if (HPy_IsNull(cls)) return -1;
    HPyGlobal_Store(ctx, &g_Obj, cls);
    int r = HPy_SetAttr_s(ctx, m, "Obj", cls);
    HPy_Close(ctx, cls);
    return r;
}

static HPyDef *module_defines[] = {
    &objects_exec, &loop_empty, &loop_new, &loop_asstruct, &loop_typecheck, &loop_field_store, &loop_field_load,
    &loop_global_load, &loop_tuple_array, &loop_tuple_builder, &loop_getitem_i, &loop_float_as, &loop_float_from,
    &destroyed_total, NULL,
};
static HPyGlobal *module_globals[] = { &g_Obj, NULL };
static HPyModuleDef moduledef = { .doc = "figure 13's object-model loops", .defines = module_defines, .globals = module_globals };
HPy_MODINIT(bench_objects, moduledef)
