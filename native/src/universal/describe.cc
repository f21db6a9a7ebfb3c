#include "describe.h"
#include <cstring>
#include "../core/frame.h"

const char *hpy_describe_type(ThreadState *ts, napi_value v) {
  napi_valuetype t;
  if (!v || napi_typeof(ts->env, v, &t) != napi_ok) return "object";
  switch (t) {
    case napi_undefined: return "undefined";
    case napi_null: return "null";
    case napi_boolean: return "boolean";
    case napi_number: return "number";
    case napi_string: return "string";
    case napi_symbol: return "symbol";
    case napi_bigint: return "bigint";
    case napi_function: return "function";
    default: break;
  }
  // Objects: the constructor's name, which is what users know them by. The
  // helper cannot fail on an ordinary object, but a Proxy may throw: keep the
  // caller's error (if any) rather than the proxy's.
  napi_value saved = ts->frame.error;
  napi_value name = hpy_call_helper(ts, HELPER_typeName, 1, &v);
  ts->frame.error = saved;
  size_t len = 0;
  if (!name || napi_get_value_string_utf8(ts->env, name, nullptr, 0, &len) != napi_ok) return "object";
  char *buf = hpy_scratch_alloc(ts, len + 1);
  if (!buf) return "object";
  napi_get_value_string_utf8(ts->env, name, buf, len + 1, &len);
  return buf;
}
