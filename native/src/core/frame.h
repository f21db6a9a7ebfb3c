#pragma once
// A frame is one call from JavaScript into extension code. It scopes handles
// (those still open at its end are persisted) and the error indicator (saved
// and restored, so a nested call sees a clean one), and turns the extension's
// result into a JavaScript value or exception.
#include "hpy.h"
#include "handles.h"
#include "thread_state.h"
#include "extension_call.h"

struct Frame {
  ThreadState *ts;
  size_t log_start;
  size_t scratch_start;
  napi_value saved_error;
  napi_value saved_hook_error;
  uint64_t saved_hook_errors_dropped;
  size_t saved_log_floor;
  uint32_t saved_unscoped_hook_calls;
  LeftExecution saved_left;
  uint32_t saved_calls_base;
  // The handle of the call's `self` (hpy_frame_self), closed when the frame
  // ends. It is not in the handle log, so a frame whose other handles were
  // all closed finds its part of the log empty and skips persisting.
  HPy self = HPy_NULL;
};

inline Frame hpy_frame_begin(ThreadState *ts) {
  Frame f{ts,
          ts->alloc_log.size(),
          ts->scratch.size(),
          ts->error,
          ts->hook_error,
          ts->hook_errors_dropped,
          ts->log_floor,
          ts->unscoped_hook_calls,
          ts->left,
          ts->frame_calls_base};
  ts->log_floor = f.log_start;
  ts->error = nullptr;
  ts->hook_error = nullptr;
  ts->hook_errors_dropped = 0;
  ts->unscoped_hook_calls = 0;
  // A call made while an outer one has left Python execution (from a trace
  // hook) is a call of its own: HPy calls work in it.
  ts->left = LeftExecution{};
  ts->frame_calls_base = hpy_extension_calls();
  ts->frame_depth++;
  return f;
}

/* A handle for `self`, the receiver of the call, that the frame owns: it
 * stays valid for the whole call (unless the extension closes it) and is
 * closed when the frame ends, never persisted. */
inline HPy hpy_frame_self(Frame &f, napi_value self) {
  HandleEntry e;
  e.value = self;
  e.kind = HandleKind::Value;
  return f.self = hpy_alloc_unlogged(f.ts, e);
}

/* hpy_frame_self for a receiver held by a reference (a module object),
 * resolved only if the extension looks at it. */
inline HPy hpy_frame_self_ref(Frame &f, napi_ref self) {
  HandleEntry e;
  e.ref = self;
  e.kind = HandleKind::Ref;
  return f.self = hpy_alloc_unlogged(f.ts, e);
}

/* Closes the handle scope the frame at ts->frame_depth opened for itself,
 * if it did, carrying `keep` (the frame's result or exception) out of it;
 * returns keep as valid in the caller's scope. Set by the layer that opens
 * such scopes (universal/frame_scopes.cc). */
using FrameScopeCloser = napi_value (*)(ThreadState *ts, napi_value keep);
void hpy_set_frame_scope_closer(FrameScopeCloser closer);

/* Memory for C that lives until the current frame ends (strings returned by
 * HPyUnicode_AsUTF8AndSize, ...). */
char *hpy_scratch_alloc(ThreadState *ts, size_t size);

/* The same, always a block of its own: the last entry of ts->scratch. */
char *hpy_scratch_block(ThreadState *ts, size_t size);

/* Ends the frame. `result` is the extension's return value (closed here, as
 * is f.self if still open);
 * `what` names the function for error messages ("snippets.add"). Returns the
 * JavaScript value, or nullptr after throwing the error. */
napi_value hpy_frame_end(Frame &f, HPy result, const char *what);

/* Ends a frame whose C function returns an int status (0 ok, -1 error), such
 * as a module's HPy_mod_exec slot. Returns false after throwing. */
bool hpy_frame_end_status(Frame &f, int status, const char *what);
