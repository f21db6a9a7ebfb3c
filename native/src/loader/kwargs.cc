#include "kwargs.h"

namespace {
// Random, fixed: Node-API's tags are compared by value.
constexpr napi_type_tag kKwargsTag = {0x6b7761726773686eULL, 0x7079b16e6f64651dULL};
}  // namespace

napi_status hpy_kwargs_tag(napi_env env, napi_value obj) { return napi_type_tag_object(env, obj, &kKwargsTag); }

bool hpy_is_kwargs(napi_env env, napi_value v) {
  napi_valuetype t;
  if (napi_typeof(env, v, &t) != napi_ok || t != napi_object) return false;
  bool tagged = false;
  return napi_check_object_type_tag(env, v, &kKwargsTag, &tagged) == napi_ok && tagged;
}
