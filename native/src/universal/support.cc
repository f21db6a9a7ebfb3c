#include "support.h"
#include "../engine/engine.h"

napi_value hpy_helper_value_with(ThreadState *ts, HelperId id, std::initializer_list<HPy> args,
                                 std::initializer_list<napi_value> extra) {
  napi_value argv[kHelperMaxArity];
  size_t n = 0;
  if (args.size() + extra.size() > kHelperMaxArity) {
    // hpy_call_helper names the helper and its arity.
    return hpy_call_helper(ts, id, args.size() + extra.size(), nullptr);
  }
  for (HPy h : args) {
    napi_value v = hpy_value(ts, h);
    if (!v) return nullptr;
    argv[n++] = v;
  }
  for (napi_value v : extra) argv[n++] = v;
  return hpy_call_helper(ts, id, n, argv);
}

napi_value hpy_helper_value(ThreadState *ts, HelperId id, std::initializer_list<HPy> args) {
  return hpy_helper_value_with(ts, id, args, {});
}

HPy hpy_helper_handle(ThreadState *ts, HelperId id, std::initializer_list<HPy> args) {
  napi_value r = hpy_helper_value(ts, id, args);
  return r ? hpy_new(ts, r) : HPy_NULL;
}

int hpy_helper_bool(ThreadState *ts, HelperId id, std::initializer_list<HPy> args) {
  napi_value r = hpy_helper_value(ts, id, args);
  if (!r) return -1;
  bool b = false;
  if (napi_get_value_bool(ts->env, r, &b) != napi_ok) {
    napi_value coerced;
    if (!HPY_NAPI_OK(ts, napi_coerce_to_bool(ts->env, r, &coerced))) return -1;
    napi_get_value_bool(ts->env, coerced, &b);
  }
  return b ? 1 : 0;
}

napi_value hpy_string(ThreadState *ts, const char *utf8, size_t len) {
  napi_value v;
  if (!utf8) {
    hpy_err_raise(ts, hpy_h::SystemError, "hpy-node: NULL string passed to the HPy API");
    return nullptr;
  }
  return HPY_NAPI_OK(ts, napi_create_string_utf8(ts->env, utf8, len, &v)) ? v : nullptr;
}

napi_value hpy_key(ThreadState *ts, const char *utf8) {
  napi_value v = hpy_engine_key(ts->env, utf8);
  return v ? v : hpy_string(ts, utf8);
}
