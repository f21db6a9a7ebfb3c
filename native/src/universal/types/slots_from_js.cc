// Slot functions called from JavaScript: methods keyed by registry symbols,
// Symbol.for('hpy.nb_add') and so on (the runtime helpers call them for the
// HPy protocol: HPy_Add, HPy_GetItem, ...), plus the natural JavaScript
// names describe_class.cc gives some of them (toString, valueOf,
// util.inspect.custom). Slots reached from C go straight to the C function
// instead (slot_calls.cc).
#include <cstring>
#include <utility>
#include "callbacks.h"
#include "../../engine/engine_inline.h"
#include "slot_table.h"
#include "../../core/call_args.h"
#include "../../core/frame.h"
#include "../../core/kwargs.h"

namespace {

bool js_index(napi_env env, napi_value v, HPy_ssize_t *out) {
  int64_t small;
  if (v && hpy_engine_small_integer(v, &small)) {  // the common index, read without a call
    *out = HPy_ssize_t(small);
    return true;
  }
  MemberInteger n;
  if (!v || hpy_member_integer(env, v, &n) != MemberIntegerRead::Ok || !n.is_signed) return false;
  *out = HPy_ssize_t(n.i);
  return true;
}

bool is_binary_number_slot(const SlotInfo *s) {
  return (s->sig == HPyFunc_BINARYFUNC || s->sig == HPyFunc_TERNARYFUNC) && s->slot != HPy_mp_subscript;
}

// The C function tp_call runs for `inst`: an instance's own call function
// (HPy_SetCallFunction or its __vectorcalloffset__ field) wins over the
// type's tp_call; *entry becomes its profile entry.
HPyCFunction call_function_of(InstanceData *inst, HPyCFunction type_impl, ExtensionEntry **entry) {
  HPyFunc_keywords own = inst->call;
  if (!own && inst->type->vectorcall_offset >= 0) {
    HPyCallFunction f;
    memcpy(&f, inst->payload() + inst->type->vectorcall_offset, sizeof f);
    own = f.impl;
  }
  if (own) *entry = inst->type->call_function_entry;
  return own ? reinterpret_cast<HPyCFunction>(reinterpret_cast<void (*)(void)>(own)) : type_impl;
}

// The JavaScript value of a slot that returns an integer.
napi_value integer_result(napi_env env, HPyFunc_Signature sig, int64_t value) {
  napi_value out;
  if (sig == HPyFunc_INQUIRY || sig == HPyFunc_OBJOBJPROC) napi_get_boolean(env, value != 0, &out);
  else if (sig == HPyFunc_LENFUNC || sig == HPyFunc_HASHFUNC) out = hpy_number_or_bigint(env, value);
  else napi_get_undefined(env, &out);
  return out;
}

}  // namespace

// `this` is the instance and the first operand; the others are the
// arguments. Binary number slots take a last argument `true` for the
// reflected call (the instance is the right operand: HPy calls nb_add(a, b)
// with b the instance too), so `b[Symbol.for('hpy.nb_add')](a, true)` is
// nb_add(a, b).
namespace {
// `engine`: the trampoline's call when it made this one (a number result
// may then go back unboxed), else null.
napi_value slot_call(napi_env env, JsArgs &a, const EngineCall *engine) {
  auto *d = static_cast<TypeDefRecord *>(a.data);
  const SlotInfo *s = hpy_slot_info(d->slot);
  ThreadState *ts = hpy_call_state(env);
  if (!ts) return nullptr;
  InstanceData *inst = hpy_type_self(env, ts, a.self, d, s->name);
  if (!inst) return nullptr;
  HPyCFunction impl = d->owner->slot(d->slot);
  ExtensionEntry *entry = d->owner->slot_entry(d->slot);
  if (d->slot == HPy_tp_call && !(impl = call_function_of(inst, impl, &entry)))
    return hpy_type_throw(env, ts, hpy_h::TypeError, "'%s' object is not callable (no call function set)%s",
                          d->owner->name.c_str());
  // Missing operands are undefined, asked for only when one is missing.
  napi_value undef = nullptr;
  auto arg = [&](size_t i) {
    if (i < a.argc) return a.argv[i];
    if (!undef) napi_get_undefined(env, &undef);
    return undef;
  };
  bool reflected = false;
  if (is_binary_number_slot(s)) {
    size_t flag = s->sig == HPyFunc_BINARYFUNC ? 1 : 2;
    bool b = false;
    reflected = a.argc > flag && napi_get_value_bool(env, a.argv[flag], &b) == napi_ok && b;
  }
  Frame frame = hpy_frame_begin(ts);
  ExtensionCall call = hpy_type_call(d->owner->ctx, s->sig, impl, hpy_frame_self(frame, a.self));
  call.entry = entry;
  ArgHandles h;
  bool ready = true;
  switch (s->sig) {
    case HPyFunc_BINARYFUNC:
    case HPyFunc_OBJOBJPROC:
      call.b = h.add(ts, arg(0));
      if (reflected) std::swap(call.a, call.b);
      break;
    case HPyFunc_TERNARYFUNC:
      call.b = h.add(ts, arg(0));
      call.c = h.add(ts, arg(1));
      if (reflected) std::swap(call.a, call.b);
      break;
    case HPyFunc_RICHCMPFUNC: {
      int32_t op = -1;
      call.b = h.add(ts, arg(0));
      napi_get_value_int32(env, arg(1), &op);
      if (op < HPy_LT || op > HPy_GE) {
        hpy_err_raise(ts, hpy_h::SystemError, "tp_richcompare: invalid operator (expected HPy_LT..HPy_GE)");
        ready = false;
      }
      call.op = op;
      break;
    }
    case HPyFunc_SSIZEARGFUNC:
    case HPyFunc_SSIZEOBJARGPROC:
      if (!js_index(env, arg(0), &call.index)) {
        hpy_err_raise(ts, hpy_h::TypeError, "%s: the index must be an integer", s->name);
        ready = false;
      }
      if (s->sig == HPyFunc_SSIZEOBJARGPROC && a.argc > 1) call.b = h.add(ts, a.argv[1]);  // no value: delete
      break;
    case HPyFunc_OBJOBJARGPROC:
      call.b = h.add(ts, arg(0));
      if (a.argc > 1) call.c = h.add(ts, a.argv[1]);  // no value: delete
      break;
    case HPyFunc_KEYWORDS:
      ready = h.make(ts, a, KeywordStyle::Vectorcall);
      call.args = h.h;
      call.nargs = h.npos;
      call.kw = h.kw;
      break;
    default: break;
  }
  ExtensionResult r;
  r.h = HPy_NULL;
  if (ready) {
    CurrentInstance current(a.self, inst);
    r = hpy_extension_call(call);
  }
  h.close(ts);
  if (hpy_extension_returns_handle(s->sig))
    return engine ? hpy_frame_end_engine(frame, ready ? r.h : HPy_NULL, s->name, *engine)
                  : hpy_frame_end(frame, ready ? r.h : HPy_NULL, s->name);
  int64_t value = !ready                       ? -1
                  : s->sig == HPyFunc_LENFUNC  ? int64_t(r.size)
                  : s->sig == HPyFunc_HASHFUNC ? int64_t(r.hash)
                                               : r.status;
  bool failed =
      !ready || (value == -1 && ts->frame.error) || (value < 0 && s->sig != HPyFunc_HASHFUNC && s->sig != HPyFunc_LENFUNC);
  if (!hpy_frame_end_status(frame, failed ? -1 : 0, s->name)) return nullptr;
  bool number = s->sig == HPyFunc_LENFUNC || s->sig == HPyFunc_HASHFUNC;
  // As hpy_number_or_bigint: a number up to 2^53, a BigInt beyond.
  if (engine && number && value >= -(int64_t(1) << 53) && value <= (int64_t(1) << 53)) {
    engine->number = double(value);
    return kEngineNumberResult;
  }
  return integer_result(env, s->sig, value);
}
}  // namespace

napi_value hpy_type_slot_call(napi_env env, napi_callback_info info) {
  JsArgs a;
  a.read(env, info);
  return slot_call(env, a, nullptr);
}

napi_value hpy_type_slot_engine(napi_env env, const EngineCall &call) {
  JsArgs a;
  a.read(call);
  return slot_call(env, a, &call);
}

// HPy_Call on an instance: its tp_call slot method, bound to it.
napi_value hpy_type_call_slot(ThreadState *ts, napi_value v) {
  napi_env env = ts->env;
  if (!hpy_instance_data(env, v)) return nullptr;
  napi_value key = hpy_symbol_for(ts, "hpy.tp_call"), fn, bind, bound;
  napi_valuetype t = napi_undefined;
  if (!key || napi_get_property(env, v, key, &fn) != napi_ok || napi_typeof(env, fn, &t) != napi_ok || t != napi_function) {
    ts->frame.error = nullptr;
    return nullptr;
  }
  if (napi_get_named_property(env, fn, "bind", &bind) != napi_ok || napi_call_function(env, fn, bind, 1, &v, &bound) != napi_ok)
    return nullptr;
  hpy_method_tag(env, bound);  // keywords reach it as kwargs(), as HPyFunc_KEYWORDS wants
  return bound;
}
