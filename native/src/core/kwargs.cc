#include "kwargs.h"
#include "../engine/engine.h"

namespace {
// Random, fixed: Node-API compares tags by value.
constexpr napi_type_tag kKwargsTag = {0x6b7761726773686eULL, 0x7079b16e6f64651dULL};
constexpr napi_type_tag kMethodTag = {0x6d6574686f646870ULL, 0x79b16e6f64651d2aULL};

bool has_tag(napi_env env, napi_value v, const napi_type_tag *tag, napi_valuetype expected) {
  napi_valuetype t;
  if (napi_typeof(env, v, &t) != napi_ok || t != expected) return false;
  bool tagged = false;
  return napi_check_object_type_tag(env, v, tag, &tagged) == napi_ok && tagged;
}
}  // namespace

napi_status hpy_kwargs_tag(napi_env env, napi_value obj) { return napi_type_tag_object(env, obj, &kKwargsTag); }

// Most last arguments that are objects are tuples, lists or instances: they
// are answered without the tag's property lookup (about 800 instructions).
bool hpy_is_kwargs(napi_env env, napi_value v) {
  return !hpy_engine_array_or_instance(v) && has_tag(env, v, &kKwargsTag, napi_object);
}

bool hpy_is_kwargs_object(napi_env env, napi_value v) {
  bool tagged = false;
  return napi_check_object_type_tag(env, v, &kKwargsTag, &tagged) == napi_ok && tagged;
}

napi_status hpy_method_tag(napi_env env, napi_value fn) { return napi_type_tag_object(env, fn, &kMethodTag); }

bool hpy_is_method(napi_env env, napi_value fn) { return has_tag(env, fn, &kMethodTag, napi_function); }
