// Tuples, lists and array items on V8's own API (engine.h): a tuple is a
// frozen array made in one call from its items, and an item of an array is one
// indexed read, where Node-API takes a call per item, per length and per
// type check, each behind its own exception scope.
#include "engine.h"
#include <v8.h>
#include "v8_values.h"

namespace {
// Object.freeze(obj); false if V8 refused (an exception is then pending).
bool freeze(napi_value obj) {
  v8::Isolate *iso = v8::Isolate::GetCurrent();
  v8::HandleScope scope(iso);
  v8::Maybe<bool> done =
      hpy_v8_local(obj).As<v8::Object>()->SetIntegrityLevel(iso->GetCurrentContext(), v8::IntegrityLevel::kFrozen);
  return done.IsJust() && done.FromJust();
}
}  // namespace

napi_value hpy_engine_array(const napi_value *items, size_t n, bool frozen) {
  if (n > kEngineMaxArray) return nullptr;
  v8::Isolate *iso = v8::Isolate::GetCurrent();
  v8::EscapableHandleScope scope(iso);
  // napi_value and Local<Value> share their representation: the items are
  // already an array of Locals.
  v8::Local<v8::Array> arr = v8::Array::New(iso, reinterpret_cast<v8::Local<v8::Value> *>(const_cast<napi_value *>(items)), n);
  if (arr.IsEmpty() || (frozen && !freeze(hpy_v8_value(arr)))) return nullptr;
  return hpy_v8_value(scope.Escape(arr));
}

int hpy_engine_array_item(napi_value obj, int64_t index, napi_value *out) {
  v8::Local<v8::Value> l = hpy_v8_local(obj);
  if (!obj || !l->IsArray()) return -1;
  v8::Local<v8::Array> arr = l.As<v8::Array>();
  int64_t len = arr->Length();
  if (index < 0) index += len;
  if (index < 0 || index >= len) return 0;
  v8::Isolate *iso = v8::Isolate::GetCurrent();
  v8::Local<v8::Value> v;
  if (!arr->Get(iso->GetCurrentContext(), uint32_t(index)).ToLocal(&v)) return 0;
  *out = hpy_v8_value(v);
  return 1;
}

bool hpy_engine_array_or_instance(napi_value v) {
  v8::Local<v8::Value> l = hpy_v8_local(v);
  return v && (l->IsArray() || (l->IsObject() && l.As<v8::Object>()->InternalFieldCount() > 0));
}
