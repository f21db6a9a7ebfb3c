#pragma once
// Shared by engine/*.cc, the files that include v8.h: napi_value and
// v8::Local<v8::Value> are the same pointer (Node's own Node-API
// implementation converts them by copying), so values cross between the two
// APIs at no cost.
#include <node_api.h>
#include <v8.h>
#include <cstring>
#include "engine.h"

// V8 13.6 (Node 24) deprecates String::Write and WriteOneByte, and the
// addon builds with -Werror; V8 11.3 and 12.4 (Node 20, 22) have only them.
#define HPY_V8_HAS_WRITE_V2 (V8_MAJOR_VERSION > 13 || (V8_MAJOR_VERSION == 13 && V8_MINOR_VERSION >= 6))

inline v8::Local<v8::Value> hpy_v8_local(napi_value v) {
  v8::Local<v8::Value> l;
  static_assert(sizeof l == sizeof v, "napi_value is a v8::Local");
  memcpy(static_cast<void *>(&l), &v, sizeof v);
  return l;
}

inline napi_value hpy_v8_value(v8::Local<v8::Value> l) {
  napi_value v;
  memcpy(static_cast<void *>(&v), &l, sizeof v);
  return v;
}

/* A new function record, freed with the environment's engine state;
 * nullptr without one (hpy_engine_env_begin) or memory. */
EngineFunction *hpy_engine_function_record(napi_env env, EngineCallback callback, void *data);

/* Hands the call on to fn->callback as the trampoline does, without its
 * first `skip` arguments; as `new` with `new_target` when that is given. */
void hpy_v8_dispatch(const v8::FunctionCallbackInfo<v8::Value> &info, EngineFunction *fn, int skip,
                     v8::Local<v8::Value> new_target);

/* A function named `name` that calls fn->callback (a constructor too when
 * `constructor`); fn must outlive it. V8 does not keep it: it is collected
 * like any JavaScript function. */
v8::MaybeLocal<v8::Function> hpy_v8_function(v8::Local<v8::Context> ctx, EngineFunction *fn, const char *name, bool constructor);
