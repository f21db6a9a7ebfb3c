#include "method_call.h"
#include "../core/call_args.h"
#include "../core/frame.h"
#include "module_instance.h"

// The module object is `self`; debug mode adapts the handles in
// hpy_extension_call's hook, as for every other call into extension code.
namespace {
// `engine`: the trampoline's call when it made this one (a number result
// may then go back unboxed), else null.
__attribute__((always_inline)) inline napi_value call_method(napi_env env, JsArgs &args, const EngineCall *engine) {
  auto *m = static_cast<MethodRecord *>(args.data);
  HPyFunc_Signature sig = m->meth->signature;
  if (!hpy_call_check_arity(env, sig, m->qualname.c_str(), args.npos(env), args.keywords(env))) return nullptr;
  ThreadState *ts = hpy_call_state(env);
  if (!ts) return nullptr;
  Frame frame = hpy_frame_begin(ts);
  ExtensionCall call;
  call.ctx = m->call_ctx;
  call.sig = sig;
  call.impl = m->meth->impl;
  call.entry = m->entry;
  call.a = hpy_frame_self_ref(frame, m->instance->object);
  HPy result = hpy_call_with_args(ts, args, call);
  return engine ? hpy_frame_end_engine(frame, result, m->qualname.c_str(), *engine)
                : hpy_frame_end(frame, result, m->qualname.c_str());
}
}  // namespace

napi_value hpy_method_call(napi_env env, napi_callback_info info) {
  JsArgs args;
  args.read(env, info);
  return call_method(env, args, nullptr);
}

napi_value hpy_method_call_engine(napi_env env, const EngineCall &engine_call) {
  JsArgs args;
  args.read(engine_call);
  return call_method(env, args, &engine_call);
}
