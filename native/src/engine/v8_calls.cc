// JavaScript functions whose calls reach C++ without Node-API's callback
// wrapper (engine.h): V8 calls the trampoline, which hands the arguments on
// as napi_values. Node-API calls made inside keep their contract: the
// exception one of them caught is left for the callback's return to
// rethrow, which Node-API's wrapper does and the trampoline does here.
#include "engine.h"
#include <v8.h>
#include <cmath>
#include <cstring>
#include <new>
#include "v8_values.h"

namespace {
// A number result: a small integer goes into the return slot as it is (V8's
// ReturnValue::Set(int32_t)), anything else through Number::New. -0 is not
// an integer here: it must stay -0.
__attribute__((always_inline)) inline void set_number(const v8::FunctionCallbackInfo<v8::Value> &info, double d) {
  if (d >= -2147483648.0 && d <= 2147483647.0) {
    auto i = int32_t(d);
    if (double(i) == d && (i != 0 || !std::signbit(d))) return info.GetReturnValue().Set(i);
  }
  info.GetReturnValue().Set(d);
}

// The trampoline's body, inline in it (the common call: no arguments to
// skip, new.target as V8 gives it) and in hpy_v8_dispatch.
__attribute__((always_inline)) inline void dispatch(const v8::FunctionCallbackInfo<v8::Value> &info, EngineFunction *fn, int skip,
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
  if (uintptr_t(result) <= uintptr_t(kEngineFalseResult) && result != nullptr) {
    if (result == kEngineNumberResult) return set_number(info, call.number);
    if (result == kEngineTrueResult || result == kEngineFalseResult)
      return info.GetReturnValue().Set(result == kEngineTrueResult);
    return;  // kEngineUndefinedResult: the return value is undefined until set
  }
  if (__builtin_expect(result != nullptr, 1)) return info.GetReturnValue().Set(hpy_v8_local(result));
  // No result: an exception may wait in the environment (Node-API keeps one
  // thrown inside its calls, napi_throw's included, until the callback
  // returns), and V8 must see it thrown. A callback that returns a result has
  // taken every exception of its Node-API calls (core/errors.h), so only
  // this path asks.
  bool pending = false;
  if (napi_is_exception_pending(fn->env, &pending) == napi_ok && pending) {
    napi_value error;
    if (napi_get_and_clear_last_exception(fn->env, &error) == napi_ok) info.GetIsolate()->ThrowException(hpy_v8_local(error));
  }
}

void trampoline(const v8::FunctionCallbackInfo<v8::Value> &info) {
  dispatch(info, static_cast<EngineFunction *>(info.Data().As<v8::External>()->Value()), 0, {});
}
}  // namespace

void hpy_v8_dispatch(const v8::FunctionCallbackInfo<v8::Value> &info, EngineFunction *fn, int skip,
                     v8::Local<v8::Value> new_target) {
  dispatch(info, fn, skip, new_target);
}

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
