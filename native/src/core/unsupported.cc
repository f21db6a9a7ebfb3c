#include "unsupported.h"
#include <cstring>
#include "errors.h"
#include "names.h"

void hpy_raise_unsupported(ThreadState *ts, int fn_id) {
  const char *name = hpy_ctx_function_names[fn_id];
  // HPy_AsPyObject/HPy_FromPyObject convert between handles and CPython's
  // PyObject*, for extensions that mix HPy with the CPython C API. There is
  // no CPython in hpy-node, so these can never be provided.
  if (strcmp(name, "ctx_AsPyObject") == 0 || strcmp(name, "ctx_FromPyObject") == 0) {
    hpy_err_raise(ts, hpy_h::NotImplementedError,
                  "%s is not supported by hpy-node, and never will be: hpy-node runs HPy on JavaScript values, with "
                  "no CPython and so no PyObject* to convert to or from (the extension mixes HPy with the CPython C "
                  "API; only its pure HPy parts can run here)",
                  name);
    return;
  }
  hpy_err_raise(ts, hpy_h::NotImplementedError,
                "%s is not supported by hpy-node yet: the extension called an HPy API function this host does not "
                "implement",
                name);
}
