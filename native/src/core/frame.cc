#include "frame.h"
#include <cstdio>
#include <cstdlib>
#include "errors.h"
#include "handles.h"
#include "hook_error.h"

char *hpy_scratch_block(ThreadState *ts, size_t size) {
  char *p = static_cast<char *>(malloc(size ? size : 1));
  if (p) ts->scratch.push_back(p);
  return p;
}

// A malloc and a free per small block (a UTF-8 copy of a short string in a
// C loop) cost more than the copy itself: small blocks are carved from
// chunks instead, each chunk one scratch block freed with the frame.
constexpr size_t kScratchSmall = 256;
constexpr size_t kScratchChunk = 16384;

char *hpy_scratch_alloc(ThreadState *ts, size_t size) {
  if (size > kScratchSmall) return hpy_scratch_block(ts, size);
  size_t need = (size + 8) & ~size_t(7);  // at least 8, and 8-aligned
  if (size_t(ts->scratch_end - ts->scratch_next) < need) {
    char *chunk = hpy_scratch_block(ts, kScratchChunk);
    if (!chunk) return nullptr;
    ts->scratch_next = chunk;
    ts->scratch_end = chunk + kScratchChunk;
    ts->scratch_chunk = ts->scratch.size() - 1;
  }
  char *p = ts->scratch_next;
  ts->scratch_next += need;
  return p;
}

__attribute__((noinline)) static void free_scratch(ThreadState *ts, size_t start) {
  for (size_t i = start; i < ts->scratch.size(); i++) free(ts->scratch[i]);
  ts->scratch.resize(start);
  // The chunk being carved was this frame's: an outer frame starts a new one.
  if (ts->scratch_next && ts->scratch_chunk >= start) ts->scratch_next = ts->scratch_end = nullptr;
}

static FrameScopeCloser g_scope_closer = nullptr;
void hpy_set_frame_scope_closer(FrameScopeCloser closer) { g_scope_closer = closer; }

// Most frames end with every handle they made closed (their log part is
// empty again) and no scratch memory: those two checks are all they pay.
// Returns `keep`, valid in the caller's handle scope.
__attribute__((always_inline)) static inline napi_value leave(Frame &f, napi_value keep) {
  ThreadState *ts = f.ts;
  if (ts->alloc_log.size() != f.log_start) hpy_handles_end_frame(ts, f.log_start);
  if (ts->scratch.size() != f.scratch_start) free_scratch(ts, f.scratch_start);
  for (int i = 0; i < 2; i++) {
    if (ts->hook_value_depth[i] == ts->frame_depth) ts->hook_value[i] = nullptr;
  }
  // The handles persisted above were read from the scope this closes.
  if (__builtin_expect(ts->open_frame_scopes != 0, 0) && g_scope_closer) keep = g_scope_closer(ts, keep);
  // What is left is a plain frame's end (frame.h): `self`, which is not in
  // the log, and the caller's state back.
  hpy_frame_leave_plain(f);
  return keep;
}

static napi_value new_system_error(ThreadState *ts, const char *message, napi_value cause) {
  ts->frame.error = nullptr;
  hpy_err_raise(ts, hpy_h::SystemError, "%s", message);
  napi_value err = ts->frame.error;
  if (cause) napi_set_named_property(ts->env, err, "cause", cause);
  return err;
}

// The exception to throw at the end of a frame, or nullptr if there is none.
// `failed` says the extension returned its failure value.
__attribute__((noinline)) static napi_value frame_exception_slow(ThreadState *ts, bool failed, const char *what) {
  char msg[512];
  if (ts->frame.hook_error) return hpy_hook_error_for_caller(ts);  // a throwing trace hook wins: the user's own code failed
  if (failed) {
    if (ts->frame.error) return ts->frame.error;
    snprintf(msg, sizeof msg, "%s returned an error result without setting an exception (HPyErr_SetString was not called)", what);
    return new_system_error(ts, msg, nullptr);
  }
  if (ts->frame.error) {
    snprintf(msg, sizeof msg, "%s returned a result with an exception set (see its cause); it should have returned HPy_NULL",
             what);
    return new_system_error(ts, msg, ts->frame.error);
  }
  return nullptr;
}

// The common case (a result, no error, no hook error) without the message
// buffer of the slow path on the stack.
static inline napi_value frame_exception(ThreadState *ts, bool failed, const char *what) {
  if (__builtin_expect(!failed && !ts->frame.error && !ts->frame.hook_error, 1)) return nullptr;
  return frame_exception_slow(ts, failed, what);
}

// An extension function that returns between HPy_LeavePythonExecution and
// HPy_ReenterPythonExecution fails with a SystemError (any error it had set
// is its cause), and the frame gets its depth back.
__attribute__((noinline)) static void report_returned_while_left(ThreadState *ts, const char *what) {
  ts->frame_depth = ts->frame.left.depth;
  ts->frame.left.depth = 0;
  char msg[512];
  snprintf(msg, sizeof msg,
           "%s returned without calling HPy_ReenterPythonExecution after HPy_LeavePythonExecution (every "
           "HPy_BEGIN_LEAVE_PYTHON needs its HPy_END_LEAVE_PYTHON before the function returns)",
           what);
  new_system_error(ts, msg, ts->frame.error);
}

static inline bool returned_while_left(ThreadState *ts, const char *what) {
  if (__builtin_expect(ts->frame.left.depth == 0, 1)) return false;
  report_returned_while_left(ts, what);
  return true;
}

// `number`: where a number result may go instead (hpy_frame_end_engine),
// or null.
__attribute__((always_inline)) static inline napi_value frame_end(Frame &f, HPy result, const char *what, double *number) {
  ThreadState *ts = f.ts;
  // The common end: a live handle to a value of this frame (or an unboxed
  // number), no exception, nothing left: one lookup serves the value and
  // the close.
  if (HandleEntry *e = hpy_entry(ts, result);
      __builtin_expect(e && (e->kind == HandleKind::Value || e->kind == HandleKind::Number) && !ts->frame.error &&
                           !ts->frame.hook_error && ts->frame.left.depth == 0,
                       1)) {
    napi_value out = nullptr;
    if (e->kind == HandleKind::Value) out = e->value;
    // A frame scope to close must escape a real value (leave()).
    else if (number && ts->open_frame_scopes == 0) *number = e->number, out = kEngineNumberResult;
    else out = hpy_engine_number(e->number);
    hpy_release_entry(ts, e, uint32_t(result._i - HPY_HANDLE_BASE));
    return leave(f, out);
  }
  napi_value out = nullptr;
  bool left = returned_while_left(ts, what);
  napi_value exc = frame_exception(ts, left || HPy_IsNull(result), what);
  if (!exc) {
    out = hpy_value(ts, result);
    if (!out) exc = ts->frame.error;  // the result was not a valid handle
  }
  if (!HPy_IsNull(result)) {
    napi_value saved = ts->frame.error;
    hpy_close(ts, result);
    ts->frame.error = saved;
  }
  if (exc) {
    exc = leave(f, exc);
    napi_throw(ts->env, exc);
    return nullptr;
  }
  return leave(f, out);
}

napi_value hpy_frame_end(Frame &f, HPy result, const char *what) { return frame_end(f, result, what, nullptr); }

napi_value hpy_frame_end_engine_slow(Frame &f, HPy result, const char *what, const EngineCall &call) {
  return frame_end(f, result, what, &call.number);
}

bool hpy_frame_end_status_slow(Frame &f, int status, const char *what) {
  ThreadState *ts = f.ts;
  napi_value exc = leave(f, frame_exception(ts, status != 0, what));
  if (exc) napi_throw(ts->env, exc);
  return exc == nullptr;
}
