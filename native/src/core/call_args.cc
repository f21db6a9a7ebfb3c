#include "call_args.h"
#include <cstdio>
#include <cstring>
#include "errors.h"
#include "js_error.h"

ThreadState *hpy_call_state_failed(napi_env env) {
  hpy_throw_status(env, hpy_no_runtime_status());
  return nullptr;
}

void JsArgs::read_many(napi_env env, napi_callback_info info) {
  heap = static_cast<napi_value *>(malloc(argc * sizeof(napi_value)));
  if (!heap) {
    argc = kStackArgs;  // the first ones, rather than none
    return;
  }
  napi_get_cb_info(env, info, &argc, heap, nullptr, nullptr);
  argv = heap;
}

bool hpy_call_arity_error(napi_env env, HPyFunc_Signature sig, const char *name, size_t npos, bool keywords) {
  char msg[256];
  if (keywords && sig != HPyFunc_KEYWORDS) snprintf(msg, sizeof msg, "%s() takes no keyword arguments", name);
  else if (sig == HPyFunc_NOARGS && npos != 0) snprintf(msg, sizeof msg, "%s() takes no arguments (%zu given)", name, npos);
  else if (sig == HPyFunc_O && npos != 1) snprintf(msg, sizeof msg, "%s() takes exactly one argument (%zu given)", name, npos);
  else return true;
  hpy_throw_status(env, Status::Fail(msg, Status::Kind::TypeError));
  return false;
}

bool ArgHandles::grow() {
  size_t want = cap * 2;
  HPy *p = static_cast<HPy *>(malloc(want * sizeof(HPy)));
  if (!p) return false;
  memcpy(p, h, n * sizeof(HPy));
  if (h != stack) free(h);
  h = p;
  cap = want;
  return true;
}

bool ArgHandles::make_slow(ThreadState *ts, JsArgs &a, KeywordStyle style) {
  napi_env env = ts->env;
  bool with_kw = a.keywords(env);
  npos = with_kw ? a.argc - 1 : a.argc;
  for (size_t i = 0; i < npos; i++) {
    if (HPy_IsNull(add(ts, a.argv[i]))) {
      hpy_err_raise(ts, hpy_h::MemoryError, "hpy-node: out of memory for the arguments of a call");
      return false;
    }
  }
  if (!with_kw) return true;
  if (style == KeywordStyle::Dict) {
    HandleEntry e;
    e.value = a.argv[a.argc - 1];
    e.kind = HandleKind::Value;
    kw = hpy_alloc_unlogged(ts, e);
    return true;
  }
  return keyword_values(ts, a.argv[a.argc - 1]);
}

// HPy's vectorcall convention: the values of a kwargs() object after the
// positional handles, and `kw` the tuple of their names (none: HPy_NULL).
bool ArgHandles::keyword_values(ThreadState *ts, napi_value obj) {
  napi_env env = ts->env;
  napi_value names;
  uint32_t count = 0;
  if (!HPY_NAPI_OK(ts, napi_get_property_names(env, obj, &names)) || !HPY_NAPI_OK(ts, napi_get_array_length(env, names, &count)))
    return false;
  if (count == 0) return true;
  for (uint32_t i = 0; i < count; i++) {
    napi_value key, value;
    if (!HPY_NAPI_OK(ts, napi_get_element(env, names, i, &key)) || !HPY_NAPI_OK(ts, napi_get_property(env, obj, key, &value)))
      return false;
    if (HPy_IsNull(add(ts, value))) {
      hpy_err_raise(ts, hpy_h::MemoryError, "hpy-node: out of memory for the arguments of a call");
      return false;
    }
  }
  if (!HPY_NAPI_OK(ts, napi_object_freeze(env, names))) return false;  // a tuple is a frozen array
  HandleEntry e;
  e.value = names;
  e.kind = HandleKind::Value;
  kw = hpy_alloc_unlogged(ts, e);
  return true;
}
