// The errors the type callbacks (callbacks.h) raise before any extension
// code ran: built in a frame of their own, then thrown.
#include "callbacks.h"
#include "../../core/frame.h"

napi_value hpy_type_throw(napi_env env, ThreadState *ts, HPy type, const char *fmt, const char *a, const char *b) {
  (void)env;
  Frame f = hpy_frame_begin(ts);
  hpy_err_raise(ts, type, fmt, a, b);
  return hpy_frame_end(f, HPy_NULL, "hpy-node");
}

__attribute__((noinline)) InstanceData *hpy_type_not_an_instance(napi_env env, ThreadState *ts, const TypeDefRecord *d,
                                                                 const char *what) {
  hpy_type_throw(env, ts, hpy_h::TypeError, "%s of '%s' objects called on an object that is not one", what,
                 d->owner->name.c_str());
  return nullptr;
}
