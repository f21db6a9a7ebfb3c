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
void hpy_debug_record_stack(DebugThread *dt, DebugEntry *e);

/* The thread's debug state, after checking that ctx is the context of the
 * extension call running on this thread. */
HPY_DEBUG_HOT DebugThread *hpy_debug_enter(HPyContext *ctx, int fn_id) {
  DebugThread *dt = t_debug;
  if (__builtin_expect(dt != nullptr && dt->current_ctx == ctx, 1)) return dt;
  return hpy_debug_enter_slow(ctx, fn_id);
}

/* The universal handle behind debug handle h; HPy_NULL (after reporting)
 * when h is closed, stale, foreign or not a handle. */
HPY_DEBUG_HOT HPy hpy_debug_unwrap(DebugThread *dt, const DebugModule *dm, HPy h, int fn_id) {
  if (uintptr_t(h._i) <= uintptr_t(HPY_CTX_SLOT_COUNT)) return h;  // NULL and the constants
  uint32_t idx = hpy_debug_index(h._i);
  if (__builtin_expect(idx < dt->entries.size(), 1)) {
    const DebugEntry &e = dt->entries[idx];
    if (__builtin_expect(e.self == h._i && e.state == DebugEntryState::Open && e.owner == dm->id, 1)) return e.uh;
  }
  return hpy_debug_unwrap_slow(dt, dm, h, fn_id);
}

inline void hpy_debug_list_append(DebugThread *dt, DebugList &list, uint32_t idx) {
  DebugEntry &e = dt->entries[idx];
  e.prev = list.tail;
  e.next = kDebugNone;
  if (list.tail != kDebugNone) dt->entries[list.tail].next = idx;
  else list.head = idx;
  list.tail = idx;
  list.size++;
}

inline void hpy_debug_list_remove(DebugThread *dt, DebugList &list, uint32_t idx) {
  DebugEntry &e = dt->entries[idx];
  if (e.prev != kDebugNone) dt->entries[e.prev].next = e.next;
  else list.head = e.next;
  if (e.next != kDebugNone) dt->entries[e.next].prev = e.prev;
  else list.tail = e.prev;
  e.prev = e.next = kDebugNone;
  list.size--;
}

/* A fresh debug handle for universal handle uh (HPy_NULL stays HPy_NULL). */
HPY_DEBUG_HOT HPy hpy_debug_open(DebugThread *dt, const DebugModule *dm, HPy uh) {
  if (uh._i == 0) return uh;
  uint32_t idx = dt->free_head;
  if (__builtin_expect(idx != kDebugNone, 1)) dt->free_head = dt->entries[idx].next;
  else idx = hpy_debug_new_entry(dt);  // grows the table
  DebugEntry &e = dt->entries[idx];
  e.self = hpy_debug_value(kDebugHandleTag, dt->env_tag, idx, e.reuse);
  e.uh = uh;
  e.owner = dm->id;
  e.state = DebugEntryState::Open;
  e.generation = dt->generation;
  if (__builtin_expect(dt->stack_limit > 0, 0)) hpy_debug_record_stack(dt, &e);
  hpy_debug_list_append(dt, dt->open, idx);
  return HPy{e.self};
}
