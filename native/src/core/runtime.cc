#include "runtime.h"
#include <string>
#include "errors.h"

napi_value hpy_ref_element(napi_env env, napi_ref ref, uint32_t index) {
  napi_value arr, v;
  if (!ref || napi_get_reference_value(env, ref, &arr) != napi_ok) return nullptr;
  if (napi_get_element(env, arr, index, &v) != napi_ok) return nullptr;
  return v;
}

napi_value hpy_call_helper(ThreadState *ts, HelperId id, size_t argc, const napi_value *argv) {
  if (argc != hpy_helper_arity[id]) {
    hpy_err_raise(ts, hpy_h::SystemError, "hpy-node: runtime helper '%s' called with %zu arguments, but it takes %u",
                  hpy_helper_names[id], argc, unsigned(hpy_helper_arity[id]));
    return nullptr;
  }
  napi_value fn = hpy_ref_element(ts->env, ts->runtime->helpers, uint32_t(id));
  napi_value undef, result;
  napi_get_undefined(ts->env, &undef);
  if (!fn) {
    hpy_err_raise(ts, hpy_h::SystemError, "hpy-node: runtime helper '%s' is missing", hpy_helper_names[id]);
    return nullptr;
  }
  napi_status s = napi_call_function(ts->env, undef, fn, argc, argv, &result);
  if (s != napi_ok) {
    hpy_err_napi(ts, s, hpy_helper_names[id]);
    return nullptr;
  }
  return result;
}

ThreadState *hpy_thread_state_new(napi_env env) {
  ThreadState *ts = new ThreadState();
  ts->env = env;
  ts->runtime = new Runtime();
  hpy_handles_init(ts);
  t_state = ts;
  return ts;
}

void hpy_thread_state_free(ThreadState *ts) {
  if (t_state == ts) t_state = nullptr;
  delete ts->runtime;
  delete ts;
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

Status hpy_runtime_init(ThreadState *ts, napi_value obj) {
  napi_env env = ts->env;
  Runtime *rt = ts->runtime;
  if (rt->helpers) return Status::Ok();  // already initialised in this environment
  napi_value constants, helpers, table;
  bool is_array = false;
  if (napi_get_named_property(env, obj, "constants", &constants) != napi_ok ||
      napi_is_array(env, constants, &is_array) != napi_ok || !is_array)
    return Status::Fail("runtime.constants must be an array", Status::Kind::TypeError);
  if (napi_get_named_property(env, obj, "helpers", &helpers) != napi_ok)
    return Status::Fail("runtime.helpers is missing", Status::Kind::TypeError);
  napi_create_array_with_length(env, HELPER_COUNT, &table);
  for (int i = 0; i < HELPER_COUNT; i++) {
    napi_value fn;
    napi_valuetype t = napi_undefined;
    if (napi_get_named_property(env, helpers, hpy_helper_names[i], &fn) != napi_ok || napi_typeof(env, fn, &t) != napi_ok ||
        t != napi_function)
      return Status::Fail(std::string("runtime helper '") + hpy_helper_names[i] + "' is missing or not a function",
                          Status::Kind::TypeError);
    napi_set_element(env, table, uint32_t(i), fn);
  }
  rt->constants = array_ref(env, constants);
  rt->helpers = array_ref(env, table);
  rt->persistent = new_array_ref(env);
  return Status::Ok();
}
