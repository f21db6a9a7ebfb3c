// HPyErr_* and HPy_FatalError: the error indicator. The pending error is any
// JavaScript value (ts->frame.error); the frame throws it when the extension
// function returns its failure value.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include "autogen_universal.h"
#include "codec.h"

namespace {

napi_value undefined_value(ThreadState *ts) {
  napi_value u;
  napi_get_undefined(ts->env, &u);
  return u;
}

// The value of an optional handle argument: HPy_NULL is JavaScript's
// undefined (Python's NULL/None), anything else must be a valid handle.
bool optional_value(ThreadState *ts, HPy h, napi_value *out) {
  if (HPy_IsNull(h)) {
    *out = undefined_value(ts);
    return true;
  }
  *out = hpy_value(ts, h);
  return *out != nullptr;
}

bool same_value(ThreadState *ts, napi_value a, HPy constant) {
  napi_value b = hpy_value(ts, constant);
  bool eq = false;
  return b && napi_strict_equals(ts->env, a, b, &eq) == napi_ok && eq;
}

// OSError's constructor picks a subclass from errno (PEP 3151); HPy code
// raising OSError gets the same classes as Python code would.
static HPy errno_subclass(int e) {
  switch (e) {
    case EAGAIN:
#if EWOULDBLOCK != EAGAIN
    case EWOULDBLOCK:
#endif
    case EALREADY:
    case EINPROGRESS: return hpy_h::BlockingIOError;
    case ECHILD: return hpy_h::ChildProcessError;
    case EPIPE:
    case ESHUTDOWN: return hpy_h::BrokenPipeError;
    case ECONNABORTED: return hpy_h::ConnectionAbortedError;
    case ECONNREFUSED: return hpy_h::ConnectionRefusedError;
    case ECONNRESET: return hpy_h::ConnectionResetError;
    case EEXIST: return hpy_h::FileExistsError;
    case ENOENT: return hpy_h::FileNotFoundError;
    case EISDIR: return hpy_h::IsADirectoryError;
    case ENOTDIR: return hpy_h::NotADirectoryError;
    case EINTR: return hpy_h::InterruptedError;
    case EACCES:
    case EPERM: return hpy_h::PermissionError;
    case ESRCH: return hpy_h::ProcessLookupError;
    case ETIMEDOUT: return hpy_h::TimeoutError;
    default: return HPy_NULL;
  }
}

// Shared by both SetFromErrno* variants: `saved_errno` was read before any
// call that could change it.
HPy set_from_errno(ThreadState *ts, int saved_errno, HPy h_type, napi_value file1, napi_value file2) {
  napi_value type = hpy_value(ts, h_type);
  if (!type) return HPy_NULL;
  if (same_value(ts, type, hpy_h::OSError)) {
    HPy sub = errno_subclass(saved_errno);
    if (!HPy_IsNull(sub) && !(type = hpy_value(ts, sub))) return HPy_NULL;
  }
  // Python says "Error" when errno was never set.
  const char *text = saved_errno ? strerror(saved_errno) : "Error";
  napi_value argv[5];
  argv[0] = type;
  if (napi_create_int32(ts->env, saved_errno, &argv[1]) != napi_ok || !(argv[2] = hpy_string(ts, text))) return HPy_NULL;
  argv[3] = file1;
  argv[4] = file2;
  napi_value err = hpy_call_helper(ts, HELPER_makeErrnoException, 5, argv);
  if (err) hpy_err_set_value(ts, err);
  return HPy_NULL;
}

}  // namespace

HPy hpy_u_Err_SetString(HPyContext *ctx, HPy h_type, const char *utf8_message) {
  HPY_STATE_OR(HPy_NULL);
  hpy_err_raise(ts, h_type, "%s", utf8_message ? utf8_message : "");
  return HPy_NULL;
}

HPy hpy_u_Err_SetObject(HPyContext *ctx, HPy h_type, HPy h_value) {
  HPY_STATE_OR(HPy_NULL);
  napi_value value;
  if (!optional_value(ts, h_value, &value)) return HPy_NULL;
  // makeException keeps an instance of the type as it is, and otherwise
  // builds one with the value as message (non-strings kept on `.value`).
  napi_value err = hpy_helper_value_with(ts, HELPER_makeException, {h_type}, {value});
  if (err) hpy_err_set_value(ts, err);
  return HPy_NULL;
}

HPy hpy_u_Err_SetFromErrnoWithFilename(HPyContext *ctx, HPy h_type, const char *filename_fsencoded) {
  int saved_errno = errno;
  HPY_STATE_OR(HPy_NULL);
  napi_value file = undefined_value(ts);
  // File names are bytes in the file system encoding: decode them like
  // os.fsdecode, so an undecodable name still round-trips.
  if (filename_fsencoded && !(file = hpy_decode_utf8(ts, filename_fsencoded, strlen(filename_fsencoded), "surrogateescape")))
    return HPy_NULL;
  return set_from_errno(ts, saved_errno, h_type, file, undefined_value(ts));
}

HPy hpy_u_Err_SetFromErrnoWithFilenameObjects(HPyContext *ctx, HPy h_type, HPy filename1, HPy filename2) {
  int saved_errno = errno;
  HPY_STATE_OR(HPy_NULL);
  napi_value f1, f2;
  if (!optional_value(ts, filename1, &f1) || !optional_value(ts, filename2, &f2)) return HPy_NULL;
  return set_from_errno(ts, saved_errno, h_type, f1, f2);
}

int hpy_u_Err_Occurred(HPyContext *ctx) {
  HPY_STATE_OR(0);
  return ts->frame.error != nullptr;
}

int hpy_u_Err_ExceptionMatches(HPyContext *ctx, HPy exc) {
  HPY_STATE_OR(0);
  if (!ts->frame.error) return 0;  // as in Python: nothing pending matches nothing
  napi_value pending = ts->frame.error;
  napi_value type = hpy_value(ts, exc);
  if (!type) {
    // Err_ExceptionMatches cannot fail in HPy; an invalid handle matches
    // nothing, and the pending error stays the one the caller is asking about.
    ts->frame.error = pending;
    return 0;
  }
  napi_value argv[2] = {pending, type};
  napi_value r = hpy_call_helper(ts, HELPER_exceptionMatches, 2, argv);
  ts->frame.error = pending;
  bool b = false;
  return r && napi_get_value_bool(ts->env, r, &b) == napi_ok && b;
}

HPy hpy_u_Err_NoMemory(HPyContext *ctx) {
  HPY_STATE_OR(HPy_NULL);
  hpy_err_raise(ts, hpy_h::MemoryError, "out of memory (ctx_Err_NoMemory)");
  return HPy_NULL;
}

void hpy_u_Err_Clear(HPyContext *ctx) {
  HPY_STATE_OR();
  ts->frame.error = nullptr;
}

static HPy new_exception(ThreadState *ts, const char *name, const char *doc, HPy base, HPy dict) {
  if (!name) {
    hpy_err_raise(ts, hpy_h::SystemError, "ctx_Err_NewException: the name is NULL");
    return HPy_NULL;
  }
  napi_value argv[4];
  if (!(argv[0] = hpy_string(ts, name)) || !optional_value(ts, base, &argv[1]) || !optional_value(ts, dict, &argv[2]))
    return HPy_NULL;
  argv[3] = undefined_value(ts);
  if (doc && !(argv[3] = hpy_string(ts, doc))) return HPy_NULL;
  napi_value cls = hpy_call_helper(ts, HELPER_newException, 4, argv);
  return cls ? hpy_new(ts, cls) : HPy_NULL;
}

HPy hpy_u_Err_NewException(HPyContext *ctx, const char *utf8_name, HPy base, HPy dict) {
  HPY_STATE_OR(HPy_NULL);
  return new_exception(ts, utf8_name, nullptr, base, dict);
}

HPy hpy_u_Err_NewExceptionWithDoc(HPyContext *ctx, const char *utf8_name, const char *utf8_doc, HPy base, HPy dict) {
  HPY_STATE_OR(HPy_NULL);
  return new_exception(ts, utf8_name, utf8_doc, base, dict);
}

// A warning is process.emitWarning with the category's name as its type.
// Returns -1 only when emitting throws (node --throw-deprecation turns a
// DeprecationWarning into an exception, like Python's -W error).
int hpy_u_Err_WarnEx(HPyContext *ctx, HPy category, const char *utf8_message, HPy_ssize_t stack_level) {
  HPY_STATE_OR(-1);
  napi_value argv[3];
  if (!optional_value(ts, category, &argv[0])) return -1;
  if (!(argv[1] = hpy_string(ts, utf8_message))) return -1;
  if (napi_create_double(ts->env, double(stack_level), &argv[2]) != napi_ok) return -1;
  return hpy_call_helper(ts, HELPER_warn, 3, argv) ? 0 : -1;
}

// Reports the pending error on stderr and clears it, as Python does for
// errors that have nowhere to go (destructors, callbacks). Without a pending
// error there is nothing to report.
void hpy_u_Err_WriteUnraisable(HPyContext *ctx, HPy obj) {
  HPY_STATE_OR();
  napi_value err = ts->frame.error;
  if (!err) return;
  ts->frame.error = nullptr;
  napi_value argv[2];
  if (!optional_value(ts, obj, &argv[0])) argv[0] = undefined_value(ts);
  argv[1] = err;
  hpy_call_helper(ts, HELPER_writeUnraisable, 2, argv);
  ts->frame.error = nullptr;  // the report itself failing has nowhere to go either
}

// Never returns. It does not wait for the thread state: a fatal error must
// abort on any thread, and returning would let the extension run on past a
// state it declared unrecoverable.
void hpy_u_FatalError(HPyContext *ctx, const char *message) {
  const char *msg = message ? message : "(no message)";
  fprintf(stderr, "Fatal Python error: %s\n", msg);
  fflush(stderr);
  napi_fatal_error("ctx_FatalError", NAPI_AUTO_LENGTH, msg, NAPI_AUTO_LENGTH);
}
