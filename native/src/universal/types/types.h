#pragma once
// Types defined in C (HPyType_FromSpec) as JavaScript classes: the native
// records behind a class and its instances, shared by types.cc (making
// classes and instances), the callbacks (callbacks.h: what JavaScript calls
// on them) and fields.cc.
//
// A class is a constructor (engine/v8_classes.cc, or napi_define_class for
// types with a builtin shape or tp_finalize); its TypeRecord is attached to
// it with napi_wrap (tagged). An instance is an object whose prototype chain
// reaches the class's prototype, with an InstanceData (header + the C
// struct) in its internal fields or attached with napi_wrap. A record lives
// while something holds it (TypeRecord::holds): its class, until V8
// collects it; each instance; each subtype's record. An instance's
// finalizer (tp_destroy) needs only its own header, since at environment
// teardown records may be gone first.
#include <memory>
#include <string>
#include <vector>
#include "../support.h"
#include "../../core/extension_call.h"
#include "instance_registry.h"
#include "../../engine/engine.h"

struct TypeRecord;
struct InstanceData;

struct TypeDefRecord {  // data of a method, member, getset or slot function
  TypeRecord *owner;
  const HPyDef *def;
  int slot;  // for slot functions: HPySlot_Slot
  // What the function made for it calls (engine.h): freed with the record,
  // as the function holds the class (hpy_engine_class_hold_members).
  EngineFunction fn = {};
  // Trace mode's profile entries (core/extension_call.h), else null: a
  // method's, or a getset's getter and setter.
  ExtensionEntry *entry = nullptr;
  ExtensionEntry *set_entry = nullptr;
};

struct TypeRecord {
  // The class (until collected), live instances and subtypes' records: the
  // record is freed when none is left (hpy_type_release).
  uint32_t holds = 1;
  HPyContext *ctx;         // of the module that made the type: slots get it
  std::string name;        // spec->name ("mod.Point")
  std::string short_name;  // after the last dot ("Point")
  size_t basicsize;        // at least the base's
  size_t itemsize;
  unsigned long flags;
  HPyType_BuiltinShape shape;
  TypeRecord *base;             // the nearest base made by HPyType_FromSpec, or null
  HPyCFunction slots[82] = {};  // by HPySlot_Slot (< 82), inherited from base
  HPyCFunction destroy = nullptr;
  // Trace mode's profile entries of the slots above (inherited with them),
  // of tp_destroy and of call functions set by HPy_SetCallFunction; null in
  // other modes (core/extension_call.h).
  ExtensionEntry *slot_entries[82] = {};
  ExtensionEntry *destroy_entry = nullptr;
  ExtensionEntry *call_function_entry = nullptr;
  // Where instances keep their HPyCallFunction (a __vectorcalloffset__
  // member), or -1.
  HPy_ssize_t vectorcall_offset = -1;
  std::vector<std::unique_ptr<TypeDefRecord>> defs;
  // The class (engine/v8_classes.cc).
  EngineClass *engine = nullptr;
  // Instances made through V8's own API too (engine/engine.h): every type
  // but those with a builtin shape or tp_finalize (whose finalizer must run
  // JavaScript, which a V8 weak callback cannot).
  bool engine_instances = false;
  // The metaclass's struct of a class made with a metaclass: the class is
  // wrapped with its record already (napi_wrap takes one pointer).
  InstanceData *meta_struct = nullptr;
  // A base after the first (HPyType_SpecParam_BasesTuple): HPy_TypeCheck's
  // native answer does not know those, the JavaScript helper does.
  bool extra_bases = false;

  TypeRecord() = default;
  TypeRecord(const TypeRecord &) = delete;
  TypeRecord &operator=(const TypeRecord &) = delete;
  ~TypeRecord();  // frees the engine class and the metaclass struct

  HPyCFunction slot(int n) const { return n >= 0 && n < 82 ? slots[n] : nullptr; }
  ExtensionEntry *slot_entry(int n) const { return n >= 0 && n < 82 ? slot_entries[n] : nullptr; }
  bool is_subtype_of(const TypeRecord *t) const {
    for (const TypeRecord *r = this; r; r = r->base)
      if (r == t) return true;
    return false;
  }
};

struct FinalizeEntry;  // type_finalize.cc

struct alignas(16) InstanceData {
  const TypeRecord *type;        // valid while the instance is reachable
  HPyCFunction destroy;          // tp_destroy, copied: it outlives the record
  HPyFunc_keywords call;         // set by HPy_SetCallFunction, else null
  size_t size;                   // header and struct, as hpy_instance_alloc got it
  FinalizeEntry *fin = nullptr;  // until tp_finalize ran, for types with one
  EngineLink engine;             // engine instances only
  // The object's prototype is its type's own (not a JavaScript subclass's):
  // then HPy_TypeCheck can answer "no" from the records alone.
  bool exact = false;
  // Trace mode: the id of tp_destroy's profile entry (the record may be gone
  // when it runs), else 0. In the header's padding.
  uint32_t destroy_entry = 0;
  // The C struct follows the header (16-byte aligned, zeroed).
  char *payload() { return reinterpret_cast<char *>(this) + sizeof(InstanceData); }
};

/* Lets go of one hold on `r` (TypeRecord::holds), freeing it and letting
 * go of its base's when it was the last. Runs inside V8's collection too:
 * no V8 or Node-API call. */
void hpy_type_release(TypeRecord *r);

/* The record of a class made by FromSpec (not of a JavaScript subclass). */
TypeRecord *hpy_type_record(napi_env env, napi_value v);
/* The record of `cls` if it is a class made by FromSpec, else null; recent
 * classes are found by one compare each. */
TypeRecord *hpy_type_record_exact(napi_env env, napi_value cls);
/* The record of `cls` or of its nearest base made by FromSpec, or null. */
TypeRecord *hpy_type_record_of_class(napi_env env, napi_value cls);
/* The native data of an instance, or null if `v` is none. */
InstanceData *hpy_instance_data(napi_env env, napi_value v);

/* While a type callback runs on instance `self` (checked), HPy_AsStruct and
 * the other instance lookups of `self` answer without Node-API calls. */
class CurrentInstance {
 public:
  CurrentInstance(napi_value self, InstanceData *inst) : r_(t_instances) {
    if (!r_) return;  // inst exists, so the heap does
    saved_self_ = r_->self;
    saved_data_ = r_->self_data;
    r_->self = self;
    r_->self_data = inst;
  }
  ~CurrentInstance() {
    if (r_ && t_instances == r_) r_->self = saved_self_, r_->self_data = saved_data_;
  }
  CurrentInstance(const CurrentInstance &) = delete;
  CurrentInstance &operator=(const CurrentInstance &) = delete;

 private:
  InstanceHeap *r_;
  napi_value saved_self_ = nullptr;
  void *saved_data_ = nullptr;
};

/* Builds the instance of `cls` that HPy_New returns: the object being
 * constructed if `cls` is what `new` is running for, else a new object with
 * cls.prototype. nullptr with the HPy error set on failure. */
napi_value hpy_instance_new(ThreadState *ts, napi_value cls, TypeRecord *rec, void **data);

/* Attaches a new zeroed InstanceData of `rec` to `obj` (made by the caller:
 * type_shapes.cc makes arrays and Maps) for `cls`, the class `new` ran for
 * (tp_finalize's stand-in takes it); false with the HPy error set. */
bool hpy_instance_attach(ThreadState *ts, napi_value obj, TypeRecord *rec, napi_value cls, void **data);

/* The construction in progress (constructor callback -> HPy_New). */
struct PendingConstruction {
  napi_value new_target;
  bool claimed;
  // The record of new_target when known (it is the constructor's own class),
  // so HPy_New(new_target) skips looking it up; else null.
  TypeRecord *target_rec;
  // The instance HPy_New made for this construction, which the constructor
  // returns (classes' constructors have no `this`: engine/v8_classes.cc).
  napi_value made = nullptr;
  // The frame the construction runs in (universal/frame_scopes.cc carries
  // `made` when that frame moves its values to a new scope).
  int frame_depth = 0;
};
// initial-exec: one TLS load (see thread_state.h); read on every HPy_New.
extern __thread PendingConstruction *t_pending_construction __attribute__((tls_model("initial-exec")));
inline PendingConstruction *&hpy_pending_construction() { return t_pending_construction; }

/* Fills the class's property descriptors from spec->defines (methods,
 * members, getsets, slot functions); false with the HPy error set. */
bool hpy_type_describe(ThreadState *ts, TypeRecord *rec, const HPyType_Spec *spec, std::vector<napi_property_descriptor> *props,
                       std::vector<napi_ref> *keep);

/* The constructor of every class made by FromSpec, as the engine's classes
 * call it (engine.h): new.target, no `this`. */
napi_value hpy_type_construct_engine(napi_env env, const EngineCall &call);

/* HPyField values live in a JavaScript array owned by the object that holds
 * the field (fields.cc), so V8 sees them as the object's own references. The
 * value of field `f` of `owner`, or nullptr with the HPy error set. */
napi_value hpy_field_value(ThreadState *ts, napi_value owner, HPyField f);
/* Stores `v` (nullptr: clear) into field *f of `owner`; false with the HPy
 * error set. */
bool hpy_field_set(ThreadState *ts, napi_value owner, HPyField *f, napi_value v);

/* The tp_call of an instance, bound to it (HPy_Call on an instance), or
 * nullptr (no error set) if `v` has none. */
napi_value hpy_type_call_slot(ThreadState *ts, napi_value v);

/* Python's truth of an instance of a type with nb_bool (else mp_length or
 * sq_length: non-zero): 0 or 1, -1 with the HPy error set, or -2 when `v`
 * has none of these slots (JavaScript truthiness applies). */
int hpy_type_truth(ThreadState *ts, napi_value v);

/* A binary number operation (HPy_Add, ...) on handles of which at least one
 * is an instance of a type with slot `slot` (HPy_nb_add, ...; `slot_name`
 * "nb_add" and `symbol` "+" name it in errors): the slots' C functions
 * called directly, left then right, NotImplemented skipped; the result (or
 * HPy_NULL with the error set) in *out, and true. False when neither
 * operand has the slot: the JavaScript helper applies (slot_calls.cc). */
bool hpy_type_binary(ThreadState *ts, int slot, const char *slot_name, const char *symbol, HPy h1, HPy h2, HPy *out);

/* HPy_InPlace*: when `h1` is an instance of a type with the in-place slot
 * `slot` (HPy_nb_inplace_add, ...), calls it with `h1` and `others`, stores
 * the result (HPy_NULL on error) in *out and returns true. False when the
 * slot is absent or returns NotImplemented: the binary operation applies. */
bool hpy_type_inplace(ThreadState *ts, int slot, HPy h1, HPy h2, HPy h3, HPy *out);

/* A registry symbol, Symbol.for(name); nullptr with the HPy error set. */
napi_value hpy_symbol_for(ThreadState *ts, const char *name);
