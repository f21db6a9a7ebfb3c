#include "unsupported.h"
#include "errors.h"
#include "names.h"

void hpy_raise_unsupported(ThreadState *ts, int fn_id) {
  hpy_err_raise(ts, hpy_h::NotImplementedError,
                "%s is not supported by hpy-node yet: the extension called an HPy API function this host does not "
                "implement", hpy_ctx_function_names[fn_id]);
}
