#pragma once
// A frame is one call from JavaScript into extension code. It scopes handles
// (those still open at its end are persisted) and the error indicator (saved
// and restored, so a nested call sees a clean one), and turns the extension's
// result into a JavaScript value or exception.
#include "hpy.h"
#include "handles.h"
#include "autogen_handles.h"
#include "thread_state.h"
#include "extension_call.h"

struct Frame {
  ThreadState *ts;
  size_t log_start;
  size_t scratch_start;
  FrameState saved;  // the caller's, put back when this frame ends
  // The handle of the call's `self` (hpy_frame_self), closed when the frame
  // ends. It is not in the handle log, so a frame whose other handles were
  // all closed finds its part of the log empty and skips persisting.
  HPy self = HPy_NULL;
  // The first of this frame's slots (hpy_frame_slots): `self` in the first,
  // the arguments after it (core/call_args.h).
  uint32_t slots = kNoFrameSlots;
};

inline Frame hpy_frame_begin(ThreadState *ts) {
  Frame f{ts, ts->alloc_log.size(), ts->scratch.size(), ts->frame};
  // A fresh state: no error, and a call made while an outer one has left
  // Python execution (from a trace hook) is a call of its own, in which HPy
  // calls work.
  ts->frame = FrameState{};
  ts->frame.log_floor = f.log_start;
  ts->frame.calls_base = hpy_extension_calls();
  ts->frame_depth++;
  ts->slot_depth++;
  f.slots = hpy_frame_slots(ts);
  return f;
}

/* A handle for `self`, the receiver of the call, that the frame owns: it
 * stays valid for the whole call (unless the extension closes it) and is
 * closed when the frame ends, never persisted. */
inline HPy hpy_frame_self(Frame &f, napi_value self) {
  HandleEntry e;
  e.value = self;
  e.kind = HandleKind::Value;
  return f.self = hpy_frame_handle(f.ts, f.slots, 0, e);
}

/* hpy_frame_self for a receiver held by a reference (a module object),
 * resolved only if the extension looks at it. */
inline HPy hpy_frame_self_ref(Frame &f, napi_ref self) {
  HandleEntry e;
  e.ref = self;
  e.kind = HandleKind::Ref;
  return f.self = hpy_frame_handle(f.ts, f.slots, 0, e);
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

/* The general part of hpy_frame_end_engine, in frame.cc. */
napi_value hpy_frame_end_engine_slow(Frame &f, HPy result, const char *what, const EngineCall &call);

/* Whether the frame has nothing to undo but its own state: no error, no
 * scratch memory, no hook value resolved in it, no handle scope of its own,
 * and no handle in its log past `log_size`. */
inline bool hpy_frame_is_plain(const Frame &f, size_t log_size) {
  const ThreadState *ts = f.ts;
  return ts->alloc_log.size() == log_size && ts->scratch.size() == f.scratch_start && !ts->frame.error && !ts->frame.hook_error &&
         ts->frame.left.depth == 0 && ts->open_frame_scopes == 0 && ts->hook_value_depth[0] != ts->frame_depth &&
         ts->hook_value_depth[1] != ts->frame_depth;
}

/* The end every frame has, after whatever else it had to undo (leave() in
 * frame.cc) or when it was plain (hpy_frame_is_plain, its result already
 * taken care of): `self` closed, the caller's state back. */
inline void hpy_frame_leave_plain(Frame &f) {
  ThreadState *ts = f.ts;
  if (!HPy_IsNull(f.self)) hpy_close_unlogged(ts, f.self);
  ts->frame_depth--;
  ts->slot_depth--;
  ts->frame = f.saved;
}

/* hpy_frame_end for a callback of the engine's trampoline (engine.h) that
 * returns what this returns: a number result may come back as
 * kEngineNumberResult with the number in call.number, None, True and False
 * as the trampoline's own results. Inline for the end most calls from
 * JavaScript have: the result is a constant or the one handle the frame
 * still has open, a value or a number, and the frame is otherwise plain.
 * Anything else takes the general end. */
__attribute__((always_inline)) inline napi_value hpy_frame_end_engine(Frame &f, HPy result, const char *what,
                                                                      const EngineCall &call) {
  ThreadState *ts = f.ts;
  size_t idx = size_t(result._i - HPY_HANDLE_BASE);  // a constant or NULL: huge
  napi_value out = nullptr;
  if (idx < ts->handle_count) {
    HandleEntry *e = ts->handles.data() + idx;
    if (!((e->kind == HandleKind::Value || e->kind == HandleKind::Number) && hpy_frame_is_plain(f, f.log_start + 1) &&
          ts->alloc_log.back() == idx))
      return hpy_frame_end_engine_slow(f, result, what, call);
    out = e->value;
    if (e->kind == HandleKind::Number) {
      call.number = e->number;
      out = kEngineNumberResult;
    }
    ts->alloc_log.pop_back();
    hpy_free_entry(ts, e, uint32_t(idx));
  } else {
    if (result._i == hpy_h::None._i) out = kEngineUndefinedResult;
    else if (result._i == hpy_h::True._i) out = kEngineTrueResult;
    else if (result._i == hpy_h::False._i) out = kEngineFalseResult;
    if (!out || !hpy_frame_is_plain(f, f.log_start)) return hpy_frame_end_engine_slow(f, result, what, call);
  }
  hpy_frame_leave_plain(f);
  return out;
}

/* The general part of hpy_frame_end_status, in frame.cc. */
bool hpy_frame_end_status_slow(Frame &f, int status, const char *what);

/* Ends a frame whose C function returns an int status (0 ok, -1 error), such
 * as a module's HPy_mod_exec slot. Returns false after throwing. Inline for
 * a success in a plain frame. */
inline bool hpy_frame_end_status(Frame &f, int status, const char *what) {
  if (__builtin_expect(status == 0 && hpy_frame_is_plain(f, f.log_start), 1)) {
    hpy_frame_leave_plain(f);
    return true;
  }
  return hpy_frame_end_status_slow(f, status, what);
}
