// A C function that loops over HPy calls in one frame, making and closing
// handles, leaves every value it made in the frame's V8 handle scope: an
// HPy_Close frees the handle, not V8's local behind it, so nothing is
// collected until the function returns, and every scavenge copies it all
// (a loop of 10^6 tuples ran 4x slower than the same loop in chunks of
// 1000; BENCHMARKS.md, "Frames that free what they made").
//
// So every ts->close_budget closes the frame's live values (its open
// handles, its pending exception) move to a handle scope the frame opens
// for itself, and the old scope with everything else in it is dropped. The
// first time there is nothing to drop: the scope V8 opened for the call
// cannot be closed early, so the frame opens its own and later ones replace
// it. The frame closes it when it ends (core/frame.cc).
//
// Only a value named by something the move rewrites may live in that scope
// across an HPy_Close: handles, ts->frame.error, ts->frame.hook_error, the instance a
// constructor's HPy_New made (PendingConstruction::made), the trace hooks'
// cached functions (dropped, resolved again). Host code that holds a
// napi_value while it runs extension code (a slot called from C in the
// caller's frame, slot_calls.cc) is why the move waits for the frame's own
// C function to be the only extension code running.
#include "frame_scopes.h"
#include <algorithm>
#include <vector>
#include "../core/extension_call.h"
#include "../core/frame.h"
#include "../engine/engine.h"
#include "types/types.h"

namespace {

napi_value close_frame_scope(ThreadState *ts, napi_value keep) {
  size_t depth = size_t(ts->frame_depth);
  if (depth >= ts->frame_scopes.size() || !ts->frame_scopes[depth].open) return keep;
  FrameScopeSlot &s = ts->frame_scopes[depth];
  s.open = false;
  ts->open_frame_scopes--;
  return hpy_engine_scope_close(s.bytes, keep);
}

struct RegisterCloser {
  RegisterCloser() { hpy_set_frame_scope_closer(close_frame_scope); }
} register_closer;

}  // namespace

void hpy_frame_compact(ThreadState *ts) {
  ts->close_budget = kFrameCloseBudget;
  int depth = ts->frame_depth;
  // Outside any frame, between Leave/ReenterPythonExecution, or inside a
  // slot the frame's C function called (its caller holds napi_values).
  if (depth <= 0 || ts->frame.left.depth != 0 || hpy_extension_calls() != ts->frame.calls_base + 1) return;
  if (ts->frame_scopes.size() <= size_t(depth)) ts->frame_scopes.resize(size_t(depth) + 1, FrameScopeSlot{{}, false});
  FrameScopeSlot &s = ts->frame_scopes[size_t(depth)];

  thread_local std::vector<napi_value *> slots;
  thread_local std::vector<bool> seen;
  slots.clear();
  if (seen.size() < ts->handles.size()) seen.resize(ts->handles.size());
  // The frame's part of the log names every handle it made that is still
  // open, and also handles closed out of order (only the last one made is
  // dropped at its close) and indices made again since: it is rewritten to
  // the open Values, once each, so that neither it nor the moves grow with
  // the loop. (Only Values need it: the frame's end persists those.)
  std::vector<uint32_t> &log = ts->alloc_log;
  size_t kept = ts->frame.log_floor;
  for (size_t i = ts->frame.log_floor; i < log.size(); i++) {
    uint32_t index = log[i];
    HandleEntry &e = ts->handles[index];
    if (e.kind != HandleKind::Value || seen[index]) continue;
    seen[index] = true;
    log[kept++] = index;
    slots.push_back(&e.value);
  }
  log.resize(kept);
  for (size_t i = ts->frame.log_floor; i < kept; i++) seen[log[i]] = false;
  if (ts->frame.error) slots.push_back(&ts->frame.error);
  if (ts->frame.hook_error) slots.push_back(&ts->frame.hook_error);
  if (PendingConstruction *p = hpy_pending_construction(); p && p->made && p->frame_depth == depth) slots.push_back(&p->made);
  for (int i = 0; i < 2; i++)
    if (ts->hook_value_depth[i] == depth) ts->hook_value[i] = nullptr;

  bool was_open = s.open;
  hpy_engine_scope_renew(s.bytes, was_open, slots.data(), slots.size());
  if (!was_open) {
    s.open = true;
    ts->open_frame_scopes++;
  }
  // Each move costs about the live values it carries: wait for at least
  // four times as many closes, so a frame holding many handles open pays
  // little per close.
  ts->close_budget = uint32_t(std::max<size_t>(kFrameCloseBudget, 4 * slots.size()));
}
