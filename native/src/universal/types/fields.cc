// HPyField: a reference from an object's native memory to a JavaScript value.
// The values live in an array owned by the object itself (a non-enumerable
// property keyed by Symbol.for('hpy.fields')), and the field stores its index
// there (plus one, so 0 stays HPyField_NULL). V8 therefore sees each value as
// reachable from its owner only: a value lives as long as its owner, and
// objects that hold each other through fields are collected together. A
// strong persistent reference per field would keep every such cycle alive.
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

napi_value hpy_field_value(ThreadState *ts, napi_value owner, HPyField f) {
  if (__builtin_expect(t_finalizing != nullptr, 0) && hpy_instance_data(ts->env, owner) == t_finalizing) {
    hpy_err_raise(ts, hpy_h::SystemError,
                  "HPyField_Load in tp_finalize: the object's fields went with it (V8 collects an object and the values "
                  "only it holds together, and hpy-node runs tp_finalize after that); visit the field in tp_traverse "
                  "and it reads as HPyField_NULL here");
    return nullptr;
  }
  napi_value arr = fields_array(ts, owner, false), v;
  if (!arr) {
    if (!ts->error) hpy_err_raise(ts, hpy_h::SystemError, "HPyField_Load: the object holds no fields (a field stored on another object?)");
    return nullptr;
  }
  if (f._i <= 0 || f._i > intptr_t(UINT32_MAX)) {
    hpy_err_raise(ts, hpy_h::SystemError, "HPyField_Load: the field is not a valid HPyField");
    return nullptr;
  }
  return HPY_NAPI_OK(ts, napi_get_element(ts->env, arr, uint32_t(f._i - 1), &v)) ? v : nullptr;
}

bool hpy_field_set(ThreadState *ts, napi_value owner, HPyField *f, napi_value v) {
  napi_value arr = fields_array(ts, owner, v != nullptr);
  if (!arr) return v == nullptr && !ts->error;  // clearing a field of an object that has none
  napi_env env = ts->env;
  if (!v) {
    napi_value undef;
    napi_get_undefined(env, &undef);
    if (f->_i > 0 && f->_i <= intptr_t(UINT32_MAX) && !HPY_NAPI_OK(ts, napi_set_element(env, arr, uint32_t(f->_i - 1), undef)))
      return false;
    f->_i = 0;
    return true;
  }
  uint32_t index;
  if (f->_i > 0 && f->_i <= intptr_t(UINT32_MAX)) {
    index = uint32_t(f->_i - 1);
  } else if (!HPY_NAPI_OK(ts, napi_get_array_length(env, arr, &index))) {
    return false;
  }
  if (!HPY_NAPI_OK(ts, napi_set_element(env, arr, index, v))) return false;
  f->_i = intptr_t(index) + 1;
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
