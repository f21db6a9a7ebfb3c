// Trace hooks: the user's on_enter/on_exit, called with a function id (the
// JavaScript side maps it to the name through a table it built once). Hooks
// are per environment: a JavaScript function belongs to one thread.
#include "../core/hook_error.h"
#include "../core/thread_state.h"
#include "trace_hot.h"

// 1024 calls' handles: 16 KiB held at most until the frame returns.
constexpr uint32_t kUnscopedHookCallsPerFrame = 1024;

void hpy_trace_run_hook(bool enter, int fn_id) {
  ThreadState *ts = t_state;
  if (!ts || ts->in_hook) return;  // a hook's own traced calls do not re-enter hooks
  int which = enter ? 0 : 1;
  napi_env env = ts->env;
  napi_value fn = ts->hook_value[which];
  if (!fn) {
    napi_ref ref = enter ? ts->on_enter : ts->on_exit;
    if (!ref || napi_get_reference_value(env, ref, &fn) != napi_ok || fn == nullptr) return;
    // Kept for the frame that resolved it. Outside a frame, or while it has
    // left Python execution (frame_depth 0), no frame end would clear it.
    if (ts->frame_depth > 0) {
      ts->hook_value[which] = fn;
      ts->hook_value_depth[which] = ts->frame_depth;
    }
  }
  // Each hook call leaves two handles (its argument and its result) in the
  // current scope. The first calls of a frame leave them in the frame's scope,
  // freed when it returns; past that, an extension looping over millions of
  // context calls in one frame would pile them up, so each call gets its own
  // scope (Node-API allocates one per open: about 18 ns here, kept off the
  // common case of a frame with a few context calls).
  napi_handle_scope scope = nullptr;
  if (ts->frame.unscoped_hook_calls < kUnscopedHookCallsPerFrame) {
    ts->frame.unscoped_hook_calls++;
  } else if (napi_open_handle_scope(env, &scope) != napi_ok) {
    return;
  }
  napi_value recv, arg;
  napi_get_undefined(env, &recv);
  napi_create_uint32(env, uint32_t(fn_id), &arg);
  ts->in_hook = true;
  napi_status status = napi_call_function(env, recv, fn, 1, &arg, nullptr);
  ts->in_hook = false;
  if (scope) napi_close_handle_scope(env, scope);
  // Never abort: the first error is thrown to the JavaScript caller when the
  // extension function returns (frame.cc); later ones are dropped at once.
  if (status != napi_ok) hpy_hook_error_take(ts);
}
