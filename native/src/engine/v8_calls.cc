// JavaScript functions whose calls reach C++ without Node-API's callback
// wrapper (engine.h): V8 calls the trampoline, which hands the arguments on
// as napi_values. Node-API calls made inside keep their contract: the
// exception one of them caught is left for the callback's return to
// rethrow, which Node-API's wrapper does and the trampoline does here.
#include "engine.h"
#include <v8.h>
#include <cstring>
#include <new>
#include "v8_values.h"

void hpy_v8_dispatch(const v8::FunctionCallbackInfo<v8::Value> &info, EngineFunction *fn, int skip,
                     v8::Local<v8::Value> new_target) {
  size_t argc = size_t(info.Length() - skip);
  napi_value stack[kEngineStackArgs];
  napi_value *argv = argc <= kEngineStackArgs ? stack : static_cast<napi_value *>(malloc(argc * sizeof(napi_value)));
  if (!argv) {
    info.GetIsolate()->ThrowException(v8::Exception::RangeError(
        v8::String::NewFromUtf8Literal(info.GetIsolate(), "hpy-node: no memory for the arguments of a call")));
    return;
  }
  for (size_t i = 0; i < argc; i++) argv[i] = hpy_v8_value(info[int(i) + skip]);
  if (new_target.IsEmpty() && info.IsConstructCall()) new_target = info.NewTarget();
  EngineCall call{hpy_v8_value(info.This()), new_target.IsEmpty() ? nullptr : hpy_v8_value(new_target), argc, argv, fn->data};
  napi_value result = fn->callback(fn->env, call);
  if (argv != stack) free(argv);
  bool pending = false;
  if (__builtin_expect(napi_is_exception_pending(fn->env, &pending) == napi_ok && pending, 0)) {
    napi_value error;
    if (napi_get_and_clear_last_exception(fn->env, &error) == napi_ok) info.GetIsolate()->ThrowException(hpy_v8_local(error));
    return;
  }
  if (result) info.GetReturnValue().Set(hpy_v8_local(result));
}

namespace {
void trampoline(const v8::FunctionCallbackInfo<v8::Value> &info) {
  hpy_v8_dispatch(info, static_cast<EngineFunction *>(info.Data().As<v8::External>()->Value()), 0, {});
}
}  // namespace

v8::MaybeLocal<v8::Function> hpy_v8_function(v8::Local<v8::Context> ctx, EngineFunction *fn, const char *name, bool constructor) {
  v8::Isolate *iso = ctx->GetIsolate();
  v8::Local<v8::String> fname;
  v8::Local<v8::Function> f;
  if (!v8::String::NewFromUtf8(iso, name).ToLocal(&fname)) return {};
  // Function::New, not a FunctionTemplate: V8 keeps every function made from
  // a template for the life of the context (its instantiation cache), so a
  // type or a module made again and again would never be collected.
  if (!v8::Function::New(ctx, trampoline, v8::External::New(iso, fn), 0,
                         constructor ? v8::ConstructorBehavior::kAllow : v8::ConstructorBehavior::kThrow)
           .ToLocal(&f))
    return {};
  f->SetName(fname);
  return f;
}

napi_value hpy_engine_function(napi_env env, const char *name, EngineCallback callback, void *data) {
  EngineFunction *fn = hpy_engine_function_record(env, callback, data);
  return fn ? hpy_engine_function_in(env, name, fn) : nullptr;
}

napi_value hpy_engine_function_in(napi_env env, const char *name, EngineFunction *fn) {
  v8::Isolate *iso = v8::Isolate::GetCurrent();
  v8::EscapableHandleScope scope(iso);
  v8::Local<v8::Function> f;
  if (!hpy_v8_function(iso->GetCurrentContext(), fn, name, false).ToLocal(&f)) return nullptr;
  return hpy_v8_value(scope.Escape(f));
}
