/* The example of HPy's trace-mode documentation, with its braces restored.
 * Build: npx hpy-node build examples/snippets.c -o build/snippets.hpy.so */
#include "hpy.h"

HPyDef_METH(add, "add", HPyFunc_VARARGS)
static HPy add_impl(HPyContext *ctx, HPy self, HPy *args, HPy_ssize_t nargs)
{
    if (nargs != 2) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "expected exactly two args");
        return HPy_NULL;
    }
    return HPy_Add(ctx, args[0], args[1]);
}

static HPyDef *module_defines[] = { &add, NULL };

static HPyModuleDef moduledef = {
    .doc = "Snippets from HPy's documentation",
    .defines = module_defines,
};

HPy_MODINIT(snippets, moduledef)
