// The one debug adapter: every call from the host into extension code of a
// module in debug mode (module functions and slots, and the slots, methods,
// getters, setters, tp_new/tp_init and tp_destroy of its types) goes
// through core/extension_call's hook, installed here. Each such call:
//
//   - gets a fresh context (the previous one stops being valid, so a context
//     kept from an earlier call is recognised); composed with trace mode, a
//     copy of the trace context whose wrappers call this call's debug one;
//   - sees each argument as a debug handle that is closed when the call
//     returns (the extension only borrows it; closing it is reported);
//   - has its result checked (a closed handle or an undup'ed constant is an
//     error) and turned back into the universal handle it wraps;
//   - fails with a SystemError naming its first misuse.
#include <string>
#include <vector>
#include "debug_mode.h"
#include "debug_handles.h"
#include "../core/errors.h"
#include "../core/extension_call.h"
#include "../core/handles.h"

namespace {

class DebugCall {
 public:
  explicit DebugCall(DebugModule *dm);
  HPyContext *ctx() const { return ctx_; }
  HPy arg(HPy uh);
  HPy result(HPy h);
  /* False when the call misused handles or contexts: the HPy error is set to
   * the report and the call must fail. */
  bool end();

 private:
  DebugModule *dm_;
  HPyContext *ctx_ = nullptr;
  DebugThread *dt_ = nullptr;
  HPyContext *saved_ctx_ = nullptr;
  const DebugModule *saved_module_ = nullptr;
  std::string saved_violation_;
  std::vector<HPy> args_;
};

DebugCall::DebugCall(DebugModule *dm) : dm_(dm) {
  dt_ = hpy_debug_thread();
  saved_ctx_ = dt_->current_ctx;
  saved_module_ = dt_->current_module;
  saved_violation_.swap(dt_->violation);
  // A context of its own for this call, so one kept from an earlier call is
  // recognised. Composed with trace mode, the extension gets a copy of the
  // trace context whose wrappers call this call's debug context.
  uint32_t slot = dm->ring_next.fetch_add(1, std::memory_order_relaxed) % kDebugContextRing;
  HPyContext *debug_ctx;
  if (dm->composed) {
    std::call_once(dm->pairs_once, [dm] {
      dm->pairs = new HPyContext[2 * kDebugContextRing];
      for (int i = 0; i < kDebugContextRing; i++) {
        dm->pairs[2 * i] = *dm->outer;
        dm->pairs[2 * i + 1] = dm->base;
      }
    });
    ctx_ = &dm->pairs[2 * slot];
    debug_ctx = ctx_ + 1;
  } else {
    debug_ctx = dm->ring[slot];
    ctx_ = debug_ctx;
  }
  dt_->current_ctx = debug_ctx;
  dt_->current_module = dm;
}

HPy DebugCall::arg(HPy uh) {
  HPy dh = hpy_debug_open(dt_, dm_, uh);
  if (dh._i != 0) args_.push_back(dh);
  return dh;
}

HPy DebugCall::result(HPy h) {
  if (h._i == 0) return h;
  if (hpy_is_constant(h)) {
    hpy_debug_report(dt_, dm_, false,
                     "the function returned a context constant (handle " + std::to_string(h._i) +
                         ") without HPy_Dup: the caller closes what it returns, and constants cannot be closed; return "
                         "HPy_Dup(ctx, ctx->h_None) and the like");
    return HPy_NULL;
  }
  if (!hpy_debug_is_open(dt_, dm_, h)) {
    hpy_debug_report(dt_, dm_, false, hpy_debug_diagnose(dt_, dm_, h, -1, "the function returned"));
    return HPy_NULL;
  }
  uint32_t idx = hpy_debug_index(h._i);
  HPy uh = dt_->entries[idx].uh;
  // The debug handle ends here; the universal one goes to the caller.
  hpy_debug_close_entry(dt_, idx);
  return uh;
}

bool DebugCall::end() {
  for (HPy dh : args_) {
    if (hpy_debug_is_open(dt_, dm_, dh)) {
      hpy_debug_close_entry(dt_, hpy_debug_index(dh._i));
    } else {
      hpy_debug_report(dt_, dm_, false,
                       "the extension closed its argument " + hpy_debug_describe(dh) +
                           ": arguments are borrowed, the caller closes them (HPy_Dup one to keep it)");
    }
  }
  std::string violation;
  violation.swap(dt_->violation);
  dt_->violation.swap(saved_violation_);
  dt_->current_ctx = saved_ctx_;
  dt_->current_module = saved_module_;
  if (violation.empty()) return true;
  ThreadState *ts = t_state;
  if (ts) {
    ts->frame.error = nullptr;
    hpy_err_raise(ts, hpy_h::SystemError, "%s", violation.c_str());
  }
  return false;
}

ExtensionResult debug_extension_call(const ExtensionCall &k) {
  // tp_destroy has no context (and no handles); other modes' contexts pass.
  DebugModule *dm = k.ctx ? hpy_debug_module_of(k.ctx) : nullptr;
  if (!dm) return hpy_extension_call_direct(k);
  DebugCall bridge(dm);
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

// debug+trace: universal code keeps the debug context below the trace one;
// the profile's entries belong to the module of the trace context above it.
HPyContext *outer_context(HPyContext *ctx) {
  DebugModule *dm = hpy_debug_module_of(ctx);
  return dm && dm->outer ? dm->outer : ctx;
}

}  // namespace

void hpy_debug_install_extension_call_hook() {
  hpy_set_outer_context_fn(outer_context);
  hpy_set_extension_call_hook(debug_extension_call);
}
