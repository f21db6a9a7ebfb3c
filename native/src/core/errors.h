#pragma once
// The HPy error indicator, per thread. Native failures never throw C++ or
// JavaScript exceptions while extension C frames are on the stack: they set
// this indicator and return HPy's failure value; the frame turns it into a
// JavaScript exception when the extension function returns (frame.cc).
#include "hpy.h"
#include "autogen_handles.h"
#include "thread_state.h"

/* Sets the pending error to any JavaScript value. */
void hpy_err_set_value(ThreadState *ts, napi_value err);

/* Creates an instance of the exception class `type` (a handle to a class,
 * usually a context constant) with a printf-style message and sets it. */
void hpy_err_raise(ThreadState *ts, HPy type, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* After a napi call returned `status` != napi_ok: takes the pending JavaScript
 * exception as the HPy error, or sets a SystemError naming the failure.
 * Always returns false, for `return hpy_err_napi(...)` chains. */
bool hpy_err_napi(ThreadState *ts, napi_status status, const char *what);

inline bool hpy_ok(ThreadState *ts, napi_status status, const char *what) {
  return status == napi_ok || hpy_err_napi(ts, status, what);
}

/* Checks a napi call; false (with the HPy error set) when it failed. */
#define HPY_NAPI_OK(ts, call) hpy_ok((ts), (call), #call)

/* The calling thread's state when an HPy call is active on it. Otherwise
 * (a thread the host does not know, or no extension call in progress) returns
 * nullptr, and the first time on this thread prints what went wrong, naming
 * the context function (errors.cc says why this is the one place that
 * prints). `impl_name` is the implementation's own name, `hpy_u_X` (its
 * __func__); the message names the context function, `ctx_X`. */
ThreadState *hpy_state_slow(const char *impl_name);
inline ThreadState *hpy_state(const char *impl_name) {
  ThreadState *ts = t_state;
  if (__builtin_expect(ts != nullptr && ts->frame_depth > 0, 1)) return ts;
  return hpy_state_slow(impl_name);
}
