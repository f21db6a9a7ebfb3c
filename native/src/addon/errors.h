#pragma once
// The one place where failures of the native core (Status values) become
// JavaScript exceptions. Built without C++ exceptions: each function throws
// into JavaScript and returns, and the caller returns an empty value.
#include <napi.h>
#include "../core/status.h"

/* Throws `status` as the JavaScript class its kind names, unless an exception
 * is already pending (that one is more precise). Returns undefined, for
 * `return hpy_throw(...)`. */
Napi::Value hpy_throw(Napi::Env env, const Status &status);

/* A TypeError for a wrong argument of the addon's own functions. */
inline Napi::Value hpy_throw_type_error(Napi::Env env, const std::string &message) {
  return hpy_throw(env, Status::Fail(message, Status::Kind::TypeError));
}
