// Property keys given as C strings (HPy_GetItem_s, HPy_SetAttr_s, ...),
// cached per environment. Why: building a JavaScript string from the C
// string on every call costs an allocation, a UTF-8 decode and, at the
// lookup, V8 internalizing the string (a string-table probe); a C extension
// passes the same few literals over and over. The cache is direct-mapped by
// the pointer and checked against the bytes, so a buffer reused for another
// key gets the right string. Keys are short ASCII; others are not cached.
#include <new>
#include "v8_keys.h"

namespace {

constexpr size_t kSlots = 256;
constexpr size_t kMaxKey = 47;  // bytes; longer keys are built each time

struct KeySlot {
  const char *ptr = nullptr;
  uint32_t len = 0;
  char text[kMaxKey + 1];
  v8::Global<v8::String> str;
};

}  // namespace

struct EngineKeys {
  napi_env env;
  v8::Isolate *iso;
  v8::Global<v8::Value> object_prototype;
  v8::Global<v8::String> length, proto;
  KeySlot slots[kSlots];
  v8::Global<v8::String> strings[kEngineStringSlots];
};

namespace {

// Never destroyed at thread exit (the isolate may be gone by then): the
// environment's cleanup hook frees it.
__attribute__((tls_model("initial-exec"))) thread_local EngineKeys *t_keys = nullptr;

v8::Local<v8::String> internalized(v8::Isolate *iso, const char *s) {
  v8::Local<v8::String> str;
  if (!v8::String::NewFromOneByte(iso, reinterpret_cast<const uint8_t *>(s), v8::NewStringType::kInternalized, int(strlen(s)))
           .ToLocal(&str))
    return {};
  return str;
}

void keys_ended(void *arg) {
  auto *k = static_cast<EngineKeys *>(arg);
  if (t_keys == k) t_keys = nullptr;
  delete k;  // the Globals reset themselves while the isolate still lives
}

}  // namespace

EngineKeys *hpy_v8_keys(napi_env env) {
  EngineKeys *k = t_keys;
  if (k && k->env == env) return k;
  if (k) return nullptr;  // another environment on this thread: not cached
  v8::Isolate *iso = v8::Isolate::GetCurrent();
  v8::HandleScope scope(iso);
  k = new (std::nothrow) EngineKeys{env, iso, {}, {}, {}, {}, {}};
  if (!k) return nullptr;
  v8::Local<v8::String> length = internalized(iso, "length"), proto = internalized(iso, "__proto__");
  if (length.IsEmpty() || proto.IsEmpty() || napi_add_env_cleanup_hook(env, keys_ended, k) != napi_ok) {
    delete k;
    return nullptr;
  }
  k->length.Reset(iso, length);
  k->proto.Reset(iso, proto);
  k->object_prototype.Reset(iso, hpy_v8_prototype(v8::Object::New(iso)));
  t_keys = k;
  return k;
}

bool hpy_v8_is_object_prototype(EngineKeys *k, v8::Local<v8::Value> v) { return k->object_prototype == v; }

v8::Local<v8::String> hpy_v8_length_key(v8::Isolate *iso, EngineKeys *k) { return k->length.Get(iso); }

bool hpy_v8_is_proto_key(EngineKeys *k, v8::Local<v8::String> s) {
  return s->Length() == 9 && (k->proto == s || s->StringEquals(k->proto.Get(k->iso)));
}

napi_value hpy_engine_key(napi_env env, const char *s) {
  EngineKeys *k = hpy_v8_keys(env);
  if (!k || !s) return nullptr;
  KeySlot &slot = k->slots[(reinterpret_cast<uintptr_t>(s) >> 3) % kSlots];
  if (slot.ptr == s) {
    uint32_t i = 0;
    while (i < slot.len && s[i] == slot.text[i]) i++;
    if (i == slot.len && s[i] == 0) return hpy_v8_value(slot.str.Get(k->iso));
  }
  size_t len = 0;
  while (len <= kMaxKey && s[len] && static_cast<unsigned char>(s[len]) < 0x80) len++;
  if (len > kMaxKey || s[len]) return nullptr;  // long or not ASCII
  v8::Local<v8::String> str;
  if (!v8::String::NewFromOneByte(k->iso, reinterpret_cast<const uint8_t *>(s), v8::NewStringType::kInternalized, int(len))
           .ToLocal(&str))
    return nullptr;
  slot.ptr = s;
  slot.len = uint32_t(len);
  memcpy(slot.text, s, len + 1);
  slot.str.Reset(k->iso, str);
  return hpy_v8_value(str);
}

int hpy_engine_string_slot_find(napi_env env, napi_value v) {
  EngineKeys *k = hpy_v8_keys(env);
  if (!k || !v) return -1;
  v8::Local<v8::Value> l = hpy_v8_local(v);
  for (int i = 0; i < kEngineStringSlots; i++)
    if (k->strings[i] == l) return i;
  return -1;
}

void hpy_engine_string_slot_put(napi_env env, int slot, napi_value v) {
  EngineKeys *k = hpy_v8_keys(env);
  v8::Local<v8::Value> l = hpy_v8_local(v);
  if (k && slot >= 0 && slot < kEngineStringSlots && l->IsString()) k->strings[slot].Reset(k->iso, l.As<v8::String>());
}
