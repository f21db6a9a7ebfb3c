// The constructor of every class made by HPyType_FromSpec: `new Cls(...)`
// runs tp_new (or makes the instance itself, or a builtin shape's), then
// tp_init on what tp_new returned when it is an instance of the class.
#include "callbacks.h"
#include "type_shapes.h"
#include "../describe.h"
#include "../../core/call_args.h"
#include "../../core/frame.h"

namespace {

bool is_instance_of(napi_env env, napi_value v, napi_value cls) {
  napi_valuetype t;
  if (napi_typeof(env, v, &t) != napi_ok || (t != napi_object && t != napi_function)) return false;
  bool r = false;
  return napi_instanceof(env, v, cls, &r) == napi_ok && r;
}

}  // namespace

namespace {
napi_value construct(napi_env env, JsArgs &a, napi_value new_target) {
  auto *rec = static_cast<TypeRecord *>(a.data);
  ThreadState *ts = hpy_call_state(env);
  if (!ts) return nullptr;
  if (!new_target)
    return hpy_type_throw(env, ts, hpy_h::TypeError, "Class constructor %s cannot be invoked without 'new'",
                          rec->short_name.c_str());
  // `new` on the class itself (the common case) is one compare.
  TypeRecord *target_rec = hpy_engine_class_is(rec->engine, new_target) ? rec : nullptr;
  if (!(rec->flags & HPy_TPFLAGS_BASETYPE) && target_rec != rec)
    return hpy_type_throw(env, ts, hpy_h::TypeError, "type '%s' is not an acceptable base type (it has no HPy_TPFLAGS_BASETYPE)",
                          rec->name.c_str());
  if (!target_rec) {
    // Reflect.construct(A, args, B): A's tp_new would make a B, whose struct
    // may be smaller than the A struct it writes. CPython's tp_new refuses
    // a class that is not a subtype, and so does this.
    TypeRecord *of_target = hpy_type_record_of_class(env, new_target);
    if (!of_target || !of_target->is_subtype_of(rec))
      return hpy_type_throw(
          env, ts, hpy_h::TypeError,
          "%s.__new__(X): X is not a subtype of %s (Reflect.construct with a newTarget that does not extend the class)",
          rec->short_name.c_str(), rec->name.c_str());
  }
  Frame frame = hpy_frame_begin(ts);
  PendingConstruction pending{new_target, false, target_rec, nullptr, ts->frame_depth};
  PendingConstruction *outer = hpy_pending_construction();
  hpy_pending_construction() = &pending;
  HPy cls = hpy_new(ts, new_target);
  HPy result = HPy_NULL;
  HPyCFunction tp_new = rec->slot(HPy_tp_new), tp_init = rec->slot(HPy_tp_init);
  ArgHandles h;
  if (h.make(ts, a, KeywordStyle::Dict)) {
    if (tp_new) {
      ExtensionCall call = hpy_type_call(rec->ctx, HPyFunc_NEWFUNC, tp_new, cls);
      call.entry = rec->slot_entry(HPy_tp_new);
      call.args = h.h;
      call.nargs = h.npos;
      call.kw = h.kw;
      result = hpy_extension_call(call).h;
      // JavaScript's `new` would turn a primitive into the empty `this`.
      napi_value r = HPy_IsNull(result) ? nullptr : hpy_value(ts, result);
      napi_valuetype t = napi_object;
      if (r && napi_typeof(env, r, &t) == napi_ok && t != napi_object && t != napi_function) {
        hpy_err_raise(ts, hpy_h::TypeError,
                      "%s: tp_new returned %s, not an object: JavaScript's `new` gives objects only; return an instance "
                      "(HPy_New) or another object",
                      rec->name.c_str(), hpy_describe_type(ts, r));
        if (hpy_entry(ts, result)) hpy_close(ts, result);
        result = HPy_NULL;
      }
    } else if (hpy_shape_builtin(rec->shape)) {
      napi_value obj =
          hpy_shape_instance_new(ts, new_target, rec, nullptr, a.argv, h.npos, h.npos < a.argc ? a.argv[h.npos] : nullptr);
      if (obj) result = hpy_new(ts, obj);
    } else if ((h.npos > 0 || !HPy_IsNull(h.kw)) && !tp_init) {
      hpy_err_raise(ts, hpy_h::TypeError, "%s() takes no arguments", rec->short_name.c_str());
    } else {
      napi_value obj = hpy_instance_new(ts, new_target, rec, nullptr);
      if (obj) result = hpy_new(ts, obj);
    }
  }
  if (!HPy_IsNull(result) && tp_init && !ts->frame.error) {
    napi_value r = hpy_value(ts, result);
    if (r && (r == pending.made || is_instance_of(env, r, new_target))) {
      ExtensionCall call = hpy_type_call(rec->ctx, HPyFunc_INITPROC, tp_init, result);
      call.entry = rec->slot_entry(HPy_tp_init);
      call.args = h.h;
      call.nargs = h.npos;
      call.kw = h.kw;
      if (hpy_extension_call(call).status < 0) {
        if (hpy_entry(ts, result)) hpy_close(ts, result);
        result = HPy_NULL;
      }
    }
  }
  hpy_pending_construction() = outer;
  if (hpy_entry(ts, cls)) hpy_close(ts, cls);
  h.close(ts);
  return hpy_frame_end(frame, result, rec->name.c_str());
}
}  // namespace

napi_value hpy_type_construct_engine(napi_env env, const EngineCall &call) {
  JsArgs a;
  a.read(call);
  return construct(env, a, call.new_target);
}
