#include "errors.h"
#include "../core/js_error.h"

Napi::Value hpy_throw(Napi::Env env, const Status &status) {
  hpy_throw_status(env, status);
  return env.Undefined();
}
