#include "hook_error.h"
#include <string>

void hpy_hook_error_take(ThreadState *ts) {
  napi_env env = ts->env;
  bool pending = false;
  if (napi_is_exception_pending(env, &pending) != napi_ok || !pending) return;
  // The exception is taken inside a scope of its own, so a dropped error's
  // handle (and with it the error object and its stack trace) goes when the
  // scope closes, however many hook calls the frame makes. The first error
  // escapes into the enclosing scope: the hook's per-call scope is closed by
  // now, so that is the scope the extension runs in, the frame's own, and it
  // lives until the frame returns. Escaping works for any value; a napi_ref
  // would not hold a primitive on Node 20.
  napi_escapable_handle_scope scope;
  bool scoped = napi_open_escapable_handle_scope(env, &scope) == napi_ok;
  napi_value exc;
  // Hooks of HPy_LeavePythonExecution/ReenterPythonExecution run while the
  // frame has left Python execution (frame_depth 0, left.depth its depth).
  if (napi_get_and_clear_last_exception(env, &exc) == napi_ok && (ts->frame_depth > 0 || ts->frame.left.depth > 0)) {
    napi_value kept;
    if (!ts->frame.hook_error && scoped && napi_escape_handle(env, scope, exc, &kept) == napi_ok) {
      ts->frame.hook_error = kept;
    } else if (!ts->frame.hook_error && !scoped) {
      ts->frame.hook_error = exc;  // already in the enclosing scope
    } else {
      ts->frame.hook_errors_dropped++;
    }
  }
  if (scoped) napi_close_escapable_handle_scope(env, scope);
}

namespace {
// The value of `v` as UTF-8 if it is a string.
bool utf8_of(napi_env env, napi_value v, std::string *out) {
  size_t len;
  if (napi_get_value_string_utf8(env, v, nullptr, 0, &len) != napi_ok) return false;
  out->resize(len);
  return napi_get_value_string_utf8(env, v, &(*out)[0], len + 1, &len) == napi_ok;
}

napi_value string_value(napi_env env, const std::string &s) {
  napi_value v = nullptr;
  napi_create_string_utf8(env, s.data(), s.size(), &v);
  return v;
}

// A getter or setter of the user's error may throw: that must not replace
// the error itself.
void clear_pending(napi_env env) {
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending) {
    napi_value ignored;
    napi_get_and_clear_last_exception(env, &ignored);
  }
}
}  // namespace

napi_value hpy_hook_error_for_caller(ThreadState *ts) {
  napi_env env = ts->env;
  napi_value err = ts->frame.hook_error;
  uint64_t dropped = ts->frame.hook_errors_dropped;
  if (dropped == 0) return err;
  napi_valuetype type;
  if (napi_typeof(env, err, &type) != napi_ok || (type != napi_object && type != napi_function)) return err;
  napi_value message_value;
  std::string message;
  if (napi_get_named_property(env, err, "message", &message_value) != napi_ok || !utf8_of(env, message_value, &message)) {
    clear_pending(env);
    return err;
  }
  std::string suffix = " (and " + std::to_string(dropped) +
                       (dropped == 1 ? " more error thrown by trace hooks during this call was dropped)"
                                     : " more errors thrown by trace hooks during this call were dropped)");
  std::string annotated = message + suffix;
  if (napi_set_named_property(env, err, "message", string_value(env, annotated)) != napi_ok) {
    clear_pending(env);
    return err;
  }
  // V8 formats `stack` from the message when it is first read; if a hook
  // read it already, its first line has the old message: update that too.
  napi_value stack_value;
  std::string stack;
  if (!message.empty() && napi_get_named_property(env, err, "stack", &stack_value) == napi_ok &&
      utf8_of(env, stack_value, &stack) && stack.find(annotated) == std::string::npos) {
    size_t at = stack.find(message);
    if (at != std::string::npos) {
      stack.replace(at, message.size(), annotated);
      napi_set_named_property(env, err, "stack", string_value(env, stack));
    }
  }
  clear_pending(env);
  return err;
}
