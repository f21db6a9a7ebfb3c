#include "errors.h"
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include "handles.h"

void hpy_err_set_value(ThreadState *ts, napi_value err) { ts->frame.error = err; }

static napi_value make_exception(ThreadState *ts, HPy type, const char *message) {
  napi_env env = ts->env;
  napi_value msg, ctor, instance;
  napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &msg);
  napi_value saved = ts->frame.error;  // hpy_value may report an invalid handle
  ctor = hpy_value(ts, type);
  ts->frame.error = saved;
  napi_valuetype t = napi_undefined;
  if (ctor) napi_typeof(env, ctor, &t);
  if (t == napi_function && napi_new_instance(env, ctor, 1, &msg, &instance) == napi_ok) return instance;
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending) {
    napi_value ignored;
    napi_get_and_clear_last_exception(env, &ignored);
  }
  // Not a class we can instantiate: fall back to a plain Error that says so.
  char buf[1200];
  snprintf(buf, sizeof buf, "%s (the exception type given to HPy is not a constructible class)", message);
  napi_create_string_utf8(env, buf, NAPI_AUTO_LENGTH, &msg);
  napi_create_error(env, nullptr, msg, &instance);
  return instance;
}

void hpy_err_raise(ThreadState *ts, HPy type, const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  // Finding the exception's class can itself fail (Node-API refuses to run
  // during environment teardown) and raise again: that inner error is made
  // without a class lookup, so the two cannot recurse.
  static thread_local bool making = false;
  if (making) {
    napi_value msg = nullptr, err = nullptr;
    napi_create_string_utf8(ts->env, buf, NAPI_AUTO_LENGTH, &msg);
    if (msg) napi_create_error(ts->env, nullptr, msg, &err);
    ts->frame.error = err;
    return;
  }
  making = true;
  ts->frame.error = make_exception(ts, type, buf);
  making = false;
}

static const char *status_text(napi_env env) {
  const napi_extended_error_info *info = nullptr;
  if (napi_get_last_error_info(env, &info) == napi_ok && info && info->error_message) return info->error_message;
  return "unknown Node-API failure";
}

bool hpy_err_napi(ThreadState *ts, napi_status status, const char *what) {
  napi_env env = ts->env;
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending) {
    napi_value exc;
    napi_get_and_clear_last_exception(env, &exc);
    ts->frame.error = exc;
    return false;
  }
  const char *text = status_text(env);
  HPy type = (status == napi_object_expected || status == napi_string_expected || status == napi_number_expected ||
              status == napi_function_expected || status == napi_boolean_expected || status == napi_array_expected ||
              status == napi_bigint_expected)
                 ? hpy_h::TypeError
                 : hpy_h::SystemError;
  hpy_err_raise(ts, type, "%s (in %s)", text, what);
  return false;
}

// The one place where the native core writes to stderr. A failed HPy call
// normally sets the HPy error, which its frame throws to the JavaScript caller
// (frame.cc); a call made where no frame is running has nowhere to put one:
// on a thread with no JavaScript environment (one the extension started) there
// is no JavaScript at all, and on a JavaScript thread outside a call from
// JavaScript there is no caller. So the call fails (HPy_NULL, -1; HPy_Close
// does nothing, since the handle belongs to another thread's frame), and
// stderr is the only way to tell the user. Once per thread for each of the
// two cases: an extension making such calls in a loop would otherwise write
// one line per call.
ThreadState *hpy_state_slow(const char *impl_name) {
  static __thread bool t_told_no_environment, t_told_no_frame;
  constexpr const char kImplPrefix[] = "hpy_u_";
  const char *function_name =
      strncmp(impl_name, kImplPrefix, sizeof kImplPrefix - 1) == 0 ? impl_name + sizeof kImplPrefix - 1 : impl_name;
  ThreadState *ts = t_state;
  if (ts != nullptr && ts->frame.left.depth > 0) {
    // Between HPy_LeavePythonExecution and HPy_ReenterPythonExecution: the
    // call fails, and HPy_ReenterPythonExecution raises a SystemError naming
    // the first such call (python_execution.cc).
    if (!ts->frame.left.first_call) ts->frame.left.first_call = function_name;
    ts->frame.left.calls++;
    return nullptr;
  }
  bool &told = ts == nullptr ? t_told_no_environment : t_told_no_frame;
  if (told) return nullptr;
  told = true;
  const char *prefix = "ctx_";
  if (ts == nullptr) {
    fprintf(stderr,
            "hpy-node: %s%s was called on a thread that has no JavaScript environment. HPy calls are only valid on "
            "the thread that called into the extension, while that call runs: compute on other threads in plain C, "
            "and make the HPy calls after joining them. This and later HPy calls on this thread fail (return HPy_NULL "
            "or -1; HPy_Close does nothing) without another message.\n",
            prefix, function_name);
  } else {
    fprintf(stderr,
            "hpy-node: %s%s was called while no extension function is running on this thread (for example from a "
            "callback the extension kept). HPy calls are only valid during a call from JavaScript. This and later "
            "such calls on this thread fail (return HPy_NULL or -1; HPy_Close does nothing) without another "
            "message.\n",
            prefix, function_name);
  }
  return nullptr;
}
