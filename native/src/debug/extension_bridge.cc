// Calls into a type's C functions (core/extension_call) for modules in debug
// mode: the same HandleBridge as module methods, so a slot, getter or
// tp_new gets debug handles and a fresh context, and its misuse is reported.
#include <vector>
#include "debug_mode.h"
#include "../core/extension_call.h"
#include "../core/handles.h"

namespace {
ExtensionResult debug_extension_call(const ExtensionCall &k) {
  // tp_destroy has no context (and no handles); other modes' contexts pass.
  DebugModule *dm = k.ctx ? hpy_debug_module_of(k.ctx) : nullptr;
  if (!dm) return hpy_extension_call_direct(k);
  HandleBridge bridge(dm, dm->outer);
  ExtensionCall b = k;
  b.ctx = bridge.ctx();
  b.a = bridge.arg(k.a);
  b.b = bridge.arg(k.b);
  b.c = bridge.arg(k.c);
  b.kw = bridge.arg(k.kw);
  std::vector<HPy> args;
  if (k.args) {
    args.reserve(k.nargs);
    for (size_t i = 0; i < k.nargs; i++) args.push_back(bridge.arg(k.args[i]));
    b.args = args.data();
  }
  ExtensionResult r = hpy_extension_call_direct(b);
  bool returns_handle = hpy_extension_returns_handle(k.sig);
  if (returns_handle) r.h = bridge.result(r.h);
  if (!bridge.end()) {
    if (!returns_handle) {
      r.size = -1;  // every integer result reads -1: the failure value of each
    } else if (!HPy_IsNull(r.h)) {
      if (ThreadState *ts = t_state; ts && hpy_entry(ts, r.h)) hpy_close(ts, r.h);
      r.h = HPy_NULL;
    }
  }
  return r;
}
}  // namespace

void hpy_debug_install_extension_call_hook() { hpy_set_extension_call_hook(debug_extension_call); }
