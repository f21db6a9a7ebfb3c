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

// callHook(fn, n, variant): ns per call of fn(7) from one native callback.
// Variant 0: napi_call_function alone, the least a hook can cost; 1: the
// same in its own handle scope per call, as hooks.cc does past the first
// calls of a frame. Keep n modest for variant 0: its results stay in the
// callback's scope until it returns.
Napi::Value CallHook(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (info.Length() != 3 || !info[0].IsFunction() || !info[1].IsNumber() || !info[2].IsNumber())
    throw Napi::TypeError::New(env, "callHook(fn, n, variant)");
  napi_value fn = info[0];
  int64_t n = info[1].As<Napi::Number>().Int64Value();
  bool scoped = info[2].As<Napi::Number>().Int32Value() == 1;
  napi_value recv, arg;
  napi_get_undefined(env, &recv);
  napi_create_uint32(env, 7, &arg);
  auto t0 = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < n; i++) {
    napi_handle_scope scope = nullptr;
    if (scoped) napi_open_handle_scope(env, &scope);
    napi_call_function(env, recv, fn, 1, &arg, nullptr);
    if (scope) napi_close_handle_scope(env, scope);
  }
  double ns = double(std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - t0).count()) / double(n);
  return Napi::Number::New(env, ns);
}

// Figure 10's floor: the Point of issue 11 as an ObjectWrap class, with the
// same fields (two doubles), constructor check, member and method.
class Point : public Napi::ObjectWrap<Point> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Point",
                       {InstanceAccessor<&Point::GetX, &Point::SetX>("x"), InstanceAccessor<&Point::GetY, &Point::SetY>("y"),
                        InstanceMethod<&Point::Sum>("sum")});
  }
  explicit Point(const Napi::CallbackInfo &info) : Napi::ObjectWrap<Point>(info) {
    if (info.Length() != 2 || !info[0].IsNumber() || !info[1].IsNumber())
      throw Napi::TypeError::New(info.Env(), "Point(x, y): two numbers expected");
    x_ = info[0].As<Napi::Number>().DoubleValue();
    y_ = info[1].As<Napi::Number>().DoubleValue();
  }

 private:
  Napi::Value GetX(const Napi::CallbackInfo &info) { return Napi::Number::New(info.Env(), x_); }
  void SetX(const Napi::CallbackInfo &info, const Napi::Value &v) { x_ = v.As<Napi::Number>().DoubleValue(); }
  Napi::Value GetY(const Napi::CallbackInfo &info) { return Napi::Number::New(info.Env(), y_); }
  void SetY(const Napi::CallbackInfo &info, const Napi::Value &v) { y_ = v.As<Napi::Number>().DoubleValue(); }
  Napi::Value Sum(const Napi::CallbackInfo &info) { return Napi::Number::New(info.Env(), x_ + y_); }
  double x_ = 0, y_ = 0;
};

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("add", Napi::Function::New(env, Add, "add"));
  exports.Set("Point", Point::Define(env));
  exports.Set("callHook", Napi::Function::New(env, CallHook, "callHook"));
  return exports;
}

}  // namespace

NODE_API_MODULE(napi_floor, Init)
