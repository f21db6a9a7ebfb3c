// Instances, their field slots and HPyGlobal values on V8's own API (see
// engine.h for why). napi_value and v8::Local<v8::Value> are the same
// pointer (Node's own Node-API implementation converts them by copying), so
// values cross between the two APIs at no cost.
#include "engine.h"
// node_version.h defines NAPI_VERSION (the newest) over the one binding.gyp
// pins; this file makes no Node-API call after it.
#undef NAPI_VERSION
#include <node_version.h>
#include <v8.h>
#include <cstring>
#include <new>
#include <vector>
#include "../universal/types/types.h"
#include "engine_inline.h"
#include "v8_env.h"
#include "v8_values.h"

__thread EngineEnv *t_engine __attribute__((tls_model("initial-exec"))) = nullptr;

namespace {
// Its address marks an object made here: internal field 1 holds it.
alignas(8) const char kInstanceTag = 0;

v8::Local<v8::Value> local(napi_value v) { return hpy_v8_local(v); }
napi_value value(v8::Local<v8::Value> l) { return hpy_v8_value(l); }

using WeakHandle = v8::Global<v8::Object>;
static_assert(sizeof(WeakHandle) <= sizeof(EngineLink::handle), "EngineLink holds a v8::Global");
static_assert(alignof(WeakHandle) <= alignof(EngineLink), "EngineLink holds a v8::Global");

WeakHandle &handle_of(InstanceData *inst) { return *reinterpret_cast<WeakHandle *>(inst->engine.handle); }

void unlink(EngineEnv *e, InstanceData *inst) {
  EngineLink &l = inst->engine;
  if (l.prev) l.prev->engine.next = l.next;
  else e->live = l.next;
  if (l.next) l.next->engine.prev = l.prev;
  l.prev = l.next = nullptr;
}

void forget(EngineEnv *e, InstanceData *inst) {
  unlink(e, inst);
  handle_of(inst).Reset();
  handle_of(inst).~WeakHandle();
  e->freed_external += int64_t(inst->engine.external);
}

EngineEnv *engine_env(napi_env env) { return t_engine; }
}  // namespace

namespace {
void empty_instance_cache(EngineEnv *e) {
  for (auto &c : e->instance_cache) c = EngineEnv::CachedInstance{};
}

void before_collection(v8::Isolate *, v8::GCType, v8::GCCallbackFlags, void *data) {
  empty_instance_cache(static_cast<EngineEnv *>(data));
}
}  // namespace

void *hpy_engine_env_begin(napi_env env) {
  if (t_engine) return t_engine;
  t_engine = new (std::nothrow) EngineEnv{env, v8::Isolate::GetCurrent()};
  if (t_engine) t_engine->isolate->AddGCPrologueCallback(before_collection, t_engine);
  return t_engine;
}

// The environment ends: instances still alive get their tp_destroy now (as
// Node-API finalizers do at teardown), once, and the handles go.
void hpy_engine_env_end(void *state) {
  auto *e = static_cast<EngineEnv *>(state);
  e->isolate->RemoveGCPrologueCallback(before_collection, e);
  empty_instance_cache(e);  // the instances' memory goes below
  while (InstanceData *inst = e->live) {
    forget(e, inst);
    hpy_engine_instance_collected(inst);
  }
  for (auto &g : e->globals) g.Reset();
  hpy_v8_classes_end(e);
  for (EngineFunction *fn : e->functions) delete fn;
  if (t_engine == e) t_engine = nullptr;
  delete e;
}

EngineFunction *hpy_engine_function_record(napi_env env, EngineCallback callback, void *data) {
  EngineEnv *e = t_engine;
  auto *fn = e ? new (std::nothrow) EngineFunction{env, callback, data} : nullptr;
  if (fn) e->functions.push_back(fn);
  return fn;
}

namespace {
// V8's first weak pass, inside the collection: no V8 call but Reset.
void collected(const v8::WeakCallbackInfo<InstanceData> &info) {
  InstanceData *inst = info.GetParameter();
  if (EngineEnv *e = t_engine) forget(e, inst);
  hpy_engine_instance_collected(inst);
}
}  // namespace

namespace {
// Makes `o` the engine instance that owns `inst` (engine.h).
void attach(EngineEnv *e, v8::Local<v8::Object> o, InstanceData *inst, size_t external_bytes) {
  int indices[2] = {0, 1};
  void *values[2] = {inst, const_cast<char *>(&kInstanceTag)};
  o->SetAlignedPointerInInternalFields(2, indices, values);
  WeakHandle *h = new (inst->engine.handle) WeakHandle(e->isolate, o);
  h->SetWeak(inst, collected, v8::WeakCallbackType::kParameter);
  inst->engine.prev = nullptr;
  inst->engine.next = e->live;
  if (e->live) e->live->engine.prev = inst;
  e->live = inst;
  inst->engine.external = external_bytes;
  // Large structs make V8 collect sooner; small ones are left out (a call
  // per instance for nothing) unless frees are waiting to be reported.
  if (external_bytes >= 256 || e->freed_external >= (int64_t(1) << 20)) {
    e->isolate->AdjustAmountOfExternalAllocatedMemory(int64_t(external_bytes) - e->freed_external);
    e->freed_external = 0;
  } else {
    inst->engine.external = 0;
  }
}
}  // namespace

napi_value hpy_engine_instance_new(napi_env env, EngineClass *c, InstanceData *inst, napi_value proto, size_t external_bytes) {
  EngineEnv *e = engine_env(env);
  if (!e) return nullptr;
  v8::Isolate *iso = e->isolate;
  // Only the instance leaves: the context's and the template's handles die
  // here, instead of piling up in the caller's scope for the whole call (a
  // C loop making a million instances would leave three million handles
  // that every young-generation collection walks).
  v8::EscapableHandleScope scope(iso);
  v8::Local<v8::Context> ctx = iso->GetCurrentContext();
  v8::Local<v8::Object> o;
  if (!hpy_v8_class_blank(e, c, ctx, proto ? local(proto) : v8::Local<v8::Value>()).ToLocal(&o)) return nullptr;
  attach(e, o, inst, external_bytes);
  return value(scope.Escape(o));
}

InstanceData *hpy_engine_instance_data(napi_value v) {
  if (!v) return nullptr;
  uintptr_t object = hpy_engine_tagged(v);
  EngineEnv *e = t_engine;
  EngineEnv::CachedInstance *cached = e ? &e->instance_cache[(object >> 3) % EngineEnv::kInstanceCacheSize] : nullptr;
  if (cached && cached->object == object && object != 0) return cached->inst;
  v8::Local<v8::Value> l = local(v);
  if (!l->IsObject()) return nullptr;
  v8::Local<v8::Object> o = l.As<v8::Object>();
  if (o->InternalFieldCount() < kEngineFieldBase || o->GetAlignedPointerFromInternalField(1) != &kInstanceTag) return nullptr;
  auto *inst = static_cast<InstanceData *>(o->GetAlignedPointerFromInternalField(0));
  if (cached) *cached = EngineEnv::CachedInstance{object, inst};
  return inst;
}

napi_value hpy_engine_field_get(napi_value obj, int slot) {
  return value(local(obj).As<v8::Object>()->GetInternalField(kEngineFieldBase + slot).As<v8::Value>());
}

void hpy_engine_field_set(napi_value obj, int slot, napi_value v) {
  v8::Local<v8::Object> o = local(obj).As<v8::Object>();
  if (v) {
    o->SetInternalField(kEngineFieldBase + slot, local(v));
  } else {
    o->SetInternalField(kEngineFieldBase + slot, v8::Undefined(v8::Isolate::GetCurrent()));
  }
}

napi_value hpy_engine_global_get(napi_env env, size_t id) {
  EngineEnv *e = t_engine;
  if (!e || id >= e->globals.size() || e->globals[id].IsEmpty()) return nullptr;
  return value(e->globals[id].Get(e->isolate));
}

bool hpy_engine_global_set(napi_env env, size_t id, napi_value v) {
  EngineEnv *e = engine_env(env);
  if (!e) return false;
  if (id >= e->globals.size()) {
    if (!v) return true;
    e->globals.resize(id + 1);
  }
  if (v) e->globals[id].Reset(e->isolate, local(v));
  else e->globals[id].Reset();
  return true;
}

int hpy_engine_node_major() { return NODE_MAJOR_VERSION; }
