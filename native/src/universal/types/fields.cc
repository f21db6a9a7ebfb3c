// HPyField: a reference from an object's native memory to a JavaScript value.
// The value is held by the owner object itself, so V8 sees it as reachable
// from its owner only: a value lives as long as its owner, and objects that
// hold each other through fields are collected together (a strong
// persistent reference per field would keep every such cycle alive).
//
// Where: a field inside the struct of an instance made through V8's API
// (engine.h) has an internal field of the object for its word of the struct,
// read and written without a lookup; HPyField._i is then (slot << 1) | 1.
// Any other field (one outside the owner's struct, past its first
// kEngineMaxFieldSlots words, or of an instance wrapped by Node-API) lives in
// an array owned by the object (a non-enumerable property keyed by
// Symbol.for('hpy.fields')), and _i is (index + 1) << 1. 0 stays
// HPyField_NULL either way.
#include "types.h"
#include "type_lifecycle.h"

namespace {
struct FieldsKey {
  napi_env env = nullptr;
  napi_ref symbol = nullptr;
};
thread_local FieldsKey t_key;

void forget_key(void *arg) {
  auto *k = static_cast<FieldsKey *>(arg);
  if (k->symbol) napi_delete_reference(k->env, k->symbol);
  k->symbol = nullptr;
  k->env = nullptr;
}

napi_value fields_key(ThreadState *ts) {
  napi_value sym;
  if (t_key.env == ts->env && t_key.symbol && napi_get_reference_value(ts->env, t_key.symbol, &sym) == napi_ok) return sym;
  sym = hpy_symbol_for(ts, "hpy.fields");
  if (!sym) return nullptr;
  if (t_key.env != ts->env) {
    t_key.env = ts->env;
    napi_add_env_cleanup_hook(ts->env, forget_key, &t_key);
  }
  napi_create_reference(ts->env, sym, 1, &t_key.symbol);
  return sym;
}

// The owner's array of field values; created if `create`, else nullptr when
// it has none (no error set then).
napi_value fields_array(ThreadState *ts, napi_value owner, bool create) {
  napi_env env = ts->env;
  napi_valuetype t;
  napi_typeof(env, owner, &t);
  if (t != napi_object && t != napi_function) {
    hpy_err_raise(ts, hpy_h::TypeError, "HPyField: the owner must be an object (an instance of a type, usually)");
    return nullptr;
  }
  napi_value key = fields_key(ts), arr;
  if (!key) return nullptr;
  bool has = false;
  if (!HPY_NAPI_OK(ts, napi_has_own_property(env, owner, key, &has))) return nullptr;
  if (has) return HPY_NAPI_OK(ts, napi_get_property(env, owner, key, &arr)) ? arr : nullptr;
  if (!create) return nullptr;
  if (!HPY_NAPI_OK(ts, napi_create_array(env, &arr))) return nullptr;
  napi_property_descriptor d = {nullptr, key, nullptr, nullptr, nullptr, arr, napi_default, nullptr};
  return HPY_NAPI_OK(ts, napi_define_properties(env, owner, 1, &d)) ? arr : nullptr;
}
}  // namespace

namespace {
bool array_field(HPyField f) { return f._i > 0 && !(f._i & 1) && (f._i >> 1) - 1 <= intptr_t(UINT32_MAX); }

// The field slot of an engine instance's struct word at `f`, or -1.
int engine_slot(const InstanceData *inst, const HPyField *f) {
  if (!inst || !inst->type->engine_instances) return -1;
  uintptr_t off = uintptr_t(f) - uintptr_t(const_cast<InstanceData *>(inst)->payload());
  if (off % sizeof(HPyField) || off / sizeof(HPyField) >= size_t(hpy_engine_class_field_slots(inst->type->engine))) return -1;
  return int(off / sizeof(HPyField));
}

// The owner's InstanceData when it is an engine instance; the running
// method's `self` needs no lookup.
InstanceData *engine_owner(napi_value owner) {
  const InstanceHeap *r = t_instances;
  if (r && owner == r->self) {
    auto *inst = static_cast<InstanceData *>(r->self_data);
    return inst->type->engine_instances ? inst : nullptr;
  }
  return hpy_engine_instance_data(owner);
}
}  // namespace

napi_value hpy_field_value(ThreadState *ts, napi_value owner, HPyField f) {
  if (f._i & 1) {
    InstanceData *inst = engine_owner(owner);
    intptr_t slot = f._i >> 1;
    if (__builtin_expect(!inst || slot >= hpy_engine_class_field_slots(inst->type->engine), 0)) {
      hpy_err_raise(ts, hpy_h::SystemError,
                    "HPyField_Load: the field was not stored on this object (an HPyField belongs to the object it was "
                    "stored with)");
      return nullptr;
    }
    return hpy_engine_field_get(owner, int(slot));
  }
  if (__builtin_expect(t_finalizing != nullptr, 0) && hpy_instance_data(ts->env, owner) == t_finalizing) {
    hpy_err_raise(ts, hpy_h::SystemError,
                  "HPyField_Load in tp_finalize: the object's fields went with it (V8 collects an object and the values "
                  "only it holds together, and hpy-node runs tp_finalize after that); visit the field in tp_traverse "
                  "and it reads as HPyField_NULL here");
    return nullptr;
  }
  napi_value arr = fields_array(ts, owner, false), v;
  if (!arr) {
    if (!ts->frame.error)
      hpy_err_raise(ts, hpy_h::SystemError, "HPyField_Load: the object holds no fields (a field stored on another object?)");
    return nullptr;
  }
  intptr_t index = (f._i >> 1) - 1;
  if (f._i <= 0 || index > intptr_t(UINT32_MAX)) {
    hpy_err_raise(ts, hpy_h::SystemError, "HPyField_Load: the field is not a valid HPyField");
    return nullptr;
  }
  return HPY_NAPI_OK(ts, napi_get_element(ts->env, arr, uint32_t(index), &v)) ? v : nullptr;
}

bool hpy_field_set(ThreadState *ts, napi_value owner, HPyField *f, napi_value v) {
  InstanceData *inst = engine_owner(owner);
  int slot = engine_slot(inst, f);
  if (slot >= 0) {
    hpy_engine_field_set(owner, slot, v);
    f->_i = v ? (intptr_t(slot) << 1) | 1 : 0;
    return true;
  }
  napi_value arr = fields_array(ts, owner, v != nullptr);
  if (!arr) return v == nullptr && !ts->frame.error;  // clearing a field of an object that has none
  napi_env env = ts->env;
  if (!v) {
    napi_value undef;
    napi_get_undefined(env, &undef);
    if (array_field(*f) && !HPY_NAPI_OK(ts, napi_set_element(env, arr, uint32_t((f->_i >> 1) - 1), undef))) return false;
    f->_i = 0;
    return true;
  }
  uint32_t index;
  if (array_field(*f)) {
    index = uint32_t((f->_i >> 1) - 1);
  } else if (!HPY_NAPI_OK(ts, napi_get_array_length(env, arr, &index))) {
    return false;
  }
  if (!HPY_NAPI_OK(ts, napi_set_element(env, arr, index, v))) return false;
  f->_i = (intptr_t(index) + 1) << 1;
  return true;
}

void hpy_u_Field_Store(HPyContext *ctx, HPy target_object, HPyField *target_field, HPy h) {
  HPY_STATE_OR();
  if (!target_field) {
    hpy_err_raise(ts, hpy_h::SystemError, "HPyField_Store: the field pointer is NULL");
    return;
  }
  napi_value owner = hpy_value(ts, target_object);
  if (!owner) return;
  napi_value v = nullptr;
  if (!HPy_IsNull(h) && !(v = hpy_value(ts, h))) return;
  hpy_field_set(ts, owner, target_field, v);
}

HPy hpy_u_Field_Load(HPyContext *ctx, HPy source_object, HPyField source_field) {
  HPY_STATE_OR(HPy_NULL);
  if (HPyField_IsNull(source_field)) return HPy_NULL;
  napi_value owner = hpy_value(ts, source_object);
  if (!owner) return HPy_NULL;
  napi_value v = hpy_field_value(ts, owner, source_field);
  return v ? hpy_new(ts, v) : HPy_NULL;
}
