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
// built per major (tools/prebuild.sh tags each prebuilt one with its
// NODE_MODULE_VERSION, and node-gyp-build loads the one of the running Node).
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
  // A callback whose result is a number may store it here and return
  // kEngineNumberResult: the trampoline then sets it as the return value
  // itself, a small integer without making a V8 handle for it.
  mutable double number = 0;
};
// Results a callback may return in place of a value, which the trampoline
// sets itself (never valid napi_values: those point into handle scopes).
inline napi_value const kEngineNumberResult = reinterpret_cast<napi_value>(uintptr_t(8));
inline napi_value const kEngineUndefinedResult = reinterpret_cast<napi_value>(uintptr_t(16));
inline napi_value const kEngineTrueResult = reinterpret_cast<napi_value>(uintptr_t(24));
inline napi_value const kEngineFalseResult = reinterpret_cast<napi_value>(uintptr_t(32));
/* Returns the call's result (or one of the results above), or nullptr (an
 * exception thrown, or none: then undefined). Node-API calls may be made in
 * it as in a Node-API callback. */
using EngineCallback = napi_value (*)(napi_env env, const EngineCall &call);

// A function made through the trampoline (v8_calls.cc): what it calls.
struct EngineFunction {
  napi_env env;
  EngineCallback callback;
  void *data;
};

/* A JavaScript function (not a constructor) named `name` whose calls reach
 * `callback` through the trampoline, with `data`; nullptr if V8 refused.
 * Its record lives as long as the environment. */
napi_value hpy_engine_function(napi_env env, const char *name, EngineCallback callback, void *data);

/* The same with the caller's record, which must outlive every call of the
 * function: the functions of a class (hpy_engine_class_hold_members). */
napi_value hpy_engine_function_in(napi_env env, const char *name, EngineFunction *fn);

/* A class for a type made by HPyType_FromSpec, made in place of
 * napi_define_class: `new` calls `construct` with new.target and no `this`
 * (undefined), which makes the instance with hpy_engine_instance_new and
 * returns it; instances have internal fields for `field_slots` field slots.
 * The class is in *cls; nullptr if V8 refused. V8 collects
 * the class as any other (v8_classes.cc): then, inside the collection,
 * hpy_engine_class_collected(data) runs (C only, no V8 or Node-API call),
 * and the owner frees the record with hpy_engine_class_free when it is done
 * with it. */
EngineClass *hpy_engine_class_new(napi_env env, const char *name, EngineCallback construct, void *data, int field_slots,
                                  napi_value *cls);

/* Defined by the type side: c's class was collected. */
void hpy_engine_class_collected(void *data);

/* Makes every function that is an own property of `obj` (a value, a getter
 * or a setter; the class's prototype) hold c's class, so that the records
 * they use live as long as the class. False if V8 refused. */
bool hpy_engine_class_hold_members(EngineClass *c, napi_value obj);

/* c's class, or nullptr once V8 collected it. */
napi_value hpy_engine_class_get(EngineClass *c);

/* Keeps c's class alive while pins outnumber unpins: the instances whose
 * tp_finalize may still need it. */
void hpy_engine_class_pin(EngineClass *c, bool pin);

/* Frees what hpy_engine_class_new made (the class was collected, or its
 * environment is ending). */
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
napi_value hpy_engine_instance_new(napi_env env, EngineClass *c, InstanceData *inst, napi_value proto, size_t external_bytes);

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

/* An array of the n items in one call, frozen (a tuple) or not (a list);
 * nullptr if V8 refused or n is above kEngineMaxArray (more than one V8
 * array holds, whose making would end the process). */
constexpr size_t kEngineMaxArray = size_t(1) << 26;
napi_value hpy_engine_array(const napi_value *items, size_t n, bool frozen);

/* The JavaScript number d (a small integer or a heap number). */
napi_value hpy_engine_number(double d);

/* If `v` is a number, stores it in *out and returns true (a small integer
 * is read without a call into V8: engine_inline.h); never throws. */
bool hpy_engine_heap_number_value(napi_value v, double *out);

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

// ---- strings and property keys (v8_strings.cc, v8_keys.cc) ------------------

/* A string from n bytes of UTF-8 when they are valid as Python's strict
 * decoder requires (Latin-1 text as a one-byte string); nullptr for
 * anything else (invalid or too long: the codec then raises). */
napi_value hpy_engine_string_from_utf8(const char *s, size_t n);

/* An internalized string for the C string `s`, a property key or name, from
 * a per-environment cache keyed by the pointer and checked against the
 * bytes; nullptr when `s` is NULL, long or not ASCII (build it then). */
napi_value hpy_engine_key(napi_env env, const char *s);

/* The UTF-16 length of `v` when it is a string, else -1; *one_byte says its
 * characters are Latin-1 and may be read with _read_one_byte. */
int64_t hpy_engine_string_length(napi_value v, bool *one_byte);
void hpy_engine_string_read_one_byte(napi_value v, uint8_t *out, size_t n);
void hpy_engine_string_read_two_byte(napi_value v, uint16_t *out, size_t n);

/* A few strings kept per environment by identity (strong handles), for
 * HPyUnicode_AsUTF8AndSize to hand out the copy it made of one before:
 * the slot holding the string `v` (the same object), or -1; and `v` put in
 * `slot` (0 <= slot < kEngineStringSlots) in place of what it held. */
constexpr int kEngineStringSlots = 4;
int hpy_engine_string_slot_find(napi_env env, napi_value v);
void hpy_engine_string_slot_put(napi_env env, int slot, napi_value v);

// ---- dicts, attributes, lists (v8_dicts.cc) --------------------------------
// Each answers only what it can answer exactly as the JavaScript helpers do
// (a dict is a plain object of this realm, keys are strings); "not handled"
// sends the caller to the helper, which also gives every error.

/* dict[key] of a plain object's own property: 1 with *out, 0 not handled
 * (or missing), -1 a getter threw (*out is the exception). */
int hpy_engine_dict_get(napi_env env, napi_value obj, napi_value key, napi_value *out);

/* Whether plain object `obj` has own property `key`: 1, 0, -1 not handled. */
int hpy_engine_dict_has(napi_env env, napi_value obj, napi_value key);

/* obj[key] = value on a plain object where that [[Set]] is a plain data
 * write (no setter, read-only property or "__proto__" in the way): 1 done,
 * 0 not handled (nothing changed). */
int hpy_engine_set_data(napi_env env, napi_value obj, napi_value key, napi_value value);

/* obj[key] of an object that is no proxy, when `key in obj`: 1 with *out,
 * 2 when it is not, 0 not handled, -1 a getter threw (*out: the exception). */
int hpy_engine_get_attr(napi_value obj, napi_value key, napi_value *out);

/* Whether v is a dict: 1 a plain object, 0 no object, -1 not handled. */
int hpy_engine_is_dict(napi_env env, napi_value v);

/* Whether v is a list (an array that is not frozen): 1, 0, -1 unknown (an
 * array whose length is read-only: the helper says). */
int hpy_engine_list_check(napi_env env, napi_value v);

/* Appends to / sets item `index` (negative counts from the end) of a list:
 * 1 done, 0 not handled (not surely a list, index out of range). */
int hpy_engine_list_append(napi_env env, napi_value list, napi_value item);
int hpy_engine_list_set(napi_env env, napi_value list, int64_t index, napi_value item);

/* An array of n undefined values without holes, in one call; nullptr when
 * n is above kEngineMaxFilledArray (the caller fills one by one). */
constexpr size_t kEngineMaxFilledArray = size_t(1) << 16;
napi_value hpy_engine_array_filled(size_t n);

/* Handle scopes a frame opens for itself (universal/frame_scopes.cc), kept
 * in `bytes` (kFrameScopeBytes of core/thread_state.h). Renew: with
 * `open` false, opens one, so what is made from now on is freed with it;
 * with `open` true, replaces it with a fresh one, carrying the n values
 * *slots[i] over (each slot is rewritten to name the same value in the new
 * scope). Everything else made in the old scope is gone. */
void hpy_engine_scope_renew(unsigned char *bytes, bool open, napi_value *const *slots, size_t n);

/* Closes the scope in `bytes`, carrying `keep` (may be nullptr) out to the
 * scope below; returns it as valid there. */
napi_value hpy_engine_scope_close(unsigned char *bytes, napi_value keep);
