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
  intptr_t self = hpy_debug_next_use(e.self);
  e.self = self;
  e.key = hpy_debug_key(self, dm);
  e.uh = uh;
  e.serial = ++dt->serial;
  e.state = DebugEntryState::Open;
  if (__builtin_expect(dt->stack_limit > 0, 0)) hpy_debug_record_stack(dt, idx);
  return HPy{self};
}

void hpy_debug_close_slow(DebugThread *dt, uint32_t idx);

/* Closes open entry idx (already checked): its handle joins the
 * closed-handles queue and the entry the free list (or, with raw data or a
 * stack, waits until its handle leaves the queue: the raw data becomes
 * unreadable meanwhile). The universal handle it wraps is left to the
 * caller. */
HPY_DEBUG_HOT void hpy_debug_close_entry(DebugThread *dt, uint32_t idx) {
  DebugEntry &e = dt->entries[idx];
  size_t n = dt->closed_len;
  if (__builtin_expect(!e.has_extra && n < dt->closed_cap, 1)) {
    uintptr_t key = e.key ^ 1;
    e.key = key;
    e.state = DebugEntryState::Closed;
    e.next = dt->free_head;
    dt->free_head = idx;
    DebugClosed &c = dt->closed.data()[n];
    c.self = e.self;
    c.key = key;
    c.serial = e.serial;
    dt->closed_len = n + 1;
    return;
  }
  hpy_debug_close_slow(dt, idx);
}
