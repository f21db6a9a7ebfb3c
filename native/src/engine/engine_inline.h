#pragma once
// The engine's reads that must be inline to be cheap, for the layers above
// (engine.h says why V8's API is used at all). Only V8's internal-constants
// header is included, not v8.h: what is read here is the layout of a
// tagged value, which that header describes for inline use by V8's own API.
#include <node_api.h>
#include <v8-internal.h>
#include "engine.h"

/* The tagged word a napi_value's slot holds: a small integer or a heap
 * object's address. */
inline v8::internal::Address hpy_engine_tagged(napi_value v) { return *reinterpret_cast<const v8::internal::Address *>(v); }

/* If `v` is a number, stores it in *out and returns true; never throws.
 * Node-API's napi_get_value_double is an environment check, a type check and
 * a status for each read; a small integer (a Smi) is neither a heap object
 * nor needs V8 to read it. */
inline bool hpy_engine_number_value(napi_value v, double *out) {
  using I = v8::internal::Internals;
  v8::internal::Address tagged = hpy_engine_tagged(v);
  if (__builtin_expect(!I::HasHeapObjectTag(tagged), 1)) {
    *out = double(I::SmiValue(tagged));
    return true;
  }
  return hpy_engine_heap_number_value(v, out);
}

// What a call's last argument may be, for the keyword check
// (core/call_args.h): a number (its value in *out), an ordinary object (the
// only kind a kwargs() object is), or anything else, which needs no more
// questions (null, undefined, a boolean, a string, an array, a function, an
// instance of an HPy type).
enum class EngineArgKind { Number, OrdinaryObject, Other };

inline EngineArgKind hpy_engine_arg_kind(napi_value v, double *out) {
  using I = v8::internal::Internals;
  v8::internal::Address tagged = hpy_engine_tagged(v);
  if (!I::HasHeapObjectTag(tagged)) {
    *out = double(I::SmiValue(tagged));
    return EngineArgKind::Number;
  }
  int type = I::GetInstanceType(tagged);
  if (type == I::kJSObjectType) return EngineArgKind::OrdinaryObject;
  if (type == I::kOddballType) return EngineArgKind::Other;  // null, undefined, true, false
  return hpy_engine_heap_number_value(v, out) ? EngineArgKind::Number : EngineArgKind::Other;
}

/* If `v` is a small integer (a Smi: 32 bits on x64), stores it in *out and
 * returns true; false for anything else, a number too (ask
 * hpy_engine_number_value then). */
inline bool hpy_engine_small_integer(napi_value v, int64_t *out) {
  using I = v8::internal::Internals;
  v8::internal::Address tagged = hpy_engine_tagged(v);
  if (I::HasHeapObjectTag(tagged)) return false;
  *out = I::SmiValue(tagged);
  return true;
}
