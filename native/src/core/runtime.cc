#include "runtime.h"
#include <string>
#include "errors.h"
#include "../loader/module_instance.h"
#include "../trace/trace_store.h"

static const char *const kHelperNames[HELPER_COUNT] = {
#define HPY_HELPER_NAME(name) #name,
    HPY_HELPERS(HPY_HELPER_NAME)
#undef HPY_HELPER_NAME
};

napi_value hpy_ref_element(napi_env env, napi_ref ref, uint32_t index) {
  napi_value arr, v;
  if (!ref || napi_get_reference_value(env, ref, &arr) != napi_ok) return nullptr;
  if (napi_get_element(env, arr, index, &v) != napi_ok) return nullptr;
  return v;
}

napi_value hpy_call_helper(ThreadState *ts, HelperId id, size_t argc, const napi_value *argv) {
  napi_value fn = hpy_ref_element(ts->env, ts->runtime->helpers, uint32_t(id));
  napi_value undef, result;
  napi_get_undefined(ts->env, &undef);
  if (!fn) {
    hpy_err_raise(ts, g_universal_ctx.h_SystemError, "hpy-node: runtime helper '%s' is missing", kHelperNames[id]);
    return nullptr;
  }
  napi_status s = napi_call_function(ts->env, undef, fn, argc, argv, &result);
  if (s != napi_ok) {
    hpy_err_napi(ts, s, kHelperNames[id]);
    return nullptr;
  }
  return result;
}

static void free_thread_state(void *arg) {
  ThreadState *ts = static_cast<ThreadState *>(arg);
  if (t_state == ts) t_state = nullptr;
  for (auto &entry : ts->runtime->modules) delete entry.second;
  hpy_trace_release_thread();  // env cleanup runs on the environment's own thread
  delete ts->runtime;
  delete ts;
}

ThreadState *hpy_thread_state(napi_env env) {
  if (t_state && t_state->env == env) return t_state;
  ThreadState *ts = new ThreadState();
  ts->env = env;
  ts->runtime = new Runtime();
  t_state = ts;
  napi_add_env_cleanup_hook(env, free_thread_state, ts);
  return ts;
}

static napi_ref array_ref(napi_env env, napi_value arr) {
  napi_ref ref = nullptr;
  napi_create_reference(env, arr, 1, &ref);
  return ref;
}

static napi_ref new_array_ref(napi_env env) {
  napi_value arr;
  napi_create_array(env, &arr);
  return array_ref(env, arr);
}

std::string hpy_runtime_init(napi_env env, napi_value obj) {
  ThreadState *ts = hpy_thread_state(env);
  Runtime *rt = ts->runtime;
  if (rt->helpers) return "";  // already initialised in this environment
  napi_value constants, helpers, names, table;
  bool is_array = false;
  if (napi_get_named_property(env, obj, "constants", &constants) != napi_ok ||
      napi_is_array(env, constants, &is_array) != napi_ok || !is_array)
    return "runtime.constants must be an array";
  if (napi_get_named_property(env, obj, "ctxNames", &names) != napi_ok ||
      napi_is_array(env, names, &is_array) != napi_ok || !is_array)
    return "runtime.ctxNames must be an array";
  if (napi_get_named_property(env, obj, "helpers", &helpers) != napi_ok) return "runtime.helpers is missing";
  napi_create_array_with_length(env, HELPER_COUNT, &table);
  for (int i = 0; i < HELPER_COUNT; i++) {
    napi_value fn;
    napi_valuetype t = napi_undefined;
    if (napi_get_named_property(env, helpers, kHelperNames[i], &fn) != napi_ok || napi_typeof(env, fn, &t) != napi_ok ||
        t != napi_function)
      return std::string("runtime helper '") + kHelperNames[i] + "' is missing or not a function";
    napi_set_element(env, table, uint32_t(i), fn);
  }
  rt->constants = array_ref(env, constants);
  rt->ctx_names = array_ref(env, names);
  rt->helpers = array_ref(env, table);
  rt->persistent = new_array_ref(env);
  rt->globals = new_array_ref(env);
  return "";
}
