#pragma once
// The engine's reads that must be inline to be cheap, for the layers above
// (engine.h says why V8's API is used at all). Only V8's internal-constants
// header is included, not v8.h: what is read here is the layout of a
// tagged value, which that header describes for inline use by V8's own API.
#include <node_api.h>
#include <v8-internal.h>
#include "engine.h"

/* If `v` is a number, stores it in *out and returns true; never throws.
 * Node-API's napi_get_value_double is an environment check, a type check and
 * a status for each read; a small integer (a Smi) is neither a heap object
 * nor needs V8 to read it. */
inline bool hpy_engine_number_value(napi_value v, double *out) {
  using I = v8::internal::Internals;
  v8::internal::Address tagged = *reinterpret_cast<const v8::internal::Address *>(v);
  if (__builtin_expect(!I::HasHeapObjectTag(tagged), 1)) {
    *out = double(I::SmiValue(tagged));
    return true;
  }
  return hpy_engine_heap_number_value(v, out);
}
