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

namespace {
void trampoline(const v8::FunctionCallbackInfo<v8::Value> &info) {
  auto *fn = static_cast<EngineFunction *>(info.Data().As<v8::External>()->Value());
  size_t argc = size_t(info.Length());
  napi_value stack[kEngineStackArgs];
  napi_value *argv = argc <= kEngineStackArgs ? stack : static_cast<napi_value *>(malloc(argc * sizeof(napi_value)));
  if (!argv) {
    info.GetIsolate()->ThrowException(v8::Exception::RangeError(
        v8::String::NewFromUtf8Literal(info.GetIsolate(), "hpy-node: no memory for the arguments of a call")));
    return;
  }
  for (size_t i = 0; i < argc; i++) argv[i] = hpy_v8_value(info[int(i)]);
  EngineCall call{hpy_v8_value(info.This()), info.IsConstructCall() ? hpy_v8_value(info.NewTarget()) : nullptr, argc, argv,
                  fn->data};
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
}  // namespace

v8::Local<v8::FunctionTemplate> hpy_v8_function_template(v8::Isolate *iso, EngineFunction *fn) {
  return v8::FunctionTemplate::New(iso, trampoline, v8::External::New(iso, fn));
}

napi_value hpy_engine_function(napi_env env, const char *name, EngineCallback callback, void *data) {
  EngineFunction *fn = hpy_engine_function_record(env, callback, data);
  if (!fn) return nullptr;
  v8::Isolate *iso = v8::Isolate::GetCurrent();
  v8::EscapableHandleScope scope(iso);
  v8::Local<v8::FunctionTemplate> tmpl = hpy_v8_function_template(iso, fn);
  v8::Local<v8::String> fname;
  v8::Local<v8::Function> f;
  if (!v8::String::NewFromUtf8(iso, name).ToLocal(&fname)) return nullptr;
  tmpl->SetClassName(fname);
  if (!tmpl->GetFunction(iso->GetCurrentContext()).ToLocal(&f)) return nullptr;
  f->SetName(fname);
  return hpy_v8_value(scope.Escape(f));
}
