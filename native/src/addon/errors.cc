#include "errors.h"

Napi::Value hpy_throw(Napi::Env env, const Status &status) {
  if (!env.IsExceptionPending()) {
    switch (status.kind) {
      case Status::Kind::TypeError: Napi::TypeError::New(env, status.message).ThrowAsJavaScriptException(); break;
      case Status::Kind::RangeError: Napi::RangeError::New(env, status.message).ThrowAsJavaScriptException(); break;
      case Status::Kind::Error: Napi::Error::New(env, status.message).ThrowAsJavaScriptException(); break;
    }
  }
  return env.Undefined();
}
