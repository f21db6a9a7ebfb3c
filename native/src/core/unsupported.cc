#include "unsupported.h"
#include "errors.h"
#include "names.h"

void hpy_raise_unsupported(HPyContext *ctx, int fn_id) {
  (void)ctx;
  const char *name = hpy_ctx_function_names[fn_id];
  ThreadState *ts = hpy_state(name);
  if (!ts) return;
  hpy_err_raise(ts, g_universal_ctx.h_NotImplementedError,
                "%s is not supported by hpy-node yet: the extension called an HPy API function this host does not "
                "implement", name);
}
