/* Instruction counts of the object model (BENCHMARKS.md, "Instances through
 * V8's own API"): C loops of one context call each, a constructor and a
 * method, for callgrind (object-model.js runs one of them). */
#include "hpy.h"
typedef struct { double x; HPyField a; HPyField b; } NodeObject;
HPyType_HELPERS(NodeObject)
static HPyGlobal g_type;
static HPyType_Spec Node_spec;

HPyDef_METH(setup, "setup", HPyFunc_O)
static HPy setup_impl(HPyContext *ctx, HPy self, HPy t) { HPyGlobal_Store(ctx, &g_type, t); return HPy_Dup(ctx, ctx->h_None); }

#define LOOP(name, body) \
HPyDef_METH(name, #name, HPyFunc_O) \
static HPy name##_impl(HPyContext *ctx, HPy self, HPy arg) { \
  long n = HPyLong_AsLong(ctx, arg); HPy T = HPyGlobal_Load(ctx, g_type); NodeObject *p; \
  HPy o = HPy_New(ctx, T, &p); long acc = 0; \
  for (long i = 0; i < n; i++) { body } \
  HPy_Close(ctx, o); HPy_Close(ctx, T); return HPyLong_FromLong(ctx, acc); }

LOOP(l_new, { NodeObject *q; HPy h = HPy_New(ctx, T, &q); acc += q != NULL; HPy_Close(ctx, h); })
LOOP(l_asstruct, { acc += NodeObject_AsStruct(ctx, o) == p; })
LOOP(l_typecheck, { acc += HPy_TypeCheck(ctx, o, T); })
LOOP(l_store, { HPyField_Store(ctx, o, &p->a, T); acc++; })
LOOP(l_load, { if (i == 0) HPyField_Store(ctx, o, &p->a, T); HPy h = HPyField_Load(ctx, o, p->a); acc += !HPy_IsNull(h); HPy_Close(ctx, h); })
LOOP(l_global, { HPy h = HPyGlobal_Load(ctx, g_type); acc += !HPy_IsNull(h); HPy_Close(ctx, h); })
LOOP(l_empty, { acc++; })

HPyDef_METH(Node_sum, "sum", HPyFunc_NOARGS)
static HPy Node_sum_impl(HPyContext *ctx, HPy self) { return HPyFloat_FromDouble(ctx, NodeObject_AsStruct(ctx, self)->x); }

static HPyDef *Node_defines[] = { &Node_sum, NULL };
static HPyType_Spec Node_spec = { .name = "object_model.Node", .basicsize = sizeof(NodeObject), .defines = Node_defines };

HPyDef_SLOT(om_exec, HPy_mod_exec)
static int om_exec_impl(HPyContext *ctx, HPy m) { return HPyHelpers_AddType(ctx, m, "Node", &Node_spec, NULL) ? 0 : -1; }
static HPyDef *module_defines[] = { &om_exec, &setup, &l_new, &l_asstruct, &l_typecheck, &l_store, &l_load, &l_global, &l_empty, NULL };
static HPyModuleDef moduledef = { .doc = "om", .defines = module_defines };
HPy_MODINIT(object_model, moduledef)
