#pragma once
// The parts of the host that use V8's own API instead of Node-API, behind
// an interface of plain C++ and napi_values. Only engine/*.cc include v8.h.
//
// Why: an HPy instance needs native memory tied to a JavaScript object and
// freed with it. Node-API's way, napi_wrap with a finalizer, costs about
// 450 ns per object (a reference object, a private-property write, and a
// finalizer queued through the event loop); V8's floor for an object with
// an internal field and a weak handle is about 130 ns, and reading the
// field back is a few instructions where napi_unwrap is a property lookup.
// The price: V8's API is not ABI-stable across Node majors, so the addon is
// built per major (engine_abi.cc refuses to load under another one).
//
// Everything here runs on the thread of the environment that made the
// object (Node runs one environment per thread).
#include <node_api.h>
#include <cstddef>
#include <cstdint>

struct InstanceData;
struct EngineClass;

// What an engine instance's InstanceData holds for this file: its weak
// handle, its place in its environment's list of live instances (whose
// tp_destroy runs when the environment ends), and the bytes reported to V8.
struct EngineLink {
  alignas(void *) unsigned char handle[sizeof(void *)];
  InstanceData *prev = nullptr;
  InstanceData *next = nullptr;
  size_t external = 0;
};

// Internal fields of an engine instance: its InstanceData, a tag that marks
// the object as one of ours, then one per pointer-sized word of the C struct
// (up to kEngineMaxFieldSlots words) to hold the HPyFields stored there.
constexpr int kEngineFieldBase = 2;
constexpr int kEngineMaxFieldSlots = 32;

// A call from JavaScript as the trampoline (v8_calls.cc) hands it on: the
// receiver, new.target (nullptr unless `new`), the arguments, the data the
// function was made with.
constexpr size_t kEngineStackArgs = 8;
struct EngineCall {
  napi_value self;
  napi_value new_target;
  size_t argc;
  napi_value *argv;
  void *data;
};
/* Returns the call's result, or nullptr (an exception thrown, or none: then
 * undefined). Node-API calls may be made in it as in a Node-API callback. */
using EngineCallback = napi_value (*)(napi_env env, const EngineCall &call);

/* A JavaScript function (not a constructor) named `name` whose calls reach
 * `callback` through the trampoline, with `data`; nullptr if V8 refused.
 * Its record lives as long as the environment. */
napi_value hpy_engine_function(napi_env env, const char *name, EngineCallback callback, void *data);

/* A class for a type made by HPyType_FromSpec, made in place of
 * napi_define_class: `new` gives `construct` an object V8 already made with
 * the internal fields of an engine instance (for `field_slots` field slots)
 * and new.target's prototype, which hpy_engine_instance_adopt turns into
 * the instance. The class is in *cls; nullptr if V8 refused. */
EngineClass *hpy_engine_class_new(napi_env env, const char *name, EngineCallback construct, void *data, int field_slots,
                                  napi_value *cls);

/* Frees what hpy_engine_class_new made (its environment is ending). */
void hpy_engine_class_free(EngineClass *c);

/* Whether `v` is the class `c` was made for. */
bool hpy_engine_class_is(const EngineClass *c, napi_value v);

/* Field slots of c's instances. */
int hpy_engine_class_field_slots(const EngineClass *c);

/* A new instance of c that owns `inst`; with `proto` non-null, that object
 * is its prototype instead of the class's (an instance of a JavaScript
 * subclass). When V8 collects it, hpy_engine_instance_collected(inst) runs
 * inside the collection: it may run C only, no V8 or Node-API call.
 * `external_bytes` is reported to V8 as memory the object holds (and taken
 * back when it is collected). nullptr if V8 refused. */
napi_value hpy_engine_instance_new(napi_env env, EngineClass *c, InstanceData *inst, napi_value proto,
                                   size_t external_bytes);

/* Makes `obj`, the object `new` made for a class of c or for a JavaScript
 * subclass of it, the instance that owns `inst` (as hpy_engine_instance_new
 * does for a new object). False, with nothing changed, when `obj` does not
 * have the layout of c's instances (a newTarget of another HPy type's). */
bool hpy_engine_instance_adopt(napi_env env, EngineClass *c, napi_value obj, InstanceData *inst, size_t external_bytes);

/* The InstanceData of an engine instance, or nullptr when `v` is none. */
InstanceData *hpy_engine_instance_data(napi_value v);

/* Defined by the instance side (universal/types): runs tp_destroy and frees
 * the memory of an instance V8 collected, or whose environment ended. */
void hpy_engine_instance_collected(InstanceData *inst);

/* The value in field slot `slot` of engine instance `obj` (undefined when
 * the slot holds none). */
napi_value hpy_engine_field_get(napi_value obj, int slot);

/* Stores `v` (nullptr: clear) in field slot `slot` of engine instance `obj`. */
void hpy_engine_field_set(napi_value obj, int slot, napi_value v);

/* Values of HPyGlobals in this environment, by global id (1, 2, ...): a
 * strong handle each, read without a property lookup. `get` returns
 * nullptr for an id that holds nothing here. */
napi_value hpy_engine_global_get(napi_env env, size_t id);
bool hpy_engine_global_set(napi_env env, size_t id, napi_value v);

/* A frozen array of the n items (a tuple), or nullptr if V8 refused. */
napi_value hpy_engine_tuple(const napi_value *items, size_t n);

/* Object.freeze(obj); false if V8 refused (an exception is then pending). */
bool hpy_engine_freeze(napi_value obj);

/* Item `index` of `obj` when it is an array (negative counts from the end):
 * 1 with *out set, 0 when the index is out of range (or a getter threw),
 * -1 when `obj` is not an array. */
int hpy_engine_array_item(napi_value obj, int64_t index, napi_value *out);

/* The engine's state in this environment (live instances, HPyGlobal values,
 * the records of its functions): begun before the first engine call that
 * needs it, ended with the environment, in core/env_parts.h's order
 * (universal/engine_part.cc registers it). Calls that make instances,
 * classes or functions, or store globals, need it begun; reads answer
 * "none" without it. */
void *hpy_engine_env_begin(napi_env env);
void hpy_engine_env_end(void *state);

/* Whether `v` is an array or an object with internal fields (an engine
 * instance, a Node.js handle object): never a kwargs() object, which is a
 * plain object. Two engine calls, where the kwargs tag is a property lookup
 * (core/kwargs.cc asks this first). */
bool hpy_engine_array_or_instance(napi_value v);

/* The major version of Node.js the addon was compiled for. */
int hpy_engine_node_major();
