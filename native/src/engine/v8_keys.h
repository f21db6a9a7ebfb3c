#pragma once
// Shared by v8_keys.cc, v8_strings.cc and v8_dicts.cc: what the container
// paths keep per environment (one per thread in Node): the realm's
// Object.prototype, which tells a dict (a plain object) from other objects
// without a call into JavaScript, and the cache of property keys given as C
// strings.
#include "v8_values.h"

struct EngineKeys;

/* This thread's cache for `env`, made on first use (a cleanup hook frees
 * it when the environment ends); nullptr if it cannot be made. */
EngineKeys *hpy_v8_keys(napi_env env);

/* Whether v is the environment's Object.prototype (of the realm the addon
 * loaded in; a node:vm realm's plain objects are left to the helpers). */
bool hpy_v8_is_object_prototype(EngineKeys *k, v8::Local<v8::Value> v);

/* Whether s is "__proto__", a key whose [[Set]] replaces the prototype. */
bool hpy_v8_is_proto_key(EngineKeys *k, v8::Local<v8::String> s);

/* The internalized string "length". */
v8::Local<v8::String> hpy_v8_length_key(v8::Isolate *iso, EngineKeys *k);

/* The prototype of `o` (GetPrototypeV2 where GetPrototype is deprecated). */
inline v8::Local<v8::Value> hpy_v8_prototype(v8::Local<v8::Object> o) {
#if V8_MAJOR_VERSION >= 13
  return o->GetPrototypeV2();
#else
  return o->GetPrototype();
#endif
}
