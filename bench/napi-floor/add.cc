// The Node-API floor of bench figure 3: add(a, b) on two numbers, written by
// hand with node-addon-api the way a careful author would, with no HPy in
// between. Its cost per call is what any native function call costs. And
// callHook(), figure 5's floor for calling a JavaScript hook from C.
#include <napi.h>
#include <chrono>

namespace {

Napi::Value Add(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (info.Length() != 2 || !info[0].IsNumber() || !info[1].IsNumber()) {
    throw Napi::TypeError::New(env, "add(a, b): two numbers expected");
  }
  double a = info[0].As<Napi::Number>().DoubleValue();
  double b = info[1].As<Napi::Number>().DoubleValue();
  return Napi::Number::New(env, a + b);
}

// For figure 5: what calling a JavaScript hook from C costs, in parts.
// callHook(fn, n, variant) calls fn(7) n times from one native frame and
// returns ns per call:
//   0  napi_call_function alone (function and argument made once)
//   1  as native/src/trace/hooks.cc does it: napi_get_reference_value,
//      napi_get_undefined and napi_create_uint32 on every call, then the call
//   2  variant 1 inside its own napi_open/close_handle_scope per call (the
//      handles of a long C loop then stop piling up in the outer scope)
Napi::Value CallHook(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (info.Length() != 3 || !info[0].IsFunction() || !info[1].IsNumber() || !info[2].IsNumber())
    throw Napi::TypeError::New(env, "callHook(fn, n, variant)");
  napi_value fn0 = info[0];
  int64_t n = info[1].As<Napi::Number>().Int64Value();
  int variant = info[2].As<Napi::Number>().Int32Value();
  napi_ref ref;
  napi_create_reference(env, fn0, 1, &ref);
  napi_value recv0, arg0, result;
  napi_get_undefined(env, &recv0);
  napi_create_uint32(env, 7, &arg0);
  auto t0 = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < n; i++) {
    if (variant == 0) {
      napi_call_function(env, recv0, fn0, 1, &arg0, &result);
      continue;
    }
    napi_handle_scope scope = nullptr;
    if (variant == 2) napi_open_handle_scope(env, &scope);
    napi_value fn, recv, arg;
    napi_get_reference_value(env, ref, &fn);
    napi_get_undefined(env, &recv);
    napi_create_uint32(env, uint32_t(i & 63), &arg);
    napi_call_function(env, recv, fn, 1, &arg, &result);
    if (scope) napi_close_handle_scope(env, scope);
  }
  double ns = double(std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - t0).count()) / double(n);
  napi_delete_reference(env, ref);
  return Napi::Number::New(env, ns);
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("add", Napi::Function::New(env, Add, "add"));
  exports.Set("callHook", Napi::Function::New(env, CallHook, "callHook"));
  return exports;
}

}  // namespace

NODE_API_MODULE(napi_floor, Init)
