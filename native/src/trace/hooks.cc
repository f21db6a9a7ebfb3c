// Trace hooks: the user's on_enter/on_exit, called with a function id (the
// JavaScript side maps it to the name through a table it built once). Hooks
// are per environment: a JavaScript function belongs to one thread.
#include "../core/thread_state.h"
#include "trace_hot.h"

void hpy_trace_run_hook(bool enter, int fn_id) {
  ThreadState *ts = t_state;
  if (!ts || ts->in_hook) return;  // a hook's own traced calls do not re-enter hooks
  int which = enter ? 0 : 1;
  napi_env env = ts->env;
  napi_value fn = ts->hook_value[which];
  if (!fn) {
    napi_ref ref = enter ? ts->on_enter : ts->on_exit;
    if (!ref || napi_get_reference_value(env, ref, &fn) != napi_ok || fn == nullptr) return;
    ts->hook_value[which] = fn;
    ts->hook_value_depth[which] = ts->frame_depth;
  }
  napi_value recv, arg, result;
  napi_get_undefined(env, &recv);
  napi_create_uint32(env, uint32_t(fn_id), &arg);
  ts->in_hook = true;
  napi_status status = napi_call_function(env, recv, fn, 1, &arg, &result);
  ts->in_hook = false;
  if (status != napi_ok) {
    // Never abort: keep the first error and throw it to the JavaScript caller
    // when the extension function returns (frame.cc).
    bool pending = false;
    napi_is_exception_pending(env, &pending);
    if (pending) {
      napi_value exc;
      napi_get_and_clear_last_exception(env, &exc);
      if (!ts->hook_error) ts->hook_error = exc;
    }
  }
}
