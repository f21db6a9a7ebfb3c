#pragma once
// The per-call path of debug mode, inlined into every generated wrapper:
// check the context, unwrap each handle argument (two compares and a load
// when it is valid), wrap each result in a fresh debug handle. Anything
// unusual goes to a slow path in debug_handles.cc that names the problem.
#include "debug_state.h"

#define HPY_DEBUG_HOT inline __attribute__((always_inline))

DebugThread *hpy_debug_enter_slow(HPyContext *ctx, int fn_id);
HPy hpy_debug_unwrap_slow(DebugThread *dt, const DebugModule *dm, HPy h, int fn_id);
uint32_t hpy_debug_new_entry(DebugThread *dt);
void hpy_debug_record_stack(DebugThread *dt, uint32_t idx);

/* The thread's debug state, after checking that ctx is the context of the
 * extension call running on this thread (t_debug is never null). */
HPY_DEBUG_HOT DebugThread *hpy_debug_enter(HPyContext *ctx, int fn_id) {
  DebugThread *dt = t_debug;
  if (__builtin_expect(dt->current_ctx == ctx, 1)) return dt;
  return hpy_debug_enter_slow(ctx, fn_id);
}

/* True when h is an open debug handle of module dm on this thread. */
HPY_DEBUG_HOT bool hpy_debug_is_open(DebugThread *dt, const DebugModule *dm, HPy h) {
  uint32_t idx = hpy_debug_index(h._i);
  return idx < dt->entry_count && dt->entries[idx].key == hpy_debug_key(h._i, dm);
}

/* The universal handle behind debug handle h; HPy_NULL (after reporting)
 * when h is closed, stale, foreign or not a handle. */
HPY_DEBUG_HOT HPy hpy_debug_unwrap(DebugThread *dt, const DebugModule *dm, HPy h, int fn_id) {
  if (uintptr_t(h._i) <= uintptr_t(HPY_CTX_SLOT_COUNT)) return h;  // NULL and the constants
  uint32_t idx = hpy_debug_index(h._i);
  if (__builtin_expect(idx < dt->entry_count, 1)) {
    const DebugEntry &e = dt->entries[idx];
    if (__builtin_expect(e.key == hpy_debug_key(h._i, dm), 1)) return e.uh;
  }
  return hpy_debug_unwrap_slow(dt, dm, h, fn_id);
}

/* A fresh debug handle for universal handle uh (HPy_NULL stays HPy_NULL). */
HPY_DEBUG_HOT HPy hpy_debug_open(DebugThread *dt, const DebugModule *dm, HPy uh) {
  if (uh._i == 0) return uh;
  uint32_t idx = dt->free_head;
  if (__builtin_expect(idx != kDebugNone, 1)) dt->free_head = dt->entries[idx].next;
  else idx = hpy_debug_new_entry(dt);  // grows the table
  DebugEntry &e = dt->entries[idx];
  intptr_t self = e.self;  // set when the entry was made or last recycled
  e.key = hpy_debug_key(self, dm);
  e.uh = uh;
  e.serial = ++dt->serial;
  e.state = DebugEntryState::Open;
  if (__builtin_expect(dt->stack_limit > 0, 0)) hpy_debug_record_stack(dt, idx);
  return HPy{self};
}

void hpy_debug_close_extra(DebugThread *dt, uint32_t idx);
void hpy_debug_retire_extra(DebugThread *dt, uint32_t idx);

/* The entry leaves the closed-handles queue for good: its next use gets
 * another handle value. */
HPY_DEBUG_HOT void hpy_debug_retire(DebugThread *dt, uint32_t idx) {
  DebugEntry &e = dt->entries[idx];
  if (__builtin_expect(e.has_extra, 0)) hpy_debug_retire_extra(dt, idx);
  e.self = hpy_debug_next_use(e.self);
  e.key = 0;
  e.uh = HPy_NULL;
  e.state = DebugEntryState::Free;
  e.next = dt->free_head;
  dt->free_head = idx;
}

/* Closes open entry idx (already checked): it joins the closed-handles
 * queue (appended; the oldest leave in batches, hpy_debug_closed_batch); its
 * raw data becomes unreadable. The universal handle it wraps is left to the
 * caller. */
void hpy_debug_closed_batch(DebugThread *dt, uint32_t idx);

HPY_DEBUG_HOT void hpy_debug_close_entry(DebugThread *dt, uint32_t idx) {
  DebugEntry &e = dt->entries[idx];
  e.key ^= 1;
  e.state = DebugEntryState::Closed;
  if (__builtin_expect(e.has_extra, 0)) hpy_debug_close_extra(dt, idx);
  size_t n = dt->closed_len;
  if (__builtin_expect(n < dt->closed_cap, 1)) {
    dt->closed.data()[n] = idx;
    dt->closed_len = n + 1;
    return;
  }
  hpy_debug_closed_batch(dt, idx);
}
