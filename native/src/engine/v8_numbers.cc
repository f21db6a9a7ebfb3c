// Numbers on V8's own API: a handle's unboxed double becomes a JavaScript
// number each time JavaScript (or an array, a call) needs it, which
// napi_create_double wraps in an environment check and a status per call.
#include <v8.h>
#include "engine.h"
#include "v8_values.h"

napi_value hpy_engine_number(double d) { return hpy_v8_value(v8::Number::New(v8::Isolate::GetCurrent(), d)); }

bool hpy_engine_heap_number_value(napi_value v, double *out) {
  v8::Local<v8::Value> l = hpy_v8_local(v);
  if (!l->IsNumber()) return false;
  *out = l.As<v8::Number>()->Value();
  return true;
}
