// Type slots reached from C (HPy_Add, HPy_InPlaceAdd, HPy_IsTrue, ... on
// instances of types made by HPyType_FromSpec): the slot's C function is
// called here directly, in the caller's frame, instead of through the
// slot's JavaScript method (Symbol.for('hpy.nb_add')), which cost a symbol
// lookup, a property read, a JavaScript call and a frame of its own. The
// semantics are those of the JavaScript path (src/universal/helpers/
// type_slots.ts): the left operand's slot, then the right one's with the
// same operand order, NotImplemented skipped; values without the slot keep
// the helper's JavaScript semantics.
#include <cstring>
#include "../../core/frame.h"
#include "types.h"

namespace {

// Calls `impl` of instance `v` (whose type record is `t`) with the module's
// context, as slot_call does from JavaScript: through hpy_extension_call, so
// debug mode adapts the handles, and with `v` as the current instance.
ExtensionResult call_slot(const TypeRecord *t, int slot, HPyFunc_Signature sig, HPyCFunction impl, napi_value v,
                          InstanceData *inst, HPy a, HPy b = HPy_NULL, HPy c = HPy_NULL) {
  ExtensionCall call;
  call.entry = t->slot_entry(slot);
  call.ctx = t->ctx;
  call.sig = sig;
  call.impl = impl;
  call.a = a;
  call.b = b;
  call.c = c;
  CurrentInstance current(v, inst);
  return hpy_extension_call(call);
}

// The instance behind handle h and its slot `slot`, or null (no error set)
// when h is not an instance or its type lacks the slot.
HPyCFunction slot_of(ThreadState *ts, HPy h, int slot, napi_value *v, InstanceData **inst) {
  // Constants, unboxed numbers and invalid handles (the helper path reports
  // those) are no instances.
  HandleEntry *e = hpy_entry(ts, h);
  if (!e || e->kind == HandleKind::Number) return nullptr;
  if (!(*v = hpy_value(ts, h))) return nullptr;
  *inst = hpy_instance_data(ts->env, *v);
  return *inst ? (*inst)->type->slot(slot) : nullptr;
}

bool is_not_implemented(ThreadState *ts, HPy r) {
  if (r._i == hpy_h::NotImplemented._i) return true;
  if (hpy_is_constant(r) || HPy_IsNull(r)) return false;
  napi_value v = hpy_value(ts, r), ni = hpy_value(ts, hpy_h::NotImplemented);
  bool same = false;
  return v && ni && napi_strict_equals(ts->env, v, ni, &same) == napi_ok && same;
}

// A slot that returned its failure value must have set an error (slot_call's
// frame checks the same).
void check_failure(ThreadState *ts, bool failed, const char *slot_name) {
  if (failed && !ts->frame.error)
    hpy_err_raise(ts, hpy_h::SystemError,
                  "%s returned an error result without setting an exception (HPyErr_SetString was not called)", slot_name);
}

const char *type_name(ThreadState *ts, HPy h) {
  napi_value s = hpy_helper_value(ts, HELPER_typeName, {h});
  if (!s) return "?";
  size_t n = 0;
  if (napi_get_value_string_utf8(ts->env, s, nullptr, 0, &n) != napi_ok) return "?";
  char *out = hpy_scratch_alloc(ts, n + 1);
  if (!out || napi_get_value_string_utf8(ts->env, s, out, n + 1, &n) != napi_ok) return "?";
  return out;
}

}  // namespace

bool hpy_type_binary(ThreadState *ts, int slot, const char *slot_name, const char *symbol, HPy h1, HPy h2, HPy *out) {
  napi_value v1 = nullptr, v2 = nullptr;
  InstanceData *i1 = nullptr, *i2 = nullptr;
  HPyCFunction fa = slot_of(ts, h1, slot, &v1, &i1);
  HPyCFunction fb = slot_of(ts, h2, slot, &v2, &i2);
  if (!fa && !fb) return false;
  if (fb == fa) fb = nullptr;
  *out = HPy_NULL;
  for (int k = 0; k < 2; k++) {
    HPyCFunction f = k == 0 ? fa : fb;
    if (!f) continue;
    InstanceData *inst = k == 0 ? i1 : i2;
    HPy r = call_slot(inst->type, slot, HPyFunc_BINARYFUNC, f, k == 0 ? v1 : v2, inst, h1, h2).h;
    if (HPy_IsNull(r)) {
      check_failure(ts, true, slot_name);
      return true;
    }
    if (!is_not_implemented(ts, r)) {
      *out = r;
      return true;
    }
    hpy_close(ts, r);
  }
  const char *n1 = type_name(ts, h1), *n2 = type_name(ts, h2);
  hpy_err_raise(ts, hpy_h::TypeError, "unsupported operand type(s) for %s: '%s' and '%s'", symbol, n1, n2);
  return true;
}

int hpy_type_truth(ThreadState *ts, napi_value v) {
  InstanceData *inst = hpy_instance_data(ts->env, v);
  if (!inst) return -2;
  const TypeRecord *t = inst->type;
  HPy h = hpy_new(ts, v);
  int out;
  if (HPyCFunction f = t->slot(HPy_nb_bool)) {
    out = call_slot(t, HPy_nb_bool, HPyFunc_INQUIRY, f, v, inst, h).status;
    check_failure(ts, out < 0, "nb_bool");
    if (out > 0) out = 1;
  } else if (HPyCFunction g = t->slot(HPy_mp_length) ? t->slot(HPy_mp_length) : t->slot(HPy_sq_length)) {
    HPy_ssize_t n = call_slot(t, t->slot(HPy_mp_length) ? HPy_mp_length : HPy_sq_length, HPyFunc_LENFUNC, g, v, inst, h).size;
    // A length of -1 is an error only with one set (slot_call reads it so).
    out = n == -1 && ts->frame.error ? -1 : n != 0;
  } else {
    out = -2;
  }
  hpy_close(ts, h);
  return out;
}

bool hpy_type_inplace(ThreadState *ts, int slot, HPy h1, HPy h2, HPy h3, HPy *out) {
  napi_value v = nullptr;
  InstanceData *inst = nullptr;
  HPyCFunction f = slot_of(ts, h1, slot, &v, &inst);
  if (!f) return false;
  bool ternary = slot == HPy_nb_inplace_power;
  HPy r =
      call_slot(inst->type, slot, ternary ? HPyFunc_TERNARYFUNC : HPyFunc_BINARYFUNC, f, v, inst, h1, h2, ternary ? h3 : HPy_NULL)
          .h;
  *out = HPy_NULL;
  if (HPy_IsNull(r)) {
    check_failure(ts, true, "the in-place slot");
    return true;
  }
  if (is_not_implemented(ts, r)) {
    hpy_close(ts, r);
    return false;
  }
  *out = r;
  return true;
}
