// Getsets of a type (HPyDef_GETSET): accessor properties of the class's
// prototype whose getter and setter are the extension's C functions.
#include "callbacks.h"
#include "../../core/call_args.h"
#include "../../core/frame.h"

napi_value hpy_type_getset_get(napi_env env, napi_callback_info info) {
  InstanceCall c;
  if (!c.begin(env, info)) return nullptr;
  const HPyGetSet &g = c.d->def->getset;
  Frame frame = hpy_frame_begin(c.ts);
  ExtensionCall call = hpy_type_call(c.d->owner->ctx, HPyFunc_GETTER, g.getter_impl, hpy_frame_self(frame, c.args.self));
  call.ptr = g.closure;
  call.entry = c.d->entry;
  HPy result;
  {
    CurrentInstance current(c.args.self, c.inst);
    result = hpy_extension_call(call).h;
  }
  return hpy_frame_end(frame, result, g.name);
}

napi_value hpy_type_getset_set(napi_env env, napi_callback_info info) {
  InstanceCall c;
  if (!c.begin(env, info)) return nullptr;
  const JsArgs &args = c.args;
  const TypeDefRecord *d = c.d;
  ThreadState *ts = c.ts;
  const HPyGetSet &g = d->def->getset;
  if (!g.setter_impl)
    return hpy_type_throw(env, ts, hpy_h::AttributeError, "attribute '%s' of '%s' objects is not writable", g.name,
                          d->owner->name.c_str());
  Frame frame = hpy_frame_begin(ts);
  napi_value undef;
  napi_get_undefined(env, &undef);
  ArgHandles value;
  ExtensionCall call = hpy_type_call(d->owner->ctx, HPyFunc_SETTER, g.setter_impl, hpy_frame_self(frame, args.self),
                                     value.add(ts, args.arg(0, undef)));
  call.ptr = g.closure;
  call.entry = d->set_entry;
  int status;
  {
    CurrentInstance current(args.self, c.inst);
    status = hpy_extension_call(call).status;
  }
  value.close(ts);
  hpy_frame_end_status(frame, status, g.name);
  return nullptr;
}
