#pragma once
// The JavaScript side of the host, per environment: the values of the context
// constants, the helper functions that give JavaScript semantics to the
// operations the addon does not do natively, and arrays that keep values alive
// beyond a call (persisted handles, HPyGlobals).
#include <node_api.h>
#include "autogen_helpers.h"
#include "status.h"
#include "thread_state.h"

struct Runtime {
  napi_ref constants = nullptr;   // array by context slot
  napi_ref helpers = nullptr;     // array by HelperId
  napi_ref persistent = nullptr;  // array by handle index
};

/* Calls helper `id` with argc arguments. On a JS exception, it becomes the HPy
 * error and the result is nullptr. An argc other than the helper's arity
 * (native/api/js-helpers.tsv) is a SystemError, not a silent short call. */
napi_value hpy_call_helper(ThreadState *ts, HelperId id, size_t argc, const napi_value *argv);

/* Reads element `index` of the array behind `ref`. */
napi_value hpy_ref_element(napi_env env, napi_ref ref, uint32_t index);

/* Installs the runtime of this thread's environment from the object handed
 * by TypeScript ({ constants, helpers }); a second call does nothing. */
Status hpy_runtime_init(ThreadState *ts, napi_value runtime_object);

/* A new state for `env` on the calling thread, made current (t_state). The
 * caller owns it (the addon frees it when the environment ends). */
ThreadState *hpy_thread_state_new(napi_env env);

/* The calling thread's state if it belongs to `env`, else nullptr. */
inline ThreadState *hpy_thread_state_of(napi_env env) {
  ThreadState *ts = t_state;
  return ts && ts->env == env ? ts : nullptr;
}

/* Frees a state made by hpy_thread_state_new; on its own thread. */
void hpy_thread_state_free(ThreadState *ts);
