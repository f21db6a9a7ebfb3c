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

namespace {
// Its address marks an object made here: internal field 1 holds it.
alignas(8) const char kInstanceTag = 0;

v8::Local<v8::Value> local(napi_value v) {
  v8::Local<v8::Value> l;
  static_assert(sizeof l == sizeof v, "napi_value is a v8::Local");
  memcpy(static_cast<void *>(&l), &v, sizeof v);
  return l;
}

napi_value value(v8::Local<v8::Value> l) {
  napi_value v;
  memcpy(static_cast<void *>(&v), &l, sizeof v);
  return v;
}

using WeakHandle = v8::Global<v8::Object>;
static_assert(sizeof(WeakHandle) <= sizeof(EngineLink::handle), "EngineLink holds a v8::Global");
static_assert(alignof(WeakHandle) <= alignof(EngineLink), "EngineLink holds a v8::Global");

WeakHandle &handle_of(InstanceData *inst) { return *reinterpret_cast<WeakHandle *>(inst->engine.handle); }

// What one environment (one thread) keeps here, torn down with it.
struct EngineEnv {
  napi_env env;
  v8::Isolate *isolate;
  InstanceData *live = nullptr;  // engine instances not yet collected
  // Bytes given back by collected instances since the last report to V8:
  // the weak callback may not call V8, so the next instance reports them.
  int64_t freed_external = 0;
  std::vector<v8::Global<v8::Value>> globals;  // by HPyGlobal id
};
thread_local EngineEnv *t_engine = nullptr;

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

// The environment ends: instances still alive get their tp_destroy now (as
// Node-API finalizers do at teardown), once, and the handles go.
void env_ended(void *arg) {
  auto *e = static_cast<EngineEnv *>(arg);
  while (InstanceData *inst = e->live) {
    forget(e, inst);
    hpy_engine_instance_collected(inst);
  }
  for (auto &g : e->globals) g.Reset();
  if (t_engine == e) t_engine = nullptr;
  delete e;
}

EngineEnv *engine_env(napi_env env) {
  if (EngineEnv *e = t_engine) return e;
  auto *e = new (std::nothrow) EngineEnv{env, v8::Isolate::GetCurrent()};
  if (!e || napi_add_env_cleanup_hook(env, env_ended, e) != napi_ok) {
    delete e;
    return nullptr;
  }
  return t_engine = e;
}

// V8's first weak pass, inside the collection: no V8 call but Reset.
void collected(const v8::WeakCallbackInfo<InstanceData> &info) {
  InstanceData *inst = info.GetParameter();
  if (EngineEnv *e = t_engine) forget(e, inst);
  hpy_engine_instance_collected(inst);
}
}  // namespace

struct EngineClass {
  v8::Global<v8::Function> cls;  // weak: recognises the class, keeps nothing alive
  v8::Global<v8::ObjectTemplate> instances;
  v8::Global<v8::FunctionTemplate> maker;
  int field_slots;
};

EngineClass *hpy_engine_class_new(napi_env env, napi_value cls, napi_value proto, int field_slots) {
  v8::Isolate *iso = v8::Isolate::GetCurrent();
  v8::Local<v8::Context> ctx = iso->GetCurrentContext();
  // A function no one sees, whose instances V8 makes with the class's
  // prototype: V8 builds their shape once (the function's initial map) and
  // every later instance takes it, as `new` of a JavaScript class does.
  v8::Local<v8::FunctionTemplate> maker = v8::FunctionTemplate::New(iso);
  if (local(cls)->IsFunction()) maker->SetClassName(local(cls).As<v8::Function>()->GetName().As<v8::String>());
  v8::Local<v8::ObjectTemplate> instances = maker->InstanceTemplate();
  instances->SetInternalFieldCount(kEngineFieldBase + field_slots);
  v8::Local<v8::Function> fn;
  if (!maker->GetFunction(ctx).ToLocal(&fn)) return nullptr;
  if (fn->Set(ctx, v8::String::NewFromUtf8Literal(iso, "prototype"), local(proto)).IsNothing()) return nullptr;
  if (!engine_env(env)) return nullptr;
  auto *c = new (std::nothrow) EngineClass;
  if (!c) return nullptr;
  c->cls.Reset(iso, local(cls).As<v8::Function>());
  c->cls.SetWeak();
  c->instances.Reset(iso, instances);
  c->maker.Reset(iso, maker);
  c->field_slots = field_slots;
  return c;
}

void hpy_engine_class_free(EngineClass *c) {
  c->cls.Reset();
  c->instances.Reset();
  c->maker.Reset();
  delete c;
}

bool hpy_engine_class_is(const EngineClass *c, napi_value v) { return v && c->cls == local(v); }

int hpy_engine_class_field_slots(const EngineClass *c) { return c->field_slots; }

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
  if (!c->instances.Get(iso)->NewInstance(ctx).ToLocal(&o)) return nullptr;
  if (proto) {
#if V8_MAJOR_VERSION >= 13
    if (o->SetPrototypeV2(ctx, local(proto)).IsNothing()) return nullptr;
#else
    if (o->SetPrototype(ctx, local(proto)).IsNothing()) return nullptr;
#endif
  }
  int indices[2] = {0, 1};
  void *values[2] = {inst, const_cast<char *>(&kInstanceTag)};
  o->SetAlignedPointerInInternalFields(2, indices, values);
  WeakHandle *h = new (inst->engine.handle) WeakHandle(iso, o);
  h->SetWeak(inst, collected, v8::WeakCallbackType::kParameter);
  inst->engine.prev = nullptr;
  inst->engine.next = e->live;
  if (e->live) e->live->engine.prev = inst;
  e->live = inst;
  inst->engine.external = external_bytes;
  o = scope.Escape(o);
  // Large structs make V8 collect sooner; small ones are left out (a call
  // per instance for nothing) unless frees are waiting to be reported.
  int64_t change = int64_t(external_bytes) - e->freed_external;
  if (external_bytes >= 256 || e->freed_external >= (int64_t(1) << 20)) {
    iso->AdjustAmountOfExternalAllocatedMemory(change);
    e->freed_external = 0;
  } else {
    inst->engine.external = 0;
  }
  return value(o);
}

InstanceData *hpy_engine_instance_data(napi_value v) {
  v8::Local<v8::Value> l = local(v);
  if (!v || !l->IsObject()) return nullptr;
  v8::Local<v8::Object> o = l.As<v8::Object>();
  if (o->InternalFieldCount() < kEngineFieldBase || o->GetAlignedPointerFromInternalField(1) != &kInstanceTag) return nullptr;
  return static_cast<InstanceData *>(o->GetAlignedPointerFromInternalField(0));
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
