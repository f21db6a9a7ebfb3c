// HPyImport_ImportModule: Node's module resolution. The name is resolved as
// require() would from the current working directory (helper importModule);
// a missing module is ModuleNotFoundError, as in Python.
#include "autogen_universal.h"
#include "support.h"

HPy hpy_u_Import_ImportModule(HPyContext *ctx, const char *utf8_name) {
  HPY_STATE_OR(HPy_NULL);
  napi_value name = hpy_string(ts, utf8_name);
  if (!name) return HPy_NULL;
  napi_value m = hpy_call_helper(ts, HELPER_importModule, 1, &name);
  return m ? hpy_new(ts, m) : HPy_NULL;
}
