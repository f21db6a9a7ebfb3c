// HPyContextVar_New/Get/Set: Python's context variables on the ContextVar
// class (src/universal/contextvar.ts), whose values follow JavaScript's
// asynchronous context. ContextVar_Set is a generated js: body.
#include "autogen_universal.h"
#include "support.h"

namespace {

// The value of `h`, or undefined for HPy_NULL ("no default"), with whether
// it was given.
bool optional_value(ThreadState *ts, HPy h, napi_value *value, napi_value *given) {
  if (!HPY_NAPI_OK(ts, napi_get_boolean(ts->env, !HPy_IsNull(h), given))) return false;
  if (HPy_IsNull(h)) return HPY_NAPI_OK(ts, napi_get_undefined(ts->env, value));
  return (*value = hpy_value(ts, h)) != nullptr;
}

}  // namespace

HPy hpy_u_ContextVar_New(HPyContext *ctx, const char *name, HPy default_value) {
  HPY_STATE_OR(HPy_NULL);
  if (!name) {
    hpy_err_raise(ts, hpy_h::SystemError, "ctx_ContextVar_New: the name is NULL");
    return HPy_NULL;
  }
  napi_value argv[3];
  if (!(argv[0] = hpy_string(ts, name)) || !optional_value(ts, default_value, &argv[1], &argv[2])) return HPy_NULL;
  napi_value v = hpy_call_helper(ts, HELPER_contextVarNew, 3, argv);
  return v ? hpy_new(ts, v) : HPy_NULL;
}

// 0 with *result a new handle to the value (the context's, else
// default_value, else the variable's default), or 0 with *result HPy_NULL
// when there is none, as CPython's PyContextVar_Get; -1 with the error set.
int32_t hpy_u_ContextVar_Get(HPyContext *ctx, HPy context_var, HPy default_value, HPy *result) {
  if (result) *result = HPy_NULL;
  HPY_STATE_OR(-1);
  if (!result) {
    hpy_err_raise(ts, hpy_h::SystemError, "ctx_ContextVar_Get: result is NULL (pass the address of an HPy)");
    return -1;
  }
  napi_value argv[3];
  if (!(argv[0] = hpy_value(ts, context_var)) || !optional_value(ts, default_value, &argv[1], &argv[2])) return -1;
  napi_value found = hpy_call_helper(ts, HELPER_contextVarGet, 3, argv);
  uint32_t n = 0;
  if (!found || !HPY_NAPI_OK(ts, napi_get_array_length(ts->env, found, &n))) return -1;
  if (n == 0) return 0;
  napi_value value;
  if (!HPY_NAPI_OK(ts, napi_get_element(ts->env, found, 0, &value))) return -1;
  *result = hpy_new(ts, value);
  return 0;
}
