#pragma once
// Handles: how HPy values (JavaScript values here) are named by C code.
//
//   _i == 0                          HPy_NULL
//   1 <= _i <= HPY_CTX_SLOT_COUNT    a context constant (h_None, ...): 1 + slot
//   _i >= HPY_HANDLE_BASE            an entry in the thread's handle table
//
// A handle stays valid until closed. Handles created during a call hold the
// napi_value of that call; when the call returns, the ones still open are
// moved into a persistent JS array, so they stay valid (HPy's promise) at no
// cost to the common case of handles closed before returning.
#include "hpy.h"
#include "thread_state.h"
#include "../engine/engine.h"
#include "../engine/engine_inline.h"

constexpr intptr_t HPY_HANDLE_BASE = 1024;

constexpr HPy hpy_constant_handle(int slot) { return HPy{1 + slot}; }
inline bool hpy_is_constant(HPy h) { return h._i >= 1 && h._i <= HPY_CTX_SLOT_COUNT; }

// Slow paths, in handles.cc.
HPy hpy_handle_grow_and_alloc(ThreadState *ts);
/* Makes a new state's table with its frame slots (kReservedHandles). */
void hpy_handles_init(ThreadState *ts);
napi_value hpy_handle_persistent_value(ThreadState *ts, uint32_t index);
napi_value hpy_constant_value(ThreadState *ts, int slot);
void hpy_handle_close_persistent(ThreadState *ts, uint32_t index);
void hpy_raise_invalid_handle(ThreadState *ts, HPy h, const char *what);

/* A table entry for `entry` that no frame's log records: for a handle the
 * caller closes itself whatever happens (a frame's `self`). */
inline HPy hpy_alloc_unlogged(ThreadState *ts, HandleEntry entry) {
  uint32_t idx = ts->free_head;
  if (__builtin_expect(idx == UINT32_MAX, 0)) {
    HPy h = hpy_handle_grow_and_alloc(ts);
    idx = uint32_t(h._i - HPY_HANDLE_BASE);
  } else {
    ts->free_head = ts->handles[idx].next_free;
  }
  ts->handles[idx] = entry;
  return HPy{HPY_HANDLE_BASE + intptr_t(idx)};
}

/* The first of the current frame's slots (thread_state.h), or
 * kNoFrameSlots when it has none (nested deeper than kSlotFrames). */
inline uint32_t hpy_frame_slots(ThreadState *ts) {
  uint32_t d = ts->slot_depth - 1;
  return d < kSlotFrames ? d * kFrameSlots : kNoFrameSlots;
}

/* Puts `entry` in frame slot `idx` (from hpy_frame_slots) for a handle the
 * frame closes itself, as an unlogged one. */
inline HPy hpy_frame_slot(ThreadState *ts, uint32_t idx, HandleEntry entry) {
  ts->handles[idx] = entry;
  return HPy{HPY_HANDLE_BASE + intptr_t(idx)};
}

/* A handle the current frame closes itself: slot `i` of its block
 * (`slots`, from hpy_frame_slots; 0 is `self`) when it has one, else an
 * unlogged table entry. */
inline HPy hpy_frame_handle(ThreadState *ts, uint32_t slots, size_t i, HandleEntry entry) {
  if (__builtin_expect(slots != kNoFrameSlots && i < kFrameSlots, 1)) return hpy_frame_slot(ts, slots + uint32_t(i), entry);
  return hpy_alloc_unlogged(ts, entry);
}

inline HPy hpy_alloc(ThreadState *ts, HandleEntry entry) {
  HPy h = hpy_alloc_unlogged(ts, entry);
  ts->alloc_log.push_back(uint32_t(h._i - HPY_HANDLE_BASE));
  return h;
}

/* A new handle for a napi_value of the current frame. */
inline HPy hpy_new(ThreadState *ts, napi_value v) {
  HandleEntry e;
  e.value = v;
  e.kind = HandleKind::Value;
  return hpy_alloc(ts, e);
}

/* A new handle for a value held by a napi_ref that outlives the handle. */
inline HPy hpy_new_ref(ThreadState *ts, napi_ref ref) {
  HandleEntry e;
  e.ref = ref;
  e.kind = HandleKind::Ref;
  return hpy_alloc(ts, e);
}

/* A new handle for a JavaScript number, kept unboxed. */
inline HPy hpy_new_number(ThreadState *ts, double d) {
  HandleEntry e;
  e.number = d;
  e.kind = HandleKind::Number;
  return hpy_alloc(ts, e);
}

/* The entry behind a table handle, or nullptr if h is not a live one. */
inline HandleEntry *hpy_entry(ThreadState *ts, HPy h) {
  intptr_t i = h._i - HPY_HANDLE_BASE;
  if (__builtin_expect(size_t(i) >= ts->handle_count, 0)) return nullptr;  // i < 0 too
  HandleEntry *e = ts->handles.data() + i;
  return e->kind == HandleKind::Free ? nullptr : e;
}

/* The JavaScript value of h in the current scope. On an invalid handle it sets
 * an HPy SystemError and returns nullptr. */
inline napi_value hpy_value(ThreadState *ts, HPy h) {
  if (HandleEntry *e = hpy_entry(ts, h)) {
    switch (e->kind) {
      case HandleKind::Value: return e->value;
      case HandleKind::Number: return hpy_engine_number(e->number);
      case HandleKind::Persistent: return hpy_handle_persistent_value(ts, uint32_t(h._i - HPY_HANDLE_BASE));
      case HandleKind::Ref: {
        napi_value v = nullptr;
        napi_get_reference_value(ts->env, e->ref, &v);
        return v;
      }
      case HandleKind::Free: break;
    }
  } else if (hpy_is_constant(h)) {
    return hpy_constant_value(ts, int(h._i - 1));
  }
  hpy_raise_invalid_handle(ts, h, "use");
  return nullptr;
}

/* If h is a JavaScript number, stores it in *out and returns true. Never sets
 * an error. */
inline bool hpy_number(ThreadState *ts, HPy h, double *out) {
  HandleEntry *e = hpy_entry(ts, h);
  if (!e) return false;
  if (e->kind == HandleKind::Number) {
    *out = e->number;
    return true;
  }
  if (e->kind == HandleKind::Value) return hpy_engine_number_value(e->value, out);
  return false;
}

/* Marks entry `e` (index `idx`) free: onto the free list, unless it is a
 * frame slot (thread_state.h), which never joins it. */
inline void hpy_free_entry(ThreadState *ts, HandleEntry *e, uint32_t idx) {
  e->kind = HandleKind::Free;
  if (__builtin_expect(idx < kReservedHandles, 0)) return;
  e->next_free = ts->free_head;
  ts->free_head = idx;
}

/* Frees live entry `e` (index `idx`), which is not a persisted one. */
inline void hpy_release_entry(ThreadState *ts, HandleEntry *e, uint32_t idx) {
  // Handles mostly close last-in first-out: drop the log entry right away so
  // long C loops do not grow the log until the frame ends (a frame slot is
  // never in the log).
  if (ts->alloc_log.size() > ts->frame.log_floor && ts->alloc_log.back() == idx) ts->alloc_log.pop_back();
  hpy_free_entry(ts, e, idx);
}

inline void hpy_close(ThreadState *ts, HPy h) {
  HandleEntry *e = hpy_entry(ts, h);
  if (__builtin_expect(e == nullptr, 0)) {
    // Closing a constant is allowed (HPy_Dup/Close work on any handle); closing
    // NULL is a no-op, as in HPy.
    if (!hpy_is_constant(h) && h._i != 0) hpy_raise_invalid_handle(ts, h, "close");
    return;
  }
  uint32_t idx = uint32_t(h._i - HPY_HANDLE_BASE);
  if (e->kind == HandleKind::Persistent) hpy_handle_close_persistent(ts, idx);
  hpy_release_entry(ts, e, idx);
}

/* Closes a handle made by hpy_alloc_unlogged, if still open (a borrowed
 * argument the extension closed itself, a misuse debug mode reports, is
 * skipped). */
inline void hpy_close_unlogged(ThreadState *ts, HPy h) {
  if (HandleEntry *e = hpy_entry(ts, h)) {
    uint32_t idx = uint32_t(h._i - HPY_HANDLE_BASE);
    if (__builtin_expect(e->kind == HandleKind::Persistent, 0)) hpy_handle_close_persistent(ts, idx);
    hpy_free_entry(ts, e, idx);
  }
}

/* Duplicates a handle: a new handle to the same value. */
inline HPy hpy_dup(ThreadState *ts, HPy h) {
  if (HandleEntry *e = hpy_entry(ts, h)) {
    if (e->kind == HandleKind::Persistent) {
      napi_value v = hpy_handle_persistent_value(ts, uint32_t(h._i - HPY_HANDLE_BASE));
      return v ? hpy_new(ts, v) : HPy_NULL;
    }
    HandleEntry copy = *e;
    return hpy_alloc(ts, copy);
  }
  if (hpy_is_constant(h)) return h;  // constants need no table entry
  hpy_raise_invalid_handle(ts, h, "duplicate");
  return HPy_NULL;
}

/* Called when a frame ends: handles it allocated that are still open move to
 * the persistent array. */
void hpy_handles_end_frame(ThreadState *ts, size_t log_start);
