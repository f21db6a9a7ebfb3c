#include "js_error.h"

void hpy_throw_status(napi_env env, const Status &status) {
  bool pending = false;
  if (napi_is_exception_pending(env, &pending) == napi_ok && pending) return;
  const char *message = status.message.c_str();
  switch (status.kind) {
    case Status::Kind::TypeError: napi_throw_type_error(env, nullptr, message); break;
    case Status::Kind::RangeError: napi_throw_range_error(env, nullptr, message); break;
    case Status::Kind::Error: napi_throw_error(env, nullptr, message); break;
  }
}

Status hpy_no_runtime_status() {
  return Status::Fail(
      "hpy-node: this thread has no HPy runtime (no extension was loaded in this environment, or the environment is "
      "shutting down): load the extension with load() before calling into it");
}
