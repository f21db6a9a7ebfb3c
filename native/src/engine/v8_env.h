#pragma once
// What the engine keeps per environment (one thread), and the class record:
// shared by engine/v8_instances.cc (instances, globals) and
// engine/v8_classes.cc (classes), the only files that see them.
#include <v8.h>
#include <vector>
#include "v8_values.h"

struct EngineEnv {
  napi_env env;
  v8::Isolate *isolate;
  InstanceData *live = nullptr;  // engine instances not yet collected
  // Bytes given back by collected instances since the last report to V8:
  // the weak callback may not call V8, so the next instance reports them.
  int64_t freed_external = 0;
  std::vector<v8::Global<v8::Value>> globals;  // by HPyGlobal id
  // V8 keeps a function's data as a raw pointer: the records of module
  // functions live as long as the environment, in which they may run.
  std::vector<EngineFunction *> functions;
  // The templates of instances, by field slots (0..kEngineMaxFieldSlots):
  // V8 keeps what a template makes for the life of the context, so there is
  // one per layout, a bounded set, and never one per class (v8_classes.cc).
  v8::Global<v8::ObjectTemplate> layouts[kEngineMaxFieldSlots + 1];
  // (make, tag, name) => the class named `name` whose constructor returns
  // make(tag, new.target, ...arguments); `make`, which constructs.
  v8::Global<v8::Function> class_factory;
  v8::Global<v8::Function> make;
  // The key by which the functions on a class's prototype hold the class.
  v8::Global<v8::Private> owner_key;
  // Instances recently found by hpy_engine_instance_data, by their object's
  // tagged address: V8's InternalFieldCount, which the first lookup needs,
  // is a call of about 50 instructions, and a method call asks once per
  // call. An object moves, and its address can be another object's, only
  // while V8 collects, and every collection empties the cache first (a GC
  // prologue callback), so an address found here is the object it was.
  static constexpr size_t kInstanceCacheSize = 64;
  struct CachedInstance {
    uintptr_t object = 0;
    InstanceData *inst = nullptr;
  };
  CachedInstance instance_cache[kInstanceCacheSize];
};

// initial-exec: one TLS load (see core/thread_state.h).
extern __thread EngineEnv *t_engine __attribute__((tls_model("initial-exec")));

struct EngineClass {
  // Weak: they recognise the class and find its prototype, and keep nothing
  // alive; when the class is collected, its owner is told
  // (hpy_engine_class_collected).
  v8::Global<v8::Function> cls;
  v8::Global<v8::Object> proto;
  // Weak too: an object with the instances' layout and map whose clones
  // are the instances, made again when V8 collected it.
  v8::Global<v8::Object> boilerplate;
  EngineFunction construct;
  int field_slots;
  int pins = 0;  // while above 0, `cls` is strong (hpy_engine_class_pin)
};

/* A new object with c's instances' layout and `proto` (the class's own when
 * empty) as its prototype; empty if V8 refused. */
v8::MaybeLocal<v8::Object> hpy_v8_class_blank(EngineEnv *e, EngineClass *c, v8::Local<v8::Context> ctx,
                                              v8::Local<v8::Value> proto);

/* Lets go of the environment's class state (it is ending). */
void hpy_v8_classes_end(EngineEnv *e);
