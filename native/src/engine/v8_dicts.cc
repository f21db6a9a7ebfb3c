// Dicts, attributes and lists on V8's own API (engine.h): the common cases
// of HPy_GetItem/SetItem/Contains on a dict (a plain object), HPy_GetAttr
// on an object that is no proxy, HPy_SetAttr on a plain object, and lists
// (arrays that are not frozen), each answered in a few engine calls where the JavaScript helpers
// (src/universal/helpers) cost a call into JavaScript and their own checks.
//
// Each function takes only the cases whose outcome it can give exactly as
// the helper would, and answers "not handled" for the rest (Maps, proxies,
// other realms, keys that are no strings, "__proto__", inherited or
// read-only properties, missing keys, frozen-looking arrays), which the
// caller then hands to the helper: errors and rare cases keep one
// implementation.
#include <cstdlib>
#include "v8_keys.h"

namespace {

v8::Local<v8::Context> context(v8::Isolate *iso) { return iso->GetCurrentContext(); }

// A dict as the helpers' isPlainObject says: prototype Object.prototype (of
// this realm) or null; never a proxy (a proxy's prototype is its target's).
bool plain_object(EngineKeys *k, v8::Local<v8::Value> l) {
  if (!l->IsObject() || l->IsProxy() || l->IsArray()) return false;
  v8::Local<v8::Value> proto = hpy_v8_prototype(l.As<v8::Object>());
  return proto->IsNull() || hpy_v8_is_object_prototype(k, proto);
}

// The string key, or an empty handle when `key` is none.
v8::Local<v8::String> string_key(napi_value key) {
  v8::Local<v8::Value> l = hpy_v8_local(key);
  return key && l->IsString() ? l.As<v8::String>() : v8::Local<v8::String>();
}

// Whether a list's array might be frozen (a tuple): a frozen array's length
// is read-only; a list's never is, unless made so by hand (then the helper
// decides).
bool maybe_frozen(v8::Isolate *iso, EngineKeys *k, v8::Local<v8::Object> arr) {
  v8::Maybe<v8::PropertyAttribute> a = arr->GetRealNamedPropertyAttributes(context(iso), hpy_v8_length_key(iso, k));
  return a.IsNothing() || (a.FromJust() & v8::ReadOnly);
}

// A list's array, or an empty handle when `v` is none for sure or may be
// frozen.
v8::Local<v8::Array> list_of(v8::Isolate *iso, EngineKeys *k, napi_value v) {
  v8::Local<v8::Value> l = hpy_v8_local(v);
  if (!v || !l->IsArray() || maybe_frozen(iso, k, l.As<v8::Object>())) return {};
  return l.As<v8::Array>();
}

}  // namespace

int hpy_engine_dict_get(napi_env env, napi_value obj, napi_value key, napi_value *out) {
  EngineKeys *k = hpy_v8_keys(env);
  v8::Local<v8::String> name = string_key(key);
  v8::Local<v8::Value> o = hpy_v8_local(obj);
  if (!k || name.IsEmpty() || !plain_object(k, o)) return 0;
  v8::Isolate *iso = v8::Isolate::GetCurrent();
  v8::Local<v8::Object> d = o.As<v8::Object>();
  v8::Maybe<bool> has = d->HasOwnProperty(context(iso), name);
  if (has.IsNothing() || !has.FromJust()) return 0;  // the helper's KeyError
  v8::TryCatch tc(iso);                              // an own getter may throw
  v8::Local<v8::Value> v;
  if (!d->Get(context(iso), name).ToLocal(&v)) {
    *out = hpy_v8_value(tc.Exception());
    tc.Reset();
    return -1;
  }
  *out = hpy_v8_value(v);
  return 1;
}

int hpy_engine_dict_has(napi_env env, napi_value obj, napi_value key) {
  EngineKeys *k = hpy_v8_keys(env);
  v8::Local<v8::String> name = string_key(key);
  v8::Local<v8::Value> o = hpy_v8_local(obj);
  if (!k || name.IsEmpty() || !plain_object(k, o)) return -1;
  v8::Maybe<bool> has = o.As<v8::Object>()->HasOwnProperty(context(v8::Isolate::GetCurrent()), name);
  return has.IsNothing() ? -1 : has.FromJust();
}

int hpy_engine_set_data(napi_env env, napi_value obj, napi_value key, napi_value value) {
  EngineKeys *k = hpy_v8_keys(env);
  v8::Local<v8::String> name = string_key(key);
  v8::Local<v8::Value> o = hpy_v8_local(obj);
  if (!k || name.IsEmpty() || hpy_v8_is_proto_key(k, name) || !plain_object(k, o)) return 0;
  v8::Isolate *iso = v8::Isolate::GetCurrent();
  v8::Local<v8::Context> ctx = context(iso);
  v8::Local<v8::Object> d = o.As<v8::Object>();
  // [[Set]] (Reflect.set, what the helpers do) and defining a data property
  // agree when the object's own property is a writable, configurable data
  // property, or when there is none and nothing up the prototype chain
  // (Object.prototype, whose own prototype cannot change) could intercept
  // the write: a setter, a read-only property.
  v8::Maybe<v8::PropertyAttribute> own = d->GetRealNamedPropertyAttributes(ctx, name);
  if (own.IsJust()) {
    v8::Maybe<bool> accessor = d->HasRealNamedCallbackProperty(ctx, name);
    if (own.FromJust() != v8::None || accessor.IsNothing() || accessor.FromJust()) return 0;
  } else if (d->GetRealNamedPropertyAttributesInPrototypeChain(ctx, name).IsJust()) {
    return 0;
  }
  v8::Maybe<bool> done = d->CreateDataProperty(ctx, name, hpy_v8_local(value));
  return done.IsJust() && done.FromJust();  // false: not extensible, the helper raises
}

int hpy_engine_get_attr(napi_value obj, napi_value key, napi_value *out) {
  v8::Local<v8::String> name = string_key(key);
  v8::Local<v8::Value> o = hpy_v8_local(obj);
  if (name.IsEmpty() || !obj || !o->IsObject() || o->IsProxy()) return 0;
  v8::Isolate *iso = v8::Isolate::GetCurrent();
  v8::Local<v8::Object> d = o.As<v8::Object>();
  v8::Maybe<bool> has = d->Has(context(iso), name);
  if (has.IsNothing()) return 0;
  if (!has.FromJust()) return 2;
  v8::TryCatch tc(iso);
  v8::Local<v8::Value> v;
  if (!d->Get(context(iso), name).ToLocal(&v)) {
    *out = hpy_v8_value(tc.Exception());
    tc.Reset();
    return -1;
  }
  *out = hpy_v8_value(v);
  return 1;
}

int hpy_engine_is_dict(napi_env env, napi_value v) {
  EngineKeys *k = hpy_v8_keys(env);
  v8::Local<v8::Value> l = hpy_v8_local(v);
  if (!v || !l->IsObject()) return 0;
  return k && plain_object(k, l) ? 1 : -1;
}

int hpy_engine_list_check(napi_env env, napi_value v) {
  EngineKeys *k = hpy_v8_keys(env);
  v8::Local<v8::Value> l = hpy_v8_local(v);
  if (!v || !l->IsArray()) return 0;
  if (!k || maybe_frozen(v8::Isolate::GetCurrent(), k, l.As<v8::Object>())) return -1;
  return 1;
}

int hpy_engine_list_append(napi_env env, napi_value list, napi_value item) {
  EngineKeys *k = hpy_v8_keys(env);
  v8::Isolate *iso = v8::Isolate::GetCurrent();
  v8::Local<v8::Array> arr = k ? list_of(iso, k, list) : v8::Local<v8::Array>();
  if (arr.IsEmpty()) return 0;
  // [[Set]], as napi_set_element did: the same on an array whose elements
  // are its own.
  v8::Maybe<bool> done = arr->Set(context(iso), arr->Length(), hpy_v8_local(item));
  return done.IsJust() && done.FromJust();
}

int hpy_engine_list_set(napi_env env, napi_value list, int64_t index, napi_value item) {
  EngineKeys *k = hpy_v8_keys(env);
  v8::Isolate *iso = v8::Isolate::GetCurrent();
  v8::Local<v8::Array> arr = k ? list_of(iso, k, list) : v8::Local<v8::Array>();
  if (arr.IsEmpty()) return 0;
  int64_t len = arr->Length();
  if (index < 0) index += len;
  if (index < 0 || index >= len) return 0;  // the helper's IndexError
  v8::Maybe<bool> done = arr->Set(context(iso), uint32_t(index), hpy_v8_local(item));
  return done.IsJust() && done.FromJust();
}

napi_value hpy_engine_array_filled(size_t n) {
  if (n > kEngineMaxFilledArray) return nullptr;
  v8::Isolate *iso = v8::Isolate::GetCurrent();
  v8::EscapableHandleScope scope(iso);
  v8::Local<v8::Value> stack[16];
  v8::Local<v8::Value> *items = n <= 16 ? stack : static_cast<v8::Local<v8::Value> *>(malloc(n * sizeof *items));
  if (!items) return nullptr;
  v8::Local<v8::Value> undef = v8::Undefined(iso);
  for (size_t i = 0; i < n; i++) items[i] = undef;
  v8::Local<v8::Array> arr = v8::Array::New(iso, items, n);
  if (items != stack) free(items);
  return arr.IsEmpty() ? nullptr : hpy_v8_value(scope.Escape(arr));
}
