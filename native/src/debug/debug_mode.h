#pragma once
// Debug mode as the loader sees it: a debug module and its context, and the
// bridge every call from the host into extension code goes through.
#include <string>
#include <vector>
#include "../core/status.h"
#include "debug_state.h"

/* Registers a module in debug mode and builds its debug context (a copy of
 * the universal one with the debug wrappers). `composed`: trace mode will
 * wrap it, so the host passes the trace context to the extension and this
 * one sits below it. Never freed (contexts are process-wide). */
DebugModule *hpy_debug_module_new(const std::string &name, const std::string &path, bool composed, Status *status);

/* The debug module whose context ctx is (its base context or one of its
 * per-call copies), or nullptr for any other context. Universal
 * implementations receive debug contexts in debug mode (the debug wrappers
 * pass theirs on): code that keeps a context to call the extension back later
 * (types) finds the module here and calls through a HandleBridge built with
 * (dm, dm->outer). */
DebugModule *hpy_debug_module_of(HPyContext *ctx);

/* Routes calls into types' C functions (core/extension_call) through a
 * HandleBridge for debug modules; installed with the first debug module. */
void hpy_debug_install_extension_call_hook();

/* Every debug module registered in the process. */
std::vector<const DebugModule *> hpy_debug_modules();

/* One call from the host into extension code of a library, in any mode:
 *
 *   HandleBridge bridge(lib->debug, lib->ctx);      // after hpy_frame_begin
 *   HPy result = impl(bridge.ctx(), bridge.arg(h_self), bridge.arg(h_arg));
 *   result = bridge.result(result);   // a universal handle again
 *   if (!bridge.end()) { close result; result = HPy_NULL; }  // misuse: HPy error set
 *   ... hpy_frame_end(frame, result, what)
 *
 * With a null DebugModule (universal and trace mode) every step is the
 * identity. In debug mode: the call gets a fresh context (the previous one
 * stops being valid), each argument becomes a debug handle that the bridge
 * closes when the call returns (the extension only borrows it), the result
 * is checked (a closed handle or an undup'ed constant is an error) and turned
 * back into the universal handle it wraps, and end() fails the call with a
 * SystemError naming the first misuse the call made. */
class HandleBridge {
 public:
  HandleBridge(DebugModule *dm, HPyContext *ctx);
  HPyContext *ctx() const { return ctx_; }
  HPy arg(HPy uh) { return dm_ ? debug_arg(uh) : uh; }
  HPy result(HPy h) { return dm_ ? debug_result(h) : h; }
  /* False when the call misused handles or contexts: the HPy error is set to
   * the report and the caller must fail the call. */
  bool end() { return dm_ ? debug_end() : true; }

 private:
  HPy debug_arg(HPy uh);
  HPy debug_result(HPy h);
  bool debug_end();

  DebugModule *dm_;
  HPyContext *ctx_;
  DebugThread *dt_ = nullptr;
  HPyContext *saved_ctx_ = nullptr;
  const DebugModule *saved_module_ = nullptr;
  std::string saved_violation_;
  std::vector<HPy> args_;
};
