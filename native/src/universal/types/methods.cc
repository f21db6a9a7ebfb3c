// Methods of a type (HPyDef_METH in a type's defines), called on an
// instance: the same call path as a module function (core/call_args.h),
// with `this` checked and made the current instance.
#include "callbacks.h"
#include "../../core/call_args.h"
#include "../../core/frame.h"

namespace {
// `engine`: the trampoline's call when it made this one (a number result
// may then go back unboxed), else null.
napi_value method_call(napi_env env, InstanceCall &c, const EngineCall *engine) {
  JsArgs &args = c.args;
  ThreadState *ts = c.ts;
  const HPyMeth &m = c.d->def->meth;
  if (!hpy_call_check_arity(env, m.signature, m.name, args.npos(env), args.keywords(env))) return nullptr;
  Frame frame = hpy_frame_begin(ts);
  ExtensionCall call = hpy_type_call(c.d->owner->ctx, m.signature, m.impl, hpy_frame_self(frame, args.self));
  call.entry = c.d->entry;
  HPy result;
  {
    CurrentInstance current(args.self, c.inst);
    result = hpy_call_with_args(ts, args, call);
  }
  return engine ? hpy_frame_end_engine(frame, result, m.name, *engine) : hpy_frame_end(frame, result, m.name);
}

// A NOARGS method called without arguments (p.sum()): no argument array or
// keyword check.
napi_value method_call_noargs(napi_env env, napi_value this_arg, void *data, const EngineCall *engine) {
  auto *d = static_cast<TypeDefRecord *>(data);
  const HPyMeth &m = d->def->meth;
  ThreadState *ts = hpy_call_state(env);
  if (!ts) return nullptr;
  InstanceData *inst = hpy_type_self(env, ts, this_arg, d, m.name);
  if (!inst) return nullptr;
  Frame frame = hpy_frame_begin(ts);
  HPy self = hpy_frame_self(frame, this_arg);
  HPy result;
  {
    CurrentInstance current(this_arg, inst);
    ExtensionCall call = hpy_type_call(d->owner->ctx, HPyFunc_NOARGS, m.impl, self);
    call.entry = d->entry;
    result = hpy_extension_call_noargs(call);
  }
  return engine ? hpy_frame_end_engine(frame, result, m.name, *engine) : hpy_frame_end(frame, result, m.name);
}
}  // namespace

napi_value hpy_type_method_call(napi_env env, napi_callback_info info) {
  InstanceCall c;
  return c.begin(env, info) ? method_call(env, c, nullptr) : nullptr;
}

// A call with arguments goes to hpy_type_method_call, which reports it.
napi_value hpy_type_method_call_noargs(napi_env env, napi_callback_info info) {
  size_t argc = 0;
  napi_value this_arg = nullptr;
  void *data = nullptr;
  napi_get_cb_info(env, info, &argc, nullptr, &this_arg, &data);
  if (__builtin_expect(argc != 0, 0)) return hpy_type_method_call(env, info);
  return method_call_noargs(env, this_arg, data, nullptr);
}

napi_value hpy_type_method_engine(napi_env env, const EngineCall &call) {
  auto *d = static_cast<TypeDefRecord *>(call.data);
  if (d->def->meth.signature == HPyFunc_NOARGS && call.argc == 0) return method_call_noargs(env, call.self, call.data, &call);
  InstanceCall c;
  return c.begin(env, call) ? method_call(env, c, &call) : nullptr;
}
