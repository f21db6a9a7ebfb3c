/* Figure 12: what tp_finalize and the buffer slots cost. Two types that
 * differ only in tp_finalize (Plain: tp_destroy; Fin: tp_destroy and
 * tp_finalize reading its struct), and Arr exporting 32 bytes. */
#include "hpy.h"

typedef struct { long v; } CellObject;
HPyType_HELPERS(CellObject)

static long destroyed, finalized;

HPyDef_SLOT(Cell_destroy, HPy_tp_destroy)
static void Cell_destroy_impl(void *obj) { destroyed += ((CellObject *)obj)->v >= 0; }

HPyDef_SLOT(Cell_finalize, HPy_tp_finalize)
static void Cell_finalize_impl(HPyContext *ctx, HPy self) { finalized += CellObject_AsStruct(ctx, self)->v >= 0; }

static HPyDef *Plain_defines[] = { &Cell_destroy, NULL };
static HPyType_Spec Plain_spec = { .name = "bench_lifecycle.Plain", .basicsize = sizeof(CellObject), .defines = Plain_defines };
static HPyDef *Fin_defines[] = { &Cell_destroy, &Cell_finalize, NULL };
static HPyType_Spec Fin_spec = { .name = "bench_lifecycle.Fin", .basicsize = sizeof(CellObject), .defines = Fin_defines };

typedef struct { double data[4]; } ArrObject;
HPyType_HELPERS(ArrObject)
static HPy_ssize_t arr_shape[1] = {4};

HPyDef_SLOT(Arr_getbuffer, HPy_bf_getbuffer)
static int Arr_getbuffer_impl(HPyContext *ctx, HPy self, HPy_buffer *buf, int flags)
{
    buf->buf = ArrObject_AsStruct(ctx, self)->data;
    buf->len = sizeof(double) * 4;
    buf->itemsize = sizeof(double);
    buf->readonly = 0;
    buf->ndim = 1;
    buf->format = (char *)"d";
    buf->shape = arr_shape;
    buf->strides = NULL;
    buf->suboffsets = NULL;
    buf->obj = HPy_Dup(ctx, self);
    return 0;
}

HPyDef_SLOT(Arr_releasebuffer, HPy_bf_releasebuffer)
static void Arr_releasebuffer_impl(HPyContext *ctx, HPy self, HPy_buffer *buf) { }

static HPyDef *Arr_defines[] = { &Arr_getbuffer, &Arr_releasebuffer, NULL };
static HPyType_Spec Arr_spec = { .name = "bench_lifecycle.Arr", .basicsize = sizeof(ArrObject), .defines = Arr_defines };

HPyDef_SLOT(lifecycle_exec, HPy_mod_exec)
static int lifecycle_exec_impl(HPyContext *ctx, HPy m)
{
    return HPyHelpers_AddType(ctx, m, "Plain", &Plain_spec, NULL) && HPyHelpers_AddType(ctx, m, "Fin", &Fin_spec, NULL) &&
           HPyHelpers_AddType(ctx, m, "Arr", &Arr_spec, NULL) ? 0 : -1;
}

HPyDef_METH(destroyed_total, "destroyed_total", HPyFunc_NOARGS)
static HPy destroyed_total_impl(HPyContext *ctx, HPy self) { return HPyLong_FromLong(ctx, destroyed); }

HPyDef_METH(finalized_total, "finalized_total", HPyFunc_NOARGS)
static HPy finalized_total_impl(HPyContext *ctx, HPy self) { return HPyLong_FromLong(ctx, finalized); }

static HPyDef *module_defines[] = { &lifecycle_exec, &destroyed_total, &finalized_total, NULL };
static HPyModuleDef moduledef = { .doc = "figure 12's types", .defines = module_defines };
HPy_MODINIT(bench_lifecycle, moduledef)
